// Reading a transcript in slices (TranscriptParse): any slicing gives exactly the transcript that one
// ParseTranscript call gives, for every format and fixture; progress only grows; the app reads a large
// text across frames, says how far it is, keeps Generate waiting, and a newer text replaces one being read.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/automation_api.h"
#include "core/text_util.h"
#include "core/transcript.h"
#include "core/transcript_input.h"
#include "core/utf8.h"
#include "platform/native/native_platform.h"
#include "platform/text_overlay.h"
#include "support/clean_device.h"
#include "test_util.h"

namespace tp {
namespace {

using namespace std::string_literals;

void CheckSame(const Transcript& a, const Transcript& b) {
  CHECK(a.format == b.format);
  CHECK(a.noise_marks == b.noise_marks);
  CHECK(a.warnings == b.warnings);
  REQUIRE(a.turns.size() == b.turns.size());
  for (size_t k = 0; k < a.turns.size(); ++k) {
    const Turn &x = a.turns[k], &y = b.turns[k];
    CHECK(x.id == y.id);
    CHECK(x.speaker == y.speaker);
    CHECK(x.start == y.start);
    CHECK(x.end == y.end);
    CHECK(x.text == y.text);
    CHECK(x.source_line == y.source_line);
  }
  REQUIRE(a.speakers.size() == b.speakers.size());
  for (size_t k = 0; k < a.speakers.size(); ++k) {
    CHECK(a.speakers[k].label == b.speakers[k].label);
    CHECK(a.speakers[k].role == b.speakers[k].role);
    CHECK(a.speakers[k].turns == b.speakers[k].turns);
    CHECK(a.speakers[k].aliases == b.speakers[k].aliases);
  }
  CHECK(a.meta.title == b.meta.title);
  CHECK(a.meta.language == b.meta.language);
  CHECK(a.meta.duration_sec == b.meta.duration_sec);
  CHECK(a.meta.date == b.meta.date);
  CHECK(a.meta.fields == b.meta.fields);
}

Transcript ReadInSteps(std::string_view text, size_t budget, const ParseOptions& o, int* steps) {
  TranscriptParse p(text, o);
  double last = p.Progress();
  CHECK(last >= 0);
  *steps = 0;
  while (!p.Step(budget)) {
    ++*steps;
    const double now = p.Progress();
    CHECK(now >= last);
    CHECK(now < 1);
    last = now;
    REQUIRE(*steps < 10000000);
  }
  CHECK(p.Done());
  CHECK(p.Progress() == 1);
  return p.Take();
}

// Inputs of every shape the parser reads, with the oddities that carry state from line to line (a time
// alone on its line, a label counted over the whole file, an untimed block, CRLF, NUL and bad bytes).
std::vector<std::pair<std::string, std::string>> Inputs() {
  std::vector<std::pair<std::string, std::string>> in;
  for (const char* f : {"apollo_mission.txt", "bad_signature.vtt", "chinese.sbv", "chinese.vtt", "chinese_meeting.txt",
                        "chinese_missing_timing.srt", "missing_timing.srt", "mission_spacelog.txt", "mission_zh.txt", "otter.txt",
                        "podcast_hwhap.txt", "podcast_zh.md", "podcasting20.json", "repeats.vtt", "teams.vtt",
                        "teams_short_times.vtt", "whisper.json", "whisper_lines_zh.txt", "whisper_oneline.txt",
                        "whisper_timestamped.txt", "youtube.sbv", "youtube_auto.vtt", "youtube_export.srt", "zoom.vtt"})
    in.emplace_back(f, test::Fixture(std::string("transcripts/") + f));
  in.emplace_back("sample", test::ReadFile("assets/samples/interview_en.txt"));
  in.emplace_back("empty", "");
  in.emplace_back("blank", " \n\n\t\n");
  in.emplace_back("bad bytes", "Alice: caf\xE9 ok\r\nBob: na\xC3\x28 fine\r\n\xEF\xBB\xBF" "Alice: a\0b\n"s);
  in.emplace_back("dated labels", "[00:00:01:10]\nCDR: Roger.\n_page : 1\n[00:00:02:00]\nCC: Copy.\n[00:00:03:00]\nLMP: Once.\n\n[00:00:04:00]\n");
  in.emplace_back("srt out of order", "2\n00:00:05,000 --> 00:00:06,000\nLater.\n\n1\n00:00:01,000 --> 00:00:02,000\nEarlier.\n\nno timing\n\n");
  std::string srt;
  for (int i = 1; i < 400; ++i)
    srt += std::to_string(i) + "\n00:" + std::to_string(10 + i / 60) + ":" + std::to_string(10 + i % 50) +
           ",000 --> 00:59:00,000\n" + (i % 7 ? "Speaker " + std::to_string(i % 3) + ": line " : std::string("[Music]")) + "\n\n";
  in.emplace_back("long srt", srt);
  std::string one;
  while (one.size() < 200000) one += "A model trained on last year's internet is a good historian. It has to guess! ";
  in.emplace_back("one long line", one);
  // One line with no sentence end at all (cut at spaces), and a Chinese one: divided a slice at a time too.
  std::string words;
  while (words.size() < 30000) words += "words without any sentence end keep coming ";
  in.emplace_back("one line without sentence ends", words);
  std::string zh;
  while (zh.size() < 60000) zh += "未来的大模型将不再局限于单一的应用场景，而是会深度嵌入到各种不同的应用中。实时信息非常关键！";
  in.emplace_back("one Chinese line", zh);
  std::string lines;
  for (int i = 0; i < 3000; ++i) lines += (i % 2 ? "Host (Host): " : "Guest: ") + std::string("Turn ") + std::to_string(i) + ".\n  continued\n";
  lines += "Host: the alias.\n";
  in.emplace_back("many turns", lines);
  return in;
}

TEST_CASE("a transcript read in slices of any size is the transcript read at once") {
  for (const auto& [name, text] : Inputs()) {
    const auto& input_name = name;   // CAPTURE's lambda cannot use a structured binding in C++17 (clang)
    CAPTURE(input_name);
    for (bool noise : {false, true}) {
      ParseOptions o;
      o.remove_noise = noise;
      const Transcript whole = ParseTranscript(text, o);
      for (size_t budget : {(size_t)1, (size_t)7, (size_t)300, (size_t)4096}) {
        CAPTURE(budget);
        int steps = 0;
        CheckSame(ReadInSteps(text, budget, o, &steps), whole);
        if (budget == 1 && text.size() > 64) CHECK(steps > 3);   // it really was spread
      }
    }
  }
}

TEST_CASE("a forced format reads the same in slices") {
  const std::string text = test::ReadFile("assets/samples/interview_en.txt");
  for (TranscriptFormat f : {TranscriptFormat::Plain, TranscriptFormat::Timestamped, TranscriptFormat::Srt, TranscriptFormat::Sbv,
                             TranscriptFormat::Vtt, TranscriptFormat::WhisperJson}) {
    ParseOptions o;
    o.format = f;
    int steps = 0;
    CheckSame(ReadInSteps(text, 50, o, &steps), ParseTranscript(text, o));
  }
}

TEST_CASE("lines end at LF, CRLF and a lone CR, one at a time as all at once") {
  using Lines = std::vector<std::string_view>;
  const std::vector<std::pair<std::string, Lines>> cases = {
      {"", {}},
      {"a", {"a"}},
      {"a\n", {"a"}},
      {"\n", {""}},
      {"\r\n", {""}},
      {"x\r", {"x"}},
      {"a\n\nb", {"a", "", "b"}},
      {"a\rb\r\nc\n\rd", {"a", "b", "c", "", "d"}},
      {"old\rmac\rfile\r\rend", {"old", "mac", "file", "", "end"}},
      {"\r\r\n\n", {"", "", ""}},
  };
  for (const auto& [text, want] : cases) {
    const auto& case_text = text;   // CAPTURE's lambda cannot use a structured binding in C++17 (clang)
    CAPTURE(case_text);
    CHECK(text::SplitLines(text) == want);
    text::LineCursor cursor(text);
    Lines got;
    for (std::string_view line; cursor.Next(&line);) got.push_back(line);
    CHECK(got == want);
    CHECK(cursor.Position() >= text.size());
  }
}

TEST_CASE("UTF-8 repaired slice by slice is the text repaired at once") {
  const std::string text("\xEF\xBB\xBF" "ab\xFF\n\xEF\xBB\xBF" "c\0d\n\xE2\x82\n\xF0\x9F\x98\x80\n", 22);
  utf8::RepairReport whole_report;
  const std::string whole = utf8::Repair(text, &whole_report);
  for (size_t cut = 1; cut < text.size(); ++cut) {
    if (text[cut - 1] != '\n') continue;   // slices end after a line feed
    utf8::RepairReport r;
    std::string out;
    utf8::RepairAppend(std::string_view(text).substr(0, cut), 0, &out, &r);
    utf8::RepairAppend(std::string_view(text).substr(cut), cut, &out, &r);
    CAPTURE(cut);
    CHECK(out == whole);
    CHECK(r.invalid_sequences == whole_report.invalid_sequences);
    CHECK(r.first_invalid_byte == whole_report.first_invalid_byte);
    CHECK(r.nul_bytes == whole_report.nul_bytes);
    CHECK(r.first_nul_byte == whole_report.first_nul_byte);
  }
}

std::string BigTranscript(size_t bytes) {
  const std::string sample = test::ReadFile("assets/samples/interview_en.txt");
  std::string s;
  while (s.size() < bytes) s += sample + "\n";
  return s;
}

// An app on a clean device read one step per frame, driven through the automation API; `settled` records
// each settled Promise as (id, value), the id negated when it was rejected.
struct ApiCalls {
  test::CleanDevice fresh;
  App app;
  AutomationHost host;
  std::vector<std::pair<int, nlohmann::json>> settled;
  bool mutates = false;
  ApiCalls() {
    app.SetReadSliceMs(0);
    host.settle = [this](int id, bool ok, const nlohmann::json& v) { settled.emplace_back(ok ? id : -id, v); };
  }
};

TEST_CASE("the app reads a large transcript across frames, says how far it is, and Generate waits") {
  test::CleanDevice fresh;
  App app;
  app.SetReadSliceMs(0);   // one step of reading per frame
  const std::string big = BigTranscript(1 << 20);
  int read = 0;
  TranscriptOrigin o;
  o.status = "Opened big.txt.";
  REQUIRE(app.ReplaceTranscript(big, o));
  app.OnTranscriptRead([&](bool ok) { read += ok ? 1 : 100; });
  CHECK(app.project().transcript_text == big);   // the text is the app's at once
  CHECK(app.project().transcript.turns.empty());  // nothing of the previous talk meanwhile
  CHECK(app.ReadingProgress() >= 0);
  CHECK(app.MsUntilTimedWork() >= 0);
  CHECK(app.status().text.find("Reading the transcript") == 0);
  CHECK(app.GenerateBlocker().find("still being read") != std::string::npos);
  double last = app.ReadingProgress();
  int frames = 0;
  while (app.ReadingProgress() >= 0 && frames < 100000) {
    app.BeginFrame(frames * 0.016);
    app.EndFrame();
    ++frames;
    if (app.ReadingProgress() >= 0) {
      CHECK(app.ReadingProgress() >= last);
      last = app.ReadingProgress();
    }
  }
  CHECK(frames > 5);
  CHECK(read == 1);
  CHECK(app.status().text == "Opened big.txt.");
  CheckSame(app.project().transcript, ParseTranscript(big));
  CHECK(app.GenerateBlocker().find("still being read") == std::string::npos);
  CHECK(app.MsUntilTimedWork() == -1);
}

TEST_CASE("a transcript that arrives while another is read replaces it; the first one's waiters hear so") {
  test::CleanDevice fresh;
  App app;
  app.SetReadSliceMs(0);
  std::vector<std::string> heard;
  REQUIRE(app.ReplaceTranscript(BigTranscript(600000), TranscriptOrigin()));
  app.OnTranscriptRead([&](bool ok) { heard.push_back(ok ? "first read" : "first replaced"); });
  app.BeginFrame(0);
  app.BeginFrame(0.016);
  REQUIRE(app.ReadingProgress() > 0);
  TranscriptOrigin o;
  o.title = "The second talk";
  const std::string second = "Host: A short second talk.\nGuest: Read at once.\n";
  REQUIRE(app.ReplaceTranscript(second, o));
  app.OnTranscriptRead([&](bool ok) { heard.push_back(ok ? "second read" : "second replaced"); });
  CHECK(heard == std::vector<std::string>{"first replaced", "second read"});
  CHECK(app.ReadingProgress() < 0);
  CHECK(app.project().transcript.turns.size() == 2);
  CHECK(app.project().title == "The second talk");
  for (int i = 0; i < 5; ++i) app.BeginFrame(1 + i);
  CHECK(app.project().transcript.turns.size() == 2);   // nothing of the first arrives late
}

TEST_CASE("a title typed while a transcript is read is kept; a parse option restarts the reading") {
  test::CleanDevice fresh;
  App app;
  app.SetReadSliceMs(0);
  const std::string big = BigTranscript(400000);
  REQUIRE(app.ReplaceTranscript(big, TranscriptOrigin()));
  app.BeginFrame(0);
  app.SetTitle("Typed meanwhile");
  bool replaced = false;
  app.OnTranscriptRead([&](bool ok) { replaced = !ok; });
  app.SetRemoveNoise(true);
  CHECK(replaced);
  for (int i = 0; i < 100000 && app.ReadingProgress() >= 0; ++i) app.BeginFrame(i);
  CHECK(app.project().title == "Typed meanwhile");
  CHECK(app.project().transcript.meta.title == "Typed meanwhile");
  ParseOptions noise;
  noise.remove_noise = true;
  CHECK(app.project().transcript.turns.size() == ParseTranscript(big, noise).turns.size());
}

TEST_CASE_FIXTURE(ApiCalls, "setTranscript settles its Promise once the text is read, and says when another replaced it") {
  const std::string big = BigTranscript(300000);
  nlohmann::json r = CallApi(app, host, "setTranscript", nlohmann::json{{"text", big}, {"promiseId", 7}}.dump(), &mutates);
  CHECK(r.value("reading", false));
  CHECK(settled.empty());
  nlohmann::json s = CallApi(app, host, "summary", "{}", &mutates);
  CHECK(s.value("reading", false));
  CHECK(s.value("readProgress", 1.0) < 1);
  r = CallApi(app, host, "setTranscript", nlohmann::json{{"text", "A: One.\nB: Two.\n"}, {"promiseId", 8}}.dump(), &mutates);
  REQUIRE(settled.size() == 2);
  CHECK(settled[0].first == -7);
  CHECK(settled[0].second.value("code", "") == "replaced");
  CHECK(settled[1].first == 8);
  CHECK(settled[1].second.value("turns", 0) == 2);
  r = CallApi(app, host, "setTranscript", nlohmann::json{{"text", big}, {"promiseId", 9}}.dump(), &mutates);
  for (int i = 0; i < 100000 && app.ReadingProgress() >= 0; ++i) app.BeginFrame(i);
  REQUIRE(settled.size() == 3);
  CHECK(settled[2].first == 9);
  CHECK(settled[2].second.value("turns", 0) == (int)ParseTranscript(big).turns.size());
  CHECK_FALSE(CallApi(app, host, "summary", "{}", &mutates).value("reading", true));
}

TEST_CASE_FIXTURE(ApiCalls, "a transcript staged slice by slice is the transcript sent whole; one past the limit is refused and the saved one kept") {
  auto stage = [&](std::string_view slice, bool first, size_t expected) {
    return CallApi(app, host, "stageTranscript",
                   nlohmann::json{{"textBytes", {{"ptr", (uintptr_t)slice.data()}, {"length", slice.size()}}},
                                  {"first", first}, {"expectedBytes", expected}}.dump(), &mutates);
  };
  const std::string big = BigTranscript(300000);
  // An earlier text that was never handed over is dropped by the next first slice.
  stage("Z: left over from a replaced call.\n", true, 0);
  for (size_t at = 0; at < big.size(); at += 70001) {
    const nlohmann::json r = stage(std::string_view(big).substr(at, 70001), at == 0, big.size());
    CHECK(r.value("stagedBytes", size_t(0)) == std::min(big.size(), at + 70001));
  }
  CHECK_FALSE(mutates);   // staging changes nothing the page shows
  CallApi(app, host, "setTranscript", nlohmann::json{{"staged", true}, {"meta", {{"title", "Staged"}}}, {"promiseId", 3}}.dump(), &mutates);
  for (int i = 0; i < 100000 && app.ReadingProgress() >= 0; ++i) app.BeginFrame(i);
  REQUIRE(settled.size() == 1);
  CHECK(settled[0].first == 3);
  CHECK(app.project().transcript_text == big);
  CHECK(app.project().title == "Staged");
  CHECK(host.staged_transcript.empty());

  // Past the size limit the slices are only counted, the page is told to stop, and the hand-over is
  // refused with the size message.
  const std::string slice(8u << 20, 'a');
  for (size_t sent = 0; sent <= kMaxTranscriptBytes; sent += slice.size())
    CHECK(stage(slice, sent == 0, 0).value("overLimit", true) == (sent + slice.size() > kMaxTranscriptBytes));
  CHECK(host.staged_transcript.empty());
  const nlohmann::json r = CallApi(app, host, "setTranscript", nlohmann::json{{"staged", true}, {"promiseId", 4}}.dump(), &mutates);
  CHECK(r["error"].value("code", "") == "bad_input");
  CHECK(r["error"].value("message", "") == TranscriptSizeProblem(kMaxTranscriptBytes + slice.size()));
  CHECK(app.status().error);
  CHECK(app.project().transcript_text == big);
  CHECK(host.staged_transcript.empty());

  // A page that knows the text is over the limit from its length stops after the first slice.
  CHECK(stage(slice, true, kMaxTranscriptBytes + 100).value("overLimit", false));
  const nlohmann::json r2 = CallApi(app, host, "setTranscript", nlohmann::json{{"staged", true}, {"promiseId", 5}}.dump(), &mutates);
  CHECK(r2["error"].value("message", "") == TranscriptSizeProblem(kMaxTranscriptBytes + 100));
  CHECK(app.project().transcript_text == big);
}

TEST_CASE("a paste that would take the transcript box over the limit is refused with the size message") {
  test::CleanDevice fresh;
  App app;
  namespace native = platform::native;
  native::TheOverlay("transcript").max_bytes = 100;
  native::PasteInOverlay("transcript", std::string(101, 'x'));
  size_t bytes = 0;
  REQUIRE(platform::TakeTextOverlayRefusal("transcript", &bytes));
  CHECK(bytes == 101);
  CHECK_FALSE(platform::TakeTextOverlayRefusal("transcript", &bytes));
  app.RefuseTooLargeTranscript((size_t)50 << 20);
  CHECK(app.status().error);
  CHECK(app.status().text.find("50 MB") != std::string::npos);
  CHECK(app.status().text.find("unchanged") != std::string::npos);
  native::TheOverlay("transcript") = native::Overlay();
}

}  // namespace
}  // namespace tp
