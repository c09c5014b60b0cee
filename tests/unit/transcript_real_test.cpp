// Real-shaped exports (tests/fixtures/transcripts_real, see its SOURCE.md): each case states what a careful
// human editor reads from the file, and the same rule on a second input written for the case, in English and
// Chinese where the shape exists in both.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "core/transcript.h"
#include "core/transcript_input.h"
#include "doctest/doctest.h"
#include "test_util.h"
#include "transcript_test_util.h"

using namespace tp;

namespace {
// Read a slice at a time in each of `budgets`, the text gives the same turns (text, speaker, start) and warnings
// as read whole.
void CheckSameInSlices(const std::string& input, const Transcript& whole, std::initializer_list<size_t> budgets) {
  for (size_t budget : budgets) {
    CAPTURE(budget);
    const Transcript sliced = test::ParseInSlices(input, budget);
    CHECK(sliced.warnings == whole.warnings);
    REQUIRE(sliced.turns.size() == whole.turns.size());
    for (size_t i = 0; i < whole.turns.size(); ++i) {
      CHECK(sliced.turns[i].text == whole.turns[i].text);
      CHECK(sliced.turns[i].speaker == whole.turns[i].speaker);
      CHECK(sliced.turns[i].start == whole.turns[i].start);
    }
  }
}
Transcript Real(const std::string& name) { return ParseTranscript(test::Fixture("transcripts_real/" + name)); }

int CountWarnings(const Transcript& t, const std::string& needle) {
  int n = 0;
  for (const auto& w : t.warnings) n += w.find(needle) != std::string::npos;
  return n;
}
bool HasWarning(const Transcript& t, const std::string& needle) { return CountWarnings(t, needle) > 0; }
using test::Field;
using test::Labels;
using test::ParseInSlices;
std::string AllText(const Transcript& t) {
  std::string all;
  for (const Turn& turn : t.turns) all += turn.text + "\n";
  return all;
}
// 1-based lines of the input holding a cue's first text line, for "a turn starts at a cue boundary".
std::vector<int> CueTextLines(const std::string& input, bool vtt) {
  std::vector<int> out;
  int line = 0;
  bool after_timing = false;
  size_t pos = 0;
  while (pos <= input.size()) {
    size_t e = input.find('\n', pos);
    if (e == std::string::npos) e = input.size();
    std::string l = input.substr(pos, e - pos);
    ++line;
    if (after_timing) out.push_back(line);
    after_timing = l.find("-->") != std::string::npos;
    pos = e + 1;
  }
  (void)vtt;
  return out;
}
}  // namespace

// ---- 1. Long captions without punctuation

TEST_CASE("captions without punctuation: paragraph turns start at a cue, with its time and line") {
  struct Case { const char* file; bool vtt; size_t min_turns; };
  const Case cases[] = {{"youtube_auto_long.vtt", true, 5}, {"zh_unpunctuated_captions.srt", false, 8}};
  for (const Case& c : cases) {
    CAPTURE(c.file);
    const std::string input = test::Fixture(std::string("transcripts_real/") + c.file);
    const Transcript t = ParseTranscript(input);
    REQUIRE(t.turns.size() >= c.min_turns);
    const std::vector<int> cue_lines = CueTextLines(input, c.vtt);
    int previous_line = 0;
    double previous_start = -1;
    for (const Turn& turn : t.turns) {
      CAPTURE(turn.id);
      CHECK(turn.start >= 0);
      CHECK(turn.start > previous_start);
      CHECK(turn.source_line > previous_line);   // no two turns share a source line
      CHECK(std::find(cue_lines.begin(), cue_lines.end(), turn.source_line) != cue_lines.end());
      previous_line = turn.source_line;
      previous_start = turn.start;
    }
    CHECK(t.turns[0].start == 0);
    // Nothing claims sentence ends the text does not have.
    CHECK_FALSE(HasWarning(t, "sentence ends"));
    CHECK(HasWarning(t, "without sentence punctuation was grouped"));
  }
}

TEST_CASE("captions without punctuation: each paragraph starts where a caption starts (written cues)") {
  // 60 English cues of 8 words each, 3 s apart, no punctuation.
  std::string srt;
  for (int k = 0; k < 60; ++k) {
    char timing[64];
    std::snprintf(timing, sizeof timing, "00:%02d:%02d,000 --> 00:%02d:%02d,500", k * 3 / 60, k * 3 % 60, k * 3 / 60, k * 3 % 60 + 2);
    srt += std::to_string(k + 1) + "\n" + timing + "\nword" + std::to_string(k) + " goes on and on with more words\n\n";
  }
  const Transcript t = ParseTranscript(srt);
  REQUIRE(t.turns.size() >= 3);
  for (const Turn& turn : t.turns) {
    CAPTURE(turn.id);
    CHECK(turn.text.rfind("word", 0) == 0);      // begins with a cue's first word
    CHECK(turn.start == doctest::Approx(std::stoi(turn.text.substr(4)) * 3.0));
  }
  // Chinese captions keep the phrase break between captions.
  const Transcript zh = Real("zh_unpunctuated_captions.srt");
  CHECK(zh.turns[0].text.rfind("实时数据非常关键 模型需要知道正在发生的事情 大家好", 0) == 0);
}

TEST_CASE("one long unpunctuated line: the note says it was cut at word breaks, not sentence ends") {
  std::string line;
  for (int k = 0; k < 400; ++k) line += "and then we talked about ";
  const Transcript t = ParseTranscript(line);
  REQUIRE(t.turns.size() > 1);
  CHECK(HasWarning(t, "at word breaks"));
  CHECK_FALSE(HasWarning(t, "at sentence ends"));
}

// ---- 2. "Name (Host)" and later "Host" on header lines with the time

TEST_CASE("header lines with the time: \"Name (Host)\" and later \"Host\" are one speaker, the roster shows the alias") {
  struct Case { const char* file; const char* person; const char* alias; const char* role; };
  const Case cases[] = {{"otter_role_alias.txt", "Gary Jordan", "Host", "host"},
                        {"zh_named_role_time.txt", "张伟", "主持人", "主持人"},
                        {"rev_role_alias.txt", "Gary Jordan", "Host", "host"}};
  for (const Case& c : cases) {
    CAPTURE(c.file);
    const Transcript t = Real(c.file);
    REQUIRE(t.speakers.size() == 2);
    CHECK(t.speakers[0].label == c.person);
    CHECK(t.speakers[0].role == c.role);
    CHECK(t.speakers[0].aliases == std::vector<std::string>{c.alias});
    CHECK(t.speakers[0].turns == 2);
    REQUIRE(t.turns.size() == 3);
    CHECK(t.turns[2].speaker == c.person);
    CHECK(t.turns[2].start > t.turns[1].start);
    CHECK(t.FindSpeaker(c.alias) == &t.speakers[0]);
  }
  // The same with the time first, and with the time in brackets after the name.
  const char* inputs[] = {"[00:00:05] Gary Jordan (Host)\nWelcome.\n\n[00:00:12] Anne Rivera\nThanks.\n\n[00:00:20] Host\nLet us start.\n",
                          "Gary Jordan (Host) [00:00:05]\nWelcome.\n\nAnne Rivera [00:00:12]\nThanks.\n\nHost [00:00:20]\nLet us start.\n",
                          "张伟（主持人） [00:00:05]\n欢迎。\n\n李娜 [00:00:12]\n谢谢。\n\n主持人 [00:00:20]\n开始吧。\n"};
  for (const char* input : inputs) {
    CAPTURE(input);
    const Transcript t = ParseTranscript(input);
    REQUIRE(t.speakers.size() == 2);
    CHECK(t.speakers[0].aliases.size() == 1);
    REQUIRE(t.turns.size() == 3);
    CHECK(t.turns[2].speaker == t.speakers[0].label);
    CHECK(t.turns[2].start == 20);
  }
}

// ---- 3. One warning for a problem on every cue

TEST_CASE("a time style on every cue is one warning with the first line and the count") {
  const Transcript t = Real("teams_legacy_long.vtt");
  CHECK(CountWarnings(t, "not standard WebVTT") == 1);
  CHECK(HasWarning(t, "Line 3: the cue time is not standard WebVTT"));
  CHECK(HasWarning(t, "80 places"));
  REQUIRE(t.turns.size() == 80);
  CHECK(t.turns[79].start == doctest::Approx(237.77));
  // Two of a kind stay two.
  const Transcript two = Real("teams_legacy_short_times.vtt");
  CHECK(CountWarnings(two, "not standard WebVTT") >= 1);
  // SRT: unreadable times on many blocks are one warning too.
  std::string srt;
  for (int k = 0; k < 20; ++k) srt += std::to_string(k + 1) + "\n00:00:0x,000 --> 00:00:02,000\nline " + std::to_string(k) + "\n\n";
  srt += "21\n00:00:05,000 --> 00:00:06,000\nlast\n";
  const Transcript s = ParseTranscript(srt);
  CHECK(CountWarnings(s, "unreadable subtitle time") == 1);
  CHECK(HasWarning(s, "Line 2: unreadable subtitle time"));
  CHECK(HasWarning(s, "20 places"));
}

// ---- 4. Exporter headers and footers

TEST_CASE("exporter footers are transcript details, not the last speaker's words") {
  struct Case { const char* file; const char* footer; const char* key; const char* last_text_end; };
  const Case cases[] = {
      {"otter_ladybug.txt", "Transcribed by", "source", "This has been the ladybug podcast."},
      {"otter_crlf_unicode_names.txt", "Transcribed by", "source", ""},
      {"otter_no_speakers.txt", "Transcribed by", "source", "Thanks for listening."},
      {"xunfei_tingjian_zh.txt", "以上内容由AI生成", "notice", "因为贵公司在用AI做财务自动化。"},
      {"google_meet_doc.txt", "Meeting ended after", "duration", "That's great progress."},
  };
  for (const Case& c : cases) {
    CAPTURE(c.file);
    const Transcript t = Real(c.file);
    CHECK(AllText(t).find(c.footer) == std::string::npos);
    CHECK_FALSE(Field(t, c.key).empty());
    CHECK(HasWarning(t, "Set aside as transcript details"));
    REQUIRE_FALSE(t.turns.empty());
    const std::string& last = t.turns.back().text;
    const std::string want = c.last_text_end;
    if (!want.empty()) CHECK(last.substr(last.size() - std::min(last.size(), want.size())) == want);
  }
  CHECK(Field(Real("otter_ladybug.txt"), "source") == "Transcribed by https://otter.ai");
  CHECK(HasWarning(Real("otter_ladybug.txt"), "Otter's footer \xE2\x80\x9CTranscribed by https://otter.ai\xE2\x80\x9D (line 19)"));
  // Otter without speakers: each time-headed block stays its own timed paragraph.
  const Transcript o = Real("otter_no_speakers.txt");
  REQUIRE(o.turns.size() == 3);
  CHECK(o.turns[2].start == 24);
  CHECK(o.turns[2].text == "And I am Dan Charles. Thanks for listening.");
}

TEST_CASE("Google Meet: header block is metadata, the stated length is the duration") {
  const Transcript t = Real("google_meet_doc.txt");
  CHECK(t.meta.title == "Design review");
  CHECK(t.meta.date == "2024-05-14 10:02 GMT-7");
  CHECK(Field(t, "attendees") == "Dana Whitfield, Mei Lin, Raj Patel");
  CHECK(t.meta.duration_sec == 7 * 60 + 12);
  REQUIRE_FALSE(t.turns.empty());
  CHECK(t.turns[0].speaker == "Dana Whitfield");
  CHECK(t.turns[0].text.rfind("Okay, I think", 0) == 0);
  CHECK(AllText(t).find("Attendees") == std::string::npos);
  CHECK(Labels(t) == std::vector<std::string>{"Dana Whitfield", "Raj Patel", "Mei Lin"});
}

TEST_CASE("飞书妙记 and 讯飞听见: header block and title line are metadata") {
  const Transcript f = Real("feishu_minutes_zh.txt");
  CHECK(f.meta.title == "产品周会 2024年3月5日");
  CHECK(f.meta.date == "2024年3月5日 下午 2:30");
  CHECK(Field(f, "keywords") == "灰度发布、数据看板、用户反馈");
  CHECK(f.meta.duration_sec == 45 * 60 + 12);
  REQUIRE_FALSE(f.turns.empty());
  CHECK(f.turns[0].speaker == "张三");
  CHECK(f.turns[0].text == "大家好，我们开始吧。先看一下上周的灰度数据。");
  CHECK(AllText(f).find("关键词") == std::string::npos);

  const Transcript x = Real("xunfei_tingjian_zh.txt");
  CHECK(x.meta.title == "AI技术在财务管理与面试中的应用");
  REQUIRE_FALSE(x.turns.empty());
  CHECK(x.turns[0].speaker == "说话人1");
  CHECK(x.turns[0].start == 0);
  CHECK(AllText(x).find("AI技术在财务管理") == std::string::npos);
}

TEST_CASE("Plaud mail and Markdown exports: header and summary are metadata, the transcript is speech") {
  const Transcript p = Real("plaud_email.txt");
  CHECK(p.meta.title == "Weekly sync with design");
  CHECK(p.meta.date == "2026-04-15 14:30");
  CHECK(Field(p, "duration") == "45 min");
  CHECK(Field(p, "summary") == "The team agreed to ship the waitlist form first.");
  CHECK(Labels(p) == std::vector<std::string>{"Speaker 1", "Speaker 2"});
  CHECK(AllText(p).find("waitlist form first") == std::string::npos);
  CHECK(HasWarning(p, "Summary"));

  const Transcript d = Real("dedao_emoji_header_zh.md");
  CHECK(Field(d, "智能总结") == "本次对话讨论了团队招聘计划。");
  CHECK(AllText(d).find("本次对话") == std::string::npos);
  CHECK(Labels(d) == std::vector<std::string>{"说话人1", "说话人2"});
  CHECK(d.meta.title != "智能总结");
}

