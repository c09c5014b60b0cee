// Transcripts as real tools and archives write them: mission/archive logs, podcast and Markdown exports,
// SRT/SBV/WebVTT from real exporters, text without paragraphs, binary data pasted as text. Each case says
// what a careful human editor would read from the file, and what the user must be told.
#include <cstdio>
#include <string>
#include <vector>

#include "core/summary.h"
#include "core/text_util.h"
#include "core/transcript.h"
#include "core/utf8.h"
#include "doctest/doctest.h"
#include "test_util.h"
#include "transcript_test_util.h"

using namespace tp;

namespace {
bool HasWarning(const Transcript& t, const std::string& needle) {
  for (const auto& w : t.warnings)
    if (w.find(needle) != std::string::npos) return true;
  return false;
}
std::string AllText(const Transcript& t) {
  std::string all;
  for (const Turn& turn : t.turns) all += turn.text + "\n";
  return all;
}
using test::Field;
using test::Labels;
}  // namespace

TEST_CASE("mission transcript: time lines date the next turn, bookkeeping and markup are not speech") {
  const Transcript t = ParseTranscript(test::Fixture("transcripts/mission_spacelog.txt"));
  CHECK(t.format == TranscriptFormat::Speaker);
  REQUIRE(t.turns.size() == 12);
  for (const Turn& turn : t.turns) {
    CAPTURE(turn.id);
    CHECK(turn.start >= 0);          // every turn has its time
    CHECK_FALSE(turn.speaker.empty());
  }
  CHECK(t.turns[0].speaker == "CDR");
  CHECK(t.turns[0].text == "Roger. Clock.");
  CHECK(t.turns[0].start == 4);
  CHECK(t.turns[3].text == "Stand by the S-IVB to COI capability.");
  CHECK(t.turns[5].text == "SECO. We are showing 101.4 by 103.6.");
  // The indented line continues the LMP's turn; "Panel 5" is not a speaker.
  CHECK(t.turns[7].speaker == "LMP");
  CHECK(t.turns[7].text == "We're going through the cabin checklist now; the ECLSS readings are nominal. Panel 5: all circuit "
                           "breakers in, and the fans are on.");
  CHECK(t.turns[7].start == 2 * 86400 + 8 * 3600 + 12 * 60 + 40);
  CHECK(t.turns[10].text == "Apollo 11, we're standing by for your entry at 195 hours 3 minutes.");
  // Speakers who talk once (CT, RECOVERY) are speakers.
  CHECK(Labels(t) == std::vector<std::string>{"CDR", "CC", "CMP", "LMP", "CT", "RECOVERY"});
  CHECK(t.turns[11].speaker == "RECOVERY");
  CHECK(t.meta.duration_sec == doctest::Approx(5 * 86400 + 23 * 3600 + 59 * 60 + 10 - 4 + 4));
  CHECK(Field(t, "page") == "1 \xE2\x80\x93 3");
  CHECK(Field(t, "tape") == "Tape 1/1 \xE2\x80\x93 Tape 2/1");
  CHECK(AllText(t).find("_page") == std::string::npos);
  CHECK(AllText(t).find("[glossary") == std::string::npos);
  CHECK(t.turns[0].source_line == 4);
}

TEST_CASE("mission transcript in Chinese") {
  const Transcript t = ParseTranscript(test::Fixture("transcripts/mission_zh.txt"));
  REQUIRE(t.turns.size() == 6);
  CHECK(Labels(t) == std::vector<std::string>{"指令长", "北京", "着陆场"});
  CHECK(t.turns[2].text == "整流罩分离，看到地球了。舱内一切正常。");
  CHECK(t.turns[5].start == 86400 + 21 * 3600 + 5 * 60 + 40);
  CHECK(t.meta.language == "zh");
  CHECK(Field(t, "page") == "1 \xE2\x80\x93 2");
}

TEST_CASE("podcast export: \"Name (Host):\" and \"Host:\" are one speaker, shown with the alias") {
  const Transcript t = ParseTranscript(test::Fixture("transcripts/podcast_hwhap.txt"));
  CHECK(t.format == TranscriptFormat::Speaker);
  CHECK(Labels(t) == std::vector<std::string>{"Gary Jordan", "Kenny Todd"});
  REQUIRE(t.speakers.size() == 2);
  CHECK(t.speakers[0].role == "host");
  CHECK(t.speakers[0].aliases == std::vector<std::string>{"Host"});
  CHECK(t.speakers[0].turns == 5);
  CHECK(HasWarning(t, "\xE2\x80\x9CHost\xE2\x80\x9D and \xE2\x80\x9CGary Jordan (host)\xE2\x80\x9D were read as one speaker"));
  for (const Turn& turn : t.turns) CHECK(turn.speaker != "Host");
  REQUIRE(t.FindSpeaker("Host") != nullptr);
  CHECK(t.FindSpeaker("Host")->label == "Gary Jordan");
  // The roster the UI and automation API show carries the alias.
  const nlohmann::json summary = TranscriptSummaryJson(t);
  CHECK(summary["speakers"][0]["aliases"][0] == "Host");
}

