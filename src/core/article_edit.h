// Edits to the article as Markdown the user may have changed: its level-1/2 sections found through
// cmark's tree (ATX and setext headings alike, never a "#" inside code), and putting one regenerated
// section into the user's current text while keeping every other edit.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tp {

struct EditableSection {
  std::string heading;   // the heading's plain text ("" for text before the first heading)
  int level = 0;         // 1 or 2; 0 for the text before the first heading
  size_t begin = 0;      // byte range in the Markdown, from the heading line to the next section
  size_t end = 0;
};

// The document cut at every level-1 and level-2 heading. The sections cover the whole text, in order.
std::vector<EditableSection> SplitSections(std::string_view markdown);

// `before` and `after` are the generated article before and after one section was regenerated;
// `current` is what the user has now (possibly edited). Writes into *out the user's text with only the
// regenerated section replaced, found by its old heading (or by position when the user renamed it and
// the section count is unchanged). False with *why when the section cannot be found; *out is untouched.
bool MergeRegeneratedSection(std::string_view current, std::string_view before, std::string_view after, std::string* out,
                             std::string* why);

}  // namespace tp
