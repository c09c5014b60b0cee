// libFuzzer target: the transcript JSON reader. For any bytes, read at once and in slices of 1-64 bytes, it
// must say what nlohmann::json's strict parser says (valid or not, the line of the error) and keep the
// segment fields nlohmann's document holds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/transcript.h"
#include "transcript_json_reference.h"

namespace {
void Check(std::string_view in, size_t budget, const tp::test_json::JsonExpectation& e) {
  tp::TranscriptJsonReader r(in);
  while (!r.Step(budget)) {}
  if (r.Valid() != e.valid) __builtin_trap();
  if (!e.valid) {
    if (r.ErrorLine() != e.error_line) __builtin_trap();
    return;
  }
  if (r.HasSegments() != e.has_segments || r.TopLevelObject() != e.top_object) __builtin_trap();
  if ((r.Language() != nullptr) != e.has_language || (r.Language() && *r.Language() != e.language)) __builtin_trap();
  if ((r.Text() != nullptr) != e.has_text || (r.Text() && *r.Text() != e.text)) __builtin_trap();
  if (!e.has_segments) return;
  if (r.Podcasting() != e.podcasting || r.Segments().size() != e.segments.size()) __builtin_trap();
  for (size_t k = 0; k < e.segments.size(); ++k) {
    const tp::JsonSegment &a = r.Segments()[k], &b = e.segments[k];
    if (a.object != b.object || a.podcasting != b.podcasting || a.text != b.text || a.body != b.body || a.speaker != b.speaker)
      __builtin_trap();
    using tp::test_json::SameNumber;
    if (!SameNumber(a.start, b.start) || !SameNumber(a.end, b.end) || !SameNumber(a.start_time, b.start_time) ||
        !SameNumber(a.end_time, b.end_time))
      __builtin_trap();
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const tp::test_json::JsonExpectation e = tp::test_json::Expect(in);
  Check(in, SIZE_MAX, e);
  Check(in, 1 + size % 64, e);
  return 0;
}
