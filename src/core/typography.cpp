// Chinese typography. Index: character classes · protected spans (code, URLs, link targets, markers) ·
// per-line passes: punctuation, quotes, spacing.
#include "core/typography.h"

#include <algorithm>
#include <vector>

#include "core/text_util.h"
#include "core/turn_markers.h"
#include "core/utf8.h"

namespace tp {

namespace {

bool IsHan(char32_t c) { return utf8::IsCjkIdeograph(c) || utf8::IsKana(c); }
bool IsLatinAlnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}
bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
// Full-width punctuation that needs no space around it.
bool IsWidePunct(char32_t c) {
  return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) || c == 0xFF3B || c == 0xFF3D ||
         c == 0xFF5B || c == 0xFF5D || c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x2026 || c == 0x2014;
}
bool IsChinese(char32_t c) { return IsHan(c) || IsWidePunct(c); }

char32_t WideFor(char32_t c) {
  switch (c) {
    case ',': return 0xFF0C; case '!': return 0xFF01; case '?': return 0xFF1F; case ':': return 0xFF1A;
    case ';': return 0xFF1B; case '.': return 0x3002; case '(': return 0xFF08; case ')': return 0xFF09;
  }
  return c;
}

struct Cell {
  char32_t c;
  bool locked;   // inside code, a URL, a link destination or a turn marker: written as is
  bool space_class_latin;   // for locked cells: counts as Latin for spacing (code, URLs)
};

// Marks the cells of one line that must not change.
void LockSpans(const std::string& line, std::vector<Cell>& cells, const std::vector<size_t>& offsets) {
  auto lock = [&](size_t b, size_t e, bool latin) {
    for (size_t k = std::lower_bound(offsets.begin(), offsets.end(), b) - offsets.begin(); k < cells.size() && offsets[k] < e; ++k) {
      cells[k].locked = true;
      cells[k].space_class_latin = latin;
    }
  };
  // Inline code: a backtick run closed by a run of the same length.
  for (size_t i = 0; i < line.size();) {
    if (line[i] != '`') { ++i; continue; }
    size_t n = 0;
    while (i + n < line.size() && line[i + n] == '`') ++n;
    size_t j = i + n;
    size_t close = std::string::npos;
    while (j < line.size()) {
      if (line[j] != '`') { ++j; continue; }
      size_t m = 0;
      while (j + m < line.size() && line[j + m] == '`') ++m;
      if (m == n) { close = j; break; }
      j += m;
    }
    if (close == std::string::npos) { i += n; continue; }
    lock(i, close + n, true);
    i = close + n;
  }
  // URLs (bare, autolinks) up to whitespace, a CJK character or a closing bracket; link destinations.
  for (size_t i = 0; i < line.size(); ++i) {
    const bool url = line.compare(i, 7, "http://") == 0 || line.compare(i, 8, "https://") == 0 || line.compare(i, 4, "www.") == 0 ||
                     line.compare(i, 7, "mailto:") == 0;
    const bool dest = line.compare(i, 2, "](") == 0;
    if (!url && !dest) continue;
    size_t j = dest ? i + 2 : i;
    int depth = 0;
    while (j < line.size()) {
      size_t q = j;
      const char32_t c = utf8::Decode(line, q);
      if (utf8::IsSpace(c) || (!dest && (IsHan(c) || IsWidePunct(c) || c == '>'))) break;
      if (c == '(') ++depth;
      if (c == ')') { if (depth == 0) break; --depth; }
      j = q;
    }
    // A bare URL does not keep the sentence's final punctuation.
    if (!dest) while (j > i && (line[j - 1] == '.' || line[j - 1] == ',' || line[j - 1] == ';' || line[j - 1] == ':' || line[j - 1] == '!' || line[j - 1] == '?')) --j;
    lock(dest ? i + 1 : i, j, true);
    i = j > i ? j - 1 : i;
  }
  for (const TurnMarker& m : FindTurnMarkers(line)) lock(m.begin, m.end, false);
}

