// Transcript ingestion. Index:
//   timestamps · noise marks · scripts, language, tokens · cue model, bidi marks, archive markup and bookkeeping ·
//   speaker labels · lines that are not speech (typed mission transcripts' times and page headings, editors' notes,
//   spoken panel times) · line-based parser (plain / speaker / timestamped / mission logs) · caption cues with more
//   than one speaker · SRT (and Whisper console lines, rolling captions) · SBV · XML captions (TTML/DFXP, YouTube timedtext) ·
//   WebVTT (via core/webvtt, rolling captions) · JSON (Podcasting 2.0, Whisper; speech-to-text services) · format detection ·
//   exporter headers and footers · document metadata (front matter, headings) · binary input · ParseTranscript
//   (merging, paragraphs, roster and aliases, warnings) · chunking
// Every warning that concerns a place in the input starts with "Line N: ".
#include "core/transcript.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <map>
#include <unordered_map>

#include "core/json_util.h"
#include "core/text_util.h"
#include "core/transcript_input.h"
#include "core/utf8.h"
#include "core/webvtt.h"
#include "nlohmann/json.hpp"

namespace tp {

using text::Trim;
using text::StartsWith;

const char* FormatName(TranscriptFormat f) {
  switch (f) {
    case TranscriptFormat::Auto: return "auto";
    case TranscriptFormat::Plain: return "plain";
    case TranscriptFormat::Speaker: return "speaker";
    case TranscriptFormat::Timestamped: return "timestamped";
    case TranscriptFormat::Srt: return "srt";
    case TranscriptFormat::Vtt: return "vtt";
    case TranscriptFormat::Podcasting20Json: return "podcasting20";
    case TranscriptFormat::WhisperJson: return "whisper";
    case TranscriptFormat::Sbv: return "sbv";
    case TranscriptFormat::SpeechApiJson: return "speech-json";
    case TranscriptFormat::XmlCaptions: return "xml-captions";
  }
  return "plain";
}

bool FormatFromName(std::string_view name, TranscriptFormat* out) {
  for (int i = 0; i <= (int)kLastTranscriptFormat; ++i)
    if (name == FormatName((TranscriptFormat)i)) { *out = (TranscriptFormat)i; return true; }
  return false;
}

// ---------------------------------------------------------------------------------------------- timestamps

static bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) if (c < '0' || c > '9') return false;
  return true;
}

bool ParseTimestamp(std::string_view s, double* seconds) {
  s = Trim(s);
  bool negative = false;
  if (StartsWith(s, "-")) { negative = true; s.remove_prefix(1); }
  else if (StartsWith(s, "\xE2\x88\x92")) { negative = true; s.remove_prefix(3); }   // U+2212 minus sign
  if (s.empty() || s.size() > 24) return false;
  std::string_view parts[4];
  int n = 0;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ':') {
      if (n == 4) return false;
      parts[n++] = s.substr(start, i - start);
      start = i + 1;
    }
  }
  if (n < 2) return false;
  // Fraction on the last part: "34.567" or "34,567".
  std::string_view last = parts[n - 1];
  double frac = 0;
  size_t dot = last.find_first_of(".,");
  if (dot != std::string_view::npos) {
    std::string_view f = last.substr(dot + 1);
    if (!AllDigits(f) || f.size() > 6) return false;
    double scale = 0.1;
    for (char c : f) { frac += (c - '0') * scale; scale /= 10; }
    last = last.substr(0, dot);
  }
  parts[n - 1] = last;
  static const double kUnits[3][4] = {{60, 1, 0, 0}, {3600, 60, 1, 0}, {86400, 3600, 60, 1}};
  double v = 0;
  for (int i = 0; i < n; ++i) {
    if (!AllDigits(parts[i]) || parts[i].size() > 6) return false;
    if (i > 0 && parts[i].size() != 2) return false;   // "1:2" is not a time, "1:02" is
    long x = 0;
    for (char c : parts[i]) x = x * 10 + (c - '0');
    if (i > 0 && x > 59) return false;
    if (n == 4 && i == 1 && x > 23) return false;        // DD:HH:MM:SS
    v += x * kUnits[n - 2][i];
  }
  v += frac;
  *seconds = negative ? -v : v;
  return true;
}

std::string FormatTimestamp(double seconds) {
  if (seconds == -1) return "";
  const bool neg = seconds < 0;
  // WebVTT allows any number of hour digits: clamp before converting (about 31 million years).
  long long s = (long long)std::floor(std::min(std::fabs(seconds), 1e15) + 1e-6);
  // Hot in chunk rendering: formatted by hand into a buffer, one string made at the end.
  char buf[40];
  char* p = buf;
  if (neg) *p++ = '-';
  auto two = [&](long long v) { *p++ = (char)('0' + v / 10 % 10); *p++ = (char)('0' + v % 10); };
  if (s >= 3600) {
    char digits[24];
    int k = 0;
    for (long long h = s / 3600; h > 0 || k == 0; h /= 10) digits[k++] = (char)('0' + h % 10);
    while (k) *p++ = digits[--k];
    *p++ = ':';
    two((s / 60) % 60);
  } else {
    two(s / 60);
  }
  *p++ = ':';
  two(s % 60);
  return std::string(buf, (size_t)(p - buf));
}

// The start of a bracketed time range, "00:00:00 - 00:00:05" or "00:00:00 --> 00:00:05" (WhisperX's diarized
// text); the end time is the next line's start.
static bool ParseRangeStart(std::string_view token, double* t) {
  size_t dash = token.find(" - ");
  size_t len = 3;
  if (dash == std::string_view::npos) { dash = token.find(" --> "); len = 5; }
  if (dash == std::string_view::npos) { dash = token.find(" \xE2\x80\x93 "); len = 5; }   // en dash
  double end;
  return dash != std::string_view::npos && ParseTimestamp(token.substr(0, dash), t) &&
         ParseTimestamp(token.substr(dash + len), &end) && end >= *t;
}

// "01:02:03:12" (two digits in each of four fields, frames last, as video editors write timecode) as
// seconds without the frames. Drop-frame timecode (29.97 fps) writes semicolons, "01;02;03;12" or "01:02:03;12":
// its labels skip frame numbers so that it keeps to the clock, and it reads the same way.
static bool ParseVideoTimecode(std::string_view token, double* t) {
  auto separator = [&](size_t i) { return token[i] == ':' || token[i] == ';'; };
  if (token.size() != 11 || !separator(2) || !separator(5) || !separator(8)) return false;
  int f[4];
  for (int i = 0; i < 4; ++i) {
    const char a = token[i * 3], b = token[i * 3 + 1];
    if (a < '0' || a > '9' || b < '0' || b > '9') return false;
    f[i] = (a - '0') * 10 + (b - '0');
  }
  if (f[1] > 59 || f[2] > 59) return false;
  *t = f[0] * 3600.0 + f[1] * 60.0 + f[2];
  return true;
}

// Leading timestamp of a line in the forms "[12:34]", "(1:02:03)", "12:34", "[00:12:34.5]", "12:34 -".
// On success returns the rest of the line.
static bool TakeLeadingTimestamp(std::string_view line, double* t, std::string_view* rest) {
  std::string_view s = line;
  char close = 0;
  if (StartsWith(s, "[")) close = ']';
  else if (StartsWith(s, "(")) close = ')';
  std::string_view token;
  if (close) {
    size_t e = s.find(close);
    if (e == std::string_view::npos || e > 40) return false;   // a time or a time range
    token = s.substr(1, e - 1);
    s.remove_prefix(e + 1);
  } else {
    size_t e = 0;
    auto time_char = [](char c) { return (c >= '0' && c <= '9') || c == ':' || c == ';' || c == '.' || c == ',' || c == '-'; };
    while (e < s.size() && (time_char(s[e]) || (e == 0 && StartsWith(s, "\xE2\x88\x92")))) {
      if (e == 0 && StartsWith(s, "\xE2\x88\x92")) { e += 3; continue; }
      ++e;
    }
    token = s.substr(0, e);
    if (token.find_first_of(":;") == std::string_view::npos) return false;
    s.remove_prefix(e);
    if (!s.empty() && s[0] != ' ' && s[0] != '\t' && s[0] != '|' && s[0] != '-' && s[0] != ']') return false;
  }
  // A time, or drop-frame timecode (semicolons are never in any other time).
  auto read_time = [](std::string_view tok, double* out) {
    return tok.find(';') == std::string_view::npos ? ParseTimestamp(tok, out) : ParseVideoTimecode(tok, out);
  };
  if (!read_time(token, t) && !(close && ParseRangeStart(token, t))) return false;
  s = Trim(s);
  // "00:00:00 - 00:00:05", "00:00:00 --> 00:00:05" unbracketed (Premiere Pro's and subtitle editors' text
  // exports): the range's end is not speech.
  if (!close) {
    for (std::string_view sep : {std::string_view("--> "), std::string_view("- "), std::string_view("\xE2\x80\x93 ")}) {
      if (!StartsWith(s, sep)) continue;
      const std::string_view after = Trim(s.substr(sep.size()));
      const std::string_view end_token = after.substr(0, std::min(after.find_first_of(" \t"), after.size()));
      double end;
      if (end_token.find_first_of(":;") != std::string_view::npos && read_time(end_token, &end) && end >= *t) {
        s = Trim(after.substr(end_token.size()));
        // Both ends "HH:MM:SS:FF": a video timecode (the last field counts frames), not a mission's DD:HH:MM:SS,
        // which is never written as a range. The frames are left out: less than a second.
        double start_tc, end_tc;
        if (ParseVideoTimecode(token, &start_tc) && ParseVideoTimecode(end_token, &end_tc)) *t = start_tc;
      }
      break;
    }
  }
  // Separators some exporters put after the time: "12:34 - text", "12:34 | text".
  if (StartsWith(s, "- ") || StartsWith(s, "| ") || StartsWith(s, "\xE2\x80\x93 ")) s = Trim(s.substr(s.find(' ')));
  *rest = s;
  return true;
}

// ---------------------------------------------------------------------------------------------- noise

namespace {
// A bracket's inner text that names a known sound ("laughter", "Upbeat music", "背景音乐"), in any case.
bool IsKnownNoiseText(std::string_view inner) {
  // Every known name, and a name with "music" in it, is under 40 bytes: compared in a lower-cased copy on the stack.
  if (inner.empty() || inner.size() >= 40) return false;
  char buf[40];
  for (size_t i = 0; i < inner.size(); ++i) buf[i] = (inner[i] >= 'A' && inner[i] <= 'Z') ? (char)(inner[i] + 32) : inner[i];
  const std::string_view low(buf, inner.size());
  // string_views: compared by length first (a const char* list compared every entry's bytes, per bracket read).
  static constexpr std::string_view kKnown[] = {"music", "applause", "laughter", "laughs", "laughing", "laugh", "chuckles",
      "chuckling", "crosstalk", "cross talk", "inaudible", "silence", "coughs", "cough", "sighs", "sigh",
      "background noise", "noise", "music playing", "upbeat music", "intro music", "outro music", "cheering",
      "clapping", "pause", "unintelligible", "indistinct", "foreign", "blank_audio", "no audio", "static",
      "笑", "笑声", "掌声", "音乐", "背景音乐", "鼓掌", "拍手", "笑い", "音楽", "박수", "웃음", "음악"};
  // The first byte decides most comparisons (this runs for every bracket in a caption file).
  for (const std::string_view k : kKnown)
    if (k[0] == low[0] && low == k) return true;
  return low.size() >= 5 && low.find("music") != std::string_view::npos;
}
}  // namespace

bool IsNoiseMark(std::string_view s) {
  s = Trim(s);
  if (s.size() < 2) return false;
  if (s == "\xE2\x99\xAA" || s == "\xE2\x99\xAB") return true;   // ♪ ♫
  const bool square = s.front() == '[' && s.back() == ']';
  const bool paren = s.front() == '(' && s.back() == ')';
  const bool cjk_paren = StartsWith(s, "\xEF\xBC\x88") && text::EndsWith(s, "\xEF\xBC\x89");   // （…）
  if (!square && !paren && !cjk_paren) return false;
  std::string_view inner = cjk_paren ? s.substr(3, s.size() - 6) : s.substr(1, s.size() - 2);
  inner = Trim(inner);
  if (inner.empty()) return false;
  if (IsKnownNoiseText(inner)) return true;
  // Square-bracketed short stage directions ("[door closes]") are noise; anything with digits is not
  // (timestamps, references).
  if (square) {
    int words = 1;
    for (char c : inner) {
      if (c >= '0' && c <= '9') return false;
      if (c == ' ') ++words;
    }
    return words <= 4 && inner.size() <= 40;
  }
  return false;
}

// True when one of the eight bytes of `w` is '[', '(' or a lead byte of U+FF08 / U+266A (0xEF, 0xE2): the bytes
// a noise mark can start with. A zero byte in w ^ (b * 0x01..01) marks a byte equal to b.
// `square` / `paren`: whether a '[' / '(' there could still start one (false when no closing bracket follows near).
static bool MayHoldNoiseStart(uint64_t w, bool square, bool paren) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto has_zero = [](uint64_t x) { return ((x - kOnes) & ~x & kHigh) != 0; };
  if ((square && has_zero(w ^ (kOnes * '['))) || (paren && has_zero(w ^ (kOnes * '(')))) return true;
  return (w & kHigh) && (has_zero(w ^ (kOnes * 0xEF)) || has_zero(w ^ (kOnes * 0xE2)));
}

namespace {
// Cuts `s` down to `part`, a view into it, without a copy.
void KeepOnly(std::string& s, std::string_view part) {
  if (part.size() == s.size()) return;
  const size_t offset = part.empty() ? 0 : (size_t)(part.data() - s.data());
  s.erase(offset + part.size());
  s.erase(0, offset);
}

// Finds noise marks in a text a slice at a time (a cue can be a whole 20 MB text); removes them when `remove`.
struct NoiseScan {
  int found = 0;
  size_t pos = 0;      // where the next call goes on
  // Removing: the text without its marks, spaces collapsed (CollapseSpaces) as it is written; s[copied, i)
  // is still to be written.
  std::string out;
  size_t copied = 0;
  bool space = false;  // a space or tab is pending in `out`
  // The first ']' / ')' / '）' at or after the last place it was looked for: text full of brackets that
  // never close is searched once per kind, not 64 bytes per bracket.
  size_t next_close[3] = {0, 0, 0};
  bool close_known[3] = {false, false, false};

  void Write(const std::string& s, size_t to) {
    if (out.empty() && out.capacity() < s.size()) out.reserve(s.size());
    for (; copied < to; ++copied) {
      const char c = s[copied];
      if (c == ' ' || c == '\t') { space = true; continue; }
      if (space && !out.empty()) out += ' ';
      space = false;
      out += c;
    }
  }
  // Looks at s from where the last call stopped to about `bytes` further (s unchanged in between); true once
  // s is done, and then, when `remove` and marks were found, s is the text without them.
  bool Step(std::string& s, bool remove, size_t bytes);
};

bool NoiseScan::Step(std::string& s, bool remove, size_t bytes) {
  const size_t n = s.size();
  size_t i = pos;   // a local: the loop below keeps it in a register
  const size_t stop = n - i <= bytes ? n : i + bytes;
  while (i < stop) {
    // Most text holds no mark: skipped eight bytes at a time.
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      // A bracket in these eight bytes needs its closing one within 64 bytes of it.
      auto live = [&](int kind) {
        return !close_known[kind] || (next_close[kind] != std::string::npos && next_close[kind] < i + 72);
      };
      if (!MayHoldNoiseStart(w, true, true) || !MayHoldNoiseStart(w, live(0), live(1))) { i += 8; continue; }
    }
    const unsigned char b = (unsigned char)s[i];
    // Only '[', '(', U+FF08 (EF BC 88) and U+266A (E2 99 AA) can start a mark.
    if (b != '[' && b != '(' && b != 0xEF && b != 0xE2) { ++i; continue; }
    std::string_view close;
    size_t open_len = 1;
    int kind = 0;
    if (b == '[') close = "]";
    else if (b == '(') { close = ")"; kind = 1; }
    else if (b == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBC && (unsigned char)s[i + 2] == 0x88) { close = "\xEF\xBC\x89"; open_len = 3; kind = 2; }
    else if (b == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x99 && (unsigned char)s[i + 2] == 0xAA) {
      ++found;   // a music note on its own
      if (remove) { Write(s, i); copied = i + 3; }
      i += 3;
      continue;
    } else { ++i; continue; }
    // Marks are short: a closing bracket more than 64 bytes on is not one.
    if (!close_known[kind] || (next_close[kind] != std::string::npos && next_close[kind] < i + open_len)) {
      next_close[kind] = std::string_view(s).find(close, i + open_len);
      close_known[kind] = true;
    }
    const size_t e = next_close[kind];
    if (e != std::string::npos && e + close.size() - i <= 64) {
      std::string_view mark(s.data() + i, e + close.size() - i);
      if (IsNoiseMark(mark)) {
        ++found;
        if (remove) { Write(s, i); copied = e + close.size(); }
        i = e + close.size();
        continue;
      }
    }
    i += open_len;
  }
  pos = i;
  if (i < n) {
    if (remove) Write(s, i);   // a long text is written as it is read, not all at the end
    return false;
  }
  if (remove && found) {
    Write(s, n);
    KeepOnly(out, Trim(out));
    s = std::move(out);
  }
  return true;
}
}  // namespace

// ---------------------------------------------------------------------------------------------- scripts, tokens

ScriptCounts CountScripts(std::string_view s) {
  ScriptCounts c;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // ASCII runs are the common case: eight bytes at a time while none has its high bit set. In each byte
    // b | 0x20 is a letter when it is >= 'a' and < '{': adding 0x1F (0x05) sets the byte's high bit exactly
    // when it is >= 'a' ('{'), and no byte overflows into the next (all are < 0x80).
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ull) break;
      const uint64_t low = w | 0x2020202020202020ull;
      const uint64_t letters = (low + 0x1F1F1F1F1F1F1F1Full) & ~(low + 0x0505050505050505ull) & 0x8080808080808080ull;
      c.latin += (size_t)(((letters >> 7) * 0x0101010101010101ull) >> 56);   // one bit per letter byte, summed
      i += 8;
    }
    while (i < n && p[i] < 0x80) {
      const unsigned char l = p[i] | 0x20;
      c.latin += (l >= 'a' && l <= 'z');
      ++i;
    }
    // Lead bytes E5-E9 start U+5000-U+9FFF, all CJK ideographs.
    while (i + 2 < n && p[i] >= 0xE5 && p[i] <= 0xE9) { ++c.han; i += 3; }
    if (i >= n) break;
    const unsigned char b = p[i];
    if (b < 0x80) continue;
    char32_t cp;
    if ((b & 0xF0) == 0xE0 && i + 2 < n) {   // 3-byte sequences (all CJK) decoded inline
      cp = ((b & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
      i += 3;
    } else {
      cp = utf8::Decode(s, i);
    }
    if (cp >= 0x4E00 && cp <= 0x9FFF) { ++c.han; continue; }   // the bulk of Chinese text
    if (utf8::IsCjkIdeograph(cp)) ++c.han;
    else if (utf8::IsKana(cp)) ++c.kana;
    else if (utf8::IsHangul(cp)) ++c.hangul;
    else if ((cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF)) ++c.latin;
    else if (!utf8::IsSpace(cp) && cp > 0x2FF && !(cp >= 0x2000 && cp <= 0x206F) && !(cp >= 0x3000 && cp <= 0x303F) &&
             !(cp >= 0xFF00 && cp <= 0xFFEF))
      ++c.other;
  }
  return c;
}

std::string DetectLanguage(std::string_view s) {
  if (s.size() > 400000) s = s.substr(0, 400000);   // a sample is plenty
  ScriptCounts c = CountScripts(s);
  const size_t cjk = c.han + c.kana + c.hangul;
  // Latin letters are ~5 per word, CJK characters ~1-2 per word: compare on a word-ish scale.
  const double latin_words = c.latin / 5.0, cjk_words = cjk / 1.5;
  if (cjk == 0 && c.latin == 0) return "und";
  if (cjk_words >= latin_words) {
    if (c.hangul > c.han + c.kana) return "ko";
    if (c.kana * 10 >= cjk) return "ja";   // Japanese text mixes kanji with a good share of kana
    return "zh";
  }
  if (c.other > c.latin) return "und";
  // English or another Latin-script language: look for very common English words.
  // Words, not spellings: punctuation and line starts count as word breaks ("welcome. we have", "Are you").
  static constexpr std::string_view kCommon[] = {"the", "and", "is", "you", "that", "it", "to", "of", "have", "this",
                                                 "with", "what", "are", "there", "she", "they", "we're", "i'm", "it's",
                                                 "that's", "don't", "i'll", "for", "about", "thanks", "let's", "welcome"};
  static_assert(sizeof kCommon / sizeof kCommon[0] <= 32, "one bit per word");
  // One pass over the sample's words (rather than one search of it per common word); three distinct words decide.
  const std::string low = text::ToLowerAscii(s.substr(0, 20000));
  auto is_break = [](char c) {
    return (unsigned char)c < 0x80 && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '\'';
  };
  uint32_t found = 0;
  int hits = 0;
  for (size_t i = 0; i < low.size();) {
    while (i < low.size() && is_break(low[i])) ++i;
    const size_t start = i;
    while (i < low.size() && !is_break(low[i])) ++i;
    const std::string_view word(low.data() + start, i - start);
    if (word.size() < 2 || word.size() > 7) continue;
    for (size_t w = 0; w < sizeof kCommon / sizeof kCommon[0]; ++w)
      if (word == kCommon[w] && !(found & (1u << w))) {
        found |= 1u << w;
        if (++hits == 3) return "en";
      }
  }
  return "und";
}

