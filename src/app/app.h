// The application: one App object, built in main, owns the user's project (transcript, speakers,
// spec), the article with its undo history, the generation run, the provider session and persistence.
// Panels (src/ui) and the automation API read it and change it only through its intents; nothing here
// knows about ImGui. Index: status line · article · App (lifecycle, transcript, spec, provider,
// generation, article, preferences).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/llm_session.h"
#include "core/pipeline.h"
#include "app/history.h"
#include "core/project.h"
#include "nlohmann/json.hpp"

namespace tp {

struct FrameStats {
  uint64_t frames_rendered = 0;
  double last_frame_ms = 0;     // CPU time of the last frame
  double longest_frame_ms = 0;  // the longest animation-frame callback after the first, drawn or only reading
  double first_frame_at_ms = 0; // page-relative time of the first rendered frame
};

// The status bar's one line. Each message belongs to a topic, so what replaces its subject clears it
// (a new transcript clears "Generate continues where it stopped").
enum class Topic { None, Transcript, Generation, Article, Storage, Provider };
struct StatusLine {
  std::string text;
  Topic topic = Topic::None;
  bool error = false;
};

// Where a replacing transcript came from: what the file or format says about it.
struct TranscriptOrigin {
  std::string title;         // "" = take it from the transcript's own metadata, if any
  std::string source_url;
  TranscriptFormat format = TranscriptFormat::Auto;
  bool keep_parse_options = true;   // false: use `format` (the API's meta.format)
  std::string language;      // "" = detected
  std::string status;        // what to tell the user ("Opened episode.srt")
};

struct ArticleVersion {
  std::string markdown;
  std::string label;         // what replaced it: "Generated", "Regenerated section 2", "Restored", ...
};

struct UiPrefs {
  bool dark_theme = false;
  float split = 0.42f;            // the input pane's share of the width
  bool editing_markdown = false;  // the article pane shows the Markdown editor
};

class App {
 public:
  App();
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // ---- lifecycle ----
  void Restore();                      // what this device saved; call once before the first frame
  // Parses a transcript edit after a pause in typing, and reads a slice of a text being read unless
  // `read_slice` is false (a frame that only draws; see main.cpp).
  void BeginFrame(double now_sec, bool read_slice = true);
  // The parse after a pause in typing, when it is due at `now_sec` (seconds of the same clock as
  // BeginFrame's): true when it ran. A frame that does not draw runs it (see main.cpp), so the frame that
  // shows the next key is not also the one that parses 250k characters; BeginFrame runs it otherwise.
  bool ReparseIfDue(double now_sec);
  bool ReparseDueAt(double now_sec) const;
  // The time edits taken from now on are stamped with (BeginFrame and ReparseIfDue set it too).
  void SetClock(double now_sec) { now_sec_ = now_sec; }
  void EndFrame();                     // writes what changed (once per frame), reports a failed write
  // Milliseconds until a frame is due even if nothing moves (a parse after typing stops, the next slice of
  // a text being read); -1 when none is.
  int MsUntilTimedWork() const;

