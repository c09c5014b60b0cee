// The "faithful model": a fake LLM for native pipeline tests and the pipeline benchmark. It answers each
// request from what the request contains, the way a good model would — the outline groups the turns it
// was given into distinct themes, leaves sponsor reads, housekeeping and small talk out, and writes each
// theme's notes (points with their turn ranges) and chosen quotations; sections are written from those
// notes and the turns given in full only, in the requested language, citing turn ids and declaring their
// quotations with the original words; the front matter is drawn from the finished sections; dialogue
// chunks return every turn once, names as in the glossary. At a configurable rate it makes the two
// mistakes real models make — a paragraph repeated from another section, a section drifting into
// English — so the check-and-repair round is exercised; a repair request is always answered cleanly.
// Tests can also change one answer or inject a transport fault.
#pragma once

#include <algorithm>
#include <functional>
#include <set>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "core/json_util.h"
#include "core/llm.h"
#include "nlohmann/json.hpp"
#include "platform/native/scripted_transport.h"

namespace tp::test {

using nlohmann::json;

struct Lines { std::vector<int> ids; std::vector<std::string> texts; std::vector<std::string> speakers; };

// "[T12] Name (00:12): text" lines in a prompt.
inline Lines TurnLines(const std::string& prompt) {
  Lines out;
  // The first ": " after the id ends the speaker and time ("[T1] Maya Chen (00:04): text").
  static const std::regex re(R"(\[T(\d+)\]([^\n]*?): ([^\n]+))");
  for (std::sregex_iterator it(prompt.begin(), prompt.end(), re), end; it != end; ++it) {
    out.ids.push_back(std::stoi((*it)[1]));
    std::string who = (*it)[2];
    const size_t paren = who.find(" (");
    if (paren != std::string::npos) who = who.substr(0, paren);
    while (!who.empty() && who.front() == ' ') who.erase(0, 1);
    out.speakers.push_back(who);
    out.texts.push_back((*it)[3]);
  }
  return out;
}

// Words a sponsor read, housekeeping or small talk is made of (what the faithful model leaves out).
inline bool NotSubstance(const std::string& text) {
  static const std::regex re(R"(sponsor|brought to you by|promo code|subscribe|thanks for (having|coming)|welcome back to|welcome to the show|see you next|how was your weekend)",
                             std::regex::icase);
  return std::regex_search(text, re);
}

// Chinese prose about one turn, as a writer would summarise it: the speaker, what it is about (wording
// picked by a hash of the turn, so distinct per turn) and the turn's numbers.
inline std::string ZhGist(const std::string& who, const std::string& text, int id, double chance) {
  static const char* topics[] = {"数据中心", "训练成本", "用户增长", "实时信息", "开源模型", "工程团队", "监管政策", "交付速度",
                                 "分发渠道", "产品体验", "算力供给", "市场格局", "投资回报", "技术路线", "组织文化", "长期价值",
                                 "供应链条", "安全审查", "招聘节奏", "融资环境", "能源价格", "网络带宽", "客户预算", "竞争对手"};
  static const char* verbs[] = {"谈到", "强调", "解释", "回顾", "分析", "指出", "比较", "质疑", "梳理", "追问", "描述", "总结"};
  static const char* links[] = {"背后的关系", "之间的取舍", "带来的变化", "面临的压力", "最容易被忽视的一面", "怎样互相影响"};
  static const char* joins[] = {"与", "和", "同", "以及", "对比", "连同", "加上", "还有"};
  static const char* figures[] = {"，提到的数字有", "，他给出的数字是", "，举例时说到", "，用数据说明："};
  static const char* closings[] = {"，并把它和", "，认为这决定了", "，也提醒大家留意", "，顺带说到", "，随后转向", "，后来又联系到"};
  (void)id;
  const unsigned hsh = (unsigned)(chance * 1000003) * 2654435761u;
  std::string facts;
  static const std::regex num(R"(\d+(\.\d+)?)");
  for (std::sregex_iterator it(text.begin(), text.end(), num), end; it != end; ++it) facts += (facts.empty() ? "" : "、") + (*it)[0].str();
  return who + verbs[hsh % 12] + "了" + topics[(hsh >> 5) % 24] + joins[(hsh >> 3) % 8] + topics[(hsh >> 10) % 24] + links[(hsh >> 15) % 6] +
         (facts.empty() ? std::string() : figures[(hsh >> 18) % 4] + facts) + closings[(hsh >> 22) % 6] + topics[(hsh >> 25) % 24];
}

struct FakeModel {
  // Hooks a test sets to change one answer; return "" to answer normally.
  std::function<std::string(const std::string& kind, const json& body)> override_answer;
  std::function<ScriptedResponse(const std::string& kind, const json& body, int n)> fault;
  // Mistakes real models make, per section request (0..1): a paragraph copied from another section,
  // a section written in English whatever the requested language.
  double repeat_rate = 0, drift_rate = 0;
  std::map<std::string, int> calls;
  std::vector<std::string> prompts;   // every user prompt, in order
  std::vector<std::string> kinds;     // the kind of each request, in order
  std::vector<long> prompt_sizes;     // bytes of system + user prompt, per request
  std::vector<json> schemas;          // the schema each request carried (null for free text)
  int repeated = 0, drifted = 0, repairs_seen = 0;
  // Timing of an answer (benchmarks): latency and streaming rate.
  std::function<void(const std::string& kind, const std::string& answer, ScriptedResponse* r)> shape;
  long prompt_bytes = 0;
  std::vector<std::string> section_paragraphs;   // paragraphs already written, for the repetition mistake

