// Edits to the article as Markdown the user may have changed: putting one regenerated section into the
// user's current text while keeping every other edit. Sections are those ReadArticle (core/article_view.h)
// finds through cmark's tree: ATX and setext headings alike, never a "#" inside code.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tp {

// `before` and `after` are the generated article before and after one section was regenerated;
// `current` is what the user has now (possibly edited). Writes into *out the user's text with only the
// regenerated section replaced, found by its old heading (or by position when the user renamed it and
// the section count is unchanged). False with *why when the section cannot be found; *out is untouched.
bool MergeRegeneratedSection(std::string_view current, std::string_view before, std::string_view after, std::string* out,
                             std::string* why);

}  // namespace tp
