// The article generation pipeline as an event-driven state machine (no blocking, no I/O):
//   plan → [notes per chunk, only when the whole transcript does not fit the model; condensed in groups, level
//   by level, when even the notes are too long for the outline's request] → outline (themes
//   with their turn ranges, non-substantive spans, glossary; validated, one repair) → body sections in
//   parallel (each quotation with its turn and original words) → one check-and-repair round of flagged
//   sections → front matter written last from the finished sections (highlights, introduction,
//   conclusion, lead, title) ‖ dialogue chunks in parallel with the glossary (a chunk that keeps failing
//   is shown in the original words with its own retry; it never blocks the article) → deterministic
//   assembly (Chinese typography when the spec asks) → verification with the evidence the steps recorded.
// The talk is read in full once. The outline (or the notes, when it does not fit) reads every turn and
// writes each theme's notes: points holding the facts, with the turns they come from, and chosen
// quotations with their exact words. A body section is written from those notes, each quotation with the
// sentence before and after it, and in full only the turns no note covers — not from every turn of its
// theme again. That halves the prompt tokens of a run (sections read about a quarter of what they did);
// the price is a longer outline answer before the sections can start, and sections that depend on the
// outline's notes for their detail (a section that comes out far too short is rewritten from all its turns).
// Requests go through core/llm_call.h, so the same code runs against the scripted transport in tests and
// fetch() in the browser. Long turns are split at sentence boundaries into pieces with their own ids
// (transcript()); every turn id the pipeline reports refers to that numbering.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/article.h"
#include "core/checks.h"
#include "core/evidence.h"
#include "core/llm_call.h"
#include "core/prompts.h"
#include "core/spec.h"
#include "core/transcript.h"

namespace tp {

enum class StepKind { Notes, Outline, Section, FrontMatter, Dialogue };
enum class StepState { Queued, Running, Streaming, Done, Failed, Cancelled };
const char* StepStateName(StepState s);
const char* StepKindName(StepKind k);

struct Step {
  std::string id;                  // "notes-0", "outline", "section-1", "front", "dialogue-3" (split: "dialogue-3.1")
  StepKind kind = StepKind::Section;
  int index = 0;                   // chunk or section number
  StepState state = StepState::Queued;
  std::vector<int> turn_ids;       // turns this step works on (notes/dialogue chunks; condensed notes: all they cover)
  // Notes: 0 reads its turns; 1 and up condenses the notes of `sources` (steps of the level below), when the notes
  // on every part are too long for the outline's one request (ids "condense-0", …).
  int level = 0;
  std::vector<std::string> sources;
  int target_tokens = 0;           // notes: the length asked for (0: as the model likes)
  std::string text;                // the result: JSON (notes, outline, sections, front matter, dialogue)
  std::string partial;             // streaming text
  LlmError error;
  Usage usage;
  int attempts = 0;                // requests sent (retries, repairs and continuations included)
  int continuations = 0;
  int requeues = 0;                // times the pipeline put it back after rate limits/overload
  double not_before_ms = 0;        // a requeued step waits until then
  bool repaired = false;           // outline: one repair round used; section: rewritten once after the checks
  double ms = 0;
  std::string instruction;         // the user's "regenerate with …", or the problems a repair must fix
};

struct PipelineOptions {
  int context_tokens = 128000;     // the model's context window
  int max_output_tokens = 8192;    // the model's output limit
  int chunk_tokens = 12000;        // notes chunks for transcripts that do not fit
  int dialogue_chunk_tokens = 1500;
  int piece_tokens = 400;          // turns longer than this are split into pieces at sentence boundaries
  double usd_per_million_input = 0;    // 0: unknown (no cost estimate)
  double usd_per_million_output = 0;
};

// Notes on a part of a long transcript: their usual length, the least a part's notes are asked to shrink to,
// and how many rounds of condensing them in groups a run may take (each at least a tenth shorter).
constexpr int kNaturalNotesTokens = 1500;
constexpr int kLeastNotesTokens = 500;
constexpr int kMaxCondenseLevels = 3;

// The sizes a plan cuts the work to (context, output, chunks), as one key: runs planned with different sizes
// cannot share their parts.
std::string PlanSizesKey(const PipelineOptions& o);

struct PipelinePlan {
  bool chunked = false;            // notes per chunk before the outline (the transcript does not fit)
  int transcript_tokens = 0;
  int notes_steps = 0, section_steps = 0, front_steps = 0, dialogue_steps = 0, requests = 0;
  int condense_steps = 0;          // estimated: the notes condensed in groups when all of them are too long for the outline
  int estimated_input_tokens = 0, estimated_output_tokens = 0;
  double estimated_cost_usd = -1;  // -1 when prices are unknown
  // The article's expected length in the spec's unit (characters or words): without the dialogue, and
  // the dialogue alone (0 when off; about a fifth of the talk for key exchanges).
  int article_length = 0, dialogue_length = 0;
  std::string length_unit;         // "characters" or "words"
  std::string summary;             // one sentence for the UI
  int kept_steps = 0;              // finished steps of the previous run the next Generate keeps (set by the app)
};

// A dialogue chunk that failed after its retries: its turns are shown in the transcript's words under a
// note, and RetryStep(step_id) runs it again alone.
struct DialogueGap {
  std::string step_id;
  std::vector<int> turn_ids;
  std::string reason;
};

struct SectionRewrite {
  int section = 0;
  std::vector<std::string> problems;   // what the rewrite was asked to fix
};

struct PipelineResult {
  std::string markdown;            // what readers see
  std::string marked_markdown;     // with [T12] markers, for checking
  ArticleContent content;
  ArticleEvidence evidence;        // quotes with original words, turns per section, glossary, excluded turns
  ArticleChecks checks;
  std::vector<DialogueGap> dialogue_gaps;
  std::vector<SectionRewrite> repairs;
  Usage usage;                     // totals
  int requests = 0;
  double elapsed_ms = 0;
};

// Turns longer than `max_tokens` split at sentence boundaries into pieces, each a turn of its own
// (same speaker, the turn's start time on its first piece); ids renumbered 1..n. `origin`, if given,
// receives for each new id (index id-1) the id of the turn it came from.
Transcript SplitLongTurns(const Transcript& t, int max_tokens, TokenizerFamily family, std::vector<int>* origin = nullptr);

class Pipeline {
 public:
  enum class Status { Idle, Running, Done, Failed, Cancelled };

