// Markdown model and HTML export on cmark. Index: walk (blocks, inlines) · IsSafeUrl · HtmlWriter ·
// ExportHtml (standalone document) · ExportWeChatHtml (fragment for the WeChat editor).
#include "core/markdown.h"

#include <cmark.h>

#include <cctype>

#include "core/text_util.h"
#include "core/utf8.h"

namespace tp {

std::string MdBlock::PlainText() const {
  std::string s;
  for (const MdRun& r : runs) s += r.text;
  return s;
}

bool IsSafeUrl(std::string_view url) {
  std::string u = text::ToLowerAscii(text::Trim(url));
  return text::StartsWith(u, "http://") || text::StartsWith(u, "https://") || text::StartsWith(u, "mailto:");
}

namespace {

// Containers deeper than this (quotes in lists in quotes...) are flattened to their text: no reader needs
// more, and the walks below recurse once per level, so hostile Markdown must not choose the depth.
constexpr int kMaxNesting = 48;

// All the text under n, without recursion: paragraphs and other blocks end with a newline.
std::string SubtreeText(cmark_node* n) {
  std::string out;
  cmark_iter* it = cmark_iter_new(n);
  for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
    cmark_node* c = cmark_iter_get_node(it);
    const cmark_node_type t = cmark_node_get_type(c);
    const char* lit = cmark_node_get_literal(c);
    if (ev == CMARK_EVENT_ENTER && lit) out += lit;   // raw HTML too: shown as text, like everywhere else
    if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)) out += ' ';
    if ((ev == CMARK_EVENT_EXIT || t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_HTML_BLOCK) &&
        (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_HTML_BLOCK) &&
        (out.empty() || out.back() != '\n'))
      out += '\n';
  }
  cmark_iter_free(it);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

struct Walker {
  MdDocument doc;
  int quote_depth = 0;
  int list_depth = 0;
  std::vector<std::pair<bool, int>> lists;   // (ordered, next number)
  std::string pending_bullet;
  int depth = 0;   // recursion depth of Inlines + Blocks (see kMaxNesting)

  void Inlines(cmark_node* n, uint8_t style, int link, std::vector<MdRun>& out) {
    if (depth >= kMaxNesting) { Add(out, SubtreeText(n).c_str(), style, link); return; }
    ++depth;
    for (cmark_node* c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
      switch (cmark_node_get_type(c)) {
        case CMARK_NODE_TEXT: Add(out, cmark_node_get_literal(c), style, link); break;
        case CMARK_NODE_CODE: Add(out, cmark_node_get_literal(c), style | kCode, link); break;
        case CMARK_NODE_SOFTBREAK: {
          // A soft break is a space between words, and nothing between CJK characters.
          std::string prev = out.empty() ? "" : out.back().text;
          const char* next_lit = cmark_node_next(c) && cmark_node_get_literal(cmark_node_next(c)) ? cmark_node_get_literal(cmark_node_next(c)) : "";
          size_t i = 0;
          char32_t next_cp = next_lit[0] ? utf8::Decode(next_lit, i) : 0;
          size_t k = prev.size();
          const char32_t prev_cp = utf8::DecodeBefore(prev, k);
          if (!(utf8::IsWide(prev_cp) && utf8::IsWide(next_cp))) Add(out, " ", style, link);
          break;
        }
        case CMARK_NODE_LINEBREAK: Add(out, "\n", style, link); break;
        case CMARK_NODE_EMPH: Inlines(c, style | kItalic, link, out); break;
        case CMARK_NODE_STRONG: Inlines(c, style | kBold, link, out); break;
        case CMARK_NODE_LINK: {
          const char* url = cmark_node_get_url(c);
          if (url && IsSafeUrl(url)) {
            doc.links.emplace_back(url);
            Inlines(c, style | kLink, (int)doc.links.size() - 1, out);
          } else {
            Inlines(c, style, link, out);   // unsafe scheme: keep the text, drop the link
          }
          break;
        }
        case CMARK_NODE_IMAGE: Inlines(c, style, link, out); break;   // alt text only
        case CMARK_NODE_HTML_INLINE: Add(out, cmark_node_get_literal(c), style, link); break;   // shown as text
        default: Inlines(c, style, link, out); break;
      }
    }
    --depth;
  }

  static void Add(std::vector<MdRun>& out, const char* lit, uint8_t style, int link) {
    if (!lit || !*lit) return;
    if (!out.empty() && out.back().style == style && out.back().link == link) { out.back().text += lit; return; }
    out.push_back({lit, style, link});
  }

