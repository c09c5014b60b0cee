// Assembly and skeleton. Index: helpers · AssembleMarkdown · Skeleton · Chinese script counts.
#include "core/article.h"

#include <algorithm>
#include <cstdio>
#include <unordered_set>

#include "core/text_util.h"
#include "core/transcript.h"
#include "core/utf8.h"

namespace tp {

namespace {

std::string Heading(const SectionLabels& L, const std::string& label, const std::string& subtitle, bool with_subtitle) {
  std::string_view sub = text::Trim(subtitle);
  if (!with_subtitle || sub.empty()) return "## " + label;
  return "## " + label + L.separator + std::string(sub);
}

// Paragraphs normalised: trimmed, blank-line separated, single newlines inside kept.
std::string Paragraphs(std::string_view body) {
  std::string out;
  std::string para;
  auto flush = [&]() {
    std::string_view p = text::Trim(para);
    if (!p.empty()) {
      if (!out.empty()) out += "\n\n";
      out += p;
    }
    para.clear();
  };
  for (std::string_view line : text::SplitLines(body)) {
    if (text::Trim(line).empty()) { flush(); continue; }
    if (!para.empty()) para += '\n';
    para += std::string(text::Trim(line));
  }
  flush();
  return out;
}

std::string OneLine(std::string_view s) {
  std::string out;
  for (std::string_view line : text::SplitLines(s)) text::AppendJoined(out, line);
  return out;
}

// One list item's text: a single line that Markdown reads as exactly one item. Models often start an
// array entry with their own bullet ("- ", "• ", "* "): dropped, since the list gives one. A start that
// would open another block inside the item (an ordered-list number such as "2024. ", "#", ">", a code
// fence, HTML) is escaped, so the text stays as written and the item is not nested or split.
std::string ListItemText(std::string_view s) {
  std::string t = OneLine(s);
  for (;;) {
    size_t skip = 0;
    if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') skip = 2;
    else if (t.compare(0, 4, "\xE2\x80\xA2 ") == 0) skip = 4;   // "• "
    else if (t.compare(0, 3, "\xC2\xB7 ") == 0) skip = 3;        // "· "
    if (!skip) break;
    t = std::string(text::Trim(std::string_view(t).substr(skip)));
  }
  if (t.empty()) return t;
  size_t digits = 0;
  while (digits < t.size() && digits < 10 && t[digits] >= '0' && t[digits] <= '9') ++digits;
  if (digits > 0 && digits <= 9 && digits < t.size() && (t[digits] == '.' || t[digits] == ')') &&
      (digits + 1 == t.size() || t[digits + 1] == ' '))
    t.insert(digits, "\\");
  else if (t[0] == '#' || t[0] == '>' || t[0] == '<' || t[0] == '`' || t[0] == '~')
    t.insert(0, "\\");
  return t;
}

std::string Title(const ArticleSpec& spec, const ArticleContent& c) {
  std::string t = OneLine(c.title);
  std::string e = std::string(text::Trim(c.emoji));
  if (e.empty() || spec.title_emoji == EmojiPlacement::Off) return "# " + t;
  if (spec.title_emoji == EmojiPlacement::Start) return "# " + e + " " + t;
  // The seed's style: no space after CJK text or full-width punctuation ("是什么？🚀"), one after Latin.
  size_t end = t.size();
  const char32_t last = utf8::DecodeBefore(t, end);
  return "# " + t + (utf8::IsWide(last) ? "" : " ") + e;
}

// A code fence longer than any backtick run in the text, so dialogue can never close it early.
std::string FenceFor(const std::vector<ArticleContent::DialogueLine>& lines) {
  size_t longest = 0;
  for (const auto& l : lines) {
    size_t run = 0;
    for (char ch : l.text) { run = ch == '`' ? run + 1 : 0; longest = std::max(longest, run); }
  }
  return std::string(std::max<size_t>(3, longest + 1), '`');
}

}  // namespace

std::string AssembleMarkdown(const ArticleSpec& spec, const ArticleContent& c) {
  const SectionLabels L = ResolvedLabels(spec);
  std::vector<std::string> blocks;
  blocks.push_back(Title(spec, c));
  if (spec.lead && !text::Trim(c.lead).empty()) {
    std::string q;
    const std::string lead = Paragraphs(c.lead);
    for (std::string_view line : text::SplitLines(lead)) q += (q.empty() ? "" : "\n") + std::string(line.empty() ? ">" : "> " + std::string(line));
    blocks.push_back(q);
  }
  if (spec.highlights > 0 && !c.highlights.empty()) {
    blocks.push_back("## " + L.highlights);
    std::string list;
    for (const std::string& h : c.highlights) list += (list.empty() ? "" : "\n") + std::string("- ") + ListItemText(h);
    blocks.push_back(list);
  }
  if (spec.introduction) {
    blocks.push_back(Heading(L, L.introduction, c.introduction.subtitle, spec.introduction_subtitle));
    if (!text::Trim(c.introduction.body).empty()) blocks.push_back(Paragraphs(c.introduction.body));
  }
  for (const auto& s : c.sections) {
    std::string h = "## ";
    if (spec.timestamps_in_headings && s.start >= 0) h += "[" + FormatTimestamp(s.start) + "] ";
    h += OneLine(s.heading);
    blocks.push_back(h);
    if (!text::Trim(s.body).empty()) blocks.push_back(Paragraphs(s.body));
  }
  if (spec.quotes > 0 && !c.quotes.empty()) {
    blocks.push_back("## " + L.quotes);
    for (const auto& q : c.quotes) {
      std::string line = "> " + OneLine(q.text);
      std::string who = q.speaker;
      if (spec.timestamps_in_headings && q.start >= 0) who += (who.empty() ? "" : ", ") + FormatTimestamp(q.start);
      if (!who.empty()) line += "\n>\n> — " + who;
      blocks.push_back(line);
    }
  }
  if (spec.conclusion) {
    blocks.push_back(Heading(L, L.conclusion, c.conclusion.subtitle, spec.conclusion_subtitle));
    if (!text::Trim(c.conclusion.body).empty()) blocks.push_back(Paragraphs(c.conclusion.body));
  }
  if (spec.links) {
    blocks.push_back("## " + L.links);
    std::string list = c.links.empty() ? "_—_" : "";   // none were mentioned: the section says so
    for (const auto& l : c.links)
      list += (list.empty() ? "" : "\n") + std::string("- [") + OneLine(l.title.empty() ? l.url : l.title) + "](" + l.url + ")";
    blocks.push_back(list);
  }
  if (spec.HasDialogue()) {
    blocks.push_back("## " + L.dialogue);
    const bool ts = spec.timestamps_in_dialogue;
    if (spec.dialogue_render == DialogueRender::Fenced) {
      const std::string fence = FenceFor(c.dialogue);
      std::string body = fence;
      for (size_t i = 0; i < c.dialogue.size(); ++i) {
        const auto& d = c.dialogue[i];
        if (d.untranslated && (i == 0 || !c.dialogue[i - 1].untranslated)) body += "\n" + L.untranslated + "\n";
        body += "\n";
        std::string who = d.speaker;
        if (ts && d.start >= 0) who += (who.empty() ? "" : " ") + std::string("[") + FormatTimestamp(d.start) + "]";
        body += who.empty() ? OneLine(d.text) : who + L.separator + OneLine(d.text);
        body += "\n";
      }
      body += "\n" + fence;
      if (c.dialogue.empty()) body = fence + "\n" + fence;
      // Paragraph spacing inside the fence: one blank line between turns.
      blocks.push_back(text::Replace(body, "\n\n" + fence, "\n" + fence));
    } else {
      for (size_t i = 0; i < c.dialogue.size(); ++i) {
        const auto& d = c.dialogue[i];
        if (d.untranslated && (i == 0 || !c.dialogue[i - 1].untranslated)) blocks.push_back("_" + L.untranslated + "_");
        std::string p;
        if (!d.speaker.empty()) p += "**" + d.speaker + "**";
        if (ts && d.start >= 0) p += (p.empty() ? "" : " ") + std::string("(") + FormatTimestamp(d.start) + ")";
        p += p.empty() ? OneLine(d.text) : L.separator + OneLine(d.text);
        blocks.push_back(p);
      }
    }
  }
  if (spec.source_link && !text::Trim(c.source_url).empty())
    blocks.push_back("_" + L.source + L.separator + std::string(text::Trim(c.source_url)) + "_");
  std::string out;
  for (const std::string& b : blocks) out += (out.empty() ? "" : "\n\n") + b;
  out += "\n";
  return out;
}

std::vector<SkeletonItem> Skeleton(const ArticleSpec& spec) {
  const SectionLabels L = ResolvedLabels(spec);
  std::vector<SkeletonItem> out;
  std::string title = std::string("Title (") + ToString(spec.title_style) + ")";
  if (spec.title_emoji == EmojiPlacement::Start) title = "🙂 " + title;
  if (spec.title_emoji == EmojiPlacement::End) title += " 🙂";
  out.push_back({1, title, true});
  if (spec.lead) out.push_back({0, "> Lead: a 2-4 sentence hook", true});
  if (spec.highlights > 0) out.push_back({2, L.highlights + " (" + std::to_string(spec.highlights) + " bullets)", false});
  if (spec.introduction)
    out.push_back({2, spec.introduction_subtitle ? L.introduction + L.separator + "<subtitle>" : L.introduction, !spec.introduction_subtitle ? false : true});
  const char* ts = spec.timestamps_in_headings ? "[mm:ss] " : "";
  if (!spec.section_headings.empty()) {
    for (const std::string& h : spec.section_headings) out.push_back({2, ts + h, false});
  } else {
    for (int i = 0; i < spec.section_count; ++i)
      out.push_back({2, std::string(ts) + "Section " + std::to_string(i + 1) + ": <theme heading>", true});
  }
  if (spec.quotes > 0) out.push_back({2, L.quotes + " (" + std::to_string(spec.quotes) + ")", false});
  if (spec.conclusion)
    out.push_back({2, spec.conclusion_subtitle ? L.conclusion + L.separator + "<subtitle>" : L.conclusion, spec.conclusion_subtitle});
  if (spec.links) out.push_back({2, L.links, false});
  if (spec.HasDialogue())
    out.push_back({2, spec.dialogue_length == DialogueLength::KeyExchanges ? L.dialogue + " (key exchanges)" : L.dialogue, false});
  if (spec.source_link) out.push_back({0, "_" + L.source + L.separator + "<source URL>_", true});
  return out;
}

// ---------------------------------------------------------------------------------------------- Chinese scripts

ChineseScriptCounts CountChineseScripts(std::string_view s) {
  // Frequent characters that exist in only one of the two scripts (pairs at the same positions).
  static const char32_t kTraditional[] = U"這們說時會來對為國學開關過發經與還進見點問題體變動實現長頭電話書車門應總將義麼讓認識機構導場線網區濟覺買賣歷傳聽寫讀錢銀響條項專業務術續運達選擇確樣單環節鐘無處產較廣萬聯數計算統資訊億";
  static const char32_t kSimplified[] = U"这们说时会来对为国学开关过发经与还进见点问题体变动实现长头电话书车门应总将义么让认识机构导场线网区济觉买卖历传听写读钱银响条项专业务术续运达选择确样单环节钟无处产较广万联数计算统资讯亿";
  static const std::unordered_set<char32_t> trad(std::begin(kTraditional), std::end(kTraditional) - 1);
  static const std::unordered_set<char32_t> simp(std::begin(kSimplified), std::end(kSimplified) - 1);
  ChineseScriptCounts c;
  size_t i = 0;
  while (i < s.size()) {
    if ((unsigned char)s[i] < 0x80) { ++i; continue; }
    char32_t cp = utf8::Decode(s, i);
    if (trad.count(cp) && !simp.count(cp)) ++c.traditional_only;
    else if (simp.count(cp) && !trad.count(cp)) ++c.simplified_only;
  }
  return c;
}

}  // namespace tp
