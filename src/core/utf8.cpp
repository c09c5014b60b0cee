#include "core/utf8.h"

#include <cstdint>
#include <cstring>

namespace tp::utf8 {

char32_t Decode(std::string_view s, size_t& i, bool* valid) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  unsigned char c = p[i];
  if (valid) *valid = true;
  if (c < 0x80) { ++i; return c; }
  int len = 0;
  char32_t cp = 0, min = 0;
  if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; min = 0x80; }
  else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; min = 0x800; }
  else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; min = 0x10000; }
  if (len == 0 || i + len > n) { ++i; if (valid) *valid = false; return 0xFFFD; }
  for (int k = 1; k < len; ++k) {
    if ((p[i + k] & 0xC0) != 0x80) { ++i; if (valid) *valid = false; return 0xFFFD; }
    cp = (cp << 6) | (p[i + k] & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) { ++i; if (valid) *valid = false; return 0xFFFD; }
  i += len;
  return cp;
}

char32_t DecodeBefore(std::string_view s, size_t& i) {
  if (i == 0) return 0;
  size_t b = i - 1;
  while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80 && i - b < 4) --b;
  size_t k = b;
  const char32_t c = Decode(s, k);
  if (k != i) { i -= 1; return 0xFFFD; }   // the bytes before i are not one whole code point
  i = b;
  return c;
}

void Append(std::string& out, char32_t cp) {
  if (cp < 0x80) out += (char)cp;
  else if (cp < 0x800) { out += (char)(0xC0 | (cp >> 6)); out += (char)(0x80 | (cp & 0x3F)); }
  else if (cp < 0x10000) {
    out += (char)(0xE0 | (cp >> 12)); out += (char)(0x80 | ((cp >> 6) & 0x3F)); out += (char)(0x80 | (cp & 0x3F));
  } else {
    out += (char)(0xF0 | (cp >> 18)); out += (char)(0x80 | ((cp >> 12) & 0x3F));
    out += (char)(0x80 | ((cp >> 6) & 0x3F)); out += (char)(0x80 | (cp & 0x3F));
  }
}

// Length of the valid UTF-8 sequence at p[0..n), or 0 when it is invalid (overlong, surrogate, > U+10FFFF,
// truncated). Inline checks per the Unicode table of well-formed byte sequences.
static inline size_t ValidSequenceLength(const unsigned char* p, size_t n) {
  const unsigned char c = p[0];
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;   // overlong
    if (c == 0xED && p[1] > 0x9F) return 0;   // surrogates
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
    if (c == 0xF0 && p[1] < 0x90) return 0;   // overlong
    if (c == 0xF4 && p[1] > 0x8F) return 0;   // beyond U+10FFFF
    return 4;
  }
  return 0;
}

std::string Repair(std::string_view in, RepairReport* report) {
  RepairReport r;
  std::string out;
  out.reserve(in.size());
  RepairAppend(in, 0, &out, &r);
  if (report) *report = r;
  return out;
}

void RepairAppend(std::string_view in, size_t offset, std::string* out_ptr, RepairReport* report) {
  RepairReport& r = *report;
  std::string& out = *out_ptr;
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const size_t n = in.size();
  size_t i = 0;
  if (offset == 0 && n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) i = 3;
  size_t copied = i;   // valid bytes in [copied, i) are appended in bulk
  while (i < n) {
    // ASCII without NUL, the bulk of most transcripts: eight bytes at a time.
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      const uint64_t has_zero = (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
      if (!((w & 0x8080808080808080ull) | has_zero)) { i += 8; continue; }
    }
    const unsigned char c = p[i];
    if (c != 0 && c < 0x80) { ++i; continue; }
    // Runs of three-byte characters with no special case (lead E1-EC, EE, EF: most CJK text), checked inline.
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      size_t k = i;
      while (k + 3 <= n && ((p[k] >= 0xE1 && p[k] <= 0xEC) || p[k] == 0xEE || p[k] == 0xEF) && (p[k + 1] & 0xC0) == 0x80 &&
             (p[k + 2] & 0xC0) == 0x80)
        k += 3;
      if (k > i) { i = k; continue; }
    }
    if (c == 0) {
      out.append(in.data() + copied, i - copied);
      if (r.nul_bytes == 0) r.first_nul_byte = offset + i;
      ++r.nul_bytes;
      Append(out, 0xFFFD);
      copied = ++i;
      continue;
    }
    const size_t len = ValidSequenceLength(p + i, n - i);
    if (len) { i += len; continue; }
    out.append(in.data() + copied, i - copied);
    if (r.invalid_sequences == 0) r.first_invalid_byte = offset + i;
    ++r.invalid_sequences;
    Append(out, 0xFFFD);
    copied = ++i;
  }
  out.append(in.data() + copied, n - copied);
}

size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool ApplyUtf16Splice(std::string* text, const Utf16Splice& splice) {
  const std::string_view s = *text;
  if (splice.start_units + splice.removed_units > splice.total_units) return false;
  const size_t end_units = splice.start_units + splice.removed_units;
  if (s.size() >= 3 && s.compare(0, 3, "\xEF\xBB\xBF") == 0) return false;   // the box's decoder drops it
  size_t units = 0, i = 0, from = std::string::npos, to = std::string::npos;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  while (true) {
    if (units == splice.start_units && from == std::string::npos) from = i;
    if (units == end_units && to == std::string::npos) to = i;
    if (i == s.size()) break;
    if (p[i] != 0 && p[i] < 0x80) {   // ASCII: the common case, one byte and one unit
      ++i;
      ++units;
      continue;
    }
    bool valid = true;
    const char32_t cp = Decode(s, i, &valid);
    if (!valid || cp == 0) return false;
    units += cp >= 0x10000 ? 2 : 1;
  }
  // An edge between the two units of one character is never found above: from or to stays unset.
  if (units != splice.total_units || from == std::string::npos || to == std::string::npos) return false;
  text->replace(from, to - from, splice.inserted);
  return true;
}

bool IsCjkIdeograph(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x3134F) ||
         (c >= 0xF900 && c <= 0xFAFF) || c == 0x3007;
}
bool IsKana(char32_t c) { return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xFF66 && c <= 0xFF9F); }
bool IsHangul(char32_t c) { return (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F); }
bool IsWide(char32_t c) {
  return IsCjkIdeograph(c) || IsKana(c) || IsHangul(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6);
}
bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 || c == 0x3000 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0xFEFF;
}

bool IsEmoji(char32_t c) {
  return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || (c >= 0x2B00 && c <= 0x2BFF);
}

size_t EmojiLength(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  size_t j = i;
  const char32_t first = Decode(s, j);
  if (!IsEmoji(first)) return 0;
  auto regional = [](char32_t c) { return c >= 0x1F1E6 && c <= 0x1F1FF; };
  if (regional(first)) {   // a flag is a pair of regional indicators
    size_t k = j;
    if (k < s.size() && regional(Decode(s, k))) j = k;
    return j - i;
  }
  while (j < s.size()) {
    size_t k = j;
    const char32_t c = Decode(s, k);
    const bool joins = c == 0xFE0F || c == 0x20E3 || (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F);
    if (joins) { j = k; continue; }
    if (c == 0x200D && k < s.size()) {
      size_t m = k;
      if (IsEmoji(Decode(s, m))) { j = m; continue; }
    }
    break;
  }
  return j - i;
}

}  // namespace tp::utf8
