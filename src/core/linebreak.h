// Line breaking for the article view: mixed Latin/CJK/emoji runs of different styles broken into lines
// of a given width. Break between CJK characters and after spaces and hyphens; kinsoku rules (no
// "，。、！？）」』》…" at a line start, no "（「『《“" at a line end); emoji sequences kept whole; hard
// breaks; words longer than a line broken anywhere. Pure: the caller supplies glyph advances.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

namespace tp {

struct LayoutRun {
  std::string_view text;
  int style = 0;              // caller-defined (font, size); passed back to the measure function
};

struct LineSegment {
  int run = 0;
  size_t begin = 0, end = 0;  // byte range in runs[run].text
  float x = 0;                // offset from the line start
  float width = 0;
};

struct LayoutLine {
  std::vector<LineSegment> segments;
  float width = 0;            // without trailing spaces
};

using AdvanceFn = std::function<float(char32_t cp, int style)>;

std::vector<LayoutLine> BreakLines(const std::vector<LayoutRun>& runs, float max_width, const AdvanceFn& advance);

// The word around byte `at`, for double-click selection: a run of letters and digits of a spaced script
// (Latin, Cyrillic, Hangul...), or in unspaced text a run of one CJK script (Han, Hiragana, Katakana) up to
// punctuation, a space or a change of script; any other character alone. [begin, end) in bytes.
struct TextRange {
  size_t begin = 0, end = 0;
};
TextRange WordAround(std::string_view text, size_t at);

bool IsNoLineStart(char32_t c);   // closing punctuation that must not begin a line
bool IsNoLineEnd(char32_t c);     // opening punctuation that must not end a line

}  // namespace tp