namespace {
// The estimate for a text of `bytes` bytes holding `cjk` CJK letters: a sum over pieces is the estimate of
// their concatenation.
int TokensOf(size_t bytes, size_t cjk, TokenizerFamily family) {
  // Bytes that are not CJK letters (Latin, digits, spaces, punctuation); CJK code points are 3 bytes.
  const double rest = (double)bytes - 3.0 * cjk;
  const double cjk_rate = family == TokenizerFamily::DeepSeekQwen ? 0.6 : 1.0;
  const double latin_chars_per_token = family == TokenizerFamily::DeepSeekQwen ? 3.3 : 3.5;
  return (int)std::ceil(cjk * cjk_rate + (rest > 0 ? rest : 0) / latin_chars_per_token);
}
// CountScripts' han + kana + hangul, without its other counts.
size_t CjkLetters(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t cjk = 0, i = 0;
  while (i < n) {
    while (i + 8 <= n) {   // ASCII runs, eight bytes at a time
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    while (i < n && p[i] < 0x80) ++i;
    // Lead bytes E5-E9 start U+5000-U+9FFF, all CJK ideographs (the bulk of Chinese and Japanese text).
    while (i + 2 < n && p[i] >= 0xE5 && p[i] <= 0xE9) { ++cjk; i += 3; }
    if (i >= n) break;
    const unsigned char b = p[i];
    if (b < 0x80) continue;
    char32_t cp;
    if ((b & 0xF0) == 0xE0 && i + 2 < n) {   // decoded as CountScripts does
      cp = ((b & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
      i += 3;
      if (cp >= 0x4E00 && cp <= 0x9FFF) { ++cjk; continue; }
    } else {
      cp = utf8::Decode(s, i);
    }
    cjk += utf8::IsCjkIdeograph(cp) || utf8::IsKana(cp) || utf8::IsHangul(cp);
  }
  return cjk;
}
}  // namespace

int EstimateTokens(std::string_view s, TokenizerFamily family) { return TokensOf(s.size(), CjkLetters(s), family); }

// ---------------------------------------------------------------------------------------------- cues

namespace {

struct Cue {
  std::string speaker;
  double start = -1, end = -1;
  std::string text;
  bool speaker_change = false;   // ">>" or "- " marks a new speaker without naming them
  bool untimed_block = false;    // a subtitle block without a timing line: kept apart, never merged
  bool line_piece = false;       // one line of unlabelled text that had no paragraph breaks
  bool time_header = false;      // dated by a time alone on the line above (Otter's paragraph header)
  bool bracket_speaker = false;  // named "(JOHN) text" (a name that does not read like a manner)
  bool manner_label = false;     // starts "(KELLY) text": a speaker or a manner, decided for the whole file
  bool chapter_start = false;    // the first cue after a chapter's title: never joined to the one before
  int line = 0;                  // 1-based input line where the cue's text starts
};

struct Collector {
  std::vector<Cue> cues;
  std::map<std::string, std::string> roles;   // "(Host)" / "(Guest)" written in speaker labels
  std::vector<std::string> warnings;
  std::vector<std::pair<std::string, std::string>> fields;   // metadata found while parsing
  int empty_cues = 0;
  int first_empty_line = 0;      // input line of the first empty cue, when known
  int bad_times = 0;
  int rolled_lines = 0;          // repeated lines of rolling captions removed
  // Caption cues holding more than one speaker: the later speakers' parts, each after the cue it came from.
  std::vector<std::pair<size_t, Cue>> later_speakers;
  bool next_speaker_unknown = false;   // the cue before was a dashed dialogue
};

std::string LineRef(int line) { return "Line " + std::to_string(line) + ": "; }

void CountEmptyCue(Collector& col, int line) {
  if (col.empty_cues++ == 0 || !col.first_empty_line) col.first_empty_line = line;
}

// Bidirectional marks (LRM, RLM, ALM, embeddings, isolates): invisible, and a label written with one is
// the same label without it.
size_t BidiMarkLength(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return (unsigned char)s[i + k]; };
  if (i + 1 < s.size() && b(0) == 0xD8 && b(1) == 0x9C) return 2;                       // U+061C
  if (i + 2 >= s.size() || b(0) != 0xE2) return 0;
  if (b(1) == 0x80 && (b(2) == 0x8E || b(2) == 0x8F || (b(2) >= 0xAA && b(2) <= 0xAE))) return 3;   // U+200E/F, U+202A-E
  if (b(1) == 0x81 && b(2) >= 0xA6 && b(2) <= 0xA9) return 3;                              // U+2066-9
  return 0;
}
std::string StripBidiMarks(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t n = BidiMarkLength(s, i);
    if (n) { i += n; continue; }
    out += s[i++];
  }
  return out;
}
bool HasBidiMark(std::string_view s) {
  for (size_t i = s.find_first_of("\xD8\xE2"); i != std::string_view::npos; i = s.find_first_of("\xD8\xE2", i + 1))
    if (BidiMarkLength(s, i)) return true;
  return false;
}

// Archive markup (Spacelog-style mission transcripts): "[glossary:ECLSS]" -> "ECLSS",
// "[time:02:03:04:05|the docking]" -> "the docking". Returns false when there is none.
constexpr std::string_view kArchiveMarkupKinds[] = {"glossary:", "time:", "link:", "person:"};

bool CleanArchiveMarkup(std::string_view s, std::string* out) {
  if (text::FindByte(s, '[') == std::string_view::npos) return false;
  bool any = false;
  std::string r;
  size_t i = 0;            // s[i, ...) is not in r yet: text is copied only once a mark is found
  size_t search = 0;       // where the next '[' is looked for
  size_t next_close = 0;   // the first ']' at or after the last place looked: each byte is scanned once
  bool close_known = false;
  while (search < s.size()) {
    size_t open = text::FindByte(s, '[', search);
    if (open == std::string_view::npos) break;
    size_t kind_len = 0;
    for (std::string_view k : kArchiveMarkupKinds)
      if (StartsWith(s.substr(open + 1), k)) { kind_len = k.size(); break; }
    if (kind_len && (!close_known || (next_close != std::string_view::npos && next_close < open))) {
      next_close = text::FindByte(s, ']', open);
      close_known = true;
    }
    if (close_known && next_close == std::string_view::npos) break;   // no ']' after this: nothing closes
    const size_t close = kind_len && next_close != std::string_view::npos && next_close < open + 400 ? next_close
                                                                                                   : std::string_view::npos;
    if (close == std::string_view::npos) {
      search = open + 1;
      continue;
    }
    std::string_view inner = s.substr(open + 1 + kind_len, close - open - 1 - kind_len);
    const size_t bar = inner.find('|');
    if (bar != std::string_view::npos) inner = inner.substr(bar + 1);
    if (!any) r.reserve(s.size());
    r.append(s.data() + i, open - i);
    r.append(Trim(inner));
    i = search = close + 1;
    any = true;
  }
  if (!any) return false;
  r.append(s.data() + i, s.size() - i);
  *out = std::move(r);
  return true;
}

// Whether CleanArchiveMarkup may find something: a '[' followed by one of its kinds. Most lines have none,
// and are then neither copied nor rebuilt.
bool HasArchiveMarkup(std::string_view s) {
  for (size_t open = text::FindByte(s, '['); open != std::string_view::npos; open = text::FindByte(s, '[', open + 1)) {
    for (std::string_view k : kArchiveMarkupKinds)
      if (StartsWith(s.substr(open + 1), k)) return true;
  }
  return false;
}

// "_page : 8", "_tape : Tape 1/2": archive bookkeeping, not speech. Key without the underscore.
bool TakeArchiveMetaLine(std::string_view s, std::string* key, std::string* value) {
  if (s.size() < 3 || s[0] != '_') return false;
  size_t i = 1;
  while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_')) ++i;
  if (i == 1) return false;
  size_t j = i;
  while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
  if (j >= s.size() || s[j] != ':') return false;
  *key = text::ToLowerAscii(s.substr(1, i - 1));
  *value = std::string(Trim(s.substr(j + 1)));
  return true;
}

bool LooksLikeUrl(std::string_view s) { return s.find("://") != std::string_view::npos || StartsWith(s, "www."); }

// string_views: compared once per labelled line, without measuring the words each time.
constexpr std::string_view kRoles[] = {"host", "guest", "interviewer", "interviewee", "moderator", "co-host", "cohost",
                              "主持人", "嘉宾", "司会", "ゲスト", "진행자", "게스트"};

// "Name: text", "Name (Host): text", "发言人1：text", "Name [00:12]: text". Returns the label, the role and
// a time if one was embedded; `rest` is the spoken text.
bool TakeSpeakerLabel(std::string_view line, std::string* label, std::string* role, double* t, std::string_view* rest) {
  size_t colon = std::string_view::npos, colon_len = 1;
  const size_t limit = std::min<size_t>(line.size(), 80);
  for (size_t i = 0; i < limit; ++i) {
    if (line[i] == ':') {
      // "12:34" inside a timestamp is not a label separator.
      if (i + 1 < line.size() && line[i + 1] >= '0' && line[i + 1] <= '9' && i > 0 && line[i - 1] >= '0' && line[i - 1] <= '9')
        continue;
      colon = i; break;
    }
    if ((unsigned char)line[i] == 0xEF && i + 2 < line.size() && (unsigned char)line[i + 1] == 0xBC &&
        (unsigned char)line[i + 2] == 0x9A) { colon = i; colon_len = 3; break; }   // full-width colon
  }
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view name = Trim(line.substr(0, colon));
  if (StartsWith(name, ">>")) name = Trim(name.substr(2));
  if (name.empty() || LooksLikeUrl(line.substr(0, std::min(line.size(), colon + 3)))) return false;
  // Markup and bookkeeping ("[glossary:X]", "_page : 8", "# Heading:", "(note: ...)") are not names.
  if (std::strchr("[_#(<{*\"'", name[0])) return false;
  double embedded = -1;
  std::string r;
  // Trailing "(Host)" / "[00:12:34]" / "(00:12)" after the name.
  for (int pass = 0; pass < 2; ++pass) {
    if (!name.empty() && (name.back() == ')' || name.back() == ']' || text::EndsWith(name, "\xEF\xBC\x89"))) {
      const bool full = text::EndsWith(name, "\xEF\xBC\x89");
      size_t open = full ? name.rfind("\xEF\xBC\x88") : name.rfind(name.back() == ')' ? '(' : '[');
      if (open == std::string_view::npos || open == 0) return false;
      std::string_view inner = name.substr(open + (full ? 3 : 1), name.size() - open - (full ? 6 : 2));
      double ts;
      if (ParseTimestamp(inner, &ts)) embedded = ts;
      else r = std::string(Trim(inner));
      name = Trim(name.substr(0, open));
    }
  }
  // Also "Name 00:12:34:" (time after the name without brackets).
  size_t sp = name.rfind(' ');
  if (sp != std::string_view::npos) {
    double ts;
    if (ParseTimestamp(name.substr(sp + 1), &ts)) { embedded = ts; name = Trim(name.substr(0, sp)); }
  }
  if (name.empty()) return false;
  // A name is short and has no sentence punctuation.
  const size_t cps = utf8::CountCodePoints(name);
  if (cps > 40) return false;
  int words = 1;
  for (char c : name) {
    if (c == ' ') ++words;
    // "Dr. Smith" and "J. R." are fine; sentence text is not.
    if (c == ',' || c == ';' || c == '!' || c == '?' || c == '"') return false;
  }
  if (words > 5) return false;
  bool ascii = true;
  for (char c : name) ascii &= (unsigned char)c < 0x80;
  if (!ascii) {
    static constexpr std::string_view kCjkPunct[] = {"\xE3\x80\x82", "\xEF\xBC\x8C", "\xEF\xBC\x81", "\xEF\xBC\x9F", "\xE3\x80\x81"};
    for (std::string_view p : kCjkPunct) if (name.find(p) != std::string_view::npos) return false;
  }
  if (AllDigits(name)) return false;
  // Latin labels start with a capital letter, a digit or are a known generic label ("speaker 1").
  unsigned char c0 = (unsigned char)name[0];
  if (c0 >= 'a' && c0 <= 'z') {
    std::string low = text::ToLowerAscii(name);
    if (!StartsWith(low, "speaker") && !StartsWith(low, "spk") && !StartsWith(low, "host") && !StartsWith(low, "guest"))
      return false;
  }
  // Latin names are Title Case ("Harry Stebbings", "Ludwig van Beethoven"); "The reason is simple" is prose.
  if (c0 < 0x80 && words >= 2) {
    static constexpr std::string_view kParticles[] = {"van", "von", "de", "da", "del", "der", "di", "la", "le", "bin", "al", "du", "dos"};
    size_t pos = 0;
    int lower_words = 0;
    while (pos < name.size()) {
      size_t e = name.find(' ', pos);
      std::string_view w = name.substr(pos, e == std::string_view::npos ? std::string_view::npos : e - pos);
      pos = e == std::string_view::npos ? name.size() : e + 1;
      if (w.empty() || !(w[0] >= 'a' && w[0] <= 'z')) continue;
      bool particle = false;
      for (std::string_view p : kParticles) particle |= w == p;
      if (!particle) ++lower_words;
    }
    if (lower_words > 0 && text::ToLowerAscii(name.substr(0, 7)) != "speaker") return false;
  }
  // Common prose openers that look like labels.
  static constexpr std::string_view kNotNames[] = {"Note", "Example", "Warning", "Update", "Edit", "Source", "Link", "Title",
                                    "Date", "Time", "Transcript", "Summary", "Question", "Answer", "Q", "A", "PS"};
  if (name.size() <= 11 && r.empty() && name[0] >= 'A' && name[0] <= 'Z')   // all are capitalised ASCII
    for (std::string_view w : kNotNames)
      if (name == w && name != "Q" && name != "A") return false;
  *label = HasBidiMark(name) ? std::string(Trim(StripBidiMarks(name))) : std::string(name);
  if (label->empty()) return false;
  role->clear();
  if (!r.empty()) {
    const std::string role_low = text::ToLowerAscii(r);
    for (std::string_view k : kRoles) if (role_low == k) *role = role_low;
  }
  if (!r.empty() && role->empty()) *label += " (" + r + ")";   // "(CEO, Acme)" stays part of the label
  *t = embedded;
  *rest = Trim(line.substr(colon + colon_len));
  return true;
}

// A header line: "Speaker 1  00:02", "Harry Stebbings (00:01:02)", "[00:12:34] Harry Stebbings" with the text on
// the following lines (Otter, Descript exports).
bool TakeHeaderLine(std::string_view line, std::string* label, double* t, std::string* role = nullptr) {
  double ts;
  std::string_view rest;
  if (TakeLeadingTimestamp(line, &ts, &rest)) {
    return false;   // handled as "timestamp then text"
  }
  // The time is the last word, after a space, a tab or a no-break space (Otter's web page copied puts
  // U+00A0 between the name and the time, and after it).
  auto trim_end = [](std::string_view v) {
    for (;;) {
      if (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
      else if (v.size() >= 2 && v[v.size() - 2] == '\xC2' && v.back() == '\xA0') v.remove_suffix(2);
      else return v;
    }
  };
  line = trim_end(line);
  size_t sp = std::string_view::npos, sep_len = 1;
  for (size_t i = line.size(); i-- > 0;) {
    if (line[i] == ' ' || line[i] == '\t') { sp = i; break; }
    if (line[i] == '\xA0' && i > 0 && line[i - 1] == '\xC2') { sp = i - 1; sep_len = 2; break; }
  }
  if (sp == std::string_view::npos) return false;
  std::string_view last = line.substr(sp + sep_len);
  std::string_view name = Trim(trim_end(line.substr(0, sp)));
  if ((StartsWith(last, "(") && text::EndsWith(last, ")")) || (StartsWith(last, "[") && text::EndsWith(last, "]")))
    last = last.substr(1, last.size() - 2);
  if (!ParseTimestamp(last, &ts) || name.empty()) return false;
  // "Jane Doe | 00:03", "Jane Doe - 00:03", "Jane Doe · 00:03": a separator between the name and the time.
  for (std::string_view sep : {std::string_view("|"), std::string_view("-"), std::string_view("\xE2\x80\x93"),
                               std::string_view("\xE2\x80\x94"), std::string_view("\xC2\xB7"), std::string_view("\xE2\x80\xA2")}) {
    if (name.size() > sep.size() && text::EndsWith(name, sep) && (name[name.size() - sep.size() - 1] == ' ' || name[name.size() - sep.size() - 1] == '\t')) {
      name = Trim(name.substr(0, name.size() - sep.size()));
      break;
    }
  }
  // "[Speaker A] 15:05:17" (Zoom's saved captions): the name in brackets, unless the brackets hold a
  // sound ("[Music] 0:05").
  if (name.size() > 2 && name.front() == '[' && name.back() == ']') {
    const std::string_view inner = Trim(name.substr(1, name.size() - 2));
    if (inner.empty() || IsKnownNoiseText(inner)) return false;
    name = inner;
  }
  // "🟢 说话人1 [00:00:00]": a colour mark some exporters put before the name is not part of it.
  if (const size_t emoji = utf8::EmojiLength(name, 0); emoji && emoji < name.size() && (name[emoji] == ' ' || name[emoji] == '\t'))
    name = Trim(name.substr(emoji));
  std::string dummy_role;
  double dummy_t;
  std::string_view dummy_rest;
  std::string synthetic = std::string(name) + ": x";
  if (!TakeSpeakerLabel(synthetic, label, &dummy_role, &dummy_t, &dummy_rest)) return false;
  *t = ts;
  if (role) *role = std::move(dummy_role);   // "Gary Jordan (Host)  0:05": the role, as a colon label gives it
  return true;
}

// "**Host:** text", "**Speaker 1 (00:00):**", "**Host**: text" (Markdown exports) as the same line without the
// bold marks around its label, in *out; false when the line does not start with a bold label.
bool UnboldLabel(std::string_view s, std::string* out) {
  if (!StartsWith(s, "**")) return false;
  const size_t close = s.substr(0, std::min<size_t>(s.size(), 120)).find("**", 2);
  if (close == std::string_view::npos || close == 2) return false;
  const std::string_view inner = s.substr(2, close - 2);
  if (inner.find('*') != std::string_view::npos) return false;
  std::string_view after = s.substr(close + 2);
  const bool colon_inside = text::EndsWith(inner, ":") || text::EndsWith(inner, "\xEF\xBC\x9A");
  const bool colon_after = StartsWith(after, ":") || StartsWith(after, "\xEF\xBC\x9A");
  if (!colon_inside && !colon_after) return false;
  out->assign(inner.data(), inner.size());
  if (colon_after) {
    const size_t len = after[0] == ':' ? 1 : 3;
    out->append(after.data(), len);
    after.remove_prefix(len);
  }
  *out += ' ';
  out->append(after.data(), after.size());
  return true;
}

// "[00:00:05] Jane Doe" (the time already taken: `rest` is "Jane Doe") followed by a line of text without a
// time: a header whose name is *label. Cheap tests first: most timed lines are speech followed by a timed line.
bool TakeTimedNameHeader(std::string_view rest, std::string_view next_line, std::string* label, std::string* role) {
  next_line = Trim(next_line);
  if (next_line.empty() || next_line[0] == '[' || next_line[0] == '(' || (next_line[0] >= '0' && next_line[0] <= '9'))
    return false;
  if (rest.empty() || rest.size() > 60 || std::strchr(".,!?;:", rest.back()) || rest.find(':') != std::string_view::npos)
    return false;
  int words = 1;
  for (char c : rest) words += c == ' ';
  if (words > 4) return false;
  const unsigned char c0 = (unsigned char)rest[0];
  if (c0 < 0x80 && !(c0 >= 'A' && c0 <= 'Z')) return false;   // Latin names are capitalised
  std::string synthetic = std::string(rest) + ": x";
  double t;
  std::string_view text_after;
  return TakeSpeakerLabel(synthetic, label, role, &t, &text_after);
}

// ---- archive and panel lines that are not speech (NASA mission transcripts, editors' notes, YouTube's panel) ----

// "00 00 00 04 CDR Roger. Clock.": NASA's typed air-to-ground transcripts (GOSS NET, the Apollo technical
// transcriptions) give the mission time as two-digit day, hour, minute and second groups, then the speaker's call
// sign in capitals ("CDR", "CC", "LMP", "HORNET"), then the text (which may go on over the next lines). A call sign
// of two words ("SWIM 1", "AIR BOSS") is told from its text by the whole file (MissionCallSigns): here only the
// first word is taken.
bool TakeSpacedMissionTime(std::string_view s, double* t, std::string* callsign, std::string_view* rest) {
  if (s.size() < 13) return false;
  int v[4];
  for (int g = 0; g < 4; ++g) {
    const size_t i = (size_t)g * 3;
    if (s[i] < '0' || s[i] > '9' || s[i + 1] < '0' || s[i + 1] > '9' || (g < 3 && s[i + 2] != ' ')) return false;
    v[g] = (s[i] - '0') * 10 + (s[i + 1] - '0');
  }
  if (v[1] > 23 || v[2] > 59 || v[3] > 59 || (s[11] != ' ' && s[11] != '\t')) return false;
  const std::string_view after = Trim(s.substr(12));
  size_t e = 0;
  while (e < after.size() && ((after[e] >= 'A' && after[e] <= 'Z') || (after[e] >= '0' && after[e] <= '9' && e > 0))) ++e;
  if (e == 0 || e > 10 || (e < after.size() && after[e] != ' ' && after[e] != '\t')) return false;
  *t = ((v[0] * 24.0 + v[1]) * 60 + v[2]) * 60 + v[3];
  *callsign = std::string(after.substr(0, e));
  *rest = Trim(after.substr(e));
  return true;
}

// Call signs of two words in a typed mission transcript: the recovery forces' "SWIM 1", "SWIM 2", "AIR BOSS" beside the
// crew's "CDR" and the ground's "CC". TakeSpacedMissionTime takes the first word; the second is decided once for the
// whole file, so every line of a call sign reads the same and ordinary text is not taken for one. A first word always
// followed by a number of one or two digits is numbered ("SWIM 1 Roger."); one always followed by the same word in
// capitals, on two lines or more of a file whose text is in mixed case, is a two-word name ("AIR BOSS Roger."). In a
// file typed all in capitals a word in capitals says nothing, and the crew's and the ground's own call signs never
// take a second word ("CC 3 minutes to LOS.").
class MissionCallSigns {
 public:
  // Pass 0: a mission line whose first call-sign word is `first` and whose text is `rest`.
  void Add(const std::string& first, std::string_view rest) {
    ++lines_;
    for (char c : rest)
      if (c >= 'a' && c <= 'z') { ++lower_lines_; break; }
    if (OneWord(first)) return;
    Seen& seen = seen_[first];
    ++seen.lines;
    const std::string_view word = NextWord(rest);
    const bool number = IsNumber(word);
    seen.numbered &= number;
    if (number || !IsCapitalsWord(word)) seen.same_word = false;
    else if (seen.word.empty()) seen.word = std::string(word);
    else seen.same_word &= seen.word == word;
  }
  // Pass 1: the bytes of `rest` that end the call sign begun by `first` (0 when it has one word).
  size_t SecondWord(const std::string& first, std::string_view rest) const {
    if (OneWord(first)) return 0;
    const auto it = seen_.find(first);
    if (it == seen_.end()) return 0;
    const Seen& seen = it->second;
    const std::string_view word = NextWord(rest);
    if (seen.numbered) return word.size();
    const bool mixed_case = lower_lines_ * 2 >= lines_;
    return seen.same_word && seen.lines >= 2 && mixed_case && word == seen.word ? word.size() : 0;
  }

 private:
  struct Seen { int lines = 0; bool numbered = true, same_word = true; std::string word; };
  static bool OneWord(std::string_view first) {   // the crew's and the ground's
    static constexpr std::string_view kOneWord[] = {"CDR", "CMP", "LMP", "CC", "SC", "CT", "PAO"};
    for (std::string_view w : kOneWord)
      if (first == w) return true;
    return false;
  }
  static std::string_view NextWord(std::string_view rest) {
    size_t e = 0;
    while (e < rest.size() && rest[e] != ' ' && rest[e] != '\t') ++e;
    return rest.substr(0, e);
  }
  static bool IsNumber(std::string_view w) { return !w.empty() && w.size() <= 2 && AllDigits(w); }
  static bool IsCapitalsWord(std::string_view w) {
    if (w.size() < 2 || w.size() > 10) return false;
    for (char c : w)
      if (c < 'A' || c > 'Z') return false;
    return true;
  }
  std::unordered_map<std::string, Seen> seen_;
  int lines_ = 0, lower_lines_ = 0;
};

// The page furniture of a typed mission transcript: "Tape 1/1", "Page 12", "Tape 1/1 Page 1" (key "tape" or
// "page", the value as written), or a line in capitals without sentence punctuation ("APOLLO 11 AIR-TO-GROUND VOICE
// TRANSCRIPTION", "(GOSS NET 1)"; key "header"). Only read in a file that has mission-time lines.
bool TakeMissionPageLine(std::string_view s, std::string* key, std::string* value) {
  const std::string low = text::ToLowerAscii(s.substr(0, std::min<size_t>(s.size(), 24)));
  if ((StartsWith(low, "tape ") || StartsWith(low, "page ")) && s.size() > 5 && s.size() <= 24 && s[5] >= '0' && s[5] <= '9') {
    *key = low.substr(0, 4);
    *value = std::string(Trim(s.substr(5)));
    const size_t page = text::ToLowerAscii(*value).find("page ");   // "Tape 1/1 Page 1": the page is what changes
    if (*key == "tape" && page != std::string::npos) { *key = "page"; *value = std::string(Trim(value->substr(page + 5))); }
    return true;
  }
  if (s.size() > 80) return false;
  int letters = 0;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    if ((unsigned char)c >= 0x80 || std::strchr(".,!?;:", c)) return false;
    letters += c >= 'A' && c <= 'Z';
  }
  if (letters < 3) return false;
  *key = "header";
  *value = std::string(s);
  return true;
}

// An editor's line between the turns of an archive transcript, not said by anyone: commentary in square brackets on
// its own line ("[Neil is holding the ladder with his right hand.]", the Apollo Lunar Surface Journal's notes,
// "【编者注：……】"), and the flight journals' gaps in the recording ("Comm break.", "Long comm break."). Short
// bracketed stage directions ("[door closes]", "[Music]") are noise marks, not notes.
bool IsRecordingGap(std::string_view s) {
  if (s.empty() || s.size() > 32 || !std::strchr("CcLlVvEe", s[0])) return false;
  std::string low = text::ToLowerAscii(s);
  if (!low.empty() && low.back() == '.') low.pop_back();
  return low == "comm break" || low == "long comm break" || low == "very long comm break" || low == "end of tape";
}
bool IsEditorialLine(std::string_view s) {
  std::string_view inner;
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') inner = s.substr(1, s.size() - 2);
  else if (StartsWith(s, "\xE3\x80\x90") && text::EndsWith(s, "\xE3\x80\x91") && s.size() >= 6) inner = s.substr(3, s.size() - 6);
  if (!inner.empty()) {
    if (IsRecordingGap(Trim(inner))) return true;   // "[Comm break.]"
    if (inner.find(']') != std::string_view::npos || IsNoiseMark(s)) return false;
    inner = Trim(inner);
    int words = 1;
    for (char c : inner) words += c == ' ';
    return words >= 4 || utf8::CountCodePoints(inner) >= 8;
  }
  return IsRecordingGap(s);
}

// An editor's bracketed note that runs over several lines (wrapped when copied): line k opens "[" (or "【") without
// closing it, a later line within a dozen closes it at its end, no blank line or other "[" between. The number of
// lines it takes (0 when line k opens none).
size_t EditorialNoteLines(const std::vector<std::string_view>& lines, size_t k) {
  const std::string_view first = Trim(lines[k]);
  const bool cjk = StartsWith(first, "\xE3\x80\x90");
  if (!cjk && (first.empty() || first[0] != '[')) return 0;
  const std::string_view close = cjk ? "\xE3\x80\x91" : "]";
  if (first.find(close) != std::string_view::npos) return 0;
  int words = 1;
  for (size_t j = k; j < lines.size() && j < k + 12; ++j) {
    const std::string_view l = Trim(lines[j]);
    if (l.empty() || (j > k && l.find(cjk ? "\xE3\x80\x90" : "[") != std::string_view::npos)) return 0;
    for (char c : l) words += c == ' ';
    ++words;
    const size_t at = l.find(close);
    if (at == std::string_view::npos) continue;
    return at + close.size() == l.size() && (words >= 4 || cjk) ? j - k + 1 : 0;
  }
  return 0;
}

// YouTube's "Show transcript" panel, copied: each "0:04" line is followed by the time read aloud for screen readers
// ("4 seconds", "1 minute, 5 seconds", "1 hour, 2 minutes, 45 seconds"; "4秒钟", "1分钟5秒钟" in Chinese; "4 segundos",
// "1 minute et 5 secondes", "1 Minute und 5 Sekunden" in other interface languages). True when `s` is that label for
// `seconds` exactly.
bool IsSpokenTimeLabel(std::string_view s, double seconds) {
  if (s.empty() || s[0] < '0' || s[0] > '9' || s.size() > 64) return false;
  double total = 0;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] < '0' || s[i] > '9') return false;
    double v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0');
    while (i < s.size() && s[i] == ' ') ++i;
    // Longer spellings first: "secondes" before "seconde" before "second".
    static const std::pair<std::string_view, double> kUnits[] = {
        {"hours", 3600}, {"hour", 3600}, {"horas", 3600}, {"hora", 3600}, {"heures", 3600}, {"heure", 3600},
        {"Stunden", 3600}, {"Stunde", 3600}, {"minutes", 60}, {"minute", 60}, {"minutos", 60}, {"minuto", 60},
        {"Minuten", 60}, {"Minute", 60}, {"secondes", 1}, {"seconde", 1}, {"seconds", 1}, {"second", 1},
        {"segundos", 1}, {"segundo", 1}, {"Sekunden", 1}, {"Sekunde", 1},
        {"\xE5\xB0\x8F\xE6\x97\xB6", 3600}, {"\xE5\x88\x86\xE9\x92\x9F", 60}, {"\xE5\x88\x86", 60},
        {"\xE7\xA7\x92\xE9\x92\x9F", 1}, {"\xE7\xA7\x92", 1}};   // 小时 分钟 分 秒钟 秒
    double scale = 0;
    for (const auto& u : kUnits)
      if (StartsWith(s.substr(i), u.first)) { scale = u.second; i += u.first.size(); break; }
    if (scale == 0) return false;
    total += v * scale;
    while (i < s.size() && (s[i] == ',' || s[i] == ' ')) ++i;
    for (std::string_view joiner : {"and ", "y ", "e ", "et ", "und "})   // "1 minute and 5 seconds"
      if (StartsWith(s.substr(i), joiner)) i += joiner.size();
  }
  return total == seconds;
}

// The input's lines, split a slice at a time (a 20 MB text has hundreds of thousands).
struct LineTable {
  explicit LineTable(std::string_view input) : input(input), cursor(input) {}
  std::string_view input;
  text::LineCursor cursor;
  std::vector<std::string_view> lines;
  bool done = false;
  // Splits until about `budget` more bytes are used (counted in *used); true once every line is in.
  bool Fill(size_t budget, size_t* used) {
    const size_t start = cursor.Position();
    for (std::string_view line; !done;) {
      if (cursor.Position() - start + *used >= budget) { *used = budget; return false; }
      if (cursor.Next(&line)) lines.push_back(line);
      else done = true;
    }
    *used += (cursor.Position() - start) / 4;   // a split costs about a quarter of reading the lines
    return true;
  }
  double Progress() const { return input.empty() ? 1 : std::min(1.0, (double)cursor.Position() / (double)input.size()); }
};

// ---- line-based (plain / speaker / timestamped) ----

struct LineInfo {
  std::string_view raw;          // trimmed line (markup and leading bidi marks removed)
  std::string owned;             // storage for `raw` when it had to be cleaned
  std::string_view after_time;   // raw without its leading timestamp
  bool blank = false;
  bool meta = false;             // archive bookkeeping ("_page : 8")
  bool time_only = false;        // a timestamp alone on its line: it dates the next turn
  bool indented = false;
  double t = -1;
  bool has_time = false;
  bool has_label = false;
  bool header = false;   // label/time only, text follows on later lines
  bool timed_header = false;   // a header in the order time, then name ("[00:00:05] Jane Doe")
  bool mission = false;  // "00 00 00 04 CDR text" (a typed mission transcript's line)
  bool note = false;     // an editor's line (IsEditorialLine): set aside when the file has speakers
  bool note_more = false;   // a later line of an editor's note over several lines
  bool bracket_label = false;   // "(JOHN) text": the label is a name in capitals in brackets (TakeCaptionSpeakerId)
  bool manner_like = false;     // ... that reads like a manner too ("(KELLY)", "(SOFTLY)")
  bool chapter = false;         // a chapter's title in YouTube's transcript panel (MarkChapterAbove)
  std::string label, role;
  std::string_view text;
};

// LineInfos that never move once added (a LineInfo's `raw` may point into its own `owned`): blocks of a
// fixed size, so adding one never copies the others.
class LineInfos {
 public:
  LineInfo& Add() {
    if (n_ % kBlock == 0) blocks_.push_back(std::make_unique<LineInfo[]>(kBlock));
    return blocks_.back()[n_++ % kBlock];
  }
  LineInfo& operator[](size_t k) { return blocks_[k / kBlock][k % kBlock]; }

 private:
  static constexpr size_t kBlock = 1024;
  std::vector<std::unique_ptr<LineInfo[]>> blocks_;
  size_t n_ = 0;
};

// Per key of archive bookkeeping lines: first and last value, in order of first appearance.
struct MetaRange { std::string key, first, last; };

bool TakeCaptionSpeakerId(std::string_view s, std::string* label, std::string_view* rest, bool* manner_like,
                          bool mixed_case = false);
bool IsMannerLikeWord(std::string_view word);
void CollectMannersInside(std::string_view s, std::vector<std::string>* manners);

// Resumable (TranscriptParse): Step() reads lines until `budget` bytes of them are used up. Three passes:
// what each line is, which labels are speakers (whole-file counts), then the cues.
struct LineParser {
  LineParser(std::string_view input, bool force_plain) : force_plain(force_plain), table(input), lines(table.lines) {}
  const bool force_plain;
  LineTable table;
  const std::vector<std::string_view>& lines;
  LineInfos info;
  std::unordered_map<std::string, int> label_counts;
  std::vector<MetaRange> meta_ranges;
  int nonblank = 0, labelled = 0, timed = 0, time_only = 0, meta = 0;
  int labelled_indented = 0;
  int headers = 0;                       // label/time lines with the text below
  int blanks = 0, leading_blanks = 0, trailing_blanks = 0;
  // Typed mission transcripts, editors' notes and YouTube's spoken time labels (lines that are not speech).
  int mission_lines = 0, mission_headers = 0, first_mission_header = 0;
  MissionCallSigns call_signs;
  // "(JOHN) text" lines: how many, their different names (a few), and the words in brackets that read like a manner
  // and were written inside a line ("Hi. (SOFTLY) Go."), so never a speaker's name (looked for once, and only when a
  // name at a line start reads like a manner).
  int bracket_labelled = 0;
  std::vector<std::pair<std::string, bool>> bracket_names;   // name, manner-like
  std::vector<std::string> manners_inside_lines;
  bool manners_found = false;
  bool bracket_speakers = false;   // pass 2: the file names its speakers this way
  std::vector<MetaRange> mission_pages;
  std::vector<std::string> mission_header_texts;
  int spoken_labels = 0, first_spoken_label = 0, notes = 0, first_note = 0;
  size_t note_lines_left = 0;   // lines still to come of an editor's note over several lines
  // YouTube's panel with chapters: title lines found (MarkChapterAbove), and the caption-length lines right under a time.
  std::vector<size_t> chapter_lines;
  int captions_under_times = 0;
  bool chapter_next = false;    // pass 3: the next cue opens a chapter
  // Pass 2 (which labels are speakers'):
  bool margin_labels = false, mostly_labelled = false, dated_labels = false, prev_time_only = false;
  int accepted = 0;
  bool speakers = false, run_on_lines = false;
  int dialogue_dashes = 0;        // lines that open with a dialogue dash ("— Bonjour.")
  bool dialogue_lines = false;    // EndDecide: such lines mark where the speaker changes
  int pass = 0;
  size_t i = 0;
  // Pass 3's open cue.
  Cue cur;
  bool open = false, blank_since = false, has_pending = false;
  double pending_time = -1;
  int pending_line = 0;

  double Progress() const {
    if (!table.done) return 0.2 * table.Progress();
    return lines.empty() ? 1 : 0.2 + 0.8 * (pass * (double)lines.size() + (double)i) / (3.0 * (double)lines.size());
  }
  // True when all lines are read (the cues are in col, *detected is set).
  bool Step(Collector& col, TranscriptFormat* detected, size_t budget);
  void Classify(size_t k);
  long PrevNonBlank(size_t k) {
    while (k > 0) if (!info[--k].blank) return (long)k;
    return -1;
  }
  bool IsPlainText(long k) {
    const LineInfo& x = info[k];
    return !x.blank && !x.meta && !x.time_only && !x.has_time && !x.has_label && !x.note && !x.header && !x.mission;
  }
  void MarkChapterAbove(size_t k, bool first_spoken_time);
  // A blank line, counted for "are there blank lines between the lines of text?".
  void MarkBlank(LineInfo& li) {
    li.blank = true;
    ++blanks;
    if (nonblank == 0) ++leading_blanks;
    else ++trailing_blanks;
  }
  void FindMannersInsideLines();
  bool BracketNameIsSpeaker(const std::string& label, bool manner_like);
  void BeginDecide(Collector& col);
  void Decide(size_t k);
  bool IsEnumerationLabel(const std::string& label, std::string_view text);
  void EndDecide(TranscriptFormat* detected);
  bool SetAsideMissionPageLine(size_t k);
  void EndMissionPages(Collector& col);
  void Flush(Collector& col) {
    if (!open) return;
    if (Trim(cur.text).empty()) CountEmptyCue(col, cur.line);
    col.cues.push_back(std::move(cur));
    cur = Cue();
    open = false;
  }
  void Emit(Collector& col, size_t k);
  void AppendSaidSettingAsideNotes(Collector& col, std::string& out, std::string_view said, size_t k);
};

// "— Bonjour." / "– Hola." / "― Привет.": the dash that opens a line of dialogue in French, Spanish, Russian and
// other typesetting, with the space after it; its length in bytes, 0 when the line has none. (A hyphen opens list
// items in prose as often as dialogue, and is left alone; DialogueDashLength reads subtitle lines.)
static size_t ProseDialogueDashLength(std::string_view s) {
  for (std::string_view dash : {std::string_view("\xE2\x80\x94"), std::string_view("\xE2\x80\x93"), std::string_view("\xE2\x80\x95")})
    if (s.size() > dash.size() + 1 && StartsWith(s, dash) && (s[dash.size()] == ' ' || s[dash.size()] == '\t' ||
                                                            (s[dash.size()] == '\xC2' && s[dash.size() + 1] == '\xA0')))
      return dash.size();
  return 0;
}

// YouTube's transcript panel copied from a video with chapters: a chapter's title is a line of its own between the
// last caption of one chapter and the next time ("…kept the receipts\nWhy Rust\n1:15\n1 minute, 15 seconds\nSo…").
// A caption's second line (a caption written on two lines) continues a sentence the first line did not end; a title
// follows a caption that ended its sentence, starts with a capital or a digit (not "I") and does not end a sentence. BeginDecide keeps the titles only in the panel (times read aloud,
// or most times over a caption-length line) and when they are few (a chapter holds ten captions and more).
// The first chapter's title is the line above the first time, with nothing above it (the panel's heading is set
// aside before lines are read): taken for one only when that time is read aloud, which only the panel does.
void LineParser::MarkChapterAbove(size_t k, bool first_spoken_time) {
  const long title = PrevNonBlank(k);
  if (title < 0 || !IsPlainText(title)) return;
  const long caption = PrevNonBlank((size_t)title);
  if (first_spoken_time) {
    if (caption >= 0) return;
  } else {
    // A caption that does not end its sentence goes on below ("we flew out to meet" / "Elon Musk and his team"):
    // the line under it is its second line, whatever its case. (Unpunctuated auto-captions keep their titles.)
    if (caption < 0 || !IsPlainText(caption) || !text::EndsSentence(info[caption].raw)) return;
    const long above = PrevNonBlank((size_t)caption);
    if (above < 0 || !(info[above].time_only || info[above].meta)) return;
  }
  const std::string_view t = info[title].raw;
  if (t.size() > 100 || text::EndsSentence(t) || t.back() == ',') return;
  if ((t[0] >= 'a' && t[0] <= 'z') || StartsWith(t, "I ") || StartsWith(t, "I'")) return;
  info[title].chapter = true;
  chapter_lines.push_back((size_t)title);
}

void LineParser::Classify(size_t k) {
  LineInfo& li = info.Add();
  std::string_view s = Trim(lines[k]);
  li.raw = s;
  if (s.empty()) { MarkBlank(li); return; }
  ++nonblank;
  const int trailing_before = trailing_blanks;
  trailing_blanks = 0;
  li.text = s;
  li.after_time = s;
  if (force_plain) return;
  dialogue_dashes += ProseDialogueDashLength(s) > 0;
  li.indented = lines[k][0] == ' ' || lines[k][0] == '\t';
  if (note_lines_left) {
    --note_lines_left;
    li.note = li.note_more = true;
    return;
  }
  if (s[0] == '[' || s[0] == '\xE3') {
    if (const size_t n = EditorialNoteLines(lines, k)) {
      li.note = true;
      note_lines_left = n - 1;
      return;
    }
  }
  if (k > 0 && (info[k - 1].time_only || info[k - 1].meta) && s.size() < 100) ++captions_under_times;
  if (k > 0 && info[k - 1].time_only && s[0] >= '0' && s[0] <= '9' && IsSpokenTimeLabel(s, info[k - 1].t)) {
    li.meta = true;   // YouTube's panel: the time above, read aloud
    ++meta;
    if (spoken_labels++ == 0) {
      first_spoken_label = (int)k + 1;
      MarkChapterAbove(k - 1, true);
    }
    return;
  }
  std::string key, value;
  if (TakeArchiveMetaLine(s, &key, &value)) {
    li.meta = true;
    ++meta;
    MetaRange* r = nullptr;
    for (MetaRange& m : meta_ranges) if (m.key == key) r = &m;
    if (!r) { meta_ranges.push_back({key, value, value}); r = &meta_ranges.back(); }
    r->last = value;
    return;
  }
  if (BidiMarkLength(s, 0) || HasArchiveMarkup(s)) {
    // Copied only when a mark is really there (a '[' that opens no markup leaves the line as it is).
    const bool bidi = BidiMarkLength(s, 0) != 0;
    std::string cleaned = bidi ? StripBidiMarks(s) : std::string();
    std::string unmarked;
    const bool marked = CleanArchiveMarkup(bidi ? std::string_view(cleaned) : s, &unmarked);
    if (marked) cleaned = std::move(unmarked);
    if ((bidi || marked) && cleaned != s) {
      li.owned = std::move(cleaned);
      s = Trim(li.owned);
      li.raw = li.text = li.after_time = s;
      if (s.empty()) { --nonblank; trailing_blanks = trailing_before; MarkBlank(li); return; }
    }
  }
  if (s[0] == '*') {
    std::string unbolded;
    if (UnboldLabel(s, &unbolded)) {
      li.owned = std::move(unbolded);
      s = Trim(li.owned);
      li.raw = li.text = li.after_time = s;
    }
  }
  double ts;
  std::string_view rest;
  if (s[0] >= '0' && s[0] <= '9' && s.size() > 12 && s[2] == ' ') {
    std::string callsign;
    if (TakeSpacedMissionTime(s, &ts, &callsign, &rest)) {
      li.mission = li.has_time = li.has_label = true;
      li.t = ts;
      li.label = std::move(callsign);
      li.text = rest;
      li.after_time = Trim(s.substr(12));
      call_signs.Add(li.label, rest);
      ++mission_lines;
      ++label_counts[li.label];
      ++labelled;
      ++timed;
      return;
    }
  }
  if (TakeLeadingTimestamp(s, &ts, &rest)) {
    li.t = ts; li.has_time = true; s = rest; li.text = li.after_time = s; ++timed;
    if (s.empty()) { li.time_only = true; ++time_only; MarkChapterAbove(k, false); return; }
  }
  if (!li.has_time && IsEditorialLine(s)) {   // before labels: "【编者注：…】" is not a speaker
    li.note = true;
    return;
  }
  std::string label, role;
  double t2 = -1;
  if (!s.empty() && TakeSpeakerLabel(s, &label, &role, &t2, &rest)) {
    ++label_counts[label];
    li.has_label = true; li.label = std::move(label); li.role = std::move(role); li.text = rest;
    if (t2 != -1 && !li.has_time) { li.t = t2; li.has_time = true; ++timed; }
    // "Jane Doe: [00:00:05] text": the time after the label.
    std::string_view after;
    if (!li.has_time && !rest.empty() && (rest[0] == '[' || rest[0] == '(') && TakeLeadingTimestamp(rest, &ts, &after)) {
      li.t = ts; li.has_time = true; li.text = after; ++timed;
    }
    ++labelled;
    labelled_indented += li.indented;
  } else if ((s[0] == '(' || s[0] == '[') && TakeCaptionSpeakerId(s, &label, &rest, &li.manner_like)) {
    // "(JOHN) Thanks, Lester." (broadcast captions pasted as text): a speaker when the file keeps to it (BeginDecide).
    li.has_label = li.bracket_label = true;
    ++label_counts[label];
    const auto named = std::find_if(bracket_names.begin(), bracket_names.end(), [&](const auto& n) { return n.first == label; });
    if (named == bracket_names.end() && bracket_names.size() < 16) bracket_names.emplace_back(label, li.manner_like);
    li.label = std::move(label);
    li.text = rest;
    ++bracket_labelled;
    ++labelled;
    labelled_indented += li.indented;
  } else if (li.has_time && k + 1 < lines.size() && TakeTimedNameHeader(s, lines[k + 1], &label, &role)) {
    // "[00:00:05] Jane Doe" with the text on the next line.
    li.has_label = li.header = li.timed_header = true; li.label = label; li.role = std::move(role); li.text = {};
    ++headers;
    ++label_counts[label];
    ++labelled;
    labelled_indented += li.indented;
  } else if (!li.has_time && k > 0 && info[k - 1].time_only && info[k - 1].raw.find('-') != std::string_view::npos &&
             k + 1 < lines.size() && TakeTimedNameHeader(s, lines[k + 1], &label, &role)) {
    // "00:00:00:00 - 00:00:05:03" / "Speaker 1" / the text (Premiere Pro's text export): a name alone on the
    // line under a time range heads the text below it; the range dates the turn.
    li.has_label = li.header = true; li.label = label; li.role = std::move(role); li.text = {};
    ++headers;
    ++label_counts[label];
    ++labelled;
    labelled_indented += li.indented;
  } else if (!li.has_time && TakeHeaderLine(s, &label, &t2, &role)) {
    li.has_label = li.header = true; li.label = label; li.role = std::move(role); li.t = t2; li.has_time = true; li.text = {};
    ++headers;
    ++label_counts[label];
    ++labelled;
    labelled_indented += li.indented;
    ++timed;
  } else if (StartsWith(s, ">>")) {
    li.text = Trim(s.substr(2));
  }
}

