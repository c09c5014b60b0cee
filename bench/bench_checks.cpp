// Benchmark: the checks against the labelled faithfulness corpus (tests/fixtures/faithfulness): recall per
// kind of injected fault (target >= 95% each) and false alarms per faithful article (target <= 1), then the
// time to verify a 3-hour article (a ~250k-character transcript, a ~100k-character article with its full
// dialogue). Prints figures; asserts nothing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "support/faithfulness_corpus.h"

using namespace tp;

namespace {

double Ms(std::chrono::steady_clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// The sample interview repeated to three hours, turns renumbered; the Chinese corpus article grown to
// match: its body sections repeated with their markers moved to each copy, its dialogue repeated whole.
void MakeThreeHours(const test::CorpusArticle& zh, Transcript* t, std::string* md, ArticleEvidence* ev) {
  const size_t per = zh.transcript.turns.size();
  int copies = 0;
  size_t bytes = 0;
  *t = zh.transcript;
  t->turns.clear();
  while (bytes < 250000) {
    for (const Turn& turn : zh.transcript.turns) {
      Turn x = turn;
      x.id = (int)t->turns.size() + 1;
      x.start = turn.start + copies * 360.0;
      bytes += x.text.size();
      t->turns.push_back(x);
    }
    ++copies;
  }
  const std::string& a = zh.markdown;
  const size_t body_from = a.find("## 实时数据"), body_to = a.find("## 结论："), dlg_from = a.find("```\n") + 4, dlg_to = a.rfind("\n```");
  const std::string body = a.substr(body_from, body_to - body_from), dialogue = a.substr(dlg_from, dlg_to - dlg_from);
  std::string grown = a.substr(0, body_from);
  std::string all_dialogue;
  *ev = zh.evidence;
  ev->sections.clear();
  ev->dialogue_turn_ids.clear();
  for (int k = 0; k < copies; ++k) {
    std::string part = body;
    for (int id = (int)per; id >= 1; --id)
      part = text::Replace(part, "[T" + std::to_string(id) + "]", "[T" + std::to_string(id + k * (int)per) + "]");
    part = text::Replace(part, "## ", "## 第" + std::to_string(k + 1) + "部分 ");
    if (k < 4) grown += part;   // a long article's body: a dozen sections
    for (const SectionEvidence& s : zh.evidence.sections) {
      SectionEvidence x = s;
      for (int& id : x.source_turn_ids) id += k * (int)per;
      for (int& id : x.cited_turn_ids) id += k * (int)per;
      for (QuoteEvidence& q : x.quotes) q.turn_id += k * (int)per;
      if (k < 4) ev->sections.push_back(x);
    }
    all_dialogue += (k ? "\n\n" : "") + dialogue;
    for (size_t i = 1; i <= per; ++i) ev->dialogue_turn_ids.push_back((int)(i + k * per));
  }
  grown += a.substr(body_to, dlg_from - body_to) + all_dialogue + a.substr(dlg_to);
  *md = grown;
}

}  // namespace

int main() {
  const test::Corpus corpus = test::LoadCorpus();
  if (!corpus.error.empty()) { std::printf("corpus: %s\n", corpus.error.c_str()); return 1; }

  std::printf("Faithful articles (false alarms = warnings and errors raised on an article with no fault):\n");
  int alarms_total = 0;
  for (const test::CorpusArticle& a : corpus.articles) {
    const ArticleChecks c = VerifyArticle(a.markdown, a.transcript, a.spec, a.evidence);
    std::printf("  %-14s %2d false alarm(s)  (%zu quotes, %zu numbers, %zu names checked)\n", a.id.c_str(), c.Problems(), c.quotes.size(),
                c.numbers.size(), c.names.size());
    for (const Finding& f : c.findings) if (f.severity != Severity::Info) std::printf("      %s: %s\n", f.kind.c_str(), f.message.c_str());
    alarms_total += c.Problems();
  }
  std::printf("  per faithful article: %.2f (target <= 1)\n\n", corpus.articles.empty() ? 0.0 : (double)alarms_total / corpus.articles.size());

  std::printf("Recall per kind of injected fault (target >= 95%% each):\n");
  std::map<std::string, std::pair<int, int>> recall;   // kind -> (caught, total)
  std::vector<std::string> missed;
  int broken = 0;
  for (const test::CorpusFault& f : corpus.faults) {
    if (!f.error.empty()) { ++broken; std::printf("  corpus error (%s, %s): %s\n", f.kind.c_str(), f.note.c_str(), f.error.c_str()); continue; }
    const test::CorpusArticle& a = *corpus.Find(f.article);
    const std::vector<std::string>& kinds = test::FaultFindings().at(f.kind);
    const ArticleChecks clean = VerifyArticle(a.markdown, a.transcript, a.spec, a.evidence);
    const ArticleChecks faulty = VerifyArticle(f.markdown, a.transcript, a.spec, f.evidence);
    const bool caught = test::CountKinds(faulty, kinds) > test::CountKinds(clean, kinds);
    auto& r = recall[f.kind];
    r.first += caught;
    ++r.second;
    if (!caught) missed.push_back(f.kind + " / " + f.article + ": " + f.note);
  }
  int caught_all = 0, total_all = 0;
  for (const auto& [kind, r] : recall) {
    std::printf("  %-24s %2d/%-2d  %5.1f%%%s\n", kind.c_str(), r.first, r.second, 100.0 * r.first / r.second, r.first * 100 >= r.second * 95 ? "" : "  (below target)");
    caught_all += r.first;
    total_all += r.second;
  }
  std::printf("  all kinds                %2d/%-2d  %5.1f%%\n", caught_all, total_all, total_all ? 100.0 * caught_all / total_all : 0.0);
  for (const std::string& m : missed) std::printf("  missed: %s\n", m.c_str());
  if (broken) std::printf("  %d fault(s) could not be applied\n", broken);

  // Time on a 3-hour article.
  const test::CorpusArticle* zh = corpus.Find("zh_interview");
  if (!zh) return 0;
  Transcript t;
  std::string md;
  ArticleEvidence ev;
  MakeThreeHours(*zh, &t, &md, &ev);
  size_t transcript_chars = 0;
  for (const Turn& turn : t.turns) transcript_chars += utf8::CountCodePoints(turn.text);
  std::vector<double> runs;
  ArticleChecks c;
  for (int i = 0; i < 7; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    c = VerifyArticle(md, t, zh->spec, ev);
    runs.push_back(Ms(std::chrono::steady_clock::now() - t0));
  }
  std::sort(runs.begin(), runs.end());
  std::printf("\n3-hour article: %zu turns (%zu characters), article %zu characters (%zu bytes), %zu quotes, %zu numbers, %zu findings\n",
              t.turns.size(), transcript_chars, utf8::CountCodePoints(md), md.size(), c.quotes.size(), c.numbers.size(), c.findings.size());
  std::printf("  VerifyArticle: median %.1f ms, min %.1f ms, max %.1f ms (7 runs)\n", runs[3], runs[0], runs[6]);
  std::map<std::string, int> kinds;
  for (const Finding& f : c.findings) ++kinds[f.kind];
  std::printf("  findings by kind (the body repeats the same sections on purpose):");
  for (const auto& [k, n] : kinds) std::printf(" %s %d;", k.c_str(), n);
  std::printf("\n");
  return 0;
}
