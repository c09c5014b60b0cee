// Transcript JSON read in slices (TranscriptJsonReader): for every document, valid or not, and any slice size,
// it says what nlohmann::json's strict parser says (valid or not, the line of the error) and keeps the fields
// a transcript uses as nlohmann's document holds them (a repeated key's last value); whole transcripts in
// each JSON shape read the same in tiny slices as at once.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/transcript.h"
#include "../fuzz/transcript_json_reference.h"
#include "test_util.h"

namespace tp {
namespace {

using namespace std::string_literals;
using test_json::Expect;
using test_json::JsonExpectation;

bool Warned(const Transcript& t, const std::string& needle) {
  for (const std::string& w : t.warnings)
    if (w.find(needle) != std::string::npos) return true;
  return false;
}

void CheckReader(std::string_view s, size_t budget) {
  const JsonExpectation e = Expect(s);
  TranscriptJsonReader r(s);
  int steps = 0;
  while (!r.Step(budget)) REQUIRE(++steps < 100000000);
  CHECK(r.Valid() == e.valid);
  if (!e.valid) {
    CHECK(r.ErrorLine() == e.error_line);
    return;
  }
  CHECK(r.HasSegments() == e.has_segments);
  CHECK(r.TopLevelObject() == e.top_object);
  CHECK((r.Language() != nullptr) == e.has_language);
  if (r.Language() && e.has_language) CHECK(*r.Language() == e.language);
  CHECK((r.Text() != nullptr) == e.has_text);
  if (r.Text() && e.has_text) CHECK(*r.Text() == e.text);
  if (!e.has_segments) return;
  CHECK(r.Podcasting() == e.podcasting);
  const std::vector<JsonSegment>& got = r.Segments();
  REQUIRE(got.size() == e.segments.size());
  for (size_t k = 0; k < got.size(); ++k) {
    CAPTURE(k);
    CHECK(got[k].object == e.segments[k].object);
    CHECK(got[k].podcasting == e.segments[k].podcasting);
    CHECK(test_json::SameNumber(got[k].start, e.segments[k].start));
    CHECK(test_json::SameNumber(got[k].end, e.segments[k].end));
    CHECK(test_json::SameNumber(got[k].start_time, e.segments[k].start_time));
    CHECK(test_json::SameNumber(got[k].end_time, e.segments[k].end_time));
    CHECK(got[k].text == e.segments[k].text);
    CHECK(got[k].body == e.segments[k].body);
    CHECK(got[k].speaker == e.segments[k].speaker);
  }
}

std::vector<std::string> JsonDocuments() {
  std::vector<std::string> d = {
      // Shapes TalkPress reads.
      R"({"language": "en", "text": " Hi there.", "segments": [{"id": 0, "start": 0.0, "end": 2.5, "text": " Hi there."}]})",
      R"([{"start": 1, "end": 2, "text": "bare array", "speaker": "A"}, {"start": "00:00:02.5", "end": "3s", "text": "x"}])",
      R"({"version": "1.0.0", "segments": [{"speaker": "Ann", "startTime": 0.5, "endTime": 0.9, "body": "Hello"}, {"body": ","}]})",
      R"({"segments": [], "text": "only the whole text"})",
      R"({"segments": [1, "two", null, true, [3], {"text": 4, "speaker": 12, "start": -0, "end": 1e300}]})",
      R"({"segments": [{"end": 1e400}]})",
      R"({"segments": [{"end": -2.5E+308}]})",
      R"({"segments": [{"speaker": 18446744073709551615, "text": -9223372036854775808, "start": 18446744073709551616}]})",
      R"({"segments": [{"speaker": 9223372036854775808, "start": -9223372036854775809, "end": 12.5e-1, "text": 1.0}]})",
      // A repeated key keeps its last value.
      R"({"segments": [{"text": "a"}], "segments": [{"text": "b", "text": "c"}], "language": "en", "language": 5})",
      R"({"segments": [{"text": "a"}], "segments": {"no": "array"}})",
      R"({"segments": [{"body": null}], "segments": [{"text": "whisper again"}]})",
      // Escapes and characters.
      R"({"segments": [{"text": "q\"b\\s\/ \b\f\n\r\t \u00e9\u4e2d \ud83d\ude00 \u0000end", "speak\u0065r": "\u0041"}], "segm\u0065nts": [{"text": "esc key"}]})",
      "{\"segments\": [{\"text\": \"caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80\"}]}",
      "\xEF\xBB\xBF{\"segments\": []}",
      "  \r\n\t{\"segments\": [{\"text\": \"spaces\"}]}\n\n",
      R"({"title": "Episode 4", "items": [1, 2, 3]})",
      R"({"a": {"b": {"segments": [{"text": "deep"}]}}, "text": {"no": 1}})",
      R"([])",
      R"({})",
      R"([[[[[[[[[[{"text": "nested"}]]]]]]]]]])",
      R"({"segments": [{"start": "", "end": "  7", "text": "", "speaker": false}]})",
      // Invalid, each on a known line.
      "{\"segments\": [\n  {\"start\": 0, \"end\": 1, \"text\": \"Hi\"},\n  {\"start\": 1, \"end\"",
      "{\"segments\": [\n",
      "{\"segments\": [\r\n{\"text\": \"a\"}\r\n]\r\n\r\n",
      "{\"a\": 1,}",
      "{\"a\": 1 \"b\": 2}",
      "[1, 2,\n]",
      "{\"a\": 01}",
      "{\"a\": 1.}",
      "{\"a\": 1.5e}",
      "{\"a\": -}",
      "{\"a\": -x}",
      "{\"a\": tru}",
      "{\"a\": nul\n}",
      "{\"a\": \"x\ny\"}",
      "{\"a\": \"\\q\"}",
      "{\"a\": \"\\u12G4\"}",
      "{\"a\": \"\\ud800\"}",
      "{\"a\": \"\\ud800\\u0041\"}",
      "{\"a\": \"\\udc00\"}",
      "{\"a\": \"\\ud800x\"}",
      "{\"a\": \"bad \xC3\x28 byte\"}",
      "{\"a\": \"\xED\xA0\x80\"}",
      "{\"a\": \"\xF4\x90\x80\x80\"}",
      "{\"a\": \"cut \xE4\xB8",
      "{\"a\": 1}\n}",
      "{\"a\": 1}\nx",
      "[1]\n[2]",
      "{\n\"a\"\n:\n[\n1\n,\n2\n]\n,\n\"b\" 3}",
      "[00:00:00:04]\nCDR: Roger.\n",
      "[Music]\nAlice: hi",
      "\xEF\xBB{}",
      "\xEF{}",
      "{\"a\": \"\\",
      "{\"a\": \"\\u00",
      "{\"a\": 1e+",
      "{\"a\": 12",
      "12",
      "[1e5, -0.0e-0, 0E+1]",
      // A NUL byte between tokens ends the text for nlohmann::json (inside a string it is an error).
      "{\"segments\": []}\0 trailing bytes"s,
      "3\0\0\0[{\"start\": -te:\"\" \xFF\xFF\xFFl]"s,
      "[1,\0]"s,
      "[\"a\0b\"]"s,
      "{\"a\" : [true, false, null], \"b\": {\"c\": []}}",
  };
  // A long Whisper export, and the same one cut off.
  std::string big = "{\"language\": \"zh\", \"segments\": [";
  for (int i = 0; i < 300; ++i)
    big += (i ? ",\n" : "") + "{\"id\": "s + std::to_string(i) + ", \"start\": " + std::to_string(i * 2) + ".5, \"end\": " +
           std::to_string(i * 2 + 1) + ", \"text\": \" 第" + std::to_string(i) + "句 \\\"quoted\\\" line.\", \"tokens\": [1, 2, 3]}";
  d.push_back(big + "]}");
  d.push_back(big.substr(0, big.size() / 2));
  return d;
}

