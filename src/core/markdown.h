// Markdown -> document model (cmark, once per change) for the article view, and a safe HTML export.
// The model is a flat list of blocks with styled runs; layout happens in core/linebreak.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tp {

enum RunStyle : uint8_t { kBold = 1, kItalic = 2, kCode = 4, kLink = 8 };

struct MdRun {
  std::string text;
  uint8_t style = 0;
  int link = -1;              // index into MdDocument::links when style has kLink
};

enum class MdBlockType { Paragraph, Heading, CodeBlock, ThematicBreak, HtmlBlock };

struct MdBlock {
  MdBlockType type = MdBlockType::Paragraph;
  int heading_level = 0;      // 1..6 for headings
  int quote_depth = 0;        // nesting of block quotes around the block
  int list_depth = 0;         // nesting of lists around the block
  std::string bullet;         // "•", "1." … for the first block of a list item, else ""
  std::vector<MdRun> runs;    // inline content (a code block has one run with its literal text)
  std::string info;           // code block info string ("python")
  int source_line = 0;        // 1-based line in the Markdown where the block starts
  std::string PlainText() const;
};

struct MdDocument {
  std::vector<MdBlock> blocks;
  std::vector<std::string> links;   // URLs; only http, https and mailto are kept clickable
};

MdDocument ParseMarkdown(std::string_view markdown);

// True for URLs a link may open: http, https, mailto (model output is untrusted).
bool IsSafeUrl(std::string_view url);

// Standalone HTML document (download, rich copy for Notion/Docs): inline styles, every text escaped, raw
// HTML from the Markdown shown as text, links limited to http/https/mailto. `language` (BCP 47, the spec's
// output language) becomes <html lang>; a viewport meta and wrapping styles keep long lines on screen.
std::string ExportHtml(std::string_view markdown, std::string_view title, std::string_view language = "");

// A fragment for the WeChat editor, which keeps only inline styles and strips external links on save:
// every element styled inline (no <style>, class or id), links become numbered footnotes listed at the end
// under `links_label` (the spec's localized "links" label), code blocks (the fenced dialogue) become a boxed
// block of one paragraph per line. Same escaping and link rules as ExportHtml.
std::string ExportWeChatHtml(std::string_view markdown, std::string_view links_label);

}  // namespace tp