  static std::string Kind(const json& body) {
    const std::string schema = js::Str(js::At(js::At(body, "response_format"), "json_schema"), "name");
    return schema.empty() ? "text" : schema;
  }

  // Deterministic "random" in [0,1) from a request's text.
  static double Chance(const std::string& s, unsigned salt) {
    unsigned h = 2166136261u ^ salt;
    for (unsigned char c : s) h = (h ^ c) * 16777619u;
    return (h % 10000) / 10000.0;
  }

  static std::vector<std::string> Sentences(const std::string& t) {
    std::vector<std::string> out;
    static const std::regex re(R"([^.!?]+[.!?]+)");
    for (std::sregex_iterator it(t.begin(), t.end(), re), end; it != end; ++it) {
      std::string s = (*it)[0];
      while (!s.empty() && s.front() == ' ') s.erase(0, 1);
      if (s.size() > 2) out.push_back(s);
    }
    if (out.empty() && !t.empty()) out.push_back(t);
    return out;
  }

  static std::vector<std::string> Numbers(const std::string& t) {
    std::vector<std::string> out;
    static const std::regex re(R"(\d+(\.\d+)?)");
    for (std::sregex_iterator it(t.begin(), t.end(), re), end; it != end; ++it) out.push_back((*it)[0]);
    return out;
  }

  // Glossary lines in a prompt ("- source → rendering (...)").
  static std::vector<std::pair<std::string, std::string>> GlossaryIn(const std::string& prompt) {
    std::vector<std::pair<std::string, std::string>> g;
    static const std::regex re("\\n- ([^\\n]+?) \xE2\x86\x92 ([^\\n(]+?)( \\([^\\n]*\\))?\\n");
    for (std::sregex_iterator it(prompt.begin(), prompt.end(), re), end; it != end; ++it) g.push_back({(*it)[1], (*it)[2]});
    return g;
  }
  static std::string ApplyGlossary(std::string s, const std::vector<std::pair<std::string, std::string>>& g) {
    for (const auto& [from, to] : g) {
      if (from == to || from.empty()) continue;
      for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
    }
    return s;
  }

  // The notes a prompt carries: each part's JSON on a line of its own.
  static std::vector<json> NotesParts(const std::string& user) {
    std::vector<json> out;
    size_t pos = 0;
    while ((pos = user.find("\n{", pos)) != std::string::npos) {
      const size_t end = user.find('\n', pos + 1);
      json part = json::parse(user.substr(pos + 1, end == std::string::npos ? std::string::npos : end - pos - 1), nullptr, false);
      pos = end == std::string::npos ? user.size() : end;
      if (part.is_object()) out.push_back(std::move(part));
    }
    return out;
  }