// "Hi. (SOFTLY) Go.": a word in brackets that reads like a manner (IsMannerLikeWord), written inside a line, is one.
void LineParser::FindMannersInsideLines() {
  manners_found = true;
  for (size_t k = 0; k < lines.size() && manners_inside_lines.size() < 32; ++k) CollectMannersInside(info[k].after_time, &manners_inside_lines);
}

// Whether "(NAME)" at line starts names a speaker, in a file that names its speakers so: a name that reads like a
// manner ("(KELLY)", "(IRVING)") only when it comes back at line starts and is never written inside a line.
bool LineParser::BracketNameIsSpeaker(const std::string& label, bool manner_like) {
  if (!manner_like) return true;
  if (!manners_found) FindMannersInsideLines();
  const auto said = label_counts.find(label);
  return said != label_counts.end() && said->second >= 2 &&
         std::find(manners_inside_lines.begin(), manners_inside_lines.end(), label) == manners_inside_lines.end();
}

// Pass 2 starts: what the whole file's counts say about its labels.
void LineParser::BeginDecide(Collector& col) {
  // Chapter titles only in YouTube's panel: its times read aloud, or eight or more times, most of them over a caption.
  const bool panel = (spoken_labels > 0 || (time_only >= 8 && captions_under_times * 5 >= time_only * 4)) &&
                     (int)chapter_lines.size() * 10 <= time_only;
  if (!panel)
    for (size_t k : chapter_lines) info[k].chapter = false;
  else if (!chapter_lines.empty())
    col.warnings.push_back(LineRef((int)chapter_lines.front() + 1) + std::to_string(chapter_lines.size()) +
                           (chapter_lines.size() == 1 ? " chapter title" : " chapter titles") +
                           " (YouTube's transcript panel) kept as transcript details, not speech; each starts a new paragraph.");
  for (const MetaRange& m : meta_ranges)
    col.fields.emplace_back(m.key, m.first == m.last ? m.first : m.first + " \xE2\x80\x93 " + m.last);
  // Speech lines: what is left after timestamps alone on a line and bookkeeping.
  const int content = nonblank - time_only - meta;
  // When labels start at the margin, an indented line continues the previous turn even if it has a colon.
  margin_labels = labelled - labelled_indented >= 2 && labelled_indented * 4 < labelled;
  mostly_labelled = labelled >= 2 && labelled * 2 >= content;
  // Mission/archive shape: "[00:00:01:10]" alone, then "CDR: text". A label right after such a line is a
  // speaker even if that speaker talks only once.
  dated_labels = time_only >= 3;
  // "(JOHN) text" names speakers when two names or more start lines this way (one of them more than once, and one
  // that does not read like a manner: "(SOFTLY)" and "(QUIETLY)" alone are no cast).
  int bracket_speaker_names = 0;
  bool plain_name = false;
  for (const auto& n : bracket_names) {
    bracket_speaker_names += BracketNameIsSpeaker(n.first, n.second);
    plain_name |= !n.second;
  }
  bracket_speakers = plain_name && bracket_speaker_names >= 2 && bracket_labelled >= 3;
}

// "Step 1:", "Rule 2:" inside someone's speech: a word and a number where every label of that word is said once,
// the word is not one transcripts number speakers with ("Speaker 1", "Guest 2"; "说话人1" has no space), and
// either the word names a list item or what follows reads as a list item (lowercase: "sharpen your knife").
// "Juror 4: Yes." stays a speaker.
bool LineParser::IsEnumerationLabel(const std::string& label, std::string_view text) {
  if (label.empty() || label.back() < '0' || label.back() > '9') return false;
  const auto said = label_counts.find(label);
  if (said != label_counts.end() && said->second > 1) return false;
  const size_t sp = label.rfind(' ');
  if (sp == std::string::npos || sp == 0 || !AllDigits(std::string_view(label).substr(sp + 1))) return false;
  const std::string_view word = std::string_view(label).substr(0, sp);
  for (char c : word)
    if (!std::isalpha((unsigned char)c)) return false;
  static const char* kSpeakerWords[] = {"speaker", "spk", "guest", "host", "participant", "person", "voice", "caller",
                                        "interviewer", "interviewee", "respondent", "panelist", "panellist", "student",
                                        "user", "attendee", "member", "audience", "male", "female", "man", "woman",
                                        "unknown", "agent", "customer", "moderator", "narrator", "subject", "teacher"};
  for (const char* w : kSpeakerWords) {
    const size_t n = std::strlen(w);
    bool same = n == word.size();
    for (size_t i = 0; same && i < n; ++i) same = (char)std::tolower((unsigned char)word[i]) == w[i];
    if (same) return false;
  }
  static const char* kListWords[] = {"step", "rule", "point", "tip", "item", "part", "phase", "stage", "option",
                                     "reason", "lesson", "idea", "number", "day", "week", "round", "level", "chapter",
                                     "section", "example", "principle", "priority", "goal", "task", "thing"};
  bool list_word = false;
  for (const char* w : kListWords) {
    const size_t n = std::strlen(w);
    bool same = n == word.size();
    for (size_t i = 0; same && i < n; ++i) same = (char)std::tolower((unsigned char)word[i]) == w[i];
    list_word |= same;
  }
  const bool lowercase_text = !text.empty() && text[0] >= 'a' && text[0] <= 'z';
  if (!list_word && !lowercase_text) return false;
  // Every "<word> N" label of the file is said once: a numbered list, not people.
  for (const auto& kv : label_counts)
    if (kv.second > 1 && StartsWith(kv.first, word) && kv.first.size() > word.size() && kv.first[word.size()] == ' ')
      return false;
  return true;
}

// Whether line k's label is a speaker's.
void LineParser::Decide(size_t k) {
  LineInfo& li = info[k];
  if (li.blank || li.meta) return;
  if (li.mission && mission_lines < 2) {   // one such line in other text: the digits are words
    li.mission = li.has_label = li.has_time = false;
    li.t = -1;
    li.text = li.after_time = li.raw;
    --timed;
  }
  if (mission_lines >= 2 && SetAsideMissionPageLine(k)) return;
  if (li.mission) {
    if (const size_t second = call_signs.SecondWord(li.label, li.text)) {   // "SWIM 1"
      li.label += ' ';
      li.label.append(li.text.data(), second);
      li.text = Trim(li.text.substr(second));
    }
  }
  const bool after_time_line = prev_time_only;
  prev_time_only = li.time_only;
  if (!li.has_label) return;
  // A mission line's call sign is a speaker's even when it reads like a list item ("SWIM 1").
  const bool keep = !(margin_labels && li.indented) &&
                    (li.bracket_label ? bracket_speakers && BracketNameIsSpeaker(li.label, li.manner_like)
                                      : li.mission || (!IsEnumerationLabel(li.label, li.text) &&
                                                       (mostly_labelled || (dated_labels && after_time_line) ||
                                                        label_counts[li.label] >= 2 || (li.header && headers >= 2))));
  if (keep) { ++accepted; return; }
  // Not a speaker after all: put the label back into the text.
  li.has_label = false;
  if (li.header && li.timed_header) { li.header = false; li.text = li.after_time; }
  else if (li.header) { li.header = false; li.text = li.raw; li.has_time = false; li.t = -1; }
  else li.text = li.after_time;
}

void LineParser::EndDecide(TranscriptFormat* detected) {
  speakers = accepted >= 1 && (accepted >= 2 || mostly_labelled);
  *detected = speakers ? TranscriptFormat::Speaker : timed > 0 ? TranscriptFormat::Timestamped : TranscriptFormat::Plain;
  // Many short lines and no blank line between them (Whisper .txt, captions pasted from a page): each line
  // is a piece, grouped into paragraphs later, so line ends stay candidate boundaries.
  const int content = nonblank - time_only - meta;
  const int interior_blanks = nonblank == 0 ? 0 : blanks - leading_blanks - trailing_blanks;
  run_on_lines = !speakers && timed == 0 && interior_blanks == 0 && content >= 8;
  dialogue_lines = !speakers && dialogue_dashes >= 2 && dialogue_dashes * 3 >= content;
}

// A typed mission transcript's page furniture (TakeMissionPageLine) at line k becomes a transcript detail. A line
// in capitals counts only where a page heading can be: after a blank line, the top of the file or another one.
bool LineParser::SetAsideMissionPageLine(size_t k) {
  LineInfo& li = info[k];
  if (li.has_label || li.has_time || li.time_only) return false;
  std::string key, value;
  if (!TakeMissionPageLine(li.raw, &key, &value)) return false;
  if (key == "header" && k > 0 && !info[k - 1].blank && !info[k - 1].meta) return false;
  li.meta = true;
  if (mission_headers++ == 0) first_mission_header = (int)k + 1;
  if (key == "header") {
    if (std::find(mission_header_texts.begin(), mission_header_texts.end(), value) == mission_header_texts.end())
      mission_header_texts.push_back(std::move(value));
    return true;
  }
  MetaRange* r = nullptr;
  for (MetaRange& m : mission_pages) if (m.key == key) r = &m;
  if (!r) { mission_pages.push_back({key, value, value}); r = &mission_pages.back(); }
  r->last = std::move(value);
  return true;
}

void LineParser::EndMissionPages(Collector& col) {
  if (!mission_headers) return;
  for (size_t k = 0; k < mission_header_texts.size(); ++k) col.fields.emplace_back(k == 0 ? "title" : "header", mission_header_texts[k]);
  for (const MetaRange& m : mission_pages)
    col.fields.emplace_back(m.key, m.first == m.last ? m.first : m.first + " \xE2\x80\x93 " + m.last);
  col.warnings.push_back(LineRef(first_mission_header) + std::to_string(mission_headers) +
                         " page heading line" + (mission_headers == 1 ? "" : "s") +
                         " of the mission transcript (title, tape, page) " + (mission_headers == 1 ? "was" : "were") +
                         " read as transcript details, not speech.");
}

// "109:43:16 Aldrin: Okay. [Buzz is pointing at the camera.] Got it.": an editor's note inside or closing a journal
// line (time, name, text), after a finished sentence, is set aside like one on a line of its own (the Apollo Lunar
// Surface Journal puts its commentary, "[Aldrin - "..."]", between the sentences it explains). What was said is
// appended to `out`.
void LineParser::AppendSaidSettingAsideNotes(Collector& col, std::string& out, std::string_view said, size_t k) {
  size_t from = 0;
  std::string_view last_said;   // the text kept last from this line: a note must follow a finished sentence
  for (size_t open = said.find('['); open != std::string_view::npos; open = said.find('[', open + 1)) {
    const size_t close = said.find(']', open);
    if (close == std::string_view::npos) break;
    const std::string_view before = Trim(said.substr(from, open - from));
    const std::string_view ends = before.empty() ? last_said : before;
    const std::string_view note = said.substr(open, close + 1 - open);
    if (ends.empty() || !text::EndsSentence(ends) || !IsEditorialLine(note)) continue;
    text::AppendJoined(out, before);
    last_said = ends;
    col.fields.emplace_back("note", std::string(note));
    if (notes++ == 0) first_note = (int)k + 1;
    from = close + 1;
    open = close;
  }
  text::AppendJoined(out, said.substr(from));
}

void LineParser::Emit(Collector& col, size_t k) {
  const LineInfo& li = info[k];
  if (li.blank) { blank_since = true; return; }
  if (li.meta) return;
  if (li.note && speakers) {   // kept as a transcript detail, said in a warning
    if (li.note_more && !col.fields.empty()) {
      col.fields.back().second += ' ';
      col.fields.back().second += li.raw;
      return;
    }
    col.fields.emplace_back("note", std::string(li.raw));
    if (notes++ == 0) first_note = (int)k + 1;
    return;
  }
  if (li.chapter) {
    col.fields.emplace_back("chapter", std::string(li.raw));
    chapter_next = true;
    return;
  }
  if (li.time_only) {
    if (has_pending) CountEmptyCue(col, pending_line);   // a time with nothing said after it
    pending_time = li.t;
    pending_line = (int)k + 1;
    has_pending = true;
    return;
  }
  const bool labelled_turn = li.has_label && speakers;
  // A dialogue dash opens the next speaker's words (a turn of its own); the lines under it without one are theirs.
  const size_t dash = dialogue_lines ? ProseDialogueDashLength(li.text) : 0;
  const bool starts_turn = labelled_turn || li.has_time || has_pending || (run_on_lines && !dialogue_lines) || dash ||
                           (!speakers && timed == 0 && blank_since) || StartsWith(li.raw, ">>");
  if (starts_turn || !open) {
    const bool header_continues = open && !li.has_label && li.has_time && cur.text.empty();
    if (!header_continues) {
      std::string keep_speaker = labelled_turn ? li.label : (speakers && open && !StartsWith(li.raw, ">>") ? cur.speaker : "");
      Flush(col);
      cur.speaker = std::move(keep_speaker);
      cur.line = (int)k + 1;
      cur.line_piece = run_on_lines && !dialogue_lines;
      open = true;
      cur.speaker_change = StartsWith(li.raw, ">>") || dash;
      cur.chapter_start = chapter_next;
      chapter_next = false;
    }
    if (li.has_time) cur.start = li.t;
    else if (has_pending) { cur.start = pending_time; cur.time_header = true; }
    has_pending = false;
  }
  if (labelled_turn && !li.role.empty()) col.roles[li.label] = li.role;
  if (labelled_turn && li.has_time) AppendSaidSettingAsideNotes(col, cur.text, li.text, k);
  else text::AppendJoined(cur.text, li.text);   // a dialogue dash stays: the only sign that the speaker changed
  blank_since = false;
}

bool LineParser::Step(Collector& col, TranscriptFormat* detected, size_t budget) {
  size_t used = 0;
  if (!table.Fill(budget, &used)) return false;
  while (pass < 3) {
    if (i == lines.size()) {
      if (pass == 0) BeginDecide(col);
      if (pass == 0 && spoken_labels)
        col.warnings.push_back(LineRef(first_spoken_label) + std::to_string(spoken_labels) +
                               (spoken_labels == 1 ? " line reads" : " lines read") + " the time above aloud (YouTube's transcript "
                               "panel: \xE2\x80\x9C" "4 seconds\xE2\x80\x9D); set aside, not speech.");
      if (pass == 1) { EndDecide(detected); EndMissionPages(col); }
      if (pass == 2) {
        Flush(col);
        if (has_pending) CountEmptyCue(col, pending_line);
        if (notes)
          col.warnings.push_back(LineRef(first_note) + std::to_string(notes) + (notes == 1 ? " editor's line" : " editor's lines") +
                                 " between the turns (bracketed commentary, \xE2\x80\x9C" "Comm break\xE2\x80\x9D) " +
                                 (notes == 1 ? "was" : "were") + " set aside as transcript details (note), not speech.");
      }
      ++pass;
      i = 0;
      continue;
    }
    if (used >= budget) return false;
    if (pass == 0) Classify(i);
    else if (pass == 1) { Decide(i); used += 1 + lines[i].size() / 8; ++i; continue; }   // no text is read
    else Emit(col, i);
    used += lines[i].size() + 1;
    ++i;
  }
  return true;
}

// ---- shared by SRT and VTT: markup removal ----

void DecodeEntities(std::string& s) {
  if (s.find('&') == std::string::npos) return;
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') { out += s[i]; continue; }
    size_t semi = std::string_view(s).substr(0, std::min(s.size(), i + 12)).find(';', i);
    if (semi == std::string::npos || semi - i > 10) { out += s[i]; continue; }
    std::string ent = s.substr(i + 1, semi - i - 1);
    char32_t cp = 0;
    if (ent == "amp") cp = '&'; else if (ent == "lt") cp = '<'; else if (ent == "gt") cp = '>';
    else if (ent == "nbsp") cp = ' '; else if (ent == "quot") cp = '"'; else if (ent == "apos") cp = '\'';
    else if (ent == "lrm" || ent == "rlm") cp = 0x200B;   // direction marks: dropped below
    else if (!ent.empty() && ent[0] == '#') {
      long v = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X') ? std::strtol(ent.c_str() + 2, nullptr, 16)
                                                                  : std::strtol(ent.c_str() + 1, nullptr, 10);
      if (v > 0 && v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF)) cp = (char32_t)v;
    }
    if (cp == 0) { out += s[i]; continue; }
    if (cp != 0x200B) utf8::Append(out, cp);
    i = semi;
  }
  s = std::move(out);
}

// True when `tag` (the text between < and >) opens a voice span: "v Name", "v.loud Name".
bool IsVoiceTag(std::string_view tag) { return StartsWith(tag, "v ") || StartsWith(tag, "v.") || StartsWith(tag, "v\t"); }

// The name of a voice tag: "v.loud Esme Jones" -> "Esme Jones", entities decoded.
std::string VoiceTagName(std::string_view tag) {
  const size_t sp = tag.find_first_of(" \t");
  std::string name(sp == std::string_view::npos ? std::string_view() : Trim(tag.substr(sp + 1)));
  DecodeEntities(name);
  return name;
}

// Removes <i>, <c.color>, <00:01.000>, {\an8} and similar; reports the first <v Name> voice.
std::string StripMarkup(std::string_view s, std::string* voice) {
  // The common case: no markup at all.
  if (!text::HasAnyByte(s, '<', '{', '&')) return std::string(s);
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t next = i;
    while (next < s.size() && s[next] != '<' && s[next] != '{') ++next;
    if (next == s.size()) next = std::string_view::npos;
    if (next == std::string_view::npos) { out.append(s.data() + i, s.size() - i); break; }
    out.append(s.data() + i, next - i);
    i = next;
    if (s[i] == '<') {
      size_t e = s.find('>', i);
      if (e == std::string_view::npos) { out.append(s.data() + i, s.size() - i); break; }
      std::string_view tag = s.substr(i + 1, e - i - 1);
      if (voice && voice->empty() && IsVoiceTag(tag)) {
        *voice = VoiceTagName(tag);
      }
      i = e + 1;
      continue;
    }
    if (i + 1 < s.size() && s[i + 1] == '\\') {   // ASS override tags in SRT: {\an8}
      size_t e = s.find('}', i);
      if (e != std::string_view::npos) { i = e + 1; continue; }
    }
    out += s[i++];
  }
  DecodeEntities(out);
  return out;
}

// One voice's words in a WebVTT cue that names several ("<v Ann>Yes.</v> <v Bo>No."), markup removed, lines joined.
struct VoicePart {
  std::string voice;
  std::string text;
};

// The voices of a cue that has two voice tags or more, in order, each with its words; empty for a cue with one voice
// at most (read by StripMarkup). Text before the first voice tag is a part of its own with no voice.
std::vector<VoicePart> SplitCueVoices(std::string_view cue_text) {
  int tags = 0;
  for (size_t p = cue_text.find("<v"); p != std::string_view::npos && tags < 2; p = cue_text.find("<v", p + 2)) {
    const size_t e = cue_text.find('>', p);
    if (e != std::string_view::npos && IsVoiceTag(cue_text.substr(p + 1, e - p - 1))) ++tags;
  }
  if (tags < 2) return {};
  std::vector<VoicePart> parts(1);
  auto add_text = [&](std::string_view piece) {
    text::LineCursor cursor(piece);
    for (std::string_view l; cursor.Next(&l);) {
      const std::string plain = StripMarkup(l, nullptr);
      text::AppendJoined(parts.back().text, Trim(plain));
    }
  };
  size_t pos = 0;   // the text from here to the next voice tag is the current voice's
  for (size_t p = cue_text.find("<v"); p != std::string_view::npos;) {
    const size_t e = cue_text.find('>', p);
    if (e == std::string_view::npos) break;
    const std::string_view tag = cue_text.substr(p + 1, e - p - 1);
    if (!IsVoiceTag(tag)) { p = cue_text.find("<v", p + 2); continue; }
    add_text(cue_text.substr(pos, p - pos));
    std::string voice = VoiceTagName(tag);
    if (voice != parts.back().voice) {   // the same voice again continues its part
      if (!Trim(parts.back().text).empty() || !parts.back().voice.empty()) parts.emplace_back();
      parts.back().voice = std::move(voice);
    }
    pos = e + 1;
    p = cue_text.find("<v", pos);
  }
  add_text(cue_text.substr(pos));
  std::vector<VoicePart> spoken;
  for (VoicePart& part : parts)
    if (!Trim(part.text).empty()) spoken.push_back(std::move(part));
  return spoken;   // one part when the other voices said nothing ("<v Ann></v><v Bo>Only me.")
}

// StripMarkup(s) appended to out (most lines have no markup, and are appended as they are).
void AppendStripped(std::string& out, std::string_view s) {
  if (!text::HasAnyByte(s, '<', '{', '&')) out.append(s.data(), s.size());
  else out += StripMarkup(s, nullptr);
}

// The two times of a timing line: "00:00:01,000 --> 00:00:04,000 X1:..." (SRT) or
// "00:01.000 --> 00:04.000 align:start" (VTT); cue settings after the end time are ignored.
bool SplitTimingLine(std::string_view line, std::string_view* start, std::string_view* end) {
  size_t arrow = line.find("-->");
  if (arrow == std::string_view::npos) return false;
  *start = Trim(line.substr(0, arrow));
  std::string_view b = Trim(line.substr(arrow + 3));
  size_t sp = b.find_first_of(" \t");
  *end = sp == std::string_view::npos ? b : b.substr(0, sp);
  return true;
}

bool ParseTimingLine(std::string_view line, double* start, double* end) {
  std::string_view a, b;
  return SplitTimingLine(line, &a, &b) && ParseTimestamp(a, start) && ParseTimestamp(b, end);
}

// Names caption exporters write before a cue's text that prose labels never are: a directory name "Whitfield,
// Dana:" (Zoom, Teams with single sign-on) and a one-word device name such as "iPhone:" (Zoom names a participant
// after the device that joined). Only read at the start of a caption cue.
bool TakeCueNameLabel(std::string_view s, std::string* label, std::string_view* rest) {
  const size_t colon = s.substr(0, std::min<size_t>(s.size(), 64)).find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= s.size() || s[colon + 1] != ' ') return false;
  const std::string_view name = Trim(s.substr(0, colon));
  auto name_word = [](std::string_view w) {
    if (w.empty()) return false;
    const unsigned char c0 = (unsigned char)w[0];
    if (c0 < 0x80 && !(c0 >= 'A' && c0 <= 'Z')) return false;
    for (char c : w)
      if ((unsigned char)c < 0x80 && !std::isalpha((unsigned char)c) && c != '-' && c != '\'' && c != '.') return false;
    return true;
  };
  auto words_ok = [&](std::string_view part, int max_words) {
    int words = 0;
    size_t pos = 0;
    while (pos <= part.size()) {
      size_t e = part.find(' ', pos);
      if (e == std::string_view::npos) e = part.size();
      if (!name_word(part.substr(pos, e - pos)) || ++words > max_words) return false;
      pos = e + 1;
    }
    return words > 0;
  };
  const size_t comma = name.find(", ");
  if (comma != std::string_view::npos) {   // "Last, First"
    if (name.find(',', comma + 1) != std::string_view::npos) return false;
    if (!words_ok(name.substr(0, comma), 3) || !words_ok(name.substr(comma + 2), 3)) return false;
  } else {   // "iPhone": one word, lowercase first, with a capital or a digit after it
    if (name.size() < 2 || name.size() > 24 || !(name[0] >= 'a' && name[0] <= 'z')) return false;
    bool inner_capital_or_digit = false;
    for (char c : name) {
      if (!std::isalnum((unsigned char)c) && c != '-' && c != '_') return false;
      inner_capital_or_digit |= (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
    static const char* kDevices[] = {"iphone", "ipad", "android", "galaxy", "pixel", "macbook", "chromebook", "laptop",
                                     "desktop", "tablet", "mobile", "phone"};
    bool device = false;
    for (const char* d : kDevices) device |= name == d;
    if (!inner_capital_or_digit && !device) return false;
  }
  *label = std::string(name);
  *rest = Trim(s.substr(colon + 1));
  return true;
}

// "(JOHN) Thanks, Lester.": broadcast captions name a speaker in capitals in brackets before the text. Sounds and
// manners written the same way ("(LAUGHTER)", "[DOOR SLAMS]", "(SPEAKING SPANISH)", "(ON RADIO)", "(V.O.)") are not
// names. A word of five letters or more ending in -ING or -LY reads like a manner ("(MUMBLING)", "(SOFTLY)") but is
// also many a name ("(IRVING)", "(KELLY)"): without `manner_like` such a label is refused; with it, it is taken and
// *manner_like says so, for the caller to decide from the whole file.
bool IsMannerLikeWord(std::string_view word) {
  return word.size() >= 5 && (text::EndsWith(word, "ING") || text::EndsWith(word, "LY"));
}
// Whether `s` has no lowercase ASCII letter.
bool IsAllCaps(std::string_view s) {
  for (char c : s)
    if (c >= 'a' && c <= 'z') return false;
  return true;
}
// "Alba", "Mrs. Hale", "Jean-Luc": one to three words, each a capital then lowercase letters (and . - ').
bool MixedCaseName(std::string_view inner) {
  int words = 0;
  for (size_t pos = 0; pos <= inner.size();) {
    size_t e = inner.find(' ', pos);
    if (e == std::string_view::npos) e = inner.size();
    const std::string_view w = inner.substr(pos, e - pos);
    if (w.size() < 2 || !(w[0] >= 'A' && w[0] <= 'Z') || ++words > 3) return false;
    bool lower = false;
    for (char c : w.substr(1)) {
      if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && c != '.' && c != '-' && c != '\'') return false;
      lower |= c >= 'a' && c <= 'z';
    }
    if (!lower) return false;
    pos = e + 1;
  }
  return words > 0;
}
// "Hi. (SOFTLY) Go.": the words in brackets that read like a manner written inside `s` (after its start), added
// to *manners once each, up to 32.
void CollectMannersInside(std::string_view s, std::vector<std::string>* manners) {
  for (const char open : {'(', '['}) {
    for (size_t at = s.find(open, 1); at != std::string_view::npos && manners->size() < 32; at = s.find(open, at + 1)) {
      const size_t close = s.find(open == '(' ? ')' : ']', at);
      if (close == std::string_view::npos) break;
      const std::string_view word = s.substr(at + 1, close - at - 1);
      if (word.size() <= 20 && IsMannerLikeWord(word) && std::find(manners->begin(), manners->end(), word) == manners->end())
        manners->emplace_back(word);
    }
  }
}
bool TakeCaptionSpeakerId(std::string_view s, std::string* label, std::string_view* rest, bool* manner_like,
                          bool mixed_case) {
  if (s.size() < 5 || (s[0] != '(' && s[0] != '[')) return false;
  const size_t close = s.find(s[0] == '(' ? ')' : ']');
  if (close == std::string_view::npos || close > 40 || close + 1 >= s.size() || s[close + 1] != ' ') return false;
  std::string_view inner = Trim(s.substr(1, close - 1));
  // "[Alba] Text" (subtitles for the deaf in sentence case): a candidate like a manner-like name, for the whole
  // file to decide (AdoptMannerLikeCueSpeakers); checked below in capitals against the sounds and manners.
  std::string upper;
  bool mixed = false;
  if (mixed_case && manner_like && s[0] == '[' && MixedCaseName(inner)) {
    upper = text::ToUpperAscii(inner);
    mixed = true;
  }
  const std::string_view original = inner;
  if (mixed) inner = upper;
  // whisper.cpp's diarized output (-di): "(speaker 0) text" in its text, SRT and VTT files, and "(speaker ?)"
  // where it could not tell the two channels apart: those words are nobody's in particular, not the last
  // speaker's, and get a speaker of their own the user can rename.
  if (inner.size() > 8 && (inner[0] == 's' || inner[0] == 'S') && text::ToLowerAscii(inner.substr(0, 8)) == "speaker " &&
      (AllDigits(inner.substr(8)) || inner.substr(8) == "?")) {
    if (manner_like) *manner_like = false;
    *label = inner.substr(8) == "?" ? "Unknown speaker" : "Speaker " + std::string(inner.substr(8));
    *rest = Trim(s.substr(close + 1));
    return !rest->empty();
  }
  int letters = 0, words = 1;
  for (char c : inner) {
    if (c == ' ') { ++words; continue; }
    if (!(c >= 'A' && c <= 'Z') && c != '.' && c != '-' && c != '\'') return false;
    ++letters;
  }
  // The known noise words, in either bracket (any short "[…]" counts as noise to IsNoiseMark).
  if (letters < 2 || words > 3 || IsKnownNoiseText(inner)) return false;
  static constexpr std::string_view kSounds[] = {
      "LAUGH", "CHUCKL", "GIGGL", "SIGH", "GASP", "APPLAU", "CLAP", "MUSIC", "CHEER", "GROAN", "COUGH", "SNIFF", "SCREAM",
      "WHISPER", "SHOUT", "YELL", "CRY", "SOB", "INAUDIBLE", "CROSSTALK", "INDISTINCT", "MUFFLED", "CHATTER", "RING",
      "BEEP", "DOOR", "PHONE", "THUNDER", "SILENCE", "STATIC", "NOISE", "SING", "HUM", "OVERLAP", "CONTINU", "SPEAK",
      "FOREIGN", "SPANISH", "FRENCH", "GERMAN", "BARK", "KNOCK", "GRUNT", "PANT", "SCOFF", "EXHAL", "INHAL", "SNORT",
      "WHISTL", "BELL", "ENGINE", "SIREN", "EXPLOSION", "GUNSHOT", "FOOTSTEP", "CROWD", "BLEEP", "SOUND", "AUDIO", "PAUSE"};
  static constexpr std::string_view kManners[] = {"ON", "IN", "OVER", "OFF", "INTO", "THROUGH", "WITH", "AND", "V.O.", "O.S.",
                                                  "O.C.", "RADIO", "TV", "PA", "INTERCOM", "SPEAKERPHONE", "ENGLISH"};
  bool manner = false;
  for (size_t pos = 0; pos < inner.size();) {
    size_t e = inner.find(' ', pos);
    if (e == std::string_view::npos) e = inner.size();
    const std::string_view word = inner.substr(pos, e - pos);
    // The first byte decides most comparisons (this runs for every bracketed name in a caption file).
    if (word.empty()) { pos = e + 1; continue; }
    for (std::string_view w : kSounds)
      if (w[0] == word[0] && StartsWith(word, w)) return false;
    for (std::string_view w : kManners)
      if (w[0] == word[0] && word == w) return false;
    manner |= IsMannerLikeWord(word);
    pos = e + 1;
  }
  if (manner && !manner_like) return false;
  if (mixed && (manner || IsKnownNoiseText(original))) return false;   // "[Whispering]": a manner, not a name
  if (manner_like) *manner_like = manner || mixed;
  *label = std::string(original);
  *rest = Trim(s.substr(close + 1));
  return !rest->empty();
}