TEST_CASE("transcript JSON read in slices of any size is what nlohmann::json reads") {
  for (const std::string& doc : JsonDocuments()) {
    CAPTURE(doc.substr(0, 120));
    for (size_t budget : {(size_t)1, (size_t)2, (size_t)5, (size_t)64, (size_t)SIZE_MAX}) {
      CAPTURE(budget);
      CheckReader(doc, budget);
    }
  }
}

TEST_CASE("a JSON transcript read in tiny slices is the transcript read at once") {
  std::vector<std::string> docs = JsonDocuments();
  docs.push_back(test::Fixture("transcripts/whisper.json"));
  docs.push_back(test::Fixture("transcripts/podcasting20.json"));
  for (const std::string& doc : docs) {
    CAPTURE(doc.substr(0, 120));
    for (TranscriptFormat f : {TranscriptFormat::Auto, TranscriptFormat::WhisperJson, TranscriptFormat::Podcasting20Json}) {
      ParseOptions o;
      o.format = f;
      const Transcript whole = ParseTranscript(doc, o);
      for (size_t budget : {(size_t)1, (size_t)3, (size_t)50}) {
        CAPTURE(budget);
        TranscriptParse p(doc, o);
        int steps = 0;
        while (!p.Step(budget)) REQUIRE(++steps < 100000000);
        const Transcript part = p.Take();
        CHECK(part.format == whole.format);
        CHECK(part.warnings == whole.warnings);
        CHECK(part.meta.language == whole.meta.language);
        REQUIRE(part.turns.size() == whole.turns.size());
        for (size_t k = 0; k < part.turns.size(); ++k) {
          CHECK(part.turns[k].text == whole.turns[k].text);
          CHECK(part.turns[k].speaker == whole.turns[k].speaker);
          CHECK(part.turns[k].start == whole.turns[k].start);
          CHECK(part.turns[k].end == whole.turns[k].end);
          CHECK(part.turns[k].source_line == whole.turns[k].source_line);
        }
        if (budget == 1 && doc.size() > 200) CHECK(steps > 10);   // it really was spread
      }
    }
  }
}

