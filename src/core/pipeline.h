// The article generation pipeline as an event-driven state machine (no blocking, no I/O): plan →
// notes per chunk (long transcripts only) → outline (JSON, validated, one repair) → sections, intro and
// conclusion written in parallel from their turns → detailed dialogue in parallel chunks with turn
// counts checked → deterministic assembly → verification. Requests go through core/llm_call.h, so the
// same code runs against the scripted transport in tests and fetch() in the browser.
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
#include "core/llm_call.h"
#include "core/prompts.h"
#include "core/spec.h"
#include "core/transcript.h"

namespace tp {

enum class StepKind { Notes, Outline, Section, Introduction, Conclusion, Dialogue };
enum class StepState { Queued, Running, Streaming, Done, Failed, Cancelled };
const char* StepStateName(StepState s);
const char* StepKindName(StepKind k);

struct Step {
  std::string id;                  // "notes-0", "outline", "section-1", "introduction", "conclusion", "dialogue-3"
  StepKind kind = StepKind::Section;
  int index = 0;                   // chunk or section number
  StepState state = StepState::Queued;
  std::vector<int> turn_ids;       // turns this step works on (notes/dialogue chunks)
  std::string text;                // the result: Markdown, or JSON for notes/outline/dialogue
  std::string partial;             // streaming text
  LlmError error;
  Usage usage;
  int attempts = 0;                // requests sent (retries, repairs and continuations included)
  int continuations = 0;
  int requeues = 0;                // times the pipeline put it back after rate limits/overload
  double not_before_ms = 0;        // a requeued step waits until then
  bool repaired = false;
  double ms = 0;
  std::string instruction;         // "regenerate with …"
};

struct PipelineOptions {
  int context_tokens = 128000;     // the model's context window
  int max_output_tokens = 8192;    // the model's output limit
  int chunk_tokens = 12000;        // notes chunks for long transcripts
  int dialogue_chunk_tokens = 1500;
  double usd_per_million_input = 0;    // 0: unknown (no cost estimate)
  double usd_per_million_output = 0;
};

struct PipelinePlan {
  bool chunked = false;            // notes per chunk before the outline
  int transcript_tokens = 0;
  int notes_steps = 0, section_steps = 0, dialogue_steps = 0, requests = 0;
  int estimated_input_tokens = 0, estimated_output_tokens = 0;
  double estimated_cost_usd = -1;  // -1 when prices are unknown
  std::string summary;             // one sentence for the UI
};

struct PipelineResult {
  std::string markdown;            // what readers see
  std::string marked_markdown;     // with [T12] quote markers, for checking
  ArticleContent content;
  ArticleChecks checks;
  Usage usage;                     // totals
  int requests = 0;
  double elapsed_ms = 0;
};

class Pipeline {
 public:
  enum class Status { Idle, Running, Done, Failed, Cancelled };

  Pipeline(Transport& transport, Scheduler& scheduler, ProviderConfig provider, ArticleSpec spec, Transcript transcript,
           PipelineOptions options = {});
  ~Pipeline();

  PipelinePlan Plan() const;       // before anything is sent
  // Another provider or key for the steps still to run (the user fixed a key, switched model).
  void SetProvider(const ProviderConfig& p) { provider_ = p; limit_ = std::max(1, p.concurrency); }
  void Start();                    // also continues after Restore or a failure
  void Cancel();                   // stops every request at once; finished steps are kept
  bool RetryStep(const std::string& id);   // a failed or cancelled step alone
  bool RegenerateSection(int index, const std::string& instruction);   // one body section, keeping the rest

  nlohmann::json Save() const;     // finished steps, for resuming after a reload
  bool Restore(const nlohmann::json& saved, std::string* error);

  Status status() const { return status_; }
  const std::vector<Step>& steps() const { return steps_; }
  const PipelineResult& result() const { return result_; }
  const LlmError& error() const { return error_; }   // why the run failed
  int concurrency_limit() const { return limit_; }
  nlohmann::json StateJson() const;   // progress for the UI and the API

  std::function<void()> on_change;    // any progress (state change or streamed text)
  std::function<void()> on_finish;    // Done, Failed or Cancelled

 private:
  struct Outline {
    std::string title, emoji, lead;
    std::vector<std::string> highlights;
    ArticleContent::Part intro, conclusion;
    std::vector<std::string> intro_points, conclusion_points;
    struct Sec { std::string heading; std::vector<std::string> points; int first = 0, last = 0; };
    std::vector<Sec> sections;
    std::vector<ArticleContent::Quote> quotes;
  };

  void BuildSteps();
  void Pump();
  void Launch(Step& s);
  void OnStepDone(const std::string& id, const LlmResult& r);
  Step* Find(const std::string& id);
  bool Ready(const Step& s) const;
  prompts::Prompt PromptFor(const Step& s) const;
  bool ParseOutline(const std::string& json_text, Outline* out, std::vector<std::string>* problems) const;
  void AddWritingSteps();
  void SplitDialogue(Step& s);
  void Finish();
  void Assemble();
  std::string TurnsText(int first, int last) const;
  std::string TurnsText(const std::vector<int>& ids) const;
  std::string OutlineSummary() const;
  std::string Glossary() const;
  void Changed() { if (on_change) on_change(); }

  Transport& transport_;
  Scheduler& scheduler_;
  ProviderConfig provider_;
  ArticleSpec spec_;
  Transcript transcript_;
  PipelineOptions options_;
  std::vector<Step> steps_;
  std::map<std::string, std::unique_ptr<LlmCall>> calls_;
  std::map<std::string, prompts::Prompt> active_prompts_;
  Outline outline_;
  bool outline_ready_ = false;
  Status status_ = Status::Idle;
  PipelineResult result_;
  LlmError error_;
  int limit_ = 4;
  double started_ms_ = 0;
  int requests_ = 0;
};

}  // namespace tp