  // The outline: themes of consecutive turns (sponsor reads and small talk left out), each with points
  // that summarise every turn of the theme with the turn ranges they come from, and up to two quotations
  // (a turn's first sentence, word for word). From the transcript lines, or from the notes' claims and
  // quotes when the outline reads notes.
  std::string Outline(const json& body, const std::string& user) {
    const json& schema = body["response_format"]["json_schema"]["schema"]["properties"];
    const int sections = schema["sections"]["minItems"];
    const bool zh = user.find("Simplified Chinese") != std::string::npos;
    Lines lines = TurnLines(user);
    int n = lines.ids.empty() ? 1 : lines.ids.back();
    const size_t at = user.find("Turns are numbered T1 to T");
    if (at != std::string::npos) n = std::stoi(user.substr(at + 26));
    std::vector<int> excluded;
    for (size_t i = 0; i < lines.ids.size(); ++i) if (NotSubstance(lines.texts[i])) excluded.push_back(lines.ids[i]);
    // What was said per turn: the lines, or the notes (each part's JSON on a line of its own).
    std::map<int, std::pair<std::string, std::string>> said;   // turn → speaker, words
    std::map<int, std::string> quotable;                      // turn → a verbatim sentence
    for (size_t i = 0; i < lines.ids.size(); ++i) {
      said[lines.ids[i]] = {lines.speakers[i], lines.texts[i]};
      const std::vector<std::string> ss = Sentences(lines.texts[i]);
      if (ss.size() > 1 && std::count(ss[0].begin(), ss[0].end(), ' ') >= 7) quotable[lines.ids[i]] = ss[0];
    }
    for (const json& notes : NotesParts(user)) {
      for (const json& e : js::At(notes, "excluded"))
        for (int id = js::Int(e, "first_turn"); id <= js::Int(e, "last_turn"); ++id) excluded.push_back(id);
      for (const json& c : js::At(notes, "claims")) said[js::Int(c, "turn_id")] = {js::Str(c, "speaker"), js::Str(c, "claim")};
      for (const json& q : js::At(notes, "quotes")) quotable[js::Int(q, "turn_id")] = js::Str(q, "text");
    }
    std::sort(excluded.begin(), excluded.end());
    auto is_excluded = [&](int id) { return std::binary_search(excluded.begin(), excluded.end(), id); };
    json o = json::object();
    o["sections"] = json::array();
    for (int i = 0; i < sections; ++i) {
      const int first = 1 + i * n / sections, last = (i + 1) * n / sections;
      std::vector<int> ids;
      for (int id = first; id <= last; ++id) if (!is_excluded(id)) ids.push_back(id);
      if (ids.empty()) ids.push_back(first);
      // At most eight points, each summarising a run of consecutive turns.
      const size_t per = (ids.size() + 7) / 8;
      json points = json::array(), quotes = json::array();
      for (size_t k = 0; k < ids.size(); k += per) {
        json ranges = json::array();
        std::string text;
        int run = 0, prev = 0, longest = 0;
        for (size_t m = k; m < std::min(ids.size(), k + per); ++m) {
          const int id = ids[m];
          if (run && id != prev + 1) { ranges.push_back({{"first_turn", run}, {"last_turn", prev}}); run = 0; }
          if (!run) run = id;
          prev = id;
          auto it = said.find(id);
          if (it != said.end() && (!longest || it->second.second.size() > said[longest].second.size())) longest = id;
        }
        // The point: what the fullest turn of the run says, in one sentence.
        if (longest) {
          const auto& [who, words] = said[longest];
          const std::vector<std::string> ss = Sentences(words);
          if (!ss.empty()) text = zh ? ZhGist(who, words, longest, Chance(words, longest)) : who + ": " + ss[0];
        }
        if (run) ranges.push_back({{"first_turn", run}, {"last_turn", prev}});
        if (text.empty()) text = zh ? "这一段的要点" : "What was said here";
        points.push_back({{"text", text + (zh ? "。" : "")}, {"turn_ranges", ranges}});
      }
      for (int id : ids) {
        auto q = quotable.find(id);
        if (q != quotable.end() && quotes.size() < 2) quotes.push_back({{"turn_id", id}, {"words", q->second}});
      }
      static const char* zh_headings[] = {"实时数据的价值", "速度与代价", "用户在哪里", "好模型与够用的模型", "数据中心怎样建", "分发的力量",
                                          "团队与文化", "规则与未来"};
      static const char* en_headings[] = {"Why fresh data matters", "Speed and its cost", "Where users already are", "Good enough plus distribution",
                                          "Building at speed", "The power of distribution", "Teams and culture", "Rules and what comes next"};
      const std::string heading = std::string(zh ? zh_headings[i % 8] : en_headings[i % 8]) + (i >= 8 ? " (" + std::to_string(i / 8 + 1) + ")" : "");
      o["sections"].push_back({{"heading", heading}, {"points", points}, {"quotes", quotes}});
    }
    o["excluded"] = json::array();
    excluded.erase(std::unique(excluded.begin(), excluded.end()), excluded.end());
    for (size_t i = 0; i < excluded.size(); ++i) o["excluded"].push_back({{"first_turn", excluded[i]}, {"last_turn", excluded[i]}, {"kind", "sponsor"}});
    o["glossary"] = json::array();
    std::set<std::string> names;
    for (const auto& [id, x] : said) names.insert(x.first);
    for (const std::string& name : names)
      if (!name.empty()) o["glossary"].push_back({{"source", name}, {"rendering", name}, {"kind", "person"}, {"note", ""}});
    o["main_subject"] = zh ? "实时数据与人工智能" : "Real-time data and AI";
    if (schema.contains("key_exchanges")) {
      o["key_exchanges"] = json::array();
      for (int id = 2; id + 1 <= n; id += 10) o["key_exchanges"].push_back({{"first_turn", id}, {"last_turn", id + 1}});
    }
    return o.dump();
  }

