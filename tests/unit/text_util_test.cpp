// The word-at-a-time byte scans (text_util.h) against a plain byte loop: every length around the
// eight-byte steps, the byte at every position, bytes that differ from the sought one by one bit, and
// bytes with the high bit set (where a careless zero-byte test reports a byte that is not there).
#include <doctest/doctest.h>

#include <string>

#include "core/text_util.h"

using namespace tp;

namespace {
size_t PlainFind(const std::string& s, char c, size_t from) {
  for (size_t i = from; i < s.size(); ++i)
    if (s[i] == c) return i;
  return std::string::npos;
}
bool PlainHasAny(const std::string& s, char a, char b, char c) {
  for (char x : s)
    if (x == a || x == b || x == c) return true;
  return false;
}
}  // namespace

TEST_CASE("FindByte and HasAnyByte agree with a plain loop at every length and position") {
  const char fillers[] = {'x', '\x80', '\xFF', '\x3D' /* '<' ^ 1 */, '\x7A' /* '{' ^ 1 */, '\x27' /* '&' ^ 1 */, '\0'};
  for (char fill : fillers) {
    for (size_t n = 0; n <= 27; ++n) {
      const std::string none(n, fill);
      CAPTURE((int)(unsigned char)fill);
      CAPTURE(n);
      CHECK(text::HasAnyByte(none, '<', '{', '&') == PlainHasAny(none, '<', '{', '&'));
      CHECK(text::FindByte(none, '<') == PlainFind(none, '<', 0));
      for (size_t at = 0; at < n; ++at) {
        for (char sought : {'<', '{', '&'}) {
          std::string s = none;
          s[at] = sought;
          CAPTURE(at);
          CHECK(text::HasAnyByte(s, '<', '{', '&'));
          for (size_t from = 0; from <= n; from += 3) CHECK(text::FindByte(s, sought, from) == PlainFind(s, sought, from));
        }
      }
    }
  }
  // A real line: found where it is, not before.
  CHECK_FALSE(text::HasAnyByte("Maya Chen: we measured everything twice.", '<', '{', '&'));
  CHECK(text::HasAnyByte("Maya Chen: <i>we</i> measured", '<', '{', '&'));
  CHECK(text::HasAnyByte("{\\an8}Over here", '<', '{', '&'));
  CHECK(text::HasAnyByte("Tom &amp; Jerry", '<', '{', '&'));
}