// A cue text line may carry "NAME: text", "- text" (speaker change) or ">> text".
void CueSpeaker(Cue& c) {
  std::string_view s = Trim(c.text);
  if (StartsWith(s, ">>")) { c.speaker_change = true; s = Trim(s.substr(2)); }
  else if (StartsWith(s, "- ")) { c.speaker_change = true; s = Trim(s.substr(2)); }
  std::string label, role;
  double t;
  std::string_view rest;
  if (c.speaker.empty() && TakeSpeakerLabel(s, &label, &role, &t, &rest)) { c.speaker = label; s = rest; }
  else if (c.speaker.empty() && TakeCueNameLabel(s, &label, &rest)) { c.speaker = label; s = rest; }
  else if (bool manner_like = false; c.speaker.empty() && TakeCaptionSpeakerId(s, &label, &rest, &manner_like, true)) {
    if (manner_like) {
      c.manner_label = true;   // "(KELLY)" or "(SOFTLY)": AdoptMannerLikeCueSpeakers decides, the label stays meanwhile
    } else {
      c.speaker = label;
      c.bracket_speaker = true;
      s = rest;
    }
  }
  KeepOnly(c.text, s);
}

// "(KELLY) Okay." in caption cues: a name that reads like a manner names the cue's speaker in a file whose cues name
// their speakers in brackets (one plain name at least, "(MARIA)"), when it starts two cues or more and is never
// written inside a cue ("Go. (SOFTLY) Now."). The line parser's rule (LineParser::BracketNameIsSpeaker) for cues.
// Names in sentence case ("[Alba] Text") are a cast when two of them or more start two cues each: one such tag
// alone could be a sound ("[Rain] …").
void AdoptMannerLikeCueSpeakers(Collector& col) {
  bool plain_name = false;
  int candidates = 0;
  for (const Cue& c : col.cues) {
    plain_name |= c.bracket_speaker;
    candidates += c.manner_label;
  }
  if (candidates < 2) return;
  // CueSpeaker checked the label of a manner_label cue (TakeCaptionSpeakerId): its name is what the brackets hold,
  // its text what follows. Read again here without that check's cost, which is most of this pass on 20 MB.
  // (A text that no longer starts with its label has none: nothing after CueSpeaker changes it, but a label read
  // out of bounds would be worse than a speaker missed.)
  auto label_of = [](const Cue& c, std::string_view* label, std::string_view* rest) {
    const std::string_view s = c.text;
    if (s.empty() || (s[0] != '(' && s[0] != '[')) return false;
    const size_t close = s.find(s[0] == '(' ? ')' : ']');
    if (close == std::string_view::npos) return false;
    *label = Trim(s.substr(1, close - 1));
    *rest = Trim(s.substr(close + 1));
    return !rest->empty();
  };
  std::string_view label, rest;
  std::map<std::string, int, std::less<>> starts;
  std::vector<std::string> inside;
  for (const Cue& c : col.cues) {
    if (c.manner_label && label_of(c, &label, &rest)) {
      auto it = starts.find(label);
      if (it == starts.end()) it = starts.emplace(std::string(label), 0).first;
      ++it->second;
    }
    if (inside.size() < 32) CollectMannersInside(c.text, &inside);
  }
  int sentence_case_cast = 0;
  for (const auto& start : starts) sentence_case_cast += start.second >= 2 && !IsAllCaps(start.first);
  for (Cue& c : col.cues) {
    if (!c.manner_label) continue;
    c.manner_label = false;
    if (!label_of(c, &label, &rest)) continue;
    if (!(IsAllCaps(label) ? plain_name : sentence_case_cast >= 2)) continue;
    if (starts.find(label)->second < 2 || std::find(inside.begin(), inside.end(), label) != inside.end()) continue;
    std::string name(label);
    KeepOnly(c.text, rest);
    c.speaker = std::move(name);
  }
}

// ---- caption cues that hold more than one speaker ----

// Bytes of a dialogue dash at the start of a subtitle line: "- " (most subtitle files), "-" before a letter or a
// quote (Netflix's style: "-Are you coming?"), "– " (an en dash); 0 when the line does not start with one.
size_t DialogueDashLength(std::string_view s) {
  if (StartsWith(s, "\xE2\x80\x93 ")) return 4;
  if (s.size() < 2 || s[0] != '-') return 0;
  const unsigned char c = (unsigned char)s[1];
  if (c == ' ') return 2;
  return std::isalpha(c) || c >= 0x80 || c == '"' || c == '\'' ? 1 : 0;
}

// One speaker's part of a caption cue: its text (lines joined by '\n', the mark removed), whether a dash or ">>"
// marked it, and its first line's offset in the cue.
struct CuePart {
  std::string text;
  bool marked = false;
  bool dash = false;
  int line_offset = 0;
};

// The speakers' parts of a cue's text (its lines separated by '\n'): film subtitles put a two-person exchange in one
// cue as dashed lines ("- Are you coming?" / "- In a minute.": every line dashed, or only the second after a
// finished sentence); broadcast captions mark each change of speaker with ">>", also inside a line ("it's the news.
// >> Good evening."). False (parts untouched) when the cue is one speaker's. A lone dashed line, or a list whose
// first line has no dash ("Three things:" / "- a knife"), is one speaker's.
bool SplitCueSpeakers(std::string_view text, std::vector<CuePart>* parts) {
  const bool chevrons = text.find(">>", 1) != std::string_view::npos;
  // Most cues: no ">>" and no line that starts with a dash.
  if (!chevrons && (text.empty() || text[0] != '-') && text.find("\n-") == std::string_view::npos &&
      text.find("\n\xE2\x80\x93") == std::string_view::npos && !StartsWith(text, "\xE2\x80\x93"))
    return false;
  const size_t first_break = text.find('\n');
  if (!chevrons && first_break == std::string_view::npos) return false;
  const std::vector<std::string_view> lines = text::SplitLines(text);
  int dashed = 0;
  for (std::string_view l : lines) dashed += DialogueDashLength(Trim(l)) > 0;
  bool dialogue = false;
  if (lines.size() >= 2 && dashed >= 2 && DialogueDashLength(Trim(lines[0]))) dialogue = true;
  if (lines.size() == 2 && dashed == 1 && !DialogueDashLength(Trim(lines[0]))) {
    const std::string_view first = Trim(lines[0]), second = Trim(lines[1]);
    const size_t dash = DialogueDashLength(second);
    const bool capital = dash < second.size() && !((unsigned char)second[dash] >= 'a' && (unsigned char)second[dash] <= 'z');
    dialogue = dash && capital && text::EndsSentence(first);
  }
  if (!dialogue && !chevrons) return false;
  std::vector<CuePart> out;
  auto start_part = [&](int offset, bool dash) {
    out.emplace_back();
    out.back().marked = true;
    out.back().dash = dash;
    out.back().line_offset = offset;
  };
  auto add_text = [&](std::string_view piece, int offset) {
    piece = Trim(piece);
    if (piece.empty()) return;
    if (out.empty()) { out.emplace_back(); out.back().line_offset = offset; }
    if (!out.back().text.empty()) out.back().text += '\n';
    out.back().text.append(piece.data(), piece.size());
  };
  for (size_t k = 0; k < lines.size(); ++k) {
    std::string_view l = Trim(lines[k]);
    if (const size_t dash = dialogue ? DialogueDashLength(l) : 0) {
      start_part((int)k, true);
      l = Trim(l.substr(dash));
    }
    // ">>" at the start of the line or after a space.
    size_t from = 0;
    for (size_t at = l.find(">>"); at != std::string_view::npos; at = l.find(">>", from)) {
      if (at > 0 && l[at - 1] != ' ') { from = at + 2; continue; }   // "ls>>out.txt"
      add_text(l.substr(0, at), (int)k);
      start_part((int)k, false);
      l = Trim(l.substr(at + 2));
      while (StartsWith(l, ">")) l = Trim(l.substr(1));   // ">>>" (a new story) is a new speaker too
      from = 0;
    }
    add_text(l, (int)k);
  }
  out.erase(std::remove_if(out.begin(), out.end(), [](const CuePart& p) { return p.text.empty(); }), out.end());
  if (out.size() < 2) return false;
  *parts = std::move(out);
  return true;
}

// ---- SRT ----

void JoinCueLines(Cue& c);

// The later speakers' parts of cue `c` (SplitCueSpeakers on its lines, '\n'-separated in c.text) as cues of their
// own; c keeps the first part. After a dashed dialogue the next cue's speaker is unknown: the dashes told who spoke
// only within their cue. A cue already named (<v Name>) stays whole.
std::vector<Cue> TakeLaterSpeakers(Collector& col, Cue& c) {
  if (col.next_speaker_unknown) { c.speaker_change = true; col.next_speaker_unknown = false; }
  std::vector<CuePart> parts;
  if (!c.speaker.empty() || !SplitCueSpeakers(c.text, &parts)) return {};
  std::vector<Cue> later;
  for (size_t p = 1; p < parts.size(); ++p) {
    Cue part;
    part.start = c.start;
    part.end = c.end;
    part.untimed_block = c.untimed_block;
    part.line = c.line + parts[p].line_offset;
    part.text = std::move(parts[p].text);
    part.speaker_change = true;
    JoinCueLines(part);
    CueSpeaker(part);
    later.push_back(std::move(part));
  }
  c.text = std::move(parts[0].text);
  c.speaker_change |= parts[0].marked;
  col.next_speaker_unknown = parts.back().dash;
  return later;
}

// The parts TakeLaterSpeakers set aside, each put right after its cue: the cue list is rebuilt once.
void InsertLaterSpeakers(Collector& col) {
  if (col.later_speakers.empty()) return;
  std::vector<Cue> cues;
  cues.reserve(col.cues.size() + col.later_speakers.size());
  size_t next = 0;
  for (size_t k = 0; k < col.cues.size(); ++k) {
    cues.push_back(std::move(col.cues[k]));
    for (; next < col.later_speakers.size() && col.later_speakers[next].first == k; ++next)
      cues.push_back(std::move(col.later_speakers[next].second));
  }
  col.cues = std::move(cues);
  std::vector<std::pair<size_t, Cue>>().swap(col.later_speakers);
}

// A cue's text lines become one running text; "- " at the start of a line marks a speaker change and
// only the first one is kept (CueSpeaker reads it).
void JoinCueLines(Cue& c) { text::JoinLines(c.text); }

// Subtitle cues made whole: lines joined, speaker labels read, empty cues counted. From cue *k on, until
// `budget` bytes are used (counted in *used); true once every cue is done.
bool FinishSubtitleCues(Collector& col, size_t* k, size_t budget, size_t* used) {
  for (; *k < col.cues.size(); ++*k) {
    if (*used >= budget) return false;
    Cue& c = col.cues[*k];
    *used += c.text.size() + 1;
    for (Cue& part : TakeLaterSpeakers(col, c)) col.later_speakers.emplace_back(*k, std::move(part));
    JoinCueLines(c);
    CueSpeaker(c);
    if (Trim(c.text).empty()) CountEmptyCue(col, c.line);
  }
  InsertLaterSpeakers(col);
  return true;
}

// The bytes of lines (k, end) as they lie in the text, line breaks included: room for a cue's text.
size_t BytesAfter(const std::vector<std::string_view>& lines, size_t k, size_t end) {
  if (k + 1 >= end) return 0;
  return (size_t)(lines[end - 1].data() + lines[end - 1].size() - lines[k + 1].data());
}

// A cue for text that has no timing line before it in its block (0-based line k); counted for the warning.
Cue* OpenUntimedCue(Collector& col, size_t k, int* untimed, int* first_untimed_line) {
  Cue c;
  c.untimed_block = true;
  c.line = (int)k + 1;
  if ((*untimed)++ == 0) *first_untimed_line = (int)k + 1;
  col.cues.push_back(std::move(c));
  return &col.cues.back();
}

// Blocks separated by blank lines: [index] timing text... A block without a timing line is kept as its
// own untimed cue with a warning; a timing line inside a block (blank line missing) starts a new cue.
// Resumable (TranscriptParse): Step() reads whole blocks until `budget` bytes of lines are used up.
std::string RolledLinesWarning(int rolled_lines) {
  return "Rolling captions (YouTube auto-captions): " + std::to_string(rolled_lines) + " repeated line" +
         (rolled_lines == 1 ? " was" : "s were") + " removed.";
}

// A subtitle cue's number ("12"), its first nine digits.
long CueIndex(std::string_view digits) {
  long idx = 0;
  for (char d : digits.substr(0, 9)) idx = idx * 10 + (d - '0');
  return idx;
}

// Whether every line from `from` on is blank.
bool LinesBlank(const std::vector<std::string_view>& lines, size_t from) {
  for (size_t k = from; k < lines.size(); ++k)
    if (!Trim(lines[k]).empty()) return false;
  return true;
}

struct SrtParser {
  explicit SrtParser(std::string_view input) : table(input), lines(table.lines) {}
  LineTable table;
  const std::vector<std::string_view>& lines;
  bool out_of_order = false;
  long last_index = 0;
  int untimed = 0, first_untimed_line = 0;
  size_t i = 0;
  bool finishing = false;
  size_t finished = 0, to_finish = 0;   // cues made whole so far, of all
  double Progress() const {
    if (!table.done) return 0.2 * table.Progress();
    if (finishing) return 0.9 + 0.1 * (double)finished / (double)std::max<size_t>(1, to_finish);
    return lines.empty() ? 0.9 : 0.2 + 0.7 * (double)i / (double)lines.size();
  }
  bool Step(Collector& col, size_t budget);
  bool Finish(Collector& col, size_t budget, size_t* used);
};

bool SrtParser::Step(Collector& col, size_t budget) {
  size_t used = 0;
  if (!table.Fill(budget, &used)) return false;
  while (i < lines.size() && !finishing) {
    if (used >= budget) return false;
    while (i < lines.size() && Trim(lines[i]).empty()) ++i;
    if (i >= lines.size()) break;
    const size_t block = i;
    size_t end = i;
    for (;;) {
      while (end < lines.size() && !Trim(lines[end]).empty()) used += lines[end++].size() + 1;
      // yt-dlp writes converted auto-captions with a first text line of one space: a line of spaces right
      // after the timing line, with text after it, is the cue's (an empty first line would end the cue).
      if (end > block && end + 1 < lines.size() && !lines[end].empty() && lines[end - 1].find("-->") != std::string_view::npos &&
          !Trim(lines[end + 1]).empty() && lines[end + 1].find("-->") == std::string_view::npos)
        used += lines[end++].size() + 1;
      else
        break;
    }
    Cue* open = nullptr;
    // Whether line k holds "-->", each line looked at once (asked for line k + 1, then for line k).
    size_t arrow_line = SIZE_MAX;
    bool arrow = false;
    auto has_arrow = [&](size_t k) {
      if (k != arrow_line) { arrow_line = k; arrow = lines[k].find("-->") != std::string_view::npos; }
      return arrow;
    };
    for (size_t k = block; k < end; ++k) {
      std::string_view s = Trim(lines[k]);
      if (AllDigits(s) && k + 1 < end && has_arrow(k + 1)) {   // cue index
        const long idx = CueIndex(s);
        if (idx <= last_index) out_of_order = true;
        last_index = idx;
        continue;
      }
      // The next cue's number with nothing after it, alone in its block or last in the file: an editor left a
      // cue without its time and text. It is not speech.
      if (AllDigits(s) && k + 1 == end && last_index > 0 && CueIndex(s) == last_index + 1 &&
          (k == block || end == lines.size() || LinesBlank(lines, end))) {
        last_index = CueIndex(s);
        continue;
      }
      if (has_arrow(k)) {
        Cue c;
        c.line = (int)k + 2;
        double a, b;
        // Whisper's console form: "[00:00:00.000 --> 00:00:04.560]  text" on one line.
        const size_t close = s[0] == '[' ? s.find(']') : std::string_view::npos;
        if (close != std::string_view::npos && s.find("-->") < close && ParseTimingLine(s.substr(1, close - 1), &a, &b)) {
          c.start = a;
          c.end = b;
          c.line = (int)k + 1;
          c.text = StripMarkup(Trim(s.substr(close + 1)), nullptr);
          col.cues.push_back(std::move(c));
          open = nullptr;   // the next bracketed line is the next cue
          continue;
        }
        if (ParseTimingLine(s, &a, &b)) { c.start = a; c.end = b; }
        else {
          ++col.bad_times;
          col.warnings.push_back(LineRef((int)k + 1) + "unreadable subtitle time \xE2\x80\x9C" + std::string(s.substr(0, 60)) +
                                 "\xE2\x80\x9D; its text was kept without a time.");
        }
        c.text.reserve(BytesAfter(lines, k, end));
        col.cues.push_back(std::move(c));
        open = &col.cues.back();
        continue;
      }
      if (!open) {   // text with no timing line before it in this block
        open = OpenUntimedCue(col, k, &untimed, &first_untimed_line);
        // A leading index number of the broken block is not speech.
        if (k == block && AllDigits(s) && end - block > 1) continue;
      }
      if (!open->text.empty()) open->text += '\n';
      AppendStripped(open->text, s);
    }
    i = end;
  }
  return Finish(col, budget, &used);
}

// YouTube's auto-captions converted to SRT (yt-dlp --convert-subs srt, and the sites that download
// them) keep the rolling layout without the WebVTT word tags: each cue repeats the previous cue's last line
// as its first. When at least half the cues with text do, the repeats are removed, as for WebVTT. A cue's
// lines are still apart ('\n') here; a cue left with nothing was a snapshot of the line above.
void RemoveRolledSrtLines(Collector& col) {
  auto first_line = [](const std::string& t) { return std::string_view(t).substr(0, t.find('\n')); };
  auto last_line = [](const std::string& t) { const size_t nl = t.rfind('\n'); return std::string_view(t).substr(nl == std::string::npos ? 0 : nl + 1); };
  // Cues of two lines among the repeats: one-line cues that repeat the line before are a speaker (or
  // Whisper) saying the same thing again, not captions rolling up.
  size_t repeats = 0, with_text = 0, two_line_repeats = 0;
  for (size_t k = 0; k < col.cues.size(); ++k) {
    if (col.cues[k].text.empty()) continue;
    ++with_text;
    if (k > 0 && !col.cues[k - 1].text.empty() && first_line(col.cues[k].text) == last_line(col.cues[k - 1].text)) {
      ++repeats;
      two_line_repeats += col.cues[k].text.find('\n') != std::string::npos;
    }
  }
  if (two_line_repeats < 2 || repeats < 3 || repeats * 2 < with_text) return;
  std::string previous_last;   // the line the previous cue ended with, before its own repeat was removed
  size_t kept = 0;
  for (size_t k = 0; k < col.cues.size(); ++k) {
    Cue& c = col.cues[k];
    const std::string this_last(last_line(c.text));
    if (k > 0 && !c.text.empty() && first_line(c.text) == previous_last) {
      const size_t nl = c.text.find('\n');
      c.text.erase(0, nl == std::string::npos ? std::string::npos : nl + 1);
      ++col.rolled_lines;
    }
    previous_last = this_last;
    if (c.text.empty()) continue;   // only the repeated line: a snapshot
    if (kept != k) col.cues[kept] = std::move(c);
    ++kept;
  }
  col.cues.resize(kept);
  col.warnings.push_back(RolledLinesWarning(col.rolled_lines));
}

bool SrtParser::Finish(Collector& col, size_t budget, size_t* used) {
  if (!finishing && untimed)
    col.warnings.push_back(LineRef(first_untimed_line) + std::to_string(untimed) + " subtitle block" + (untimed == 1 ? " has" : "s have") +
                           " no timing line; " + (untimed == 1 ? "its text was" : "their text was") +
                           " kept as separate turns without a time.");
  if (!finishing) RemoveRolledSrtLines(col);
  finishing = true;
  to_finish = col.cues.size();
  if (!FinishSubtitleCues(col, &finished, budget, used)) return false;
  // Out-of-order indices usually come from edited files: reading order follows the times.
  bool times_out_of_order = false;
  int first_out_of_order_line = 0;
  for (size_t k = 1; k < col.cues.size(); ++k)
    if (col.cues[k].start >= 0 && col.cues[k - 1].start > col.cues[k].start) {
      if (!times_out_of_order) first_out_of_order_line = col.cues[k].line;
      times_out_of_order = true;
    }
  if (times_out_of_order) {
    // Their places are sorted and each cue moved once (sorting the cues themselves moved each many times).
    std::vector<uint32_t> order(col.cues.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = (uint32_t)k;
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      const Cue& x = col.cues[a];
      const Cue& y = col.cues[b];
      if (x.start < 0 || y.start < 0) return false;
      return x.start < y.start;
    });
    std::vector<Cue> sorted;
    sorted.reserve(col.cues.size());
    for (uint32_t k : order) sorted.push_back(std::move(col.cues[k]));
    col.cues = std::move(sorted);
    col.warnings.push_back(LineRef(first_out_of_order_line) + "subtitle cues were out of time order and were sorted by start time.");
  } else if (out_of_order) {
    col.warnings.push_back("Subtitle cue numbers were out of order; the file's time order was used.");
  }
  return true;
}

// ---- SBV (YouTube's "0:00:00.378,0:00:11.378" blocks) ----

bool ParseSbvTiming(std::string_view s, double* a, double* b) {
  s = Trim(s);
  if (s.find(' ') != std::string_view::npos || s.find("-->") != std::string_view::npos) return false;
  for (size_t comma = s.find(','); comma != std::string_view::npos; comma = s.find(',', comma + 1))
    if (ParseTimestamp(s.substr(0, comma), a) && ParseTimestamp(s.substr(comma + 1), b)) return true;
  return false;
}

// Resumable (TranscriptParse) like SrtParser.
struct SbvParser {
  explicit SbvParser(std::string_view input) : table(input), lines(table.lines) {}
  LineTable table;
  const std::vector<std::string_view>& lines;
  int untimed = 0, first_untimed_line = 0;
  size_t i = 0;
  bool finishing = false;
  size_t finished = 0, to_finish = 0;
  double Progress() const {
    if (!table.done) return 0.2 * table.Progress();
    if (finishing) return 0.9 + 0.1 * (double)finished / (double)std::max<size_t>(1, to_finish);
    return lines.empty() ? 0.9 : 0.2 + 0.7 * (double)i / (double)lines.size();
  }
  bool Step(Collector& col, size_t budget);
};

bool SbvParser::Step(Collector& col, size_t budget) {
  size_t used = 0;
  if (!table.Fill(budget, &used)) return false;
  while (i < lines.size() && !finishing) {
    if (used >= budget) return false;
    while (i < lines.size() && Trim(lines[i]).empty()) ++i;
    if (i >= lines.size()) break;
    size_t end = i;
    while (end < lines.size() && !Trim(lines[end]).empty()) used += lines[end++].size() + 1;
    Cue* open = nullptr;
    for (size_t k = i; k < end; ++k) {
      double a, b;
      if (ParseSbvTiming(lines[k], &a, &b)) {
        Cue c;
        c.start = a;
        c.end = b;
        c.line = (int)k + 2;
        c.text.reserve(BytesAfter(lines, k, end));
        col.cues.push_back(std::move(c));
        open = &col.cues.back();
        continue;
      }
      if (!open) open = OpenUntimedCue(col, k, &untimed, &first_untimed_line);
      if (!open->text.empty()) open->text += '\n';
      AppendStripped(open->text, Trim(lines[k]));
    }
    i = end;
  }
  if (!finishing && untimed)
    col.warnings.push_back(LineRef(first_untimed_line) + std::to_string(untimed) + " caption block" + (untimed == 1 ? " has" : "s have") +
                           " no \xE2\x80\x9Cstart,end\xE2\x80\x9D time line; the text was kept as separate turns without a time.");
  finishing = true;
  to_finish = col.cues.size();
  return FinishSubtitleCues(col, &finished, budget, &used);
}

// ---- XML captions: TTML / DFXP, YouTube timedtext ----

// A TTML time's number: digits with an optional fraction ("01", "1.500") read directly, as a caption file holds
// thousands; anything else as strtod reads it (which is slow in wasm). False when it is not all a number.
bool TtmlNumber(std::string_view s, double* x) {
  uint64_t mantissa = 0;
  int digits = 0, fraction_digits = 0;
  bool dot = false, plain = !s.empty() && s.size() <= 15;
  for (size_t i = 0; plain && i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') { mantissa = mantissa * 10 + (uint64_t)(s[i] - '0'); ++digits; fraction_digits += dot; }
    else if (s[i] == '.' && !dot) dot = true;
    else plain = false;
  }
  if (plain && digits) {
    static constexpr double kPow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    *x = (double)mantissa / kPow10[fraction_digits];   // both exact: the quotient is rounded once, as strtod's
    return true;
  }
  const std::string z(s);
  char* end = nullptr;
  *x = std::strtod(z.c_str(), &end);
  return !z.empty() && end && !*end;
}

// "1.5s", "250ms", "2m", "1h", "90f", "10010000t" (TTML offset times) and "00:00:01.500", "00:00:01:12"
// (clock times; frames last) as seconds.
bool ParseTtmlTime(std::string_view v, double frame_rate, double tick_rate, double* t) {
  v = Trim(v);
  if (v.empty()) return false;
  if (v.find(':') != std::string_view::npos) {
    double h = 0, m = 0, sec = 0, frames = 0;
    int fields = 0;
    size_t p = 0;
    double parts[4] = {0, 0, 0, 0};
    while (p <= v.size() && fields < 4) {
      const size_t e = std::min(v.find(':', p), v.size());
      if (!TtmlNumber(v.substr(p, e - p), &parts[fields++])) return false;
      p = e + 1;
      if (e == v.size()) break;
    }
    if (fields < 3) return false;
    h = parts[0]; m = parts[1]; sec = parts[2]; frames = fields == 4 ? parts[3] : 0;
    *t = h * 3600 + m * 60 + sec + (frame_rate > 0 ? frames / frame_rate : 0);
    return true;
  }
  size_t unit = v.size();
  while (unit > 0 && ((v[unit - 1] >= 'a' && v[unit - 1] <= 'z'))) --unit;
  const std::string_view u = v.substr(unit);
  double x = 0;
  if (!TtmlNumber(v.substr(0, unit), &x) || x < 0) return false;
  if (u == "h") *t = x * 3600;
  else if (u == "m") *t = x * 60;
  else if (u == "s" || u.empty()) *t = x;
  else if (u == "ms") *t = x / 1000;
  else if (u == "f") *t = frame_rate > 0 ? x / frame_rate : x / 30;
  else if (u == "t") *t = tick_rate > 0 ? x / tick_rate : x;
  else return false;
  return true;
}

// The value of attribute `name` in a start tag's text ("p begin=\"…\" end='…'"), "" when absent.
std::string_view XmlAttribute(std::string_view tag, std::string_view name) {
  for (size_t p = tag.find(name); p != std::string_view::npos; p = tag.find(name, p + 1)) {
    const bool starts = p > 0 && (tag[p - 1] == ' ' || tag[p - 1] == '\t' || tag[p - 1] == '\n' || tag[p - 1] == '\r' || tag[p - 1] == ':');
    size_t q = p + name.size();
    while (q < tag.size() && tag[q] == ' ') ++q;
    if (!starts || q >= tag.size() || tag[q] != '=') continue;
    ++q;
    while (q < tag.size() && tag[q] == ' ') ++q;
    if (q >= tag.size() || (tag[q] != '"' && tag[q] != '\'')) continue;
    const size_t close = tag.find(tag[q], q + 1);
    if (close == std::string_view::npos) return {};
    return tag.substr(q + 1, close - q - 1);
  }
  return {};
}

// XML character data with its entities decoded (&lt; &gt; &amp; &quot; &apos; &#N; &#xH;), tags removed, a
// <br/> as a line break and runs of XML white space as one space.
void AppendXmlText(std::string_view raw, std::string* out) {
  bool space = false;
  for (size_t i = 0; i < raw.size();) {
    const char c = raw[i];
    if (c == '<') {
      const size_t close = raw.find('>', i);
      const std::string_view tag = raw.substr(i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1);
      if (StartsWith(tag, "br")) { while (!out->empty() && out->back() == ' ') out->pop_back(); out->push_back('\n'); space = false; }
      i = close == std::string_view::npos ? raw.size() : close + 1;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { space = true; ++i; continue; }
    if (space && !out->empty() && out->back() != '\n') out->push_back(' ');
    space = false;
    if (c == '&') {
      const size_t semi = raw.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10) {
        const std::string_view name = raw.substr(i + 1, semi - i - 1);
        char32_t cp = 0;
        if (name == "lt") cp = '<';
        else if (name == "gt") cp = '>';
        else if (name == "amp") cp = '&';
        else if (name == "quot") cp = '"';
        else if (name == "apos") cp = '\'';
        else if (name.size() > 1 && name[0] == '#') {
          const bool hex = name[1] == 'x' || name[1] == 'X';
          const std::string digits(name.substr(hex ? 2 : 1));
          char* end = nullptr;
          const unsigned long v = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
          if (!digits.empty() && end && !*end && v > 0 && v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF)) cp = (char32_t)v;
        }
        if (cp) {
          utf8::Append(*out, cp);
          i = semi + 1;
          continue;
        }
      }
    }
    // This byte and the plain ones after it, copied at once.
    size_t run = i + 1;
    while (run < raw.size() && raw[run] != '<' && raw[run] != '&' && raw[run] != ' ' && raw[run] != '\n' && raw[run] != '\t' && raw[run] != '\r') ++run;
    out->append(raw.data() + i, run - i);
    i = run;
  }
}

// Resumable (TranscriptParse): each <p> of TTML (begin/end, or dur), or of YouTube's srv3 (t/d in ms), or
// each <text> of srv1 (start/dur in seconds) becomes a cue with its lines; then the cues are finished as
// subtitle cues are.
struct XmlCaptionsParser {
  explicit XmlCaptionsParser(std::string_view input) : in(input) {
    const size_t root = std::min(in.find("<tt"), in.find("<timedtext"));
    if (root != std::string_view::npos) {
      const std::string_view tag = in.substr(root, std::min<size_t>(in.find('>', root) - root, 4096));
      const std::string_view fr = XmlAttribute(tag, "frameRate"), tr = XmlAttribute(tag, "tickRate");
      const std::string_view mult = XmlAttribute(tag, "frameRateMultiplier");
      if (!fr.empty()) frame_rate = std::atof(std::string(fr).c_str());
      if (!mult.empty()) {   // "1000 1001": NTSC rates
        double a = 0, b = 0;
        if (std::sscanf(std::string(mult).c_str(), "%lf %lf", &a, &b) == 2 && a > 0 && b > 0) frame_rate *= a / b;
      }
      tick_rate = !tr.empty() ? std::atof(std::string(tr).c_str()) : frame_rate;   // TTML: frameRate × subFrameRate
    }
  }
  std::string_view in;
  double frame_rate = 30, tick_rate = 30;
  size_t pos = 0;
  int line = 1;
  size_t line_pos = 0;     // `line` counts the line breaks before line_pos
  bool finishing = false;
  size_t finished = 0, to_finish = 0;
  double Progress() const {
    if (finishing) return 0.9 + 0.1 * (double)finished / (double)std::max<size_t>(1, to_finish);
    return in.empty() ? 0.9 : 0.9 * (double)pos / (double)in.size();
  }
  int LineAt(size_t at) {
    for (; line_pos < at; ++line_pos) line += in[line_pos] == '\n';
    return line;
  }
  bool Step(Collector& col, size_t budget);
};

