// An article read through cmark's tree: title, lead, and the level-2 parts (highlights, introduction, body
// sections, conclusion, dialogue …) with each block's plain text and byte range in the Markdown. The
// verifier and the structure checker look at articles only through this, so setext headings, indented
// code or a stray "#" inside a fence are read the way a Markdown renderer reads them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/markdown.h"
#include "core/spec.h"

namespace tp {

enum class ArticlePart { Article, Title, Lead, Highlights, Introduction, Body, Quotes, Conclusion, Links, Dialogue, Source };
const char* ToString(ArticlePart p);

struct ArticleBlock {
  MdBlockType type = MdBlockType::Paragraph;
  int heading_level = 0;
  int quote_depth = 0;
  int list_depth = 0;
  bool list_item = false;     // the first block of a list item
  std::string text;           // plain text (inline code included; a code block's literal)
  std::string prose;          // plain text without inline code, links' URLs never included
  size_t begin = 0, end = 0;  // bytes of the Markdown the block came from
  int line = 0;               // 1-based
};

struct ArticleSection {
  ArticlePart part = ArticlePart::Body;
  int body_index = -1;        // 0-based among body sections
  std::string heading;        // plain text of the "## " heading
  int level = 2;              // 2, or 1 for a level-1 heading after the first section
  size_t heading_begin = 0;
  int heading_line = 0;
  std::vector<ArticleBlock> blocks;   // everything up to the next level-1/2 heading
  // Paragraph text of the section (no headings, no code), blocks separated by newlines.
  std::string Prose() const;
};

struct ArticleView {
  bool has_title = false;
  std::string title;
  size_t title_begin = 0;
  int title_line = 0;
  std::vector<ArticleBlock> lead;          // blockquote blocks between the title and the first section
  std::vector<ArticleBlock> preamble;      // other blocks there
  std::vector<ArticleSection> sections;    // every level-2 part, in order
  bool has_source_line = false;
  ArticleBlock source_line;
  std::vector<size_t> line_starts;

  int LineOf(size_t offset) const;
  int BodyCount() const;
};

ArticleView ReadArticle(std::string_view markdown, const SectionLabels& labels);

// True when a level-2 heading is the given label ("引言", "引言：subtitle", "Introduction: …").
bool HeadingIsLabel(std::string_view heading, std::string_view label, std::string_view separator);

}  // namespace tp
