#include "core/pipeline_budget.h"

#include <algorithm>

#include "core/provider_session.h"

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
  // A per-request limit learned from the provider (a free plan's tokens a minute) holds the prompt and the
  // answer's room together: the transcript is read in parts small enough for a part, its instructions and its
  // notes to fit, and no answer asks for more than half of it.
  if (const std::optional<int>& ceiling = SessionFor(p).request_tokens) {
    o.context_tokens = std::min(o.context_tokens, *ceiling);
    o.max_output_tokens = std::max(512, std::min(o.max_output_tokens, *ceiling / 2));
    o.chunk_tokens = std::max(1000, std::min(o.chunk_tokens, *ceiling / 3));
    o.dialogue_chunk_tokens = std::max(400, std::min(o.dialogue_chunk_tokens, *ceiling / 6));
  }
  o.usd_per_million_input = std::max(0.0, m.usd_in);
  o.usd_per_million_output = std::max(0.0, m.usd_out);
  return o;
}

std::string RunCost(const ProviderConfig& p, const Usage& usage) {
  return FormatCost(ModelFor(p), usage.input_tokens, usage.output_tokens);
}

}  // namespace tp