TEST_CASE("Markdown export: front matter and headings become metadata; bidi marks do not split a speaker") {
  const Transcript t = ParseTranscript(test::Fixture("transcripts/podcast_zh.md"));
  CHECK(t.format == TranscriptFormat::Speaker);
  CHECK(t.meta.title == "大模型与实时数据");
  CHECK(t.meta.date == "2025-03-02");
  CHECK(t.meta.source_url == "https://example.com/episodes/42");
  CHECK(Field(t, "Transcription Model") == "whisper-large-v3");
  CHECK(Field(t, "Video Keywords") == "大模型, 数据中心");
  CHECK(Field(t, "file") == "episode42.wav");
  CHECK(Field(t, "heading") == "转录：episode42.wav");
  CHECK(Labels(t) == std::vector<std::string>{"张伟", "李娜"});
  REQUIRE(t.speakers.size() == 2);
  CHECK(t.speakers[0].aliases == std::vector<std::string>{"主持人"});
  CHECK(t.speakers[1].turns == 3);
  REQUIRE(t.turns.size() == 6);
  const std::string all = AllText(t);
  CHECK(all.find("whisper-large-v3") == std::string::npos);
  CHECK(all.find("转录") == std::string::npos);
  CHECK(all.find("第二部分") == std::string::npos);
  CHECK(HasWarning(t, "Line 1: front matter (5 fields)"));
  CHECK(HasWarning(t, "2 Markdown headings"));
  CHECK(t.turns[0].source_line == 13);
}

TEST_CASE("one long line is divided into paragraph-sized turns at sentence ends") {
  const std::string src = test::Fixture("transcripts/whisper_oneline.txt");
  const Transcript t = ParseTranscript(src);
  REQUIRE(t.turns.size() >= 3);
  std::string joined;
  for (const Turn& turn : t.turns) {
    CHECK(EstimateTokens(turn.text) <= 260);
    CHECK((text::EndsSentence(turn.text) || &turn == &t.turns.back()));
    joined += (joined.empty() ? "" : " ") + turn.text;
  }
  CHECK(joined + "\n" == src);   // nothing dropped, nothing added
  CHECK(t.turns.back().id == (int)t.turns.size());
  CHECK(HasWarning(t, "divided at sentence ends"));
}

TEST_CASE("many short unlabelled lines are grouped into paragraphs at line ends") {
  const std::string src = test::Fixture("transcripts/whisper_lines_zh.txt");
  const Transcript t = ParseTranscript(src);
  REQUIRE(t.turns.size() >= 3);
  REQUIRE(t.turns.size() <= 10);
  std::string joined, expected;
  for (const Turn& turn : t.turns) {
    CHECK(turn.text.size() <= 1200);
    joined += turn.text;
  }
  for (std::string_view line : text::SplitLines(src)) expected += std::string(line);
  CHECK(joined == expected);
  CHECK(t.meta.language == "zh");
}

TEST_CASE("Whisper's bracketed console lines: times kept, paragraphs at pauses") {
  const Transcript t = ParseTranscript(test::Fixture("transcripts/whisper_timestamped.txt"));
  REQUIRE(t.turns.size() == 2);   // a 15-second pause separates the two paragraphs
  CHECK(t.turns[0].start == 0);
  CHECK(t.turns[0].end == doctest::Approx(16.0));
  CHECK(t.turns[0].text.find("So today I want to talk") == 0);
  CHECK(t.turns[1].start == 31);
  CHECK(AllText(t).find("-->") == std::string::npos);
}

