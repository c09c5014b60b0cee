#include "core/text_util.h"

#include "core/utf8.h"

namespace tp::text {

namespace {
bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Last code point of s (0 when empty).
char32_t LastCodePoint(std::string_view s) {
  if (s.empty()) return 0;
  size_t i = s.size() - 1;
  while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) --i;
  size_t j = i;
  return utf8::Decode(s, j);
}
char32_t FirstCodePoint(std::string_view s) {
  if (s.empty()) return 0;
  size_t i = 0;
  return utf8::Decode(s, i);
}
}  // namespace

std::string_view Trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && IsAsciiSpace(s.front())) { s.remove_prefix(1); continue; }
    if (StartsWith(s, "\xC2\xA0")) { s.remove_prefix(2); continue; }        // NBSP
    if (StartsWith(s, "\xE3\x80\x80")) { s.remove_prefix(3); continue; }    // ideographic space
    if (StartsWith(s, "\xEF\xBB\xBF")) { s.remove_prefix(3); continue; }    // stray BOM / ZWNBSP
    break;
  }
  for (;;) {
    if (!s.empty() && IsAsciiSpace(s.back())) { s.remove_suffix(1); continue; }
    if (EndsWith(s, "\xC2\xA0")) { s.remove_suffix(2); continue; }
    if (EndsWith(s, "\xE3\x80\x80")) { s.remove_suffix(3); continue; }
    break;
  }
  return s;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.compare(0, p.size(), p) == 0; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

std::string ToLowerAscii(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
  return r;
}

std::vector<std::string_view> SplitLines(std::string_view s) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' || s[i] == '\r') {
      lines.push_back(s.substr(start, i - start));
      if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  if (start < s.size()) lines.push_back(s.substr(start));
  return lines;
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
    char32_t c = LastCodePoint(s);
    // Skip closing quotes and brackets after the punctuation.
    if (c == '"' || c == '\'' || c == ')' || c == U'”' || c == U'’' || c == U'」' || c == U'』' || c == U'）') {
      size_t n = 1;
      while (n < s.size() && ((unsigned char)s[s.size() - n] & 0xC0) == 0x80) ++n;
      s.remove_suffix(n);
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
