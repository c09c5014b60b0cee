// Prompt texts. Index: shared pieces · glossary · Notes · Outline (+ schema, repair) · WriteSection (+ schema,
// repair instruction) · Continue · WriteFrontMatter (+ schema) · Dialogue (+ schema).
#include "core/prompts.h"

namespace tp::prompts {

using ojson = nlohmann::ordered_json;

namespace {

std::string Lang(const ArticleSpec& s) { return LanguageDisplayName(s.output_language); }

// Tone, audience and the user's own instructions: part of every writing step.
std::string Voice(const ArticleSpec& s) {
  std::string v;
  if (!s.tone.empty()) v += "Tone: " + s.tone + ".\n";
  if (!s.audience.empty()) v += "Audience: " + s.audience + ". Write for them: explain what they would not know, skip what they would.\n";
  if (!s.instructions.empty()) v += "Instructions from the editor (follow them): " + s.instructions + "\n";
  return v;
}

const char* kFaithful =
    "Stay faithful to what was said: use only facts, numbers, names and claims that appear in the transcript. "
    "Do not invent quotes, numbers, dates or people. When you quote someone, quote only words they actually said "
    "(translated if needed) and put the turn id right after the closing quotation mark, like “…”[T12].";

std::string LengthRule(const ArticleSpec& s, double factor = 1.0) {
  return "about " + std::to_string((int)(s.section_length * factor)) + " " + (s.length_unit == LengthUnit::Words ? "words" : "characters");
}

ojson Str() { return {{"type", "string"}}; }
ojson Int() { return {{"type", "integer"}}; }
ojson Array(const ojson& items, int n = -1) {
  ojson a = {{"type", "array"}, {"items", items}};
  if (n >= 0) { a["minItems"] = n; a["maxItems"] = n; }
  return a;
}
// An object whose properties keep the order given; every property required, nothing else allowed.
ojson Object(std::initializer_list<std::pair<const char*, ojson>> props) {
  ojson properties = ojson::object(), required = ojson::array();
  for (const auto& [k, v] : props) { properties[k] = v; required.push_back(k); }
  return {{"type", "object"}, {"properties", properties}, {"required", required}, {"additionalProperties", false}};
}
ojson Range() { return Object({{"first_turn", Int()}, {"last_turn", Int()}}); }
ojson QuoteItem() {
  return Object({{"turn_id", Int()}, {"speaker", Str()}, {"original", Str()}, {"rendered", Str()}});
}

}  // namespace

std::string GlossaryText(const Glossary& g) {
  std::string out;
  for (const GlossaryEntry& e : g) {
    if (e.source.empty()) continue;
    out += "- " + e.source + " → " + (e.rendering.empty() ? e.source : e.rendering);
    if (!e.kind.empty() || !e.note.empty()) out += " (" + e.kind + (e.kind.empty() || e.note.empty() ? "" : "; ") + e.note + ")";
    out += "\n";
  }
  return out;
}

std::string GlossaryTextFor(const Glossary& g, const std::string& text) {
  Glossary used;
  for (const GlossaryEntry& e : g)
    if (!e.source.empty() && (text.find(e.source) != std::string::npos || (!e.rendering.empty() && text.find(e.rendering) != std::string::npos)))
      used.push_back(e);
  return GlossaryText(used);
}

std::string TurnLine(const Transcript& t, const Turn& turn) {
  std::string line = "[T" + std::to_string(turn.id) + "]";
  if (!turn.speaker.empty()) line += " " + t.DisplayName(turn.speaker) + ":";
  line += " ";
  line += turn.text;
  return line;
}

// ---------------------------------------------------------------------------------------------- notes

Prompt Notes(const ArticleSpec& spec, const std::string& chunk_text, int chunk_index, int chunk_count, int target_words) {
  Prompt p;
  p.system = "You take precise notes on a part of a long transcript, for an editor who will write an article in " +
             Lang(spec) + ". " + kFaithful;
  p.user = "This is part " + std::to_string(chunk_index + 1) + " of " + std::to_string(chunk_count) +
           " of the transcript. Each line starts with its turn id.\n\n" + chunk_text +
           "\nReturn JSON with, in this order: the themes discussed, each with the turn ranges where it is discussed; "
           "claims (speaker, claim, turn id); verbatim quotes worth using (speaker, the exact words as in the transcript, "
           "turn id); numbers with what they measure (turn id); names of people, companies, products and terms with how "
           "to write them in " + Lang(spec) + " (fix obvious speech-recognition misspellings and say so in the note); "
           "and the spans that are not substance — sponsor reads and ads, housekeeping (intros, bios, calls to subscribe, "
           "thanks), small talk — with their kind.";
  if (target_words > 0)
    p.user += " Keep the notes to at most about " + std::to_string(target_words) + " words: the claims, quotes and numbers "
              "that carry the substance, not every detail.";
  p.schema = Object({{"themes", Array(Object({{"theme", Str()}, {"turn_ranges", Array(Range())}}))},
                     {"claims", Array(Object({{"speaker", Str()}, {"claim", Str()}, {"turn_id", Int()}}))},
                     {"quotes", Array(Object({{"speaker", Str()}, {"text", Str()}, {"turn_id", Int()}}))},
                     {"numbers", Array(Object({{"value", Str()}, {"meaning", Str()}, {"turn_id", Int()}}))},
                     {"names", Array(Object({{"name", Str()}, {"rendering", Str()}, {"kind", Str()}, {"note", Str()}}))},
                     {"excluded", Array(Object({{"first_turn", Int()}, {"last_turn", Int()}, {"kind", Str()}}))}});
  p.schema_name = "notes";
  return p;
}

Prompt CondenseNotes(const ArticleSpec& spec, const std::string& notes_text, int first_turn, int last_turn, int target_words) {
  Prompt p = Notes(spec, "", 0, 1);   // the notes' schema: the outline reads both alike
  p.system = "You condense an editor's notes on a long transcript, for an editor who will write an article in " + Lang(spec) +
             ". " + kFaithful;
  p.user = "Below are notes taken, part by part, on turns T" + std::to_string(first_turn) + " to T" + std::to_string(last_turn) +
           " of a long transcript. Merge them into one set of notes of at most about " + std::to_string(target_words) +
           " words, for an editor who will plan the article from them.\n\n" + notes_text +
           "\nReturn JSON with the same keys. Themes: merge those that are the same, keeping all their turn ranges. "
           "Claims and numbers: keep those that carry the substance, each with its turn id; drop repetitions and details. "
           "Quotes: keep only the strongest, copied exactly as they are in the notes, with their speaker and turn id. Names: "
           "those the claims and quotes kept mention, with their rendering and note. Excluded: every span, as given (they are "
           "short). Never invent a turn id.";
  p.schema_name = "condensed_notes";
  return p;
}

// ---------------------------------------------------------------------------------------------- outline

ojson OutlineSchema(const ArticleSpec& spec) {
  const int sections = spec.BodySectionCount();
  ojson point = Object({{"text", Str()}, {"turn_ranges", Array(Range())}});
  ojson quote = Object({{"turn_id", Int()}, {"words", Str()}});
  ojson section = Object({{"heading", Str()}, {"points", Array(point)}, {"quotes", Array(quote)}});
  ojson schema = Object({{"sections", Array(section, sections)},
                         {"excluded", Array(Object({{"first_turn", Int()}, {"last_turn", Int()}, {"kind", Str()}}))},
                         {"glossary", Array(Object({{"source", Str()}, {"rendering", Str()}, {"kind", Str()}, {"note", Str()}}))},
                         {"main_subject", Str()}});
  if (spec.HasDialogue() && spec.dialogue_length == DialogueLength::KeyExchanges) {
    schema["properties"]["key_exchanges"] = Array(Range());
    schema["required"].push_back("key_exchanges");
  }
  return schema;
}

Prompt Outline(const ArticleSpec& spec, const Transcript& t, const std::string& material, bool notes) {
  Prompt p;
  const int n = spec.BodySectionCount();
  p.system = "You are the editor planning an article in " + Lang(spec) + " from a conversation. " + kFaithful;
  std::string u = "Plan the article's body. Write headings, points and renderings in " + Lang(spec) + ".\n";
  if (!spec.section_headings.empty()) {
    u += "- sections: exactly these " + std::to_string(n) + " headings, in this order:";
    for (const std::string& h : spec.section_headings) u += " \"" + h + "\"";
    u += ".\n";
  } else {
    u += "- sections: exactly " + std::to_string(n) + " body sections. Each is one theme of the conversation, distinct from the "
         "others (no two sections make the same point), with a heading in " + Lang(spec) + ". A theme that comes back later "
         "in the talk stays in the same section. Together the sections cover all the substance of the conversation.\n";
  }
  // The writers of the sections do not read the transcript again: the points are what they write from.
  u += "- points (per section): the notes a writer needs to write the section without the transcript, in the order "
       "the section should go: 4-8 points, each one or two sentences holding the specific facts, numbers, names, "
       "examples and reasons that were said, with the turn ranges it comes from. Together the points cover every "
       "turn range where the theme is discussed.\n"
       "- quotes (per section): at most three quotations worth printing, each with its turn id and the words copied "
       "exactly from that turn (in the transcript's language, one or two sentences).\n";
  u += "- excluded: the turn ranges that are not substance — sponsor reads and ads, housekeeping (introductions, bios, "
       "calls to subscribe, thanks), small talk — with their kind (\"sponsor\", \"housekeeping\" or \"small_talk\"). "
       "No section draws on them.\n";
  u += "- glossary: every person, company, product and term the article will name, as said in the transcript (source), "
       "how to write it in " + Lang(spec) + " (rendering; the same as source when it stays as is), its kind, and a note "
       "when the transcript misspells it (speech recognition errors) or a role worth knowing.\n";
  u += "- main_subject: in one sentence, what the conversation is mainly about.\n";
  if (spec.HasDialogue() && spec.dialogue_length == DialogueLength::KeyExchanges)
    u += "- key_exchanges: the turn ranges of the exchanges most worth reading in full (about a fifth of the talk), "
         "never excluded spans.\n";
  u += "Turns are numbered T1 to T" + std::to_string(t.turns.size()) + ".\n";
  u += Voice(spec);
  if (!t.speakers.empty()) {
    u += "Speakers:";
    for (const Speaker& s : t.speakers) u += " " + s.name + (s.role.empty() ? "" : " (" + s.role + ")") + ";";
    u += "\n";
  }
  u += notes ? "\nNotes taken on the whole transcript, part by part:\n\n" : "\nThe whole transcript (each line starts with its turn id):\n\n";
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

// ---------------------------------------------------------------------------------------------- sections

ojson SectionSchema() { return Object({{"quotes", Array(QuoteItem())}, {"body", Str()}}); }

Prompt WriteSection(const ArticleSpec& spec, const SectionBrief& b) {
  Prompt p;
  p.system = "You write one section of a publishable article in " + Lang(spec) + " from the editor's notes on a conversation. " +
             kFaithful + " Write in " + Lang(spec) + " only (names as in the glossary).";
  std::string u = "Write the section \"" + b.heading + "\", " + LengthRule(spec) + ", in 2-4 paragraphs, in " + Lang(spec) + ".\n";
  u += Voice(spec);
  u += "Return JSON. First \"quotes\": the quotations you use (at most three), each with its turn id, the speaker, the "
       "original words copied exactly from that turn (in the transcript's language), and the words as rendered in " + Lang(spec) +
       ". Then \"body\": the section as Markdown paragraphs (no heading), each quotation written as “rendered”[T12], and the "
       "turn id in brackets after a sentence that uses a fact or number from that turn. Write only from the notes and "
       "lines below; the other sections cover the rest.\n";
  if (!b.extra_instruction.empty()) u += "For this version: " + b.extra_instruction + "\n";
  if (!b.glossary.empty()) u += "\nHow to write names and terms:\n" + b.glossary;
  if (!b.outline_summary.empty()) u += "\nThe rest of the article:\n" + b.outline_summary;
  if (!b.points.empty()) {
    u += "\nNotes for this section, each with the turns it comes from:\n";
    for (const std::string& pt : b.points) u += "- " + pt + "\n";
  }
  if (!b.quotes.empty()) {
    u += "\nQuotations chosen for it (the lines below give them in context):\n";
    for (const std::string& q : b.quotes) u += "- " + q + "\n";
  }
  if (!b.source_lines.empty()) u += "\nTranscript lines for this section:\n\n" + b.source_lines;
  p.user = u;
  p.schema = SectionSchema();
  p.schema_name = "section";
  return p;
}

std::string RepairInstruction(const std::vector<std::string>& problems) {
  std::string s = "the previous version of this section had ";
  s += problems.size() == 1 ? "this problem: " : "these problems: ";
  for (size_t i = 0; i < problems.size(); ++i) s += (i ? "; " : "") + problems[i];
  s += ". Rewrite the section so that none of them remains, from the notes and transcript lines below.";
  return s;
}

Prompt Continue(const Prompt& original, const std::string& so_far) {
  Prompt p = original;
  p.user = original.user + "\n\nYour answer was cut off. Here is what you wrote so far:\n\n" + so_far +
           "\n\nContinue exactly where it stops. Do not repeat anything; output only the rest.";
  return p;
}

// ---------------------------------------------------------------------------------------------- front matter

ojson FrontMatterSchema(const ArticleSpec& spec) {
  ojson props = ojson::object();
  ojson required = ojson::array();
  auto add = [&](const char* k, const ojson& v) { props[k] = v; required.push_back(k); };
  add("highlights", Array(Object({{"text", Str()}, {"turn_id", Int()}}), spec.highlights));
  if (spec.quotes > 0) add("featured_quotes", Array(QuoteItem(), spec.quotes));
  if (spec.introduction) add("introduction", Object({{"subtitle", Str()}, {"body", Str()}}));
  if (spec.conclusion) add("conclusion", Object({{"subtitle", Str()}, {"body", Str()}}));
  add("quotes", Array(QuoteItem()));
  if (spec.lead) add("lead", Str());
  add("title", Str());
  if (spec.title_emoji != EmojiPlacement::Off) add("emoji", Str());
  return {{"type", "object"}, {"properties", props}, {"required", required}, {"additionalProperties", false}};
}

Prompt WriteFrontMatter(const ArticleSpec& spec, const FrontBrief& b) {
  Prompt p;
  p.system = "You are the editor finishing an article in " + Lang(spec) + ": its body is written; you write what frames it. " +
             kFaithful + " Write in " + Lang(spec) + " only (names as in the glossary).";
  const std::string title_rule = spec.title_style == TitleStyle::Question ? "a question the article answers"
                               : spec.title_style == TitleStyle::Hook    ? "a hook that makes people want to read"
                                                                          : "a clear statement of the main point";
  std::string u = "Read the finished sections below, then return JSON with, in this order (every text in " + Lang(spec) + "):\n";
  if (spec.highlights > 0)
    u += "- highlights: exactly " + std::to_string(spec.highlights) + " concrete facts from the sections, one sentence each, "
         "each with the turn id it comes from.\n";
  if (spec.quotes > 0)
    u += "- featured_quotes: exactly " + std::to_string(spec.quotes) + " memorable quotations from the sections, each with "
         "its turn id, speaker, original words (as in the transcript) and rendering.\n";
  if (spec.introduction)
    u += "- introduction: a subtitle and a body of " + LengthRule(spec, 0.6) + " that sets up what the sections discuss "
         "(without repeating them).\n";
  if (spec.conclusion)
    u += "- conclusion: a subtitle and a body of " + LengthRule(spec, 0.6) + " that draws the sections together.\n";
  u += "- quotes: every quotation you used in the introduction, conclusion, lead or highlights (each written as “…”[T12]), "
       "with its turn id, speaker, original words and rendering; empty if none.\n";
  if (spec.lead) u += "- lead: a 2-4 sentence hook for the whole article.\n";
  u += "- title: " + title_rule + ". It must name what the sections are actually about, not a side remark.\n";
  if (spec.title_emoji != EmojiPlacement::Off) u += "- emoji: one emoji that fits the title.\n";
  u += Voice(spec);
  if (!b.extra_instruction.empty()) u += "For this version: " + b.extra_instruction + "\n";
  if (!b.glossary.empty()) u += "\nHow to write names and terms:\n" + b.glossary;
  if (!b.outline_summary.empty()) u += "\n" + b.outline_summary;
  u += "\nThe finished sections:\n\n" + b.sections;
  p.user = u;
  p.schema = FrontMatterSchema(spec);
  p.schema_name = "front_matter";
  return p;
}

// ---------------------------------------------------------------------------------------------- dialogue

ojson DialogueSchema(size_t count) {
  ojson item = Object({{"turn_id", Int()}, {"text", Str()}});
  ojson turns = Array(item);
  turns["minItems"] = count;
  turns["maxItems"] = count;
  return Object({{"turns", turns}});
}

Prompt Dialogue(const ArticleSpec& spec, const std::string& turns_text, const std::vector<int>& ids, const std::string& glossary) {
  Prompt p;
  const bool translate = spec.dialogue == DialogueMode::Translated;
  p.system = std::string("You prepare the full conversation for publication. ") +
             (translate ? "Translate every turn into " + Lang(spec) + "." : "Clean every turn in its original language.") +
             " Remove filler words, false starts and repetitions, fix transcription errors, and keep everything that was "
             "said: never summarise, merge or skip a turn.";
  std::string u = "Return exactly " + std::to_string(ids.size()) + " turns, one per input line, with the same turn ids in the same order" +
                  std::string(translate ? ", each translated into " + Lang(spec) : "") + ".\n";
  if (!glossary.empty()) u += "Write names and terms as in this glossary:\n" + glossary;
  u += "\n" + turns_text;
  p.user = u;
  p.schema = DialogueSchema(ids.size());
  p.schema_name = "dialogue";
  return p;
}

}  // namespace tp::prompts