TEST_CASE("SBV (YouTube) with a block missing its time line") {
  const Transcript t = ParseTranscript(test::Fixture("transcripts/youtube.sbv"));
  CHECK(t.format == TranscriptFormat::Sbv);
  const std::string all = AllText(t);
  CHECK(all.find("0:00:00.378") == std::string::npos);
  CHECK(all.find("Hello everyone, and welcome back to the channel.") != std::string::npos);
  CHECK(t.turns[0].start == doctest::Approx(0.378));
  CHECK(HasWarning(t, "Line 12: 1 caption block has no"));
  bool found = false;
  for (const Turn& turn : t.turns)
    if (turn.text == "Some words with no time line") { found = true; CHECK(turn.start == -1); CHECK(turn.speaker.empty()); }
  CHECK(t.turns.back().speaker == "GUEST");   // the named speaker continues after the broken block
  CHECK(found);
  CHECK(HasWarning(t, "No spoken text") == false);

  const Transcript z = ParseTranscript(test::Fixture("transcripts/chinese.sbv"));
  CHECK(z.format == TranscriptFormat::Sbv);
  CHECK(AllText(z) == "大家好，欢迎回到频道。今天我们从地面看这次发射。那天晚上很长，但很值得。\n");
  CHECK(z.meta.duration_sec == doctest::Approx(10.0));
}

TEST_CASE("SRT: a block missing its timing line is reported and kept apart, never merged") {
  for (const char* name : {"transcripts/missing_timing.srt", "transcripts/chinese_missing_timing.srt"}) {
    CAPTURE(name);
    const Transcript t = ParseTranscript(test::Fixture(name));
    REQUIRE(t.turns.size() == 3);
    CHECK(t.turns[1].start == -1);
    CHECK(t.turns[1].text.find('2') == std::string::npos);   // the index number is not speech
    CHECK(t.turns[0].text.find(t.turns[1].text) == std::string::npos);
    CHECK(HasWarning(t, "Line 5: 1 subtitle block has no timing line"));
    CHECK(t.turns[2].start == 6 + (std::string(name).find("chinese") == std::string::npos ? 1 : 0));
  }
}

TEST_CASE("SRT: a cue number left without its time and text is not speech") {
  struct Case { const char* name; const char* srt; const char* text; };
  const Case cases[] = {
      {"alone in its block", "1\n00:00:01,000 --> 00:00:02,000\nHello there.\n\n2\n\n3\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi.\n",
       "Hello there. General Kenobi."},
      {"last in the file, under the last cue", "1\n00:00:01,000 --> 00:00:02,000\nYou are a bold one.\n2\n\n", "You are a bold one."},
      // A number that is not the next cue's, or that has words after it, is what was said.
      {"a number that was said", "1\n00:00:01,000 --> 00:00:02,000\nHow many?\n\n2\n00:00:02,000 --> 00:00:03,000\n7\n",
       "How many? 7"},
      {"the next number inside a cue, words after it", "1\n00:00:01,000 --> 00:00:02,000\nCount with me\n2\nand three.\n",
       "Count with me 2 and three."},
  };
  for (const Case& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    const Transcript t = ParseTranscript(c.srt);
    CHECK(t.format == TranscriptFormat::Srt);
    std::string all;
    for (const Turn& turn : t.turns) all += (all.empty() ? "" : " ") + turn.text;
    CHECK(all == c.text);
    CHECK_FALSE(HasWarning(t, "no timing line"));
  }
}

TEST_CASE("WebVTT: ordinary repeats stay (chorus, two people saying Yes., a repeated sound)") {
  const Transcript t = ParseTranscript(test::Fixture("transcripts/repeats.vtt"));
  const std::string all = AllText(t);
  size_t suns = 0;
  for (size_t p = all.find("Here comes the sun"); p != std::string::npos; p = all.find("Here comes the sun", p + 1)) ++suns;
  CHECK(suns == 3);
  size_t yes = 0;
  for (const Turn& turn : t.turns) yes += turn.text.rfind("Yes.", 0) == 0;
  CHECK(yes == 2);
  CHECK(t.noise_marks == 2);
  CHECK_FALSE(HasWarning(t, "Rolling captions"));
}

TEST_CASE("WebVTT: YouTube rolling captions are de-duplicated, and say so") {
  const Transcript t = ParseTranscript(test::Fixture("transcripts/youtube_auto.vtt"));
  CHECK(HasWarning(t, "Rolling captions"));
  CHECK_FALSE(HasWarning(t, "cues had no text"));
}

