#include "core/transcript_input.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "core/text_util.h"
#include "core/utf8.h"

namespace tp {

namespace {
bool IsStrayControl(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f'; }
}  // namespace

std::string TranscriptSizeProblem(size_t bytes) {
  if (bytes <= kMaxTranscriptBytes) return "";
  return "This transcript is " + std::to_string((bytes + (1u << 20) - 1) >> 20) + " MB; TalkPress reads up to " +
         std::to_string(kMaxTranscriptBytes >> 20) + " MB (about 100 hours of talk). Split it into parts; your saved "
         "transcript is unchanged.";
}

std::string TranscriptInputProblem(std::string_view text) {
  if (text.size() > kMaxTranscriptBytes) return TranscriptSizeProblem(text.size());
  // A BOM alone is empty too.
  std::string_view t = text::Trim(text);
  while (t.substr(0, 3) == "\xEF\xBB\xBF") t = text::Trim(t.substr(3));
  if (t.empty()) return "The new transcript is empty, so it was not used; your saved transcript is unchanged.";
  return "";
}

namespace {
// Offset of the first byte below 0x20 at or after `from` (npos when none), eight bytes per step: the
// whole of a pasted transcript is checked before it is taken in.
size_t FindControl(const std::string& s, size_t from) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = from;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    // A byte below 0x20 has its high bit set after subtracting 0x20 and had it clear before.
    if ((w - 0x2020202020202020ull) & ~w & 0x8080808080808080ull) break;
  }
  for (; i < s.size(); ++i)
    if (p[i] < 0x20) return i;
  return std::string::npos;
}
}  // namespace

namespace {
// Text without a byte order mark whose first bytes are ASCII characters each followed (LE) or preceded (BE) by a
// zero byte: UTF-16 beyond doubt, as UTF-8 text holds no zero bytes. 0 when not, 1 for LE, 2 for BE.
int Utf16WithoutBom(std::string_view in) {
  const size_t n = std::min<size_t>(in.size(), 512) & ~(size_t)1;
  if (n < 8) return 0;
  size_t le = 0, be = 0;
  for (size_t i = 0; i < n; i += 2) {
    le += in[i] != 0 && (unsigned char)in[i] < 0x80 && in[i + 1] == 0;
    be += in[i] == 0 && in[i + 1] != 0 && (unsigned char)in[i + 1] < 0x80;
  }
  if (le * 10 >= n / 2 * 9) return 1;
  if (be * 10 >= n / 2 * 9) return 2;
  return 0;
}
}  // namespace

bool DecodeUtf16(std::string_view in, std::string* out, std::string* note) {
  if (in.size() < 2) return false;
  const unsigned char b0 = (unsigned char)in[0], b1 = (unsigned char)in[1];
  bool bom = (b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF);
  if (bom && b0 == 0xFF && in.size() >= 4 && in[2] == 0 && in[3] == 0) return false;   // FF FE 00 00 starts UTF-32LE
  const int guessed = bom ? 0 : Utf16WithoutBom(in);
  if (!bom && !guessed) return false;
  const bool big_endian = bom ? b0 == 0xFE : guessed == 2;
  size_t broken = 0;
  std::string decoded;
  decoded.reserve(in.size() * 3 / 2);
  auto unit = [&](size_t i) -> char32_t {
    const unsigned char x = (unsigned char)in[i], y = (unsigned char)in[i + 1];
    return big_endian ? (char32_t)((x << 8) | y) : (char32_t)((y << 8) | x);
  };
  for (size_t i = bom ? 2 : 0; i + 1 < in.size(); i += 2) {
    char32_t c = unit(i);
    if (c >= 0xD800 && c <= 0xDBFF && i + 3 < in.size() && unit(i + 2) >= 0xDC00 && unit(i + 2) <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
      i += 2;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;
      ++broken;
    }
    utf8::Append(decoded, c);
  }
  if (in.size() % 2) { utf8::Append(decoded, 0xFFFD); ++broken; }   // a cut last byte
  *out = std::move(decoded);
  *note = std::string("The file is UTF-16") + (big_endian ? "BE" : "LE") +
          (bom ? " (it starts with a UTF-16 byte order mark)" : " (without a byte order mark; recognised by its zero bytes)") +
          "; it was converted to UTF-8 to be read" +
          (broken ? " (" + std::to_string(broken) + " broken character(s) replaced with \xEF\xBF\xBD)" : std::string()) + ".";
  return true;
}