  // "- …" lines of the block that starts with `title` in a prompt (up to the next blank line).
  static std::vector<std::string> Bullets(const std::string& user, const std::string& title) {
    std::vector<std::string> out;
    size_t p = user.find("\n" + title);
    if (p == std::string::npos) return out;
    p = user.find('\n', p + 1);
    while (p != std::string::npos && p + 3 < user.size() && user.compare(p + 1, 2, "- ") == 0) {
      const size_t e = user.find('\n', p + 1);
      out.push_back(user.substr(p + 3, (e == std::string::npos ? user.size() : e) - p - 3));
      p = e;
    }
    return out;
  }

  // A section, written from the notes the outline made, the quotations it chose and the turns given in
  // full: a sentence per point citing the point's turns, the chosen quotations with their original words.
  std::string Section(const std::string& user) {
    const bool repair = user.find("the previous version of this section had") != std::string::npos;
    repairs_seen += repair;
    const bool zh = user.find("in Simplified Chinese") != std::string::npos;
    int target = 300;
    static const std::regex len(R"(about (\d+) (characters|words))");
    std::smatch m;
    if (std::regex_search(user, m, len)) target = std::stoi(m[1]);
    const size_t from = user.find("Transcript lines for this section:");
    const Lines lines = from == std::string::npos ? Lines{} : TurnLines(user.substr(from));
    const auto glossary = GlossaryIn(user);
    const bool drift = !repair && zh && Chance(user, 7) < drift_rate;
    const bool repeat = !repair && !section_paragraphs.empty() && Chance(user, 13) < repeat_rate;
    json quotes = json::array();
    std::vector<std::string> items;   // sentences, in order
    int length = 0;
    auto add = [&](const std::string& s) {
      if (length >= target) return;
      items.push_back(s);
      length += zh && !drift ? (int)s.size() / 3 : (int)s.size() / 6;
    };
    // The chosen quotations whose turns are given in full, with the speaker of that line.
    std::vector<std::string> quoted;
    std::set<int> quoted_ids;
    static const std::regex chosen("^\\[T(\\d+)\\] \xE2\x80\x9C(.+)\xE2\x80\x9D$");
    for (const std::string& q : Bullets(user, "Quotations chosen for it")) {
      std::smatch qm;
      if (!std::regex_match(q, qm, chosen) || quotes.size() >= 2) continue;
      const int id = std::stoi(qm[1]);
      const std::string original = qm[2];
      const auto at = std::find(lines.ids.begin(), lines.ids.end(), id);
      if (at == lines.ids.end() || lines.texts[at - lines.ids.begin()].find(original) == std::string::npos) continue;
      const std::string& speaker = lines.speakers[at - lines.ids.begin()];
      const std::string who = ApplyGlossary(speaker, glossary);
      std::string facts;
      for (const std::string& n : Numbers(original)) facts += "、" + n;
      static const char* gist[] = {"真正的瓶颈在别处", "速度本身就是优势", "用户已经在那里了", "数据越新越有价值", "成本会一路下降",
                                   "没人愿意再下载一个应用", "规则总会追上来", "团队文化决定节奏"};
      static const char* things[] = {"数据", "速度", "用户", "成本", "团队", "规则", "算力", "渠道", "价格", "文化"};
      const std::string rendered = zh && !drift ? std::string("（译）") + things[(size_t)(Chance(original, 5) * 10)] + "这件事上，" +
                                                      gist[(size_t)(Chance(original, 3) * 8)] + (facts.empty() ? "" : "，数字是" + facts.substr(3))
                                                : original;
      quotes.push_back({{"turn_id", id}, {"speaker", speaker}, {"original", original}, {"rendered", rendered}});
      const std::string marker = "[T" + std::to_string(id) + "]";
      quoted.push_back(zh && !drift ? who + "说：“" + rendered + "”" + marker + "。" : who + " put it this way: “" + rendered + "”" + marker + " ");
      quoted_ids.insert(id);
    }
    // One sentence per point (a section drifting into English says in English that a point was made).
    size_t next_quote = 0;
    for (const std::string& pt : Bullets(user, "Notes for this section")) {
      const size_t open = pt.rfind(" [T");
      const std::string text = open == std::string::npos ? pt : pt.substr(0, open);
      const std::string marker = open == std::string::npos ? "" : pt.substr(open + 1);
      std::string sentence = drift ? "The conversation went into this point in some detail, with the examples given at the time" : ApplyGlossary(text, glossary);
      if (zh && !drift && sentence.size() >= 3 && sentence.compare(sentence.size() - 3, 3, "\xE3\x80\x82") == 0) sentence.resize(sentence.size() - 3);
      add(zh && !drift ? sentence + marker + "。" : sentence + marker + (drift ? ". " : " "));
      if (items.size() % 2 == 1 && next_quote < quoted.size()) add(quoted[next_quote++]);
    }
    while (next_quote < quoted.size()) add(quoted[next_quote++]);
    // Turns given in full that no quotation used (the outline's notes did not cover them).
    for (size_t i = 0; i < lines.ids.size(); ++i) {
      if (NotSubstance(lines.texts[i]) || quoted_ids.count(lines.ids[i])) continue;
      const std::string id = "[T" + std::to_string(lines.ids[i]) + "]";
      const std::string who = ApplyGlossary(lines.speakers[i], glossary);
      if (zh && !drift) add(ZhGist(who, lines.texts[i], lines.ids[i], Chance(lines.texts[i], lines.ids[i])) + id + "。");
      else add(who + " said: " + ApplyGlossary(lines.texts[i], glossary) + id + " ");
    }
    std::vector<std::string> paras;
    std::string para;
    std::vector<std::string> full;   // paragraphs of three sentences: what the repetition mistake copies
    for (size_t i = 0; i < items.size(); ++i) {
      para += items[i];
      if (i % 3 == 2) { paras.push_back(para); full.push_back(para); para.clear(); }
    }
    if (!para.empty()) paras.push_back(para);
    if (paras.empty()) paras.push_back(zh ? "这一部分没有可用的内容。" : "Nothing was said here.");
    if (repeat) { paras.push_back(section_paragraphs[(size_t)(Chance(user, 5) * section_paragraphs.size())]); ++repeated; }
    if (drift) ++drifted;
    section_paragraphs.insert(section_paragraphs.end(), full.begin(), full.end());
    std::string bodytext;
    for (const std::string& p : paras) bodytext += (bodytext.empty() ? "" : "\n\n") + p;
    return json{{"quotes", quotes}, {"body", bodytext}}.dump();
  }