  MdBlock& NewBlock(MdBlockType t, cmark_node* n) {
    doc.blocks.emplace_back();
    MdBlock& b = doc.blocks.back();
    b.type = t;
    b.quote_depth = quote_depth;
    b.list_depth = list_depth;
    b.bullet.swap(pending_bullet);
    b.source_line = cmark_node_get_start_line(n);
    return b;
  }

  void Blocks(cmark_node* n) {
    if (depth >= kMaxNesting) {   // too deep to show as structure: its text as one paragraph
      MdBlock& b = NewBlock(MdBlockType::Paragraph, n);
      Add(b.runs, SubtreeText(n).c_str(), 0, -1);
      return;
    }
    ++depth;
    for (cmark_node* c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
      switch (cmark_node_get_type(c)) {
        case CMARK_NODE_PARAGRAPH: { MdBlock& b = NewBlock(MdBlockType::Paragraph, c); Inlines(c, 0, -1, b.runs); break; }
        case CMARK_NODE_HEADING: {
          MdBlock& b = NewBlock(MdBlockType::Heading, c);
          b.heading_level = cmark_node_get_heading_level(c);
          Inlines(c, 0, -1, b.runs);
          break;
        }
        case CMARK_NODE_CODE_BLOCK: {
          MdBlock& b = NewBlock(MdBlockType::CodeBlock, c);
          std::string lit = cmark_node_get_literal(c) ? cmark_node_get_literal(c) : "";
          if (!lit.empty() && lit.back() == '\n') lit.pop_back();
          b.runs.push_back({lit, kCode, -1});
          b.info = cmark_node_get_fence_info(c) ? cmark_node_get_fence_info(c) : "";
          break;
        }
        case CMARK_NODE_HTML_BLOCK: {   // raw HTML is shown as text, never interpreted
          MdBlock& b = NewBlock(MdBlockType::HtmlBlock, c);
          std::string lit = cmark_node_get_literal(c) ? cmark_node_get_literal(c) : "";
          if (!lit.empty() && lit.back() == '\n') lit.pop_back();
          b.runs.push_back({lit, kCode, -1});
          break;
        }
        case CMARK_NODE_THEMATIC_BREAK: NewBlock(MdBlockType::ThematicBreak, c); break;
        case CMARK_NODE_BLOCK_QUOTE: ++quote_depth; Blocks(c); --quote_depth; break;
        case CMARK_NODE_LIST:
          lists.push_back({cmark_node_get_list_type(c) == CMARK_ORDERED_LIST, cmark_node_get_list_start(c)});
          ++list_depth;
          Blocks(c);
          --list_depth;
          lists.pop_back();
          break;
        case CMARK_NODE_ITEM: {
          auto& l = lists.back();
          pending_bullet = l.first ? std::to_string(l.second++) + "." : (list_depth % 2 ? "•" : "◦");
          Blocks(c);
          pending_bullet.clear();
          break;
        }
        default: Blocks(c); break;
      }
    }
    --depth;
  }
};

}  // namespace

MdDocument ParseMarkdown(std::string_view md) {
  cmark_node* root = cmark_parse_document(md.data(), md.size(), CMARK_OPT_VALIDATE_UTF8);
  Walker w;
  if (root) {
    w.Blocks(root);
    cmark_node_free(root);
  }
  return std::move(w.doc);
}

// ---------------------------------------------------------------------------------------------- HTML

namespace {
std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// A link target for href="…": bytes a URL may not hold raw (controls, space, quotes, brackets) are
// percent-encoded, as cmark's own renderer does; '&' and '\'' become entities.
std::string EscapeHref(std::string_view url) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7F || std::string_view("\"<>\\^`{|}").find((char)c) != std::string_view::npos) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '\'') {
      out += "&#39;";
    } else {
      out += (char)c;
    }
  }
  return out;
}

// One writer for both exports. Standalone mode: a document with links kept. WeChat mode: every element
// carries its whole style inline (the WeChat editor drops <style>, classes and ids on save), external
// links become numbered footnotes (the editor strips links outside its own site) and code blocks become
// one paragraph per line inside a boxed section (the editor collapses the white-space of <pre>).
struct HtmlWriter {
  bool wechat = false;
  std::vector<std::string> footnotes;   // WeChat mode: URLs in order of first use
  std::string out;

  static constexpr const char* kCodeFont = "font-family:Menlo,Consolas,monospace";

  // Footnote number (1-based) of a URL, reusing the number of one already cited.
  size_t Footnote(const std::string& url) {
    for (size_t i = 0; i < footnotes.size(); ++i)
      if (footnotes[i] == url) return i + 1;
    footnotes.push_back(url);
    return footnotes.size();
  }