  // ---- transcript ----
  const Project& project() const { return project_; }
  int transcript_version() const { return transcript_version_; }
  // Refused (false, with the reason in the status line and in *refused) when the text is empty or over
  // kMaxTranscriptBytes (core/transcript_input.h): the saved transcript stays.
  bool ReplaceTranscript(std::string text, const TranscriptOrigin& origin, std::string* refused = nullptr);
  void LoadSample();
  void OpenFile(const std::string& name, std::string_view bytes);
  // An edit from the transcript box, made on `base_version` of the text; refused (false) when the text
  // was replaced since, so a stale or empty box never overwrites the user's work. An emptied box or a text
  // over the size limit is not saved either: the saved transcript stays until new text arrives.
  // broken_characters: unpaired surrogates the page replaced with U+FFFD (see TextOverlayEdit).
  bool EditTranscript(std::string text, int base_version, size_t broken_characters = 0);
  // A paste or file of `bytes` over kMaxTranscriptBytes was refused before it was read: says why.
  void RefuseTooLargeTranscript(size_t bytes);
  void SetTitle(std::string title);
  void SetSourceUrl(std::string url);
  void SetParseFormat(TranscriptFormat f);
  void SetRemoveNoise(bool on);
  bool RenameSpeaker(const std::string& label, const std::string& name, const std::string& role);
  // A transcript over 1 MB, or one that cannot be read within one slice (about 30 ms), is read across
  // frames (core TranscriptParse): meanwhile the status line shows "Reading the transcript… 40%", the page keeps drawing,
  // project().transcript is the previous parse of the same text (or empty for a new text) and Generate
  // waits. -1 when nothing is being read.
  double ReadingProgress() const;   // below 1 until the transcript is handed over
  // `done` is called once: with true when the text being read is parsed (at once when nothing is being
  // read), with false when another text or parse option replaced it before it was.
  void OnTranscriptRead(std::function<void(bool ok)> done);
  // How long one slice of reading may take (default 30 ms of a frame); 0 reads one step per frame.
  void SetReadSliceMs(double ms) { read_slice_ms_ = ms; }
  // One more slice of the text being read, for a frame that reads without drawing (see main.cpp).
  void ContinueReading() { if (reading_) StepReading(read_slice_ms_); }
  // The parse after a typing pause is under way: it stopped for a key and goes on in frames that do not
  // draw (see main.cpp).
  bool ReadingAfterTyping() const { return reading_ && reading_after_typing_; }
  // After a text is handed over (read anew, or parsed again after an edit), the first frame that shows it
  // would also plan the run and count the tokens of all of it (tens of ms for a long talk): that work gets
  // a frame of its own that does not draw (see main.cpp), so neither task holds the page for both.
  bool PlanPending() const { return plan_pending_; }
  void PreparePlan();

  // ---- structure ----
  void UpdateSpec(const ArticleSpec& spec);   // any edit in the Structure tab
  bool ApplyPreset(std::string_view id_or_name);
  bool SaveUserPreset(std::string_view name, std::string* why);
  bool DeleteUserPreset(std::string_view id_or_name);

  // ---- provider ----
  const ProviderConfig& provider() const { return session_.provider(); }
  bool remember_key() const { return session_.remember_key(); }
  void ChooseProviderPreset(std::string_view id);
  void SetBaseUrl(std::string url);
  void SetApiKey(SecretString key);   // "" forgets the key for this origin
  void SetModel(std::string model);
  void SetConcurrency(int n);
  void SetRememberKey(bool on);
  // Replaces the whole provider config (automation API); the key applies to the config's origin only.
  // A chosen provider is the only destination the page may reach (platform::ChooseConnectionOrigin).
  void SetProvider(const ProviderConfig& p);
  struct ConnectionTest {
    bool running = false;
    bool ok = false;
    std::string message;
    std::vector<ModelInfo> models;
  };
  void TestConnection(std::function<void(const std::vector<ModelInfo>&, const LlmError&)> done = nullptr);
  const ConnectionTest& connection() const { return connection_; }
  LlmSession& session() { return session_; }

  // ---- generation ----
  std::string GenerateBlocker() const;         // "" when Generate can start, else what to fix first
  std::string ProviderBlocker() const;         // the part about the provider: a model and, where needed, a key
  bool Generate(std::string* why);             // starts, or continues a stopped run of this transcript and spec
  void Cancel();
  bool Running() const;
  // With the current provider settings; false (and *why, when the provider cannot be used: no key) if not retried.
  bool RetryStep(const std::string& id, std::string* why = nullptr);
  bool RegenerateSection(int index, const std::string& instruction, std::string* why);   // index from 0
  const Pipeline* run() const { return run_.get(); }
  PipelinePlan Plan() const;
  nlohmann::json StateJson() const;
  const nlohmann::json& checks() const { return checks_; }   // of the last generated article; null when none
  // Goes up whenever checks() changes: what the interface derives from the checks is made again only then.
  uint64_t checks_revision() const { return checks_revision_; }
  // Called once when the current run (or regeneration) finishes: the API's pending Promise.
  std::function<void(bool ok)> on_run_finished_once;

