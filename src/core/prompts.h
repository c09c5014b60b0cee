// Every prompt the pipeline sends, in one place. Each builder's comment says what the step is for.
// Rules kept by all of them: the output language is named explicitly (never inferred from examples);
// no examples in another language than the output; tone, audience and the user's instructions reach
// every writing step; the glossary reaches every writing step and every dialogue chunk; transcript
// lines carry turn ids ("[T12] Name: text", see TurnLine) that answers cite; the transcript is read in
// full once (by the outline, or by the notes when it does not fit), and later steps get that reading as
// notes plus only the turns they quote. JSON schemas keep their keys in
// the order a writer works (nlohmann::ordered_json): what the article is about before how it opens.
#pragma once

#include <string>
#include <vector>

#include "core/evidence.h"
#include "core/spec.h"
#include "core/transcript.h"
#include "nlohmann/json.hpp"

namespace tp::prompts {

inline constexpr const char* kVersion = "2026-11.3";

struct Prompt {
  std::string system;
  std::string user;
  nlohmann::ordered_json schema;   // null for free text
  std::string schema_name;
};

// The glossary as prompt lines ("- Elon Musk → 埃隆·马斯克 (person)").
std::string GlossaryText(const Glossary& g);
// Only the entries whose source term or rendering occurs in `text` (the lines and notes a step reads):
// each step is told how to write the names it will meet, not the whole talk's.
std::string GlossaryTextFor(const Glossary& g, const std::string& text);

// A transcript line as prompts show it: "[T12] Daniel Okafor: text". Timestamps are left out (no step
// writes them; the article takes them from the transcript), so every turn costs fewer tokens.
std::string TurnLine(const Transcript& t, const Turn& turn);

// Notes for one chunk of a transcript too long for one request (the map step): themes, claims,
// verbatim quotes, numbers, names with renderings, and the spans that are not substance (sponsor reads,
// housekeeping, small talk), all with turn ids, so the outline sees the whole talk.
// `target_words` > 0 asks for notes of about that length (the outline's request has room for only so much of them).
Prompt Notes(const ArticleSpec& spec, const std::string& chunk_text, int chunk_index, int chunk_count, int target_words = 0);
// One set of notes from the notes on several consecutive parts, in at most about `target_words` words, for
// when the notes on every part are too long for the outline's one request (a small context window, or a
// free plan's tokens a minute). Same schema as Notes: every excluded span and turn id kept as given.
Prompt CondenseNotes(const ArticleSpec& spec, const std::string& notes_text, int first_turn, int last_turn, int target_words);

// The outline as JSON (themes first): body sections, each one theme with the editor's notes a writer
// needs (points holding the specific facts, numbers and names, each with the turn ranges it comes from;
// together they cover every range where the theme is discussed) and up to three quotations chosen for it
// (turn id and the exact words); the non-substantive spans left out; the glossary; the key exchanges
// when the dialogue is limited to them. `material` is the whole transcript, or the notes on all of it
// (the reduce step).
Prompt Outline(const ArticleSpec& spec, const Transcript& t, const std::string& material, bool material_is_notes);
// One repair round: the invalid answer and what was wrong with it.
Prompt OutlineRepair(const Prompt& original, const std::string& bad_answer, const std::vector<std::string>& problems);
nlohmann::ordered_json OutlineSchema(const ArticleSpec& spec);

// What a body section is written from. The outline step has read the whole talk; a section gets that
// reading as notes and only the turns it needs in the speakers' own words (see WriteSection).
struct SectionBrief {
  std::string heading;
  std::vector<std::string> points;   // the outline's notes, each ending with its turns ("… [T12–T15, T40]")
  std::vector<std::string> quotes;   // the quotations chosen for it ("[T14] “exact words”")
  std::string source_lines;          // in full: the turns quoted, and the theme's turns no point covers
  std::string outline_summary;       // the main subject and the other sections' headings, for coherence
  std::string glossary;              // GlossaryText
  std::string extra_instruction;     // the user's "regenerate with …", or the problem a repair must fix
};
// Writes one body section (JSON: the quotations it uses with their original words, then the Markdown
// body citing them as “…”[T12]), within the spec's length.
Prompt WriteSection(const ArticleSpec& spec, const SectionBrief& brief);
nlohmann::ordered_json SectionSchema();
// The instruction for rewriting a section the checks flagged, naming each problem.
std::string RepairInstruction(const std::vector<std::string>& problems);
// Continues an answer that was cut at the output limit.
Prompt Continue(const Prompt& original, const std::string& text_so_far);

struct FrontBrief {
  std::string outline_summary;    // the main subject (the sections below carry their own headings)
  std::string glossary;
  std::string sections;           // the finished body sections ("## heading" + body), markers kept
  std::string extra_instruction;
};
// Written last, from the outline and the finished sections: highlights, the quotes section (show
// notes), introduction, conclusion, lead, title and its emoji — so the title names what the article is about.
Prompt WriteFrontMatter(const ArticleSpec& spec, const FrontBrief& brief);
nlohmann::ordered_json FrontMatterSchema(const ArticleSpec& spec);

// Detailed dialogue for a run of turns: cleaned (same language) or translated, one entry per turn,
// nothing summarised, names as in the glossary. JSON so the turn count can be checked.
Prompt Dialogue(const ArticleSpec& spec, const std::string& turns_text, const std::vector<int>& turn_ids,
                const std::string& glossary);
nlohmann::ordered_json DialogueSchema(size_t count);

}  // namespace tp::prompts
