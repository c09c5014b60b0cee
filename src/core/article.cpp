// Assembly, skeleton and structure checks. Index: helpers · AssembleMarkdown · Skeleton ·
// Chinese script counts · CheckStructure.
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

std::string Title(const ArticleSpec& spec, const ArticleContent& c) {
  std::string t = OneLine(c.title);
  std::string e = std::string(text::Trim(c.emoji));
  if (e.empty() || spec.title_emoji == EmojiPlacement::Off) return "# " + t;
  if (spec.title_emoji == EmojiPlacement::Start) return "# " + e + " " + t;
  // The seed's style: no space after CJK text or full-width punctuation ("是什么？🚀"), one after Latin.
  size_t i = t.size();
  while (i > 0 && ((unsigned char)t[i - 1] & 0xC0) == 0x80) --i;
  size_t j = i > 0 ? i - 1 : 0;
  const char32_t last = t.empty() ? 0 : utf8::Decode(t, j);
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
    for (const std::string& h : c.highlights) list += (list.empty() ? "" : "\n") + std::string("- ") + OneLine(h);
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

// ---------------------------------------------------------------------------------------------- structure check

namespace {
struct MdLine {
  int heading = 0;   // 1..6, 0 for other lines
  std::string text;  // heading text, or the raw line
};
}  // namespace

std::vector<StructureIssue> CheckStructure(const ArticleSpec& spec, std::string_view md) {
  std::vector<StructureIssue> issues;
  const SectionLabels L = ResolvedLabels(spec);
  std::vector<MdLine> lines;
  std::string prose;   // text outside code blocks, for the language check
  bool in_fence = false;
  std::string fence;
  int dialogue_nonempty_lines = 0;
  bool after_dialogue_heading = false;
  for (std::string_view raw : text::SplitLines(md)) {
    std::string_view t = text::Trim(raw);
    if (text::StartsWith(t, "```") || text::StartsWith(t, "~~~")) {
      if (!in_fence) { in_fence = true; fence = std::string(t.substr(0, t.find_first_not_of(t[0]))); }
      else if (text::StartsWith(t, fence)) in_fence = false;
      lines.push_back({0, std::string(t)});
      continue;
    }
    if (in_fence) {
      if (after_dialogue_heading && !t.empty()) ++dialogue_nonempty_lines;
      continue;
    }
    MdLine ml;
    size_t hashes = 0;
    while (hashes < t.size() && t[hashes] == '#') ++hashes;
    if (hashes >= 1 && hashes <= 6 && (hashes == t.size() || t[hashes] == ' ')) {
      ml.heading = (int)hashes;
      ml.text = std::string(text::Trim(t.substr(hashes)));
      after_dialogue_heading = ml.text == L.dialogue;
    } else {
      ml.text = std::string(t);
      if (after_dialogue_heading && !t.empty() && !text::StartsWith(t, "_" + L.source)) ++dialogue_nonempty_lines;
      prose += ml.text;
      prose += '\n';
    }
    if (ml.heading) { prose += ml.text; prose += '\n'; }
    lines.push_back(ml);
  }

  // Title.
  int title_idx = -1;
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].heading == 1) { title_idx = (int)i; break; }
  if (title_idx < 0) issues.push_back({"missing", "The article has no title (a line starting with \"# \")."});
  else {
    const std::string& tt = lines[title_idx].text;
    size_t i = 0;
    char32_t first = tt.empty() ? 0 : utf8::Decode(tt, i);
    char32_t last = 0;
    for (size_t k = 0; k < tt.size();) last = utf8::Decode(tt, k);
    auto is_emoji = [](char32_t c) { return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || c == 0xFE0F; };
    if (spec.title_emoji == EmojiPlacement::End && !is_emoji(last))
      issues.push_back({"emoji", "The title should end with an emoji."});
    if (spec.title_emoji == EmojiPlacement::Start && !is_emoji(first))
      issues.push_back({"emoji", "The title should start with an emoji."});
    if (spec.title_emoji == EmojiPlacement::Off && (is_emoji(first) || is_emoji(last)))
      issues.push_back({"emoji", "The spec asks for no emoji in the title."});
  }
  // Lead: the first non-empty line after the title is a blockquote.
  if (spec.lead && title_idx >= 0) {
    bool found = false;
    for (size_t i = title_idx + 1; i < lines.size(); ++i) {
      if (lines[i].text.empty() && !lines[i].heading) continue;
      found = !lines[i].heading && text::StartsWith(lines[i].text, ">");
      break;
    }
    if (!found) issues.push_back({"missing", "The lead (a \"> \" blockquote right after the title) is missing."});
  }

  // Expected level-2 headings in order: label headings are matched by prefix, body sections fill the gaps.
  struct Expect { std::string label; bool body; };
  std::vector<Expect> expect;
  if (spec.highlights > 0) expect.push_back({L.highlights, false});
  if (spec.introduction) expect.push_back({L.introduction, false});
  const int body_count = spec.BodySectionCount();
  for (int i = 0; i < body_count; ++i) expect.push_back({i < (int)spec.section_headings.size() ? spec.section_headings[i] : "", true});
  if (spec.quotes > 0) expect.push_back({L.quotes, false});
  if (spec.conclusion) expect.push_back({L.conclusion, false});
  if (spec.links) expect.push_back({L.links, false});
  if (spec.dialogue != DialogueMode::Off) expect.push_back({L.dialogue, false});

  std::vector<std::string> h2;
  std::vector<size_t> h2_idx;
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].heading == 2) { h2.push_back(lines[i].text); h2_idx.push_back(i); }
  auto is_label = [&](const std::string& h) {
    for (const std::string& l : {L.highlights, L.introduction, L.quotes, L.conclusion, L.links, L.dialogue})
      if (!l.empty() && (h == l || text::StartsWith(h, l + L.separator) || text::StartsWith(h, l + ":") || text::StartsWith(h, l + "："))) return true;
    return false;
  };
  auto strip_ts = [](const std::string& h) {
    if (!h.empty() && h[0] == '[') { size_t e = h.find("] "); if (e != std::string::npos) return h.substr(e + 2); }
    return h;
  };
  int actual_body = 0;
  for (const std::string& h : h2) actual_body += !is_label(h);
  if (actual_body != body_count)
    issues.push_back({"count", "The article has " + std::to_string(actual_body) + " body section(s); the spec asks for " +
                                   std::to_string(body_count) + "."});
  // Order: walk the expected list and the headings together.
  size_t k = 0;
  for (const Expect& e : expect) {
    if (e.body) {
      if (k < h2.size() && !is_label(h2[k])) {
        if (!e.label.empty() && strip_ts(h2[k]) != e.label)
          issues.push_back({"order", "Expected the section \"" + e.label + "\" but found \"" + h2[k] + "\"."});
        ++k;
      }
      continue;
    }
    size_t found = k;
    while (found < h2.size() && !(h2[found] == e.label || text::StartsWith(h2[found], e.label))) ++found;
    if (found < h2.size()) {
      for (size_t b = k; b < found; ++b)
        if (!is_label(h2[b])) {
          issues.push_back({"order", "The section \"" + h2[found] + "\" should come before \"" + h2[b] + "\"."});
          break;
        }
    }
    if (found == h2.size()) {
      bool anywhere = std::any_of(h2.begin(), h2.end(), [&](const std::string& h) { return text::StartsWith(h, e.label); });
      issues.push_back({anywhere ? "order" : "missing", anywhere ? "The section \"" + e.label + "\" is out of order."
                                                                : "The section \"" + e.label + "\" is missing."});
      continue;
    }
    k = found + 1;
  }
  for (size_t i = 0; i < h2.size(); ++i) {
    if (is_label(h2[i])) continue;
    for (size_t j = i + 1; j < h2.size(); ++j)
      if (h2[i] == h2[j]) issues.push_back({"extra", "The heading \"" + h2[i] + "\" appears twice."});
  }
  // Highlights count: bullets right under the highlights heading.
  if (spec.highlights > 0) {
    for (size_t n = 0; n < h2.size(); ++n) {
      if (h2[n] != L.highlights) continue;
      int bullets = 0;
      for (size_t i = h2_idx[n] + 1; i < lines.size() && !lines[i].heading; ++i)
        if (text::StartsWith(lines[i].text, "- ") || text::StartsWith(lines[i].text, "* ")) ++bullets;
      if (bullets != spec.highlights)
        issues.push_back({"count", "There are " + std::to_string(bullets) + " highlights; the spec asks for " +
                                       std::to_string(spec.highlights) + "."});
    }
  }
  if (spec.dialogue != DialogueMode::Off && dialogue_nonempty_lines == 0 &&
      std::find(h2.begin(), h2.end(), L.dialogue) != h2.end())
    issues.push_back({"empty", "The \"" + L.dialogue + "\" section is empty."});
  if (spec.source_link) {
    bool src = false;
    for (const MdLine& l : lines) src |= text::StartsWith(l.text, "_" + L.source);
    if (!src) issues.push_back({"missing", "The source link line (\"_" + L.source + L.separator + "…_\") is missing."});
  }

  // Language: script of the prose vs the output language.
  ScriptCounts sc = CountScripts(prose);
  const size_t cjk = sc.han + sc.kana + sc.hangul;
  const std::string lang = text::ToLowerAscii(spec.output_language);
  if (IsCjkLanguage(lang)) {
    if (sc.latin > 200 && sc.latin / 5.0 > 2.0 * (cjk / 1.5))
      issues.push_back({"language", "The article reads as Latin-script text, but the spec asks for " +
                                        LanguageDisplayName(spec.output_language) + "."});
    if (text::StartsWith(lang, "zh")) {
      ChineseScriptCounts cs = CountChineseScripts(prose);
      const bool want_simplified = LanguageDisplayName(spec.output_language) == "Simplified Chinese";
      if (want_simplified && cs.traditional_only > 0 && cs.traditional_only * 10 > cs.simplified_only)
        issues.push_back({"language", std::to_string(cs.traditional_only) +
                                          " Traditional Chinese character(s) appear in a Simplified Chinese article."});
      if (!want_simplified && cs.simplified_only > 0 && cs.simplified_only * 10 > cs.traditional_only)
        issues.push_back({"language", std::to_string(cs.simplified_only) +
                                          " Simplified Chinese character(s) appear in a Traditional Chinese article."});
    }
  } else if (cjk > 50 && cjk / 1.5 > sc.latin / 5.0) {
    issues.push_back({"language", "The article is mostly Chinese, Japanese or Korean text, but the spec asks for " +
                                      LanguageDisplayName(spec.output_language) + "."});
  }
  return issues;
}

}  // namespace tp