bool XmlCaptionsParser::Step(Collector& col, size_t budget) {
  size_t used = 0;
  while (!finishing) {
    if (used >= budget) return false;
    // The next <p …> or <text …> start tag.
    size_t open = pos;
    std::string_view element;
    for (;;) {
      open = in.find('<', open);
      if (open == std::string_view::npos) break;
      const std::string_view rest = in.substr(open + 1, 6);
      if (StartsWith(rest, "p ") || StartsWith(rest, "p>") || StartsWith(rest, "p\t") || StartsWith(rest, "p\n") || StartsWith(rest, "p\r")) { element = "p"; break; }
      if (StartsWith(rest, "text ") || StartsWith(rest, "text>")) { element = "text"; break; }
      ++open;
    }
    if (open == std::string_view::npos) { pos = in.size(); break; }
    const size_t tag_end = in.find('>', open);
    if (tag_end == std::string_view::npos) { pos = in.size(); break; }
    const std::string_view tag = in.substr(open + 1, tag_end - open - 1);
    const std::string close_tag = "</" + std::string(element) + ">";
    const bool self_closing = tag.back() == '/';
    const size_t close = self_closing ? tag_end + 1 : in.find(close_tag, tag_end + 1);
    const size_t content_end = close == std::string_view::npos ? in.size() : close;
    Cue c;
    c.line = LineAt(open);
    double a = -1, b = -1, d = -1;
    const std::string_view begin = XmlAttribute(tag, "begin"), end = XmlAttribute(tag, "end"), dur = XmlAttribute(tag, "dur");
    if (!begin.empty()) {
      ParseTtmlTime(begin, frame_rate, tick_rate, &a);
      if (!end.empty()) ParseTtmlTime(end, frame_rate, tick_rate, &b);
      else if (!dur.empty() && ParseTtmlTime(dur, frame_rate, tick_rate, &d) && a >= 0) b = a + d;
    } else if (!XmlAttribute(tag, "t").empty()) {   // srv3: milliseconds
      a = std::atof(std::string(XmlAttribute(tag, "t")).c_str()) / 1000;
      const std::string_view dd = XmlAttribute(tag, "d");
      if (!dd.empty()) b = a + std::atof(std::string(dd).c_str()) / 1000;
    } else if (!XmlAttribute(tag, "start").empty()) {   // srv1: seconds
      a = std::atof(std::string(XmlAttribute(tag, "start")).c_str());
      const std::string_view dd = XmlAttribute(tag, "dur");
      if (!dd.empty()) b = a + std::atof(std::string(dd).c_str());
    }
    c.start = a;
    c.end = b >= a ? b : -1;
    if (!self_closing) AppendXmlText(in.substr(tag_end + 1, content_end - tag_end - 1), &c.text);
    // srv1 escapes its text twice ("&amp;#39;"): what is left of an entity after one pass is decoded again.
    if (element == "text" && c.text.find('&') != std::string::npos) {
      std::string again;
      AppendXmlText(c.text, &again);
      c.text = std::move(again);
    }
    used += content_end - open + 1;
    pos = close == std::string_view::npos ? in.size() : close + close_tag.size();
    if (Trim(c.text).empty()) { if (!self_closing) CountEmptyCue(col, c.line); continue; }
    col.cues.push_back(std::move(c));
  }
  if (!finishing) {
    finishing = true;
    to_finish = col.cues.size();
    if (col.cues.empty()) col.warnings.push_back("No captions (<p> elements with text) were found in this XML.");
  }
  return FinishSubtitleCues(col, &finished, budget, &used);
}

// Whether the text is XML captions: a TTML <tt> root, or YouTube's <timedtext> / <transcript>.
bool LooksLikeXmlCaptions(std::string_view t) {
  if (t.empty() || t[0] != '<') return false;
  const std::string_view head = t.substr(0, std::min<size_t>(t.size(), 4096));
  return head.find("<tt ") != std::string_view::npos || head.find("<tt>") != std::string_view::npos ||
         head.find("<tt:tt") != std::string_view::npos || head.find("<timedtext") != std::string_view::npos ||
         (head.find("<transcript>") != std::string_view::npos && head.find("<text ") != std::string_view::npos);
}

// ---- WebVTT ----

// Rolling captions (YouTube auto-captions) repeat the previous cue's last line as their first line, with
// word-timing tags and 10 ms "snapshot" cues. Ordinary files repeat lines only when people repeat themselves.
// Counted cue by cue as the cues' lines are read.
struct RollingCaptionSigns {
  int repeats = 0, with_text = 0, tiny = 0, cues = 0;
  bool word_tags = false;
  void Add(const webvtt::Cue& cue, const std::vector<std::string>& lines, const std::vector<std::string>* previous) {
    ++cues;
    if (!lines.empty()) ++with_text;
    if (cue.end - cue.start <= 0.05) ++tiny;
    if (!word_tags && cue.text.find("><c>") != std::string::npos) word_tags = true;
    if (previous && !lines.empty() && !previous->empty() && lines.front() == previous->back()) ++repeats;
  }
  bool Rolling() const { return repeats >= 2 && repeats * 3 >= with_text && (word_tags || tiny * 4 >= cues); }
};

// Resumable (TranscriptParse): the WebVTT algorithm in slices, then each cue's lines (markup removed), then
// the cues themselves once it is known whether the captions roll.
struct VttParser {
  explicit VttParser(std::string_view input) : reader(input, VttOptions()) {}
  static webvtt::Options VttOptions() {
    webvtt::Options options;
    options.lenient_timestamps = true;
    options.ignore_signature = true;
    return options;
  }
  webvtt::Reader reader;
  webvtt::File f;
  int stage = 0;   // 0: the WebVTT algorithm, 1: cue lines, 2: cues
  size_t k = 0;
  std::vector<std::vector<std::string>> lines;
  std::vector<std::string> voices;
  std::vector<std::pair<size_t, std::vector<VoicePart>>> voice_parts;   // cues that name several voices, in order
  size_t next_voice_part = 0;
  RollingCaptionSigns signs;
  bool rolling = false;
  std::string prev_last_line;

  double Progress() const {
    const double n = (double)std::max<size_t>(1, f.cues.size());
    // Tenths: the algorithm 6, cue lines 2, cues 2.
    return stage == 0 ? 6 * reader.Progress() / 10 : stage == 1 ? (6 + 2 * (double)k / n) / 10 : (8 + 2 * (double)k / n) / 10;
  }
  bool Step(Collector& col, TranscriptMeta* meta, size_t budget);
};

bool VttParser::Step(Collector& col, TranscriptMeta* meta, size_t budget) {
  size_t used = 0;
  if (stage == 0) {
    if (!reader.Step(budget)) return false;
    used = budget / 2;
    f = reader.Take();
    if (!f.ok) col.warnings.push_back(LineRef(1) + f.signature_error + "; the cues were read anyway.");
    if (!f.title.empty() && meta->title.empty()) meta->title = f.title;
    for (const std::string& h : f.header_lines) {
      const size_t colon = h.find(':');
      if (colon != std::string::npos) col.fields.emplace_back(std::string(Trim(h.substr(0, colon))), std::string(Trim(h.substr(colon + 1))));
      else col.fields.emplace_back("header", h);
    }
    for (const webvtt::Issue& issue : f.issues) col.warnings.push_back(LineRef(issue.line) + issue.message + ".");
    lines.resize(f.cues.size());
    voices.resize(f.cues.size());
    stage = 1;
    k = 0;
  }
  if (stage == 1) {
    for (; k < f.cues.size(); ++k) {
      if (used >= budget) return false;
      text::LineCursor cursor(f.cues[k].text);
      for (std::string_view l; cursor.Next(&l);) {
        std::string plain = StripMarkup(l, &voices[k]);
        const std::string_view trimmed = Trim(plain);
        if (trimmed.empty()) continue;
        if (trimmed.size() != plain.size()) plain = std::string(trimmed);
        lines[k].push_back(std::move(plain));
      }
      if (!voices[k].empty()) {   // a voice named: is there another in the same cue?
        std::vector<VoicePart> parts = SplitCueVoices(f.cues[k].text);
        if (!parts.empty()) voice_parts.emplace_back(k, std::move(parts));
      }
      signs.Add(f.cues[k], lines[k], k > 0 ? &lines[k - 1] : nullptr);
      used += f.cues[k].text.size() + 1;
    }
    rolling = signs.Rolling();
    stage = 2;
    k = 0;
    col.cues.reserve(col.cues.size() + f.cues.size());
  }
  for (; k < f.cues.size(); ++k) {
    if (used >= budget) return false;
    std::vector<std::string>& text_lines = lines[k];
    used += f.cues[k].text.size() + 1;
    bool rolled = false;
    if (rolling && !text_lines.empty() && text_lines.front() == prev_last_line) {
      text_lines.erase(text_lines.begin());
      ++col.rolled_lines;
      rolled = true;
    }
    if (!text_lines.empty()) prev_last_line = text_lines.back();
    Cue c;
    c.start = f.cues[k].start;
    c.end = f.cues[k].end;
    c.line = f.cues[k].timing_line + 1;
    if (next_voice_part < voice_parts.size() && voice_parts[next_voice_part].first == k) {
      // Several voices in one cue: a cue each, at the cue's time, so no one's words go to another.
      for (VoicePart& part : voice_parts[next_voice_part].second) {
        Cue v = c;
        v.speaker = std::move(part.voice);
        v.text = std::move(part.text);
        v.speaker_change = true;
        CueSpeaker(v);
        col.cues.push_back(std::move(v));
      }
      std::vector<VoicePart>().swap(voice_parts[next_voice_part++].second);
      std::vector<std::string>().swap(text_lines);
      std::string().swap(f.cues[k].text);
      continue;
    }
    // The lines are kept: a cue of several speakers is split below (a one-line cue's text is its line, moved).
    if (text_lines.size() == 1) c.text = std::move(text_lines[0]);   // trimmed, not empty: as AppendJoined would copy it
    else
      for (const std::string& l : text_lines) text::AppendJoined(c.text, l);
    std::string().swap(f.cues[k].text);   // read: freed now, a slice at a time, rather than all cues at the end
    c.speaker = std::move(voices[k]);
    std::vector<Cue> later;
    bool dashed = false;
    for (size_t l = 1; l < text_lines.size() && !dashed; ++l)
      dashed = !text_lines[l].empty() && (text_lines[l][0] == '-' || StartsWith(text_lines[l], "\xE2\x80\x93"));
    if (dashed || c.text.find(">>", 1) != std::string::npos || col.next_speaker_unknown) {
      const std::string joined = c.text;
      if (text_lines.size() > 1) {   // one line: c.text is that line already
        c.text.clear();
        for (const std::string& l : text_lines) c.text += (c.text.empty() ? "" : "\n") + l;
      }
      later = TakeLaterSpeakers(col, c);
      if (later.empty() && c.text.find('\n') != std::string::npos) c.text = joined;
      else JoinCueLines(c);
    }
    std::vector<std::string>().swap(text_lines);
    CueSpeaker(c);
    if (Trim(c.text).empty()) {
      if (!rolled) CountEmptyCue(col, c.line);   // a rolling snapshot that only repeated a line is expected
      continue;
    }
    col.cues.push_back(std::move(c));
    for (Cue& part : later) col.cues.push_back(std::move(part));
  }
  if (col.rolled_lines) col.warnings.push_back(RolledLinesWarning(col.rolled_lines));
  return true;
}

// ---- JSON: Podcasting 2.0 and Whisper ----

double NumberField(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return -1;
  if (it->is_number()) return it->get<double>();
  if (it->is_string()) {
    double t;
    std::string s = it->get<std::string>();
    if (ParseTimestamp(s, &t)) return t;
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (end && end != s.c_str()) return v;
  }
  return -1;
}

std::string StringField(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return "";
}

bool ParseJson(std::string_view input, Collector& col, TranscriptFormat* detected, TranscriptMeta* meta) {
  nlohmann::json j = nlohmann::json::parse(input.begin(), input.end(), nullptr, false);
  if (j.is_discarded()) return false;
  const nlohmann::json* segs = nullptr;
  if (j.is_object()) {
    auto it = j.find("segments");
    if (it != j.end() && it->is_array()) segs = &*it;
    if (j.contains("language") && j["language"].is_string()) meta->language = j["language"].get<std::string>();
  } else if (j.is_array()) {
    segs = &j;
  }
  if (!segs) return false;
  bool podcasting = false;
  for (const auto& s : *segs)
    if (s.is_object() && (s.contains("body") || s.contains("startTime"))) { podcasting = true; break; }
  *detected = podcasting ? TranscriptFormat::Podcasting20Json : TranscriptFormat::WhisperJson;
  for (const auto& s : *segs) {
    if (!s.is_object()) { ++col.empty_cues; continue; }
    Cue c;
    if (podcasting) {
      c.start = NumberField(s, "startTime");
      c.end = NumberField(s, "endTime");
      c.text = StringField(s, "body");
    } else {
      c.start = NumberField(s, "start");
      c.end = NumberField(s, "end");
      c.text = StringField(s, "text");
    }
    c.speaker = StringField(s, "speaker");
    std::string_view t = Trim(c.text);
    if (t.empty()) { ++col.empty_cues; continue; }
    c.text = std::string(t);
    col.cues.push_back(std::move(c));
  }
  if (*detected == TranscriptFormat::WhisperJson && col.cues.empty() && j.is_object() && j.contains("text") &&
      j["text"].is_string()) {
    Cue c;
    c.text = j["text"].get<std::string>();
    col.cues.push_back(c);
  }
  return true;
}

// The JSON of speech-to-text services and tools other than Whisper's Python package, as each documents it:
//   AssemblyAI   {"utterances":[{"speaker":"A","start":ms,"end":ms,"text"}],"text"}
//   Deepgram     {"results":{"utterances":[{"speaker":0,"start":s,"end":s,"transcript"}],
//                 "channels":[{"alternatives":[{"transcript","paragraphs":{"paragraphs":[{"speaker","start","end",
//                 "sentences":[{"text"}]}]}}]}]}}
//   Rev.ai       {"monologues":[{"speaker":0,"speaker_name"?,"elements":[{"type":"text","value","ts","end_ts"},
//                 {"type":"punct","value"}]}]}
//   whisper.cpp  (-oj) {"transcription":[{"offsets":{"from":ms,"to":ms},"text","speaker"?}]}
//   Hugging Face pipelines, insanely-fast-whisper {"chunks":[{"timestamp":[s,e],"text"}],"speakers":[{"speaker",
//                 "timestamp","text"}] (when diarized),"text"}
//   OpenAI verbose_json with word timestamps only {"text","words":[…]}: the text.
// Each becomes cues. A diarized hour with word timings is megabytes of JSON, so it is read a slice at a time
// (SpeechJsonReader): a byte scan finds the elements of the top-level arrays that hold the cues and the word lists
// (most of the bytes); what is left, the skeleton, is parsed whole to tell the service; then each element on its own.
// Deepgram's cues are deeper: its utterances (results.utterances) or, without them, the paragraphs of its first
// channel's first alternative; the scan follows a path of keys to find them.
enum class SpeechJsonKind { None, AssemblyAi, Deepgram, DeepgramParagraphs, RevAi, WhisperCpp, HuggingFace, HuggingFaceDiarized, OpenAiWords };

void AddSpeechCue(Collector& col, double start, double end, std::string text, std::string speaker) {
  const std::string_view t = Trim(text);
  if (t.empty()) { ++col.empty_cues; return; }
  Cue c;
  c.start = start;
  c.end = end;
  c.text = t.size() == text.size() ? std::move(text) : std::string(t);
  c.speaker = std::move(speaker);
  col.cues.push_back(std::move(c));
}

// 0 → "Speaker 0" as Deepgram and Rev.ai number them; "A" → "Speaker A"; a name stays.
std::string NumberedSpeaker(const nlohmann::json& speaker) {
  const std::string s = speaker.is_number_integer() ? std::to_string(speaker.get<long long>()) : speaker.is_string() ? speaker.get<std::string>() : "";
  return s.empty() ? s : s.size() <= 3 ? "Speaker " + s : s;
}

double SpeechSeconds(const nlohmann::json& o, const char* key, double scale) {
  const double v = NumberField(o, key);
  return v < 0 ? -1.0 : v * scale;
}

// One element of a service's cue array as a cue.
void AddSpeechElement(SpeechJsonKind kind, const nlohmann::json& e, Collector& col) {
  if (!e.is_object()) { ++col.empty_cues; return; }
  switch (kind) {
    case SpeechJsonKind::AssemblyAi:   // milliseconds
      AddSpeechCue(col, SpeechSeconds(e, "start", 0.001), SpeechSeconds(e, "end", 0.001), StringField(e, "text"), NumberedSpeaker(js::At(e, "speaker")));
      break;
    case SpeechJsonKind::RevAi: {   // seconds, words and punctuation as elements
      std::string text;
      double start = -1, end = -1;
      for (const nlohmann::json& w : js::At(e, "elements")) {
        text += StringField(w, "value");
        if (start < 0) start = SpeechSeconds(w, "ts", 1);
        if (NumberField(w, "end_ts") >= 0) end = NumberField(w, "end_ts");
      }
      std::string speaker = StringField(e, "speaker_name");
      AddSpeechCue(col, start, end, std::move(text), speaker.empty() ? NumberedSpeaker(js::At(e, "speaker")) : speaker);
      break;
    }
    case SpeechJsonKind::Deepgram:   // an utterance, in seconds
      AddSpeechCue(col, SpeechSeconds(e, "start", 1), SpeechSeconds(e, "end", 1), StringField(e, "transcript"), NumberedSpeaker(js::At(e, "speaker")));
      break;
    case SpeechJsonKind::DeepgramParagraphs: {   // a paragraph (without utterances), its sentences joined
      std::string text;
      for (const nlohmann::json& sentence : js::At(e, "sentences")) text::AppendJoined(text, StringField(sentence, "text"));
      AddSpeechCue(col, SpeechSeconds(e, "start", 1), SpeechSeconds(e, "end", 1), std::move(text), NumberedSpeaker(js::At(e, "speaker")));
      break;
    }
    case SpeechJsonKind::WhisperCpp: {   // offsets in milliseconds
      const nlohmann::json& off = js::At(e, "offsets");
      AddSpeechCue(col, SpeechSeconds(off, "from", 0.001), SpeechSeconds(off, "to", 0.001), StringField(e, "text"), NumberedSpeaker(js::At(e, "speaker")));
      break;
    }
    case SpeechJsonKind::HuggingFace:
    case SpeechJsonKind::HuggingFaceDiarized: {   // [start, end] in seconds
      const nlohmann::json& ts = js::At(e, "timestamp");
      const double start = ts.is_array() && ts.size() == 2 && ts[0].is_number() ? ts[0].get<double>() : -1;
      const double end = ts.is_array() && ts.size() == 2 && ts[1].is_number() ? ts[1].get<double>() : -1;
      AddSpeechCue(col, start, end, StringField(e, "text"), kind == SpeechJsonKind::HuggingFaceDiarized ? NumberedSpeaker(js::At(e, "speaker")) : "");
      break;
    }
    default: break;
  }
}

// Resumable (TranscriptParse): Scan in slices, Recognise once, Step in slices.
class SpeechJsonReader {
 public:
  explicit SpeechJsonReader(std::string_view in) : in_(in) {}
  // Scans up to `budget` bytes; true once the whole text is scanned.
  bool Scan(size_t budget);
  double ScanProgress() const { return in_.empty() ? 1 : (double)pos_ / (double)in_.size(); }
  // Once scanned: whether the JSON is one of the services, with its name for the note in *source. Deepgram's cues
  // (and OpenAI's text) are in col when it returns; the others come from Step.
  bool Recognise(Collector& col, std::string* source);
  // Cues from the next elements until `budget` bytes of them are read; true once all are.
  bool Step(Collector& col, size_t budget);
  double Progress() const {
    return !elements_ || elements_->empty() ? 1 : (double)next_ / (double)elements_->size();
  }

 private:
  // A top-level array of one of the keys below: where its brackets are, and its elements' bytes.
  // A member of an element object that AddSpeechElement reads (kSpeechElementKeys): where its key and value are.
  struct Member {
    size_t key;                       // its index in kSpeechElementKeys
    size_t value_begin, value_end;
  };
  struct Element {
    size_t begin, end;                  // in the input, spaces around included
    bool object;                        // it is a JSON object (its members are then in members_)
    size_t members_begin, members_end;  // its members in members_
  };
  struct Array {
    std::string key;
    size_t open = 0, close = std::string_view::npos;
    std::vector<Element> elements;
  };
  const Array* Find(std::string_view key) const {
    for (const Array& a : arrays_)
      if (a.key == key) return &a;
    return nullptr;
  }
  void EndElement(size_t end);
  nlohmann::json ElementValue(const Element& e) const;

  std::string_view in_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool top_object_ = false, in_string_ = false, escape_ = false;
  size_t string_start_ = 0;
  // The open containers whose path (keys and indices from the top, "results.channels.0") may still lead to one of
  // kSpeechArrayPaths: path_[d] is the container at depth d + 1. Deeper containers are only counted in depth_.
  struct PathFrame {
    std::string path;
    bool array;
    size_t index = 0;   // an array's: the element being scanned
    std::string key;    // an object's: the key of the member being scanned
  };
  std::vector<PathFrame> path_;
  std::string last_string_;         // the last short string directly inside path_.back(): its key when ':' follows
  size_t capturing_ = SIZE_MAX;     // the index in arrays_ of the array being scanned
  int capture_depth_ = 0;           // the depth of its elements' separators
  size_t element_start_ = 0;
  bool capture_members_ = false;        // the kept members of this array's elements are noted
  bool element_object_ = false;         // the element being scanned opened with '{'
  size_t element_members_ = 0;          // where its members start in members_
  size_t member_key_begin_ = 0, member_key_end_ = 0;   // the last string in the element object: its key when ':' follows
  bool member_kept_ = false;            // the member being scanned is one of kSpeechElementKeys (in members_.back())
  std::vector<Member> members_;
  std::vector<Array> arrays_;
  // After Recognise.
  SpeechJsonKind kind_ = SpeechJsonKind::None;
  const std::vector<Element>* elements_ = nullptr;
  size_t next_ = 0, cues_before_ = 0;
  std::string text_;   // the top-level "text": the transcript when the elements give none
  bool has_text_ = false;
};

// The arrays whose elements are read one at a time, by their paths ("*": any array index). Deepgram's cues are the
// first channel's first alternative's paragraphs; the word lists and the other channels' and alternatives'
// paragraphs are only left out of the skeleton (parsed whole, they would hold the page).
constexpr std::string_view kSpeechArrayPaths[] = {
    "utterances", "monologues", "transcription", "chunks", "speakers", "words", "results.utterances",
    "results.channels.*.alternatives.*.paragraphs.paragraphs", "results.channels.*.alternatives.*.words"};
// Arrays whose elements are never read: their members are not noted.
bool IsSkippedArray(std::string_view path) {
  return path == "words" || text::EndsWith(path, ".words") ||
         (text::StartsWith(path, "results.channels.") && path != "results.channels.0.alternatives.0.paragraphs.paragraphs");
}
// Whether `path` matches `pattern` segment by segment ('*' matches a number), or (prefix) starts it.
bool PathMatches(std::string_view pattern, std::string_view path, bool prefix) {
  size_t a = 0, b = 0;
  for (;;) {
    const size_t ae = std::min(pattern.find('.', a), pattern.size()), be = std::min(path.find('.', b), path.size());
    const std::string_view ps = pattern.substr(a, ae - a), seg = path.substr(b, be - b);
    if (ps == "*" ? !AllDigits(seg) : ps != seg) return false;
    if (be == path.size()) return prefix || ae == pattern.size();
    if (ae == pattern.size()) return false;
    a = ae + 1, b = be + 1;
  }
}
bool IsSpeechArray(std::string_view path) {
  for (std::string_view p : kSpeechArrayPaths)
    if (PathMatches(p, path, false)) return true;
  return false;
}
// A path that may still lead to one of them (it is one, or the start of one).
bool MayLeadToSpeechArray(std::string_view path) {
  for (std::string_view p : kSpeechArrayPaths)
    if (PathMatches(p, path, true)) return true;
  return false;
}

// The members of a cue element that AddSpeechElement reads; only these are parsed, the rest (its word timings: most
// of its bytes) are passed over by the scan.
constexpr std::string_view kSpeechElementKeys[] = {"start", "end", "text", "speaker", "speaker_name", "elements",
                                                   "transcript", "offsets", "timestamp", "sentences"};

void SpeechJsonReader::EndElement(size_t end) {
  const std::string_view e = Trim(in_.substr(element_start_, end - element_start_));
  if (!e.empty())
    arrays_[capturing_].elements.push_back(Element{element_start_, end, element_object_, element_members_, members_.size()});
  element_object_ = member_kept_ = false;
  element_members_ = members_.size();
}

// An element as AddSpeechElement reads it: an object of its kept members, each parsed on its own (a repeated key: the
// last, as the parser keeps it). Not an object, or a kept member that does not parse: a discarded value, as
// nlohmann::json::parse gives for a broken element.
nlohmann::json SpeechJsonReader::ElementValue(const Element& e) const {
  if (!e.object) return nlohmann::json(nlohmann::json::value_t::discarded);
  nlohmann::json out = nlohmann::json::object();
  for (size_t m = e.members_begin; m < e.members_end; ++m) {
    const Member& member = members_[m];
    if (member.value_end > e.end || member.value_end < member.value_begin) return nlohmann::json(nlohmann::json::value_t::discarded);
    nlohmann::json v = nlohmann::json::parse(in_.begin() + member.value_begin, in_.begin() + member.value_end, nullptr, false);
    if (v.is_discarded()) return v;
    out[std::string(kSpeechElementKeys[member.key])] = std::move(v);
  }
  return out;
}

bool SpeechJsonReader::Scan(size_t budget) {
  const size_t stop = pos_ + std::min(in_.size() - pos_, std::max<size_t>(budget, 1));
  for (; pos_ < stop; ++pos_) {
    const char c = in_[pos_];
    if (in_string_) {
      if (escape_) { escape_ = false; continue; }
      if (c == '\\') { escape_ = true; continue; }
      if (c != '"') continue;
      in_string_ = false;
      if (depth_ > 0 && (size_t)depth_ == path_.size() && !path_.back().array) {   // a key on a path, or a value
        if (pos_ - string_start_ <= 32) last_string_.assign(in_.data() + string_start_, pos_ - string_start_);
        else last_string_.clear();   // longer than any key looked for (and never the key before it)
      }
      else if (element_object_ && depth_ == capture_depth_ + 1)
        member_key_begin_ = string_start_, member_key_end_ = pos_;
      continue;
    }
    switch (c) {
      case '"': in_string_ = true; string_start_ = pos_ + 1; break;
      case ':':
        if (depth_ > 0 && (size_t)depth_ == path_.size() && !path_.back().array) path_.back().key = last_string_;
        else if (element_object_ && depth_ == capture_depth_ + 1) {
          std::string_view key = in_.substr(member_key_begin_, member_key_end_ - member_key_begin_);
          std::string decoded;
          if (key.find('\\') != std::string_view::npos) {   // an escaped key ("te\u0078t"), read as the parser reads it
            const nlohmann::json k = nlohmann::json::parse(in_.substr(member_key_begin_ - 1, key.size() + 2), nullptr, false);
            if (k.is_string()) decoded = k.get<std::string>();
            key = decoded;
          }
          const auto* kept = std::find(std::begin(kSpeechElementKeys), std::end(kSpeechElementKeys), key);
          member_kept_ = kept != std::end(kSpeechElementKeys);
          if (member_kept_)
            members_.push_back(Member{(size_t)(kept - std::begin(kSpeechElementKeys)), pos_ + 1, std::string_view::npos});
        }
        break;
      case ',':
        if (member_kept_ && depth_ == capture_depth_ + 1) { members_.back().value_end = pos_; member_kept_ = false; }
        if (capturing_ != SIZE_MAX && depth_ == capture_depth_) { EndElement(pos_); element_start_ = pos_ + 1; }
        else if (depth_ > 0 && (size_t)depth_ == path_.size()) {
          if (path_.back().array) ++path_.back().index;
          else path_.back().key.clear();
        }
        break;
      case '{': case '[': {
        if (c == '{' && capture_members_ && depth_ + 1 == capture_depth_ + 1 && Trim(in_.substr(element_start_, pos_ - element_start_)).empty())
          element_object_ = true;
        if (depth_ == 0) {   // the top-level value: an object is where every path starts
          top_object_ = c == '{';
          if (top_object_) path_.push_back(PathFrame{"", false, 0, {}});
        } else if (capturing_ == SIZE_MAX && (size_t)depth_ == path_.size()) {   // inside the innermost container on a path
          const PathFrame& parent = path_.back();
          std::string path = parent.path.empty() ? "" : parent.path + ".";
          path += parent.array ? std::to_string(parent.index) : parent.key;
          if (c == '[' && IsSpeechArray(path)) {
            capturing_ = arrays_.size();
            capture_depth_ = depth_ + 1;
            capture_members_ = !IsSkippedArray(path);
            arrays_.push_back(Array{std::move(path), pos_, std::string_view::npos, {}});
            element_start_ = pos_ + 1;
            element_members_ = members_.size();
          } else if (!(parent.path.empty() && !parent.array && parent.key.empty()) && MayLeadToSpeechArray(path)) {
            path_.push_back(PathFrame{std::move(path), c == '[', 0, {}});
          }
        }
        ++depth_;
        break;
      }
      case '}': case ']':
        if (member_kept_ && depth_ == capture_depth_ + 1) { members_.back().value_end = pos_; member_kept_ = false; }
        if (capturing_ != SIZE_MAX && depth_ == capture_depth_ && c == ']') {
          EndElement(pos_);
          arrays_[capturing_].close = pos_;
          capturing_ = SIZE_MAX;
        }
        if (depth_ > 0 && (size_t)depth_ == path_.size()) path_.pop_back();
        --depth_;
        break;
      default: break;
    }
  }
  return pos_ == in_.size();
}

bool SpeechJsonReader::Recognise(Collector& col, std::string* source) {
  if (!top_object_) return false;
  // The skeleton: the text without the arrays' elements ("utterances":[]).
  std::string skeleton;
  size_t from = 0;
  for (const Array& a : arrays_) {
    if (a.close == std::string_view::npos) return false;   // not valid JSON
    skeleton.append(in_.data() + from, a.open + 1 - from);
    from = a.close;
  }
  skeleton.append(in_.data() + from, in_.size() - from);
  const nlohmann::json j = nlohmann::json::parse(skeleton, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  if (js::At(j, "text").is_string()) { text_ = j["text"].get<std::string>(); has_text_ = true; }
  cues_before_ = col.cues.size();
  const Array* utterances = Find("utterances");
  const Array* chunks = Find("chunks");
  const Array* speakers = Find("speakers");
  const Array* words = Find("words");
  if (utterances && !utterances->elements.empty()) {
    kind_ = SpeechJsonKind::AssemblyAi, *source = "AssemblyAI", elements_ = &utterances->elements;
  } else if (js::At(j, "results").is_object()) {
    kind_ = SpeechJsonKind::Deepgram, *source = "Deepgram";
    const Array* deepgram_utterances = Find("results.utterances");
    const Array* paragraphs = Find("results.channels.0.alternatives.0.paragraphs.paragraphs");
    if (deepgram_utterances && !deepgram_utterances->elements.empty()) {
      elements_ = &deepgram_utterances->elements;
    } else if (paragraphs && !paragraphs->elements.empty()) {
      kind_ = SpeechJsonKind::DeepgramParagraphs, elements_ = &paragraphs->elements;
    } else {   // neither: the first alternative's transcript, from the skeleton
      const nlohmann::json& channels = js::At(j["results"], "channels");
      const nlohmann::json& alts = channels.is_array() && !channels.empty() ? js::At(channels[0], "alternatives") : js::At(j, "");
      AddSpeechCue(col, -1, -1, alts.is_array() && !alts.empty() ? StringField(alts[0], "transcript") : "", "");
    }
  } else if (const Array* monologues = Find("monologues")) {
    kind_ = SpeechJsonKind::RevAi, *source = "Rev.ai", elements_ = &monologues->elements;
  } else if (const Array* transcription = Find("transcription")) {
    kind_ = SpeechJsonKind::WhisperCpp, *source = "whisper.cpp", elements_ = &transcription->elements;
  } else if (chunks || speakers) {
    const bool diarized = speakers && !speakers->elements.empty();
    kind_ = diarized ? SpeechJsonKind::HuggingFaceDiarized : SpeechJsonKind::HuggingFace, *source = "Hugging Face Whisper";
    elements_ = diarized ? &speakers->elements : chunks ? &chunks->elements : nullptr;
  } else if (words && has_text_) {
    kind_ = SpeechJsonKind::OpenAiWords, *source = "OpenAI";
    AddSpeechCue(col, -1, -1, text_, "");
  } else {
    return false;
  }
  return true;
}

bool SpeechJsonReader::Step(Collector& col, size_t budget) {
  size_t used = 0;
  for (; elements_ && next_ < elements_->size(); ++next_) {
    if (used >= budget) return false;
    const Element& e = (*elements_)[next_];
    used += e.end - e.begin;
    AddSpeechElement(kind_, ElementValue(e), col);
  }
  // Elements with nothing said in them: the whole text, when the JSON has it.
  if (col.cues.size() == cues_before_ && has_text_) AddSpeechCue(col, -1, -1, std::move(text_), "");
  has_text_ = false;
  return true;
}

// What a finished TranscriptJsonReader says, as ParseJson would: the format and the language (taken even when
// the JSON has no segments, as ParseJson does). False when it is not a transcript JSON.
bool JsonTranscriptFormat(const TranscriptJsonReader& r, TranscriptFormat* detected, TranscriptMeta* meta) {
  if (!r.Valid()) return false;
  if (r.TopLevelObject() && r.Language()) meta->language = *r.Language();
  if (!r.HasSegments()) return false;
  *detected = r.Podcasting() ? TranscriptFormat::Podcasting20Json : TranscriptFormat::WhisperJson;
  return true;
}

// The reader's segments as cues (as ParseJson makes them), from segment *k on until `budget` bytes of text are
// used (counted in *used); true once all are cues.
bool JsonSegmentCues(TranscriptJsonReader& r, Collector& col, size_t* k, size_t budget, size_t* used) {
  std::vector<JsonSegment>& segs = r.Segments();
  const bool podcasting = r.Podcasting();
  for (; *k < segs.size(); ++*k) {
    if (*used >= budget) return false;
    JsonSegment& s = segs[*k];
    if (!s.object) { ++col.empty_cues; continue; }
    Cue c;
    c.start = podcasting ? s.start_time : s.start;
    c.end = podcasting ? s.end_time : s.end;
    c.text = std::move(podcasting ? s.body : s.text);
    c.speaker = std::move(s.speaker);
    *used += c.text.size() + 16;
    std::string().swap(s.text);   // what the cue did not take goes now
    std::string().swap(s.body);
    const std::string_view t = Trim(c.text);
    if (t.empty()) { ++col.empty_cues; continue; }
    if (t.size() != c.text.size()) c.text = std::string(t);
    col.cues.push_back(std::move(c));
  }
  if (!podcasting && col.cues.empty() && r.TopLevelObject() && r.Text()) {
    Cue c;
    c.text = *r.Text();
    col.cues.push_back(c);
  }
  return true;
}

bool IsJoinedWord(std::string_view piece) {
  // Word-level segments (Podcasting 2.0 often stores one word per segment) join with spaces, and
  // punctuation-only segments attach to the previous word.
  return !piece.empty() && std::strchr(".,!?;:", piece[0]) != nullptr;
}

}  // namespace

