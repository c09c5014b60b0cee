#include "core/text_util.h"

#include <algorithm>
#include <cstring>

#include "core/utf8.h"

namespace tp::text {

namespace {
bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Last code point of s (0 when empty).
char32_t LastCodePoint(std::string_view s) {
  size_t end = s.size();
  return utf8::DecodeBefore(s, end);
}
char32_t FirstCodePoint(std::string_view s) {
  if (s.empty()) return 0;
  size_t i = 0;
  return utf8::Decode(s, i);
}
}  // namespace

std::string_view TrimSlow(std::string_view s) {
  // Hot path of every parser: look at the first/last byte before trying multi-byte spaces.
  for (;;) {
    if (s.empty()) return s;
    const unsigned char c = (unsigned char)s.front();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') { s.remove_prefix(1); continue; }
    if (c < 0xC2) break;
    if (c == 0xC2 && StartsWith(s, "\xC2\xA0")) { s.remove_prefix(2); continue; }        // NBSP
    if (c == 0xE3 && StartsWith(s, "\xE3\x80\x80")) { s.remove_prefix(3); continue; }    // ideographic space
    if (c == 0xEF && StartsWith(s, "\xEF\xBB\xBF")) { s.remove_prefix(3); continue; }    // stray BOM / ZWNBSP
    break;
  }
  for (;;) {
    if (s.empty()) return s;
    const unsigned char c = (unsigned char)s.back();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') { s.remove_suffix(1); continue; }
    if (c == 0xA0 && EndsWith(s, "\xC2\xA0")) { s.remove_suffix(2); continue; }
    if (c == 0x80 && EndsWith(s, "\xE3\x80\x80")) { s.remove_suffix(3); continue; }
    break;
  }
  return s;
}


std::string ToLowerAscii(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
  return r;
}

std::string ToUpperAscii(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
  return r;
}

std::vector<std::string_view> SplitLines(std::string_view s) {
  std::vector<std::string_view> lines;
  lines.reserve(s.size() / 48 + 1);
  LineCursor cursor(s);
  for (std::string_view line; cursor.Next(&line);) lines.push_back(line);
  return lines;
}

bool LineCursor::Next(std::string_view* line) {
  const size_t n = s_.size();
  if (p_ >= n) return false;
  constexpr size_t npos = std::string_view::npos;
  if (!known_ || (lf_ != npos && lf_ < p_)) lf_ = FindByte(s_, '\n', p_);
  if (!known_ || (cr_ != npos && cr_ < p_)) cr_ = FindByte(s_, '\r', p_);
  known_ = true;
  const size_t end = std::min(lf_ == npos ? n : lf_, cr_ == npos ? n : cr_);   // a lone CR also ends a line
  *line = s_.substr(p_, end - p_);
  p_ = end + 1;
  if (end == cr_ && p_ < n && s_[p_] == '\n') ++p_;   // CRLF counts once
  return true;
}

void AppendJoined(std::string& out, std::string_view piece) {
  piece = Trim(piece);
  if (piece.empty()) return;
  if (!out.empty()) {
    const char32_t a = LastCodePoint(out), b = FirstCodePoint(piece);
    const bool cjk_boundary = utf8::IsWide(a) || utf8::IsWide(b);
    if (!cjk_boundary && !IsAsciiSpace(out.back())) out += ' ';
  }
  out.append(piece.data(), piece.size());
}

void JoinLines(std::string& s) {
  // The joined text is never longer than the text read so far (a line break becomes at most one space), so
  // it is written over it: s[0, w) is the result.
  size_t w = 0;
  for (size_t p = 0; p < s.size();) {
    size_t e = p;
    while (e < s.size() && s[e] != '\n' && s[e] != '\r') ++e;   // an empty line between \r and \n is skipped below
    const std::string_view piece = Trim(std::string_view(s).substr(p, e - p));
    p = e + 1;
    if (piece.empty()) continue;
    const size_t from = (size_t)(piece.data() - s.data());
    if (w > 0) {
      const char32_t a = LastCodePoint(std::string_view(s.data(), w)), b = FirstCodePoint(piece);
      if (!utf8::IsWide(a) && !utf8::IsWide(b) && !IsAsciiSpace(s[w - 1])) s[w++] = ' ';
    }
    std::memmove(&s[w], s.data() + from, piece.size());
    w += piece.size();
  }
  s.resize(w);
}

std::string CollapseSpaces(std::string_view s) {
  std::string r;
  r.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t') { space = true; continue; }
    if (space && !r.empty()) r += ' ';
    space = false;
    r += c;
  }
  return r;
}

bool EndsSentence(std::string_view s) {
  s = Trim(s);
  while (!s.empty()) {
    size_t start = s.size();
    const char32_t c = utf8::DecodeBefore(s, start);
    // Skip closing quotes and brackets after the punctuation.
    if (c == '"' || c == '\'' || c == ')' || c == U'”' || c == U'’' || c == U'」' || c == U'』' || c == U'）') {
      s = s.substr(0, start);
      continue;
    }
    return c == '.' || c == '!' || c == '?' || c == U'…' || c == U'。' || c == U'！' || c == U'？';
  }
  return false;
}

std::string Replace(std::string_view s, std::string_view from, std::string_view to) {
  std::string r;
  if (from.empty()) return std::string(s);
  size_t pos = 0;
  for (;;) {
    size_t f = s.find(from, pos);
    if (f == std::string_view::npos) break;
    r.append(s.data() + pos, f - pos);
    r.append(to.data(), to.size());
    pos = f + from.size();
  }
  r.append(s.data() + pos, s.size() - pos);
  return r;
}

}  // namespace tp::text