  // ---- article ----
  const std::string& article() const { return article_; }
  int article_version() const { return article_version_; }
  // Goes up whenever the article's text changes, edits in the Markdown editor included (article_version()
  // does not count those): a view that laid the text out compares this instead of the whole text.
  uint64_t article_revision() const { return article_revision_; }
  // Replaces the whole article (generate, restore, the API); the previous one can be brought back.
  void ReplaceArticle(std::string markdown, std::string label);
  // An edit from the Markdown editor, made on `base_version`; refused when the article was replaced since.
  bool EditArticle(std::string markdown, int base_version);
  bool CanUndoArticle() const { return !history_.empty(); }
  const std::vector<ArticleVersion>& article_history() const { return history_; }
  bool UndoArticle();
  std::string ArticleTitle() const;            // the article's own H1, else the transcript's title
  std::string DownloadName(const char* extension) const;   // "<title>.md", safe for every OS

  // ---- preferences and status ----
  const UiPrefs& prefs() const { return prefs_; }
  void SetDarkTheme(bool on);
  void SetSplit(float share);
  void SetEditingMarkdown(bool on);
  const StatusLine& status() const { return status_; }
  void Say(std::string text, Topic topic = Topic::None, bool error = false);
  FrameStats stats;

  // ---- offline draft, model facts, verification, glossary ----
  // The built-in offline draft is the chosen provider: Generate builds an extractive draft on this device.
  bool OfflineProvider() const;
  // With no key: what a key adds, where to get one per provider and what this transcript would cost.
  std::string KeyAdvice() const;
  // Under the base URL: the endpoint, the model's context, output limit and price, and the cost of a run.
  std::string ModelFacts() const;
  std::string CostNote() const;        // estimate before the run, actual cost after ("" when unknown)
  void SetModelLimits(int context_tokens, int max_output_tokens);   // for a model the catalog does not know
  // The run's provider as the user should see it: paused or stopped (circuit), "thinking…", "waiting for
  // the provider, 34 s"; "" when idle.
  std::string ProviderActivity() const;
  // What the provider's answers taught about this model's limits ("" when nothing): a free plan's tokens a minute.
  std::string ProviderLimitNote() const;
  // {markdown, checks, usage} of the last generation, whichever path made it.
  nlohmann::json ResultJson() const;
  // The checks of `markdown` (the current article when null) against the transcript, the spec and the
  // evidence the last generation recorded (none for a pasted article).
  nlohmann::json VerifyJson(const std::string* markdown) const;
  nlohmann::json GlossaryJson() const;
  bool ChangeDialogueLength(DialogueLength length, std::string* why);
  // ---- past articles (history.h): every finished generation is added ----
  History& past_articles() { return past_articles_; }
  const History& past_articles() const { return past_articles_; }

  // The saved form of everything above (persistence.cpp).
  nlohmann::json SettingsJson() const;

  // ---- reading the article: the run in progress, checks, glossary ----
  // True while a generation (not a one-section regeneration) is writing the article: the article pane
  // shows it as far as it is written (core/article_preview.h) instead of the previous article.
  bool WritingArticle() const;
  // The transcript the checks' turn ids refer to: the run's (long turns split into pieces), else the project's.
  const Transcript& CheckedTranscript() const;
  // Runs the checks again when the article differs from the one they describe (the Markdown editor's
  // edits arrive already debounced). Checks made by the run for its own article are kept as they are.
  void RecheckArticleIfEdited();
  // The names and terms the run fixed (empty without a run).
  const Glossary& glossary() const;
  // Corrects one rendering: the run re-renders every finished part that uses it and the article is
  // replaced by the re-assembled one (Ctrl/Cmd+Z brings the previous one back). False without a run
  // or with an empty source.
  bool CorrectGlossary(const GlossaryEntry& entry, std::string* why);

