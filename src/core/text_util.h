// Small string helpers shared by the core parsers.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace tp::text {

// Inline: called for every line by every parser. Compared byte by byte: the prefixes are a few bytes, and in
// WebAssembly a memcmp is a call that costs more than the comparison.
inline bool StartsWith(std::string_view s, std::string_view p) {
  if (s.size() < p.size()) return false;
  for (size_t i = 0; i < p.size(); ++i)
    if (s[i] != p[i]) return false;
  return true;
}
inline bool EndsWith(std::string_view s, std::string_view p) {
  if (s.size() < p.size()) return false;
  const size_t off = s.size() - p.size();
  for (size_t i = 0; i < p.size(); ++i)
    if (s[off + i] != p[i]) return false;
  return true;
}
// Position of the first byte `c` at or after `from` (npos when none): eight bytes per step. The C library's
// memchr in WebAssembly looks at four bytes per step and costs a call per line.
inline size_t FindByte(std::string_view s, char c, size_t from = 0) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  const uint64_t pattern = 0x0101010101010101ull * (unsigned char)c;
  size_t i = from;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    w ^= pattern;   // a zero byte where s has c
    if ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull) break;
  }
  for (; i < n; ++i)
    if (p[i] == (unsigned char)c) return i;
  return std::string_view::npos;
}
// True when s holds the byte a, b or c: eight bytes per step, as FindByte.
inline bool HasAnyByte(std::string_view s, char a, char b, char c) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  const uint64_t pa = kOnes * (unsigned char)a, pb = kOnes * (unsigned char)b, pc = kOnes * (unsigned char)c;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    const uint64_t x = w ^ pa, y = w ^ pb, z = w ^ pc;   // a zero byte where s has a, b or c
    if ((((x - kOnes) & ~x) | ((y - kOnes) & ~y) | ((z - kOnes) & ~z)) & kHigh) return true;
  }
  for (; i < n; ++i)
    if (p[i] == (unsigned char)a || p[i] == (unsigned char)b || p[i] == (unsigned char)c) return true;
  return false;
}
std::string_view TrimSlow(std::string_view s);
// ASCII whitespace, NBSP, ideographic space (and a stray BOM at the start).
inline std::string_view Trim(std::string_view s) {
  // The common case, a line that starts and ends with a visible ASCII character, costs two compares.
  if (!s.empty() && (unsigned char)s.front() > ' ' && (unsigned char)s.front() < 0x80 && (unsigned char)s.back() > ' ' &&
      (unsigned char)s.back() < 0x80)
    return s;
  return TrimSlow(s);
}
std::string ToLowerAscii(std::string_view s);
std::string ToUpperAscii(std::string_view s);
// Splits on \n, \r\n and \r.
std::vector<std::string_view> SplitLines(std::string_view s);
// The same lines one at a time, so a large text can be split a slice at a time. Each line break is looked
// for once, however the lines end.
class LineCursor {
 public:
  explicit LineCursor(std::string_view s) : s_(s) {}
  bool Next(std::string_view* line);   // false after the last line
  size_t Position() const { return p_; }   // bytes consumed
 private:
  std::string_view s_;
  size_t p_ = 0;
  size_t lf_ = 0, cr_ = 0;   // the next LF / CR at or after p_ (npos: none), once known
  bool known_ = false;
};
// Joins two pieces of running text: a space between Latin words, nothing between CJK characters.
void AppendJoined(std::string& out, std::string_view piece);
// The lines of s (split at \n, \r\n and \r) joined as AppendJoined joins them, in place.
void JoinLines(std::string& s);
// Collapses runs of spaces/tabs to one space and trims.
std::string CollapseSpaces(std::string_view s);
// True when the text ends a sentence (. ! ? … 。 ！ ？ and closing quotes after them).
bool EndsSentence(std::string_view s);
std::string Replace(std::string_view s, std::string_view from, std::string_view to);

}  // namespace tp::text
