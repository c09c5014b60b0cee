// The article as far as a running generation has written it: every part in its final position (the
// spec's template), finished parts in full, a streaming section with the text received so far, and a
// short placeholder for each part not written yet. What the article pane shows while a run goes on.
#pragma once

#include <string>
#include <string_view>

#include "core/pipeline.h"

namespace tp {

// The value of the string field `key` in JSON that may be cut anywhere (a streaming answer): the
// characters decoded so far, "" when the field has not started. Escapes cut in half are dropped.
std::string PartialJsonString(std::string_view json_text, std::string_view key);

// Markdown of the article assembled from what `run` has so far. `waiting` and `writing` are the
// placeholder texts for a part not started and a part in progress with no text yet.
std::string ArticlePreviewMarkdown(const Pipeline& run, std::string_view waiting = "…",
                                   std::string_view writing = "✎ …");

}  // namespace tp
