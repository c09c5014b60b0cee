#include "core/transcript_input.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "core/text_util.h"
#include "core/utf8.h"

namespace tp {

using text::StartsWith;

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
  const std::string kind = BinaryKind(text);
  if (!kind.empty())
    return "This looks like " + kind + ", not a text transcript, so it was not used; your saved transcript is unchanged. " +
           (kind.find(".docx") != std::string::npos ? "Save a Word document as plain text (.txt) first, or paste its text."
                                                     : "Open the transcript's text file (.txt, .srt, .vtt, .sbv or .json), or paste its text.");
  return "";
}

const char* FileKindFromMagic(std::string_view s) {
  const std::string_view head = s.substr(0, std::min<size_t>(s.size(), 64));
  auto near_start = [&](std::string_view m, size_t within) {
    const size_t p = head.find(m);
    return p != std::string_view::npos && p <= within;
  };
  if (near_start("PNG\r\n", 6) || near_start("PNG\n", 6) || (near_start("PNG", 6) && head.find("IHDR") != std::string_view::npos)) return "a PNG image";
  if (StartsWith(s, "GIF87a") || StartsWith(s, "GIF89a")) return "a GIF image";
  if (near_start("JFIF", 12) || near_start("Exif", 12) || StartsWith(s, "\xFF\xD8\xFF")) return "a JPEG image";
  if (StartsWith(s, "%PDF-")) return "a PDF document";
  if (StartsWith(s, "PK\x03\x04")) return "a ZIP archive (or .docx)";
  if (StartsWith(s, "ID3") || StartsWith(s, "OggS") || StartsWith(s, "fLaC") || (StartsWith(s, "RIFF") && near_start("WAVE", 12)))
    return "an audio file";
  if (near_start("ftyp", 8) || StartsWith(s, "\x1A\x45\xDF\xA3")) return "a video file";
  return nullptr;
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

// The same for UTF-32: every 4-byte unit a code point (its top byte zero, the next at most 0x10), half of them
// ASCII characters or more. Text in UTF-8 or UTF-16 does not hold that many zero bytes in those places.
int Utf32WithoutBom(std::string_view in) {
  const size_t n = std::min<size_t>(in.size(), 512) & ~(size_t)3;
  if (n < 16) return 0;
  const auto* b = reinterpret_cast<const unsigned char*>(in.data());
  size_t le = 0, be = 0, le_ascii = 0, be_ascii = 0;
  for (size_t i = 0; i < n; i += 4) {
    le += b[i + 3] == 0 && b[i + 2] <= 0x10;
    be += b[i] == 0 && b[i + 1] <= 0x10;
    le_ascii += b[i] != 0 && b[i] < 0x80 && b[i + 1] == 0 && b[i + 2] == 0 && b[i + 3] == 0;
    be_ascii += b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 0 && b[i + 3] != 0 && b[i + 3] < 0x80;
  }
  if (le * 4 == n && le_ascii * 2 >= n / 4) return 1;
  if (be * 4 == n && be_ascii * 2 >= n / 4) return 2;
  return 0;
}

// UTF-32 (LE or BE, with its byte order mark or recognised without one), as UTF-8; code points beyond Unicode
// and surrogates become U+FFFD.
bool DecodeUtf32(std::string_view in, std::string* out, std::string* note) {
  const bool bom_le = StartsWith(in, std::string_view("\xFF\xFE\0\0", 4));
  const bool bom_be = StartsWith(in, std::string_view("\0\0\xFE\xFF", 4));
  const int guessed = bom_le || bom_be ? 0 : Utf32WithoutBom(in);
  if (!bom_le && !bom_be && !guessed) return false;
  const bool big_endian = bom_be || guessed == 2;
  size_t broken = 0;
  std::string decoded;
  decoded.reserve(in.size());
  const auto* b = reinterpret_cast<const unsigned char*>(in.data());
  size_t i = bom_le || bom_be ? 4 : 0;
  for (; i + 3 < in.size(); i += 4) {
    char32_t c = big_endian ? (char32_t)b[i] << 24 | (char32_t)b[i + 1] << 16 | (char32_t)b[i + 2] << 8 | b[i + 3]
                            : (char32_t)b[i + 3] << 24 | (char32_t)b[i + 2] << 16 | (char32_t)b[i + 1] << 8 | b[i];
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) { c = 0xFFFD; ++broken; }
    utf8::Append(decoded, c);
  }
  if (i < in.size()) { utf8::Append(decoded, 0xFFFD); ++broken; }   // a cut last character
  *out = std::move(decoded);
  *note = std::string("The file is UTF-32") + (big_endian ? "BE" : "LE") +
          (bom_le || bom_be ? " (it starts with a UTF-32 byte order mark)" : " (without a byte order mark; recognised by its zero bytes)") +
          "; it was converted to UTF-8 to be read" +
          (broken ? " (" + std::to_string(broken) + " broken character(s) replaced with \xEF\xBF\xBD)" : std::string()) + ".";
  return true;
}
}  // namespace