// Where the content of a Markdown line starts: after indentation, blockquote markers, heading hashes,
// list bullets and ordered-list numbers.
size_t ContentStart(const std::vector<Cell>& cells) {
  size_t k = 0;
  for (;;) {
    const size_t before = k;
    while (k < cells.size() && (cells[k].c == ' ' || cells[k].c == '\t')) ++k;
    if (k < cells.size() && cells[k].c == '>') { ++k; continue; }
    if (k < cells.size() && cells[k].c == '#') {
      size_t h = k;
      while (h < cells.size() && cells[h].c == '#') ++h;
      if (h == cells.size() || cells[h].c == ' ') { k = h; continue; }
    }
    if (k + 1 < cells.size() && (cells[k].c == '-' || cells[k].c == '*' || cells[k].c == '+') && cells[k + 1].c == ' ') { k += 2; continue; }
    size_t d = k;
    while (d < cells.size() && IsDigit(cells[d].c)) ++d;
    if (d > k && d + 1 < cells.size() && (cells[d].c == '.' || cells[d].c == ')') && cells[d + 1].c == ' ') { k = d + 2; continue; }
    if (k == before) return k;
  }
}

// Index of the previous / next non-space cell in [lo, hi), or -1.
long Prev(const std::vector<Cell>& v, long i, long lo) { for (--i; i >= lo; --i) if (v[i].c != ' ') return i; return -1; }
long Next(const std::vector<Cell>& v, long i) { for (++i; i < (long)v.size(); ++i) if (v[i].c != ' ') return i; return -1; }

void NormalizeLine(std::vector<Cell>& v) {
  const long start = (long)ContentStart(v);
  // Full-width letters and digits become half-width.
  for (long i = start; i < (long)v.size(); ++i)
    if (!v[i].locked && ((v[i].c >= 0xFF10 && v[i].c <= 0xFF19) || (v[i].c >= 0xFF21 && v[i].c <= 0xFF3A) || (v[i].c >= 0xFF41 && v[i].c <= 0xFF5A)))
      v[i].c -= 0xFEE0;
  // "..." after Chinese becomes "……".
  for (long i = start; i + 2 < (long)v.size(); ++i) {
    if (v[i].locked || v[i].c != '.' || v[i + 1].c != '.' || v[i + 2].c != '.' || v[i + 1].locked || v[i + 2].locked) continue;
    const long p = Prev(v, i, start);
    if (p < 0 || !IsChinese(v[p].c)) continue;
    long e = i;
    while (e < (long)v.size() && v[e].c == '.' && !v[e].locked) ++e;
    v.erase(v.begin() + i, v.begin() + e);
    v.insert(v.begin() + i, {Cell{0x2026, false, false}, Cell{0x2026, false, false}});
  }
  // Parentheses around or after Chinese become full-width.
  for (long i = start; i < (long)v.size(); ++i) {
    if (v[i].locked || v[i].c != '(') continue;
    long close = -1;
    int depth = 0;
    bool han_inside = false;
    for (long j = i + 1; j < (long)v.size(); ++j) {
      if (v[j].locked) continue;
      if (v[j].c == '(') ++depth;
      else if (v[j].c == ')') { if (depth == 0) { close = j; break; } --depth; }
      han_inside |= IsHan(v[j].c);
    }
    if (close < 0) continue;
    const long p = Prev(v, i, start);
    if (han_inside || (p >= 0 && IsHan(v[p].c))) { v[i].c = 0xFF08; v[close].c = 0xFF09; }
  }
  // Straight double quotes around Chinese become “”.
  for (long i = start; i < (long)v.size(); ++i) {
    if (v[i].locked || v[i].c != '"') continue;
    long close = -1;
    for (long j = i + 1; j < (long)v.size(); ++j) if (!v[j].locked && v[j].c == '"') { close = j; break; }
    if (close < 0) break;
    bool han = false;
    for (long j = i + 1; j < close; ++j) han |= IsHan(v[j].c);
    if (han) { v[i].c = 0x201C; v[close].c = 0x201D; }
    i = close;
  }
  // Sentence punctuation after Chinese (or between Latin text and Chinese) becomes full-width.
  for (long i = start; i < (long)v.size(); ++i) {
    const char32_t c = v[i].c;
    if (v[i].locked || !(c == ',' || c == '!' || c == '?' || c == ':' || c == ';' || c == '.')) continue;
    const long p = Prev(v, i, start), n = Next(v, i);
    if (p < 0) continue;
    const char32_t pc = v[p].c, nc = n >= 0 ? v[n].c : 0;
    // Punctuation set off by a space is attached to the text before it only in Chinese ("你好 , 世界").
    if (p != i - 1 && !IsChinese(pc)) continue;
    const bool after_chinese = IsHan(pc) || (IsWidePunct(pc) && pc != 0x3002 && pc != 0xFF0C);
    const bool before_chinese = n >= 0 && IsHan(nc);
    bool convert = false;
    if (c == '.') {
      // A full stop only after Chinese, and not in "3.5" or a file name.
      convert = IsHan(pc) && (n < 0 || !IsLatinAlnum(nc) || n > i + 1);
      if (i + 1 < (long)v.size() && v[i + 1].c == '.') convert = false;
    } else if (c == ':' && IsDigit(pc) && n == i + 1 && IsDigit(nc)) {
      convert = false;   // 12:30
    } else {
      convert = after_chinese || (IsLatinAlnum(pc) && before_chinese) || (IsDigit(pc) && before_chinese);
      if (c == ',' && IsDigit(pc) && n == i + 1 && IsDigit(nc)) convert = false;   // 1,000
    }
    if (convert) v[i].c = WideFor(c);
  }
  // Spaces next to full-width punctuation go; a space between Chinese and Latin letters or digits comes.
  std::vector<Cell> out(v.begin(), v.begin() + start);
  for (long i = start; i < (long)v.size(); ++i) {
    const Cell& cur = v[i];
    if (cur.c == ' ' && !cur.locked) {
      const long p = Prev(v, i, start), n = Next(v, i);
      const bool wide_p = p >= 0 && !v[p].locked && IsWidePunct(v[p].c) && v[p].c != 0x2014;
      const bool wide_n = n >= 0 && !v[n].locked && IsWidePunct(v[n].c) && v[n].c != 0x2014;
      if (p >= 0 && n >= 0 && (wide_p || wide_n)) continue;
      out.push_back(cur);
      continue;
    }
    if (!out.empty() && (long)out.size() > start) {
      const Cell& a = out.back();
      auto latin = [](const Cell& x) { return x.locked ? x.space_class_latin : IsLatinAlnum(x.c) || x.c == '$' || x.c == '%'; };
      const bool a_han = !a.locked && IsHan(a.c), b_han = !cur.locked && IsHan(cur.c);
      const bool a_latin = latin(a), b_latin = latin(cur) && cur.c != '%';
      const bool same_locked_span = a.locked && cur.locked;
      if (!same_locked_span && ((a_han && b_latin) || (a_latin && b_han))) out.push_back(Cell{' ', false, false});
    }
    out.push_back(cur);
  }
  v.swap(out);
}

}  // namespace