// ---- JSON: a resumable reader for the transcript shapes ----

namespace {
// One of the eight bytes of w is '"', '\\', below 0x20 or above 0x7F: the bytes a JSON string stops at.
bool MayEndJsonRun(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto has_zero = [](uint64_t x) { return ((x - kOnes) & ~x & kHigh) != 0; };
  return (w & kHigh) || has_zero(w ^ (kOnes * '"')) || has_zero(w ^ (kOnes * '\\')) || ((w - kOnes * 0x20) & ~w & kHigh);
}
// Length of the valid UTF-8 sequence at p[0..n) (lead byte >= 0x80), or 0 with *bad the offset of the first
// byte that breaks it (n when it is cut off).
size_t JsonUtf8Length(const unsigned char* p, size_t n, size_t* bad) {
  const unsigned char c = p[0];
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c >= 0xE0 && c <= 0xEF) { len = 3; if (c == 0xE0) lo = 0xA0; if (c == 0xED) hi = 0x9F; }
  else if (c >= 0xF0 && c <= 0xF4) { len = 4; if (c == 0xF0) lo = 0x90; if (c == 0xF4) hi = 0x8F; }
  else { *bad = 0; return 0; }
  for (size_t k = 1; k < len; ++k) {
    if (k >= n) { *bad = n; return 0; }
    if (p[k] < (k == 1 ? lo : 0x80) || p[k] > (k == 1 ? hi : 0xBF)) { *bad = k; return 0; }
  }
  return len;
}
// A JSON number's value as strtod gives it (correctly rounded), without strtod when that is exact: up to 15
// significant digits and a power of ten up to 22 are both exact doubles, so one multiplication or division
// rounds once, correctly. (strtod in WebAssembly computes in software 128-bit floats: ~1 µs a number.)
double JsonNumberValue(std::string_view t) {
  size_t i = 0;
  const bool negative = t[0] == '-';
  if (negative) ++i;
  uint64_t mantissa = 0;
  int digits = 0, exponent = 0;
  for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
    if (mantissa || t[i] != '0') ++digits;
    mantissa = mantissa * 10 + (uint64_t)(t[i] - '0');
    if (digits > 15) break;
  }
  if (i < t.size() && t[i] == '.') {
    for (++i; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
      if (mantissa || t[i] != '0') ++digits;
      mantissa = mantissa * 10 + (uint64_t)(t[i] - '0');
      --exponent;
      if (digits > 15) break;
    }
  }
  if (digits <= 15 && i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    const bool minus = i < t.size() && t[i] == '-';
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    int e = 0;
    for (; i < t.size() && t[i] >= '0' && t[i] <= '9' && e < 10000; ++i) e = e * 10 + (t[i] - '0');
    exponent += minus ? -e : e;
  }
  static const double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if (digits <= 15 && i == t.size() && exponent >= -22 && exponent <= 22) {
    double v = (double)mantissa;
    v = exponent >= 0 ? v * kPow10[exponent] : v / kPow10[-exponent];
    return negative ? -v : v;
  }
  return std::strtod(std::string(t).c_str(), nullptr);
}

int HexValue(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

// A JSON grammar walker with an explicit stack, so it can stop after any whitespace run, string piece or
// number digit and go on later. Values it keeps go straight to their place (no document tree is built).
struct TranscriptJsonReader::State {
  // What an open container expects next.
  enum Expect : uint8_t { kKeyOrEnd, kKey, kColon, kObjectValue, kCommaOrObjectEnd, kValueOrArrayEnd, kValue, kCommaOrArrayEnd };
  // What a container is for the transcript.
  enum Role : uint8_t { kOther, kTopObject, kSegmentList, kSegment };
  // Where a scalar value goes.
  enum Slot : uint8_t { kNoSlot, kLanguage, kText, kStart, kEnd, kStartTime, kEndTime, kSegText, kBody, kSpeaker };
  struct Frame { Expect expect; Role role; };

  std::string_view in;
  size_t pos = 0;
  int line = 1;                 // line of `pos`: line breaks are only valid in whitespace, counted there
  bool done = false, valid = false, top_value_done = false, top_object = false, top_array = false;
  int error_line = 0;
  std::vector<Frame> stack;
  // The token being read.
  enum Token : uint8_t { kNoToken, kString, kNumber } token = kNoToken;
  bool string_is_key = false;
  std::string* dest = nullptr;  // where the string's characters go (nullptr: checked only)
  Slot slot = kNoSlot;          // the value's place
  size_t number_start = 0;
  int number_state = 0;
  bool number_is_integer = true;
  std::string key, scratch;
  // What the transcript needs.
  bool has_segments = false, has_language = false, has_text = false, podcasting = false;
  std::string language, text;
  std::vector<JsonSegment> segments;

  void Fail(size_t) {
    done = true;
    valid = false;
    error_line = line;
  }
  bool Step(size_t budget);
  size_t SkipSpace(size_t limit);
  size_t ReadString(size_t limit);
  size_t ReadNumber(size_t limit);
  bool Escape();
  void BeginValue(unsigned char c);
  void ScalarNotString();   // a number (handled by its slot first), literal or container took the slot
  void EndString();
  void EndNumber();
  void AfterValue() {
    if (stack.empty()) top_value_done = true;
  }
  JsonSegment* Seg() { return segments.empty() ? nullptr : &segments.back(); }
  double* NumberSlot() {
    JsonSegment* s = Seg();
    switch (slot) {
      case kStart: return &s->start;
      case kEnd: return &s->end;
      case kStartTime: return &s->start_time;
      case kEndTime: return &s->end_time;
      default: return nullptr;
    }
  }
  std::string* StringSlot() {
    JsonSegment* s = Seg();
    switch (slot) {
      case kSegText: return &s->text;
      case kBody: return &s->body;
      case kSpeaker: return &s->speaker;
      default: return nullptr;
    }
  }
};

size_t TranscriptJsonReader::State::SkipSpace(size_t limit) {
  const size_t start = pos, n = in.size();
  const size_t stop = limit >= n - pos ? n : pos + limit;
  while (pos < stop) {
    const char c = in[pos];
    if (c == ' ' || c == '\t') { ++pos; continue; }
    if (c == '\n') { ++line; ++pos; continue; }
    if (c == '\r') { if (pos + 1 >= n || in[pos + 1] != '\n') ++line; ++pos; continue; }
    break;
  }
  return pos - start;
}

// The escape at `pos` ('\\'), decoded into dest; false (after Fail) when it is not a valid escape.
bool TranscriptJsonReader::State::Escape() {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const size_t n = in.size();
  if (pos + 1 >= n) { Fail(n); return false; }
  char out = 0;
  switch (p[pos + 1]) {
    case '"': out = '"'; break;
    case '\\': out = '\\'; break;
    case '/': out = '/'; break;
    case 'b': out = '\b'; break;
    case 'f': out = '\f'; break;
    case 'n': out = '\n'; break;
    case 'r': out = '\r'; break;
    case 't': out = '\t'; break;
    case 'u': break;
    default: Fail(pos + 1); return false;
  }
  if (out) {
    if (dest) *dest += out;
    pos += 2;
    return true;
  }
  auto hex4 = [&](size_t at, long* v) {
    *v = 0;
    for (size_t k = at; k < at + 4; ++k) {
      if (k >= n) { Fail(n); return false; }
      const int h = HexValue(p[k]);
      if (h < 0) { Fail(k); return false; }
      *v = *v * 16 + h;
    }
    return true;
  };
  long cp;
  if (!hex4(pos + 2, &cp)) return false;
  size_t used = 6;
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    if (pos + 6 >= n) { Fail(n); return false; }
    if (p[pos + 6] != '\\') { Fail(pos + 6); return false; }
    if (pos + 7 >= n) { Fail(n); return false; }
    if (p[pos + 7] != 'u') { Fail(pos + 7); return false; }
    long low;
    if (!hex4(pos + 8, &low)) return false;
    if (low < 0xDC00 || low > 0xDFFF) { Fail(pos + 11); return false; }
    cp = ((cp - 0xD800) << 10) + (low - 0xDC00) + 0x10000;
    used = 12;
  } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
    Fail(pos + 5);
    return false;
  }
  if (dest) utf8::Append(*dest, (char32_t)cp);
  pos += used;
  return true;
}

size_t TranscriptJsonReader::State::ReadString(size_t limit) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const size_t start = pos, n = in.size();
  const size_t stop = limit >= n - pos ? n : pos + limit;
  size_t run = pos;   // in[run, pos) is plain text not yet copied to dest
  auto flush = [&]() {
    if (dest && pos > run) dest->append(in.data() + run, pos - run);
  };
  for (;;) {
    while (pos + 8 <= n && pos < stop) {   // plain ASCII runs, eight bytes at a time
      uint64_t w;
      std::memcpy(&w, p + pos, 8);
      if (MayEndJsonRun(w)) break;
      pos += 8;
    }
    if (pos >= stop && pos < n) { flush(); return pos - start; }   // goes on in the next step
    if (pos >= n) { flush(); Fail(n); return pos - start; }
    const unsigned char c = p[pos];
    if (c == '"') {
      flush();
      ++pos;
      token = kNoToken;
      EndString();
      return pos - start;
    }
    if (c == '\\') {
      flush();
      if (!Escape()) return pos - start;
      run = pos;
    } else if (c < 0x20) {
      flush();
      Fail(pos);
      return pos - start;
    } else if (c >= 0x80) {
      size_t bad = 0;
      const size_t len = JsonUtf8Length(p + pos, n - pos, &bad);
      if (!len) { flush(); Fail(pos + bad); return pos - start; }
      pos += len;
    } else {
      ++pos;
    }
    if (pos >= stop && pos < n) { flush(); return pos - start; }
  }
}

// Number states: 0 after '-', 1 after a leading '0', 2 in the integer digits, 3 after '.', 4 in the fraction,
// 5 after 'e', 6 after the exponent's sign, 7 in the exponent.
size_t TranscriptJsonReader::State::ReadNumber(size_t limit) {
  const size_t start = pos, n = in.size();
  const size_t stop = limit >= n - pos ? n : pos + limit;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (pos < stop) {
    const char c = in[pos];
    switch (number_state) {
      case 0:
        if (c == '0') number_state = 1;
        else if (digit(c)) number_state = 2;
        else { Fail(pos); return pos - start; }
        break;
      case 1: case 2: case 4:
        if (number_state == 2 && digit(c)) break;
        if (number_state == 4 && digit(c)) break;
        if (c == '.' && number_state != 4) { number_state = 3; number_is_integer = false; break; }
        if (c == 'e' || c == 'E') { number_state = 5; number_is_integer = false; break; }
        EndNumber();
        return pos - start;
      case 3:
        if (digit(c)) number_state = 4;
        else { Fail(pos); return pos - start; }
        break;
      case 5:
        if (c == '+' || c == '-') number_state = 6;
        else if (digit(c)) number_state = 7;
        else { Fail(pos); return pos - start; }
        break;
      case 6:
        if (digit(c)) number_state = 7;
        else { Fail(pos); return pos - start; }
        break;
      case 7:
        if (digit(c)) break;
        EndNumber();
        return pos - start;
    }
    ++pos;
  }
  if (pos >= n) {   // the text ends with the number
    if (number_state == 1 || number_state == 2 || number_state == 4 || number_state == 7) EndNumber();
    else Fail(n);
  }
  return pos - start;
}

void TranscriptJsonReader::State::EndNumber() {
  token = kNoToken;
  // nlohmann::json rejects a number too large for a double ("1e400"): only one with an exponent or over 300
  // digits can be.
  if (!number_is_integer || pos - number_start > 300) {
    const std::string_view t = in.substr(number_start, pos - number_start);
    if ((t.find_first_of("eE") != std::string_view::npos || t.size() > 300) && !std::isfinite(JsonNumberValue(t))) {
      Fail(pos);
      return;
    }
  }
  double* number = NumberSlot();
  std::string* str = StringSlot();
  if (number || str) {
    const std::string_view t = in.substr(number_start, pos - number_start);
    // As nlohmann::json reads numbers: an integer when it fits 64 bits (signed when negative), else a double.
    bool integer = false;
    long long i = 0;
    unsigned long long u = 0;
    const bool is_unsigned = t[0] != '-';
    if (number_is_integer && t.size() <= 18) {   // fits: no overflow to look for
      for (size_t k = is_unsigned ? 0 : 1; k < t.size(); ++k) u = u * 10 + (unsigned)(t[k] - '0');
      i = -(long long)u;
      integer = true;
    } else if (number_is_integer) {
      const std::string z(t);
      char* end = nullptr;
      errno = 0;
      if (!is_unsigned) i = std::strtoll(z.c_str(), &end, 10);
      else u = std::strtoull(z.c_str(), &end, 10);
      integer = errno == 0;
    }
    if (number) *number = !integer ? JsonNumberValue(t) : is_unsigned ? (double)u : (double)i;
    if (str) *str = !integer ? std::string() : std::to_string(is_unsigned ? (long long)u : i);
  } else {
    ScalarNotString();
  }
  slot = kNoSlot;
  AfterValue();
}

void TranscriptJsonReader::State::ScalarNotString() {
  switch (slot) {
    case kLanguage: has_language = false; break;
    case kText: has_text = false; break;
    default:
      if (double* d = NumberSlot()) *d = -1;
      if (std::string* s = StringSlot()) s->clear();
  }
}

void TranscriptJsonReader::State::EndString() {
  if (string_is_key) {
    stack.back().expect = kColon;
    if (stack.back().role == kSegment && (key == "body" || key == "startTime")) {
      segments.back().podcasting = true;
      podcasting = true;
    }
    return;
  }
  if (slot == kLanguage) has_language = true;
  else if (slot == kText) has_text = true;
  else if (double* d = NumberSlot()) {
    // As a string: a timestamp, or a number at its start.
    double t;
    char* end = nullptr;
    if (ParseTimestamp(scratch, &t)) *d = t;
    else {
      const double v = std::strtod(scratch.c_str(), &end);
      *d = end && end != scratch.c_str() ? v : -1;
    }
  }
  slot = kNoSlot;
  AfterValue();
}

void TranscriptJsonReader::State::BeginValue(unsigned char c) {
  Role child = kOther;
  slot = kNoSlot;
  if (stack.empty()) {
    if (c == '{') { child = kTopObject; top_object = true; }
    else if (c == '[') { child = kSegmentList; top_array = true; }
  } else {
    switch (stack.back().role) {
      case kTopObject:
        if (key == "segments") {
          segments.clear();
          podcasting = false;
          has_segments = c == '[';
          if (has_segments) child = kSegmentList;
        } else if (key == "language") slot = kLanguage;
        else if (key == "text") slot = kText;
        break;
      case kSegmentList:
        segments.emplace_back();
        if (c == '{') { segments.back().object = true; child = kSegment; }
        break;
      case kSegment:
        if (key == "start") slot = kStart;
        else if (key == "end") slot = kEnd;
        else if (key == "startTime") slot = kStartTime;
        else if (key == "endTime") slot = kEndTime;
        else if (key == "text") slot = kSegText;
        else if (key == "body") slot = kBody;
        else if (key == "speaker") slot = kSpeaker;
        break;
      default: break;
    }
  }
  const size_t n = in.size();
  switch (c) {
    case '{':
    case '[':
      ScalarNotString();
      slot = kNoSlot;
      stack.push_back({c == '{' ? kKeyOrEnd : kValueOrArrayEnd, child});
      ++pos;
      return;
    case '"':
      token = kString;
      string_is_key = false;
      dest = slot == kLanguage ? &language : slot == kText ? &text : NumberSlot() ? &scratch : StringSlot();
      if (dest) dest->clear();
      ++pos;
      return;
    case 't': case 'f': case 'n': {
      const char* lit = c == 't' ? "true" : c == 'f' ? "false" : "null";
      const size_t len = std::strlen(lit);
      for (size_t k = 1; k < len; ++k) {
        if (pos + k >= n) { Fail(n); return; }
        if (in[pos + k] != lit[k]) { Fail(pos + k); return; }
      }
      pos += len;
      ScalarNotString();
      slot = kNoSlot;
      AfterValue();
      return;
    }
    default:
      if (c == '-' || (c >= '0' && c <= '9')) {
        token = kNumber;
        number_start = pos;
        number_is_integer = true;
        number_state = c == '-' ? 0 : c == '0' ? 1 : 2;
        ++pos;
        return;
      }
      Fail(pos);
  }
}

bool TranscriptJsonReader::State::Step(size_t budget) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const size_t n = in.size();
  size_t used = 0;
  if (pos == 0 && n > 0 && p[0] == 0xEF) {   // a byte order mark, skipped as nlohmann::json does
    if (n < 2) { Fail(n); return true; }
    if (p[1] != 0xBB) { Fail(1); return true; }
    if (n < 3) { Fail(n); return true; }
    if (p[2] != 0xBF) { Fail(2); return true; }
    pos = 3;
  }
  while (!done) {
    if (used >= budget) return false;
    if (token == kString) { used += ReadString(budget - used) + 1; continue; }
    if (token == kNumber) { used += ReadNumber(budget - used) + 1; continue; }
    used += SkipSpace(budget - used);
    if (pos < n && (p[pos] == ' ' || p[pos] == '\t' || p[pos] == '\n' || p[pos] == '\r')) continue;   // budget spent
    ++used;
    if (pos >= n || p[pos] == 0) {   // nlohmann::json reads a NUL byte between tokens as the end of the text
      if (top_value_done) { done = valid = true; break; }
      Fail(n);
      break;
    }
    const unsigned char c = p[pos];
    if (top_value_done) { Fail(pos); break; }
    if (stack.empty()) { BeginValue(c); continue; }
    Frame& f = stack.back();
    switch (f.expect) {
      case kKeyOrEnd:
      case kKey:
        if (c == '}' && f.expect == kKeyOrEnd) { ++pos; stack.pop_back(); AfterValue(); break; }
        if (c != '"') { Fail(pos); break; }
        token = kString;
        string_is_key = true;
        dest = f.role == kTopObject || f.role == kSegment ? &key : nullptr;
        key.clear();
        ++pos;
        break;
      case kColon:
        if (c != ':') { Fail(pos); break; }
        ++pos;
        f.expect = kObjectValue;
        break;
      case kObjectValue:   // `key` still holds this value's key
        f.expect = kCommaOrObjectEnd;
        BeginValue(c);
        break;
      case kCommaOrObjectEnd:
        if (c == ',') { ++pos; f.expect = kKey; break; }
        if (c == '}') { ++pos; stack.pop_back(); AfterValue(); break; }
        Fail(pos);
        break;
      case kValueOrArrayEnd:
      case kValue:
        if (c == ']' && f.expect == kValueOrArrayEnd) { ++pos; stack.pop_back(); AfterValue(); break; }
        f.expect = kCommaOrArrayEnd;
        BeginValue(c);
        break;
      case kCommaOrArrayEnd:
        if (c == ',') { ++pos; f.expect = kValue; break; }
        if (c == ']') { ++pos; stack.pop_back(); AfterValue(); break; }
        Fail(pos);
        break;
    }
  }
  return true;
}

TranscriptJsonReader::TranscriptJsonReader(std::string_view json) : s_(std::make_unique<State>()) { s_->in = json; }
TranscriptJsonReader::~TranscriptJsonReader() = default;
bool TranscriptJsonReader::Step(size_t budget) { return s_->done || s_->Step(budget); }
double TranscriptJsonReader::Progress() const {
  return s_->done || s_->in.empty() ? 1 : (double)s_->pos / (double)s_->in.size();
}
bool TranscriptJsonReader::Valid() const { return s_->done && s_->valid; }
int TranscriptJsonReader::ErrorLine() const { return s_->error_line; }
bool TranscriptJsonReader::HasSegments() const { return Valid() && (s_->top_array || s_->has_segments); }
bool TranscriptJsonReader::TopLevelObject() const { return s_->top_object; }
bool TranscriptJsonReader::Podcasting() const { return s_->podcasting; }
const std::string* TranscriptJsonReader::Language() const { return s_->has_language ? &s_->language : nullptr; }
const std::string* TranscriptJsonReader::Text() const { return s_->has_text ? &s_->text : nullptr; }
std::vector<JsonSegment>& TranscriptJsonReader::Segments() { return s_->segments; }


// ---------------------------------------------------------------------------------------------- detection

namespace {
// The first line, or its first 256 bytes: enough to recognise a signature or a timing line.
std::string_view FirstLine(std::string_view t) {
  size_t e = 0;
  while (e < t.size() && e < 256 && t[e] != '\n' && t[e] != '\r') ++e;
  return t.substr(0, e);
}
bool StartsWithSbvTiming(std::string_view t) {
  double a, b;
  return ParseSbvTiming(FirstLine(t), &a, &b);
}
// An SRT timing line ("00:00:01,000 --> 00:00:02,000", or Whisper's "[00:00.000 --> 00:04.560] text"); a
// "-->" in prose or an HTML comment is not one.
bool HasSubtitleTimingLine(std::string_view probe) {
  for (std::string_view line : text::SplitLines(probe)) {
    if (line.find("-->") == std::string_view::npos) continue;
    line = Trim(line);
    if (!line.empty() && line[0] == '[') {
      const size_t close = line.find(']');
      if (close != std::string_view::npos) line = line.substr(1, close - 1);
    }
    double a, b;
    if (ParseTimingLine(line, &a, &b)) return true;
  }
  return false;
}
}  // namespace

// Formats recognisable from their first bytes; line-based formats (plain/speaker/timestamped) are told
// apart by ParseLines itself. Returns false for those.
// A JSON transcript is read whole to recognise it: its cues and language land in *json and *json_meta.
// With `reader` (the text read by TranscriptJsonReader) only the format and language are taken: the cues come
// from the reader's segments a slice at a time.
static bool DetectContainerFormat(std::string_view t, TranscriptFormat* f, Collector* json, TranscriptMeta* json_meta,
                                  const TranscriptJsonReader* reader) {
  t = Trim(t);
  if (webvtt::LooksLikeSignature(FirstLine(t))) { *f = TranscriptFormat::Vtt; return true; }
  if (!t.empty() && (t[0] == '{' || t[0] == '[')) {
    if (reader ? JsonTranscriptFormat(*reader, f, json_meta) : ParseJson(t, *json, f, json_meta)) return true;
    *json = Collector();
  }
  if (LooksLikeXmlCaptions(t)) { *f = TranscriptFormat::XmlCaptions; return true; }
  if (StartsWithSbvTiming(t)) { *f = TranscriptFormat::Sbv; return true; }
  if (HasSubtitleTimingLine(t.substr(0, std::min<size_t>(t.size(), 4096)))) { *f = TranscriptFormat::Srt; return true; }
  return false;
}

// ---------------------------------------------------------------------------------------------- exporter headers and footers

namespace {

// Lines of a text by position, for looking at its first and last lines only.
struct PlacedLine {
  size_t offset = 0;       // byte offset in the text
  std::string_view text;   // trimmed
  int number = 0;          // 1-based line number
};

std::vector<PlacedLine> HeadLines(std::string_view text, size_t max_lines) {
  std::vector<PlacedLine> out;
  const std::string_view head = text.substr(0, std::min<size_t>(text.size(), 32768));
  text::LineCursor cursor(head);
  std::string_view line;
  int number = 0;
  while (out.size() < max_lines && cursor.Next(&line)) {
    ++number;
    if (cursor.Position() >= head.size() && head.size() < text.size()) break;   // cut by the window
    out.push_back({(size_t)(line.data() - text.data()), Trim(line), number});
  }
  return out;
}

// The last `max_lines` lines that are not blank, last first; numbers are counted from the end (0 = last line).
// Lines ending in the last 8 KB are looked at; a line that starts more than 16 KB before the end is not taken
// (nor any before it): footers are short, and a text of one long line is not walked back whole.
std::vector<PlacedLine> TailLines(std::string_view text, size_t max_lines) {
  std::vector<PlacedLine> out;
  size_t end = text.size();
  int from_end = 0;
  constexpr size_t kWindow = 8192;
  while (out.size() < max_lines && end > 0 && text.size() - end < kWindow) {
    size_t start = end;
    while (start > 0 && text[start - 1] != '\n' && text[start - 1] != '\r' && text.size() - start < 2 * kWindow) --start;
    if (start > 0 && text[start - 1] != '\n' && text[start - 1] != '\r') break;   // cut by the window
    std::string_view line = Trim(text.substr(start, end - start));
    if (!line.empty()) out.push_back({start, line, from_end});
    ++from_end;
    if (start == 0) break;
    end = start - 1;
    if (end > 0 && text[end] == '\n' && text[end - 1] == '\r') --end;
  }
  return out;
}

// Overwrites a line's bytes with spaces: it reads as blank and every later line keeps its number.
void BlankLine(std::string& text, const PlacedLine& l) {
  size_t e = l.offset;
  while (e < text.size() && text[e] != '\n' && text[e] != '\r') text[e++] = ' ';
}

bool LineIs(std::string_view line, std::initializer_list<std::string_view> options) {
  for (std::string_view o : options)
    if (line == o) return true;
  return false;
}

// The text of a Markdown heading line ("## Summary" -> "Summary"), or "" when it is not one.
std::string_view HeadingText(std::string_view line) {
  size_t level = 0;
  while (level < line.size() && line[level] == '#') ++level;
  if (level == 0 || level > 6 || level >= line.size() || (line[level] != ' ' && line[level] != '\t')) return {};
  return Trim(line.substr(level));
}

// "45 min", "45分钟 12秒", "1 h 5 min", "00:07:12": seconds, or -1.
double StatedDurationSeconds(std::string_view s) {
  s = Trim(s);
  double t;
  if (ParseTimestamp(s, &t)) return t;
  double total = 0;
  bool any = false;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] < '0' || s[i] > '9') { ++i; continue; }
    double v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0');
    while (i < s.size() && s[i] == ' ') ++i;
    const std::string_view unit = s.substr(i);
    double scale = 0;
    if (StartsWith(unit, "h") || StartsWith(unit, "小时") || StartsWith(unit, "時間")) scale = 3600;
    else if (StartsWith(unit, "m") || StartsWith(unit, "分")) scale = 60;
    else if (StartsWith(unit, "s") || StartsWith(unit, "秒")) scale = 1;
    if (scale == 0) return -1;
    total += v * scale;
    any = true;
  }
  return any ? total : -1;
}

// Exporter footers: the last line(s) an exporting tool appends after the conversation.
bool TakeExporterFooter(std::string_view line, TranscriptMeta* meta, std::string* what) {
  const std::string low = text::ToLowerAscii(line.substr(0, std::min<size_t>(line.size(), 80)));
  if (StartsWith(low, "transcribed by") && low.find("otter") != std::string::npos) {   // Otter.ai
    meta->fields.emplace_back("source", std::string(line));
    *what = "Otter's footer";
    return true;
  }
  if (line.find("由AI生成") != std::string_view::npos || line.find("由 AI 生成") != std::string_view::npos) {   // 讯飞听见 and others
    meta->fields.emplace_back("notice", std::string(line));
    *what = "the AI-generated notice";
    return true;
  }
  if (text::EndsWith(line, " stopped transcription") && line.size() < 100) {   // Microsoft Teams (.docx)
    meta->fields.emplace_back("transcription", std::string(line));
    *what = "Teams' end of transcription";
    return true;
  }
  if (StartsWith(line, "Meeting ended after ")) {   // Google Meet
    std::string_view rest = Trim(line.substr(20));
    const size_t sp = rest.find(' ');
    meta->fields.emplace_back("duration", std::string(sp == std::string_view::npos ? rest : rest.substr(0, sp)));
    *what = "Google Meet's footer";
    return true;
  }
  return false;
}

// Sections of a Markdown export that come before its transcript and are not said in it.
bool IsAsideSection(std::string_view heading) {
  const std::string low = text::ToLowerAscii(heading);
  static const char* kAside[] = {"summary", "speakers", "participants", "attendees", "notes", "action items",
                                 "key points", "key takeaways", "highlights", "chapters", "outline", "overview",
                                 "keywords", "智能总结", "总结", "摘要", "要点", "章节", "发言人", "关键词",
                                 "会议纪要", "待办", "全文概要", "概要"};
  for (const char* k : kAside)
    if (low == k) return true;
  return false;
}

bool IsTranscriptHeading(std::string_view heading) {
  const std::string low = text::ToLowerAscii(heading);
  static const char* kTranscript[] = {"transcript", "transcription", "full transcript", "逐字稿", "文字记录", "转写",
                                      "转录", "原文", "文字稿"};
  for (const char* k : kTranscript)
    if (low == k) return true;
  return false;
}

}  // namespace