  Pipeline(Transport& transport, Scheduler& scheduler, ProviderConfig provider, ArticleSpec spec, Transcript transcript,
           PipelineOptions options = {});
  ~Pipeline();

  PipelinePlan Plan() const;       // before anything is sent
  const PipelineOptions& options() const { return options_; }
  // Another provider or key for the steps still to run (the user fixed a key, switched model).
  void SetProvider(const ProviderConfig& p) { provider_ = p; limit_ = std::max(1, p.concurrency); }
  void Start();                    // also continues after Restore or a failure
  void Cancel();                   // stops every request at once; finished steps are kept
  // A failed or cancelled step alone; for a dialogue chunk shown in the original words (result().dialogue_gaps),
  // also after the article is done: the article is assembled again when it finishes.
  bool RetryStep(const std::string& id);
  bool RegenerateSection(int index, const std::string& instruction);   // one body section, keeping the rest

  // The glossary the writing steps and dialogue chunks use (from the outline, with the user's corrections).
  const Glossary& glossary() const { return glossary_; }
  // Adds an entry or corrects one (matched by `source`). The new rendering replaces the old one in every
  // finished part (sections, front matter, dialogue); an entry that fixes a misspelling in the same
  // script ("Grok" → "Groq", a speech-recognition error) also replaces the misspelling, including in
  // dialogue shown in the original words. Steps still to run get the corrected glossary. The article is
  // assembled and checked again at once when the run is done. False when `source` is empty.
  bool CorrectGlossary(const GlossaryEntry& entry);
  // Full, key exchanges or off, without paying again for what is written: off drops the dialogue (and
  // its unfinished chunks) from the article; full or key exchanges queue only the chunks still missing
  // (call Start() to run them). False while running.
  bool SetDialogueLength(DialogueLength length);

  // Finished steps (each with the key of its inputs) and the glossary. Restore keeps a saved step only
  // while its key is unchanged (core/step_inputs.h): the same run after a reload, or a run for a changed
  // spec that starts from what it can still use.
  nlohmann::json Save() const;
  bool Restore(const nlohmann::json& saved, std::string* error);
  std::string StepKey(const Step& s) const;   // of the inputs the step reads, in this run

  Status status() const { return status_; }
  const std::vector<Step>& steps() const { return steps_; }
  const PipelineResult& result() const { return result_; }
  const LlmError& error() const { return error_; }   // why the run failed
  int concurrency_limit() const { return limit_; }
  const ArticleSpec& spec() const { return spec_; }
  // The transcript as the pipeline numbers it (long turns split into pieces); the ids in steps, markers
  // and evidence refer to it, and checks run against it.
  const Transcript& transcript() const { return transcript_; }
  nlohmann::json StateJson() const;   // progress for the UI and the API

