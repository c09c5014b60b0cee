// JSON views of core objects for the automation API and the UI (parse summary, skeleton, validation).
#pragma once

#include "core/article.h"
#include "core/spec.h"
#include "core/transcript.h"
#include "nlohmann/json.hpp"

namespace tp {

// {format, turns, speakers:[{label,name,role,turns,aliases}], durationSec, language, title, sourceUrl, date,
//  metadata:[{key,value}], estimatedTokens, warnings, noiseMarks}. estimatedTokens is TranscriptTokens for
// the model's tokenizer: the figure the plan shows.
nlohmann::json TranscriptSummaryJson(const Transcript& t, TokenizerFamily family = TokenizerFamily::OpenAI);
// {ok, errors:[{field,message}], warnings:[...]}
nlohmann::json ValidationJson(const ValidationResult& r);
// [{level, text, placeholder}]
nlohmann::json SkeletonJson(const std::vector<SkeletonItem>& items);

}  // namespace tp