TEST_CASE("exporter markers only count where the exporter puts them") {
  // The same words inside the conversation are speech.
  const Transcript t = ParseTranscript("Anna  0:00\nI read 'Transcribed by https://otter.ai' at the bottom.\n\n"
                                       "Ben  0:05\nMeeting ended after 00:07:12 is what it said.\n\nAnna  0:09\nRight.\n");
  CHECK(AllText(t).find("Transcribed by") != std::string::npos);
  CHECK(AllText(t).find("Meeting ended after") != std::string::npos);
  CHECK_FALSE(HasWarning(t, "Set aside"));
  // A heading called Summary after the transcript heading is not set aside.
  const Transcript m = ParseTranscript("## Transcript\n\nAnna: Hello.\n\n## Summary\n\nBen: We said hello.\n");
  CHECK(AllText(m).find("We said hello.") != std::string::npos);
}

// ---- 5. Bold Markdown labels

TEST_CASE("bold Markdown labels are speakers, with their times") {
  const Transcript j = Real("podcast_jekyll_bold.md");
  CHECK(j.format == TranscriptFormat::Speaker);
  CHECK(Labels(j) == std::vector<std::string>{"Host", "Ana Ruiz"});
  REQUIRE(j.turns.size() == 4);
  CHECK(j.turns[0].text == "Welcome back. Today my guest is Ana Ruiz.");
  CHECK(j.meta.title == "Episode 12: Rust in production");

  const Transcript m = Real("markdown_summary_then_transcript.md");
  CHECK(Labels(m) == std::vector<std::string>{"Speaker 1", "Unknown Speaker"});
  REQUIRE(m.turns.size() == 3);
  CHECK(m.turns[1].start == 15);
  CHECK(m.turns[1].text == "They can detect drift and manage drift for you as well.");
  CHECK(AllText(m).find("benefits of using") == std::string::npos);
  CHECK(AllText(m).find("**") == std::string::npos);

  const Transcript zh = ParseTranscript("**主持人：** 欢迎收听。\n\n**李娜**：谢谢邀请。\n\n**主持人：** 我们开始吧。\n");
  CHECK(Labels(zh) == std::vector<std::string>{"主持人", "李娜"});
  REQUIRE(zh.turns.size() == 3);
  CHECK(zh.turns[1].text == "谢谢邀请。");
}

// ---- 6. Time and name in other orders

TEST_CASE("time ranges, time-then-name headers and name-then-time lines carry speakers and times") {
  struct Case { const char* file; std::vector<std::string> labels; std::vector<double> starts; const char* first_text; };
  const Case cases[] = {
      {"whisperx_range_speaker.txt", {"SPEAKER_00", "SPEAKER_01"}, {0, 5, 9}, "Hello there and welcome."},
      {"trint_time_then_name.txt", {"Jane Doe", "John Roe"}, {5, 9, 15}, "Thanks for coming in today."},
      {"name_colon_then_time.txt", {"Jane Doe", "John Roe"}, {5, 9, 15}, "Thanks for coming in today."},
  };
  for (const Case& c : cases) {
    CAPTURE(c.file);
    const Transcript t = Real(c.file);
    CHECK(Labels(t) == c.labels);
    REQUIRE(t.turns.size() == c.starts.size());
    for (size_t k = 0; k < c.starts.size(); ++k) CHECK(t.turns[k].start == c.starts[k]);
    CHECK(t.turns[0].text == c.first_text);
  }
  const Transcript zh = ParseTranscript("[00:00:01] 张三\n大家好。\n\n[00:00:04] 李四\n你好。\n\n[00:00:07] 张三\n开始吧。\n");
  CHECK(Labels(zh) == std::vector<std::string>{"张三", "李四"});
  REQUIRE(zh.turns.size() == 3);
  CHECK(zh.turns[1].start == 4);
  CHECK(zh.turns[1].text == "你好。");
  const Transcript zh2 = ParseTranscript("张三：[00:00:01] 大家好。\n李四：[00:00:04] 你好。\n张三：[00:00:07] 开始吧。\n");
  REQUIRE(zh2.turns.size() == 3);
  CHECK(zh2.turns[2].start == 7);
  CHECK(zh2.turns[2].text == "开始吧。");
  // Timed lines of speech followed by timed lines are not headers.
  const Transcript w = ParseTranscript("[00:00:01] Thank you\n[00:00:03] Great Stuff\n[00:00:05] Okay then\n[00:00:07] Right Now\n");
  CHECK(w.speakers.empty());
}

// ---- 7. Caption cue names

TEST_CASE("caption cues: directory names and device names are speakers") {
  const Transcript z = Real("zoom_last_first_names.vtt");
  CHECK(Labels(z) == std::vector<std::string>{"Whitfield, Dana", "Patel, Raj"});
  REQUIRE(z.turns.size() == 3);
  CHECK(z.turns[0].text == "Welcome to office hours.");
  const Transcript d = Real("zoom_pronouns_devices.vtt");
  CHECK(Labels(d) == std::vector<std::string>{"Dana Whitfield (she/her)", "Raj Patel (Acme, CTO)", "iPhone"});
  REQUIRE(d.turns.size() == 4);
  CHECK(d.turns[2].speaker == "iPhone");
  CHECK(d.turns[2].text == "Can you hear me?");
  const Transcript lower = ParseTranscript("WEBVTT\n\n1\n00:01.000 --> 00:02.000\nandroid: Hello?\n\n2\n00:02.500 --> 00:03.000\n"
                                           "王, 小明: 听得到。\n");
  CHECK(Labels(lower) == std::vector<std::string>{"android", "王, 小明"});
  // A sentence with a comma before a colon is not a name.
  const Transcript p = ParseTranscript("WEBVTT\n\n00:01.000 --> 00:02.000\nWell, here is the thing: it works.\n");
  REQUIRE(p.turns.size() == 1);
  CHECK(p.turns[0].speaker.empty());
  CHECK(p.turns[0].text == "Well, here is the thing: it works.");
}

// ---- 8. Numbered steps inside speech

TEST_CASE("\"Step 1:\" inside a turn is speech; \"Speaker 1:\" and \"说话人1：\" stay speakers") {
  const Transcript t = Real("interview_steps_prose_colon.txt");
  CHECK(Labels(t) == std::vector<std::string>{"Jane Smith", "Mark Lee"});
  REQUIRE(t.turns.size() == 3);
  CHECK(t.turns[0].text == "I always tell new cooks three things. Step 1: sharpen your knife. Step 2: taste everything.");
  const Transcript s = ParseTranscript("Speaker 1: Hello.\nSpeaker 2: Hi.\nSpeaker 1: Bye.\n");
  CHECK(Labels(s) == std::vector<std::string>{"Speaker 1", "Speaker 2"});
  const Transcript once = ParseTranscript("Speaker 1: Hello there.\nSpeaker 2: Hi.\n");
  CHECK(Labels(once) == std::vector<std::string>{"Speaker 1", "Speaker 2"});
  const Transcript zh = ParseTranscript("说话人1：大家好。\n说话人2：你好。\n");
  CHECK(Labels(zh) == std::vector<std::string>{"说话人1", "说话人2"});
  const Transcript rules = ParseTranscript("Ann Lee: Two rules.\nRule 1: be kind.\nRule 2: be brief.\nBo Chen: Good.\nAnn Lee: Yes.\n");
  CHECK(Labels(rules) == std::vector<std::string>{"Ann Lee", "Bo Chen"});
  // Numbered people who talk once are people.
  const Transcript court = ParseTranscript("Judge Ray: Has the jury reached a verdict?\nJuror 4: Yes.\nJudge Ray: Thank you.\n"
                                           "Juror 7: We have.\n");
  CHECK(Labels(court) == std::vector<std::string>{"Judge Ray", "Juror 4", "Juror 7"});
}

// ---- 9. UTF-16

TEST_CASE("UTF-16 (with a byte order mark, or plainly UTF-16 without one) is decoded, with a note naming UTF-16") {
  const Transcript t = Real("utf16le_bom.srt");
  CHECK(t.format == TranscriptFormat::Srt);
  REQUIRE(t.turns.size() == 1);
  CHECK(t.turns[0].text == "Caf\xC3\xA9 au lait, s'il vous pla\xC3\xAEt. Merci beaucoup.");
  CHECK(HasWarning(t, "UTF-16LE"));
  CHECK_FALSE(HasWarning(t, "binary"));
  // Big-endian, with Chinese and a character outside the BMP (a surrogate pair).
  const std::u16string units = u"说话人1：你好😀。\n说话人2：好。\n";
  std::string be = "\xFE\xFF";
  for (char16_t u : units) { be += (char)(u >> 8); be += (char)(u & 0xFF); }
  const Transcript b = ParseTranscript(be);
  CHECK(HasWarning(b, "UTF-16BE"));
  REQUIRE(b.turns.size() == 2);
  CHECK(b.turns[0].text == "你好😀。");
  // Without a byte order mark: recognised by the zero byte beside every ASCII character.
  std::string file16 = test::Fixture("transcripts_real/utf16le_bom.srt").substr(2);
  const Transcript n = ParseTranscript(file16);
  CHECK(HasWarning(n, "UTF-16LE (without a byte order mark"));
  REQUIRE(n.turns.size() == 1);
  CHECK(n.turns[0].text == t.turns[0].text);
  // UTF-8 text with a few NUL bytes is not UTF-16.
  static const char kWithNul[] = "Alice: hello\0world.\0\0\nBob: yes indeed.\n";
  const Transcript nul = ParseTranscript(std::string(kWithNul, sizeof kWithNul - 1));
  CHECK_FALSE(HasWarning(nul, "UTF-16"));
  // The app's input path converts it before anything else sees the NUL bytes.
  std::string file = test::Fixture("transcripts_real/utf16le_bom.srt");
  const std::string note = CleanTranscriptInput(file);
  CHECK(note.find("UTF-16LE") != std::string::npos);
  CHECK(file.find('\0') == std::string::npos);
  CHECK(file.find("Caf\xC3\xA9") != std::string::npos);
}

TEST_CASE("UTF-32 (with a byte order mark or without one, either byte order) is decoded, with a note naming it") {
  const std::u32string chars = U"Alice: Caf\u00E9, \u4F60\u597D \U0001F600.\nBob: Merci.\n";
  auto encode = [&](bool big_endian, bool bom) {
    std::string out;
    auto put = [&](char32_t c) {
      for (int k = 0; k < 4; ++k) out += (char)(big_endian ? (c >> (24 - 8 * k)) & 0xFF : (c >> (8 * k)) & 0xFF);
    };
    if (bom) put(0xFEFF);
    for (char32_t c : chars) put(c);
    return out;
  };
  struct Case { bool big_endian, bom; const char* note; };
  for (const Case c : {Case{false, true, "UTF-32LE (it starts with a UTF-32 byte order mark)"}, Case{true, true, "UTF-32BE (it starts"},
                       Case{false, false, "UTF-32LE (without a byte order mark"}, Case{true, false, "UTF-32BE (without"}}) {
    const std::string note = c.note;
    CAPTURE(note);
    const std::string bytes = encode(c.big_endian, c.bom);
    CHECK(BinaryKind(bytes + bytes + bytes).empty());   // not refused as binary data
    const Transcript t = ParseTranscript(bytes);
    CHECK(HasWarning(t, c.note));
    CHECK_FALSE(HasWarning(t, "UTF-16"));
    CHECK(Labels(t) == std::vector<std::string>{"Alice", "Bob"});
    REQUIRE(t.turns.size() == 2);
    CHECK(t.turns[0].text == "Caf\xC3\xA9, \xE4\xBD\xA0\xE5\xA5\xBD \xF0\x9F\x98\x80.");
    std::string file = bytes;
    CHECK(CleanTranscriptInput(file).find("UTF-32") != std::string::npos);
    CHECK(file.find('\0') == std::string::npos);
  }
  // A code point beyond Unicode and a cut last character are replaced and counted.
  const std::string bad = encode(false, true).substr(0, 8) + std::string("\x00\x00\x11\x00", 4) + std::string("A\0\0", 3);
  const Transcript b = ParseTranscript(bad);
  CHECK(HasWarning(b, "2 broken character(s)"));
}

// ---- Reading in slices

TEST_CASE("every real-shaped export reads the same in small slices as in one piece") {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(std::string(TP_SOURCE_DIR) + "/tests/fixtures/transcripts_real"))
    if (e.path().filename() != "SOURCE.md") names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  REQUIRE(names.size() >= 60);
  for (const std::string& name : names) {
    CAPTURE(name);
    std::string input = test::Fixture("transcripts_real/" + name);
    CleanTranscriptInput(input);   // as the app reads every file and paste
    const Transcript whole = ParseTranscript(input);
    CHECK_FALSE(whole.turns.empty());
    for (size_t budget : {97u, 4096u}) {
      const Transcript sliced = ParseInSlices(input, budget);
      CHECK(sliced.warnings == whole.warnings);
      CHECK(Labels(sliced) == Labels(whole));
      CHECK(sliced.meta.fields == whole.meta.fields);
      CHECK(sliced.meta.title == whole.meta.title);
      CHECK(sliced.meta.duration_sec == whole.meta.duration_sec);
      REQUIRE(sliced.turns.size() == whole.turns.size());
      for (size_t k = 0; k < whole.turns.size(); ++k) {
        CHECK(sliced.turns[k].text == whole.turns[k].text);
        CHECK(sliced.turns[k].speaker == whole.turns[k].speaker);
        CHECK(sliced.turns[k].start == whole.turns[k].start);
        CHECK(sliced.turns[k].source_line == whole.turns[k].source_line);
      }
    }
  }
}

// ---- 10. YouTube's transcript panel, copied