 private:
  void UpdateProvider(const ProviderConfig& p);   // SetProvider without choosing the page's destination (typing a URL)
  enum Dirty : unsigned { kSettings = 1, kTranscript = 2, kArticle = 4 };
  void MarkDirty(unsigned what) { dirty_ |= what | unsaved_; unsaved_ = 0; }
  void Reparse();
  // Parses transcript_text: in this call when it fits one slice, else across frames. `new_text`: the
  // previous parse describes another text (cleared meanwhile) and the title and source URL are taken from
  // the transcript when the user gave none.
  void StartReading(bool new_text, std::string note = "", bool after_typing = false);
  void StepReading(double budget_ms);
  void StopReading();   // the text or the options changed: the callbacks hear false
  void ClearTopic(Topic t);
  void OnRunChange();
  void OnRunFinish();
  std::string Fingerprint() const;
  PipelineOptions RunOptions() const;   // where the model catalog's context window, output limit and prices go
  void ApplySettingsJson(const nlohmann::json& saved, const std::string& transcript, const std::string& article);
  bool GenerateOffline(std::string* why);
  PipelinePlan SampledPlan() const;   // requests == 0 when the transcript is small enough to plan whole
  const ArticleEvidence* LastEvidence() const;

  Project project_;
  History past_articles_{[this](const std::string& m, bool error) { Say(m, Topic::Storage, error); }};
  int transcript_version_ = 0;
  double transcript_edited_at_ = -1;   // seconds, -1 when the text is parsed
  std::unique_ptr<TranscriptParse> reading_;   // the parse in progress, across frames
  bool reading_prefill_ = false;       // take title and source URL from the transcript once read
  std::string reading_note_;           // what to say once it is read ("Opened episode.srt")
  bool reading_said_ = false;          // the status line shows the progress
  bool reading_after_typing_ = false;  // the parse after a typing pause: it yields to a key waiting to be shown
  bool plan_pending_ = false;          // a text was handed over: PreparePlan before the next drawn frame
  double read_slice_ms_;
  std::vector<std::function<void(bool)>> on_read_;
  double now_sec_ = 0;

  std::string article_;
  int article_version_ = 0;
  uint64_t article_revision_ = 0;
  void SetArticleText(std::string markdown);   // article_ and its revision
  std::vector<ArticleVersion> history_;

  LlmSession session_;
  ConnectionTest connection_;

  std::unique_ptr<Pipeline> run_;
  std::string run_fingerprint_;        // transcript + spec the run was built for
  int saved_done_ = -1;
  std::string saved_limits_ = "[]";   // LearnedLimitsJson as last saved
  std::string regen_before_;           // the run's article before a section was regenerated
  int regen_index_ = -1;
  nlohmann::json checks_;
  uint64_t checks_revision_ = 0;
  void SetChecks(nlohmann::json checks);       // checks_ and its revision
  uint64_t checked_revision_ = 0;      // the article_revision_ the checks describe
  bool checked_baseline_ = false;      // checked_revision_ taken from the first article seen (restored checks)
  // The spec and the parsed transcript (speaker names included), the plan's inputs that are costly to
  // compare: every change to either moves it, so Plan() compares a number each frame instead of the
  // spec's JSON and the text.
  uint64_t plan_inputs_revision_ = 0;
  mutable std::string plan_key_;
  mutable PipelinePlan plan_;

  UiPrefs prefs_;
  StatusLine status_;
  unsigned dirty_ = 0;
  unsigned unsaved_ = 0;   // what the device refused to store: retried with the next change
  bool storage_failed_ = false;
  // The last generation was the offline draft: its evidence and time.
  bool offline_result_ = false;
  ArticleEvidence offline_evidence_;
  double offline_ms_ = 0;
};

}  // namespace tp