// What exporting tools put around the conversation, recognised by their known marker lines only: Otter's,
// 讯飞's, Teams' and Google Meet's footers; Google Meet's, Teams', 飞书妙记's and Plaud's header blocks; summary and speaker
// list sections before a "Transcript" heading. Those lines become transcript details (meta) and are blanked
// (line numbers stay); a note says what was set aside. Only the first and last lines are looked at.
static void SetAsideExporterBlocks(std::string& text, TranscriptMeta* meta, std::vector<std::string>* warnings) {
  std::vector<std::string> parts;
  bool exporter = false;
  // Footers.
  for (int k = 0; k < 3; ++k) {
    std::vector<PlacedLine> tail = TailLines(text, 1);
    if (tail.empty()) break;
    std::string what;
    if (!TakeExporterFooter(tail[0].text, meta, &what)) break;
    const int line = 1 + (int)std::count(text.begin(), text.begin() + (long)tail[0].offset, '\n');   // only when a footer is found
    parts.push_back(what + " \xE2\x80\x9C" + std::string(tail[0].text) + "\xE2\x80\x9D (line " + std::to_string(line) + ")");
    BlankLine(text, tail[0]);
    exporter = true;
  }
  std::vector<PlacedLine> head = HeadLines(text, 200);
  std::vector<const PlacedLine*> lines;   // the non-blank ones
  for (const PlacedLine& l : head)
    if (!l.text.empty()) lines.push_back(&l);
  auto blank_through = [&](size_t last) {
    for (size_t k = 0; k <= last && k < lines.size(); ++k) BlankLine(text, *lines[k]);
  };
  auto line_range = [&](size_t first, size_t last) {
    if (lines[first]->number == lines[last]->number) return "line " + std::to_string(lines[first]->number);
    return "lines " + std::to_string(lines[first]->number) + "\xE2\x80\x93" + std::to_string(lines[last]->number);
  };
  // Google Meet: title line, "Attendees", the names, "Transcript".
  if (lines.size() >= 3) {
    size_t attendees = SIZE_MAX, transcript = SIZE_MAX;
    for (size_t k = 0; k < std::min<size_t>(lines.size(), 4) && attendees == SIZE_MAX; ++k)
      if (lines[k]->text == "Attendees") attendees = k;
    for (size_t k = attendees == SIZE_MAX ? lines.size() : attendees + 1; k < lines.size() && k < attendees + 30; ++k)
      if (lines[k]->text == "Transcript") { transcript = k; break; }
    if (transcript != SIZE_MAX) {
      if (attendees > 0) {
        std::string title(lines[0]->text);
        if (text::EndsWith(title, " - Transcript")) title.resize(title.size() - 13);
        const size_t open = title.rfind(" (");
        if (open != std::string::npos && title.back() == ')') {
          std::string date = title.substr(open + 2, title.size() - open - 3);
          if (meta->date.empty()) meta->date = date;
          meta->fields.emplace_back("date", date);
          title.resize(open);
        }
        if (meta->title.empty()) meta->title = title;
        meta->fields.emplace_back("title", title);
      }
      std::string names;
      for (size_t k = attendees + 1; k < transcript; ++k) names += (names.empty() ? "" : ", ") + std::string(lines[k]->text);
      meta->fields.emplace_back("attendees", names);
      parts.push_back("Google Meet's header (" + line_range(0, transcript) + ")");
      blank_through(transcript);
      exporter = true;
      head.clear();
      lines.clear();
    }
  }
  // 飞书妙记: title, "date|duration", "关键词:" and its words, then "文字记录:".
  for (size_t k = 0; k < lines.size() && k < 12; ++k) {
    if (!LineIs(lines[k]->text, {"文字记录:", "文字记录：", "文字记录"})) continue;
    for (size_t j = 0; j < k; ++j) {
      std::string_view l = lines[j]->text;
      if (LineIs(l, {"关键词:", "关键词：", "关键词"})) {
        std::string words;
        while (j + 1 < k) words += (words.empty() ? "" : " ") + std::string(lines[++j]->text);
        meta->fields.emplace_back("keywords", words);
      } else if (j == 0) {
        if (meta->title.empty()) meta->title = std::string(l);
        meta->fields.emplace_back("title", std::string(l));
      } else if (l.find('|') != std::string_view::npos) {
        const size_t bar = l.find('|');
        const std::string date(Trim(l.substr(0, bar)));
        if (meta->date.empty()) meta->date = date;
        meta->fields.emplace_back("date", date);
        meta->fields.emplace_back("duration", std::string(Trim(l.substr(bar + 1))));
      } else {
        meta->fields.emplace_back("header", std::string(l));
      }
    }
    parts.push_back("飞书妙记's header (" + line_range(0, k) + ")");
    blank_through(k);
    exporter = true;
    lines.clear();
    break;
  }
  // Microsoft Teams (.docx copied as text): the recording's title, its date, its length ("45m 12s"), then
  // "Jane Doe started transcription".
  for (size_t k = 0; k < lines.size() && k < 5; ++k) {
    if (!text::EndsWith(lines[k]->text, " started transcription") || lines[k]->text.size() > 100) continue;
    for (size_t j = 0; j < k; ++j) {
      const std::string l(lines[j]->text);
      if (StatedDurationSeconds(l) > 0) meta->fields.emplace_back("duration", l);
      else if (j == 0 && k >= 2) {
        if (meta->title.empty()) meta->title = l;
        meta->fields.emplace_back("title", l);
      } else if (l.find_first_of("0123456789") != std::string::npos) {
        if (meta->date.empty()) meta->date = l;
        meta->fields.emplace_back("date", l);
      } else {
        meta->fields.emplace_back("header", l);
      }
    }
    meta->fields.emplace_back("transcription", std::string(lines[k]->text));
    parts.push_back("Teams' header (" + line_range(0, k) + ")");
    blank_through(k);
    lines.erase(lines.begin(), lines.begin() + (long)k + 1);
    exporter = true;
    break;
  }
  // Plaud-style mail: "Title:", "Recorded on:", "Duration:" lines at the top.
  if (lines.size() >= 2 && StartsWith(lines[0]->text, "Title:")) {
    size_t n = 1;
    bool known = false;
    while (n < lines.size() && n < 8 && lines[n]->number == lines[n - 1]->number + 1) {
      std::string_view l = lines[n]->text;
      const bool recorded = StartsWith(l, "Recorded on:") || StartsWith(l, "Recorded:") || StartsWith(l, "Date:");
      const bool duration = StartsWith(l, "Duration:");
      if (!recorded && !duration) break;
      known = true;
      ++n;
    }
    if (known) {
      for (size_t k = 0; k < n; ++k) {
        std::string key, value;
        const std::string_view l = lines[k]->text;
        const size_t colon = l.find(':');
        key = text::ToLowerAscii(Trim(l.substr(0, colon)));
        value = std::string(Trim(l.substr(colon + 1)));
        if (key == "title" && meta->title.empty()) meta->title = value;
        if ((key == "recorded on" || key == "recorded" || key == "date") && meta->date.empty()) meta->date = value;
        meta->fields.emplace_back(key, value);
      }
      parts.push_back("the recording's header (" + line_range(0, n - 1) + ")");
      for (size_t k = 0; k < n; ++k) BlankLine(text, *lines[k]);
      lines.erase(lines.begin(), lines.begin() + (long)n);
      exporter = true;
    }
  }
  // A video page's transcript panel copied with its heading and search box (YouTube: "Transcript", "Search in video"),
  // the first time ("0:00") right below.
  {
    size_t n = 0;
    while (n < lines.size() && n < 3 && lines[n]->number == (n ? lines[n - 1]->number + 1 : lines[n]->number) &&
           LineIs(lines[n]->text, {"Transcript", "Search in video", "Search transcript", "\xE5\x9C\xA8\xE8\xA7\x86\xE9\xA2\x91\xE4\xB8\xAD\xE6\x90\x9C\xE7\xB4\xA2",
                                   "\xE8\xBD\xAC\xE5\x86\x99\xE6\x96\x87\xE7\xA8\xBF", "\xE6\x96\x87\xE5\xAD\x97\xE8\xAE\xB0\xE5\xBD\x95"}))   // 在视频中搜索 转写文稿 文字记录
      ++n;
    auto is_time = [&](size_t k) {
      double t;
      return k < lines.size() && !lines[k]->text.empty() && lines[k]->text[0] >= '0' && lines[k]->text[0] <= '9' &&
             ParseTimestamp(lines[k]->text, &t);
    };
    // A video with chapters: the first chapter's title comes between the heading and the first time.
    if (n > 0 && (is_time(n) || is_time(n + 1))) {
      std::string chrome;
      for (size_t k = 0; k < n; ++k) chrome += (k ? " \xC2\xB7 " : "") + std::string(lines[k]->text);
      meta->fields.emplace_back("header", chrome);
      parts.push_back("the transcript panel's heading (" + line_range(0, n - 1) + ")");
      for (size_t k = 0; k < n; ++k) BlankLine(text, *lines[k]);
      lines.erase(lines.begin(), lines.begin() + (long)n);
      exporter = true;
    }
  }
  // Summary, speaker list and similar sections before a "Transcript" heading.
  size_t transcript_heading = 0;   // none: no section is set aside
  for (size_t k = 0; k < lines.size(); ++k)
    if (IsTranscriptHeading(HeadingText(lines[k]->text))) { transcript_heading = k; break; }
  for (size_t k = 0; k < transcript_heading; ++k) {
    const std::string_view heading = HeadingText(lines[k]->text);
    if (heading.empty() || !IsAsideSection(heading)) continue;
    size_t end = k + 1;
    while (end < transcript_heading && HeadingText(lines[end]->text).empty()) ++end;
    if (end == k + 1) continue;
    std::string body;
    for (size_t j = k + 1; j < end; ++j) {
      body += body.empty() ? "" : "\n";
      body += lines[j]->text;
      BlankLine(text, *lines[j]);
    }
    meta->fields.emplace_back(text::ToLowerAscii(heading), body);
    parts.push_back("the \xE2\x80\x9C" + std::string(heading) + "\xE2\x80\x9D section (" + line_range(k + 1, end - 1) + ")");
    exporter = true;
  }
  // A title line right above the first "Name  00:00" header of an exported file (讯飞听见).
  if (exporter && meta->title.empty()) {
    head = HeadLines(text, 4);
    std::vector<const PlacedLine*> first;
    for (const PlacedLine& l : head)
      if (!l.text.empty()) first.push_back(&l);
    std::string label;
    double t;
    if (first.size() >= 2 && first[1]->number == first[0]->number + 1 && HeadingText(first[0]->text).empty() &&
        !TakeHeaderLine(first[0]->text, &label, &t) && TakeHeaderLine(first[1]->text, &label, &t) &&
        first[0]->text.find(':') == std::string_view::npos && utf8::CountCodePoints(first[0]->text) <= 60) {
      meta->title = std::string(first[0]->text);
      meta->fields.emplace_back("title", meta->title);
      parts.push_back("the title line (line " + std::to_string(first[0]->number) + ")");
      BlankLine(text, *first[0]);
    }
  }
  if (parts.empty()) return;
  std::string note = "Set aside as transcript details, not speech: ";
  for (size_t k = 0; k < parts.size(); ++k) note += (k ? "; " : "") + parts[k];
  warnings->push_back(note + ".");
}

// A duration the source states ("Meeting ended after 00:07:12", "Duration: 45 min") when it is longer than
// the turns' times show (the last turn's end is often not written).
static void UseStatedDuration(TranscriptMeta* meta) {
  for (const auto& f : meta->fields) {
    if (f.first != "duration") continue;
    const double d = StatedDurationSeconds(f.second);
    if (d > meta->duration_sec) meta->duration_sec = d;
    return;
  }
}

// ---------------------------------------------------------------------------------------------- document metadata

namespace {

bool IsMediaFileName(std::string_view s) {
  static const char* kExt[] = {".wav", ".mp3", ".m4a", ".mp4", ".aac", ".flac", ".ogg", ".opus", ".webm", ".mov", ".mkv"};
  const std::string low = text::ToLowerAscii(Trim(s));
  for (const char* e : kExt)
    if (text::EndsWith(low, e)) return true;
  return false;
}

// "key: value" or "key：value".
bool SplitKeyValue(std::string_view s, std::string* key, std::string* value) {
  size_t colon = s.find(':'), len = 1;
  const size_t full = s.find("\xEF\xBC\x9A");
  if (full != std::string_view::npos && (colon == std::string_view::npos || full < colon)) { colon = full; len = 3; }
  if (colon == std::string_view::npos || colon == 0) return false;
  *key = std::string(Trim(s.substr(0, colon)));
  *value = std::string(Trim(s.substr(colon + len)));
  return !key->empty();
}

void UseField(TranscriptMeta* meta, const std::string& key, const std::string& value) {
  const std::string k = text::ToLowerAscii(key);
  if (value.empty()) return;
  if ((k == "title" || k == "标题" || k == "episode") && meta->title.empty()) meta->title = value;
  else if ((k == "date" || k == "recorded" || k == "published" || k == "日期") && meta->date.empty()) meta->date = value;
  else if ((k == "source" || k == "url" || k == "link" || k == "source_url" || k == "video url" || k == "链接") &&
           meta->source_url.empty() && (StartsWith(value, "http://") || StartsWith(value, "https://")))
    meta->source_url = value;
}

// Markdown exports that head each turn with a heading, "## Host [00:00:03]" or "## [00:00:03] Host", the text below:
// for each such line the header it stands for, name first ("Host [00:00:03]", read as a turn header), "" for every
// other line. Headings
// with a name and a time are turn headers only when there are two or more and a name comes back or is a generic
// speaker label ("Speaker 1", "Host", "说话人1"): chapter headings with times ("## Why Rust [05:00]") name each
// part once.
std::vector<std::string> SpeakerHeadings(const std::vector<std::string_view>& lines) {
  std::vector<std::string> out(lines.size());
  std::vector<std::string> labels;
  bool repeated = false, generic = false;
  for (size_t k = 0; k < lines.size(); ++k) {
    const std::string_view heading = HeadingText(Trim(lines[k]));
    std::string label, role;
    double t;
    std::string_view rest;
    if (heading.empty()) continue;
    if (TakeHeaderLine(heading, &label, &t)) {
      out[k] = std::string(heading);
    } else if (heading[0] == '[' && TakeLeadingTimestamp(heading, &t, &rest) && TakeTimedNameHeader(rest, "x", &label, &role)) {
      const std::string_view time = heading.substr(0, heading.find(']') + 1);
      if (rest.data() < time.data() + time.size()) continue;
      out[k] = std::string(rest) + " " + std::string(time);
    } else {
      continue;
    }
    repeated |= std::find(labels.begin(), labels.end(), label) != labels.end();
    const std::string low = text::ToLowerAscii(label);
    for (std::string_view role : kRoles) generic |= low == role;
    generic |= StartsWith(low, "speaker") || StartsWith(label, "\xE8\xAF\xB4\xE8\xAF\x9D\xE4\xBA\xBA") ||
               StartsWith(label, "\xE5\x8F\x91\xE8\xA8\x80\xE4\xBA\xBA");   // 说话人, 发言人
    labels.push_back(std::move(label));
  }
  if (labels.size() < 2 || (!repeated && !generic)) std::fill(out.begin(), out.end(), std::string());
  return out;
}

}  // namespace

// Markdown exports open with YAML front matter and use headings ("# 转录：file.wav"); both describe the
// transcript rather than being said in it. They move to meta (and warnings say so); the lines they held are
// left empty so line numbers in later warnings still match the input.
static void ExtractDocumentMetadata(std::string& text, TranscriptMeta* meta, std::vector<std::string>* warnings) {
  // Most transcripts have neither front matter nor a '#' anywhere: then one scan for '#' is all it costs.
  {
    size_t k = 0;
    while (k < text.size() && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' || text[k] == '\r')) ++k;
    if (text.compare(k, 3, "---") != 0 && text::FindByte(text, '#') == std::string_view::npos) return;
  }
  std::vector<std::string_view> lines = text::SplitLines(text);
  std::vector<bool> drop(lines.size(), false);
  size_t first = 0;
  while (first < lines.size() && Trim(lines[first]).empty()) ++first;
  int front_matter_end = -1;
  if (first < lines.size() && Trim(lines[first]) == "---") {
    for (size_t k = first + 1; k < lines.size() && k < first + 200; ++k) {
      std::string_view s = Trim(lines[k]);
      if (s == "---" || s == "...") { front_matter_end = (int)k; break; }
    }
  }
  int fields = 0, headings = 0;
  const std::vector<std::string> turn_headings = SpeakerHeadings(lines);
  if (front_matter_end >= 0) {
    std::string list_key;
    for (size_t k = first; k <= (size_t)front_matter_end; ++k) {
      drop[k] = true;
      std::string_view s = Trim(lines[k]);
      if (k == first || (int)k == front_matter_end || s.empty() || s[0] == '#') continue;
      std::string key, value;
      if (StartsWith(s, "- ") && !list_key.empty() && !meta->fields.empty()) {   // YAML list item
        std::string& v = meta->fields.back().second;
        v += v.empty() ? "" : ", ";
        v += std::string(Trim(s.substr(2)));
        continue;
      }
      if (!SplitKeyValue(s, &key, &value)) continue;
      if (value.size() >= 2 && (value[0] == '"' || value[0] == '\'') && value.back() == value[0]) value = value.substr(1, value.size() - 2);
      list_key = value.empty() ? key : "";
      UseField(meta, key, value);
      meta->fields.emplace_back(key, value);
      ++fields;
    }
    warnings->push_back(LineRef((int)first + 1) + "front matter (" + std::to_string(fields) + " field" + (fields == 1 ? "" : "s") +
                        ") was read as transcript details, not speech.");
  }
  for (size_t k = 0; k < lines.size(); ++k) {
    if (drop[k] || !turn_headings[k].empty()) continue;
    std::string_view s = Trim(lines[k]);
    size_t level = 0;
    while (level < s.size() && s[level] == '#') ++level;
    if (level == 0 || level > 6 || level >= s.size() || (s[level] != ' ' && s[level] != '\t')) continue;
    std::string heading(Trim(s.substr(level)));
    drop[k] = true;
    ++headings;
    meta->fields.emplace_back("heading", heading);
    std::string key, value;
    if (SplitKeyValue(heading, &key, &value) && IsMediaFileName(value)) meta->fields.emplace_back("file", value);
    else if (level == 1 && meta->title.empty() && !IsMediaFileName(heading) && !IsAsideSection(heading) &&
             !IsTranscriptHeading(heading))
      meta->title = heading;
  }
  if (headings)
    warnings->push_back(std::to_string(headings) + " Markdown heading" + (headings == 1 ? " was" : "s were") +
                        " read as transcript details, not speech.");
  const bool any_turn_heading = std::any_of(turn_headings.begin(), turn_headings.end(), [](const std::string& h) { return !h.empty(); });
  if (front_matter_end < 0 && headings == 0 && !any_turn_heading) return;
  std::string out;
  out.reserve(text.size());
  for (size_t k = 0; k < lines.size(); ++k) {
    if (!turn_headings[k].empty()) out += turn_headings[k];
    else if (!drop[k]) out.append(lines[k].data(), lines[k].size());
    out += '\n';
  }
  text = std::move(out);
}

// ---------------------------------------------------------------------------------------------- binary input

// Share of code points no text contains: U+FFFD, control characters other than tab/LF/CR/FF, C1 controls.
static std::string BinaryWarning(std::string_view raw, std::string_view clean) {
  const char* kind = FileKindFromMagic(raw);
  if (!kind) kind = FileKindFromMagic(clean);
  size_t odd = 0, total = 0;
  for (size_t i = 0; i < clean.size() && total < 65536;) {
    const unsigned char b = (unsigned char)clean[i];
    const char32_t c = b < 0x80 ? (char32_t)(++i, b) : utf8::Decode(clean, i);
    ++total;
    odd += c == 0xFFFD || (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || (c >= 0x7F && c <= 0x9F);
  }
  if (!kind && !(total >= 16 && odd * 10 > total)) return "";
  return std::string("This looks like binary data") + (kind ? std::string(" (") + kind + ")" : std::string()) +
         " rather than a text transcript; check the file you chose.";
}

// ---------------------------------------------------------------------------------------------- Transcript

const Speaker* Transcript::FindSpeaker(std::string_view label) const {
  for (const Speaker& s : speakers)
    if (s.label == label) return &s;
  for (const Speaker& s : speakers)   // "Host" finds the speaker it was merged into
    for (const std::string& a : s.aliases)
      if (a == label) return &s;
  return nullptr;
}

std::string Transcript::DisplayName(std::string_view label) const {
  const Speaker* s = FindSpeaker(label);
  if (s && !s->name.empty()) return s->name;
  return std::string(label);
}

bool Transcript::RenameSpeaker(std::string_view label, std::string_view name, std::string_view role) {
  for (Speaker& s : speakers) {
    if (s.label != label) continue;
    std::string_view n = Trim(name);
    s.name = n.empty() ? s.label : std::string(n);
    s.role = std::string(role);
    return true;
  }
  return false;
}

size_t Transcript::TextBytes() const {
  size_t n = 0;
  for (const Turn& t : turns) n += t.text.size();
  return n;
}

namespace {

// 1-based line of a byte offset (LF, CRLF and lone CR each end a line).
int LineOfOffset(std::string_view s, size_t off) {
  int line = 1;
  for (size_t i = 0; i < off && i < s.size(); ++i)
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= s.size() || s[i + 1] != '\n'))) ++line;
  return line;
}

// Advances *i to just after the next sentence end of s (a '.', '!' or '?' followed by a space or the end of s, or
// CJK end punctuation), looking no further than `limit`: false when there is none before it.
bool FindSentenceEnd(std::string_view s, size_t* i, size_t limit) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto has_zero = [](uint64_t x) { return ((x - kOnes) & ~x & kHigh) != 0; };
  while (*i < limit) {
    // Most bytes are ASCII other than . ! ?: eight at a time.
    if (*i + 8 <= limit) {
      uint64_t w;
      std::memcpy(&w, p + *i, 8);
      if (!(w & kHigh) && !has_zero(w ^ (kOnes * '.')) && !has_zero(w ^ (kOnes * '!')) && !has_zero(w ^ (kOnes * '?'))) {
        *i += 8;
        continue;
      }
    }
    const unsigned char b = p[*i];
    if (b < 0x80 && b != '.' && b != '!' && b != '?') { ++*i; continue; }   // the common case, no decoding
    const char32_t c = utf8::Decode(s, *i);
    const bool end = c == '.' || c == '!' || c == '?' || c == U'。' || c == U'！' || c == U'？' || c == U'…';
    if (end && (*i >= s.size() || s[*i] == ' ' || c > 0x7F)) return true;
  }
  return false;
}

// The sentences of s (keeping their punctuation) one at a time: the next one after *start / *i (where the last
// one ended / where the search goes on), or false after the last.
bool NextSentence(std::string_view s, size_t* start, size_t* i, std::string_view* sentence) {
  while (FindSentenceEnd(s, i, s.size())) {
    std::string_view piece = Trim(s.substr(*start, *i - *start));
    *start = *i;
    if (!piece.empty()) { *sentence = piece; return true; }
  }
  if (*start >= s.size()) return false;
  *sentence = Trim(s.substr(*start));
  *start = s.size();
  return !sentence->empty();
}

// Splits text into sentences (keeping their punctuation).
std::vector<std::string> Sentences(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0, i = 0;
  for (std::string_view sentence; NextSentence(s, &start, &i, &sentence);) out.emplace_back(sentence);
  return out;
}

// The last space at or before `end` in the second half of the piece s[pos, pos + max_bytes), else `end`
// (looked for in that half only: a text without spaces is not searched back to its start for each piece).
size_t SpaceToCutAt(std::string_view s, size_t pos, size_t end, size_t max_bytes) {
  for (size_t k = end; k > pos + max_bytes / 2; --k)
    if (s[k] == ' ') return k;
  return end;
}

// Hard cut for a "sentence" that alone exceeds the budget (no punctuation at all): at code point
// boundaries, preferring spaces.
std::vector<std::string> HardSplit(const std::string& s, size_t max_bytes) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t end = std::min(s.size(), pos + max_bytes);
    if (end < s.size()) {
      end = SpaceToCutAt(s, pos, end, max_bytes);
      while (end > pos && end < s.size() && ((unsigned char)s[end] & 0xC0) == 0x80) --end;
      if (end == pos) end = std::min(s.size(), pos + max_bytes);
    }
    std::string_view piece = Trim(std::string_view(s).substr(pos, end - pos));
    if (!piece.empty()) out.emplace_back(piece);
    pos = end;
  }
  return out;
}

// Paragraph size for text that arrives without paragraphs: about 120-180 words or 250 Chinese characters.
constexpr int kParagraphTokens = 200;
// Unlabelled text longer than this is divided into paragraphs.
constexpr int kSplitUnlabelledTokens = 300;

// Sentences grouped into paragraphs of about `target` tokens; a sentence over the budget is cut at spaces.
// Resumable: Step looks at about `budget` bytes of the text, also inside a sentence that goes on for megabytes
// (one cut at spaces is divided as it is read, into the pieces HardSplit makes of it).
struct ParagraphSplitter {
  ParagraphSplitter(std::string_view text, int target) : text(text), target(target) {
    const std::string_view trimmed = Trim(text);
    text_end = (size_t)(trimmed.data() - text.data()) + trimmed.size();
  }
  std::string_view text;
  int target;
  size_t text_end = 0;          // the end of the text without its trailing spaces
  size_t start = 0, i = 0;      // the open sentence starts at `start`; the search for its end has reached i
  size_t cut = std::string_view::npos;   // the open sentence is being cut at spaces: where its next piece starts
  bool has_sentence_end = false;   // a sentence end before the text's last character (else it is cut at spaces only)
  std::string acc;
  int acc_tokens = 0;
  std::vector<std::string> out;

  void Add(std::string_view p, int tokens) {
    if (!acc.empty() && acc_tokens + tokens > target) {
      out.push_back(std::move(acc));
      acc.clear();
      acc_tokens = 0;
    }
    text::AppendJoined(acc, p);
    acc_tokens += tokens;
  }
  // The sentence text[start, end) is complete.
  void EndSentence(size_t end) {
    const std::string_view sentence = Trim(text.substr(start, end - start));
    start = end;
    if (cut != std::string_view::npos) {
      const size_t sentence_end = (size_t)(sentence.data() - text.data()) + sentence.size();
      const size_t from = cut;
      cut = std::string_view::npos;
      for (const std::string& p : HardSplit(std::string(text.substr(from, sentence_end - from)), (size_t)target * 3))
        Add(p, EstimateTokens(p));
      return;
    }
    if (sentence.empty()) return;
    const int tokens = EstimateTokens(sentence);
    if (tokens <= target * 2) { Add(sentence, tokens); return; }
    for (const std::string& p : HardSplit(std::string(sentence), (size_t)target * 3)) Add(p, EstimateTokens(p));
  }
  // The open sentence goes on past i: once it is certainly over 2 * target tokens (3.5 bytes or fewer make a
  // token), its pieces up to the last byte read are taken now, as HardSplit would cut them.
  void CutOpenSentence() {
    if (cut == std::string_view::npos) {
      const std::string_view so_far = Trim(text.substr(start, i - start));
      if (so_far.size() <= (size_t)(3.5 * 2 * target) + 8) return;
      cut = (size_t)(so_far.data() - text.data());
    }
    // The sentence's trimmed end lies past a visible ASCII byte read.
    size_t known = i;
    while (known > cut && i - known < 16 && !((unsigned char)text[known - 1] > ' ' && (unsigned char)text[known - 1] < 0x80)) --known;
    if (known == cut || !((unsigned char)text[known - 1] > ' ' && (unsigned char)text[known - 1] < 0x80)) return;
    const size_t max_bytes = (size_t)target * 3;
    while (cut + max_bytes < known) {   // HardSplit's step where the piece does not reach the sentence's end
      size_t end = cut + max_bytes;
      end = SpaceToCutAt(text, cut, end, max_bytes);
      while (end > cut && ((unsigned char)text[end] & 0xC0) == 0x80) --end;
      if (end == cut) end = cut + max_bytes;
      const std::string_view piece = Trim(text.substr(cut, end - cut));
      if (!piece.empty()) Add(piece, EstimateTokens(piece));
      cut = end;
    }
  }
  // True once the text is divided (in `out`).
  bool Step(size_t budget) {
    const size_t stop = std::min(text.size(), i + std::max<size_t>(budget, 1));
    while (FindSentenceEnd(text, &i, stop)) {
      if (i < text_end) has_sentence_end = true;
      EndSentence(i);
    }
    if (i < text.size()) {
      CutOpenSentence();
      return false;
    }
    if (start < text.size()) EndSentence(text.size());
    if (!acc.empty()) out.push_back(std::move(acc));
    return true;
  }
};

// Role words a label can consist of ("Host:"), and the role they name.
const char* RoleOfLabel(const std::string& label) {
  const std::string low = text::ToLowerAscii(label);
  for (std::string_view k : kRoles)
    if (low == k) return k.data();   // literals: NUL-terminated
  return nullptr;
}

// A "Line N: ..." warning's problem without its line and quoted text: warnings with the same shape are the
// same problem in different places.
std::string WarningShape(std::string_view w) {
  if (!StartsWith(w, "Line ")) return "";
  const size_t colon = w.find(": ");
  if (colon == std::string_view::npos) return "";
  std::string shape;
  bool quoted = false;
  for (size_t i = colon + 2; i < w.size(); ++i) {
    if (StartsWith(w.substr(i), "\xE2\x80\x9C")) { quoted = true; shape += '"'; i += 2; continue; }
    if (StartsWith(w.substr(i), "\xE2\x80\x9D")) { quoted = false; shape += '"'; i += 2; continue; }
    if (!quoted) shape += w[i];
  }
  return shape;
}

// A problem found on many lines (a time style on every cue of an 80-cue file) is one warning: the first
// place, and how many there are in all. Two of a kind stay separate.
void CollapseRepeatedLineWarnings(std::vector<std::string>* warnings) {
  constexpr int kCollapseFrom = 3;
  std::unordered_map<std::string, int> counts;
  std::vector<std::string> shapes(warnings->size());
  bool any = false;
  for (size_t k = 0; k < warnings->size(); ++k) {
    shapes[k] = WarningShape((*warnings)[k]);
    if (!shapes[k].empty()) any |= ++counts[shapes[k]] >= kCollapseFrom;
  }
  if (!any) return;
  std::vector<std::string> kept;
  for (size_t k = 0; k < warnings->size(); ++k) {
    auto it = shapes[k].empty() ? counts.end() : counts.find(shapes[k]);
    if (it == counts.end() || (it->second > 0 && it->second < kCollapseFrom)) { kept.push_back(std::move((*warnings)[k])); continue; }
    if (it->second == 0) continue;   // reported with the first one
    std::string w = std::move((*warnings)[k]);
    if (!w.empty() && w.back() == '.') w.pop_back();
    w += " (" + std::to_string(it->second) + " places like this in all, this is the first).";
    kept.push_back(std::move(w));
    it->second = 0;
  }
  *warnings = std::move(kept);
}

}  // namespace

namespace {
// Records where JSON parsing fails (the DOM parser without exceptions only says that it failed).
struct JsonErrorPosition : nlohmann::json_sax<nlohmann::json> {
  size_t position = 0;
  bool failed = false;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception&) override {
    position = pos;
    failed = true;
    return false;
  }
};

// Text that presents itself as JSON ("{" or "[{") but is not a transcript JSON TalkPress reads.
std::string JsonMismatchWarning(std::string_view text, const TranscriptJsonReader* reader) {
  std::string_view t = Trim(text);
  if (t.empty()) return "";
  bool json_like = t[0] == '{';
  if (t[0] == '[') {
    size_t k = 1;
    while (k < t.size() && (t[k] == ' ' || t[k] == '\n' || t[k] == '\r' || t[k] == '\t')) ++k;
    json_like = k < t.size() && t[k] == '{';
  }
  if (!json_like) return "";
  int error_line = 0;
  if (reader) {
    if (!reader->Valid()) error_line = reader->ErrorLine();
  } else {
    JsonErrorPosition sax;
    nlohmann::json::sax_parse(text.begin(), text.end(), &sax);
    if (sax.failed) error_line = LineOfOffset(text, sax.position > 0 ? sax.position - 1 : 0);
  }
  if (error_line)
    return LineRef(error_line) + "this looks like JSON but is not valid JSON (cut off or malformed here); it was read as plain text.";
  return LineRef(1) + "this is JSON, but not a transcript JSON TalkPress reads (Whisper or Podcasting 2.0 \"segments\"); "
                      "it was read as plain text.";
}
}  // namespace

namespace {
// True when nothing but JSON's whitespace surrounds `trimmed` in `all`: then TranscriptJsonReader on `all`
// judges the text as nlohmann::json judges `trimmed`. (A BOM, NBSP or form feed around the JSON is rare; such
// a text is read whole by nlohmann::json.)
bool OnlyJsonSpaceAround(std::string_view all, std::string_view trimmed) {
  auto json_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  const size_t lead = (size_t)(trimmed.data() - all.data());
  for (size_t k = 0; k < lead; ++k)
    if (!json_space(all[k])) return false;
  for (size_t k = lead + trimmed.size(); k < all.size(); ++k)
    if (!json_space(all[k])) return false;
  return true;
}
}  // namespace

// The parse as phases, each resumable: repair the bytes, find the format and the document's metadata, read
// the format into cues, handle noise marks, merge cues into turns, divide unbroken text into paragraphs,
// then the roster, metadata and warnings. Work is counted in bytes of text looked at.
struct TranscriptParse::State {
  enum Phase { kRepair, kPrepare, kFormat, kNoise, kMerge, kParagraphs, kFinish, kDone };
  std::string_view input;
  ParseOptions options;
  Phase phase = kRepair;
  size_t pos = 0;            // within the phase: input byte, cue or turn index
  Transcript out;
  utf8::RepairReport rep;
  std::string clean;
  std::string utf16;         // the input decoded to UTF-8 when it came as UTF-16 or a Windows code page (then `input` views it)
  TranscriptFormat fmt = TranscriptFormat::Auto, detected = TranscriptFormat::Auto;
  Collector col;
  std::unique_ptr<LineParser> lines;
  std::unique_ptr<SrtParser> srt;
  std::unique_ptr<SbvParser> sbv;
  std::unique_ptr<XmlCaptionsParser> xml;
  std::unique_ptr<VttParser> vtt;
  bool json_read = false;   // the text is a transcript JSON (its cues come from `json` or are in col already)
  std::unique_ptr<TranscriptJsonReader> json;   // a text that starts as JSON, read in slices
  std::unique_ptr<SpeechJsonReader> speech;     // a JSON object that is (or may be) a speech-to-text service's
  size_t json_segment = 0;  // the next of its segments to become a cue
  // Merging.
  bool subtitle_like = false, dated_lines = false;
  bool names_drive_turns = false;   // NamesDriveTurns: a named cue's speaker goes on until the next name
  bool caption_time_headers = false;   // CaptionTimeHeaders: times above caption-length lines, joined into paragraphs
  std::string prev_speaker;
  double last_cue_start = -1;
  bool last_untimed = false, last_piece = false;
  int noise_only = 0;
  NoiseScan noise;               // the cue being searched for noise marks
  bool noise_was_empty = false;  // whether its text was blank before
  // The open unlabelled paragraph: its size, and whether any of its cues ended a sentence.
  int paragraph_tokens = 0;
  bool paragraph_has_sentence_end = false;
  int unpunctuated_cuts = 0;   // paragraphs ended at a cue boundary by size, their text having no sentence end
  // Paragraphs.
  std::vector<Turn> turns;
  int split_turns = 0;
  int split_without_sentence_ends = 0;   // of split_turns: cut at spaces, their text having no sentence punctuation
  size_t pieces_made = 0;
  std::unique_ptr<ParagraphSplitter> splitter;   // the turn being divided

  void Repair(size_t budget);
  void ReadAsSingleByteText();
  bool Prepare(size_t budget, size_t* used);
  bool EndPrepare();
  bool Format(size_t budget);
  void Merge(Cue& c);
  bool FitsParagraph(const Cue& c, bool merge);
  bool Paragraph(Turn& t, size_t budget);
  void Finish();
  void MergeQualifiedNames();
  double Progress() const;
};