TEST_CASE("WebVTT: Teams short times keep their times; a wrong signature is reported and the cues read") {
  const Transcript t = ParseTranscript(test::Fixture("transcripts/teams_short_times.vtt"));
  REQUIRE(t.turns.size() == 3);
  CHECK(t.turns[0].start == doctest::Approx(0.21));
  CHECK(t.turns[1].start == doctest::Approx(4.1));
  CHECK(t.turns[1].speaker == "Bob O'Neil");
  CHECK(HasWarning(t, "Line 4: the cue time is not standard WebVTT"));

  const Transcript b = ParseTranscript(test::Fixture("transcripts/bad_signature.vtt"));
  CHECK(b.format == TranscriptFormat::Vtt);
  CHECK(HasWarning(b, "Line 1: the first line \xE2\x80\x9CWEBVT\xE2\x80\x9D is not the WebVTT signature"));
  CHECK(AllText(b).find("Every cue is still here.") != std::string::npos);
  CHECK(AllText(b).find("WEBVT") == std::string::npos);
  for (const char* sig : {"webvtt", "WEBSRT", "WEBVTTX"}) {
    CAPTURE(sig);
    const Transcript s = ParseTranscript(std::string(sig) + "\n\n00:00:01.000 --> 00:00:02.000\nhello\n");
    CHECK(HasWarning(s, "is not the WebVTT signature"));
    CHECK(AllText(s) == "hello\n");
  }
}

TEST_CASE("WebVTT in Chinese: voices, header metadata, and answers repeated by two people") {
  const Transcript t = ParseTranscript(test::Fixture("transcripts/chinese.vtt"));
  REQUIRE(t.turns.size() == 4);
  CHECK(t.turns[2].text == "好的。");
  CHECK(t.turns[3].text == "好的。");
  CHECK(t.turns[3].speaker == "嘉宾");
  CHECK(Field(t, "Language") == "zh");
  CHECK(Field(t, "Kind") == "captions");
}

TEST_CASE("WebVTT: NUL bytes become U+FFFD, so a broken timing line stays broken") {
  const std::string vtt("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nok\n\n00:00:0\0" "2.000 --> 00:00:03.000\nbroken\n", 76);
  const Transcript t = ParseTranscript(vtt);
  CHECK(AllText(t) == "ok\n");
  CHECK(HasWarning(t, "Line 6: 1 NUL byte(s) replaced"));
  CHECK(HasWarning(t, "Line 6: \xE2\x80\x9C"));
}

TEST_CASE("binary data passed as text is recognised, however it was decoded") {
  // A PNG as a file (raw bytes) and as the string a page gets from reading it as text (bytes as code points).
  std::string png = "\x89PNG\r\n\x1a\n";
  png += std::string("\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0", 21);
  for (int i = 0; i < 3000; ++i) png += (char)((i * 7919 + 13) & 0xFF);
  std::string as_code_points;
  for (unsigned char c : png) utf8::Append(as_code_points, c);
  for (const std::string& input : {png, as_code_points}) {
    const Transcript t = ParseTranscript(input);
    CHECK(HasWarning(t, "looks like binary data (a PNG image)"));
  }
  // Text with a few odd characters is not binary.
  CHECK_FALSE(HasWarning(ParseTranscript("Alice: caf\xC3\xA9 \xEF\xBF\xBD ok\nBob: fine\n"), "binary"));
}

TEST_CASE("an arrow in prose or an HTML comment does not make a file SRT") {
  const Transcript t = ParseTranscript("<!-- exported by a notes app -->\nAlice: We went from idea --> prototype in a week.\nBob: Impressive.\n");
  CHECK(t.format == TranscriptFormat::Speaker);
  REQUIRE(t.turns.size() == 3);
  CHECK(t.turns[1].text == "We went from idea --> prototype in a week.");
}

TEST_CASE("JSON that is not transcript JSON, or is cut off, says so with the line") {
  const Transcript other = ParseTranscript("{\"title\": \"Episode 4\", \"items\": [1, 2, 3]}");
  CHECK(HasWarning(other, "Line 1: this is JSON, but not a transcript JSON"));
  const Transcript cut = ParseTranscript("{\"segments\": [\n  {\"start\": 0, \"end\": 1, \"text\": \"Hi\"},\n  {\"start\": 1, \"end\"");
  CHECK(HasWarning(cut, "Line 3: this looks like JSON but is not valid JSON"));
  CHECK(AllText(cut).find("Hi") != std::string::npos);   // the text is still there to read
  // Mission logs start with "[" too; they are not JSON.
  CHECK_FALSE(HasWarning(ParseTranscript("[00:00:00:04]\nCDR: Roger.\n"), "JSON"));
}