TEST_CASE("YouTube's transcript panel: each time dates the text below; the panel's heading and spoken times are not speech") {
  const Transcript t = Real("youtube_transcript_panel.txt");
  REQUIRE(t.turns.size() == 4);
  const double starts[] = {0, 4, 7, 3765};
  for (size_t k = 0; k < 4; ++k) CHECK(t.turns[k].start == starts[k]);
  CHECK(t.turns[0].text == "so today we're building a tiny house");
  CHECK(t.turns[1].text == "[Music]");
  CHECK(t.turns[2].text == "and it has to be done in thirty days");
  CHECK(t.turns[3].text == "that's a wrap");
  CHECK(AllText(t).find("seconds") == std::string::npos);
  CHECK(AllText(t).find("Search in video") == std::string::npos);
  CHECK(Field(t, "header") == "Transcript \xC2\xB7 Search in video");
  CHECK(HasWarning(t, "Line 6: 2 lines read the time above aloud"));
  CHECK(t.meta.language == "en");
  // The same panel in Chinese.
  // Other interface languages read the time aloud in their words.
  const Transcript es = ParseTranscript("0:00\nhola a todos\n1:05\n1 minuto y 5 segundos\nempezamos\n");
  REQUIRE(es.turns.size() == 2);
  CHECK(es.turns[1].text == "empezamos");
  const Transcript de = ParseTranscript("0:00\nhallo\n1:05\n1 Minute und 5 Sekunden\nlos geht's\n");
  REQUIRE(de.turns.size() == 2);
  CHECK(de.turns[1].text == "los geht's");
  const Transcript zh = ParseTranscript("转写文稿\n在视频中搜索\n0:00\n大家好，今天我们来聊聊小房子。\n0:04\n4秒钟\n我们三十天内要完成。\n"
                                        "1:05\n1分钟5秒钟\n就这样。\n");
  REQUIRE(zh.turns.size() == 3);
  CHECK(zh.turns[0].text == "大家好，今天我们来聊聊小房子。");
  CHECK(zh.turns[1].text == "我们三十天内要完成。");
  CHECK(zh.turns[2].start == 65);
  CHECK(zh.meta.language == "zh");
  // A time said in speech is speech: it is not the time above read aloud, or there is no time above.
  const Transcript other = ParseTranscript("0:00\nwait for it\n0:04\n10 seconds\nlater it was done\n");
  REQUIRE(other.turns.size() == 2);
  CHECK(other.turns[1].text == "10 seconds later it was done");
  const Transcript said = ParseTranscript("Anna: How long did it take?\nBen: 4 seconds\nAnna: Wow.\n");
  REQUIRE(said.turns.size() == 3);
  CHECK(said.turns[1].text == "4 seconds");
  // "Transcript" above ordinary text is not the panel's heading.
  const Transcript heading = ParseTranscript("Transcript\nWe met at noon and talked about the plan for the week.\n");
  CHECK(AllText(heading).find("Transcript") != std::string::npos);
  // The panel copied as "0:00 text" lines: English text is detected as English.
  const Transcript inline_panel = Real("youtube_transcript_inline.txt");
  CHECK(inline_panel.meta.language == "en");
  REQUIRE(inline_panel.turns.size() >= 2);
  CHECK(inline_panel.turns[0].start == 0);
  CHECK(inline_panel.turns.back().start == 3765);
  CHECK(inline_panel.turns.back().text == "that's a wrap");
}

// ---- 11. Markdown headings as turn headers

TEST_CASE("Markdown headings \"## Name [time]\" head turns when names come back; chapter headings stay details") {
  const Transcript m = Real("markdown_heading_speakers.md");
  CHECK(Labels(m) == std::vector<std::string>{"Host", "Ana Ruiz"});
  REQUIRE(m.turns.size() == 3);
  const double starts[] = {3, 9, 14};
  for (size_t k = 0; k < 3; ++k) CHECK(m.turns[k].start == starts[k]);
  CHECK(m.turns[1].speaker == "Ana Ruiz");
  CHECK(m.turns[1].text == "Thanks for having me.");
  CHECK(m.meta.title == "Interview with Ana Ruiz");
  for (const auto& f : m.meta.fields) CHECK(f.second.find("[00:00") == std::string::npos);
  const Transcript zh = ParseTranscript("# 访谈\n\n## 主持人 [00:00:03]\n\n欢迎收听。\n\n## 李娜 [00:00:09]\n\n谢谢邀请。\n");
  CHECK(Labels(zh) == std::vector<std::string>{"主持人", "李娜"});
  REQUIRE(zh.turns.size() == 2);
  CHECK(zh.turns[1].start == 9);
  CHECK(zh.turns[1].text == "谢谢邀请。");
  // Time first, in brackets.
  const Transcript tf = ParseTranscript("## [00:00:03] Host\n\nWelcome.\n\n## [00:00:09] Ana Ruiz\n\nThanks.\n\n## [00:00:14] Host\n\nSo.\n");
  CHECK(Labels(tf) == std::vector<std::string>{"Host", "Ana Ruiz"});
  REQUIRE(tf.turns.size() == 3);
  CHECK(tf.turns[2].start == 14);
  CHECK(tf.turns[2].text == "So.");
  // Chapter headings with times name each part once: section titles, not speakers.
  const Transcript chapters = ParseTranscript("# Talk\n\n## Introduction [00:00:00]\n\nHello and welcome.\n\n## Why Rust [00:05:00]\n\n"
                                              "Because it is fast.\n\n## Wrap-up [00:40:00]\n\nThanks for coming.\n");
  CHECK(chapters.speakers.empty());
  int headings = 0;
  for (const auto& f : chapters.meta.fields) headings += f.first == "heading";
  CHECK(headings == 4);
  CHECK(AllText(chapters).find("Because it is fast.") != std::string::npos);
}

// ---- 12. NASA mission transcripts

TEST_CASE("typed mission transcripts (GOSS NET): DD HH MM SS, call sign, text; page headings are details") {
  const Transcript t = Real("nasa_goss_net.txt");
  CHECK(t.format == TranscriptFormat::Speaker);
  CHECK(Labels(t) == std::vector<std::string>{"CDR", "CC"});
  REQUIRE(t.turns.size() == 6);
  const double starts[] = {4, 13, 15, 34, 44, 45};
  for (size_t k = 0; k < 6; ++k) CHECK(t.turns[k].start == starts[k]);
  CHECK(t.turns[0].text == "Roger. Clock.");
  CHECK(t.turns[2].speaker == "CC");
  CHECK(t.meta.title == "APOLLO 11 AIR-TO-GROUND VOICE TRANSCRIPTION");
  CHECK(Field(t, "header") == "(GOSS NET 1)");
  CHECK(Field(t, "tape") == "1/1");
  CHECK(Field(t, "page") == "1");
  CHECK(HasWarning(t, "Line 1: 4 page heading lines of the mission transcript"));
  CHECK(AllText(t).find("GOSS") == std::string::npos);
  // Days, continuation lines, a page break inside the transcript, a call sign heard once.
  const Transcript d = ParseTranscript("01 04 13 20 CDR Houston, we have the\n            hatch open.\n01 04 13 25 CC Roger.\n\n"
                                       "Tape 2/3\nPage 14\n\nAPOLLO 11 AIR-TO-GROUND VOICE TRANSCRIPTION\n\n"
                                       "01 04 14 02 HORNET Swim team is in the water.\n\nPage 15\n\n01 04 14 09 CC Copy.\n");
  CHECK(Labels(d) == std::vector<std::string>{"CDR", "CC", "HORNET"});
  REQUIRE(d.turns.size() == 4);
  CHECK(d.turns[0].text == "Houston, we have the hatch open.");
  CHECK(d.turns[0].start == 86400 + 4 * 3600 + 13 * 60 + 20);
  CHECK(d.turns[2].text == "Swim team is in the water.");
  CHECK(Field(d, "page") == "14 \xE2\x80\x93 15");
  CHECK(Field(d, "tape") == "2/3");
  CHECK(AllText(d).find("Page") == std::string::npos);
  // Numbers in ordinary text: one such line is not a mission transcript.
  const Transcript n = ParseTranscript("The codes were\n10 20 30 40 OK then\nand we moved on.\n");
  CHECK(n.speakers.empty());
  CHECK(AllText(n).find("10 20 30 40 OK then") != std::string::npos);
  // Page-like lines in a transcript without mission times are speech.
  const Transcript p = ParseTranscript("Ann: Turn to\nPage 12\nBo: Done.\nAnn: Good.\n");
  CHECK(AllText(p).find("Page 12") != std::string::npos);
}

