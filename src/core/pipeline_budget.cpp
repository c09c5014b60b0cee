#include "core/pipeline_budget.h"

#include <algorithm>

namespace tp {

PipelineOptions PipelineOptionsFor(const ProviderConfig& p) {
  const ModelSpec m = ModelFor(p);
  PipelineOptions o;
  o.context_tokens = m.context_tokens;
  // What a step may write; thinking headroom is added per request (RequestedOutputTokens).
  o.max_output_tokens = std::min(m.max_output_tokens, 16384);
  // Notes chunks: a quarter of the context leaves room for instructions and the answer, and stays
  // small enough for the notes to keep detail.
  o.chunk_tokens = std::max(2000, std::min(24000, m.context_tokens / 4));
  o.usd_per_million_input = std::max(0.0, m.usd_in);
  o.usd_per_million_output = std::max(0.0, m.usd_out);
  return o;
}

std::string RunCost(const ProviderConfig& p, const Usage& usage) {
  return FormatCost(ModelFor(p), usage.input_tokens, usage.output_tokens);
}

}  // namespace tp