// Captions of `count` cues three seconds apart, a sentence ending every fifth; `named` puts "NAME: text" on cue k.
static std::string CaptionsWithNames(int count, const std::vector<std::pair<int, std::string>>& named) {
  std::string srt;
  for (int k = 0; k < count; ++k) {
    char times[64];
    std::snprintf(times, sizeof times, "00:%02d:%02d,000 --> 00:%02d:%02d,500", k * 3 / 60, k * 3 % 60, k * 3 / 60,
                  k * 3 % 60 + 2);
    std::string text = "words of cue " + std::to_string(k) + " here" + (k % 5 == 4 ? "." : "");
    for (const auto& n : named)
      if (n.first == k) text = n.second + ": a named line " + std::to_string(k) + ".";
    srt += std::to_string(k + 1) + "\n" + times + "\n" + text + "\n\n";
  }
  return srt;
}

TEST_CASE("captions: names that start late or stand alone name their cue only; the rest are paragraphs") {
  struct Case {
    const char* name;
    std::vector<std::pair<int, std::string>> named;
    bool names_continue;   // whether the cue after a named one is given to that name
  };
  const std::vector<Case> cases = {
      {"one narrator line halfway", {{150, "NARRATOR"}}, false},
      {"three audience questions late in a lecture", {{120, "AUDIENCE"}, {180, "AUDIENCE"}, {250, "AUDIENCE"}}, false},
      {"names from the start, at each change", {{0, "ANA"}, {40, "BEN"}, {90, "ANA"}, {150, "BEN"}}, true},
      {"one name on the first cue", {{0, "HOST"}}, true},
      {"names after a short unnamed intro", {{12, "ANA"}, {60, "BEN"}}, true},
  };
  for (const Case& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    const Transcript t = ParseTranscript(CaptionsWithNames(300, c.named));
    REQUIRE(t.format == TranscriptFormat::Srt);
    for (const auto& n : c.named) {
      const std::string after = "words of cue " + std::to_string(n.first + 1) + " here";
      const std::string own = "a named line " + std::to_string(n.first) + ".";
      bool own_found = false, after_found = false;
      for (const Turn& turn : t.turns) {
        if (turn.text.find(own) != std::string::npos) { own_found = true; CHECK(turn.speaker == n.second); }
        if (turn.text.find(after) != std::string::npos) {
          after_found = true;
          CHECK((turn.speaker == n.second) == c.names_continue);
        }
      }
      CHECK(own_found);
      CHECK(after_found);
    }
    if (!c.names_continue) {
      // The unnamed cues make paragraphs, each dated, none holding more than a minute of captions.
      for (const Turn& turn : t.turns) {
        CHECK(turn.start >= 0);
        CHECK(turn.end - turn.start <= 60);
      }
    }
  }
}

TEST_CASE("prose dialogue: a line opened by a dialogue dash is the next speaker's turn") {
  // French (em dash), Spanish (en dash), Russian with a line of the answer running on without a dash.
  const Transcript fr = ParseTranscript("\xE2\x80\x94 Bonjour, comment allez-vous ?\n\xE2\x80\x94 Tr\xC3\xA8s bien, merci.\n"
                                        "\xE2\x80\x94 Et le projet ?\n\xE2\x80\x94 Il avance.\n");
  REQUIRE(fr.turns.size() == 4);
  CHECK(fr.turns[1].text == "\xE2\x80\x94 Tr\xC3\xA8s bien, merci.");   // the dash stays: it says the speaker changed
  const Transcript es = ParseTranscript("Entrevista.\n\xE2\x80\x93 \xC2\xBF" "C\xC3\xB3mo empez\xC3\xB3?\n\xE2\x80\x93 Por casualidad.\n"
                                        "Trabajaba en un peri\xC3\xB3" "dico.\n\xE2\x80\x93 \xC2\xBFY despu\xC3\xA9s?\n");
  REQUIRE(es.turns.size() == 4);
  CHECK(es.turns[0].text == "Entrevista.");
  CHECK(es.turns[2].text == "\xE2\x80\x93 Por casualidad. Trabajaba en un peri\xC3\xB3" "dico.");
  // Many short lines with a dash or two among them are still paragraphs; a hyphen list is not dialogue.
  std::string lines;
  for (int k = 0; k < 12; ++k) lines += "line " + std::to_string(k) + " of the talk\n";
  const Transcript run_on = ParseTranscript("\xE2\x80\x94 one aside\n" + lines);
  CHECK(run_on.turns.size() <= 2);
  const Transcript list = ParseTranscript("- first point\n- second point\n- third point\n- fourth point\n");
  CHECK(list.turns.size() == 1);
}