TEST_CASE("typed mission transcripts: recovery call signs of two words (\"SWIM 1\", \"AIR BOSS\") read the same on every line") {
  // The splashdown pages of the GOSS NET transcript: the crew and the ground beside the recovery forces.
  const std::string recovery = "08 03 19 50 HORNET Apollo 11, Hornet. Over.\n"
                               "08 03 20 02 CDR Roger. 3 in the water.\n"
                               "08 03 23 10 SWIM 1 Roger. We are at the spacecraft.\n"
                               "08 03 23 40 AIR BOSS Roger, Hornet. Swimmers in the water.\n"
                               "08 03 24 12 SWIM 2 Flotation collar is on.\n"
                               "08 03 25 00 CC 3 minutes to the raft.\n"
                               "08 03 25 30 AIR BOSS This is Air Boss. Copy.\n"
                               "08 03 26 00 CC Roger. Copy all.\n"
                               "08 03 26 30 PHOTO 1 Raft number 2 is closing the Command Module.\n";
  struct Row { int turn; const char* speaker; const char* text; };
  const Row rows[] = {
      {0, "HORNET", "Apollo 11, Hornet. Over."},
      {1, "CDR", "Roger. 3 in the water."},
      {2, "SWIM 1", "Roger. We are at the spacecraft."},
      {3, "AIR BOSS", "Roger, Hornet. Swimmers in the water."},
      {4, "SWIM 2", "Flotation collar is on."},
      {5, "CC", "3 minutes to the raft."},           // the ground's call sign takes no number
      {6, "AIR BOSS", "This is Air Boss. Copy."},
      {7, "CC", "Roger. Copy all."},
      {8, "PHOTO 1", "Raft number 2 is closing the Command Module."},
  };
  const Transcript t = ParseTranscript(recovery);
  REQUIRE(t.turns.size() == std::size(rows));
  for (const Row& r : rows) {
    CAPTURE(r.turn);
    CHECK(t.turns[r.turn].speaker == r.speaker);
    CHECK(t.turns[r.turn].text == r.text);
  }
  CHECK(Labels(t) == std::vector<std::string>{"HORNET", "CDR", "SWIM 1", "AIR BOSS", "SWIM 2", "CC", "PHOTO 1"});
  // The same in slices.
  TranscriptParse sliced(recovery);
  while (!sliced.Step(7)) {}
  CHECK(Labels(sliced.Take()) == Labels(t));

  // Not call signs: a speaker whose lines do not all go on with a number or the same word; a word in capitals that
  // follows a call sign once; any word in capitals in a transcript typed all in capitals.
  struct Case { const char* input; std::vector<std::string> labels; };
  const Case cases[] = {
      {"00 00 01 00 HORNET 2 minutes to pickup.\n00 00 01 10 HORNET Roger.\n00 00 01 20 CDR Roger.\n", {"HORNET", "CDR"}},
      {"00 00 01 00 HORNET TV is up.\n00 00 01 10 CDR Roger.\n00 00 01 20 CC Roger.\n", {"HORNET", "CDR", "CC"}},
      {"00 00 01 00 CDR LM is go.\n00 00 01 10 CDR LM is go, Houston.\n00 00 01 20 CC Roger.\n", {"CDR", "CC"}},
      {"00 00 01 00 HELO ROGER WE COPY.\n00 00 01 10 CC GO AHEAD.\n00 00 01 20 HELO ROGER OUT.\n00 00 01 30 CC GO AHEAD.\n",
       {"HELO", "CC"}},
      {"00 00 01 00 RECOVERY ONE IS UP.\n00 00 01 10 CC GO.\n00 00 01 20 RECOVERY ONE IS DOWN.\n", {"RECOVERY", "CC"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    CHECK(Labels(ParseTranscript(c.input)) == c.labels);
  }
}

// ---- 13. Apollo journals: editors' notes, "Name (onboard)"

TEST_CASE("Apollo journals: bracketed commentary and \"Comm break.\" are notes, \"Collins (onboard)\" is Collins") {
  const Transcript a = Real("alsj_lunar_surface.txt");
  CHECK(Labels(a) == std::vector<std::string>{"Armstrong", "McCandless"});
  REQUIRE(a.turns.size() == 4);
  CHECK(a.turns[0].start == 109 * 3600 + 24 * 60 + 13);
  CHECK(a.turns[1].text == "I'm going to step off the LM now.");
  CHECK(a.turns[2].text == "That's one small step for (a) man; one giant leap for mankind.");
  CHECK(Field(a, "note") == "[Neil is holding the ladder with his right hand.]");
  CHECK(HasWarning(a, "Line 5: 1 editor's line between the turns"));
  CHECK(AllText(a).find("holding the ladder") == std::string::npos);

  const Transcript f = Real("afj_flight_journal.txt");
  CHECK(Labels(f) == std::vector<std::string>{"Collins", "McCandless"});
  CHECK(f.speakers[0].aliases == std::vector<std::string>{"Collins (onboard)"});
  CHECK(f.speakers[0].turns == 3);
  REQUIRE(f.turns.size() == 4);
  CHECK(f.turns[0].speaker == "Collins");
  CHECK(f.turns[3].speaker == "Collins");
  CHECK(f.turns[2].text == "Roll's complete and the pitch is programmed.");
  CHECK(f.turns[3].start == 65);
  CHECK(Field(f, "note") == "Comm break.");
  CHECK(AllText(f).find("Comm break") == std::string::npos);
  CHECK(HasWarning(f, "\xE2\x80\x9C" "Collins (onboard)\xE2\x80\x9D and \xE2\x80\x9C" "Collins\xE2\x80\x9D were read as one speaker"));
  CHECK(f.FindSpeaker("Collins (onboard)") == &f.speakers[0]);

  // Chinese: a bracketed editor's note, a name with a place in brackets.
  const Transcript zh = ParseTranscript("109:24:13 阿姆斯特朗（现场）：我到梯子底下了。\n\n【编者注：阿姆斯特朗正用右手扶着梯子。】\n\n"
                                        "109:24:48 阿姆斯特朗：我现在要离开登月舱了。\n109:25:14 休斯敦：收到。\n");
  CHECK(Labels(zh) == std::vector<std::string>{"阿姆斯特朗", "休斯敦"});
  CHECK(zh.speakers[0].aliases == std::vector<std::string>{"阿姆斯特朗 (现场)"});
  CHECK(Field(zh, "note") == "【编者注：阿姆斯特朗正用右手扶着梯子。】");
  REQUIRE(zh.turns.size() == 3);
  CHECK(zh.turns[0].text == "我到梯子底下了。");
  // A note wrapped over lines is one note; "[Comm break.]" in brackets is a note too.
  const Transcript wrapped = ParseTranscript("109:24:13 Armstrong: I am at the foot of the ladder.\n[Neil is holding the ladder with his "
                                             "right hand\nand looking down at the footpad.]\n109:24:48 Armstrong: I am going to step off "
                                             "the LM now.\n\n[Comm break.]\n\n109:25:14 McCandless: Neil, this is Houston.\n");
  REQUIRE(wrapped.turns.size() == 3);
  CHECK(wrapped.turns[0].text == "I am at the foot of the ladder.");
  CHECK(wrapped.turns[1].text == "I am going to step off the LM now.");
  std::vector<std::string> notes;
  for (const auto& f : wrapped.meta.fields)
    if (f.first == "note") notes.push_back(f.second);
  CHECK(notes == std::vector<std::string>{"[Neil is holding the ladder with his right hand and looking down at the footpad.]",
                                          "[Comm break.]"});
  CHECK(HasWarning(wrapped, "Line 2: 2 editor's lines"));
  // A note closing a journal line, after a finished sentence; a short bracket there is a noise mark in the text.
  const Transcript inline_note = ParseTranscript("109:43:16 Aldrin: Okay. [Buzz is pointing at the TV camera on the MESA.]\n"
                                                 "109:43:20 Armstrong: Got it. [laughs]\n109:43:25 Aldrin: Good.\n");
  REQUIRE(inline_note.turns.size() == 3);
  CHECK(inline_note.turns[0].text == "Okay.");
  CHECK(Field(inline_note, "note") == "[Buzz is pointing at the TV camera on the MESA.]");
  CHECK(inline_note.turns[1].text == "Got it. [laughs]");
  // Commentary between the sentences of a journal line is set aside the same way, every one of them; a short
  // bracket, one after an unfinished sentence or one opening the line stays in the text.
  struct Inline { const char* line; const char* said; std::vector<std::string> notes; };
  const Inline inline_rows[] = {
      {"109:43:16 Aldrin: Okay. [Buzz is pointing at the TV camera.] Got it.", "Okay. Got it.",
       {"[Buzz is pointing at the TV camera.]"}},
      {"109:43:16 Aldrin: Okay. [Aldrin - \"I remember the dust was everywhere.\"] Got it. [Neil takes the camera from "
       "the MESA.] Go ahead.",
       "Okay. Got it. Go ahead.",
       {"[Aldrin - \"I remember the dust was everywhere.\"]", "[Neil takes the camera from the MESA.]"}},
      {"109:43:16 Aldrin: Okay. [Pause] Got it.", "Okay. [Pause] Got it.", {}},
      {"109:43:16 Aldrin: The footpads are in about 1 or [3 to 5 cm] 2 inches.", "The footpads are in about 1 or [3 to 5 cm] 2 inches.", {}},
      {"109:43:16 Aldrin: [Buzz is pointing at the camera.] Got it.", "[Buzz is pointing at the camera.] Got it.", {}},
  };
  for (const Inline& r : inline_rows) {
    CAPTURE(r.line);
    const Transcript j = ParseTranscript(std::string(r.line) + "\n109:43:25 Armstrong: Good.\n");
    REQUIRE(j.turns.size() == 2);
    CHECK(j.turns[0].text == r.said);
    std::vector<std::string> set_aside;
    for (const auto& f : j.meta.fields)
      if (f.first == "note") set_aside.push_back(f.second);
    CHECK(set_aside == r.notes);
    CHECK(HasWarning(j, "editor's line") == !r.notes.empty());
  }
  // Near misses: a short stage direction is a noise mark in the text; "comm break" inside speech is speech; two
  // different qualified names with no bare name stay as written; a bracketed line in unlabelled text is text.
  const Transcript laugh = ParseTranscript("Ann: Hi.\n[laughs]\nBo: Hello.\nAnn: Bye.\n");
  CHECK(Field(laugh, "note").empty());
  CHECK(AllText(laugh).find("[laughs]") != std::string::npos);
  const Transcript comm = ParseTranscript("Ann: We had a comm break.\nBo: Right.\nAnn: Yes.\n");
  CHECK(AllText(comm).find("comm break") != std::string::npos);
  const Transcript q = ParseTranscript("Dana Whitfield (she/her): Hi.\nRaj Patel: Hello.\nDana Whitfield (she/her): Bye.\n");
  CHECK(Labels(q) == std::vector<std::string>{"Dana Whitfield (she/her)", "Raj Patel"});
  const Transcript plain = ParseTranscript("We met at noon.\n\n[The recording resumes after a short break here.]\n\nThen we left.\n");
  CHECK(AllText(plain).find("recording resumes") != std::string::npos);
}

// ---- 14. Caption cues with more than one speaker

TEST_CASE("broadcast captions: every \">>\" starts a new speaker's turn, \"(JOHN)\" names one") {
  const Transcript t = Real("closed_caption_caps.srt");
  REQUIRE(t.turns.size() == 3);
  CHECK(t.turns[0].speaker == "ANNOUNCER");
  CHECK(t.turns[0].text == "Live from New York, it's the evening news.");
  CHECK(t.turns[1].speaker.empty());
  CHECK(t.turns[1].text == "Good evening. I'm Lester Holt.");
  CHECK(t.turns[1].start == 6);
  CHECK(t.turns[2].speaker == "JOHN");
  CHECK(t.turns[2].text == "Thanks, Lester.");
  CHECK(t.meta.language == "en");
  // ">>" inside a cue, and a bracketed sound in capitals that is not a name.
  const Transcript mid = ParseTranscript("1\n00:00:01,000 --> 00:00:04,000\n>> HOST: Welcome back. >> Thanks for\nhaving me.\n\n"
                                         "2\n00:00:04,000 --> 00:00:06,000\nIt's great to be here.\n\n"
                                         "3\n00:00:06,500 --> 00:00:08,000\n(LAUGHTER) Good.\n");
  CHECK(Labels(mid) == std::vector<std::string>{"HOST"});
  REQUIRE(mid.turns.size() == 2);
  CHECK(mid.turns[0].text == "Welcome back.");
  CHECK(mid.turns[1].text == "Thanks for having me. It's great to be here. (LAUGHTER) Good.");
  const Transcript zh = ParseTranscript("1\n00:00:01,000 --> 00:00:03,000\n>> 主持人：欢迎收看。\n\n2\n00:00:03,000 --> 00:00:05,000\n>> 谢谢邀请。\n");
  REQUIRE(zh.turns.size() == 2);
  CHECK(zh.turns[0].speaker == "主持人");
  CHECK(zh.turns[1].speaker.empty());
  CHECK(zh.turns[1].text == "谢谢邀请。");
  // ">>" joined to a word is not a speaker mark.
  const Transcript shell = ParseTranscript("1\n00:00:01,000 --> 00:00:03,000\nType ls>>out.txt to append.\n");
  REQUIRE(shell.turns.size() == 1);
  CHECK(shell.turns[0].text == "Type ls>>out.txt to append.");
}

TEST_CASE("film subtitles: a cue of dashed lines is two speakers; a dashed list is not") {
  const Transcript t = Real("srt_dialogue_dashes.srt");
  REQUIRE(t.turns.size() == 3);
  CHECK(t.turns[0].text == "Are you coming?");
  CHECK(t.turns[1].text == "In a minute.");
  CHECK(t.turns[1].start == 1);
  CHECK(t.turns[1].source_line == 4);
  CHECK(t.turns[2].text == "I'll wait.");   // after a dialogue, the next cue's speaker is not known
  CHECK(t.speakers.empty());
  // WebVTT, Netflix's "-Text" style, Chinese, and only the second line dashed.
  const char* inputs[] = {"WEBVTT\n\n00:01.000 --> 00:03.000\n- Are you coming?\n- In a minute.\n",
                          "1\n00:00:01,000 --> 00:00:03,000\n-Are you coming?\n-In a minute.\n",
                          "1\n00:00:01,000 --> 00:00:03,000\n-你来吗？\n-马上就来。\n",
                          "1\n00:00:01,000 --> 00:00:03,000\nAre you coming?\n- In a minute.\n"};
  for (const char* input : inputs) {
    CAPTURE(input);
    const Transcript d = ParseTranscript(input);
    REQUIRE(d.turns.size() == 2);
    CHECK(d.turns[0].text.find('-') == std::string::npos);
    CHECK(d.turns[1].text.find('-') == std::string::npos);
    CHECK(d.turns[1].start == 1);
  }
  // A list whose first line has no dash, and a lowercase continuation after a dash, are one speaker's.
  const Transcript list = ParseTranscript("1\n00:00:01,000 --> 00:00:04,000\nWe need three things:\n- a sharp knife\n- a board\n");
  REQUIRE(list.turns.size() == 1);
  CHECK(list.turns[0].text == "We need three things: - a sharp knife - a board");
  const Transcript cont = ParseTranscript("1\n00:00:01,000 --> 00:00:04,000\nHe said it was fine.\n- and then he left\n");
  REQUIRE(cont.turns.size() == 1);
  // One dashed line alone is one speaker.
  const Transcript one = ParseTranscript("1\n00:00:01,000 --> 00:00:02,000\n- I know.\n");
  REQUIRE(one.turns.size() == 1);
  CHECK(one.turns[0].text == "I know.");
}

// ---- 15. Windows-1252

TEST_CASE("a Windows-1252 file is decoded with a note naming the encoding; broken UTF-8 keeps U+FFFD") {
  const Transcript t = Real("cp1252_latin1.srt");
  REQUIRE(t.turns.size() == 1);
  CHECK(t.turns[0].text == "Caf\xC3\xA9 au lait, s'il vous pla\xC3\xAEt. Merci beaucoup.");
  CHECK(HasWarning(t, "Line 3: the file is not UTF-8 but Windows-1252"));
  CHECK_FALSE(HasWarning(t, "invalid UTF-8"));
  // The characters Windows-1252 has where Latin-1 has controls.
  const Transcript q = ParseTranscript("Alice: \x93Quoted\x94 \x80" "5 \x96 fine\nBob: ok\n");
  REQUIRE(q.turns.size() == 2);
  CHECK(q.turns[0].text == "\xE2\x80\x9CQuoted\xE2\x80\x9D \xE2\x82\xAC" "5 \xE2\x80\x93 fine");
  // A short French file with many accents.
  const Transcript fr = ParseTranscript("1\n00:00:01,000 --> 00:00:02,000\nD\xE9j\xE0 \xE9t\xE9 l\xE0, c'est s\xFBr.\n");
  REQUIRE(fr.turns.size() == 1);
  CHECK(fr.turns[0].text == "D\xC3\xA9j\xC3\xA0 \xC3\xA9t\xC3\xA9 l\xC3\xA0, c'est s\xC3\xBBr.");
  // Not Windows-1252: a byte it leaves undefined; UTF-8 elsewhere in the file; mostly high bytes (Cyrillic).
  const char* broken[] = {"Alice: caf\xE9 \x81 au lait\nBob: ok\n", "Alice: caf\xE9 au lait\nBob: d\xC3\xA9j\xC3\xA0 vu\n",
                          "\xCF\xF0\xE8\xE2\xE5\xF2 \xEC\xE8\xF0 ok\n"};
  for (const char* input : broken) {
    CAPTURE(input);
    const Transcript b = ParseTranscript(input);
    CHECK(HasWarning(b, "invalid UTF-8"));
    CHECK_FALSE(HasWarning(b, "Windows-1252"));
    CHECK(AllText(b).find("\xEF\xBF\xBD") != std::string::npos);
  }
  // The app's input path decodes it too.
  std::string file = test::Fixture("transcripts_real/cp1252_latin1.srt");
  const std::string note = CleanTranscriptInput(file);
  CHECK(note.find("Windows-1252") != std::string::npos);
  CHECK(file.find("Caf\xC3\xA9") != std::string::npos);
}

TEST_CASE("a file that is not text is named by its first bytes or its control characters; text in any encoding is text") {
  struct Case { const char* name; std::string bytes; const char* kind; };
  auto repeat = [](const std::string& s, size_t bytes) { std::string out; while (out.size() < bytes) out += s; return out; };
  const std::string utf16 = test::Fixture("transcripts_real/utf16le_bom.srt");
  const std::vector<Case> cases = {
      {"PNG", test::NoiseBytes(2048, "\x89PNG\r\n\x1A\n"), "a PNG image"},
      {"PNG read as UTF-8 text", "\xEF\xBF\xBDPNG\r\n\x1A\n" + test::NoiseBytes(2048, ""), "a PNG image"},
      {"GIF", test::NoiseBytes(2048, "GIF89a"), "a GIF image"},
      {"JPEG", test::NoiseBytes(2048, "\xFF\xD8\xFF\xE0\x00\x10JFIF"), "a JPEG image"},
      {"PDF", "%PDF-1.7\n" + repeat("1 0 obj << /Type /Catalog >> endobj\n", 2048), "a PDF document"},
      {"DOCX", test::NoiseBytes(2048, std::string("PK\x03\x04\x14\0\x06\0", 8)), "a ZIP archive (or .docx)"},
      {"MP3", test::NoiseBytes(2048, "ID3\x04"), "an audio file"},
      {"WAV", test::NoiseBytes(2048, std::string("RIFF\x24\x08\0\0WAVEfmt ", 16)), "an audio file"},
      {"MP4", test::NoiseBytes(2048, std::string("\0\0\0\x20" "ftypisom", 12)), "a video file"},
      {"random bytes", test::NoiseBytes(2048, ""), "binary data"},
      {"UTF-16 with a byte order mark", utf16, ""},
      {"UTF-16 without one", utf16.substr(2), ""},
      {"Windows-1252", test::Fixture("transcripts_real/cp1252_latin1.srt"), ""},
      {"Windows-1251 (Cyrillic, read with U+FFFD)", repeat("\xCF\xF0\xE8\xE2\xE5\xF2, \xEC\xE8\xF0.\r\n", 2048), ""},
      {"a short text with NUL bytes", std::string("Alice: hello\0world.\0\0\nBob: yes\x01 indeed.\n", 40), ""},
      {"tabs and form feeds", repeat("Alice:\tyes.\f\r\n", 2048), ""},
      {"the sample interview", test::ReadFile("assets/samples/interview_en.txt"), ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(BinaryKind(c.bytes) == c.kind);
    CHECK(TranscriptInputProblem(c.bytes).empty() == (*c.kind == 0));
  }
}

TEST_CASE("a Central European file (Windows-1250, ISO-8859-2) is told from a Western one by its letters; Western stays Windows-1252") {
  struct Row { const char* language; const char* bytes; const char* text; const char* code_page; };
  const Row rows[] = {
      {"Polish", "Wczoraj by\xB3" "em w \xA3odzi i kupi\xB3" "em ksi\xB9\xBFk\xEA. Za\xBF\xF3\xB3\xE6 g\xEA\x9Cl\xB9 ja\x9F\xF1, powiedzia\xB3 m\xF3j przyjaciel.",
       "Wczoraj byłem w Łodzi i kupiłem książkę. Zażółć gęślą jaźń, powiedział mój przyjaciel.", "Windows-1250"},
      {"Czech", "Dobr\xFD ve\xE8" "er, d\xECkuji v\xE1m za pozv\xE1n\xED. \xD8" "ekl bych, \x9E" "e p\xF8" "edn\xE1\x9Aka byla velmi zaj\xEDmav\xE1 a p\xF8\xED\x9At\xED rok p\xF8ijedu znovu.",
       "Dobrý večer, děkuji vám za pozvání. Řekl bych, že přednáška byla velmi zajímavá a příští rok přijedu znovu.", "Windows-1250"},
      {"Slovak", "\xCF" "akujem za pozvanie. \xBCudia v na\x9Aom meste s\xFA ve\xBEmi mil\xED a \x9D" "a\x9Eko sa mi odch\xE1" "dza.",
       "Ďakujem za pozvanie. Ľudia v našom meste sú veľmi milí a ťažko sa mi odchádza.", "Windows-1250"},
      {"Hungarian", "J\xF3 est\xE9t k\xEDv\xE1nok! Az el\xF5" "ad\xE1s nagyon \xE9rdekes volt, k\xF6sz\xF6n\xF6m sz\xE9pen. A m\xFBsor ut\xE1n h\xFBv\xF6s sz\xE9l f\xFAjt, \xE9s a n\xF5 sok\xE1ig v\xE1rt.",
       "Jó estét kívánok! Az előadás nagyon érdekes volt, köszönöm szépen. A műsor után hűvös szél fújt, és a nő sokáig várt.", "Windows-1250"},
      {"Croatian", "Hvala vam \x9Ato ste do\x9Ali. Me\xF0utim, na ro\xF0" "endan smo jeli \xE6" "evap\xE8i\xE6" "e, a \xF0" "aci su \xE8itali knjige.",
       "Hvala vam što ste došli. Međutim, na rođendan smo jeli ćevapčiće, a đaci su čitali knjige.", "Windows-1250"},
      {"Romanian", "Bun\xE3 ziua, mul\xFEumesc pentru invita\xFEie. A\xBA" "a c\xE3 \xBAi eu sunt bucuros c\xE3 am ajuns aici, \xEEn \xFE" "ar\xE3.",
       "Bună ziua, mulţumesc pentru invitaţie. Aşa că şi eu sunt bucuros că am ajuns aici, în ţară.", "Windows-1250"},
      {"Polish, ISO-8859-2", "Wczoraj by\xB3" "em w \xA3odzi i kupi\xB3" "em ksi\xB1\xBFk\xEA. Za\xBF\xF3\xB3\xE6 g\xEA\xB6l\xB1 ja\xBC\xF1, powiedzia\xB3 m\xF3j przyjaciel.",
       "Wczoraj byłem w Łodzi i kupiłem książkę. Zażółć gęślą jaźń, powiedział mój przyjaciel.", "ISO-8859-2"},
      {"Czech, ISO-8859-2", "P\xF8\xED\xB9t\xED t\xFD" "den pojedeme do Ostravy. \xA9\xBB" "astn\xFD \xE8lov\xECk \xF8\xEDk\xE1, \xBE" "e \xBE\xE1" "dn\xE1 pr\xE1" "ce nen\xED t\xEC\xBEk\xE1.",
       "Příští týden pojedeme do Ostravy. Šťastný člověk říká, že žádná práce není těžká.", "ISO-8859-2"},
      {"French", "D\xE9j\xE0 vu : le gar\xE7on a mang\xE9 une cr\xE8me br\xFBl\xE9" "e \xE0 l'h\xF4tel, o\xF9 l'on parlait fran\xE7" "ais et grec. C'\xE9tait tr\xE8s bien.",
       "Déjà vu : le garçon a mangé une crème brûlée à l'hôtel, où l'on parlait français et grec. C'était très bien.", "Windows-1252"},
      {"German", "\xDC" "ber die Br\xFC" "cke gehen wir t\xE4glich, weil das Caf\xE9 dort sch\xF6n ist. Die Stra\xDF" "e ist gro\xDF.",
       "Über die Brücke gehen wir täglich, weil das Café dort schön ist. Die Straße ist groß.", "Windows-1252"},
      {"Spanish", "\xBF" "D\xF3nde est\xE1 el ni\xF1o? \xA1Qu\xE9 a\xF1o! El se\xF1or habl\xF3 de la canci\xF3n en el avi\xF3n.",
       "¿Dónde está el niño? ¡Qué año! El señor habló de la canción en el avión.", "Windows-1252"},
      {"Danish", "Vi s\xE5 en r\xF8" "d bil p\xE5 vejen, og bagefter spiste vi \xE6" "bler ved s\xF8" "en. Det var en god dag for S\xF8ren.",
       "Vi så en rød bil på vejen, og bagefter spiste vi æbler ved søen. Det var en god dag for Søren.", "Windows-1252"},
      {"Italian", "Perch\xE9 \xE8 cos\xEC difficile? La citt\xE0 \xE8 bella e pi\xF9 grande di quanto pensassi, per\xF2 il caff\xE8 \xE8 buono.",
       "Perché è così difficile? La città è bella e più grande di quanto pensassi, però il caffè è buono.", "Windows-1252"},
      {"Portuguese", "N\xE3o sei se voc\xEA j\xE1 ouviu falar da can\xE7\xE3o; ela \xE9 muito popular no cora\xE7\xE3o do pa\xEDs.",
       "Não sei se você já ouviu falar da canção; ela é muito popular no coração do país.", "Windows-1252"},
      {"Swedish", "Vi \xE5kte till G\xF6teborg p\xE5 m\xE5ndag och \xE5t r\xE4ksm\xF6rg\xE5s vid \xE4lven.",
       "Vi åkte till Göteborg på måndag och åt räksmörgås vid älven.", "Windows-1252"},
      {"English with loanwords", "The na\xEFve critic said the cr\xE8me br\xFBl\xE9" "e was \xE0 la mode, and \xC5ngstr\xF6m units measure it.",
       "The naïve critic said the crème brûlée was à la mode, and Ångström units measure it.", "Windows-1252"},
      {"French with typographic quotes", "\x93" "C'est l\xE0\x94 \x97 dit-il \x96 \xABvoil\xE0\xBB, \x9Cuvre co\xFBte 5\xA0\x80.",
       "“C'est là” — dit-il – «voilà», œuvre coûte 5 €.", "Windows-1252"},

  };
  for (const Row& r : rows) {
    CAPTURE(r.language);
    const Transcript t = ParseTranscript(std::string(r.bytes) + "\n");
    REQUIRE(t.turns.size() == 1);
    CHECK(t.turns[0].text == r.text);
    CHECK(HasWarning(t, std::string("Line 1: the file is not UTF-8 but ") + r.code_page + " ("));
    CHECK_FALSE(HasWarning(t, "invalid UTF-8"));
    // The app's input path reads it the same way.
    std::string file = std::string(r.bytes) + "\n";
    const std::string note = CleanTranscriptInput(file);
    CHECK(note.find(std::string("not UTF-8 but ") + r.code_page + " (") != std::string::npos);
    CHECK(file == std::string(r.text) + "\n");
  }
  // A byte no candidate code page defines keeps the file as broken UTF-8.
  const Transcript b = ParseTranscript("Wczoraj by\xB3" "em w \xA3odzi \x81 i kupi\xB3" "em.\n");
  CHECK(HasWarning(b, "invalid UTF-8"));
  CHECK_FALSE(HasWarning(b, "not UTF-8 but"));
}

TEST_CASE("English is recognised by its words at line starts and before punctuation; other Latin-script text is not English") {
  CHECK(DetectLanguage("hello there and welcome\ntoday we have a special guest\nshe built the first solar boat\nthat's a wrap") == "en");
  CHECK(DetectLanguage("Are you coming? In a minute. I'll wait.") == "en");
  CHECK(DetectLanguage("Nous avons parl\xC3\xA9 de la fus\xC3\xA9" "e et de ce que vous pensez de l'avenir. Il a dit que la mission est en retard.") == "und");
  CHECK(DetectLanguage("Wir haben \xC3\xBC" "ber die Rakete gesprochen, und was du denkst. Er sagt, so ist es in der Mission, was wir wollen.") == "und");
  CHECK(DetectLanguage("We hebben het over de raket gehad en wat je denkt. Hij zegt dat het zo is, we weten het niet.") == "und");
  CHECK(DetectLanguage("Hablamos del cohete y de lo que piensas sobre el futuro. \xC3\x89l dijo que la misi\xC3\xB3n est\xC3\xA1 retrasada.") == "und");
}

TEST_CASE("broadcast captions: bracketed sounds and manners in capitals are not speaker names") {
  const char* not_names[] = {"(LAUGHTER) Okay.", "(MUMBLING) Okay.", "(SOFTLY) Okay.", "(ON RADIO) Okay.", "[DOOR SLAMS] Okay.",
                             "(V.O.) Okay.", "(SPEAKING SPANISH) Okay."};
  for (const char* cue : not_names) {
    CAPTURE(cue);
    const Transcript t = ParseTranscript(std::string("1\n00:00:01,000 --> 00:00:02,000\n") + cue + "\n");
    CHECK(t.speakers.empty());
  }
  const Transcript named = ParseTranscript("1\n00:00:01,000 --> 00:00:02,000\n(MARIA) Okay.\n\n2\n00:00:02,000 --> 00:00:03,000\n[DR. LEE] Fine.\n");
  CHECK(Labels(named) == std::vector<std::string>{"MARIA", "DR. LEE"});
}

TEST_CASE("captions pasted as text: \"(NAME) text\" at line starts names speakers when the file keeps to it") {
  // Names ending in -ING or -LY read like manners ("(SOFTLY)"); coming back at line starts as the speakers of a file
  // that names its speakers in brackets, they are names.
  const std::string play = "(IRVING) Where were you last night?\n"
                           "(KELLY) At the theatre, with Sterling.\n"
                           "(IRVING) (LAUGHING) Of course you were.\n"
                           "(STERLING) She was. I can vouch for it.\n"
                           "(KELLY) Thank you.\n"
                           "(STERLING) Don't mention it.\n"
                           "(MAYA) Dinner is ready.\n";
  const Transcript t = ParseTranscript(play);
  CHECK(t.format == TranscriptFormat::Speaker);
  CHECK(Labels(t) == std::vector<std::string>{"IRVING", "KELLY", "STERLING", "MAYA"});
  REQUIRE(t.turns.size() == 7);
  CHECK(t.turns[0].text == "Where were you last night?");
  CHECK(t.turns[2].speaker == "IRVING");
  CHECK(t.turns[2].text == "(LAUGHING) Of course you were.");
  CHECK(t.turns[3].speaker == "STERLING");
  // Plain names in capitals, in either bracket.
  const Transcript news = ParseTranscript("(ANNOUNCER) Live from New York.\n[LESTER HOLT] Good evening.\n(ANNOUNCER) Stay with us.\n");
  CHECK(Labels(news) == std::vector<std::string>{"ANNOUNCER", "LESTER HOLT"});

  struct Case { const char* input; std::vector<std::string> labels; const char* kept_text; };
  const Case cases[] = {
      // A manner at line starts among named speakers: said once, or written inside a line too.
      {"(JOHN) Hi there.\n(MARY) Hello.\n(SOFTLY) I know.\n(JOHN) Well then.\n", {"JOHN", "MARY"}, "(SOFTLY) I know."},
      {"(JOHN) Hi there.\n(SOFTLY) I know.\n(MARY) Hello. (SOFTLY) Go.\n(SOFTLY) Go away.\n(JOHN) Fine.\n", {"JOHN", "MARY"},
       "(SOFTLY) Go away."},
      // Sounds stay sounds.
      {"(LAUGHTER) Okay.\n(APPLAUSE) Thank you.\n(LAUGHTER) Right.\n", {}, "(APPLAUSE) Thank you."},
      {"(SIGHING) Okay.\n(MUMBLING) Fine.\n(SIGHING) Right.\n(MUMBLING) Yes.\n", {}, "(SIGHING) Right."},
      // Words that read like manners alone do not make a file of bracketed speakers: one plain name must be among them.
      {"(SOFTLY) Okay.\n(QUIETLY) Fine.\n(SOFTLY) Right.\n(QUIETLY) Yes.\n", {}, "(QUIETLY) Yes."},
      // One name in brackets is not a file of bracketed speakers; nor two names on two lines only.
      {"(NASA) The launch is set.\nIt will be on Friday.\n(NASA) More later.\n", {}, "(NASA) More later."},
      {"(JOHN) Hi there.\n(MARY) Hello.\n", {}, "(MARY) Hello."},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    const Transcript p = ParseTranscript(c.input);
    CHECK(Labels(p) == c.labels);
    CHECK(AllText(p).find(c.kept_text) != std::string::npos);
  }
  // Subtitle cues: a plain name in a cue needs no other cue; a name that reads like a manner needs the same file rule
  // as lines (see the next test case).
  const Transcript cue = ParseTranscript("1\n00:00:01,000 --> 00:00:02,000\n(KELLY) Okay.\n");
  CHECK(cue.speakers.empty());
}

TEST_CASE("caption cues: \"(KELLY)\" names a speaker when the file's cues name theirs in brackets and it comes back") {
  // SRT, WebVTT and SBV: the cue text is what matters, so one helper writes each file's cues.
  auto srt = [](const std::vector<const char*>& texts) {
    std::string out;
    for (size_t k = 0; k < texts.size(); ++k)
      out += std::to_string(k + 1) + "\n00:00:0" + std::to_string(k) + ",000 --> 00:00:0" + std::to_string(k + 1) + ",000\n" +
             texts[k] + "\n\n";
    return out;
  };
  auto vtt = [](const std::vector<const char*>& texts) {
    std::string out = "WEBVTT\n\n";
    for (size_t k = 0; k < texts.size(); ++k)
      out += "00:00:0" + std::to_string(k) + ".000 --> 00:00:0" + std::to_string(k + 1) + ".000\n" + texts[k] + "\n\n";
    return out;
  };
  struct Case { std::vector<const char*> cues; std::vector<std::string> labels; const char* kept_text; };
  const Case cases[] = {
      // A cast in brackets, two of its names reading like manners: all four are speakers; "(LAUGHING)" stays text.
      {{"(IRVING) Where were you last night?", "(KELLY) At the theatre, with Sterling.", "(IRVING) (LAUGHING) Of course you were.",
        "(STERLING) She was. I can vouch for it.", "(KELLY) Thank you.", "(STERLING) Don't mention it.", "(MAYA) Dinner is ready."},
       {"IRVING", "KELLY", "STERLING", "MAYA"}, "(LAUGHING) Of course you were."},
      // Said once, such a name is not told from a manner: it stays the cue's text.
      {{"(IRVING) Where were you?", "(KELLY) Out.", "(IRVING) Alone?", "(STERLING) With me.", "(KELLY) Yes.", "(MAYA) Dinner."},
       {"IRVING", "KELLY", "MAYA"}, "(STERLING) With me."},
      // A manner said once at a cue start stays the cue's text.
      {{"(JOHN) Hi there.", "(MARY) Hello.", "(SOFTLY) I know.", "(JOHN) Well then."}, {"JOHN", "MARY"}, "(SOFTLY) I know."},
      // Written inside a cue too, it is a manner wherever it stands.
      {{"(JOHN) Hi there.", "(SOFTLY) I know.", "(MARY) Hello. (SOFTLY) Go.", "(SOFTLY) Go away.", "(JOHN) Fine."},
       {"JOHN", "MARY"}, "(SOFTLY) Go away."},
      // No plain name in brackets: manner-like words alone make no cast.
      {{"(SOFTLY) Okay.", "(QUIETLY) Fine.", "(SOFTLY) Right.", "(QUIETLY) Yes."}, {}, "(QUIETLY) Yes."},
      // Subtitles for the deaf in sentence case: names that come back at cue starts are the cast; a sound or a
      // manner in the same brackets stays text.
      {{"[Alba] Where were you?", "[Marco] Out.", "[Alba] Alone?", "[Whispering] Quiet now.", "[Marco] With Mrs. Hale.",
        "[Mrs. Hale] He was.", "[Rain] falls on the roof.", "[Mrs. Hale] Truly."},
       {"Alba", "Marco", "Mrs. Hale"}, "[Whispering] Quiet now."},
      {{"[Alba] Where were you?", "[Marco] Out.", "[Alba] Alone?", "[Marco] Yes."}, {"Alba", "Marco"}, "Yes."},
      // One name alone could be a sound: no cast.
      {{"[Alba] Hello.", "[Alba] Again.", "[Alba] Bye."}, {}, "[Alba] Bye."},
      {{"[Thunder] Get inside!", "[Thunder] Now!", "[Sirens] Run.", "[Sirens] Go."}, {}, "[Sirens] Go."},
  };
  for (const Case& c : cases) {
    for (const std::string& file : {srt(c.cues), vtt(c.cues)}) {
      CAPTURE(file);
      const Transcript t = ParseTranscript(file);
      CHECK(Labels(t) == c.labels);
      CHECK(AllText(t).find(c.kept_text) != std::string::npos);
    }
  }
  // Remove noise leaves the names of a sentence-case cast alone (they are speakers, not sounds).
  ParseOptions noise;
  noise.remove_noise = true;
  const Transcript cast = ParseTranscript(srt(cases[5].cues), noise);
  CHECK(Labels(cast) == cases[5].labels);
  CHECK(AllText(cast).find("[Whispering]") == std::string::npos);
  CHECK(AllText(cast).find("Quiet now.") != std::string::npos);
  // The label leaves the text of the turn it names.
  const Transcript t = ParseTranscript(srt(cases[0].cues));
  REQUIRE(t.turns.size() >= 2);
  CHECK(t.turns[1].speaker == "KELLY");
  CHECK(t.turns[1].text == "At the theatre, with Sterling.");
}

// ---- The shapes above in one table: speakers, turns, times and a detail each file must give

TEST_CASE("real-shaped exports: speakers, turn count, times and details, one row per file") {
  struct Row {
    const char* file;
    std::vector<std::string> labels;
    std::vector<double> starts;          // every turn's start, in order (-1: no time)
    std::vector<std::string> speakers;   // every turn's speaker, in order
    const char* field_key;               // a detail the file must give ("" for none)
    const char* field_value;
    const char* language;
  };
  const Row rows[] = {
      {"youtube_transcript_panel.txt", {}, {0, 4, 7, 3765}, {"", "", "", ""}, "header", "Transcript \xC2\xB7 Search in video", "en"},
      {"youtube_transcript_inline.txt", {}, {0, 3765}, {"", ""}, "", "", "en"},
      {"markdown_heading_speakers.md", {"Host", "Ana Ruiz"}, {3, 9, 14}, {"Host", "Ana Ruiz", "Host"}, "heading", "Interview with Ana Ruiz", "en"},
      {"nasa_goss_net.txt", {"CDR", "CC"}, {4, 13, 15, 34, 44, 45}, {"CDR", "CDR", "CC", "CDR", "CDR", "CC"}, "tape", "1/1", "en"},
      {"alsj_lunar_surface.txt", {"Armstrong", "McCandless"}, {393853, 393888, 393888, 393914},
       {"Armstrong", "Armstrong", "Armstrong", "McCandless"}, "note", "[Neil is holding the ladder with his right hand.]", "en"},
      {"afj_flight_journal.txt", {"Collins", "McCandless"}, {13, 15, 34, 65}, {"Collins", "McCandless", "Collins", "Collins"},
       "note", "Comm break.", "en"},
      {"closed_caption_caps.srt", {"ANNOUNCER", "JOHN"}, {1, 6, 8.5}, {"ANNOUNCER", "", "JOHN"}, "", "", "en"},
      {"srt_dialogue_dashes.srt", {}, {1, 1, 3.5}, {"", "", ""}, "", "", "en"},
      {"cp1252_latin1.srt", {}, {1}, {""}, "", "", nullptr},
  };
  for (const Row& r : rows) {
    CAPTURE(r.file);
    const Transcript t = Real(r.file);
    CHECK(Labels(t) == r.labels);
    REQUIRE(t.turns.size() == r.starts.size());
    for (size_t k = 0; k < t.turns.size(); ++k) {
      CAPTURE(k);
      CHECK(t.turns[k].start == r.starts[k]);
      CHECK(t.turns[k].speaker == r.speakers[k]);
      CHECK_FALSE(t.turns[k].text.empty());
      CHECK(t.turns[k].text[0] != '-');
      CHECK(t.turns[k].text.find("\xEF\xBF\xBD") == std::string::npos);
    }
    if (*r.field_key) CHECK(Field(t, r.field_key) == r.field_value);
    if (r.language) CHECK(t.meta.language == r.language);
  }
}

TEST_CASE("Zoom's saved captions: a bracketed name and a clock time head each block") {
  const Transcript t = Real("zoom_saved_captions.txt");
  CHECK(Labels(t) == std::vector<std::string>{"Speaker A", "Speaker B", "Speaker C"});
  REQUIRE(t.turns.size() == 12);
  CHECK(t.turns[0].speaker == "Speaker A");
  CHECK(t.turns[0].start == 15 * 3600 + 5 * 60 + 17);
  CHECK(t.turns[6].speaker == "Speaker B");
  CHECK(t.turns[11].speaker == "Speaker C");
  for (const Turn& turn : t.turns) {
    CHECK(turn.text.find('[') == std::string::npos);
    CHECK(turn.text.find("15:0") == std::string::npos);
  }
  // Brackets that hold a sound are not a name.
  const Transcript music = ParseTranscript("[Music] 0:05\nla la\n\n[Speaker A] 0:09\nWelcome back.\n\n[Speaker B] 0:15\nThanks.\n");
  CHECK(Labels(music) == std::vector<std::string>{"Speaker A", "Speaker B"});
  REQUIRE(music.turns.size() == 3);
  CHECK(music.turns[1].start == 9);
}

TEST_CASE("a file whose every line ends CR CR LF reads as the CRLF file it was") {
  for (const char* name : {"srt_cr_cr_lf.srt", "vtt_cr_cr_lf.vtt"}) {
    CAPTURE(name);
    std::string file = test::Fixture(std::string("transcripts_real/") + name);
    CleanTranscriptInput(file);
    CHECK(file.find("\r\r\n") == std::string::npos);
    const Transcript t = ParseTranscript(file);
    CHECK(t.warnings.empty());
    const std::string all = AllText(t);
    CHECK(all.find("00:00") == std::string::npos);
    CHECK(t.turns.front().start == 1);
    CHECK(t.turns.back().end == 5);
    if (std::string(name).find("vtt") != std::string::npos) {
      CHECK(Labels(t) == std::vector<std::string>{"Jane", "John"});
    } else {
      CHECK(all == "Hello there, this is the first cue. And this is the second one.\n");
    }
  }
  // One stray CR CR LF in a text is not a file of them: left as it is.
  std::string prose = "Host: One.\r\r\nGuest: Two.\r\nHost: Three.\r\nGuest: Four.\r\n";
  CleanTranscriptInput(prose);
  CHECK(prose.find("\r\r\n") != std::string::npos);
}

TEST_CASE("YouTube auto-captions converted to SRT: rolling repeats removed, a first line of one space kept in its cue") {
  for (const char* name : {"srt_youtube_auto_ytdlp.srt", "srt_youtube_auto_rolling.srt"}) {
    CAPTURE(name);
    const Transcript t = Real(name);
    const std::string all = AllText(t);
    CHECK(HasWarning(t, "Rolling captions"));
    CHECK_FALSE(HasWarning(t, "no timing line"));
    CHECK_FALSE(HasWarning(t, "had no text"));
    // Every line of speech once.
    for (const char* line : {"hey everyone welcome back", "to the channel today we are", "This is the first line",
                             "This is what happens when another line is added"}) {
      const size_t at = all.find(line);
      if (at != std::string::npos) CHECK(all.find(line, at + 1) == std::string::npos);
    }
    CHECK(t.turns.front().start == 0);
  }
  CHECK(AllText(Real("srt_youtube_auto_ytdlp.srt")) == "hey everyone welcome back to the channel today we are talking about sourdough bread\n");
  CHECK(AllText(Real("srt_youtube_auto_rolling.srt")) ==
        "This is the first line This is what happens when another line is added If a third one is added the first one "
        "disappears and the second one shoots up\n");
  // One-line cues that repeat the line before are someone saying it again (a chorus, Whisper's loops): kept.
  const Transcript chorus = ParseTranscript(
      "1\n00:00:01,000 --> 00:00:02,000\nNa na na\n\n2\n00:00:02,000 --> 00:00:03,000\nNa na na\n\n"
      "3\n00:00:03,000 --> 00:00:04,000\nNa na na\n\n4\n00:00:04,000 --> 00:00:05,000\nNa na na\nhey hey\n\n");
  CHECK_FALSE(HasWarning(chorus, "Rolling"));
  CHECK(AllText(chorus) == "Na na na Na na na Na na na Na na na hey hey\n");
}

TEST_CASE("Premiere Pro's text export: a timecode range, the speaker on its own line, then the words") {
  const Transcript en = Real("premiere_text_export.txt");
  CHECK(Labels(en) == std::vector<std::string>{"Speaker 1", "Speaker 2"});
  REQUIRE(en.turns.size() == 3);
  CHECK(en.turns[0].start == 0);
  CHECK(en.turns[1].start == 5);    // 00:00:05:04: five seconds and four frames, not five minutes
  CHECK(en.turns[2].start == 62);
  CHECK(en.turns[1].text == "Thanks for having me. It is great to be here.");
  const Transcript ja = Real("premiere_text_export_ja.txt");
  CHECK(Labels(ja) == std::vector<std::string>{"スピーカー 1", "スピーカー 2"});
  REQUIRE(ja.turns.size() == 2);
  CHECK(ja.turns[0].start == 83);
  CHECK(ja.turns[1].start == 154);
  // A drop-frame sequence (29.97 fps) writes semicolons: all of them, or before the frames only.
  for (const char* sep : {";", ":"}) {
    const std::string tc = std::string("00") + sep + "01" + sep + "23";
    const Transcript df = ParseTranscript("00;00;00;00 - " + tc + ";10\nSpeaker 1\nWelcome back.\n\n" + tc + ";12 - 00;02;00;00\nSpeaker 2\nGlad to be here.\n");
    CAPTURE(tc);
    CHECK(Labels(df) == std::vector<std::string>{"Speaker 1", "Speaker 2"});
    REQUIRE(df.turns.size() == 2);
    CHECK(df.turns[1].start == 83);
    CHECK(AllText(df) == "Welcome back.\nGlad to be here.\n");
  }
  // The same layout with plain times; and a mission's DD:HH:MM:SS (never a range) keeps its days.
  const Transcript plain = ParseTranscript("00:00:00 - 00:00:05\nSpeaker 1\nWelcome to the show.\n\n00:00:05 - 00:00:12\nSpeaker 2\nThanks for having me.\n");
  CHECK(Labels(plain) == std::vector<std::string>{"Speaker 1", "Speaker 2"});
  REQUIRE(plain.turns.size() == 2);
  CHECK(plain.turns[1].start == 5);
  CHECK(AllText(plain) == "Welcome to the show.\nThanks for having me.\n");
  double t = 0;
  REQUIRE(ParseTimestamp("01:02:03:04", &t));
  CHECK(t == 1 * 86400 + 2 * 3600 + 3 * 60 + 4);
  // A time line over a line of text that is not a name stays text ("Intro" then the next time).
  const Transcript panel = ParseTranscript("0:00 - 0:02\nIntro\n0:02 - 0:09\nSo today we look at rockets.\n");
  CHECK(Labels(panel).empty());
}

TEST_CASE("speech-to-text JSON from AssemblyAI, Deepgram, Rev.ai, whisper.cpp, OpenAI and Hugging Face") {
  struct Row { const char* file; const char* source; std::vector<std::string> speakers; std::vector<double> starts; const char* first_text; };
  const Row rows[] = {
      {"speech_api_assemblyai.json", "AssemblyAI", {"Speaker A", "Speaker B"}, {0.25, 2.4}, "Hello and welcome to the show."},
      {"speech_api_deepgram.json", "Deepgram", {"Speaker 0", "Speaker 1"}, {0.25, 2.4}, "Hello and welcome to the show."},
      {"speech_api_revai.json", "Rev.ai", {"Speaker 0", "Speaker 1"}, {0.25, 2.4}, "Hello and welcome."},
      // Segments without speakers join into paragraphs, as Whisper's do.
      {"speech_api_whispercpp_oj.json", "whisper.cpp", {""}, {0}, "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country."},
      {"speech_api_openai_words.json", "OpenAI", {""}, {-1}, "The beach was a popular spot on a hot summer day. People were swimming in the ocean."},
      {"speech_api_insanely_fast_whisper.json", "Hugging Face", {""}, {0}, "The beach was a popular spot on a hot summer day. People were swimming in the ocean."},
  };
  for (const Row& r : rows) {
    CAPTURE(r.file);
    const Transcript t = Real(r.file);
    CHECK(t.format == TranscriptFormat::SpeechApiJson);
    CHECK(HasWarning(t, std::string("Read as ") + r.source));
    REQUIRE(t.turns.size() == r.starts.size());
    for (size_t k = 0; k < t.turns.size(); ++k) {
      CAPTURE(k);
      CHECK(t.turns[k].speaker == r.speakers[k]);
      CHECK(t.turns[k].start == doctest::Approx(r.starts[k]));
      CHECK(t.turns[k].text.find('{') == std::string::npos);
      CHECK(t.turns[k].text.find("\"") == std::string::npos);
    }
    CHECK(t.turns[0].text == r.first_text);
  }
  // Chosen by hand for JSON that is none of these: said, and read as text.
  ParseOptions forced;
  forced.format = TranscriptFormat::SpeechApiJson;
  const Transcript other = ParseTranscript(R"({"hello": "world"})", forced);
  CHECK(HasWarning(other, "not a transcript JSON"));
  REQUIRE(other.turns.size() == 1);
  CHECK(other.turns[0].text.find("world") != std::string::npos);
  // JSON of no known shape is still said to be so.
  CHECK(HasWarning(ParseTranscript(R"({"items": [1, 2, 3]})"), "not a transcript JSON"));
}

TEST_CASE("XML captions: TTML / DFXP with clock, tick and frame times, and YouTube's timedtext") {
  const Transcript dfxp = Real("ttml_dfxp_pycaption.xml");
  CHECK(dfxp.format == TranscriptFormat::XmlCaptions);
  const std::string all = AllText(dfxp);
  CHECK(all.find('<') == all.find("<LAUGHING & WHOOPS!>"));   // the only '<' is the caption's own, decoded
  CHECK(all.find("region=") == std::string::npos);
  CHECK(all.find("we have this vision of Einstein") != std::string::npos);
  CHECK(dfxp.turns.front().start == doctest::Approx(9.209));
  CHECK(Labels(dfxp) == std::vector<std::string>{"MAN", "MAN 2"});

  const Transcript ticks = Real("ttml_netflix_ticks.xml");
  REQUIRE(ticks.turns.size() >= 2);
  CHECK(ticks.turns.front().start == doctest::Approx(1.001));
  CHECK(ticks.turns.front().text.rfind("Where were you last night?", 0) == 0);
  CHECK(AllText(ticks).find("You didn't.") != std::string::npos);
  CHECK(ticks.turns.back().start == doctest::Approx(60.06));

  const Transcript frames = Real("ttml_premiere_frames.xml");
  CHECK(Labels(frames) == std::vector<std::string>{"JANE", "JOHN"});
  REQUIRE(frames.turns.size() == 2);
  CHECK(frames.turns[0].start == doctest::Approx(1.48));   // 1 s and 12 frames at 25 frames a second
  CHECK(frames.turns[1].start == doctest::Approx(4));

  const Transcript srv3 = Real("youtube_srv3.xml");
  CHECK(AllText(srv3) == "hey everyone welcome back to the channel & today we talk about sourdough bread\n");
  CHECK(srv3.turns.front().start == doctest::Approx(1.2));
  const Transcript srv1 = Real("youtube_srv1.xml");
  CHECK(AllText(srv1).find("it's great to be here") != std::string::npos);
  CHECK(srv1.turns.front().start == doctest::Approx(1.2));

  // TTML time expressions (TTML 1 §10.3.1).
  const Transcript offsets = ParseTranscript("<tt><body><p begin=\"1.5s\" end=\"2500ms\">One.</p><p begin=\"0.05m\" dur=\"1s\">Two.</p></body></tt>");
  REQUIRE_FALSE(offsets.turns.empty());
  CHECK(offsets.turns.front().start == doctest::Approx(1.5));
  CHECK(offsets.turns.back().end == doctest::Approx(4));
  // Every form of time expression, read directly or (an exponent, a sign) as strtod reads it; a malformed one is
  // not a time.
  const struct { const char* begin; double seconds; } times[] = {
      {"00:00:01.500", 1.5}, {"01:02:03", 3723}, {"00:00:10:15", 10.5}, {"00:00:02.25:00", 2.25}, {"7", 7},
      {"2.5s", 2.5}, {".5s", 0.5}, {"5.s", 5}, {"1e1s", 10}, {"1.25h", 4500}, {"90f", 3}, {"300t", 10},
      {"0.123456789012s", 0.123456789012}, {"12345678901234567s", 12345678901234567.0},
      {"1.2.3s", -1}, {"abc", -1}, {"1:2", -1}, {"-4s", -1}, {"00:00:1y", -1}, {"5zz", -1}};
  for (const auto& c : times) {
    const std::string begin = c.begin;
    CAPTURE(begin);
    const Transcript t = ParseTranscript(std::string("<tt><body><p begin=\"") + c.begin + "\">Words.</p></body></tt>");
    REQUIRE(t.turns.size() == 1);
    CHECK(t.turns[0].start == doctest::Approx(c.seconds));
  }
  // XML that is not captions stays text; captions with no text say so.
  CHECK(ParseTranscript("<html><body><p>Host: Hello.</p></body></html>").format != TranscriptFormat::XmlCaptions);
  CHECK(HasWarning(ParseTranscript("<tt><body><div></div></body></tt>"), "No captions"));
}

TEST_CASE("whisper.cpp's diarized output names its speakers: (speaker 0) text") {
  const Transcript srt = ParseTranscript("1\n00:00:00,000 --> 00:00:03,000\n(speaker 0) Hello and welcome to the show.\n\n"
                                         "2\n00:00:03,000 --> 00:00:05,000\n(speaker 1) Thanks for having me.\n\n"
                                         "3\n00:00:05,000 --> 00:00:08,000\n(speaker 0) Let us begin.\n");
  CHECK(Labels(srt) == std::vector<std::string>{"Speaker 0", "Speaker 1"});
  REQUIRE(srt.turns.size() == 3);
  CHECK(srt.turns[1].text == "Thanks for having me.");
  const Transcript txt = ParseTranscript("(speaker 0) Hello and welcome to the show.\n(speaker 1) Thanks for having me.\n(speaker 0) Let us begin.\n");
  CHECK(Labels(txt) == std::vector<std::string>{"Speaker 0", "Speaker 1"});
  CHECK(AllText(txt).find("(speaker") == std::string::npos);
  // "(speaker ?)": whisper.cpp could not tell; the words are not given to the speaker before them.
  const Transcript unsure = ParseTranscript("1\n00:00:00,000 --> 00:00:03,000\n(speaker 0) Hello and welcome.\n\n"
                                            "2\n00:00:03,000 --> 00:00:05,000\n(speaker ?) Mm-hmm, right.\n\n"
                                            "3\n00:00:05,000 --> 00:00:08,000\n(speaker 1) Thanks for having me.\n");
  CHECK(Labels(unsure) == std::vector<std::string>{"Speaker 0", "Unknown speaker", "Speaker 1"});
  REQUIRE(unsure.turns.size() == 3);
  CHECK(unsure.turns[1].text == "Mm-hmm, right.");
  const Transcript unsure_txt = ParseTranscript("(speaker 0) Hello and welcome.\n(speaker ?) Mm-hmm, right.\n(speaker 1) Thanks.\n");
  CHECK(AllText(unsure_txt).find("(speaker") == std::string::npos);
  CHECK(Labels(unsure_txt) == std::vector<std::string>{"Speaker 0", "Unknown speaker", "Speaker 1"});
}

TEST_CASE("Teams' .docx copied as text: its header and end line are details, not speech") {
  const Transcript t = Real("teams_docx_text.txt");
  CHECK(Labels(t) == std::vector<std::string>{"Jane Doe", "John Smith"});
  REQUIRE(t.turns.size() == 3);
  CHECK(t.turns[0].speaker == "Jane Doe");
  CHECK(t.turns[0].text == "Hello everyone, thanks for joining.");
  CHECK(t.turns[2].text == "Yes, loud and clear.");
  CHECK(t.meta.title == "Weekly sync-20240105_150012-Meeting Recording");
  CHECK(Field(t, "duration") == "45m 12s");
  CHECK(HasWarning(t, "Teams' header"));
  CHECK(AllText(t).find("transcription") == std::string::npos);
}

TEST_CASE("Otter copied from its web page: no-break spaces around the header's time") {
  const Transcript t = Real("otter_web_nbsp.txt");
  CHECK(Labels(t) == std::vector<std::string>{"Jane Doe", "John Smith"});
  REQUIRE(t.turns.size() == 2);
  CHECK(t.turns[0].start == 3);
  CHECK(t.turns[1].start == 10);
  CHECK(t.turns[0].text == "Hello there.");
}

TEST_CASE("a header line with a separator between the name and the time: Jane Doe | 00:03") {
  for (const char* sep : {"|", "-", "\xE2\x80\x93", "\xE2\x80\x94", "\xC2\xB7", "\xE2\x80\xA2"}) {
    const std::string s = sep;
    CAPTURE(s);
    const Transcript t = ParseTranscript("Jane Doe " + s + " 00:03\nWelcome to the show.\n\nJohn Smith " + s +
                                         " 00:10\nThanks for having me.\n\nJane Doe " + s + " 01:02\nLet us start.\n");
    CHECK(Labels(t) == std::vector<std::string>{"Jane Doe", "John Smith"});
    REQUIRE(t.turns.size() == 3);
    CHECK(t.turns[1].start == 10);
    CHECK(t.turns[2].start == 62);
    CHECK(t.turns[1].text == "Thanks for having me.");
  }
  // A name that ends in a hyphenated part keeps it: no space before the hyphen.
  const Transcript hyphen = ParseTranscript("Jean-Luc 00:03\nBonjour.\n\nAnne-Marie 00:10\nSalut.\n");
  CHECK(Labels(hyphen) == std::vector<std::string>{"Jean-Luc", "Anne-Marie"});
}

TEST_CASE("YouTube's transcript panel, a whole video of it: the two-second lines join into dated paragraphs") {
  std::string panel = "Transcript\nSearch in video\n";
  std::string said;
  for (int k = 0; k < 60; ++k) {
    const int t = k * 3 + (k >= 30 ? 40 : 0);   // a 40-second pause halfway
    const std::string line = "words of caption line " + std::to_string(k) + " here";
    panel += std::to_string(t / 60) + ":" + (t % 60 < 10 ? "0" : "") + std::to_string(t % 60) + "\n" + line + "\n";
    said += (said.empty() ? "" : " ") + line;
  }
  const Transcript t = ParseTranscript(panel);
  CHECK(t.format == TranscriptFormat::Timestamped);
  REQUIRE(t.turns.size() >= 2);
  CHECK(t.turns.size() <= 8);
  std::string joined;
  for (const Turn& turn : t.turns) {
    CHECK(turn.start >= 0);
    joined += (joined.empty() ? "" : " ") + turn.text;
  }
  CHECK(joined == said);   // nothing lost, nothing added, in order
  bool pause_starts_paragraph = false;
  for (const Turn& turn : t.turns) pause_starts_paragraph |= turn.start == 30 * 3 + 40;
  CHECK(pause_starts_paragraph);
  // Otter's times over whole paragraphs stay a turn each.
  std::string otter;
  for (int k = 0; k < 10; ++k)
    otter += "0:" + std::to_string(10 + k * 5) + "\nThis is a whole paragraph of what was said, long enough to be one, with its own sentences. "
             "And a second sentence follows it here.\n\n";
  CHECK(ParseTranscript(otter).turns.size() == 10);
}

TEST_CASE("YouTube's transcript panel from a video with chapters: each title is a detail, not speech, and starts a paragraph") {
  // The panel lists a chapter's title on a line of its own above the chapter's first time.
  for (const bool spoken : {true, false}) {
    CAPTURE(spoken);
    std::string panel = "Transcript\nSearch in video\n";
    std::string said;
    const char* titles[] = {"Why Rust", "Memory safety without a collector", "What comes next"};
    int t = 0;
    for (int chapter = 0; chapter < 3; ++chapter) {
      if (chapter || spoken) panel += std::string(titles[chapter]) + "\n";   // the first title only where times are read aloud
      for (int k = 0; k < 10; ++k, t += 3) {
        const std::string line = "Words of caption " + std::to_string(chapter) + "." + std::to_string(k) + " here.";
        panel += std::to_string(t / 60) + ":" + (t % 60 < 10 ? "0" : "") + std::to_string(t % 60) + "\n";
        if (spoken) panel += std::to_string(t) + (t == 1 ? " second" : " seconds") + "\n";
        panel += line + "\n";
        said += (said.empty() ? "" : " ") + line;
      }
    }
    const Transcript tr = ParseTranscript(panel);
    std::string joined;
    for (const Turn& turn : tr.turns) joined += (joined.empty() ? "" : " ") + turn.text;
    CHECK(joined == said);   // the titles are not in what was said; nothing else is lost
    std::vector<std::string> chapters;
    for (const auto& f : tr.meta.fields) if (f.first == "chapter") chapters.push_back(f.second);
    CHECK(chapters == (spoken ? std::vector<std::string>{titles[0], titles[1], titles[2]} : std::vector<std::string>{titles[1], titles[2]}));
    // Each chapter opens a paragraph at its first time.
    std::set<double> starts;
    for (const Turn& turn : tr.turns) starts.insert(turn.start);
    CHECK(starts.count(30));
    CHECK(starts.count(60));
    CHECK(HasWarning(tr, spoken ? "3 chapter titles (YouTube's transcript panel)" : "2 chapter titles (YouTube's transcript panel)"));
  }
  // A caption written on two lines, its second in lower case, is speech (the panel fixture above has one); so is a
  // second line that ends a sentence, and a line under a time over whole paragraphs (Otter).
  std::string wrapped;
  for (int k = 0; k < 20; ++k) wrapped += "0:" + std::to_string(10 + k * 2) + "\nwords of caption " + std::to_string(k) + (k == 7 ? "\nin two lines\n" : "\n");
  CHECK(AllText(ParseTranscript(wrapped)).find("caption 7 in two lines") != std::string::npos);
  // ... and so is a second line in capitals when the first did not end its sentence, times read aloud or not.
  for (const bool spoken : {true, false}) {
    std::string named;
    for (int k = 0; k < 20; ++k)
      named += "0:" + std::to_string(10 + k * 2) + "\n" + (spoken ? std::to_string(10 + k * 2) + " seconds\n" : "") +
               (k == 7 ? "we flew out to meet\nElon Musk and his team\n" : "Words of caption " + std::to_string(k) + ".\n");
    const Transcript n = ParseTranscript(named);
    CHECK(AllText(n).find("we flew out to meet Elon Musk and his team") != std::string::npos);
    CHECK(Field(n, "chapter").empty());
  }
  std::string sentences;
  for (int k = 0; k < 10; ++k) sentences += "0:" + std::to_string(10 + k * 3) + "\nwords of caption " + std::to_string(k) + "\nand it was done.\n";
  const Transcript s = ParseTranscript(sentences);
  CHECK(AllText(s).find("and it was done.") != std::string::npos);
  CHECK(Field(s, "chapter").empty());
  std::string otter;
  for (int k = 0; k < 10; ++k)
    otter += "0:" + std::to_string(10 + k * 5) + "\nThis is a whole paragraph of what was said, long enough to be one, with its own sentences. "
             "And a second sentence follows it here\nWith a line of its own\n\n";
  const Transcript o = ParseTranscript(otter);
  CHECK(AllText(o).find("With a line of its own") != std::string::npos);
  CHECK(Field(o, "chapter").empty());
}

TEST_CASE("speech-to-text JSON read in slices: strings that look like JSON, nested keys, any slice size") {
  // Quotes, brackets, commas and a key's name inside strings; an "utterances" key deeper down that is not the cues;
  // a "words" list in each utterance and at the top (most of a real file's bytes); odd spacing.
  const std::string json =
      "{ \"id\" : \"x, [y] {z}\" , \"meta\": {\"utterances\": [{\"text\": \"not a cue\"}]},\n"
      "  \"utterances\" : [ {\"speaker\":\"A\",\"start\":250,\"end\":900,\"text\":\"She said \\\"[no], {never}\\\", then left.\","
      "\"words\":[{\"text\":\"She\",\"start\":250}]} ,\n"
      "   {\"speaker\":\"B\",\"start\":1000,\"end\":2000,\"text\":\"A backslash \\\\ and a quote \\\" here.\",\"words\":[]}\n ],"
      "\"words\": [{\"text\": \"utterances\"}, [1, [2, 3]]], \"text\": \"She said...\" }";
  const Transcript whole = ParseTranscript(json);
  CHECK(whole.format == TranscriptFormat::SpeechApiJson);
  REQUIRE(whole.turns.size() == 2);
  CHECK(whole.turns[0].speaker == "Speaker A");
  CHECK(whole.turns[0].text == "She said \"[no], {never}\", then left.");
  CHECK(whole.turns[1].text == "A backslash \\ and a quote \" here.");
  CHECK(whole.turns[1].start == doctest::Approx(1.0));
  CheckSameInSlices(json, whole, {1u, 2u, 3u, 7u, 64u});
  // Broken JSON of the same shape is not read as a service's: a clear note, and the text is kept.
  const Transcript broken = ParseTranscript(json.substr(0, json.size() - 40));
  CHECK(broken.format != TranscriptFormat::SpeechApiJson);
  CHECK_FALSE(broken.turns.empty());
  // Utterances with nothing said fall back to the whole text.
  const Transcript empty = ParseTranscript("{\"utterances\": [{\"speaker\": \"A\", \"text\": \"  \"}], \"text\": \"Only this.\"}");
  REQUIRE(empty.turns.size() == 1);
  CHECK(empty.turns[0].text == "Only this.");
}

TEST_CASE("speech-to-text JSON: only the members a cue is read from are parsed, with the parser's rules") {
  // Each element's members are found by the scan; the word timings beside them are never built. What is read must
  // still be what a JSON parser reads: a repeated key gives its last value, an escaped key is its decoded name, a
  // key that only starts like one ("start_time") is not it, a nested "text" is not the cue's, spacing is free.
  const std::string json =
      "{\"utterances\": [\n"
      " {\"speaker\" : \"A\" , \"start_time\": 99000, \"start\" :250 ,\"end\":900, \"text\": \"first draft\", "
      "\"words\": [{\"text\": \"nested\", \"start\": 1}], \"text\" : \"Kept: the last \\\"text\\\", {not} [this].\"},\n"
      " 5, \"not a cue\", [\"text\"],\n"
      " {\"sp\\u0065aker\": \"B\", \"te\\u0078t\": \"Escaped keys read as their names.\", \"start\": 1.5e3, \"end\": 2000},\n"
      " {\"speaker\": \"A\", \"start\": 3000, \"end\": 4000, \"text\": \"Ends } with, brackets ]\"}\n"
      "]}";
  const Transcript whole = ParseTranscript(json);
  CHECK(whole.format == TranscriptFormat::SpeechApiJson);
  REQUIRE(whole.turns.size() == 3);
  CHECK(whole.turns[0].speaker == "Speaker A");
  CHECK(whole.turns[0].text == "Kept: the last \"text\", {not} [this].");
  CHECK(whole.turns[0].start == doctest::Approx(0.25));
  CHECK(whole.turns[1].speaker == "Speaker B");
  CHECK(whole.turns[1].text == "Escaped keys read as their names.");
  CHECK(whole.turns[1].start == doctest::Approx(1.5));
  CHECK(whole.turns[2].text == "Ends } with, brackets ]");
  CheckSameInSlices(json, whole, {1u, 3u, 64u});
  // Rev.ai's words are the cue: its nested "elements" are read whole, punctuation and all.
  const Transcript rev = ParseTranscript(
      "{\"monologues\": [{\"speaker\": 1, \"elements\": [{\"type\": \"text\", \"value\": \"Hi\", \"ts\": 0.5, \"end_ts\": 0.9},"
      " {\"type\": \"punct\", \"value\": \", \"}, {\"type\": \"text\", \"value\": \"{you}\", \"ts\": 1.0, \"end_ts\": 1.4},"
      " {\"type\": \"punct\", \"value\": \".\"}]}]}");
  REQUIRE(rev.turns.size() == 1);
  CHECK(rev.turns[0].text == "Hi, {you}.");
  CHECK(rev.turns[0].speaker == "Speaker 1");
  CHECK(rev.turns[0].start == doctest::Approx(0.5));
  // whisper.cpp's times are an object of their own; its token list beside them is passed over.
  const Transcript cpp = ParseTranscript(
      "{\"transcription\": [{\"timestamps\": {\"from\": \"00:00:01,000\"}, \"offsets\": {\"from\": 1000, \"to\": 2500},"
      " \"text\": \" One.\", \"tokens\": [{\"text\": \"One\", \"offsets\": {\"from\": 0}}]}]}");
  REQUIRE(cpp.turns.size() == 1);
  CHECK(cpp.turns[0].text == "One.");
  CHECK(cpp.turns[0].start == doctest::Approx(1.0));
}

TEST_CASE("Deepgram's utterances are read a slice at a time; its paragraphs without utterances still read") {
  // Deepgram with utterances=true: the cues under results.utterances, every word under results.channels.
  const std::string json =
      "{\"metadata\": {\"request_id\": \"r\", \"channels\": 1},\n \"results\": {\"channels\": [{\"alternatives\": [{\"transcript\": "
      "\"Hello and welcome. Thanks.\", \"words\": [{\"word\": \"hello\", \"start\": 0.25}, {\"word\": \"utterances\"}]}]}],\n"
      "  \"utterances\": [{\"start\": 0.25, \"end\": 2.1, \"speaker\": 0, \"transcript\": \"Hello and welcome, \\\"friends\\\".\", \"words\": []},\n"
      "                 {\"start\": 2.4, \"end\": 3.9, \"speaker\": 1, \"transcript\": \"Thanks [for] having me.\"}]}}";
  const Transcript whole = ParseTranscript(json);
  CHECK(whole.format == TranscriptFormat::SpeechApiJson);
  CHECK(HasWarning(whole, "Read as Deepgram"));
  CHECK(Labels(whole) == std::vector<std::string>{"Speaker 0", "Speaker 1"});
  REQUIRE(whole.turns.size() == 2);
  CHECK(whole.turns[0].text == "Hello and welcome, \"friends\".");
  CHECK(whole.turns[1].start == doctest::Approx(2.4));
  CheckSameInSlices(json, whole, {1u, 5u, 64u});
  // Without utterances: the paragraphs of the first channel's first alternative (the real-shaped fixture), read a
  // slice at a time too, the same in any slice size.
  const Transcript paragraphs = Real("speech_api_deepgram.json");
  CHECK(Labels(paragraphs) == std::vector<std::string>{"Speaker 0", "Speaker 1"});
  REQUIRE(paragraphs.turns.size() >= 2);
  CheckSameInSlices(test::Fixture("transcripts_real/speech_api_deepgram.json"), paragraphs, {1u, 7u, 97u});
  // A second alternative's paragraphs and a second channel are not the transcript; a paragraph's sentences are
  // joined; a "paragraphs" key inside a word is only a word's.
  const Transcript second = ParseTranscript(
      "{\"results\": {\"channels\": [{\"alternatives\": [{\"transcript\": \"a b\", \"words\": [{\"word\": \"paragraphs\", "
      "\"paragraphs\": [1]}], \"paragraphs\": {\"transcript\": \"x\", \"paragraphs\": [{\"speaker\": 2, \"start\": 1.5, "
      "\"end\": 3, \"sentences\": [{\"text\": \"First one.\"}, {\"text\": \"Second one.\"}]}]}}, {\"transcript\": \"other\", "
      "\"paragraphs\": {\"paragraphs\": [{\"sentences\": [{\"text\": \"Not this.\"}]}]}}]}, {\"alternatives\": [{\"paragraphs\": "
      "{\"paragraphs\": [{\"sentences\": [{\"text\": \"Nor this.\"}]}]}}]}]}}");
  CHECK(HasWarning(second, "Read as Deepgram"));
  REQUIRE(second.turns.size() == 1);
  CHECK(second.turns[0].text == "First one. Second one.");
  CHECK(second.turns[0].speaker == "Speaker 2");
  CHECK(second.turns[0].start == doctest::Approx(1.5));
  // Keys are matched as a parser reads them: a top-level key "" is not the top level, and a key too long to be
  // one looked for does not take the name of the string before it.
  CHECK(ParseTranscript("{\"\": {\"utterances\": [{\"text\": \"hi\", \"start\": 0, \"end\": 1}]}}").format != TranscriptFormat::SpeechApiJson);
  const Transcript ghost = ParseTranscript(
      "{\"results\": {\"channels\": [{\"alternatives\": [{\"transcript\": \"paragraphs\", \"a_key_that_is_longer_than_thirty_two_bytes\": "
      "{\"paragraphs\": [{\"sentences\": [{\"text\": \"ghost\"}]}]}}]}]}}");
  REQUIRE(ghost.turns.size() == 1);
  CHECK(ghost.turns[0].text == "paragraphs");
  // A second channel (multichannel=true): its words and paragraphs are left out, the first channel's are read.
  const Transcript stereo = ParseTranscript(
      "{\"results\": {\"channels\": [{\"alternatives\": [{\"transcript\": \"Left.\", \"words\": [], \"paragraphs\": {\"paragraphs\": "
      "[{\"speaker\": 0, \"start\": 0, \"end\": 1, \"sentences\": [{\"text\": \"Left.\"}]}]}}]}, {\"alternatives\": [{\"transcript\": "
      "\"Right.\", \"words\": [{\"word\": \"right\"}], \"paragraphs\": {\"paragraphs\": [{\"sentences\": [{\"text\": \"Right.\"}]}]}}]}]}}");
  REQUIRE(stereo.turns.size() == 1);
  CHECK(stereo.turns[0].text == "Left.");
  // Neither utterances nor paragraphs: the first alternative's transcript.
  const Transcript plain = ParseTranscript(
      "{\"metadata\": {}, \"results\": {\"channels\": [{\"alternatives\": [{\"transcript\": \"Just the words.\", \"words\": []}]}]}}");
  REQUIRE(plain.turns.size() == 1);
  CHECK(plain.turns[0].text == "Just the words.");
}
