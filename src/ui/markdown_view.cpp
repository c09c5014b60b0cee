// Index: styles · Layout (blocks -> lines via BreakLines) · Draw (visible lines, links, selection,
// code blocks, quote bars, bullets) · copy.
#include "ui/markdown_view.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/linebreak.h"
#include "core/utf8.h"
#include "imgui.h"
#include "platform/files.h"
#include "platform/fonts.h"
#include "ui/item_registry.h"

namespace tp::ui {

namespace {

using platform::FontStyle;

// A style id packs the font (low 3 bits) and the size in tenths of a pixel.
int StyleId(FontStyle f, float size) { return (int)f | ((int)std::lround(size * 10) << 3); }
FontStyle StyleFont(int id) { return (FontStyle)(id & 7); }
float StyleSize(int id) { return (id >> 3) / 10.0f; }

float BlockFontSize(const MdBlock& b, float body) {
  if (b.type != MdBlockType::Heading) return b.type == MdBlockType::CodeBlock || b.type == MdBlockType::HtmlBlock ? body * 0.88f : body;
  static const float scale[] = {1, 1.75f, 1.4f, 1.2f, 1.08f, 1.0f, 1.0f};
  return body * scale[std::clamp(b.heading_level, 1, 6)];
}

FontStyle RunFont(const MdBlock& b, uint8_t style) {
  if (style & kCode) return FontStyle::Mono;
  const bool bold = (style & kBold) || b.type == MdBlockType::Heading;
  const bool italic = style & kItalic;
  return bold && italic ? FontStyle::BoldItalic : bold ? FontStyle::Bold : italic ? FontStyle::Italic : FontStyle::Regular;
}

float Advance(char32_t cp, int style) {
  ImFont* f = platform::Font(StyleFont(style));
  return f->GetFontBaked(StyleSize(style))->GetCharAdvance((ImWchar)cp);
}

float Ascent(int style) { return platform::Font(StyleFont(style))->GetFontBaked(StyleSize(style))->Ascent; }

constexpr float kIndentQuote = 18, kIndentList = 22;

}  // namespace

void MarkdownView::Layout(float width) {
  lines_.clear();
  block_top_.assign(doc_.blocks.size(), 0);
  block_bottom_.assign(doc_.blocks.size(), 0);
  const float body = font_size_;
  float y = 4;
  for (int bi = 0; bi < (int)doc_.blocks.size(); ++bi) {
    const MdBlock& b = doc_.blocks[bi];
    const float size = BlockFontSize(b, body);
    const float indent = b.quote_depth * kIndentQuote + b.list_depth * kIndentList;
    const float line_gap = b.type == MdBlockType::Heading ? 1.35f : 1.65f;
    if (b.type == MdBlockType::Heading) y += size * (b.heading_level <= 2 ? 0.7f : 0.45f);
    block_top_[bi] = y;
    if (b.type == MdBlockType::ThematicBreak) {
      lines_.push_back({bi, y, body, 0, indent, {}});
      y += body;
    } else if (b.type == MdBlockType::CodeBlock || b.type == MdBlockType::HtmlBlock) {
      // Code keeps its line breaks and wraps long lines at the pane's edge (the seed's dialogue is a
      // fenced block of long paragraphs: clipping it would hide the conversation).
      const int st = StyleId(FontStyle::Mono, size);
      const std::string& code = b.runs.empty() ? std::string() : b.runs[0].text;
      const float avail = std::max(40.0f, width - indent - 24);
      size_t start = 0;
      y += 8;
      while (start <= code.size()) {
        size_t nl = code.find('\n', start);
        if (nl == std::string::npos) nl = code.size();
        const std::vector<LayoutRun> one{{std::string_view(code).substr(start, nl - start), st}};
        std::vector<LayoutLine> wrapped = BreakLines(one, avail, Advance);
        if (wrapped.empty()) wrapped.emplace_back();   // an empty line keeps its height
        for (const LayoutLine& l : wrapped) {
          Line line{bi, y, size * 1.5f, Ascent(st), indent + 12, {}};
          for (const LineSegment& sg : l.segments) line.segs.push_back({0, start + sg.begin, start + sg.end, sg.x, sg.width, st});
          lines_.push_back(std::move(line));
          y += size * 1.5f;
        }
        start = nl + 1;
        if (nl == code.size()) break;
      }
      y += 8;
    } else {
      std::vector<LayoutRun> runs;
      for (const MdRun& r : b.runs) runs.push_back({r.text, StyleId(RunFont(b, r.style), size)});
      const float avail = std::max(40.0f, width - indent - 8);
      for (const LayoutLine& l : BreakLines(runs, avail, Advance)) {
        Line line{bi, y, size * line_gap, 0, indent, {}};
        for (const LineSegment& s : l.segments) {
          line.segs.push_back({s.run, s.begin, s.end, s.x, s.width, runs[s.run].style});
          line.ascent = std::max(line.ascent, Ascent(runs[s.run].style));
        }
        if (line.ascent == 0) line.ascent = Ascent(StyleId(FontStyle::Regular, size));
        lines_.push_back(std::move(line));
        y += size * line_gap;
      }
    }
    block_bottom_[bi] = y;
    y += b.list_depth > 0 && bi + 1 < (int)doc_.blocks.size() && doc_.blocks[bi + 1].list_depth > 0 ? body * 0.2f : body * 0.75f;
  }
  total_h_ = y + body;
  width_ = width;
}

int MarkdownView::BlockAt(float y) const {
  for (int bi = 0; bi < (int)doc_.blocks.size(); ++bi)
    if (y < block_bottom_[bi] + 6) return bi;
  return (int)doc_.blocks.size() - 1;
}

MarkdownView::WordSel MarkdownView::WordAt(float x, float y) const {
  WordSel w;
  for (const Line& line : lines_) {
    if (y < line.y || y >= line.y + line.height) continue;
    const MdBlock& b = doc_.blocks[line.block];
    const bool code = b.type == MdBlockType::CodeBlock || b.type == MdBlockType::HtmlBlock;
    for (const Seg& sg : line.segs) {
      const float left = line.indent + sg.x;
      if (x < left || x >= left + sg.width) continue;
      const int run = code ? 0 : sg.run;
      const std::string& text = b.runs[run].text;
      // The character under x.
      size_t i = sg.begin, at = sg.begin;
      float cx = left;
      while (i < sg.end) {
        const size_t start = i;
        const float adv = Advance(utf8::Decode(text, i), sg.style);
        if (x < cx + adv) { at = start; break; }
        cx += adv;
        at = start;
      }
      const TextRange word = WordAround(text, at);
      w.block = line.block;
      w.run = run;
      w.begin = word.begin;
      w.end = word.end;
      return w;
    }
  }
  return w;
}

std::string MarkdownView::SelectedText() const {
  if (word_.block >= 0) {
    const MdBlock& b = doc_.blocks[word_.block];
    return b.runs[word_.run].text.substr(word_.begin, word_.end - word_.begin);
  }
  if (sel_a_ < 0) return "";
  std::string out;
  for (int i = std::min(sel_a_, sel_b_); i <= std::max(sel_a_, sel_b_) && i < (int)doc_.blocks.size(); ++i) {
    const MdBlock& b = doc_.blocks[i];
    if (!out.empty()) out += "\n\n";
    if (!b.bullet.empty()) out += b.bullet + " ";
    out += b.PlainText();
  }
  return out;
}

void MarkdownView::CopySelection() const {
  const std::string s = SelectedText();
  if (!s.empty()) ImGui::SetClipboardText(s.c_str());
}

void MarkdownView::Draw(const std::string& markdown, float height, uint64_t revision) {
  const bool unchanged = revision != 0 ? revision == source_revision_ : markdown == source_;
  source_revision_ = revision;
  if (!unchanged && markdown != source_) {
    source_ = markdown;
    doc_ = ParseMarkdown(source_);
    width_ = -1;
    sel_a_ = sel_b_ = -1;
    word_ = WordSel();
  }
  ImGui::BeginChild("##md_view", ImVec2(0, height), ImGuiChildFlags_None, ImGuiWindowFlags_NoNavInputs);
  const float width = ImGui::GetContentRegionAvail().x;
  const float body = ImGui::GetStyle().FontSizeBase * 1.1f;
  if (width != width_ || body != font_size_) { font_size_ = body; Layout(width); }

  if (reveal_line_ > 0 && !doc_.blocks.empty()) {
    int target = 0;
    for (int bi = 0; bi < (int)doc_.blocks.size(); ++bi)
      if (doc_.blocks[bi].source_line <= reveal_line_) target = bi;
    ImGui::SetScrollY(std::max(0.0f, block_top_[target] - ImGui::GetWindowHeight() * 0.25f));
    sel_a_ = sel_b_ = target;
    reveal_line_ = 0;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float scroll = ImGui::GetScrollY(), view_h = ImGui::GetWindowHeight();
  ImGui::InvisibleButton("##md_canvas", ImVec2(std::max(1.0f, width), std::max(1.0f, total_h_)));
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  const ImVec2 mouse = ImGui::GetMousePos();
  const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
  const ImU32 dim_col = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const ImVec4 accent_v = ImGui::GetStyle().Colors[ImGuiCol_CheckMark];
  const ImU32 link_col = ImGui::GetColorU32(ImVec4(accent_v.x * 0.8f, accent_v.y * 0.8f, accent_v.z * 0.9f, 1));
  const ImU32 code_bg = ImGui::GetColorU32(ImGuiCol_FrameBg);
  const ImU32 sel_bg = ImGui::GetColorU32(ImGuiCol_TextSelectedBg);
  const ImU32 quote_bar = ImGui::GetColorU32(ImGuiCol_CheckMark, 0.6f);

  // Block backgrounds (selection, code) for blocks that intersect the view.
  int hovered_block = -1;
  for (int bi = 0; bi < (int)doc_.blocks.size(); ++bi) {
    const float top = origin.y + block_top_[bi], bottom = origin.y + block_bottom_[bi];
    if (hovered && mouse.y >= top - 4 && mouse.y < bottom + 4) hovered_block = bi;
    if (bottom < origin.y + scroll - 20 || top > origin.y + scroll + view_h + 20) continue;
    const MdBlock& b = doc_.blocks[bi];
    const float indent = b.quote_depth * kIndentQuote + b.list_depth * kIndentList;
    if (sel_a_ >= 0 && bi >= std::min(sel_a_, sel_b_) && bi <= std::max(sel_a_, sel_b_))
      dl->AddRectFilled(ImVec2(origin.x, top - 2), ImVec2(origin.x + width, bottom + 2), sel_bg, 3);
    if (b.type == MdBlockType::CodeBlock || b.type == MdBlockType::HtmlBlock)
      dl->AddRectFilled(ImVec2(origin.x + indent, top), ImVec2(origin.x + width, bottom), code_bg, 5);
    for (int q = 0; q < b.quote_depth; ++q)
      dl->AddRectFilled(ImVec2(origin.x + q * kIndentQuote + 2, top - 2), ImVec2(origin.x + q * kIndentQuote + 5, bottom + 2), quote_bar);
    if (b.type == MdBlockType::ThematicBreak)
      dl->AddLine(ImVec2(origin.x + indent, top + font_size_ * 0.5f), ImVec2(origin.x + width, top + font_size_ * 0.5f), dim_col);
    if (!b.bullet.empty()) {
      ImFont* f = platform::Font(FontStyle::Regular);
      const float bw = f->CalcTextSizeA(font_size_, FLT_MAX, 0, b.bullet.c_str()).x;
      const float line_h = font_size_ * 1.65f;
      dl->AddText(f, font_size_, ImVec2(origin.x + indent - bw - 6, top + (line_h - font_size_) * 0.5f), dim_col, b.bullet.c_str());
    }
    if (b.type == MdBlockType::Heading && b.heading_level <= 2)
      dl->AddLine(ImVec2(origin.x + indent, bottom + 2), ImVec2(origin.x + width, bottom + 2), ImGui::GetColorU32(ImGuiCol_Separator, 0.5f));
  }

  // Visible lines only: binary search for the first line below the top of the view.
  const float view_top = scroll - 40, view_bottom = scroll + view_h + 40;
  auto first = std::lower_bound(lines_.begin(), lines_.end(), view_top, [](const Line& l, float y) { return l.y + l.height < y; });
  const char* open_url = nullptr;
  bool link_tracked = false;
  for (auto it = first; it != lines_.end() && it->y < view_bottom; ++it) {
    const Line& line = *it;
    const MdBlock& b = doc_.blocks[line.block];
    const float extra = (line.height - StyleSize(line.segs.empty() ? 0 : line.segs[0].style) * 1.2f) * 0.5f;
    for (const Seg& s : line.segs) {
      const std::string& text = (b.type == MdBlockType::CodeBlock || b.type == MdBlockType::HtmlBlock) ? b.runs[0].text : b.runs[s.run].text;
      const uint8_t style = (b.type == MdBlockType::CodeBlock || b.type == MdBlockType::HtmlBlock) ? (uint8_t)kCode : b.runs[s.run].style;
      const float size = StyleSize(s.style);
      ImFont* f = platform::Font(StyleFont(s.style));
      // Baseline alignment across sizes: every segment's baseline sits at the line's largest ascent.
      const ImVec2 pos(origin.x + line.indent + s.x, origin.y + line.y + std::max(0.0f, extra) + (line.ascent - Ascent(s.style)));
      const bool is_link = (style & kLink) && b.type != MdBlockType::CodeBlock;
      ImU32 col = is_link ? link_col : b.type == MdBlockType::Heading && b.heading_level >= 5 ? dim_col : text_col;
      if ((style & kCode) && b.type != MdBlockType::CodeBlock && b.type != MdBlockType::HtmlBlock)
        dl->AddRectFilled(ImVec2(pos.x - 1, pos.y), ImVec2(pos.x + s.width + 1, pos.y + size * 1.2f), code_bg, 3);
      const int run_index = (b.type == MdBlockType::CodeBlock || b.type == MdBlockType::HtmlBlock) ? 0 : s.run;
      if (word_.block == line.block && word_.run == run_index && word_.begin < s.end && word_.end > s.begin) {
        float x0 = 0, x1 = 0;
        for (size_t i = s.begin; i < std::min(s.end, word_.end);) {
          const size_t start = i;
          const float adv = Advance(utf8::Decode(text, i), s.style);
          if (start < word_.begin) x0 += adv;
          x1 += adv;
        }
        dl->AddRectFilled(ImVec2(pos.x + x0, pos.y), ImVec2(pos.x + x1, pos.y + size * 1.25f), sel_bg, 2);
      }
      dl->AddText(f, size, pos, col, text.c_str() + s.begin, text.c_str() + s.end);
      if (is_link) {
        if (!link_tracked) {   // the first visible link, for UI tests
          TrackRect("article.link", pos.x, pos.y, s.width, size * 1.2f);
          link_tracked = true;
        }
        const bool over = hovered && mouse.x >= pos.x && mouse.x < pos.x + s.width && mouse.y >= pos.y && mouse.y < pos.y + size * 1.25f;
        if (over) {
          dl->AddLine(ImVec2(pos.x, pos.y + size * 1.12f), ImVec2(pos.x + s.width, pos.y + size * 1.12f), link_col);
          ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
          const std::string& url = doc_.links[b.runs[s.run].link];
          ImGui::SetTooltip("%s", url.c_str());
          if (clicked) open_url = url.c_str();
        }
      }
    }
  }
  // Selection: press on a block selects it (again: clears it), drag extends over blocks, Shift+click
  // extends to the clicked block, double-click selects the word under the mouse, Ctrl/Cmd+A everything.
  const float content_x = mouse.x - origin.x, content_y = mouse.y - origin.y;
  if (open_url) platform::OpenUrl(open_url);   // inside the pointerup frame: the browser allows the new tab
  else if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    word_ = WordAt(content_x, content_y);
    if (word_.block >= 0) sel_a_ = sel_b_ = -1;
  } else if (clicked && hovered_block >= 0) {
    word_ = WordSel();
    dragged_ = false;
    if (ImGui::GetIO().KeyShift && sel_a_ >= 0) sel_b_ = hovered_block;
    else if (sel_a_ == hovered_block && sel_b_ == hovered_block) sel_a_ = sel_b_ = -1;
    else sel_a_ = sel_b_ = hovered_block;
  } else if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left) && !doc_.blocks.empty()) {
    const int b = BlockAt(content_y);
    if (sel_a_ < 0) sel_a_ = b;
    if (b != sel_b_ || !dragged_) { sel_b_ = b; dragged_ = true; word_ = WordSel(); }
    // Near the top or bottom edge the view scrolls on, so a drag can reach any block.
    const float top = ImGui::GetWindowPos().y, bottom = top + view_h;
    if (mouse.y < top + 20) ImGui::SetScrollY(std::max(0.0f, scroll - 12));
    else if (mouse.y > bottom - 20) ImGui::SetScrollY(scroll + 12);
  }
  const bool focused = ImGui::IsWindowFocused() || ImGui::IsWindowHovered();
  if (focused && !ImGui::GetIO().WantTextInput && !doc_.blocks.empty() &&
      ImGui::IsKeyChordPressed(ImGuiMod_Ctrl | ImGuiKey_A)) {
    word_ = WordSel();
    sel_a_ = 0;
    sel_b_ = (int)doc_.blocks.size() - 1;
  }
  if (focused && (sel_a_ >= 0 || word_.block >= 0) && ImGui::IsKeyChordPressed(ImGuiMod_Ctrl | ImGuiKey_C)) CopySelection();
  if (ImGui::BeginPopupContextItem("##md_menu")) {
    if (hovered_block >= 0 && sel_a_ < 0) sel_a_ = sel_b_ = hovered_block;
    if (ImGui::MenuItem("Copy selected text", nullptr, false, sel_a_ >= 0 || word_.block >= 0)) CopySelection();
    if (ImGui::MenuItem("Select all", "Ctrl+A", false, !doc_.blocks.empty())) {
      word_ = WordSel();
      sel_a_ = 0;
      sel_b_ = (int)doc_.blocks.size() - 1;
    }
    if (ImGui::MenuItem("Select section", nullptr, false, sel_a_ >= 0)) {
      // From the heading at or above the selection to the block before the next heading of the same level.
      int h = std::min(sel_a_, sel_b_);
      while (h > 0 && doc_.blocks[h].type != MdBlockType::Heading) --h;
      const int level = doc_.blocks[h].type == MdBlockType::Heading ? doc_.blocks[h].heading_level : 7;
      int e = h + 1;
      while (e < (int)doc_.blocks.size() && !(doc_.blocks[e].type == MdBlockType::Heading && doc_.blocks[e].heading_level <= level)) ++e;
      sel_a_ = h;
      sel_b_ = e - 1;
    }
    if (ImGui::MenuItem("Clear selection", nullptr, false, sel_a_ >= 0)) sel_a_ = sel_b_ = -1;
    ImGui::EndPopup();
  }
  ImGui::EndChild();
}

}  // namespace tp::ui
