#include "core/linebreak.h"

#include <cctype>

#include "core/utf8.h"

namespace tp {

bool IsNoLineStart(char32_t c) {
  switch (c) {
    case U'，': case U'。': case U'、': case U'！': case U'？': case U'）': case U'」': case U'』': case U'》':
    case U'】': case U'〕': case U'〉': case U'…': case U'：': case U'；': case U'・': case U'ー': case U'々':
    case U'”': case U'’': case U'％': case U'ぁ': case U'ぃ': case U'ぅ': case U'ぇ': case U'ぉ': case U'っ':
    case U'ゃ': case U'ゅ': case U'ょ': case U'ァ': case U'ィ': case U'ゥ': case U'ェ': case U'ォ': case U'ッ':
    case U'ャ': case U'ュ': case U'ョ': case U'〜': case U'～':
    case ',': case '.': case '!': case '?': case ')': case ']': case '}': case ';': case ':': case '%':
      return true;
    default: return false;
  }
}

bool IsNoLineEnd(char32_t c) {
  switch (c) {
    case U'（': case U'「': case U'『': case U'《': case U'【': case U'〔': case U'〈': case U'“': case U'‘':
    case '(': case '[': case '{':
      return true;
    default: return false;
  }
}

namespace {

// Code points that attach to the previous one: no break between them.
bool IsJoining(char32_t c) {
  return c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0x0300 && c <= 0x036F) ||
         (c >= 0xE0020 && c <= 0xE007F) || c == 0x20E3;
}

// The class of a character for word selection: 0 none (spaces, punctuation, symbols: selected alone).
enum class WordClass { None, Spaced, Han, Hiragana, Katakana };

WordClass ClassOf(char32_t c) {
  if (c < 0x80) return std::isalnum((int)c) || c == '_' || c == '\'' || c == '-' ? WordClass::Spaced : WordClass::None;
  if (utf8::IsCjkIdeograph(c) || c == U'々') return WordClass::Han;
  if (c >= 0x3041 && c <= 0x309F) return WordClass::Hiragana;
  if ((c >= 0x30A1 && c <= 0x30FF && c != 0x30FB) || (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xFF66 && c <= 0xFF9F))
    return WordClass::Katakana;
  if (utf8::IsHangul(c)) return WordClass::Spaced;
  if (utf8::IsSpace(c) || utf8::IsWide(c) || utf8::IsEmoji(c) || (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x80 && c <= 0xBF))
    return WordClass::None;   // general punctuation, arrows, symbols, Latin-1 punctuation
  return WordClass::Spaced;
}

struct Unit {
  int run;
  size_t begin, end;
  char32_t cp;
  float width;
  bool space;
  bool hard_break;
  bool break_before;   // a line may start at this unit
};

}  // namespace

TextRange WordAround(std::string_view text, size_t at) {
  if (at >= text.size()) return {text.size(), text.size()};
  while (at > 0 && ((unsigned char)text[at] & 0xC0) == 0x80) --at;   // to the start of its code point
  TextRange w{at, at};
  const WordClass cls = ClassOf(utf8::Decode(text, w.end));
  if (cls == WordClass::None) {   // one character with what attaches to it (a skin tone, a combining mark)
    while (w.end < text.size()) {
      size_t m = w.end;
      if (!IsJoining(utf8::Decode(text, m))) break;
      w.end = m;
    }
    return w;
  }
  while (w.begin > 0) {
    size_t k = w.begin;
    const char32_t c = utf8::DecodeBefore(text, k);
    if (ClassOf(c) != cls && !IsJoining(c)) break;
    w.begin = k;
  }
  while (w.end < text.size()) {
    size_t m = w.end;
    const char32_t c = utf8::Decode(text, m);
    if (ClassOf(c) != cls && !IsJoining(c)) break;
    w.end = m;
  }
  return w;
}

std::vector<LayoutLine> BreakLines(const std::vector<LayoutRun>& runs, float max_width, const AdvanceFn& advance) {
  // 1. Code points with widths and break opportunities.
  std::vector<Unit> units;
  char32_t prev = 0;
  bool prev_space = false;
  for (int r = 0; r < (int)runs.size(); ++r) {
    std::string_view s = runs[r].text;
    size_t i = 0;
    while (i < s.size()) {
      const size_t b = i;
      const char32_t c = utf8::Decode(s, i);
      Unit u{r, b, i, c, 0, c == ' ' || c == '\t' || c == 0x3000, c == '\n', false};
      if (!u.hard_break) u.width = advance(c, runs[r].style);
      if (prev != 0 && !u.hard_break) {
        const bool wide = utf8::IsWide(c) || utf8::IsEmoji(c);
        const bool prev_wide = utf8::IsWide(prev) || utf8::IsEmoji(prev);
        bool ok = prev_space && !u.space;              // after spaces
        ok = ok || (!u.space && (wide || prev_wide) && prev != 0x200D);   // around CJK and emoji
        ok = ok || (prev == '-' && !u.space && c != '-' && !(c >= '0' && c <= '9'));   // after hyphens
        if (u.space) ok = false;                        // spaces hang at the line end
        if (IsJoining(c) || prev == 0x200D) ok = false; // keep emoji sequences and combining marks whole
        if (IsNoLineStart(c) || IsNoLineEnd(prev)) ok = false;   // kinsoku
        u.break_before = ok;
      }
      prev = u.hard_break ? 0 : c;
      prev_space = u.space;
      units.push_back(u);
    }
  }

  // 2. Greedy fill.
  std::vector<LayoutLine> lines;
  size_t line_start = 0;
  auto emit = [&](size_t from, size_t to) {   // units [from, to)
    LayoutLine line;
    float x = 0, visible = 0;
    for (size_t k = from; k < to; ++k) {
      const Unit& u = units[k];
      if (u.hard_break) continue;
      if (line.segments.empty() || line.segments.back().run != u.run || line.segments.back().end != u.begin)
        line.segments.push_back({u.run, u.begin, u.begin, x, 0});
      line.segments.back().end = u.end;
      line.segments.back().width += u.width;
      x += u.width;
      if (!u.space) visible = x;
    }
    line.width = visible;
    lines.push_back(std::move(line));
  };
  float width = 0;
  size_t last_break = 0;   // index of the last unit a line may start at (0 = none since line_start)
  for (size_t k = 0; k < units.size(); ++k) {
    const Unit& u = units[k];
    if (u.hard_break) {
      emit(line_start, k);
      line_start = k + 1;
      width = 0;
      last_break = 0;
      continue;
    }
    if (k > line_start && u.break_before) last_break = k;
    width += u.width;
    if (width > max_width && !u.space && k > line_start) {
      size_t cut = last_break;
      if (cut <= line_start) {
        // No opportunity: break inside the word, but never inside an emoji sequence or before a
        // combining mark; if that leaves nothing, the line overflows until the next chance.
        cut = k;
        while (cut > line_start && (IsJoining(units[cut].cp) || units[cut - 1].cp == 0x200D)) --cut;
        if (cut == line_start) continue;
      }
      emit(line_start, cut);
      line_start = cut;
      width = 0;
      for (size_t j = cut; j <= k; ++j) width += units[j].width;
      last_break = 0;
      for (size_t j = cut + 1; j <= k; ++j) if (units[j].break_before) last_break = j;
    }
  }
  if (line_start < units.size() || lines.empty()) emit(line_start, units.size());
  return lines;
}

}  // namespace tp
