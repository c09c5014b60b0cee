// What each pipeline step reads, in one table, and the key of a step's inputs. A finished step is kept
// while its key is unchanged, so changing the spec redoes only the steps that read what changed:
// the title or source URL only re-assembles the article, a section's heading rewrites that section, the
// number of highlights rewrites the front matter, the language or the transcript redoes everything.
// Assembly and the checks (no requests) always run again.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/pipeline.h"
#include "core/spec.h"

namespace tp {

// A step kind as a bit, to name sets of kinds.
constexpr unsigned StepBit(StepKind k) { return 1u << (unsigned)k; }
constexpr unsigned kAllStepKinds = StepBit(StepKind::Notes) | StepBit(StepKind::Outline) | StepBit(StepKind::Section) |
                                   StepBit(StepKind::FrontMatter) | StepBit(StepKind::Dialogue);

// One input a step takes from the spec: the spec's JSON field it comes from, the kinds of step whose
// prompt reads it (0: only the assembly does), and its value as those steps see it (a section step
// passes its index).
struct SpecStepInput {
  const char* field;
  unsigned reads;
  std::string (*value)(const ArticleSpec& spec, int index);
};
// The table: every field SpecToJson writes appears at least once.
const std::vector<SpecStepInput>& SpecStepInputs();

// Steps that use another step's result are invalidated with it: every writing step and dialogue chunk
// reads the outline (its themes, turn ranges and glossary), and the outline reads the notes.
unsigned StepUpstream(StepKind k);

// The kinds of step a change of spec from `before` to `after` makes run again (the outline's readers
// included). For body sections, `sections` receives the indexes to write again (all of them when the
// outline is invalidated).
unsigned InvalidatedSteps(const ArticleSpec& before, const ArticleSpec& after, std::vector<int>* sections = nullptr);

// The key of a step's inputs: the spec values it and its upstream steps read, and `context` (what the
// pipeline adds: the transcript as numbered, the model, a notes chunk's turns). Hex digits.
std::string StepInputKey(StepKind kind, int index, const ArticleSpec& spec, std::string_view context);

// A stable 64-bit hash (FNV-1a) as 16 hex digits: keys saved on a device stay valid across builds.
std::string StableHash(std::string_view s);

}  // namespace tp
