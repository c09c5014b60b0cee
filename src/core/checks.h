// Verification of a generated article against its transcript: quotes (with their source turns, across
// translation), numbers, names, structure against the spec, and transcript spans no section used.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/article.h"
#include "core/evidence.h"
#include "core/spec.h"
#include "core/transcript.h"
#include "nlohmann/json.hpp"

namespace tp {

struct QuoteCheck {
  std::string text;
  int turn_id = 0;      // 0 when the article gave none
  bool ok = false;
  std::string note;
};

struct FactCheck {      // a number, date or name
  std::string value;
  bool ok = false;
};

struct ArticleChecks {
  std::vector<QuoteCheck> quotes;
  std::vector<FactCheck> numbers;
  std::vector<FactCheck> names;
  std::vector<StructureIssue> structure;
  std::vector<std::pair<int, int>> uncovered;   // turn id ranges no section drew on
  int Problems() const;
  nlohmann::json ToJson() const;
};

// `marked` is the article with quote markers (“…”[T12]); `ranges` the turn ranges sections used.
ArticleChecks VerifyArticle(const std::string& marked, const Transcript& t, const ArticleSpec& spec,
                            const std::vector<std::pair<int, int>>& ranges, const std::vector<std::string>& known_names);

// The verifier's entry point: the article as shown (markers optional), checked against the transcript,
// the spec and what the pipeline recorded while writing it (quotes with original words, the turns each
// section used, the glossary). An empty `evidence` is allowed (an article pasted or heavily edited):
// quotes then match by text and unknown ones are reported as unverified.
ArticleChecks VerifyArticle(const std::string& markdown, const Transcript& t, const ArticleSpec& spec,
                            const ArticleEvidence& evidence);

// The article without the [T12] markers (what readers see).
std::string StripTurnMarkers(const std::string& marked);

}  // namespace tp
