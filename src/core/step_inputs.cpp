#include "core/step_inputs.h"

#include <cstdint>


namespace tp {

namespace {

constexpr unsigned kNotes = StepBit(StepKind::Notes), kOutline = StepBit(StepKind::Outline), kSection = StepBit(StepKind::Section),
                   kFront = StepBit(StepKind::FrontMatter), kDialogue = StepBit(StepKind::Dialogue);

std::string Flag(bool b) { return b ? "1" : "0"; }
// The outline is asked for the key exchanges only when the article carries just those.
std::string KeyExchangesAsked(const ArticleSpec& s, int) { return Flag(s.HasDialogue() && s.dialogue_length == DialogueLength::KeyExchanges); }
std::string Assembled(const ArticleSpec&, int) { return ""; }

}  // namespace

// Read from the prompts (core/prompts.cpp): a field a prompt uses names that step's kind here. Two
// choices keep corrections cheap: the episode title and source URL reach only the assembly, and the
// outline plans themes for the number of headings the user gave, so renaming one heading rewrites that
// section alone (the outline keeps its themes and takes the new heading as written).
const std::vector<SpecStepInput>& SpecStepInputs() {
  static const std::vector<SpecStepInput> table = {
      {"output_language", kNotes | kOutline | kSection | kFront | kDialogue, [](const ArticleSpec& s, int) { return s.output_language; }},
      {"section_count", kOutline, [](const ArticleSpec& s, int) { return std::to_string(s.BodySectionCount()); }},
      {"section_headings", kOutline, [](const ArticleSpec& s, int) { return Flag(!s.section_headings.empty()) + std::to_string(s.BodySectionCount()); }},
      {"section_headings", kSection, [](const ArticleSpec& s, int i) { return i >= 0 && i < (int)s.section_headings.size() ? s.section_headings[i] : std::string(); }},
      {"dialogue", kOutline, KeyExchangesAsked},
      {"dialogue_length", kOutline, KeyExchangesAsked},
      {"dialogue", kDialogue, [](const ArticleSpec& s, int) { return std::string(ToString(s.dialogue)); }},
      {"tone", kOutline | kSection | kFront, [](const ArticleSpec& s, int) { return s.tone; }},
      {"audience", kOutline | kSection | kFront, [](const ArticleSpec& s, int) { return s.audience; }},
      {"instructions", kOutline | kSection | kFront, [](const ArticleSpec& s, int) { return s.instructions; }},
      {"section_length", kSection | kFront, [](const ArticleSpec& s, int) { return std::to_string(s.section_length); }},
      {"length_unit", kSection | kFront, [](const ArticleSpec& s, int) { return std::string(ToString(s.length_unit)); }},
      {"title_style", kFront, [](const ArticleSpec& s, int) { return std::string(ToString(s.title_style)); }},
      // Whether the title gets an emoji is asked of the model; where it goes is the assembly's.
      {"title_emoji", kFront, [](const ArticleSpec& s, int) { return Flag(s.title_emoji != EmojiPlacement::Off); }},
      {"highlights", kFront, [](const ArticleSpec& s, int) { return std::to_string(s.highlights); }},
      {"quotes", kFront, [](const ArticleSpec& s, int) { return std::to_string(s.quotes); }},
      {"introduction", kFront, [](const ArticleSpec& s, int) { return Flag(s.introduction); }},
      {"conclusion", kFront, [](const ArticleSpec& s, int) { return Flag(s.conclusion); }},
      {"lead", kFront, [](const ArticleSpec& s, int) { return Flag(s.lead); }},
      {"version", 0, Assembled},
      {"name", 0, Assembled},
      {"introduction_subtitle", 0, Assembled},
      {"conclusion_subtitle", 0, Assembled},
      {"links", 0, Assembled},
      {"dialogue_render", 0, Assembled},
      {"timestamps_in_headings", 0, Assembled},
      {"timestamps_in_dialogue", 0, Assembled},
      {"source_link", 0, Assembled},
      {"chinese_typography", 0, Assembled},
      {"labels", 0, Assembled},
  };
  return table;
}

unsigned StepUpstream(StepKind k) {
  switch (k) {
    case StepKind::Notes: return 0;
    case StepKind::Outline: return kNotes;
    case StepKind::Section:
    case StepKind::FrontMatter:
    case StepKind::Dialogue: return kOutline | kNotes;
  }
  return 0;
}

std::string StableHash(std::string_view s) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) { h ^= c; h *= 1099511628211ull; }
  static const char* kHex = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[i] = kHex[h & 15];
  return out;
}

std::string StepInputKey(StepKind kind, int index, const ArticleSpec& spec, std::string_view context) {
  const unsigned reads = StepBit(kind) | StepUpstream(kind);
  std::string all = StepKindName(kind);
  for (const SpecStepInput& in : SpecStepInputs()) {
    if (!(in.reads & reads)) continue;
    // A section's own inputs take its index; what it reads through the outline is the outline's.
    const int i = (in.reads & StepBit(kind)) ? index : -1;
    all += '\x1f';
    all += in.field;
    all += '=';
    all += in.value(spec, i);
  }
  all += '\x1e';
  all += context;
  return StableHash(all);
}

unsigned InvalidatedSteps(const ArticleSpec& before, const ArticleSpec& after, std::vector<int>* sections) {
  unsigned out = 0;
  for (StepKind k : {StepKind::Notes, StepKind::Outline, StepKind::FrontMatter, StepKind::Dialogue})
    if (StepInputKey(k, 0, before, "") != StepInputKey(k, 0, after, "")) out |= StepBit(k);
  if (sections) sections->clear();
  const int n = after.BodySectionCount();
  for (int i = 0; i < n; ++i) {
    if (StepInputKey(StepKind::Section, i, before, "") == StepInputKey(StepKind::Section, i, after, "")) continue;
    out |= StepBit(StepKind::Section);
    if (sections) sections->push_back(i);
  }
  return out;
}

}  // namespace tp
