// libFuzzer target: the article view's line breaker on arbitrary bytes split into styled runs, at an
// arbitrary width. Every segment lies inside its run, segments come in text order without overlap, and
// every byte left out of the lines is a space or a line break (nothing the reader wrote disappears).
// Input: byte 0 picks the width, byte 1 the run boundaries and styles; the rest is text.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/linebreak.h"
#include "core/utf8.h"

namespace {
float Advance(char32_t c, int style) {
  if (c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F)) return 0;
  const float w = (tp::utf8::IsWide(c) || c >= 0x1F000) ? 2.0f : 1.0f;
  return style & 1 ? w * 1.5f : w;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const float width = data[0] == 0 ? 0.5f : data[0] / 4.0f;
  const unsigned split = 1 + data[1] % 13;
  const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
  std::vector<tp::LayoutRun> runs;
  std::vector<size_t> offset;   // where each run starts in text
  for (size_t at = 0, k = 0; at < text.size(); ++k) {
    const size_t n = std::min(text.size() - at, (size_t)split * (1 + k % 3));
    runs.push_back({text.substr(at, n), (int)(k % 2)});
    offset.push_back(at);
    at += n;
  }
  const std::vector<tp::LayoutLine> lines = tp::BreakLines(runs, width, Advance);
  std::vector<bool> covered(text.size(), false);
  size_t last_end = 0;
  for (const tp::LayoutLine& l : lines) {
    for (const tp::LineSegment& s : l.segments) {
      if (s.run < 0 || (size_t)s.run >= runs.size()) __builtin_trap();
      if (s.begin > s.end || s.end > runs[s.run].text.size()) __builtin_trap();
      const size_t b = offset[s.run] + s.begin, e = offset[s.run] + s.end;
      if (b < last_end) __builtin_trap();   // out of order or overlapping
      last_end = e;
      for (size_t i = b; i < e; ++i) covered[i] = true;
    }
  }
  for (size_t i = 0; i < text.size();) {
    if (covered[i]) { ++i; continue; }
    const size_t at = i;
    const char32_t c = tp::utf8::Decode(text, i);
    if (i == at) ++i;
    if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000)) __builtin_trap();
  }
  return 0;
}