  std::function<void()> on_change;    // any progress (state change or streamed text)
  std::function<void()> on_finish;    // Done, Failed or Cancelled

 private:
  struct Point {
    std::string text;
    std::vector<std::pair<int, int>> ranges;   // the turns it comes from, as the outline gave them
  };
  struct ChosenQuote {
    int turn_id = 0;
    std::string words;             // exact words of that turn; empty when the outline's words were not in it
  };
  struct Theme {
    std::string heading;
    std::vector<Point> points;
    std::vector<ChosenQuote> quotes;
    std::vector<int> turn_ids;     // the turns it draws on (after excluded spans and overlaps are removed)
    // Of those, the ones its writer reads in full: in no point, or quoted with words the outline got wrong
    // (a quotation with the right words is shown with the sentences around it).
    std::vector<int> full_turn_ids;
  };
  struct Outline {
    std::vector<Theme> sections;
    std::vector<int> excluded;     // sponsor reads, housekeeping, small talk
    std::vector<int> key_turns;    // key exchanges (dialogue limited to them)
    Glossary glossary;
    std::string main_subject;
  };
  struct SectionAnswer {           // a section step's JSON
    std::string body;
    std::vector<QuoteEvidence> quotes;
  };

  void BuildSteps();
  // Notes too long for the outline's request. The room is the context (or a per-request limit learned from the
  // provider, see PipelineOptionsFor) less the step's instructions, schema and answer.
  int NotesRoom(const prompts::Prompt& empty, int answer_tokens, double scale) const;   // may be 0 or less
  int CondenseAnswerTokens() const;
  int OutlineNotesRoom() const;
  int CondenseNotesRoom() const;
  int NotesLengthRoom() const;
  int NotesTargetTokens(int parts) const;   // the length each part's notes are asked for (0: as the model likes)
  std::vector<const Step*> TopNotes() const;   // the notes no condensing step reads, in turn order
  std::string NotesMaterial(const std::vector<const Step*>& notes) const;   // as the outline and condensing read them
  bool AddCondenseSteps();         // the next level of condensing when the top notes do not fit; true if added
  void AddDialogueSteps(const std::vector<int>& turn_ids);
  int DialogueChunkTokens() const;
  void Pump();
  void Launch(Step& s);
  void OnStepDone(const std::string& id, const LlmResult& r);
  Step* Find(const std::string& id);
  const Step* Find(const std::string& id) const;
  bool Ready(const Step& s) const;
  prompts::Prompt PromptFor(const Step& s) const;
  bool ParseOutline(const std::string& json_text, Outline* out, std::vector<std::string>* problems) const;
  void AddWritingSteps();
  void SplitDialogue(Step& s);
  bool OnlyDialogueGapsLeft() const;
  // The check-and-repair round: problems per section (index → problems) from the checks and cheap
  // signals of its own; flagged sections are queued once with an instruction naming them.
  std::map<int, std::vector<std::string>> SectionProblems();
  void QueueRepairs();
  void Finish();
  void Assemble();
  SectionAnswer SectionResult(int index) const;
  std::string TurnsText(const std::vector<int>& ids) const;
  std::string GlossaryPrompt() const { return prompts::GlossaryText(glossary_); }
  bool UsesGlossaryFixes() const;
  void Changed() { if (on_change) on_change(); }
  const std::string& TranscriptKey() const;

  Transport& transport_;
  Scheduler& scheduler_;
  ProviderConfig provider_;
  ArticleSpec spec_;
  Transcript transcript_;          // pieces numbered 1..n
  std::vector<int> origin_;        // piece id - 1 → id of the turn in the transcript as given
  mutable std::string transcript_key_;   // hash of the turns as numbered and the speakers, made when first needed
  size_t given_turns_ = 0;
  int transcript_tokens_ = 0;      // TranscriptTokens of the transcript as given
  PipelineOptions options_;
  std::vector<Step> steps_;
  std::map<std::string, std::unique_ptr<LlmCall>> calls_;
  std::map<std::string, prompts::Prompt> active_prompts_;
  Outline outline_;
  bool outline_ready_ = false;
  bool repairs_checked_ = false;   // the check-and-repair round ran (or was restored as done)
  Glossary glossary_;
  std::vector<GlossaryEntry> glossary_corrections_;   // the user's, kept across a new outline and a reload
  Status status_ = Status::Idle;
  PipelineResult result_;
  LlmError error_;
  int limit_ = 4;
  double started_ms_ = 0;
};

}  // namespace tp
