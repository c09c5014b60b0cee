#include "core/article_edit.h"

#include "cmark.h"

namespace tp {

namespace {

// Byte offset of the start of 1-based `line` in `s` (s.size() past the end).
size_t LineOffset(std::string_view s, int line) {
  size_t pos = 0;
  for (int l = 1; l < line; ++l) {
    const size_t nl = s.find('\n', pos);
    if (nl == std::string_view::npos) return s.size();
    pos = nl + 1;
  }
  return pos;
}

void PlainText(cmark_node* n, std::string* out) {
  for (cmark_node* c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
    const cmark_node_type t = cmark_node_get_type(c);
    if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
      if (const char* lit = cmark_node_get_literal(c)) *out += lit;
    } else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
      *out += ' ';
    } else {
      PlainText(c, out);
    }
  }
}

std::string Text(std::string_view md, const EditableSection& s) { return std::string(md.substr(s.begin, s.end - s.begin)); }

// Ensures a replaced section still ends with a blank line before the next heading.
std::string WithTrailingBreak(std::string text, bool last) {
  if (last) return text;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text + "\n\n";
}

}  // namespace

std::vector<EditableSection> SplitSections(std::string_view markdown) {
  std::vector<EditableSection> out;
  cmark_node* doc = cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT);
  EditableSection lead;   // before the first heading
  out.push_back(lead);
  for (cmark_node* n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
    if (cmark_node_get_type(n) != CMARK_NODE_HEADING || cmark_node_get_heading_level(n) > 2) continue;
    EditableSection s;
    s.level = cmark_node_get_heading_level(n);
    PlainText(n, &s.heading);
    s.begin = LineOffset(markdown, cmark_node_get_start_line(n));
    out.back().end = s.begin;
    out.push_back(s);
  }
  out.back().end = markdown.size();
  cmark_node_free(doc);
  if (out.size() > 1 && out[0].begin == out[0].end) out.erase(out.begin());
  return out;
}

bool MergeRegeneratedSection(std::string_view current, std::string_view before, std::string_view after, std::string* out,
                             std::string* why) {
  const std::vector<EditableSection> old_s = SplitSections(before), new_s = SplitSections(after);
  if (old_s.size() != new_s.size()) { *why = "The regenerated article has a different number of sections."; return false; }
  size_t changed = old_s.size();
  for (size_t i = 0; i < old_s.size(); ++i)
    if (Text(before, old_s[i]) != Text(after, new_s[i])) {
      if (changed != old_s.size()) { *why = "More than one section changed when one was regenerated."; return false; }
      changed = i;
    }
  if (changed == old_s.size()) { *out = std::string(current); return true; }   // nothing new to put in

  const std::vector<EditableSection> cur = SplitSections(current);
  size_t target = cur.size();
  for (size_t i = 0; i < cur.size(); ++i)
    if (cur[i].level == old_s[changed].level && cur[i].heading == old_s[changed].heading) {
      if (target != cur.size()) { target = cur.size(); break; }   // two sections share the heading: ambiguous
      target = i;
    }
  if (target == cur.size() && cur.size() == old_s.size() && cur[changed].level == old_s[changed].level) target = changed;
  if (target == cur.size()) {
    *why = "The section \"" + old_s[changed].heading + "\" is no longer in your edited article, so the new version was not put in.";
    return false;
  }
  const bool last = target + 1 == cur.size();
  *out = std::string(current.substr(0, cur[target].begin)) + WithTrailingBreak(Text(after, new_s[changed]), last) +
         std::string(current.substr(cur[target].end));
  return true;
}

}  // namespace tp