  std::string Front(const json& body, const std::string& user) {
    const json& schema = body["response_format"]["json_schema"]["schema"]["properties"];
    const bool zh = user.find("in Simplified Chinese") != std::string::npos;
    const size_t from = user.find("The finished sections:");
    const std::string sections = from == std::string::npos ? "" : user.substr(from);
    std::vector<std::string> headings;
    static const std::regex h(R"(\n## ([^\n]+))");
    for (std::sregex_iterator it(sections.begin(), sections.end(), h), end; it != end; ++it) headings.push_back((*it)[1]);
    // Cited sentences of the sections: the text before each "[T12]" since the previous sentence end.
    std::vector<std::pair<std::string, int>> cited;
    size_t start = 0;
    for (size_t p = sections.find("[T"); p != std::string::npos; p = sections.find("[T", p + 2)) {
      size_t b = start;
      for (const char* stop : {"\n", "\xE3\x80\x82", "] "}) {
        const size_t q = sections.rfind(stop, p);
        if (q != std::string::npos && q + std::string(stop).size() > b && q < p) b = q + std::string(stop).size();
      }
      const size_t e = sections.find(']', p);
      if (e == std::string::npos) break;
      const std::string id = sections.substr(p + 2, e - p - 2);
      if (!id.empty() && id.find_first_not_of("0123456789") == std::string::npos && p > b) cited.push_back({sections.substr(b, p - b), std::stoi(id)});
      start = e + 1;
    }
    json f = json::object();
    const int nh = schema.contains("highlights") ? (int)schema["highlights"]["minItems"] : 0;
    f["highlights"] = json::array();
    for (int i = 0; i < nh; ++i) {
      const auto& x = cited.empty() ? std::make_pair(std::string("—"), 1) : cited[(size_t)i * cited.size() / std::max(1, nh)];
      f["highlights"].push_back({{"text", x.first + (zh ? "。" : "")}, {"turn_id", x.second}});
    }
    if (schema.contains("featured_quotes")) {
      f["featured_quotes"] = json::array();
      for (int i = 0; i < (int)schema["featured_quotes"]["minItems"]; ++i)
        f["featured_quotes"].push_back({{"turn_id", cited.empty() ? 1 : cited[0].second}, {"speaker", ""}, {"original", ""}, {"rendered", cited.empty() ? "—" : cited[0].first}});
    }
    std::string about;
    for (const std::string& hd : headings) about += (about.empty() ? "" : zh ? "、" : ", ") + hd;
    if (schema.contains("introduction"))
      f["introduction"] = {{"subtitle", zh ? "这场对话讲了什么" : "What this conversation covers"},
                           {"body", zh ? "这篇文章依次讨论：" + about + "。" : "This article covers, in turn: " + about + "."}};
    if (schema.contains("conclusion"))
      f["conclusion"] = {{"subtitle", zh ? "回到主题" : "Back to the main point"},
                         {"body", zh ? "以上几个部分共同说明了对话的主线：" + about + "。" : "Together these sections make one argument: " + about + "."}};
    f["quotes"] = json::array();
    if (schema.contains("lead")) f["lead"] = zh ? "一场关于" + about + "的对话。" : "A conversation about " + about + ".";
    f["title"] = headings.empty() ? "Untitled" : zh ? headings[0] + "意味着什么？" : "What " + headings[0] + " means";
    if (schema.contains("emoji")) f["emoji"] = "🚀";
    return f.dump();
  }

