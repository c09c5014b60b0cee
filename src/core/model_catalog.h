// What TalkPress knows about models (assets/providers/models.json, dated, sources named): context
// window, output limit, prices, whether the model thinks, whether it takes a temperature. Unknown models
// get conservative defaults. Budgets: output tokens with room for thinking, whether a transcript fits
// whole, and money.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/structured_output.h"

namespace tp {

struct ProviderConfig;

enum class Thinking { None, Optional, Default, Always };   // Default: on unless the request turns it off

struct ModelSpec {
  std::string id;                 // the catalog id that matched ("" for an unknown model)
  bool known = false;
  bool output_limit_known = false;   // from the catalog or the user: requests are capped by it
  int context_tokens = 32768;
  int max_output_tokens = 4096;
  double usd_in = -1, usd_out = -1;   // per million tokens; < 0 unknown
  double cny_in = -1, cny_out = -1;   // official yuan prices where the provider publishes them
  Thinking thinking = Thinking::None;
  bool temperature = true;        // false: the model rejects a temperature (GPT-5.x, Claude Opus 4.7+, Kimi K2.x)
  bool has_structured = false;    // `structured` overrides the provider's mode
  StructuredMode structured = StructuredMode::JsonSchema;
  std::string source;
  bool Thinks() const { return thinking == Thinking::Default || thinking == Thinking::Always; }
};

// The catalog entry for `model_id` (exact, after the last '/', or the longest catalog id it starts
// with), or the defaults with known = false.
ModelSpec LookupModel(std::string_view model_id);
const std::vector<ModelSpec>& ModelCatalog();
std::string ModelCatalogDate();   // "2026-11-26"

// The user's own numbers (Model tab) over the catalog's: 0 keeps the catalog value.
ModelSpec WithOverrides(ModelSpec m, int context_tokens, int max_output_tokens);

// max_tokens to send so that `visible_tokens` of answer survive the model's thinking (thinking shares
// the output budget on OpenAI reasoning models, Gemini 2.5+/3, DeepSeek V4, Kimi, MiniMax), capped by the
// model's output limit when it is known (catalog or the user's number).
int OutputBudget(const ModelSpec& m, int visible_tokens);
// Whether the whole transcript fits one request with its instructions and the answer.
bool TranscriptFits(const ModelSpec& m, int transcript_tokens, int prompt_overhead_tokens, int output_tokens);
// Money for a number of tokens; < 0 when the catalog has no price. CNY when that is the official price.
double CostUsd(const ModelSpec& m, long long input_tokens, long long output_tokens);
double CostCny(const ModelSpec& m, long long input_tokens, long long output_tokens);
// "$0.042" / "¥0.31 ($0.043)" / "" when unknown: one line for the plan and the finished run.
std::string FormatCost(const ModelSpec& m, long long input_tokens, long long output_tokens);

// The model info the Model tab shows: {"id","known","contextTokens","maxOutputTokens","usdPerMillion":[in,out],
// "cnyPerMillion":[in,out],"thinking","temperature","structured","source","catalogDate"}.
std::string ModelSpecJson(const ModelSpec& m);

}  // namespace tp