std::string NormalizeChineseTypography(std::string_view md) {
  std::string out;
  out.reserve(md.size() + md.size() / 16);
  bool in_fence = false;
  std::string fence;
  size_t pos = 0;
  while (pos <= md.size()) {
    size_t nl = md.find('\n', pos);
    const bool last = nl == std::string_view::npos;
    const std::string line(md.substr(pos, last ? std::string_view::npos : nl - pos));
    const std::string_view t = text::Trim(line);
    const bool fence_line = text::StartsWith(t, "```") || text::StartsWith(t, "~~~");
    if (fence_line && !in_fence) {
      in_fence = true;
      fence = std::string(t.substr(0, t.find_first_not_of(t[0])));
      out += line;
    } else if (in_fence) {
      if (fence_line && text::StartsWith(t, fence) && t.find_first_not_of(fence[0]) == std::string_view::npos) in_fence = false;
      out += line;
    } else if (line.size() >= 4 && line.compare(0, 4, "    ") == 0) {
      out += line;   // indented code
    } else {
      std::vector<Cell> cells;
      std::vector<size_t> offsets;
      for (size_t i = 0; i < line.size();) {
        offsets.push_back(i);
        cells.push_back(Cell{utf8::Decode(line, i), false, false});
      }
      LockSpans(line, cells, offsets);
      // One rule's result can enable another (a converted "!" makes the "...." after it Chinese): the
      // passes run until nothing changes, so that normalizing twice changes nothing.
      for (int round = 0; round < 4; ++round) {
        std::vector<char32_t> before;
        for (const Cell& c : cells) before.push_back(c.c);
        NormalizeLine(cells);
        if (before.size() == cells.size() &&
            std::equal(before.begin(), before.end(), cells.begin(), [](char32_t a, const Cell& b) { return a == b.c; }))
          break;
      }
      for (const Cell& c : cells) utf8::Append(out, c.c);
    }
    if (last) break;
    out += '\n';
    pos = nl + 1;
  }
  return out;
}

}  // namespace tp