  // The length a notes request asks for ("at most about 300 words"); 0 when it asks none.
  static int TargetWords(const std::string& user) {
    static const std::regex re(R"(at most about (\d+) words)");
    std::smatch m;
    return std::regex_search(user, m, re) ? std::stoi(m[1]) : 0;
  }
  static int Words(const std::string& s) { return 1 + (int)std::count(s.begin(), s.end(), ' '); }
  // Notes kept within `target` words as a model asked for a length does it: every excluded span and name, and
  // the claims and quotations spread evenly over the part (every k-th), with their turn ids as given.
  static json Shorten(json n, int target) {
    if (target <= 0) return n;
    auto words = [](const json& list, const char* key) { int w = 0; for (const json& x : list) w += Words(js::Str(x, key)) + 6; return w; };
    for (int keep_every = 1; keep_every < 1000; ++keep_every) {
      json claims = json::array(), quotes = json::array();
      for (size_t i = 0; i < n["claims"].size(); i += keep_every) claims.push_back(n["claims"][i]);
      for (size_t i = 0; i < n["quotes"].size(); i += keep_every * 2) quotes.push_back(n["quotes"][i]);
      if (words(claims, "claim") + words(quotes, "text") + 10 * (int)n["excluded"].size() <= target || claims.size() <= 1) {
        n["claims"] = claims;
        n["quotes"] = quotes;
        break;
      }
    }
    return n;
  }
  // Notes merged from the notes given (each part's JSON on a line of its own), within the length asked.
  static std::string Condense(const std::string& user) {
    json n = {{"themes", json::array()}, {"claims", json::array()}, {"quotes", json::array()}, {"numbers", json::array()},
              {"names", json::array()}, {"excluded", json::array()}};
    for (const json& part : NotesParts(user))
      for (const char* key : {"themes", "claims", "quotes", "numbers", "names", "excluded"})
        for (const json& x : js::At(part, key)) n[key].push_back(x);
    return Shorten(n, TargetWords(user)).dump();
  }

