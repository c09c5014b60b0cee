// Transcript ingestion: formats, speakers, timestamps, noise, language, tokens, chunking, bad input.
#include <string>
#include <vector>

#include "core/transcript.h"
#include "doctest/doctest.h"
#include "test_util.h"

using namespace tp;

namespace {
std::string Texts(const Transcript& t) {
  std::string all;
  for (const Turn& turn : t.turns) all += "[" + turn.speaker + "] " + turn.text + "\n";
  return all;
}
bool HasWarning(const Transcript& t, const std::string& needle) {
  for (const auto& w : t.warnings)
    if (w.find(needle) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("timestamps in every common form") {
  struct Case { const char* in; bool ok; double seconds; };
  const Case cases[] = {
      {"00:12:34", true, 754}, {"12:34", true, 754}, {"1:02:03", true, 3723}, {"00:00:01,500", true, 1.5},
      {"00:01.250", true, 1.25}, {"01:02:03:04", true, 93784}, {"-00:00:10", true, -10}, {"\xE2\x88\x92" "01:00", true, -60},
      {"12:3", false, 0}, {"1:2:3", false, 0}, {"12:61", false, 0}, {"abc", false, 0}, {"12", false, 0},
      {"", false, 0}, {"1:02:03:04:05", false, 0}, {"00:00:01.x", false, 0}, {"01:25:00:00", false, 0},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    double s = -99;
    CHECK(ParseTimestamp(c.in, &s) == c.ok);
    if (c.ok) CHECK(s == doctest::Approx(c.seconds));
  }
  CHECK(FormatTimestamp(754) == "12:34");
  CHECK(FormatTimestamp(3723) == "1:02:03");
  CHECK(FormatTimestamp(-10) == "-00:10");
}

TEST_CASE("format detection") {
  struct Case { const char* name; const char* text; TranscriptFormat want; };
  const Case cases[] = {
      {"prose", "This is just an essay.\n\nWith two paragraphs.", TranscriptFormat::Plain},
      {"speaker turns", "Alice: hi\nBob: hello\nAlice: how are you", TranscriptFormat::Speaker},
      {"full-width colon", "发言人1：你好\n发言人2：你好", TranscriptFormat::Speaker},
      {"timestamps", "[00:01] We begin.\n[00:05] Then we go on.", TranscriptFormat::Timestamped},
      {"srt", "1\n00:00:01,000 --> 00:00:02,000\nHi\n", TranscriptFormat::Srt},
      {"vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", TranscriptFormat::Vtt},
      {"whisper", "{\"segments\":[{\"start\":0,\"end\":1,\"text\":\"Hi\"}]}", TranscriptFormat::WhisperJson},
      {"podcasting", "{\"version\":\"1.0.0\",\"segments\":[{\"startTime\":0,\"endTime\":1,\"body\":\"Hi\"}]}",
       TranscriptFormat::Podcasting20Json},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(ParseTranscript(c.text).format == c.want);
  }
}

TEST_CASE("speaker turns: labels, roles, continuation lines, roster, rename") {
  Transcript t = ParseTranscript(
      "Harry Stebbings (Host): Welcome to the show.\n"
      "It is great to have you.\n"
      "Chamath (Guest): Thanks, Harry.\n"
      "Harry Stebbings (Host): Let's start.\n");
  REQUIRE(t.turns.size() == 3);
  CHECK(t.turns[0].speaker == "Harry Stebbings");
  CHECK(t.turns[0].text == "Welcome to the show. It is great to have you.");
  CHECK(t.turns[0].id == 1);
  CHECK(t.turns[2].id == 3);
  REQUIRE(t.speakers.size() == 2);
  CHECK(t.speakers[0].role == "host");
  CHECK(t.speakers[1].role == "guest");
  CHECK(t.speakers[0].turns == 2);
  CHECK(t.RenameSpeaker("Chamath", "Chamath Palihapitiya", "guest"));
  CHECK(t.DisplayName("Chamath") == "Chamath Palihapitiya");
  CHECK(RenderTurnLine(t, t.turns[1]) == "[T2] Chamath Palihapitiya: Thanks, Harry.");
  CHECK_FALSE(t.RenameSpeaker("Nobody", "X", ""));
}

TEST_CASE("Chinese speaker labels with a full-width colon") {
  Transcript t = ParseTranscript(test::Fixture("transcripts/chinese_meeting.txt"));
  CHECK(t.format == TranscriptFormat::Speaker);
  REQUIRE(t.turns.size() == 4);
  CHECK(t.turns[0].speaker == "发言人1");
  CHECK(t.turns[0].text == "大家好，欢迎收听本期节目。今天我们聊聊大模型。");   // no space between CJK lines
  CHECK(t.meta.language == "zh");
}

TEST_CASE("a colon in prose is not a speaker") {
  Transcript t = ParseTranscript("The reason is simple: rockets are hard.\n\nAnother paragraph here.");
  CHECK(t.format == TranscriptFormat::Plain);
  REQUIRE(t.turns.size() == 2);
  CHECK(t.turns[0].speaker.empty());
  CHECK(t.turns[0].text == "The reason is simple: rockets are hard.");
  Transcript u = ParseTranscript("See https://example.com: it works.\nNote: this is prose.\n");
  for (const Turn& turn : u.turns) CHECK(turn.speaker.empty());
}

TEST_CASE("header lines with times (Otter/Descript exports)") {
  Transcript t = ParseTranscript(test::Fixture("transcripts/otter.txt"));
  CHECK(t.format == TranscriptFormat::Speaker);
  REQUIRE(t.turns.size() == 3);
  CHECK(t.turns[0].speaker == "Harry Stebbings");
  CHECK(t.turns[0].start == 2);
  CHECK(t.turns[1].text == "Thanks Harry. Happy to be here. I think the real story is data.");
  CHECK(t.turns[2].start == 3723);
  CHECK(t.meta.duration_sec == doctest::Approx(3723));
}

TEST_CASE("mission-style negative and DD:HH:MM:SS times") {
  Transcript t = ParseTranscript(test::Fixture("transcripts/apollo_mission.txt"));
  CHECK(t.format == TranscriptFormat::Speaker);
  REQUIRE(t.turns.size() == 5);
  CHECK(t.turns[0].start == -10);
  CHECK(t.turns[0].speaker == "CDR");
  CHECK(t.turns[2].start == 1);
  CHECK(t.turns[4].start == 20);
  CHECK(t.meta.duration_sec == doctest::Approx(30));
}

TEST_CASE("timestamped lines without speakers") {
  Transcript t = ParseTranscript("[00:00] Intro words.\n(01:30) Second part\ncontinues here.\n1:02:03 - Last part.");
  CHECK(t.format == TranscriptFormat::Timestamped);
  REQUIRE(t.turns.size() == 3);
  CHECK(t.turns[1].start == 90);
  CHECK(t.turns[1].text == "Second part continues here.");
  CHECK(t.turns[2].start == 3723);
  CHECK(t.turns[2].text == "Last part.");
  CHECK(t.turns[0].end == 90);   // a turn ends where the next begins
}

TEST_CASE("SRT: BOM, CRLF, out-of-order cues, multi-line cues, markup, empty cue, noise") {
  Transcript t = ParseTranscript(test::Fixture("transcripts/youtube_export.srt"));
  CHECK(t.format == TranscriptFormat::Srt);
  const std::string all = Texts(t);
  CHECK(all.find("Welcome back to the show.") != std::string::npos);
  CHECK(all.find("Today we talk about rockets and data centers.") != std::string::npos);
  // Cue 3 was after cue 4 in the file; time order puts it first.
  CHECK(all.find("He did something nobody expected.") < all.find("Built in ten days."));
  CHECK(all.find("<i>") == std::string::npos);
  CHECK(HasWarning(t, "1 cue had no text"));
  CHECK(HasWarning(t, "sorted by start time"));
  CHECK(t.noise_marks == 1);
  CHECK(t.meta.duration_sec == doctest::Approx(14));

  ParseOptions drop;
  drop.remove_noise = true;
  Transcript u = ParseTranscript(test::Fixture("transcripts/youtube_export.srt"), drop);
  CHECK(Texts(u).find("[Music]") == std::string::npos);
  CHECK(HasWarning(u, "only noise marks"));
}

TEST_CASE("SRT with missing indices and dot milliseconds") {
  Transcript t = ParseTranscript("00:00:01.000 --> 00:00:02.000\nFirst line.\n\n00:00:02,500 --> 00:00:03,000\nSecond line.\n");
  CHECK(t.format == TranscriptFormat::Srt);
  CHECK(Texts(t).find("First line.") != std::string::npos);
  CHECK(Texts(t).find("Second line.") != std::string::npos);
}

TEST_CASE("SRT with a malformed timing line keeps the text") {
  Transcript t = ParseTranscript("1\n00:00:01,000 --> 00:0x:02,000\nKept anyway.\n\n2\n00:00:03,000 --> 00:00:04,000\nFine.\n");
  CHECK(Texts(t).find("Kept anyway.") != std::string::npos);
  CHECK(HasWarning(t, "unreadable time"));
}

TEST_CASE("WebVTT from Zoom: speaker names in cue text merge into turns") {
  Transcript t = ParseTranscript(test::Fixture("transcripts/zoom.vtt"));
  CHECK(t.format == TranscriptFormat::Vtt);
  REQUIRE(t.turns.size() == 3);
  CHECK(t.turns[0].speaker == "Harry Stebbings");
  CHECK(t.turns[0].text == "Welcome to 20VC, I'm your host Harry Stebbings. Today I'm joined by a very special guest.");
  CHECK(t.turns[0].start == doctest::Approx(0.5));
  CHECK(t.turns[0].end == doctest::Approx(7.25));
  CHECK(t.turns[1].speaker == "Chamath Palihapitiya");
}

TEST_CASE("WebVTT from Teams: voice tags, entities, cue ids") {
  Transcript t = ParseTranscript(test::Fixture("transcripts/teams.vtt"));
  REQUIRE(t.turns.size() == 2);
  CHECK(t.turns[0].speaker == "Alice Zhang");
  CHECK(t.turns[0].text == "Good morning everyone, let's get started. First item is the launch date.");
  CHECK(t.turns[1].speaker == "Bob O'Neil");
  CHECK(t.turns[1].text == "We moved it to March 3rd & told the press.");
}

TEST_CASE("WebVTT: a cue that names several voices gives each voice its own words") {
  struct Case { const char* name; const char* cue; std::vector<std::pair<std::string, std::string>> turns; };
  const std::vector<Case> cases = {
      // The WebVTT spec's own example: <v> spans closed and side by side.
      {"closed spans", "<v Roger Bingham>We are in New York City</v> <v Neil deGrasse Tyson>Yes.</v>",
       {{"Roger Bingham", "We are in New York City"}, {"Neil deGrasse Tyson", "Yes."}}},
      // An end tag may be left out: each line opens its own voice.
      {"a voice per line, unclosed", "<v Ann>Did it ship?\n<v.loud Bo>It did, <i>finally</i>.",
       {{"Ann", "Did it ship?"}, {"Bo", "It did, finally."}}},
      {"the same voice twice is one part", "<v Ann>One,</v> <v Ann>two.</v>", {{"Ann", "One, two."}}},
      {"a voice back after another", "<v Ann>Ready?</v><v Bo>Yes.</v><v Ann>Go.</v>",
       {{"Ann", "Ready?"}, {"Bo", "Yes."}, {"Ann", "Go."}}},
      {"text before the first voice has no voice", "So &amp; then <v Bo>I left.</v> <v Di>Bye.",
       {{"", "So & then"}, {"Bo", "I left."}, {"Di", "Bye."}}},
      {"an empty voice span is dropped", "<v Ann></v><v Bo>Only me.", {{"Bo", "Only me."}}},
  };
  for (const Case& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    const std::string vtt = std::string("WEBVTT\n\n00:01.000 --> 00:04.000\n") + c.cue +
                            "\n\n00:05.000 --> 00:06.000\n<v Cy>Next cue.\n";
    Transcript t = ParseTranscript(vtt);
    CHECK(t.format == TranscriptFormat::Vtt);
    REQUIRE(t.turns.size() == c.turns.size() + 1);
    for (size_t k = 0; k < c.turns.size(); ++k) {
      CHECK(t.turns[k].speaker == c.turns[k].first);
      CHECK(t.turns[k].text == c.turns[k].second);
      CHECK(t.turns[k].start == doctest::Approx(1.0));
    }
    CHECK(t.turns.back().speaker == "Cy");
    CHECK(t.turns.back().text == "Next cue.");
  }
}

TEST_CASE("WebVTT from YouTube auto-captions: rolling lines are not repeated") {
  Transcript t = ParseTranscript(test::Fixture("transcripts/youtube_auto.vtt"));
  const std::string all = Texts(t);
  CHECK(all.find("so the question is why did it work") != std::string::npos);
  CHECK(all.find("question is so the") == std::string::npos);
  CHECK(all.find("why did it work why did it work") == std::string::npos);
  CHECK(t.noise_marks == 1);
}

// Cases modelled on the W3C web-platform-tests WebVTT parser suite (webvtt/parsing/file-parsing):
// each names the rule it exercises and the cue texts the parser must yield.
TEST_CASE("WebVTT parsing rules (web-platform-tests shaped cases)") {
  struct Case { const char* name; const char* vtt; std::vector<std::string> texts; };
  const std::vector<Case> cases = {
      {"header with text after WEBVTT", "WEBVTT - a title\n\n00:00.000 --> 00:01.000\ntext\n", {"text"}},
      {"omitted hours", "WEBVTT\n\n00:01.000 --> 00:02.000\nshort form\n", {"short form"}},
      {"hours with more digits", "WEBVTT\n\n100:00:01.000 --> 100:00:02.000\nlong hours\n", {"long hours"}},
      {"cue settings ignored", "WEBVTT\n\n00:01.000 --> 00:02.000 align:start line:0% size:50%\nwith settings\n", {"with settings"}},
      {"cue identifier", "WEBVTT\n\nintro\n00:01.000 --> 00:02.000\nidentified\n", {"identified"}},
      {"NOTE block skipped", "WEBVTT\n\nNOTE this is a comment\nspanning lines\n\n00:01.000 --> 00:02.000\nafter note\n", {"after note"}},
      {"STYLE block skipped", "WEBVTT\n\nSTYLE\n::cue { color: red }\n\n00:01.000 --> 00:02.000\nstyled\n", {"styled"}},
      {"REGION block skipped", "WEBVTT\n\nREGION\nid:fred width:40%\n\n00:01.000 --> 00:02.000\nregioned\n", {"regioned"}},
      {"entities", "WEBVTT\n\n00:01.000 --> 00:02.000\na &lt;b&gt; &amp; &#x4E2D;&#25991; &lrm;x\n", {"a <b> & 中文 x"}},
      {"tags stripped", "WEBVTT\n\n00:01.000 --> 00:02.000\n<c.yellow>yellow</c> <i>it</i> <b>b</b> <u>u</u> <ruby>漢<rt>kan</rt></ruby>\n",
       {"yellow it b u 漢kan"}},
      {"voice with class", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v.loud Esme>It's a blue apple tree!\n", {"It's a blue apple tree!"}},
      {"timestamp tags", "WEBVTT\n\n00:01.000 --> 00:03.000\none <00:02.000>two\n", {"one two"}},
      {"multi-line cue", "WEBVTT\n\n00:01.000 --> 00:02.000\nline one\nline two\n", {"line one line two"}},
      {"arrow line ends a cue", "WEBVTT\n\n00:01.000 --> 00:02.000\nfirst\n00:03.000 --> 00:04.000\nsecond\n", {"first second"}},
      {"CRLF and CR", "WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\ncrlf\r\rx\r", {"crlf"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Transcript t = ParseTranscript(c.vtt);
    CHECK(t.format == TranscriptFormat::Vtt);
    std::string joined;
    for (const Turn& turn : t.turns) joined += (joined.empty() ? "" : " ") + turn.text;
    std::string want;
    for (const std::string& s : c.texts) want += (want.empty() ? "" : " ") + s;
    if (std::string(c.name) == "CRLF and CR") CHECK(joined.find("crlf") == 0);
    else CHECK(joined == want);
  }
}

TEST_CASE("WebVTT: non-standard but readable times are kept and reported by line; garbage is skipped and reported") {
  Transcript t = ParseTranscript("WEBVTT\n\n00:01.00 --> 00:02.000\nbad fraction\n\n0:01.000 --> 00:02.000\none-digit minutes\n\n"
                                 "00:03.000 -x-> 00:04.000\nnot a cue\n\n00:05.000 --> 00:0x.000\nbroken time\n");
  CHECK(HasWarning(t, "Line 3: the cue time is not standard WebVTT"));
  CHECK(HasWarning(t, "Line 6: the cue time is not standard WebVTT"));
  CHECK(Texts(t).find("bad fraction") != std::string::npos);
  CHECK(Texts(t).find("one-digit minutes") != std::string::npos);
  CHECK(t.turns[0].start == doctest::Approx(1.0));
  CHECK(HasWarning(t, "Line 9: text outside any cue was ignored"));
  CHECK(HasWarning(t, "Line 12: \xE2\x80\x9C" "00:05.000 --> 00:0x.000\xE2\x80\x9D is not a valid cue timing"));
  CHECK(Texts(t).find("not a cue") == std::string::npos);
  CHECK(Texts(t).find("broken time") == std::string::npos);
}

TEST_CASE("Podcasting 2.0 JSON: word segments join into speaker turns") {
  Transcript t = ParseTranscript(test::Fixture("transcripts/podcasting20.json"));
  CHECK(t.format == TranscriptFormat::Podcasting20Json);
  REQUIRE(t.turns.size() == 2);
  CHECK(t.turns[0].text == "Hello and welcome.");
  CHECK(t.turns[0].speaker == "Alice");
  CHECK(t.turns[1].text == "Thanks Alice!");
  CHECK(t.turns[1].start == doctest::Approx(2.0));
}

TEST_CASE("Whisper JSON: segments join into paragraphs at sentence ends") {
  Transcript t = ParseTranscript(test::Fixture("transcripts/whisper.json"));
  CHECK(t.format == TranscriptFormat::WhisperJson);
  CHECK(t.meta.language == "en");
  const std::string all = Texts(t);
  CHECK(all.find("This is a test of the transcript.") != std::string::npos);
  CHECK(t.meta.duration_sec == doctest::Approx(8.0));
}

TEST_CASE("format override") {
  ParseOptions o;
  o.format = TranscriptFormat::Plain;
  Transcript t = ParseTranscript("Alice: hi\nBob: hello", o);
  CHECK(t.format == TranscriptFormat::Plain);
  REQUIRE(t.turns.size() == 1);
  CHECK(t.turns[0].text == "Alice: hi Bob: hello");
}

TEST_CASE("noise marks") {
  for (const char* s : {"[Music]", "[Applause]", "(laughs)", "(Laughter)", "[door closes]", "♪", "（笑）", "[MUSIC PLAYING]"}) {
    CAPTURE(s);
    CHECK(IsNoiseMark(s));
  }
  for (const char* s : {"[00:12]", "(see chapter 3)", "[the company that we founded in 2019]", "(and then)", "plain"}) {
    CAPTURE(s);
    CHECK_FALSE(IsNoiseMark(s));
  }
  ParseOptions o;
  o.remove_noise = true;
  Transcript t = ParseTranscript("Alice: So [laughs] that was it (laughs) really.\nBob: Yes [Applause]", o);
  CHECK(t.turns[0].text == "So that was it really.");
  CHECK(t.noise_marks == 3);
}

TEST_CASE("language detection") {
  CHECK(DetectLanguage("We talked about the rockets and it is what you think of the future.") == "en");
  CHECK(DetectLanguage("我们讨论了火箭和数据中心的未来。") == "zh");
  CHECK(DetectLanguage("私たちはロケットについて話しました。未来の話です。") == "ja");
  CHECK(DetectLanguage("우리는 로켓에 대해 이야기했습니다.") == "ko");
  CHECK(DetectLanguage("12345 !!!") == "und");
  CHECK(DetectLanguage("Elon Musk 在 10 天内建造了一个数据中心，这说明了他的执行力。") == "zh");
}

TEST_CASE("token estimates differ for CJK and Latin and by tokenizer family") {
  const std::string en(3500, 'a');
  CHECK(EstimateTokens(en) == 1000);
  std::string zh;
  for (int i = 0; i < 1000; ++i) zh += "中";
  CHECK(EstimateTokens(zh) == 1000);
  CHECK(EstimateTokens(zh, TokenizerFamily::DeepSeekQwen) == 600);
  CHECK(EstimateTokens("") == 0);
}

TEST_CASE("chunking: under budget, at turn boundaries, never dropping text") {
  std::string src;
  for (int i = 0; i < 200; ++i)
    src += (i % 2 ? "Bob: " : "Alice: ") + std::string("This is sentence number ") + std::to_string(i) + " of the talk.\n";
  Transcript t = ParseTranscript(src);
  REQUIRE(t.turns.size() == 200);
  std::vector<Chunk> chunks = ChunkTranscript(t, 300);
  CHECK(chunks.size() > 3);
  std::vector<int> seen;
  for (const Chunk& c : chunks) {
    CHECK(c.tokens <= 300);
    CHECK_FALSE(c.splits_turn);
    for (int id : c.turn_ids) seen.push_back(id);
  }
  REQUIRE(seen.size() == 200);
  for (int i = 0; i < 200; ++i) CHECK(seen[i] == i + 1);
}

TEST_CASE("chunking: a turn longer than the budget is cut at sentence boundaries") {
  std::string longturn = "Alice: ";
  for (int i = 0; i < 300; ++i) longturn += "Sentence " + std::to_string(i) + " is here. ";
  std::string zh = "Bob: ";
  for (int i = 0; i < 2000; ++i) zh += "中";   // no punctuation at all: hard cut
  Transcript t = ParseTranscript(longturn + "\n" + zh + "\nAlice: Short.");
  std::vector<Chunk> chunks = ChunkTranscript(t, 200);
  std::string all;
  for (const Chunk& c : chunks) {
    CHECK(c.tokens <= 200);
    all += c.text;
  }
  for (int i = 0; i < 300; ++i) CHECK(all.find("Sentence " + std::to_string(i) + " is here.") != std::string::npos);
  size_t han = 0;
  for (size_t p = all.find("中"); p != std::string::npos; p = all.find("中", p + 3)) ++han;
  CHECK(han == 2000);
  CHECK(all.find("Short.") != std::string::npos);
}

TEST_CASE("bad input never crashes and never silently loses text") {
  SUBCASE("empty") {
    Transcript t = ParseTranscript("");
    CHECK(t.turns.empty());
    CHECK(HasWarning(t, "empty"));
    CHECK(ParseTranscript("   \n\n\t").turns.empty());
  }
  SUBCASE("single line") {
    Transcript t = ParseTranscript("just one line");
    REQUIRE(t.turns.size() == 1);
    CHECK(t.turns[0].text == "just one line");
  }
  SUBCASE("invalid UTF-8 is repaired and reported") {
    // A UTF-8 file (its check mark is UTF-8) with one broken byte: not a Windows-1252 file.
    Transcript t = ParseTranscript("Alice: caf\xE9 au lait\nBob: ok \xE2\x9C\x93");
    CHECK(t.turns[0].text == "caf\xEF\xBF\xBD au lait");
    CHECK(HasWarning(t, "Line 1: invalid UTF-8 at byte 10"));
  }
  SUBCASE("NUL bytes") {
    Transcript t = ParseTranscript(std::string("Alice: a\0b\nBob: c", 17));
    CHECK(t.turns[0].text == "a\xEF\xBF\xBD" "b");
    CHECK(HasWarning(t, "Line 1: 1 NUL byte(s) replaced"));
  }
  SUBCASE("binary data") {
    std::string bin;
    for (int i = 0; i < 4096; ++i) bin += (char)((i * 7919) & 0xFF);
    Transcript t = ParseTranscript(bin);
    CHECK(HasWarning(t, "binary"));
  }
  SUBCASE("only timestamps") {
    Transcript t = ParseTranscript("1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\n\n");
    CHECK(t.turns.empty());
    CHECK(HasWarning(t, "2 cues had no text"));
    CHECK(HasWarning(t, "No spoken text"));
  }
  SUBCASE("emoji, RTL and zero-width text survive") {
    Transcript t = ParseTranscript("Alice: 👍🏽 مرحبا\xE2\x80\x8B ok\nBob: 👨‍👩‍👧");
    CHECK(t.turns[0].text == "👍🏽 مرحبا\xE2\x80\x8B ok");
    CHECK(t.turns[1].text == "👨‍👩‍👧");
  }
  SUBCASE("invalid JSON falls back to text") {
    Transcript t = ParseTranscript("{\"segments\": [", {TranscriptFormat::WhisperJson, false});
    CHECK(HasWarning(t, "not valid transcript JSON"));
    CHECK(t.turns.size() == 1);
  }
  SUBCASE("50 MB input") {
    std::string big;
    big.reserve(50u << 20);
    while (big.size() < (50u << 20)) big += "Alice: Some words that repeat in a very long transcript.\nBob: And an answer.\n";
    Transcript t = ParseTranscript(big);
    CHECK(t.turns.size() > 500000);
    CHECK(t.speakers.size() == 2);
  }
}
