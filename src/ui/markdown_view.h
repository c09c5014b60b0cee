// Rich Markdown view: parses with cmark once per change (core/markdown.h), lays out per width with
// the project's line breaker (core/linebreak.h), caches the layout, and draws only the visible lines.
// Headings by size, bold/italic/code runs, code blocks, quotes with a bar, nested lists, links that
// open in a new tab, thematic breaks, CJK and emoji. Click selects a block, drag or Shift+click a range,
// double-click a word, Ctrl/Cmd+A everything; Ctrl/Cmd+C or the context menu copies it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/markdown.h"

namespace tp::ui {

struct MarkdownView {
  // Draws `markdown` filling the remaining content region (scrolls itself).
  // height 0: what is left of the window. revision: the text's revision when the caller keeps one
  // (App::article_revision), so an unchanged text is known without comparing it; 0: compared each frame.
  void Draw(const std::string& markdown, float height = 0, uint64_t revision = 0);
  std::string SelectedText() const;
  // Scrolls to the block that holds the 1-based Markdown `line` and selects it (on the next Draw).
  void RevealLine(int line) { reveal_line_ = line; }

 private:
  struct Seg { int run; size_t begin, end; float x, width; int style; };
  struct Line { int block; float y, height, ascent, indent; std::vector<Seg> segs; };
  void Layout(float width);
  void CopySelection() const;

  std::string source_;
  uint64_t source_revision_ = 0;
  MdDocument doc_;
  std::vector<Line> lines_;
  std::vector<float> block_top_, block_bottom_;
  float width_ = -1, font_size_ = 0, total_h_ = 0;
  int sel_a_ = -1, sel_b_ = -1;
  struct WordSel { int block = -1, run = 0; size_t begin = 0, end = 0; };
  WordSel word_;                 // a double-clicked word (replaces the block selection while set)
  bool dragged_ = false;         // the mouse moved to another block since it went down
  int BlockAt(float y) const;    // the block at content height y (the nearest one)
  WordSel WordAt(float x, float y) const;
  int reveal_line_ = 0;
};

}  // namespace tp::ui