  std::string Answer(const std::string& kind, const json& body) {
    const std::string user = body["messages"].back()["content"];
    const Lines lines = TurnLines(user);
    if (kind == "outline") return Outline(body, user);
    if (kind == "notes") {
      json n = {{"themes", json::array()}, {"claims", json::array()}, {"quotes", json::array()}, {"numbers", json::array()},
                {"names", json::array()}, {"excluded", json::array()}};
      for (size_t i = 0; i < lines.ids.size(); ++i) {
        if (NotSubstance(lines.texts[i])) {
          n["excluded"].push_back({{"first_turn", lines.ids[i]}, {"last_turn", lines.ids[i]}, {"kind", "sponsor"}});
          continue;
        }
        // A claim per turn (its first sentence) and its first sentence as a quotation when the turn says more.
        const std::vector<std::string> ss = Sentences(lines.texts[i]);
        if (ss.empty()) continue;
        n["claims"].push_back({{"speaker", lines.speakers[i]}, {"claim", ss[0]}, {"turn_id", lines.ids[i]}});
        if (ss.size() > 1 && std::count(ss[0].begin(), ss[0].end(), ' ') >= 7)
          n["quotes"].push_back({{"speaker", lines.speakers[i]}, {"text", ss[0]}, {"turn_id", lines.ids[i]}});
      }
      return Shorten(n, TargetWords(user)).dump();
    }
    if (kind == "condensed_notes") return Condense(user);
    if (kind == "dialogue") {
      const bool translate = user.find("translated into") != std::string::npos;
      const auto glossary = GlossaryIn(user);
      json d = {{"turns", json::array()}};
      for (size_t i = 0; i < lines.ids.size(); ++i)
        d["turns"].push_back({{"turn_id", lines.ids[i]}, {"text", (translate ? "译：" : "") + ApplyGlossary(lines.texts[i], glossary)}});
      return d.dump();
    }
    if (kind == "section") return Section(user);
    if (kind == "front_matter") return Front(body, user);
    // Free text: sentences from the lines given.
    std::string out;
    for (size_t i = 0; i < lines.texts.size() && i < 3; ++i) out += lines.texts[i] + (i % 2 ? "\n\n" : " ");
    return out.empty() ? "Paragraph." : out;
  }

  ScriptedResponse Respond(const HttpRequest& req) {
    json body = json::parse(req.body);
    const std::string kind = Kind(body);
    const int n = ++calls[kind];
    prompts.push_back(body["messages"].back()["content"]);
    kinds.push_back(kind);
    schemas.push_back(js::At(js::At(js::At(body, "response_format"), "json_schema"), "schema"));
    long size = 0;
    for (const auto& m : body["messages"]) size += (long)js::Str(m, "content").size();
    prompt_bytes += size;
    prompt_sizes.push_back(size);
    if (fault) {
      ScriptedResponse f = fault(kind, body, n);
      if (f.status != 0) return f;
    }
    std::string answer = override_answer ? override_answer(kind, body) : "";
    if (answer.empty()) answer = Answer(kind, body);
    ScriptedResponse r;
    size_t half = answer.size() / 2;
    while (half > 0 && ((unsigned char)answer[half] & 0xC0) == 0x80) --half;   // split between characters
    r.chunks = {OpenAiSse({answer.substr(0, half), answer.substr(half)})};
    if (shape) shape(kind, answer, &r);
    return r;
  }
};

}  // namespace tp::test
