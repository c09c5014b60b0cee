// Every prompt the pipeline sends, in one place. Each builder's comment says what the step is for.
// Rules kept by all of them: the output language is named explicitly (never inferred from examples);
// no few-shot examples in another language; tone, audience and the user's instructions reach every
// writing step; transcript lines carry turn ids ("[T12] Name (12:34): text") that answers cite.
#pragma once

#include <string>
#include <vector>

#include "core/spec.h"
#include "core/transcript.h"
#include "nlohmann/json.hpp"

namespace tp::prompts {

inline constexpr const char* kVersion = "2026-11.1";

struct Prompt {
  std::string system;
  std::string user;
  nlohmann::json schema;      // null for free text
  std::string schema_name;
};

// Notes for one chunk of a long transcript: topics, claims, verbatim quotes, numbers and names with
// turn ids, so the outline can see the whole talk without the whole text.
Prompt Notes(const ArticleSpec& spec, const std::string& chunk_text, int chunk_index, int chunk_count);

// The outline as JSON: title, emoji, lead, highlights, introduction, body sections with the turn
// ranges they draw on, conclusion. `material` is the transcript (short talks) or the notes (long ones).
Prompt Outline(const ArticleSpec& spec, const Transcript& t, const std::string& material, bool material_is_notes);
// One repair round: the invalid answer and what was wrong with it.
Prompt OutlineRepair(const Prompt& original, const std::string& bad_answer, const std::vector<std::string>& problems);
nlohmann::json OutlineSchema(const ArticleSpec& spec);

struct SectionBrief {
  std::string kind;            // "section", "introduction", "conclusion"
  std::string heading;
  std::vector<std::string> points;
  std::string source_lines;    // the transcript turns this part draws on
  std::string outline_summary; // the whole outline, for coherence
  std::string glossary;        // names and terms with their rendering in the output language
  std::string extra_instruction;   // "regenerate with: …"
};
// Writes one part of the article from its turns, within the spec's length, citing quotes as “…”[T12].
Prompt WriteSection(const ArticleSpec& spec, const SectionBrief& brief);
// Continues a part whose answer was cut at the output limit.
Prompt Continue(const Prompt& original, const std::string& text_so_far);

// Detailed dialogue for a run of turns: cleaned (same language) or translated, one entry per turn,
// nothing summarised. JSON so the turn count can be checked.
Prompt Dialogue(const ArticleSpec& spec, const std::string& turns_text, const std::vector<int>& turn_ids);
nlohmann::json DialogueSchema(size_t count);

}  // namespace tp::prompts
