// Prompt texts. Index: shared pieces · Notes · Outline (+ schema, repair) · WriteSection · Continue · Dialogue.
#include "core/prompts.h"

namespace tp::prompts {

using nlohmann::json;

namespace {

std::string Lang(const ArticleSpec& s) { return LanguageDisplayName(s.output_language); }

// Tone, audience and the user's own instructions: part of every writing step.
std::string Voice(const ArticleSpec& s) {
  std::string v;
  if (!s.tone.empty()) v += "Tone: " + s.tone + ".\n";
  if (!s.audience.empty()) v += "Audience: " + s.audience + ".\n";
  if (!s.instructions.empty()) v += "Instructions from the editor (follow them): " + s.instructions + "\n";
  return v;
}

const char* kFaithful =
    "Stay faithful to what was said: use only facts, numbers, names and claims that appear in the transcript. "
    "Do not invent quotes, numbers, dates or people. When you quote someone, quote only words they actually said "
    "(translated if needed) and put the turn id right after the closing quotation mark, like “…”[T12].";

std::string LengthRule(const ArticleSpec& s) {
  return "about " + std::to_string(s.section_length) + " " + (s.length_unit == LengthUnit::Words ? "words" : "characters");
}

json StringArray(int n) {
  json a = {{"type", "array"}, {"items", {{"type", "string"}}}};
  if (n >= 0) { a["minItems"] = n; a["maxItems"] = n; }
  return a;
}

}  // namespace

Prompt Notes(const ArticleSpec& spec, const std::string& chunk_text, int chunk_index, int chunk_count) {
  Prompt p;
  p.system = "You take precise notes on a part of a long transcript, for an editor who will write an article in " +
             Lang(spec) + ". " + kFaithful;
  p.user = "This is part " + std::to_string(chunk_index + 1) + " of " + std::to_string(chunk_count) +
           " of the transcript. Each line starts with its turn id.\n\n" + chunk_text +
           "\nReturn JSON with: topics discussed; claims (speaker, claim, turn ids); verbatim quotes worth using "
           "(speaker, exact words in the original language, turn id); numbers with what they measure (turn id); "
           "names of people, companies and terms with how to write them in " + Lang(spec) + ".";
  json obj_str = {{"type", "string"}};
  json turn = {{"type", "integer"}};
  p.schema = {{"type", "object"},
              {"properties",
               {{"topics", StringArray(-1)},
                {"claims", {{"type", "array"}, {"items", {{"type", "object"}, {"properties", {{"speaker", obj_str}, {"claim", obj_str}, {"turn_id", turn}}},
                                                          {"required", {"speaker", "claim", "turn_id"}}, {"additionalProperties", false}}}}},
                {"quotes", {{"type", "array"}, {"items", {{"type", "object"}, {"properties", {{"speaker", obj_str}, {"text", obj_str}, {"turn_id", turn}}},
                                                          {"required", {"speaker", "text", "turn_id"}}, {"additionalProperties", false}}}}},
                {"numbers", {{"type", "array"}, {"items", {{"type", "object"}, {"properties", {{"value", obj_str}, {"meaning", obj_str}, {"turn_id", turn}}},
                                                           {"required", {"value", "meaning", "turn_id"}}, {"additionalProperties", false}}}}},
                {"names", {{"type", "array"}, {"items", {{"type", "object"}, {"properties", {{"name", obj_str}, {"rendering", obj_str}}},
                                                         {"required", {"name", "rendering"}}, {"additionalProperties", false}}}}}}},
              {"required", {"topics", "claims", "quotes", "numbers", "names"}},
              {"additionalProperties", false}};
  p.schema_name = "notes";
  return p;
}

json OutlineSchema(const ArticleSpec& spec) {
  const int sections = spec.BodySectionCount();
  json part = {{"type", "object"},
               {"properties", {{"subtitle", {{"type", "string"}}}, {"points", StringArray(-1)}}},
               {"required", {"subtitle", "points"}},
               {"additionalProperties", false}};
  json section = {{"type", "object"},
                  {"properties",
                   {{"heading", {{"type", "string"}}},
                    {"points", StringArray(-1)},
                    {"first_turn", {{"type", "integer"}}},
                    {"last_turn", {{"type", "integer"}}}}},
                  {"required", {"heading", "points", "first_turn", "last_turn"}},
                  {"additionalProperties", false}};
  json sections_schema = {{"type", "array"}, {"items", section}, {"minItems", sections}, {"maxItems", sections}};
  json schema = {{"type", "object"},
                 {"properties",
                  {{"title", {{"type", "string"}}},
                   {"emoji", {{"type", "string"}}},
                   {"lead", {{"type", "string"}}},
                   {"highlights", StringArray(spec.highlights)},
                   {"introduction", part},
                   {"sections", sections_schema},
                   {"conclusion", part}}},
                 {"required", {"title", "emoji", "lead", "highlights", "introduction", "sections", "conclusion"}},
                 {"additionalProperties", false}};
  if (spec.quotes > 0) {
    json quote = {{"type", "object"},
                  {"properties", {{"speaker", {{"type", "string"}}}, {"text", {{"type", "string"}}}, {"turn_id", {{"type", "integer"}}}}},
                  {"required", {"speaker", "text", "turn_id"}},
                  {"additionalProperties", false}};
    schema["properties"]["quotes"] = {{"type", "array"}, {"items", quote}, {"minItems", spec.quotes}, {"maxItems", spec.quotes}};
    schema["required"].push_back("quotes");
  }
  return schema;
}

Prompt Outline(const ArticleSpec& spec, const Transcript& t, const std::string& material, bool notes) {
  Prompt p;
  const int n = spec.BodySectionCount();
  p.system = "You are the editor planning an article in " + Lang(spec) + " from a conversation. " + kFaithful;
  std::string title_rule = spec.title_style == TitleStyle::Question ? "a question the article answers"
                         : spec.title_style == TitleStyle::Hook ? "a hook that makes people want to read"
                                                                : "a clear statement of the main point";
  std::string u = "Plan the article. Write every text field in " + Lang(spec) + ".\n";
  u += "- title: " + title_rule + "; it must be about what the conversation is actually about, not a side remark.\n";
  u += "- emoji: one emoji that fits the title.\n";
  u += "- lead: a 2-4 sentence hook.\n";
  u += "- highlights: exactly " + std::to_string(spec.highlights) + " concrete facts from the talk, one sentence each.\n";
  u += "- introduction: a subtitle and the points it makes.\n";
  if (!spec.section_headings.empty()) {
    u += "- sections: exactly these " + std::to_string(n) + " headings, in this order:";
    for (const std::string& h : spec.section_headings) u += " \"" + h + "\"";
    u += ".\n";
  } else {
    u += "- sections: exactly " + std::to_string(n) + " body sections, each on a distinct theme (no repetition between them), with a heading in " + Lang(spec) + ".\n";
  }
  u += "  For each section give first_turn and last_turn: the range of turn ids it draws on. Ranges must not overlap and "
       "should together cover the conversation in order.\n";
  u += "- conclusion: a subtitle and the points it makes.\n";
  if (spec.quotes > 0)
    u += "- quotes: exactly " + std::to_string(spec.quotes) + " memorable quotes, each the speaker's exact words (in " + Lang(spec) +
         ", translated faithfully if the talk is in another language), with the speaker and the turn id it comes from.\n";
  u += "Turns are numbered T1 to T" + std::to_string(t.turns.size()) + ".\n";
  u += Voice(spec);
  if (!t.speakers.empty()) {
    u += "Speakers:";
    for (const Speaker& s : t.speakers) u += " " + s.name + (s.role.empty() ? "" : " (" + s.role + ")") + ";";
    u += "\n";
  }
  if (!t.meta.title.empty()) u += "Episode title: " + t.meta.title + "\n";
  u += notes ? "\nNotes taken on the whole transcript, part by part:\n\n" : "\nThe transcript (each line starts with its turn id):\n\n";
  u += material;
  p.user = u;
  p.schema = OutlineSchema(spec);
  p.schema_name = "outline";
  return p;
}

Prompt OutlineRepair(const Prompt& original, const std::string& bad, const std::vector<std::string>& problems) {
  Prompt p = original;
  std::string list;
  for (const std::string& s : problems) list += "- " + s + "\n";
  p.user = original.user + "\n\nYour previous answer was not usable:\n" + list + "\nThe previous answer was:\n" +
           bad.substr(0, 20000) + "\n\nReturn the corrected JSON only.";
  return p;
}

Prompt WriteSection(const ArticleSpec& spec, const SectionBrief& b) {
  Prompt p;
  p.system = "You write one part of a publishable article in " + Lang(spec) + ", from the transcript lines given. " + kFaithful +
             " Write in " + Lang(spec) + " only. Output Markdown paragraphs only: no heading, no title, no preamble.";
  std::string u;
  if (b.kind == "introduction") u += "Write the introduction";
  else if (b.kind == "conclusion") u += "Write the conclusion";
  else u += "Write the section \"" + b.heading + "\"";
  u += ", " + LengthRule(spec) + ", in 2-4 paragraphs, in " + Lang(spec) + ".\n";
  if (!b.heading.empty() && b.kind != "section") u += "Its subtitle is \"" + b.heading + "\".\n";
  if (!b.points.empty()) {
    u += "Points to make:\n";
    for (const std::string& pt : b.points) u += "- " + pt + "\n";
  }
  u += Voice(spec);
  if (!b.extra_instruction.empty()) u += "For this version: " + b.extra_instruction + "\n";
  if (!b.glossary.empty()) u += "\nHow to write names and terms:\n" + b.glossary + "\n";
  u += "\nThe article's outline, for coherence (do not repeat other sections):\n" + b.outline_summary + "\n";
  u += "\nTranscript lines for this part:\n\n" + b.source_lines;
  p.user = u;
  return p;
}

Prompt Continue(const Prompt& original, const std::string& so_far) {
  Prompt p = original;
  p.user = original.user + "\n\nYour answer was cut off. Here is what you wrote so far:\n\n" + so_far +
           "\n\nContinue exactly where it stops. Do not repeat anything; output only the rest.";
  return p;
}

json DialogueSchema(size_t count) {
  json item = {{"type", "object"},
               {"properties", {{"turn_id", {{"type", "integer"}}}, {"text", {{"type", "string"}}}}},
               {"required", {"turn_id", "text"}},
               {"additionalProperties", false}};
  return {{"type", "object"},
          {"properties", {{"turns", {{"type", "array"}, {"items", item}, {"minItems", count}, {"maxItems", count}}}}},
          {"required", {"turns"}},
          {"additionalProperties", false}};
}

Prompt Dialogue(const ArticleSpec& spec, const std::string& turns_text, const std::vector<int>& ids) {
  Prompt p;
  const bool translate = spec.dialogue == DialogueMode::Translated;
  p.system = std::string("You prepare the full conversation for publication. ") +
             (translate ? "Translate every turn into " + Lang(spec) + "." : "Clean every turn in its original language.") +
             " Remove filler words (um, uh, you know), false starts and repetitions, fix transcription errors, and keep "
             "everything that was said: never summarise, merge or skip a turn.";
  p.user = "Return exactly " + std::to_string(ids.size()) + " turns, one per input line, with the same turn ids in the same order" +
           std::string(translate ? ", each translated into " + Lang(spec) : "") + ".\n\n" + turns_text;
  p.schema = DialogueSchema(ids.size());
  p.schema_name = "dialogue";
  return p;
}

}  // namespace tp::prompts
