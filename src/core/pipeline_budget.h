// Pipeline limits and prices for the configured model, from the model catalog (core/model_catalog.h)
// and the user's own overrides: the context window, the output limit and the chunk size, and the money
// a run costs.
#pragma once

#include <string>

#include "core/pipeline.h"

namespace tp {

// Options for a run with this provider and model: context and output limits from the catalog (or the
// user's overrides in ProviderConfig), notes chunks sized to the context, prices per million tokens.
PipelineOptions PipelineOptionsFor(const ProviderConfig& p);

// The cost of a finished run from the usage the provider reported: "¥0.31 ($0.043)", "$0.042", or ""
// when the catalog has no price for the model.
std::string RunCost(const ProviderConfig& p, const Usage& usage);

}  // namespace tp
