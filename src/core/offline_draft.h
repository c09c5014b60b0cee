// The offline draft: the article the spec asks for, built on this device with no model and no network, in the
// transcript's own language (headings and labels localized per the spec). Extractive and deterministic: body
// sections come from topic segmentation of the transcript, their paragraphs from its most central sentences,
// quoted verbatim and attributed to their speakers; the same transcript and spec give byte-identical output.
#pragma once

#include <string>
#include <vector>

#include "core/article.h"
#include "core/evidence.h"
#include "core/spec.h"
#include "core/transcript.h"

namespace tp {

struct OfflineDraft {
  ArticleContent content;
  ArticleEvidence evidence;     // extractive = true; every quote's original equals its rendering
  std::string markdown;         // AssembleMarkdown(spec, content) plus one line under the title (and lead)
                                // saying this is an extractive draft and that an API key gives a written one
  std::vector<std::string> notes;   // what the user should know: why there is no draft, sections reduced, ...
  // False when no draft could be made (empty transcript, no spoken text): `markdown` is empty and notes[0]
  // says why.
  bool ok() const { return !markdown.empty(); }
};

OfflineDraft BuildOfflineDraft(const Transcript& t, const ArticleSpec& spec);

}  // namespace tp
