// Reading an article's parts from cmark's block list (core/markdown.h).
#include "core/article_view.h"

#include <algorithm>

#include "core/text_util.h"

namespace tp {

const char* ToString(ArticlePart p) {
  switch (p) {
    case ArticlePart::Article: return "article";
    case ArticlePart::Title: return "title";
    case ArticlePart::Lead: return "lead";
    case ArticlePart::Highlights: return "highlights";
    case ArticlePart::Introduction: return "introduction";
    case ArticlePart::Body: return "section";
    case ArticlePart::Quotes: return "quotes";
    case ArticlePart::Conclusion: return "conclusion";
    case ArticlePart::Links: return "links";
    case ArticlePart::Dialogue: return "dialogue";
    case ArticlePart::Source: return "source";
  }
  return "article";
}

bool HeadingIsLabel(std::string_view h, std::string_view label, std::string_view sep) {
  if (label.empty()) return false;
  h = text::Trim(h);
  if (h == label) return true;
  if (!text::StartsWith(h, label)) return false;
  std::string_view rest = h.substr(label.size());
  return (!sep.empty() && text::StartsWith(rest, sep)) || text::StartsWith(rest, ":") || text::StartsWith(rest, "：") ||
         text::StartsWith(rest, " —") || text::StartsWith(rest, " -");
}

std::string ArticleSection::Prose() const {
  std::string out;
  for (const ArticleBlock& b : blocks) {
    if (b.type != MdBlockType::Paragraph) continue;
    if (!out.empty()) out += '\n';
    out += b.prose;
  }
  return out;
}

int ArticleView::LineOf(size_t offset) const {
  auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  return (int)(it - line_starts.begin());
}

int ArticleView::BodyCount() const {
  int n = 0;
  for (const ArticleSection& s : sections) n += s.part == ArticlePart::Body;
  return n;
}

ArticleView ReadArticle(std::string_view md, const SectionLabels& L) {
  ArticleView v;
  v.line_starts.push_back(0);
  for (size_t i = 0; i < md.size(); ++i)
    if (md[i] == '\n') v.line_starts.push_back(i + 1);
  auto line_begin = [&](int line) { return line >= 1 && line <= (int)v.line_starts.size() ? v.line_starts[line - 1] : md.size(); };

  const MdDocument doc = ParseMarkdown(md);
  std::vector<ArticleBlock> blocks;
  blocks.reserve(doc.blocks.size());
  for (size_t k = 0; k < doc.blocks.size(); ++k) {
    const MdBlock& m = doc.blocks[k];
    ArticleBlock b;
    b.type = m.type;
    b.heading_level = m.heading_level;
    b.quote_depth = m.quote_depth;
    b.list_depth = m.list_depth;
    b.list_item = !m.bullet.empty();
    for (const MdRun& r : m.runs) {
      b.text += r.text;
      if (!(r.style & kCode) || m.type == MdBlockType::CodeBlock) b.prose += r.text;
    }
    b.line = m.source_line;
    b.begin = line_begin(m.source_line);
    b.end = k + 1 < doc.blocks.size() ? std::max(b.begin, line_begin(doc.blocks[k + 1].source_line)) : md.size();
    blocks.push_back(std::move(b));
  }

  auto is_source_line = [&](const ArticleBlock& b) {
    if (b.type != MdBlockType::Paragraph || L.source.empty()) return false;
    std::string_view t = text::Trim(b.text);
    return HeadingIsLabel(t, L.source, L.separator);
  };
  struct LabelPart { const std::string* label; ArticlePart part; };
  const LabelPart labels[] = {{&L.highlights, ArticlePart::Highlights}, {&L.introduction, ArticlePart::Introduction},
                              {&L.conclusion, ArticlePart::Conclusion}, {&L.quotes, ArticlePart::Quotes},
                              {&L.links, ArticlePart::Links},           {&L.dialogue, ArticlePart::Dialogue}};
  int body = 0;
  for (ArticleBlock& b : blocks) {
    if (b.type == MdBlockType::Heading && b.heading_level == 1 && !v.has_title && v.sections.empty()) {
      v.has_title = true;
      v.title = std::string(text::Trim(b.text));
      v.title_begin = b.begin;
      v.title_line = b.line;
      continue;
    }
    if (b.type == MdBlockType::Heading && b.heading_level <= 2) {
      ArticleSection s;
      s.heading = std::string(text::Trim(b.text));
      s.level = b.heading_level;
      s.heading_begin = b.begin;
      s.heading_line = b.line;
      s.part = ArticlePart::Body;
      for (const LabelPart& lp : labels)
        if (HeadingIsLabel(s.heading, *lp.label, L.separator)) { s.part = lp.part; break; }
      if (s.part == ArticlePart::Body) s.body_index = body++;
      v.sections.push_back(std::move(s));
      continue;
    }
    if (is_source_line(b)) {
      v.has_source_line = true;
      v.source_line = b;
      continue;
    }
    if (v.sections.empty()) {
      if (b.quote_depth > 0) v.lead.push_back(std::move(b));
      else v.preamble.push_back(std::move(b));
      continue;
    }
    v.sections.back().blocks.push_back(std::move(b));
  }
  return v;
}

}  // namespace tp
