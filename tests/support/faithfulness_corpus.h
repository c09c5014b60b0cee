// The labelled faithfulness corpus (tests/fixtures/faithfulness/corpus.json): faithful articles built from
// sample transcripts with what the pipeline would have recorded (evidence), and copies with one injected
// fault each. Shared by the unit test (every fault detected, faithful articles clean) and the benchmark
// (recall per fault kind, false alarms per faithful article).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/checks.h"
#include "core/json_util.h"
#include "core/text_util.h"
#include "nlohmann/json.hpp"
#include "unit/test_util.h"

namespace tp::test {

struct CorpusArticle {
  std::string id;
  Transcript transcript;
  ArticleSpec spec;
  ArticleEvidence evidence;
  std::string markdown;
};

struct CorpusFault {
  std::string article, kind, note;
  std::string markdown;
  ArticleEvidence evidence;
  std::string error;   // why the fault could not be applied ("" when it was)
};

struct Corpus {
  std::vector<CorpusArticle> articles;
  std::vector<CorpusFault> faults;
  std::string error;
  const CorpusArticle* Find(const std::string& id) const {
    for (const CorpusArticle& a : articles) if (a.id == id) return &a;
    return nullptr;
  }
};

// The finding kinds that count as catching each kind of injected fault.
inline const std::map<std::string, std::vector<std::string>>& FaultFindings() {
  static const std::map<std::string, std::vector<std::string>> m = {
      {"invented_quote", {"quote.invented", "quote.unverified", "quote.mismatch", "quote.wrong_turn", "quote.number"}},
      {"wrong_speaker", {"quote.wrong_speaker"}},
      {"changed_number", {"number.unsupported", "number.elsewhere", "quote.number", "dialogue.number"}},
      {"wrong_unit_conversion", {"number.unsupported", "number.elsewhere", "quote.number", "dialogue.number"}},
      {"wrong_chinese_numeral", {"number.unsupported", "number.elsewhere", "quote.number", "dialogue.number"}},
      {"invented_name", {"name.unknown"}},
      {"off_topic_title", {"title.off_topic"}},
      {"duplicated_section", {"section.repeated"}},
      {"dialogue_incomplete", {"dialogue.missing_turns", "dialogue.summarised"}},
      {"english_in_chinese", {"language.stray_english", "dialogue.language", "language.wrong"}},
  };
  return m;
}

// Findings of the given kinds with severity warning or error.
inline int CountKinds(const ArticleChecks& c, const std::vector<std::string>& kinds) {
  int n = 0;
  for (const Finding& f : c.findings)
    if (f.severity != Severity::Info)
      for (const std::string& k : kinds) n += f.kind == k;
  return n;
}

inline void EditEvidence(const nlohmann::json& op, ArticleEvidence* ev) {
  if (js::Str(op, "op") != "set_quote") return;
  const int turn = js::Int(op, "turn");
  for (SectionEvidence& s : ev->sections)
    for (QuoteEvidence& q : s.quotes) {
      if (q.turn_id != turn) continue;
      if (js::At(op, "rendered").is_string()) q.rendered = js::Str(op, "rendered");
      if (js::At(op, "original").is_string()) q.original = js::Str(op, "original");
      if (js::At(op, "speaker").is_string()) q.speaker = js::Str(op, "speaker");
    }
}

inline Corpus LoadCorpus() {
  Corpus c;
  const std::string dir = "tests/fixtures/faithfulness/";
  const nlohmann::json j = nlohmann::json::parse(ReadFile(dir + "corpus.json"), nullptr, false);
  if (j.is_discarded()) { c.error = "corpus.json is not valid JSON"; return c; }
  for (const auto& a : js::At(j, "articles")) {
    CorpusArticle x;
    x.id = js::Str(a, "id");
    x.transcript = ParseTranscript(ReadFile(js::Str(a, "transcript")));
    x.transcript.meta.source_url = js::Str(a, "source_url");
    const Preset* preset = FindPreset(js::Str(a, "preset"));
    if (!preset) { c.error = "unknown preset in " + x.id; return c; }
    nlohmann::json spec = SpecToJson(preset->spec);
    for (auto it = js::At(a, "spec").begin(); js::At(a, "spec").is_object() && it != js::At(a, "spec").end(); ++it) spec[it.key()] = it.value();
    if (!SpecFromJson(spec, &x.spec).ok()) { c.error = "bad spec in " + x.id; return c; }
    x.evidence = EvidenceFromJson(js::At(a, "evidence"));
    x.markdown = ReadFile(dir + js::Str(a, "markdown"));
    if (x.markdown.empty() || x.transcript.turns.empty()) { c.error = "missing article or transcript for " + x.id; return c; }
    c.articles.push_back(std::move(x));
  }
  for (const auto& f : js::At(j, "faults")) {
    CorpusFault x;
    x.article = js::Str(f, "article");
    x.kind = js::Str(f, "kind");
    x.note = js::Str(f, "note");
    const CorpusArticle* a = c.Find(x.article);
    if (!a) { x.error = "no article " + x.article; c.faults.push_back(x); continue; }
    x.markdown = a->markdown;
    x.evidence = a->evidence;
    for (const auto& e : js::At(f, "edits")) {
      const std::string find = js::Str(e, "find");
      if (find.empty() || x.markdown.find(find) == std::string::npos) { x.error = "edit not found: " + find.substr(0, 60); break; }
      x.markdown = text::Replace(x.markdown, find, js::Str(e, "replace"));
    }
    if (x.markdown == a->markdown && x.error.empty()) x.error = "the edits change nothing";
    for (const auto& op : js::At(f, "evidence_edits")) EditEvidence(op, &x.evidence);
    if (!FaultFindings().count(x.kind)) x.error = "unknown fault kind " + x.kind;
    c.faults.push_back(std::move(x));
  }
  return c;
}

}  // namespace tp::test