// A text that is not UTF-8 but plainly in a Windows code page (DecodeSingleByteText) is read as that, with a note,
// instead of with U+FFFD for every accented letter. Decided once the whole text is read: only then is it known that no part
// of it is UTF-8.
void TranscriptParse::State::ReadAsSingleByteText() {
  std::string decoded, note;
  if (!DecodeSingleByteText(input, &decoded, &note)) return;
  utf16 = std::move(decoded);
  input = utf16;
  out.warnings.push_back(note);
  clean.clear();
  rep = utf8::RepairReport();
  utf8::RepairAppend(input, 0, &clean, &rep);
}

void TranscriptParse::State::Repair(size_t budget) {
  if (pos == 0 && utf16.empty()) {
    std::string note;
    if (DecodeWideText(input, &utf16, &note)) {
      if (utf16.empty()) utf16 = " ";   // decoded once, even when nothing followed the mark
      input = utf16;
      out.warnings.push_back(note);
    }
  }
  // Slices end after a line feed, or (a text without one nearby) before a byte that starts a character:
  // never inside a UTF-8 sequence, so the repair reads each sequence whole.
  size_t end = pos + std::min(budget, input.size() - pos);
  if (end < input.size()) {
    const size_t nl = text::FindByte(input.substr(0, std::min(input.size(), end + std::max<size_t>(budget, 4096))), '\n', end);
    if (nl != std::string_view::npos) end = nl + 1;
    else
      while (end < input.size() && ((unsigned char)input[end] & 0xC0) == 0x80) ++end;
  }
  if (pos == 0) clean.reserve(input.size());
  utf8::RepairAppend(input.substr(pos, end - pos), pos, &clean, &rep);
  pos = end;
  if (pos < input.size()) return;
  if (rep.invalid_sequences && utf16.empty()) ReadAsSingleByteText();
  if (rep.invalid_sequences) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "Line %d: invalid UTF-8 at byte %zu replaced with \xEF\xBF\xBD (%zu place%s in all).",
                  LineOfOffset(input, rep.first_invalid_byte), rep.first_invalid_byte, rep.invalid_sequences,
                  rep.invalid_sequences == 1 ? "" : "s");
    out.warnings.push_back(buf);
  }
  if (rep.nul_bytes)
    out.warnings.push_back(LineRef(LineOfOffset(input, rep.first_nul_byte)) + std::to_string(rep.nul_bytes) +
                           " NUL byte(s) replaced with \xEF\xBF\xBD.");
  const std::string binary = BinaryWarning(input, clean);
  if (!binary.empty()) out.warnings.push_back(binary);
  phase = kPrepare;
  pos = 0;
}

// Finds the format. A text that starts as JSON is read first (in slices) to tell whether it is a transcript JSON.
bool TranscriptParse::State::Prepare(size_t budget, size_t* used) {
  if (speech) {   // a JSON object that may be a speech-to-text service's (SpeechJsonReader)
    const double before = speech->ScanProgress();
    const bool scanned = speech->Scan(budget);
    *used += (size_t)((speech->ScanProgress() - before) * (double)clean.size()) + 1;
    if (!scanned) return false;
    std::string source;
    if (speech->Recognise(col, &source)) {
      fmt = TranscriptFormat::SpeechApiJson;
      out.warnings.push_back("Read as " + source + " transcript JSON: the text, with the speakers and times it gives; its other fields were left out.");
    } else {
      speech.reset();
      fmt = TranscriptFormat::Speaker;
      const std::string json_warning = JsonMismatchWarning(clean, json.get());
      if (!json_warning.empty()) out.warnings.push_back(json_warning);
      else out.warnings.push_back("The file is not transcript JSON TalkPress reads; it was read as plain text.");
    }
    return EndPrepare();
  }
  if (!json) {
    const std::string_view t = Trim(clean);
    if (t.empty()) {
      out.warnings.push_back("The transcript is empty.");
      out.meta.language = "und";
      phase = kDone;
      return true;
    }
    fmt = options.format;
    const bool json_format = fmt == TranscriptFormat::Podcasting20Json || fmt == TranscriptFormat::WhisperJson;
    if (json_format || (fmt == TranscriptFormat::Auto && (t[0] == '{' || t[0] == '[') && OnlyJsonSpaceAround(clean, t)))
      json = std::make_unique<TranscriptJsonReader>(clean);
  }
  if (json) {
    const double before = json->Progress();
    const bool read = json->Step(budget);
    *used += (size_t)((json->Progress() - before) * (double)clean.size()) + 1;
    if (!read) return false;
  }
  TranscriptMeta json_meta;
  if (fmt == TranscriptFormat::Auto && DetectContainerFormat(clean, &fmt, &col, &json_meta, json.get())) {
    json_read = fmt == TranscriptFormat::Podcasting20Json || fmt == TranscriptFormat::WhisperJson;
    if (json_read && !json_meta.language.empty()) out.meta.language = json_meta.language;
  } else if ((fmt == TranscriptFormat::Auto && json && json->Valid()) || fmt == TranscriptFormat::SpeechApiJson) {
    speech = std::make_unique<SpeechJsonReader>(clean);
    return Prepare(budget, used);   // scanned a slice at a time (the top of this function)
  } else if (fmt == TranscriptFormat::Auto) {
    fmt = TranscriptFormat::Speaker;
    const std::string json_warning = JsonMismatchWarning(clean, json.get());
    if (!json_warning.empty()) out.warnings.push_back(json_warning);
  } else if (fmt == TranscriptFormat::Podcasting20Json || fmt == TranscriptFormat::WhisperJson) {
    TranscriptFormat json_format = fmt;
    json_read = JsonTranscriptFormat(*json, &json_format, &out.meta);
    if (!json_read) {
      out.warnings.push_back("The file is not valid transcript JSON; it was read as plain text.");
      lines = std::make_unique<LineParser>(clean, false);
    }
  }
  return EndPrepare();
}

// Prepare's end, the format known: the reader for it.
bool TranscriptParse::State::EndPrepare() {
  if (!json_read) json.reset();
  const bool line_based = fmt == TranscriptFormat::Speaker || fmt == TranscriptFormat::Timestamped || fmt == TranscriptFormat::Plain;
  if (line_based) SetAsideExporterBlocks(clean, &out.meta, &out.warnings);
  if (line_based) ExtractDocumentMetadata(clean, &out.meta, &out.warnings);
  detected = fmt;
  switch (fmt) {
    case TranscriptFormat::Srt: srt = std::make_unique<SrtParser>(clean); break;
    case TranscriptFormat::Sbv: sbv = std::make_unique<SbvParser>(clean); break;
    case TranscriptFormat::XmlCaptions: xml = std::make_unique<XmlCaptionsParser>(clean); break;
    case TranscriptFormat::Vtt: vtt = std::make_unique<VttParser>(clean); break;
    case TranscriptFormat::Podcasting20Json: case TranscriptFormat::WhisperJson: case TranscriptFormat::SpeechApiJson: break;
    default: lines = std::make_unique<LineParser>(clean, fmt == TranscriptFormat::Plain); break;
  }
  phase = kFormat;
  return true;
}

bool TranscriptParse::State::Format(size_t budget) {
  switch (fmt) {
    case TranscriptFormat::Srt: return srt->Step(col, budget);
    case TranscriptFormat::Sbv: return sbv->Step(col, budget);
    case TranscriptFormat::XmlCaptions: return xml->Step(col, budget);
    case TranscriptFormat::Vtt: return vtt->Step(col, &out.meta, budget);
    // The JSON was read to recognise it: its segments become cues (or, not a transcript JSON, its lines).
    case TranscriptFormat::SpeechApiJson:
      if (lines) return lines->Step(col, &detected, budget);
      return !speech || speech->Step(col, budget);
    case TranscriptFormat::Podcasting20Json:
    case TranscriptFormat::WhisperJson: {
      if (lines) return lines->Step(col, &detected, budget);
      if (!json) return true;   // read whole while recognised
      size_t used = 0;
      return JsonSegmentCues(*json, col, &json_segment, budget, &used);
    }
    case TranscriptFormat::Plain:
      if (!lines->Step(col, &detected, budget)) return false;
      detected = TranscriptFormat::Plain;
      return true;
    default: return lines->Step(col, &detected, budget);
  }
}

// Chinese captions without punctuation separate phrases with spaces ("大家好 模型需要知道"): a caption boundary
// between two such captions is a phrase break too, and keeps a space when they are joined.
static bool SpacedCjkPhrases(std::string_view before, std::string_view piece) {
  piece = Trim(piece);
  if (before.empty() || piece.empty() || before.back() == ' ' || piece.find(' ') == std::string_view::npos) return false;
  size_t end = before.size(), start = 0;
  const char32_t a = utf8::DecodeBefore(before, end), b = utf8::Decode(piece, start);
  return utf8::IsCjkIdeograph(a) && utf8::IsCjkIdeograph(b);
}

// Whether the names in `cues` say who speaks until the next name (caption files name a speaker where the
// speaker changes): they do in a text of named lines, and in captions whose names start early and recur. One
// narrator's line halfway through a film's captions, or three audience questions in a lecture's, name those cues
// only: the cues after them are not given to that name (their speaker is unknown), and they make paragraphs.
static bool NamesDriveTurns(const std::vector<Cue>& cues, bool subtitle_like) {
  size_t named = 0, spoken = 0, first_named = 0;
  for (const Cue& c : cues) {
    if (c.text.empty()) continue;
    if (!c.speaker.empty() && named++ == 0) first_named = spoken;
    ++spoken;
  }
  if (named == 0) return false;
  if (!subtitle_like) return true;
  // Names that start near the beginning; a single name within the first few cues.
  return first_named <= (named == 1 ? std::max<size_t>(3, spoken / 20) : std::max<size_t>(20, spoken / 10));
}

// Whether the times alone on a line above the text date caption-length lines (YouTube's transcript panel copied:
// "0:04" over a few seconds of speech) rather than paragraphs (Otter's "0:04" over what someone said): eight or
// more, four in five of them over under 100 bytes. Such lines join into paragraphs as dated lines do.
static bool CaptionTimeHeaders(const std::vector<Cue>& cues) {
  size_t headed = 0, short_lines = 0;
  for (const Cue& c : cues) {
    if (!c.time_header || !c.speaker.empty()) continue;
    ++headed;
    short_lines += c.text.size() < 100;
  }
  return headed >= 8 && short_lines * 5 >= headed * 4;
}

// Adjacent cues of one speaker join; speakerless subtitle cues and short dated lines join into paragraphs
// at sentence ends and pauses.
void TranscriptParse::State::Merge(Cue& c) {
  if (Trim(c.text).empty()) return;
  // Subtitle cues without a name continue the last named speaker; a block that lost its timing line is
  // not attributed to anyone (its place in the conversation is uncertain).
  if (c.untimed_block) {
    // keeps prev_speaker for the cues after it
  } else {
    if (subtitle_like && c.speaker.empty() && !c.speaker_change && names_drive_turns) c.speaker = prev_speaker;
    prev_speaker = c.speaker;
  }
  bool merge = false;
  if (!out.turns.empty() && subtitle_like && !c.speaker_change && !c.untimed_block && !last_untimed) {
    const Turn& last = out.turns.back();
    const double gap = (c.start >= 0 && last.end >= 0) ? c.start - last.end : 0;
    if (names_drive_turns) merge = last.speaker == c.speaker && gap < 30;
    else merge = last.speaker == c.speaker && last.text.size() <= 1500 &&
                 (!text::EndsSentence(last.text) || (last.text.size() < 200 && gap < 2));
  } else if (!out.turns.empty() && !names_drive_turns &&
             ((dated_lines && c.start >= 0 && last_cue_start >= 0 && (!c.time_header || caption_time_headers)) ||
              (c.line_piece && last_piece))) {
    // Whisper-style "[00:01:02] one sentence" lines and unbroken short lines: a paragraph until a pause
    // or the size budget, preferably ending at a sentence end.
    const Turn& last = out.turns.back();
    const double gap = c.line_piece ? 0 : c.start - last_cue_start;
    merge = gap >= 0 && gap <= 10 && (last.text.size() < 600 || (!text::EndsSentence(last.text) && last.text.size() < 1200));
  }
  if (c.chapter_start) merge = false;
  if (!names_drive_turns) merge = FitsParagraph(c, merge);
  last_piece = c.line_piece;
  last_cue_start = c.start;
  last_untimed = c.untimed_block;
  if (merge) {
    Turn& last = out.turns.back();
    if (out.format == TranscriptFormat::Podcasting20Json && IsJoinedWord(c.text)) last.text += c.text;
    else {
      if (subtitle_like && SpacedCjkPhrases(last.text, c.text)) last.text += ' ';
      text::AppendJoined(last.text, c.text);
    }
    std::string().swap(c.text);   // copied: freed now, a slice at a time, rather than all cues at the end
    if (c.end > last.end) last.end = c.end;
    if (last.start < 0) last.start = c.start;
  } else {
    Turn t;
    t.speaker = std::move(c.speaker);
    t.start = c.start;
    t.end = c.end;
    std::string_view trimmed = Trim(c.text);
    if (trimmed.size() == c.text.size()) t.text = std::move(c.text);
    else t.text = std::string(trimmed);
    t.source_line = c.line;
    out.turns.push_back(std::move(t));
  }
}

// Whether unlabelled cue `c` still joins the open paragraph (the last turn) when the merge rule says `merge`:
// paragraphs of cues end at a cue boundary by kParagraphTokens at the latest, so each starts with its first
// cue's time and line (the merge rule prefers sentence ends before that; auto-captions have none). Called for
// every unlabelled cue, to keep the open paragraph's size.
bool TranscriptParse::State::FitsParagraph(const Cue& c, bool merge) {
  const int tokens = EstimateTokens(c.text);
  const bool ends = text::EndsSentence(c.text);
  if (merge) {
    merge = paragraph_tokens + tokens <= kParagraphTokens;
    if (!merge && !paragraph_has_sentence_end) ++unpunctuated_cuts;
  }
  if (merge) {
    paragraph_tokens += tokens;
    paragraph_has_sentence_end |= ends;
  } else {
    paragraph_tokens = tokens;
    paragraph_has_sentence_end = ends;
  }
  return merge;
}

// Text without paragraphs (one long line, or short unlabelled lines run together) becomes paragraph-sized
// turns at sentence ends, so later steps can range, chunk and translate it. Only the first piece of a
// dated turn keeps the time: the others' times are not in the source.
// Resumable: a long text is divided a slice of about `budget` bytes at a time; true once turn t is done.
bool TranscriptParse::State::Paragraph(Turn& t, size_t budget) {
  if (!splitter) {
    // A labelled monologue stays one turn: the pipeline splits long turns into pieces it can join again
    // (SplitLongTurns), so the dialogue shows the speaker's turn whole.
    if (!t.speaker.empty()) { turns.push_back(std::move(t)); return true; }
    const int limit = kSplitUnlabelledTokens;
    // Every 3.5 bytes count at least one token: a text over 4 * limit bytes is over the limit.
    if ((int)t.text.size() < limit || (t.text.size() <= 4 * (size_t)limit && EstimateTokens(t.text) <= limit)) {
      turns.push_back(std::move(t));
      return true;
    }
    splitter = std::make_unique<ParagraphSplitter>(t.text, kParagraphTokens);
  }
  if (!splitter->Step(budget)) return false;
  std::vector<std::string> pieces = std::move(splitter->out);
  const bool has_sentence_end = splitter->has_sentence_end;
  splitter.reset();
  if (pieces.size() < 2) { turns.push_back(std::move(t)); return true; }
  ++split_turns;
  pieces_made += pieces.size();
  if (!has_sentence_end) ++split_without_sentence_ends;
  for (size_t k = 0; k < pieces.size(); ++k) {
    Turn p;
    p.speaker = t.speaker;
    p.start = k == 0 ? t.start : -1;
    p.end = k + 1 == pieces.size() ? t.end : -1;
    p.source_line = t.source_line;
    p.text = std::move(pieces[k]);
    turns.push_back(std::move(p));
  }
  return true;
}

void TranscriptParse::State::Finish() {
  out.turns = std::move(turns);
  if (split_turns)
    out.warnings.push_back(std::to_string(split_turns) + (split_turns == 1 ? " long passage" : " long passages") +
                           " without paragraph breaks " + (split_turns == 1 ? "was" : "were") + " divided " +
                           (split_without_sentence_ends == split_turns ? "at word breaks (the text has no sentence punctuation)"
                            : split_without_sentence_ends ? "at sentence ends (at word breaks where there were none)"
                                                          : "at sentence ends") +
                           " into " + std::to_string(pieces_made) + " paragraphs.");
  if (unpunctuated_cuts)
    out.warnings.push_back("Text without sentence punctuation was grouped into paragraphs by size, each starting where a "
                           "caption or line starts, with its time (" + std::to_string(unpunctuated_cuts) +
                           (unpunctuated_cuts == 1 ? " paragraph" : " paragraphs") + " ended so).");

  for (size_t k = 0; k < out.turns.size(); ++k) {
    out.turns[k].id = (int)k + 1;
    // A turn without an end time ends where the next one starts.
    if (out.turns[k].end < 0 && out.turns[k].start >= 0 && k + 1 < out.turns.size() && out.turns[k + 1].start >= 0)
      out.turns[k].end = out.turns[k + 1].start;
  }

  // Roster, in order of first appearance.
  const std::map<std::string, std::string>& roles = col.roles;
  {
    std::unordered_map<std::string, size_t> index;
    const std::string* last_label = nullptr;
    size_t last = 0;
    for (const Turn& t : out.turns) {
      if (t.speaker.empty()) continue;
      if (!last_label || *last_label != t.speaker) {
        auto it = index.find(t.speaker);
        if (it == index.end()) {
          Speaker n;
          n.label = n.name = t.speaker;
          auto r = roles.find(t.speaker);
          if (r != roles.end()) n.role = r->second;
          it = index.emplace(t.speaker, out.speakers.size()).first;
          out.speakers.push_back(std::move(n));
        }
        last = it->second;
        last_label = &t.speaker;
      }
      ++out.speakers[last].turns;
    }
  }
  // "Host:" where exactly one speaker was introduced as "Name (Host):" is that person.
  for (size_t k = 0; k < out.speakers.size();) {
    const char* role = RoleOfLabel(out.speakers[k].label);
    int match = -1, matches = 0;
    if (role)
      for (size_t j = 0; j < out.speakers.size(); ++j)
        if (j != k && out.speakers[j].role == role && !RoleOfLabel(out.speakers[j].label)) { match = (int)j; ++matches; }
    if (matches != 1) { ++k; continue; }
    Speaker alias = out.speakers[k];
    Speaker& person = out.speakers[match];
    for (Turn& t : out.turns)
      if (t.speaker == alias.label) t.speaker = person.label;
    person.turns += alias.turns;
    person.aliases.push_back(alias.label);
    out.warnings.push_back("\xE2\x80\x9C" + alias.label + "\xE2\x80\x9D and \xE2\x80\x9C" + person.label + " (" + person.role +
                           ")\xE2\x80\x9D were read as one speaker; rename them apart in the roster if they are not.");
    out.speakers.erase(out.speakers.begin() + k);
  }
  MergeQualifiedNames();

  // Metadata.
  double lo = 0, hi = 0;
  bool any_time = false;
  for (const Turn& t : out.turns) {
    if (t.start != -1) { lo = any_time ? std::min(lo, t.start) : std::min(0.0, t.start); any_time = true; hi = std::max(hi, t.start); }
    if (t.end != -1) hi = std::max(hi, t.end);
  }
  out.meta.duration_sec = any_time ? hi - lo : 0;
  UseStatedDuration(&out.meta);
  if (out.meta.language.empty()) {
    std::string sample;
    sample.reserve(std::min<size_t>(out.TextBytes() + out.turns.size(), 200000 + 4096));
    for (const Turn& t : out.turns) { sample += t.text; sample += ' '; if (sample.size() > 200000) break; }
    out.meta.language = DetectLanguage(sample);
  }

  // Warnings the UI shows.
  if (col.empty_cues)
    out.warnings.push_back((col.first_empty_line ? LineRef(col.first_empty_line) : std::string()) + std::to_string(col.empty_cues) +
                           (col.empty_cues == 1 ? " cue had no text." : " cues had no text."));
  if (col.bad_times)
    out.warnings.push_back(std::to_string(col.bad_times) + " cue(s) had an unreadable time; their text was kept without a time.");
  if (noise_only) out.warnings.push_back(std::to_string(noise_only) + " turn(s) held only noise marks ([Music], (laughs)) and were removed.");
  for (std::string& w : col.warnings) out.warnings.push_back(std::move(w));
  if (out.turns.empty()) out.warnings.push_back("No spoken text was found in the transcript.");
  CollapseRepeatedLineWarnings(&out.warnings);
}

// "Collins (onboard)" and later "Collins" (the Apollo Flight Journal), "张伟 (现场)" and "张伟": a name with a note in
// brackets (where the speaker was, a channel, pronouns, a company) and the same name alone are one person, shown
// under the name alone, in the roster's place where either first spoke; the roster keeps the other as an alias.
void TranscriptParse::State::MergeQualifiedNames() {
  std::vector<Speaker>& roster = out.speakers;
  for (size_t k = 0; k < roster.size();) {
    const std::string label = roster[k].label;
    const size_t open = label.rfind(" (");
    size_t j = roster.size();
    if (open != std::string::npos && open > 0 && label.back() == ')')
      for (size_t m = 0; m < roster.size(); ++m)
        if (roster[m].label.size() == open && label.compare(0, open, roster[m].label) == 0) j = m;
    if (j == roster.size()) { ++k; continue; }
    Speaker alias = std::move(roster[k]);
    for (Turn& t : out.turns)
      if (t.speaker == alias.label) t.speaker = roster[j].label;
    roster[j].turns += alias.turns;
    if (roster[j].role.empty()) roster[j].role = alias.role;
    roster[j].aliases.push_back(alias.label);
    for (std::string& a : alias.aliases) roster[j].aliases.push_back(std::move(a));
    out.warnings.push_back("\xE2\x80\x9C" + alias.label + "\xE2\x80\x9D and \xE2\x80\x9C" + roster[j].label +
                           "\xE2\x80\x9D were read as one speaker; rename them apart in the roster if they are not.");
    if (k < j) {
      roster[k] = std::move(roster[j]);
      roster.erase(roster.begin() + (long)j);
    } else {
      roster.erase(roster.begin() + (long)k);
    }
  }
}

double TranscriptParse::State::Progress() const {
  // Each phase's share of the time a typical transcript takes.
  static const double kShare[] = {0.05, 0.05, 0.55, 0.05, 0.15, 0.1, 0.05};
  double done = 0;
  for (int k = 0; k < phase && k < kDone; ++k) done += kShare[k];
  if (phase == kDone) return 1;
  double within = 0;
  switch (phase) {
    case kRepair: within = input.empty() ? 1 : (double)pos / (double)input.size(); break;
    case kPrepare: within = speech ? speech->ScanProgress() : json ? json->Progress() : 0; break;
    case kFormat:
      within = lines ? lines->Progress() : srt ? srt->Progress() : sbv ? sbv->Progress() : xml ? xml->Progress() : vtt ? vtt->Progress()
             : speech ? speech->Progress() : json ? (double)json_segment / (double)std::max<size_t>(1, json->Segments().size()) : 0;
      break;
    case kNoise: case kMerge: within = col.cues.empty() ? 1 : (double)pos / (double)col.cues.size(); break;
    case kParagraphs: within = out.turns.empty() ? 1 : (double)pos / (double)out.turns.size(); break;
    default: break;
  }
  return std::min(1.0, done + kShare[phase] * within);
}

TranscriptParse::TranscriptParse(std::string_view input, const ParseOptions& options) : s_(std::make_unique<State>()) {
  s_->input = input;
  s_->options = options;
}
TranscriptParse::~TranscriptParse() = default;
TranscriptParse::TranscriptParse(TranscriptParse&&) noexcept = default;
TranscriptParse& TranscriptParse::operator=(TranscriptParse&&) noexcept = default;

bool TranscriptParse::Done() const { return s_->phase == State::kDone; }
double TranscriptParse::Progress() const { return s_->Progress(); }

bool TranscriptParse::Step(size_t budget) {
  State& st = *s_;
  size_t used = 0;
  while (st.phase != State::kDone && used < budget) {
    const size_t left = budget - used;
    switch (st.phase) {
      case State::kRepair: {
        const size_t before = st.pos;
        st.Repair(left);
        used += st.phase == State::kRepair ? st.pos - before : st.input.size() - before;
        break;
      }
      case State::kPrepare:
        if (!st.Prepare(left, &used)) { used = budget; break; }
        used += st.clean.size() / 8;   // a pass over the text's lines, much cheaper than reading them
        break;
      case State::kFormat:
        if (!st.Format(left)) { used = budget; break; }
        AdoptMannerLikeCueSpeakers(st.col);
        st.out.format = st.options.format == TranscriptFormat::Auto ? st.detected : st.options.format;
        for (auto& f : st.col.fields) {
          UseField(&st.out.meta, f.first, f.second);
          st.out.meta.fields.push_back(std::move(f));
        }
        st.col.fields.clear();
        // The cues own their text now: the line tables and the repaired copy go (the browser build zeroes
        // what it frees, so this is better done a slice at a time than all at the end).
        st.lines.reset();
        st.srt.reset();
        st.sbv.reset();
        st.vtt.reset();
        st.json.reset();
        st.speech.reset();
        std::string().swap(st.clean);
        st.phase = State::kNoise;
        st.pos = 0;
        used += left / 2;   // a whole-document format (WebVTT, JSON) counts as half the slice
        break;
      case State::kNoise:
        while (st.pos < st.col.cues.size() && used < budget) {
          Cue& c = st.col.cues[st.pos];
          if (st.noise.pos == 0) st.noise_was_empty = Trim(c.text).empty();
          const size_t from = st.noise.pos, left = budget - used;
          const bool done = st.noise.Step(c.text, st.options.remove_noise, left > SIZE_MAX / 4 ? SIZE_MAX : left * 4);
          used += (st.noise.pos - from) / 4 + 1;   // a quarter of reading the text
          if (!done) break;
          st.out.noise_marks += st.noise.found;
          if (st.options.remove_noise && !st.noise_was_empty && Trim(c.text).empty()) ++st.noise_only;
          st.noise = NoiseScan();
          ++st.pos;
        }
        if (st.pos == st.col.cues.size()) {
          const TranscriptFormat f = st.out.format;
          st.subtitle_like = f == TranscriptFormat::Srt || f == TranscriptFormat::Vtt || f == TranscriptFormat::Sbv ||
                             f == TranscriptFormat::Podcasting20Json || f == TranscriptFormat::WhisperJson ||
                             f == TranscriptFormat::SpeechApiJson || f == TranscriptFormat::XmlCaptions;
          st.dated_lines = f == TranscriptFormat::Timestamped;
          st.names_drive_turns = NamesDriveTurns(st.col.cues, st.subtitle_like);
          st.caption_time_headers = st.dated_lines && CaptionTimeHeaders(st.col.cues);
          st.out.turns.reserve(st.col.cues.size());   // at most one turn per cue
          st.phase = State::kMerge;
          st.pos = 0;
        }
        break;
      case State::kMerge:
        while (st.pos < st.col.cues.size() && used < budget) {
          Cue& c = st.col.cues[st.pos++];
          used += c.text.size() + 1;
          st.Merge(c);
        }
        if (st.pos == st.col.cues.size()) {
          std::vector<Cue>().swap(st.col.cues);
          st.turns.reserve(st.out.turns.size());
          st.phase = State::kParagraphs;
          st.pos = 0;
        }
        break;
      case State::kParagraphs:
        while (st.pos < st.out.turns.size() && used < budget) {
          Turn& t = st.out.turns[st.pos];
          const size_t cost = t.speaker.empty() ? t.text.size() + 1 : 1;
          if (!st.Paragraph(t, budget - used)) { used = budget; break; }
          ++st.pos;
          used += std::min(cost, budget - used);
        }
        if (st.pos == st.out.turns.size()) { st.phase = State::kFinish; st.pos = 0; }
        break;
      case State::kFinish:
        st.Finish();
        used += st.out.turns.size() * 16;
        st.phase = State::kDone;
        break;
      case State::kDone: break;
    }
  }
  return st.phase == State::kDone;
}

Transcript TranscriptParse::Take() { return std::move(s_->out); }

Transcript ParseTranscript(std::string_view input, const ParseOptions& options) {
  TranscriptParse p(input, options);
  p.Step(SIZE_MAX);
  return p.Take();
}

// ---------------------------------------------------------------------------------------------- chunking

namespace {
// RenderTurnLine appended to `line`: chunking renders every turn straight into its chunk.
void AppendTurnLine(const Transcript& t, const Turn& turn, std::string& line, bool with_text = true) {
  line += "[T";
  line += std::to_string(turn.id);
  line += ']';
  if (!turn.speaker.empty()) {
    const Speaker* s = t.FindSpeaker(turn.speaker);   // as DisplayName, without a copy
    line += ' ';
    line += s && !s->name.empty() ? std::string_view(s->name) : std::string_view(turn.speaker);
  }
  if (turn.start != -1) { line += " ("; line += FormatTimestamp(turn.start); line += ')'; }
  line += turn.speaker.empty() && turn.start == -1 ? " " : ": ";
  if (with_text) line += turn.text;
}
}  // namespace

std::string RenderTurnLine(const Transcript& t, const Turn& turn) {
  std::string line;
  line.reserve(turn.text.size() + 64);
  AppendTurnLine(t, turn, line);
  return line;
}

int TranscriptTokens(const Transcript& t, TokenizerFamily family) {
  // The estimate of all lines joined with '\n', counted line by line: the line's head (id, name, time) in one
  // reused buffer, its text where it is (the head ends in ASCII, so the two counts add up).
  size_t bytes = 0, cjk = 0;
  std::string head;
  for (const Turn& turn : t.turns) {
    head.clear();
    AppendTurnLine(t, turn, head, false);
    bytes += head.size() + turn.text.size() + 1;
    cjk += CjkLetters(head) + CjkLetters(turn.text);
  }
  return TokensOf(bytes, cjk, family);
}

std::vector<Chunk> ChunkTranscript(const Transcript& t, int token_budget, TokenizerFamily family) {
  std::vector<Chunk> chunks;
  if (token_budget < 16) token_budget = 16;
  Chunk cur;
  auto flush = [&]() {
    if (!cur.text.empty()) chunks.push_back(std::move(cur));
    cur = Chunk();
  };
  auto add_line = [&](const std::string& line, int tokens, int turn_id, bool part) {
    if (!cur.text.empty() && cur.tokens + tokens > token_budget) flush();
    cur.text += line;
    cur.text += '\n';
    cur.tokens += tokens;
    if (cur.turn_ids.empty() || cur.turn_ids.back() != turn_id) cur.turn_ids.push_back(turn_id);
    cur.splits_turn |= part;
  };
  for (const Turn& turn : t.turns) {
    // Rendered where it most likely goes, at the end of the current chunk; moved when it does not fit.
    const size_t mark = cur.text.size();
    AppendTurnLine(t, turn, cur.text);
    const int tokens = EstimateTokens(std::string_view(cur.text).substr(mark), family);
    if (tokens <= token_budget && (mark == 0 || cur.tokens + tokens <= token_budget)) {
      cur.text += '\n';
      cur.tokens += tokens;
      if (cur.turn_ids.empty() || cur.turn_ids.back() != turn.id) cur.turn_ids.push_back(turn.id);
      continue;
    }
    std::string line = cur.text.substr(mark);
    cur.text.resize(mark);
    if (tokens <= token_budget) { add_line(line, tokens, turn.id, false); continue; }
    // A turn longer than the budget: sentences, each part labelled with the turn id.
    Turn piece = turn;
    std::string prefix_line = RenderTurnLine(t, Turn{turn.id, turn.speaker, turn.start, turn.end, ""});
    const int prefix_tokens = EstimateTokens(prefix_line, family) + 4;
    std::string acc;
    auto emit = [&]() {
      if (acc.empty()) return;
      piece.text = acc + " (part)";
      std::string l = RenderTurnLine(t, piece);
      add_line(l, EstimateTokens(l, family), turn.id, true);
      acc.clear();
    };
    for (const std::string& sentence : Sentences(turn.text)) {
      std::vector<std::string> parts;
      if (EstimateTokens(sentence, family) + prefix_tokens > token_budget) {
        // 3 bytes never estimate above one token in any family (a CJK character is 3 bytes and at most
        // one token; Latin text has 3.3 or more characters per token), so the pieces fit the budget.
        const size_t max_bytes = (size_t)std::max(16, token_budget - prefix_tokens) * 3;
        parts = HardSplit(sentence, max_bytes);
      } else {
        parts.push_back(sentence);
      }
      for (const std::string& p : parts) {
        std::string trial = acc;
        text::AppendJoined(trial, p);
        if (!acc.empty() && EstimateTokens(trial, family) + prefix_tokens > token_budget) {
          emit();
          flush();
          trial = p;
        }
        acc = trial;
      }
    }
    emit();
  }
  flush();
  return chunks;
}

}  // namespace tp