  void Inline(cmark_node* n, int depth) {
    if (depth >= kMaxNesting) { out += Escape(SubtreeText(n)); return; }
    for (cmark_node* c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
      const char* lit = cmark_node_get_literal(c);
      switch (cmark_node_get_type(c)) {
        case CMARK_NODE_TEXT: out += Escape(lit ? lit : ""); break;
        case CMARK_NODE_HTML_INLINE: out += Escape(lit ? lit : ""); break;   // raw HTML becomes visible text
        case CMARK_NODE_CODE:
          out += std::string("<code style=\"") + kCodeFont + ";background:#f3f3f3;padding:0 3px;border-radius:3px\">" +
                 Escape(lit ? lit : "") + "</code>";
          break;
        case CMARK_NODE_SOFTBREAK: out += "\n"; break;
        case CMARK_NODE_LINEBREAK: out += "<br>"; break;
        case CMARK_NODE_EMPH: out += "<em style=\"font-style:italic\">"; Inline(c, depth + 1); out += "</em>"; break;
        case CMARK_NODE_STRONG: out += "<strong style=\"font-weight:bold\">"; Inline(c, depth + 1); out += "</strong>"; break;
        case CMARK_NODE_LINK: {
          const char* url = cmark_node_get_url(c);
          if (url && IsSafeUrl(url) && wechat) {
            out += "<span style=\"color:#c2410c\">";
            Inline(c, depth + 1);
            out += "</span><sup style=\"font-size:0.75em;color:#888;line-height:0\">[" + std::to_string(Footnote(url)) + "]</sup>";
          } else if (url && IsSafeUrl(url)) {
            out += "<a href=\"" + EscapeHref(url) + "\" style=\"color:#c2410c\" rel=\"noopener noreferrer\">";
            Inline(c, depth + 1);
            out += "</a>";
          } else {
            Inline(c, depth + 1);
          }
          break;
        }
        case CMARK_NODE_IMAGE: Inline(c, depth + 1); break;
        default: Inline(c, depth + 1); break;
      }
    }
  }

  void CodeBlock(std::string_view lit) {
    if (!lit.empty() && lit.back() == '\n') lit.remove_suffix(1);
    if (!wechat) {
      out += std::string("<pre style=\"white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f6f6;padding:0.8em 1em;"
                         "border-radius:6px;") + kCodeFont + ";font-size:0.9em;line-height:1.6\">" + Escape(lit) + "</pre>\n";
      return;
    }
    out += "<section style=\"margin:0 0 1em;background:#f6f6f6;padding:0.8em 1em;border-radius:6px;font-size:0.9em;"
           "line-height:1.6;overflow-wrap:anywhere;word-break:break-word\">\n";
    size_t at = 0;
    while (at <= lit.size()) {
      size_t nl = lit.find('\n', at);
      if (nl == std::string_view::npos) nl = lit.size();
      const std::string_view line = lit.substr(at, nl - at);
      // An empty line keeps its height; leading spaces survive as no-break spaces.
      std::string text;
      size_t k = 0;
      for (; k < line.size() && line[k] == ' '; ++k) text += "&nbsp;";
      text += Escape(line.substr(k));
      out += "<p style=\"margin:0;line-height:1.6;min-height:1em\">" + (text.empty() ? std::string("<br>") : text) + "</p>\n";
      at = nl + 1;
    }
    out += "</section>\n";
  }