TEST_CASE("JSON transcripts: the shapes, the fallback text and the warnings") {
  const Transcript bare = ParseTranscript(R"([{"start": 1, "end": 2, "text": " One. ", "speaker": "A"}, 5])");
  CHECK(bare.format == TranscriptFormat::WhisperJson);
  REQUIRE(bare.turns.size() == 1);
  CHECK(bare.turns[0].text == "One.");
  CHECK(bare.turns[0].speaker == "A");
  const Transcript whole_text = ParseTranscript(R"({"language": "en", "segments": [], "text": "The whole talk."})");
  CHECK(whole_text.format == TranscriptFormat::WhisperJson);
  REQUIRE(whole_text.turns.size() == 1);
  CHECK(whole_text.turns[0].text == "The whole talk.");
  CHECK(whole_text.meta.language == "en");
  const Transcript pod = ParseTranscript(R"({"segments": [{"speaker": "Ann", "startTime": "0.5", "endTime": 0.9, "body": "Hello"}, {"body": "!"}]})");
  CHECK(pod.format == TranscriptFormat::Podcasting20Json);
  REQUIRE(pod.turns.size() == 1);
  CHECK(pod.turns[0].text == "Hello!");
  CHECK(pod.turns[0].start == 0.5);
  const Transcript cut = ParseTranscript("{\"segments\": [\n{\"text\": \"a\"},\n\n{\"text\": \"b");
  CHECK(Warned(cut, "Line 4: this looks like JSON but is not valid JSON"));
  const Transcript forced = ParseTranscript("Alice: not JSON at all.\nBob: no.\n", {TranscriptFormat::WhisperJson, false});
  CHECK(Warned(forced, "not valid transcript JSON"));
  CHECK(forced.turns.size() == 2);
}

}  // namespace
}  // namespace tp