std::string BinaryKind(std::string_view bytes) {
  if (const char* kind = FileKindFromMagic(bytes)) return kind;
  // Judged on 256 bytes or more: a short text with a few NUL bytes in it is text (they are replaced).
  const std::string_view head = bytes.substr(0, std::min<size_t>(bytes.size(), 65536));
  if (head.size() < 256) return "";
  const bool bom16 = StartsWith(head, "\xFF\xFE") || StartsWith(head, "\xFE\xFF");
  const bool bom32 = StartsWith(head, std::string_view("\0\0\xFE\xFF", 4));   // FF FE 00 00 (LE) starts as UTF-16's
  if (bom16 || bom32 || Utf16WithoutBom(head) || Utf32WithoutBom(head)) return "";
  const size_t stray = (size_t)std::count_if(head.begin(), head.end(), [](char c) { return IsStrayControl((unsigned char)c); });
  return stray * 20 > head.size() ? "binary data" : "";
}

bool DecodeWideText(std::string_view in, std::string* out, std::string* note) {
  if (DecodeUtf32(in, out, note)) return true;   // first: UTF-32LE's mark starts with UTF-16LE's
  if (in.size() < 2) return false;
  const unsigned char b0 = (unsigned char)in[0], b1 = (unsigned char)in[1];
  bool bom = (b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF);
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
// The single-byte code pages a Windows or older Unix text file may be in: each one's characters for the bytes
// 0x80-0xFF, in three ranges so that what pages share is written once. 0 where a page has none (ISO-8859-2's
// 0x80-0x9F are control codes, never in text); a range left out is Latin-1's (the byte's own code point).
constexpr char16_t k1252From80[32] = {
    0x20AC, 0x0000, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x0000, 0x017D, 0x0000,
    0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x0000, 0x017E, 0x0178};
constexpr char16_t k1250From80[32] = {
    0x20AC, 0x0000, 0x201A, 0x0000, 0x201E, 0x2026, 0x2020, 0x2021, 0x0000, 0x2030, 0x0160, 0x2039, 0x015A, 0x0164, 0x017D, 0x0179,
    0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x0000, 0x2122, 0x0161, 0x203A, 0x015B, 0x0165, 0x017E, 0x017A};
constexpr char16_t kLatin2ControlsFrom80[32] = {};
constexpr char16_t k1250FromA0[32] = {
    0x00A0, 0x02C7, 0x02D8, 0x0141, 0x00A4, 0x0104, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x015E, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x017B,
    0x00B0, 0x00B1, 0x02DB, 0x0142, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x0105, 0x015F, 0x00BB, 0x013D, 0x02DD, 0x013E, 0x017C};
constexpr char16_t kLatin2FromA0[32] = {
    0x00A0, 0x0104, 0x02D8, 0x0141, 0x00A4, 0x013D, 0x015A, 0x00A7, 0x00A8, 0x0160, 0x015E, 0x0164, 0x0179, 0x00AD, 0x017D, 0x017B,
    0x00B0, 0x0105, 0x02DB, 0x0142, 0x00B4, 0x013E, 0x015B, 0x02C7, 0x00B8, 0x0161, 0x015F, 0x0165, 0x017A, 0x02DD, 0x017E, 0x017C};
// The letters 0xC0-0xFF: the same in Windows-1250 and ISO-8859-2.
constexpr char16_t kCentralFromC0[64] = {
    0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7, 0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E,
    0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x00D7, 0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
    0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7, 0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B, 0x00ED, 0x00EE, 0x010F,
    0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7, 0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9};

struct CodePage {
  const char* name;
  const char* what;    // for the note
  bool central;        // Central European (the languages kCentralLetters lists) rather than Western
  const char16_t* from80;   // 0x80-0x9F
  const char16_t* fromA0;   // 0xA0-0xBF, or nullptr: Latin-1's
  const char16_t* fromC0;   // 0xC0-0xFF, or nullptr: Latin-1's
  // The character of byte 0x80 + i.
  constexpr char16_t At(size_t i) const {
    return i < 0x20 ? from80[i] : i < 0x40 ? (fromA0 ? fromA0[i - 0x20] : (char16_t)(0x80 + i))
                                           : (fromC0 ? fromC0[i - 0x40] : (char16_t)(0x80 + i));
  }
};
constexpr CodePage kCodePages[] = {
    {"Windows-1252", "Western European, \xE2\x80\x9C" "ANSI\xE2\x80\x9D", false, k1252From80, nullptr, nullptr},
    {"Windows-1250", "Central European: Polish, Czech, Slovak, Hungarian, Croatian, Slovenian, Romanian", true, k1250From80,
     k1250FromA0, kCentralFromC0},
    {"ISO-8859-2", "Latin-2, Central European", true, kLatin2ControlsFrom80, kLatin2FromA0, kCentralFromC0},
};
constexpr size_t kPages = sizeof kCodePages / sizeof kCodePages[0];

// The letters beyond ASCII of the languages each kind of code page is for, one language a string (lower case).
constexpr std::u16string_view kWesternLetters[] = {
    u"\u00E0\u00E2\u00E6\u00E7\u00E9\u00E8\u00EA\u00EB\u00EE\u00EF\u00F4\u0153\u00F9\u00FB\u00FC\u00FF",   // French
    u"\u00E4\u00F6\u00FC\u00DF",                                                               // German
    u"\u00E1\u00E9\u00ED\u00F1\u00F3\u00FA\u00FC",                                                 // Spanish
    u"\u00E1\u00E0\u00E2\u00E3\u00E7\u00E9\u00EA\u00ED\u00F3\u00F4\u00F5\u00FA\u00FC",                         // Portuguese
    u"\u00E0\u00E8\u00E9\u00EC\u00ED\u00EE\u00F2\u00F3\u00F9\u00FA",                                     // Italian
    u"\u00E0\u00E7\u00E8\u00E9\u00ED\u00EF\u00F2\u00F3\u00FA\u00FC",                                     // Catalan
    u"\u00E1\u00E0\u00E4\u00E8\u00E9\u00EB\u00EF\u00F3\u00F6\u00FC",                                     // Dutch
    u"\u00E5\u00E6\u00F8\u00E9\u00F3\u00F4\u00E4\u00F6",                                           // Danish, Norwegian
    u"\u00E5\u00E4\u00F6\u00E9",                                                               // Swedish
    u"\u00E4\u00F6\u00E5\u0161\u017E\u00F5\u00FC",                                                 // Finnish, Estonian
    u"\u00E1\u00E6\u00F0\u00E9\u00ED\u00F3\u00F6\u00FA\u00FD\u00FE",                                     // Icelandic
};
constexpr std::u16string_view kCentralLetters[] = {
    u"\u0105\u0107\u0119\u0142\u0144\u00F3\u015B\u017A\u017C",                                           // Polish
    u"\u00E1\u010D\u010F\u00E9\u011B\u00ED\u0148\u00F3\u0159\u0161\u0165\u00FA\u016F\u00FD\u017E",                   // Czech
    u"\u00E1\u00E4\u010D\u010F\u00E9\u00ED\u013A\u013E\u0148\u00F3\u00F4\u0155\u0161\u0165\u00FA\u00FD\u017E",           // Slovak
    u"\u00E1\u00E9\u00ED\u00F3\u00F6\u0151\u00FA\u00FC\u0171",                                           // Hungarian
    u"\u010D\u0107\u0111\u0161\u017E",                                                         // Croatian, Bosnian
    u"\u010D\u0161\u017E",                                                               // Slovenian
    u"\u0103\u00E2\u00EE\u015F\u0163",                                                         // Romanian
};

// A Latin letter beyond ASCII (U+00C0-U+024F but the signs x and /); the ordinal marks, the superscripts and the
// accents alone are not letters.
bool IsLatinLetter(char16_t c) { return c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7; }
char16_t LowerLatin(char16_t c) {
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return (char16_t)(c + 0x20);
  if (c == 0x178) return 0xFF;
  if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return (char16_t)(c | 1);
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (char16_t)(c + (c & 1));
  return c;
}

// What the text's bytes beyond ASCII say about a code page, in one pass: how often each occurs, and how often each
// stands between two letters (as that page reads them).
struct HighByteCounts {
  size_t count[128] = {};
  size_t between_letters[kPages][128] = {};
};
bool IsLetterIn(const CodePage& page, unsigned char b) {
  return b < 0x80 ? (b | 0x20) >= 'a' && (b | 0x20) <= 'z' : IsLatinLetter(page.At(b - 0x80));
}

// How badly `page` reads the text where it differs from `other`: the letters it gives that no single language of its
// kind writes (counted for the language that explains most of them), plus the signs it puts between letters ("³" in
// "z³oty" for Polish "złoty" read as Windows-1252). *letters: the letters it gives there.
size_t Misreadings(const HighByteCounts& n, size_t page_index, size_t other_index, size_t* letters) {
  const CodePage& page = kCodePages[page_index];
  const CodePage& other = kCodePages[other_index];
  size_t signs = 0, best = 0;
  *letters = 0;
  for (size_t b = 0; b < 128; ++b) {
    if (!n.count[b] || page.At(b) == other.At(b)) continue;
    if (IsLatinLetter(page.At(b))) *letters += n.count[b];
    else signs += n.between_letters[page_index][b];
  }
  const auto count_language = [&](std::u16string_view alphabet) {
    size_t covered = 0;
    for (size_t b = 0; b < 128; ++b)
      if (n.count[b] && page.At(b) != other.At(b) && IsLatinLetter(page.At(b)) &&
          alphabet.find(LowerLatin(page.At(b))) != std::u16string_view::npos)
        covered += n.count[b];
    best = std::max(best, covered);
  };
  if (page.central) for (std::u16string_view l : kCentralLetters) count_language(l);
  else for (std::u16string_view l : kWesternLetters) count_language(l);
  return *letters - best + signs;
}

// Which code page the text is in (an index of kCodePages), or -1 when none reads it plainly. Windows-1252 unless the
// letters clearly say Central European: Windows-1252 misreads them at least twice and four times as often as the
// Central European page does (Polish "ł" and "ą" read as Windows-1252 are "³" and "¹" inside words; Czech "ř" beside
// "ě" reads "ø" beside "ì", which no one language writes). A page that cannot hold a byte of the text is out; when
// Windows-1252 is out, a Central European page must read at least three in four of its own letters as one language.
int ChooseCodePage(const HighByteCounts& n) {
  bool possible[kPages];
  for (size_t p = 0; p < kPages; ++p) {
    possible[p] = true;
    for (size_t b = 0; b < 128; ++b) possible[p] &= !n.count[b] || kCodePages[p].At(b) != 0;
  }
  int chosen = possible[0] ? 0 : -1;
  for (size_t p = 1; p < kPages; ++p) {
    if (!possible[p]) continue;
    size_t letters = 0, western_letters = 0;
    const size_t misread = Misreadings(n, p, 0, &letters);
    if (possible[0]) {
      const size_t western = Misreadings(n, 0, p, &western_letters);
      if (western < 2 || misread * 4 > western) continue;
    } else if (letters == 0 || misread * 4 > letters) {
      continue;
    }
    size_t unused;   // both Central European pages fit: the one that misreads less where they differ
    if (chosen > 0 && Misreadings(n, p, (size_t)chosen, &unused) >= Misreadings(n, (size_t)chosen, p, &unused)) continue;
    chosen = (int)p;
  }
  return chosen;
}
}  // namespace

