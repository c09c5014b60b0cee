// UTF-8 helpers for the core: validation with repair, code point iteration, script classification.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tp::utf8 {

// Decodes one code point at s[i]; advances i. Invalid sequences yield U+FFFD and advance one byte.
char32_t Decode(std::string_view s, size_t& i, bool* valid = nullptr);
// Decodes the code point that ends just before s[i] (0 when i is 0); moves i back to its first byte.
char32_t DecodeBefore(std::string_view s, size_t& i);
void Append(std::string& out, char32_t cp);

struct RepairReport {
  size_t invalid_sequences = 0;   // how many were replaced by U+FFFD
  size_t first_invalid_byte = 0;  // byte offset of the first one (valid only when invalid_sequences > 0)
  size_t nul_bytes = 0;           // NUL bytes replaced by U+FFFD
  size_t first_nul_byte = 0;      // byte offset of the first one (valid only when nul_bytes > 0)
};
// Returns valid UTF-8: invalid sequences and NUL bytes become U+FFFD (as the WebVTT and HTML parsers do: a
// removed NUL could join two tokens into a valid one), a BOM is removed.
std::string Repair(std::string_view in, RepairReport* report = nullptr);
// Repair of one slice of a larger text that starts at byte `offset` of it (a BOM is removed only at offset
// 0), appended to *out; *report accumulates over the slices. Slices must not cut a UTF-8 sequence.
void RepairAppend(std::string_view in, size_t offset, std::string* out, RepairReport* report);

size_t CountCodePoints(std::string_view s);

// An edit of a text as a browser's text box counts it, in UTF-16 code units: the first `start_units` stay,
// the next `removed_units` become `inserted` (UTF-8), the rest stays. `total_units` is the length of the
// whole text before the edit as the box counted it.
struct Utf16Splice {
  size_t start_units = 0;
  size_t removed_units = 0;
  size_t total_units = 0;
  std::string inserted;
};
// Applies the splice to the UTF-8 text the box was given. Returns false and leaves *text as it was when
// the box cannot have shown exactly this text: invalid UTF-8, a NUL byte or a leading BOM anywhere (the
// browser shows those differently), another length in units, or an edge inside a character; the caller
// then takes the box's whole text instead.
bool ApplyUtf16Splice(std::string* text, const Utf16Splice& splice);

bool IsCjkIdeograph(char32_t c);   // Han (incl. extensions, compatibility)
bool IsKana(char32_t c);           // Hiragana, Katakana
bool IsHangul(char32_t c);
bool IsWide(char32_t c);           // CJK ideographs, kana, hangul, full-width forms and CJK punctuation
bool IsSpace(char32_t c);
// Pictographic emoji (the blocks of Unicode's Extended_Pictographic: symbols and pictographs, emoticons,
// transport, flags' regional indicators, mahjong and cards, dingbats, stars such as U+2B50).
bool IsEmoji(char32_t c);
// Bytes of the emoji sequence starting at s[i] (0 when none starts there): the emoji with what joins it —
// VS16, skin tones, a keycap, tag characters, ZWJ-joined emoji, and the second regional indicator of a flag.
size_t EmojiLength(std::string_view s, size_t i);

}  // namespace tp::utf8
