#include "core/article_edit.h"

#include "core/article_view.h"

namespace tp {

namespace {

// A part of the article as a merge sees it: the text before the title, the title, and each level-1/2
// section, read by ReadArticle. The parts cover the whole text, in order.
struct Part {
  std::string heading;   // "" for text before the first heading
  int level = 0;         // 1 or 2; 0 for the text before the first heading
  size_t begin = 0, end = 0;
};

std::vector<Part> Parts(std::string_view md) {
  const ArticleView v = ReadArticle(md, SectionLabels{});
  std::vector<Part> out;
  if (v.has_title) out.push_back({v.title, 1, v.title_begin, 0});
  for (const ArticleSection& s : v.sections) out.push_back({s.heading, s.level, s.heading_begin, 0});
  if (out.empty() || out.front().begin > 0) out.insert(out.begin(), Part{});
  for (size_t i = 0; i < out.size(); ++i) out[i].end = i + 1 < out.size() ? out[i + 1].begin : md.size();
  return out;
}

std::string Text(std::string_view md, const Part& s) { return std::string(md.substr(s.begin, s.end - s.begin)); }

// Ensures a replaced section still ends with a blank line before the next heading.
std::string WithTrailingBreak(std::string text, bool last) {
  if (last) return text;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text + "\n\n";
}

}  // namespace

bool MergeRegeneratedSection(std::string_view current, std::string_view before, std::string_view after, std::string* out,
                             std::string* why) {
  const std::vector<Part> old_s = Parts(before), new_s = Parts(after);
  if (old_s.size() != new_s.size()) { *why = "The regenerated article has a different number of sections."; return false; }
  size_t changed = old_s.size();
  for (size_t i = 0; i < old_s.size(); ++i)
    if (Text(before, old_s[i]) != Text(after, new_s[i])) {
      if (changed != old_s.size()) { *why = "More than one section changed when one was regenerated."; return false; }
      changed = i;
    }
  if (changed == old_s.size()) { *out = std::string(current); return true; }   // nothing new to put in

  const std::vector<Part> cur = Parts(current);
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