  void Node(cmark_node* c, int depth) {
    const char* lit = cmark_node_get_literal(c);
    switch (cmark_node_get_type(c)) {
      case CMARK_NODE_PARAGRAPH: out += "<p style=\"margin:0 0 1em;line-height:1.75\">"; Inline(c, depth + 1); out += "</p>\n"; break;
      case CMARK_NODE_HEADING: {
        const int l = cmark_node_get_heading_level(c);
        static const char* sizes[] = {"", "1.8em", "1.4em", "1.2em", "1.1em", "1em", "1em"};
        out += "<h" + std::to_string(l) + " style=\"font-size:" + sizes[l] + ";font-weight:bold;margin:1.2em 0 0.6em;line-height:1.35\">";
        Inline(c, depth + 1);
        out += "</h" + std::to_string(l) + ">\n";
        break;
      }
      case CMARK_NODE_BLOCK_QUOTE:
        out += "<blockquote style=\"margin:0 0 1em;padding:0.2em 1em;border-left:4px solid #c2410c;color:#555;background:#faf7f5\">\n";
        Blocks(c, depth + 1);
        out += "</blockquote>\n";
        break;
      case CMARK_NODE_LIST: {
        const bool ordered = cmark_node_get_list_type(c) == CMARK_ORDERED_LIST;
        const char* style = ordered ? " style=\"margin:0 0 1em;padding-left:1.6em;list-style-type:decimal\">\n"
                                    : " style=\"margin:0 0 1em;padding-left:1.6em;list-style-type:disc\">\n";
        out += std::string(ordered ? "<ol" : "<ul") + style;
        Blocks(c, depth + 1);
        out += ordered ? "</ol>\n" : "</ul>\n";
        break;
      }
      case CMARK_NODE_ITEM: {
        out += "<li style=\"margin:0.3em 0;line-height:1.7\">";
        // Paragraphs in an item are written inline (no extra spacing); nested lists etc. as blocks.
        for (cmark_node* p = cmark_node_first_child(c); p; p = cmark_node_next(p)) {
          if (cmark_node_get_type(p) == CMARK_NODE_PARAGRAPH) Inline(p, depth + 1);
          else Node(p, depth + 1);
        }
        out += "</li>\n";
        break;
      }
      case CMARK_NODE_CODE_BLOCK: CodeBlock(lit ? lit : ""); break;
      case CMARK_NODE_HTML_BLOCK:
        out += "<p style=\"margin:0 0 1em;line-height:1.75;white-space:pre-wrap\">" + Escape(lit ? lit : "") + "</p>\n";
        break;
      case CMARK_NODE_THEMATIC_BREAK: out += "<hr style=\"border:none;border-top:1px solid #ddd;margin:1.5em 0\">\n"; break;
      default: Blocks(c, depth + 1); break;
    }
  }

  void Blocks(cmark_node* n, int depth) {
    if (depth >= kMaxNesting) {   // too deep to show as structure: its text as one paragraph
      out += "<p style=\"margin:0 0 1em;line-height:1.75;white-space:pre-wrap\">" + Escape(SubtreeText(n)) + "</p>\n";
      return;
    }
    for (cmark_node* c = cmark_node_first_child(n); c; c = cmark_node_next(c)) Node(c, depth + 1);
  }

  void Markdown(std::string_view md) {
    cmark_node* root = cmark_parse_document(md.data(), md.size(), CMARK_OPT_VALIDATE_UTF8);
    if (root) { Blocks(root, 0); cmark_node_free(root); }
  }
};

// The article's outer style: one place for the font stack, width and wrapping of long lines.
constexpr const char* kArticleStyle =
    "max-width:42em;margin:0 auto;padding:0 12px;font-family:-apple-system,'PingFang SC','Microsoft YaHei',"
    "'Noto Sans CJK SC',sans-serif;font-size:16px;color:#222;overflow-wrap:anywhere;word-break:break-word";

// A BCP 47 tag for lang="…": letters, digits and hyphens only, else none.
std::string LangAttribute(std::string_view language) {
  std::string tag(text::Trim(language));
  if (tag.empty() || tag.size() > 35) return "";
  for (char c : tag)
    if (!(isalnum((unsigned char)c) || c == '-')) return "";
  return " lang=\"" + tag + "\"";
}
}  // namespace

std::string ExportHtml(std::string_view md, std::string_view title, std::string_view language) {
  HtmlWriter w;
  w.Markdown(md);
  return "<!doctype html>\n<html" + LangAttribute(language) + "><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + Escape(utf8::Repair(title)) +
         "</title></head>\n<body style=\"margin:0;padding:16px 0\"><article style=\"" + kArticleStyle + "\">\n" + w.out +
         "</article></body></html>\n";
}

std::string ExportWeChatHtml(std::string_view md, std::string_view links_label) {
  HtmlWriter w;
  w.wechat = true;
  w.Markdown(md);
  std::string notes;
  if (!w.footnotes.empty()) {
    notes = "<section style=\"margin:2em 0 0;padding-top:0.6em;border-top:1px solid #ddd;font-size:0.85em;color:#666\">\n"
            "<p style=\"margin:0 0 0.5em;font-weight:bold\">" + Escape(utf8::Repair(links_label)) + "</p>\n";
    for (size_t i = 0; i < w.footnotes.size(); ++i)
      notes += "<p style=\"margin:0 0 0.3em;line-height:1.6;overflow-wrap:anywhere;word-break:break-all\">[" +
               std::to_string(i + 1) + "] " + Escape(utf8::Repair(w.footnotes[i])) + "</p>\n";
    notes += "</section>\n";
  }
  return std::string("<section style=\"") + kArticleStyle + "\">\n" + w.out + notes + "</section>\n";
}

}  // namespace tp