bool DecodeSingleByteText(std::string_view in, std::string* out, std::string* note) {
  size_t high = 0, letters = 0, first_high = std::string_view::npos;
  bool invalid = false;
  HighByteCounts counts;
  for (size_t i = 0; i < in.size();) {
    const unsigned char b = (unsigned char)in[i];
    if (b == 0) return false;
    if (b < 0x80) {
      letters += (b | 0x20) >= 'a' && (b | 0x20) <= 'z';
      ++i;
      continue;
    }
    if (first_high == std::string_view::npos) first_high = i;
    ++high;
    size_t j = i;
    bool valid = false;
    utf8::Decode(in, j, &valid);
    if (valid && j - i > 1) return false;   // real UTF-8 somewhere: a broken UTF-8 file, not a Windows one
    invalid = true;
    ++counts.count[b - 0x80];
    if (i > 0 && i + 1 < in.size())
      for (size_t p = 0; p < kPages; ++p)
        counts.between_letters[p][b - 0x80] +=
            IsLetterIn(kCodePages[p], (unsigned char)in[i - 1]) && IsLetterIn(kCodePages[p], (unsigned char)in[i + 1]);
    ++i;
  }
  if (!invalid || high > letters) return false;
  const int chosen = ChooseCodePage(counts);
  if (chosen < 0) return false;
  const CodePage& page = kCodePages[chosen];
  std::string decoded;
  decoded.reserve(in.size() + high * 2);
  for (unsigned char b : in) {
    if (b < 0x80) decoded += (char)b;
    else utf8::Append(decoded, (char32_t)page.At(b - 0x80));
  }
  *out = std::move(decoded);
  int line = 1;
  for (size_t i = 0; i < first_high; ++i)
    line += in[i] == '\n' || (in[i] == '\r' && (i + 1 >= in.size() || in[i + 1] != '\n'));
  *note = "Line " + std::to_string(line) + ": the file is not UTF-8 but " + page.name + " (" + page.what + "); it was "
          "converted to UTF-8 to be read (" + std::to_string(high) + " character" + (high == 1 ? "" : "s") +
          " beyond ASCII). If accented letters look wrong, save the file as UTF-8 and load it again.";
  return true;
}

namespace {
// Some subtitle converters write every line end as CR CR LF (a CRLF file run through a second LF→CRLF
// pass). Read as written, each line is followed by an empty one, which ends every SRT and WebVTT cue after
// its first line. When most line ends are that, they become CRLF; a stray one in a text is left alone.
void RepairDoubledCarriageReturns(std::string& text) {
  size_t doubled = 0, feeds = 0;
  for (size_t i = text.find('\n'); i != std::string::npos; i = text.find('\n', i + 1)) {
    ++feeds;
    doubled += i >= 2 && text[i - 1] == '\r' && text[i - 2] == '\r';
  }
  if (doubled < 2 || doubled * 2 < feeds) return;
  size_t w = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 2 < text.size() && text[i + 1] == '\r' && text[i + 2] == '\n') continue;
    text[w++] = text[i];
  }
  text.resize(w);
}
}  // namespace

std::string CleanTranscriptInput(std::string& text) {
  std::string utf16_note;
  {
    std::string decoded;
    if (DecodeWideText(text, &decoded, &utf16_note) || DecodeSingleByteText(text, &decoded, &utf16_note)) text = std::move(decoded);
  }
  RepairDoubledCarriageReturns(text);
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