namespace {
// Windows-1252's characters for the bytes 0x80-0x9F (0 where it has none); 0xA0-0xFF are U+00A0-U+00FF.
constexpr char16_t kWindows1252High[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};
}  // namespace

bool DecodeWindows1252(std::string_view in, std::string* out, std::string* note) {
  size_t high = 0, letters = 0, first_high = std::string_view::npos;
  bool invalid = false;
  for (size_t i = 0; i < in.size();) {
    const unsigned char b = (unsigned char)in[i];
    if (b == 0) return false;
    if (b < 0x80) {
      letters += (b | 0x20) >= 'a' && (b | 0x20) <= 'z';
      ++i;
      continue;
    }
    if (b < 0xA0 && !kWindows1252High[b - 0x80]) return false;
    if (first_high == std::string_view::npos) first_high = i;
    ++high;
    size_t j = i;
    bool valid = false;
    utf8::Decode(in, j, &valid);
    if (valid && j - i > 1) return false;   // real UTF-8 somewhere: a broken UTF-8 file, not a Windows one
    invalid = true;
    ++i;
  }
  if (!invalid || high > letters) return false;
  std::string decoded;
  decoded.reserve(in.size() + high * 2);
  for (unsigned char b : in) {
    if (b < 0x80) decoded += (char)b;
    else utf8::Append(decoded, b < 0xA0 ? (char32_t)kWindows1252High[b - 0x80] : (char32_t)b);
  }
  *out = std::move(decoded);
  int line = 1;
  for (size_t i = 0; i < first_high; ++i)
    line += in[i] == '\n' || (in[i] == '\r' && (i + 1 >= in.size() || in[i + 1] != '\n'));
  *note = "Line " + std::to_string(line) + ": the file is not UTF-8 but Windows-1252 (Western European, \xE2\x80\x9C" "ANSI\xE2\x80\x9D); it was "
          "converted to UTF-8 to be read (" + std::to_string(high) + " character" + (high == 1 ? "" : "s") +
          " beyond ASCII). If accented letters look wrong, save the file as UTF-8 and load it again.";
  return true;
}

std::string CleanTranscriptInput(std::string& text) {
  std::string utf16_note;
  {
    std::string decoded;
    if (DecodeUtf16(text, &decoded, &utf16_note) || DecodeWindows1252(text, &decoded, &utf16_note)) text = std::move(decoded);
  }
  size_t count = 0, first = 0;
  for (size_t i = FindControl(text, 0); i != std::string::npos; i = FindControl(text, i + 1))
    if (IsStrayControl((unsigned char)text[i]) && count++ == 0) first = i;
  if (!count) return utf16_note;
  if (!utf16_note.empty()) utf16_note += ' ';
  std::string out;
  out.reserve(text.size() + 2 * count);
  int line = 1, first_line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = (unsigned char)text[i];
    if (i < first && (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n')))) ++line;
    if (i == first) first_line = line;
    if (IsStrayControl(c)) out += "\xEF\xBF\xBD";
    else out += (char)c;
  }
  text = std::move(out);
  return utf16_note + "Line " + std::to_string(first_line) + ": " + std::to_string(count) +
         (count == 1 ? " control character (such as NUL) was" : " control characters (such as NUL) were") +
         " replaced with \xEF\xBF\xBD; the rest of the text is kept.";
}

size_t CountReplacementCharacters(std::string_view utf8) {
  size_t n = 0;
  for (size_t at = utf8.find("\xEF\xBF\xBD"); at != std::string_view::npos; at = utf8.find("\xEF\xBF\xBD", at + 3)) ++n;
  return n;
}

std::string ReplacementCharactersNote(size_t count) {
  return "The text holds " + std::to_string(count) +
         (count == 1 ? " \xEF\xBF\xBD: a character that was" : " \xEF\xBF\xBD marks: characters that were") +
         " broken before the text reached TalkPress (a cut emoji or a wrong encoding); the rest of it is kept.";
}

std::string BrokenSurrogatesNote(size_t count) {
  return "The text held " + std::to_string(count) +
         (count == 1 ? " broken character (an unpaired UTF-16 surrogate, as left by a cut emoji); it was"
                     : " broken characters (unpaired UTF-16 surrogates, as left by a cut emoji); each was") +
         " replaced with \xEF\xBF\xBD and the rest of the text is kept.";
}

}  // namespace tp
