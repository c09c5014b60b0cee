// Verification of an article against its transcript and spec. Every problem is a Finding with its place in
// the article (byte offset, line) and the turns involved, so the app can show it, jump to it and rewrite
// the section it is in. What is checked:
//   quotes     each quotation's words are in the cited turn (normalized for case, punctuation, spacing and
//              filler), said by the speaker the article names; a translated quote needs its original words
//              (from ArticleEvidence) and its numbers must match the turn; quotes nobody recorded are
//              "unverified", never "verified"
//   numbers    against the turns the section drew on (the cited turn for quotes), in digits, Chinese
//              numerals or words, with unit conversions (core/numbers.h)
//   names      against the glossary, the speakers and the transcript, Chinese renderings included
//   article    structure vs spec (read through cmark's tree), title and lead about the body, repeated,
//              empty or short sections, highlights traceable, dialogue complete and in the output
//              language (inside code fences too), script purity, coverage of the transcript
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/article_view.h"
#include "core/evidence.h"
#include "core/spec.h"
#include "core/transcript.h"
#include "nlohmann/json.hpp"

namespace tp {

enum class Severity { Info, Warning, Error };   // Problems() counts warnings and errors
const char* ToString(Severity s);

struct Finding {
  std::string kind;           // stable id, e.g. "quote.invented" (list in checks.cpp, kFindingKinds)
  Severity severity = Severity::Warning;
  std::string message;        // a sentence a person can act on
  size_t offset = 0;          // byte offset in the Markdown that was checked
  size_t length = 0;          // bytes of the span concerned (0: the position only)
  int line = 0;               // 1-based line of `offset`
  ArticlePart part = ArticlePart::Article;
  int section = -1;           // body section index (0-based) when part == Body
  std::vector<int> turn_ids;  // turns involved (cited, found in, missing)
  std::string subject;        // the quote, number or name concerned
  bool repairable = false;    // rewriting the section once can fix it (repetition, short/empty, language, quotes)
};

struct StructureIssue {
  std::string kind;           // "missing", "count", "order", "language", "empty", "short", "emoji", "extra", "repeated", "off_topic"
  std::string message;
  int line = 0;               // 1-based line in the Markdown (0: the article as a whole)
  int section = -1;           // body section index when the issue is about one
};

// One quotation found in the article and what became of it.
struct QuoteCheck {
  std::string text;
  int turn_id = 0;            // the first cited turn (0 when the article gave none)
  bool ok = false;            // verified
  std::string note;
  std::string status;         // "verified", "unverified", "failed"
  std::vector<int> turn_ids;  // every cited turn; for a quote found elsewhere, the turn it was found in
  std::string speaker;        // the speaker the article names for it ("" when it names none)
  std::string original;       // the original words used for checking ("" when unknown)
  size_t offset = 0;
  int line = 0;
};

struct FactCheck {            // a number or name
  std::string value;
  bool ok = false;
  std::string note;
  size_t offset = 0;
  int line = 0;
  std::vector<int> turn_ids;  // where it was found
};

// Sections the pipeline may rewrite once: repetition, empty/short, wrong language, unverifiable quote.
struct SectionRepair {
  int section = -1;                  // body section index
  std::vector<std::string> kinds;    // finding kinds
  std::vector<std::string> messages; // what to fix, for the rewrite instruction
};

struct ArticleChecks {
  std::vector<Finding> findings;     // every problem (and informational notes), in article order
  std::vector<QuoteCheck> quotes;    // every quotation found, verified or not
  std::vector<FactCheck> numbers;    // every number checked
  std::vector<FactCheck> names;      // every name checked
  std::vector<StructureIssue> structure;          // conformance with the spec (missing, count, order, emoji, extra,
                                                  // empty, language), also listed in `findings`
  std::vector<std::pair<int, int>> uncovered;     // turn id ranges no section drew on (excluded turns left out)
  std::vector<std::pair<int, int>> uncovered_substantive;   // of those, spans with real content
  int body_sections = 0;

  int Problems() const;                             // findings with severity warning or error
  std::vector<SectionRepair> RepairableSections() const;
  nlohmann::json ToJson() const;
};

// The verifier's entry point: the article as shown (turn markers optional: “…”[T12], 【T12】, （T12）,
// [T12, T13]), checked against the transcript, the spec and what the pipeline recorded while writing it.
// An empty `evidence` is allowed (an article pasted or heavily edited): quotes then match by text and
// translated quotes nobody recorded are reported as unverified.
ArticleChecks VerifyArticle(const std::string& markdown, const Transcript& t, const ArticleSpec& spec,
                            const ArticleEvidence& evidence);

// Older form: `ranges` are the turn ranges sections used, `known_names` extra names. Forwards to the above.
ArticleChecks VerifyArticle(const std::string& marked, const Transcript& t, const ArticleSpec& spec,
                            const std::vector<std::pair<int, int>>& ranges, const std::vector<std::string>& known_names);

// What differs between an article and the structure its spec asks for, plus what can be judged from the
// article alone: title vs body, repeated sections, empty or short sections, script purity.
std::vector<StructureIssue> CheckStructure(const ArticleSpec& spec, std::string_view markdown);

// ArticleEvidence as JSON (the shape of the struct, field for field), for saving a run and for
// talkpress.verify(markdown, evidence). Reading never fails: wrong types keep defaults and are listed in
// `warnings` when given.
nlohmann::json EvidenceToJson(const ArticleEvidence& e);
ArticleEvidence EvidenceFromJson(const nlohmann::json& j, std::vector<std::string>* warnings = nullptr);

// The article without the turn markers (what readers see).
std::string StripTurnMarkers(const std::string& marked);

}  // namespace tp
