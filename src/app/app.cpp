// Index: lifecycle · transcript · structure · provider · generation · article · preferences and status.
#include "app/app.h"

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstring>
#include <limits>

#include "core/article_edit.h"
#include "core/article_view.h"
#include "core/embedded_assets.h"
#include "core/json_util.h"
#include "core/provider_session.h"
#include "core/limits.h"
#include "core/offline_draft.h"
#include "core/pipeline_budget.h"
#include "core/provider_config.h"
#include "core/text_util.h"
#include "core/transcript_input.h"
#include "core/url.h"
#include "core/utf8.h"
#include "platform/frames.h"
#include "platform/http.h"
#include "platform/storage.h"
#include "platform/text_overlay.h"

namespace tp {

using nlohmann::json;

namespace {
constexpr double kReparseDelaySec = 0.3;   // of no typing before the transcript is parsed again
// Reading a transcript: at most this much of one frame (and of the call that brings the text), so the page
// keeps drawing and no task comes near 200 ms; the parse checks the clock after each slice of bytes.
constexpr double kReadSliceMs = 30;
constexpr size_t kReadStepBytes = 96u << 10;
// A text up to this size is read in the call that brings it (a few ms); a larger one from the next frame
// on, so the call itself (which has already copied the text) stays short.
constexpr size_t kReadAtOnceBytes = 1u << 20;
// localStorage holds about 5 MB per page: a larger transcript is not written (a write that cannot succeed
// costs the page a long pause); it stays open in this tab.
constexpr size_t kMaxStoredTranscriptBytes = 4u << 20;
const char* kSampleTitle = "Signal and Noise: real-time data, speed and distribution";
const char* kSampleUrl = "https://example.com/signal-and-noise/episode-42";

int DoneSteps(const Pipeline& p) {
  int done = 0;
  for (const Step& s : p.steps()) done += s.state == StepState::Done;
  return done;
}
}  // namespace

App::App() : read_slice_ms_(kReadSliceMs) {}
App::~App() = default;

// ---------------------------------------------------------------------------------------------- lifecycle

void App::BeginFrame(double now_sec, bool read_slice) {
  ReparseIfDue(now_sec);
  if (reading_ && read_slice) StepReading(read_slice_ms_);
}

bool App::ReparseDueAt(double now_sec) const {
  return transcript_edited_at_ >= 0 && now_sec - transcript_edited_at_ >= kReparseDelaySec;
}

bool App::ReparseIfDue(double now_sec) {
  now_sec_ = now_sec;
  if (!ReparseDueAt(now_sec)) return false;
  transcript_edited_at_ = -1;
  StartReading(false, "", /*after_typing=*/true);
  MarkDirty(kSettings);
  return true;
}

int App::MsUntilTimedWork() const {
  if (reading_) return 100;   // reading asks for its frames itself; this is a safety net
  if (transcript_edited_at_ < 0) return -1;
  const double ms = (transcript_edited_at_ + kReparseDelaySec - now_sec_) * 1000.0;
  return std::max(0, (int)std::ceil(ms - 1e-6));   // 300.0000001 is 300: seconds in binary are not exact
}

void App::EndFrame() {
  // A limit a provider taught (a 413 from any request: a step, Test connection, the API) is kept for a reload.
  std::string limits = js::Dump(LearnedLimitsJson());
  if (limits != saved_limits_) { saved_limits_ = std::move(limits); MarkDirty(kSettings); }
  if (!dirty_) return;
  const unsigned what = dirty_;
  dirty_ = 0;
  bool ok = true;
  if ((what & kTranscript) && project_.transcript_text.size() > kMaxStoredTranscriptBytes) {
    platform::RemoveItem("talkpress.transcript");   // a reload must not bring back an older transcript
    Say("This transcript (" + std::to_string(project_.transcript_text.size() >> 20) +
            " MB) is too large to keep on this device for a reload; it stays open in this tab.",
        Topic::Storage);
  } else if (what & kTranscript) {
    ok &= platform::SaveItem("talkpress.transcript", project_.transcript_text);
  }
  if (what & kArticle) ok &= platform::SaveItem("talkpress.article", article_);
  ok &= platform::SaveItem("talkpress.settings", js::Dump(SettingsJson()));
  if (!ok) {
    // Keep trying on the next change; the work stays in this tab meanwhile.
    Say("This device's storage is full or blocked: your latest changes are not saved for a reload. "
        "Download the article to keep it.",
        Topic::Storage, true);
    storage_failed_ = true;
    unsaved_ |= what;   // written again with the next change, not on every frame
  } else if (storage_failed_) {
    storage_failed_ = false;
    ClearTopic(Topic::Storage);
  }
}

void App::Reparse() {
  transcript_edited_at_ = -1;
  StartReading(false);
  MarkDirty(kSettings);
}

void App::StartReading(bool new_text, std::string note, bool after_typing) {
  const bool prefill = new_text || (reading_ && reading_prefill_);
  if (!new_text && reading_) note = reading_note_;   // an option changed while a new text is read
  StopReading();
  reading_ = std::make_unique<TranscriptParse>(project_.transcript_text, project_.parse_options);
  reading_prefill_ = prefill;
  // A text read at once otherwise (a few ms); a larger one is read across frames with its progress shown.
  reading_after_typing_ = after_typing && project_.transcript_text.size() <= kReadAtOnceBytes;
  reading_note_ = std::move(note);
  if (new_text) {
    project_.transcript = Transcript();   // nothing of the previous talk is shown or used meanwhile
    ++plan_inputs_revision_;
  }
  if (project_.transcript_text.size() <= kReadAtOnceBytes) return StepReading(read_slice_ms_);
  Say("Reading the transcript\xE2\x80\xA6 0%", Topic::Transcript);
  reading_said_ = true;
  platform::RequestFrames(1);
}

void App::StepReading(double budget_ms) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point t0 = Clock::now();
  auto elapsed_ms = [&] { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); };
  const bool parsed_earlier = reading_->Done();
  while (!reading_->Step(kReadStepBytes)) {
    // The user typed again as the pause ended: the key is shown first, the parse goes on in the next
    // frames (the previous parse stays meanwhile, with no progress message for a few milliseconds' work).
    if (reading_after_typing_ && platform::TextOverlayInputWaiting()) {
      platform::RequestFrames(1);
      return;
    }
    if (elapsed_ms() < budget_ms) continue;
    Say("Reading the transcript\xE2\x80\xA6 " + std::to_string((int)(reading_->Progress() * 100)) + "%", Topic::Transcript);
    reading_said_ = true;
    platform::RequestFrames(1);
    return;
  }
  // Handing the transcript over (and what its listeners and the next frame's summary compute from it) is
  // work of its own: when the parse ended late in this slice, it waits for the next frame.
  if (!parsed_earlier && reading_said_ && elapsed_ms() > budget_ms / 2) {
    platform::RequestFrames(1);
    return;
  }
  project_.Adopt(reading_->Take());
  ++plan_inputs_revision_;
  reading_.reset();
  reading_after_typing_ = false;
  if (reading_prefill_) {   // what the file or format says, when the caller gave none
    if (project_.title.empty()) project_.title = project_.transcript.meta.title;
    if (project_.source_url.empty()) project_.source_url = project_.transcript.meta.source_url;
    reading_prefill_ = false;
  }
  if (reading_said_) ClearTopic(Topic::Transcript);
  plan_pending_ = true;
  reading_said_ = false;
  if (!reading_note_.empty()) Say(std::move(reading_note_), Topic::Transcript);
  reading_note_.clear();
  MarkDirty(kSettings);
  platform::RequestFrames(2);
  std::vector<std::function<void(bool)>> done = std::move(on_read_);
  on_read_.clear();
  for (auto& f : done) f(true);
}

void App::StopReading() {
  if (!reading_) return;
  reading_.reset();
  reading_after_typing_ = false;
  reading_prefill_ = false;
  reading_note_.clear();
  if (reading_said_) ClearTopic(Topic::Transcript);
  reading_said_ = false;
  std::vector<std::function<void(bool)>> done = std::move(on_read_);
  on_read_.clear();
  for (auto& f : done) f(false);
}

// A parse that has ended but is not handed over yet (it waits for the next frame) is at 99%.
double App::ReadingProgress() const { return reading_ ? std::min(reading_->Progress(), 0.99) : -1; }

void App::OnTranscriptRead(std::function<void(bool ok)> done) {
  if (!reading_) return done(true);
  on_read_.push_back(std::move(done));
}

// ---------------------------------------------------------------------------------------------- transcript

bool App::ReplaceTranscript(std::string text, const TranscriptOrigin& origin, std::string* refused) {
  const std::string problem = TranscriptInputProblem(text);
  if (!problem.empty()) {
    Say(problem, Topic::Transcript, true);
    if (refused) *refused = problem;
    return false;
  }
  const std::string cleaned = CleanTranscriptInput(text);
  StopReading();   // a transcript still being read is replaced: its text must not change under it
  project_.transcript_text = std::move(text);
  if (!origin.keep_parse_options) project_.parse_options.format = origin.format;
  project_.language_override = origin.language;
  project_.title = origin.title;
  project_.source_url = origin.source_url;
  project_.renames.clear();
  transcript_edited_at_ = -1;
  ++transcript_version_;
  ClearTopic(Topic::Transcript);
  ClearTopic(Topic::Generation);
  MarkDirty(kTranscript | kSettings);
  // Title and source are prefilled from what the file or format says once it is read.
  StartReading(true, origin.status.empty() ? cleaned : cleaned.empty() ? origin.status : origin.status + " " + cleaned);
  return true;
}

void App::LoadSample() {
  TranscriptOrigin o;
  o.title = kSampleTitle;
  o.source_url = kSampleUrl;
  o.status = "Loaded the sample interview.";
  ReplaceTranscript(std::string(FindEmbeddedAsset("samples/interview_en.txt")), o);
}

void App::OpenFile(const std::string& name, std::string_view bytes) {
  TranscriptOrigin o;
  const size_t dot = name.rfind('.');
  o.title = dot != std::string::npos && dot > 0 ? name.substr(0, dot) : name;
  o.keep_parse_options = false;   // a new file: detect its format
  o.status = "Opened " + name + " (" + std::to_string(bytes.size()) + " bytes).";
  ReplaceTranscript(std::string(bytes), o);
}

bool App::EditTranscript(std::string text, int base_version, size_t broken_characters) {
  if (base_version != transcript_version_) {
    ++transcript_version_;   // the box is shown the current text again
    Say("The transcript box was out of date, so that edit was not applied; it shows your saved transcript again.",
        Topic::Transcript, true);
    return false;
  }
  const std::string problem = TranscriptInputProblem(text);
  if (!problem.empty()) {
    // An emptied box is a step of an edit; a text too large or not text at all is a problem to show.
    Say(problem, Topic::Transcript, text.size() > kMaxTranscriptBytes || !BinaryKind(text).empty());
    return true;   // the box keeps what the user did; the saved transcript stays
  }
  const std::string cleaned = CleanTranscriptInput(text);
  if (text == project_.transcript_text) return true;
  // Everything selected and pasted over is another talk: what belonged to the old one goes with it.
  const std::string& old = project_.transcript_text;
  size_t prefix = 0, suffix = 0;
  const size_t shorter = std::min(old.size(), text.size());
  while (prefix < shorter && old[prefix] == text[prefix]) ++prefix;
  while (suffix < shorter - prefix && old[old.size() - 1 - suffix] == text[text.size() - 1 - suffix]) ++suffix;
  if (old.size() >= 40 && !text.empty() && (prefix + suffix) * 10 < shorter) {
    project_.title.clear();
    project_.source_url.clear();
    project_.renames.clear();
    ClearTopic(Topic::Transcript);
  }
  const size_t marks_before = CountReplacementCharacters(project_.transcript_text);
  if (!cleaned.empty()) Say(cleaned, Topic::Transcript);
  else if (broken_characters > 0) Say(BrokenSurrogatesNote(broken_characters), Topic::Transcript);
  else if (const size_t marks = CountReplacementCharacters(text); marks > marks_before)
    Say(ReplacementCharactersNote(marks), Topic::Transcript);   // new ones only: typing elsewhere says nothing
  StopReading();   // read again after the typing pause
  project_.transcript_text = std::move(text);
  transcript_edited_at_ = now_sec_;
  ClearTopic(Topic::Generation);
  MarkDirty(kTranscript);
  platform::WakeAfterMs((int)(kReparseDelaySec * 1000) + 20);
  return true;
}

void App::RefuseTooLargeTranscript(size_t bytes) { Say(TranscriptSizeProblem(bytes), Topic::Transcript, true); }

void App::SetTitle(std::string title) {
  if (title == project_.title) return;
  project_.title = std::move(title);
  if (!reading_) StartReading(false);   // else applied when the text is read
  MarkDirty(kSettings);
}

void App::SetSourceUrl(std::string url) {
  if (url == project_.source_url) return;
  project_.source_url = std::move(url);
  if (!reading_) StartReading(false);
  MarkDirty(kSettings);
}

void App::SetParseFormat(TranscriptFormat f) {
  project_.parse_options.format = f;
  Reparse();
}

void App::SetRemoveNoise(bool on) {
  project_.parse_options.remove_noise = on;
  Reparse();
}

bool App::RenameSpeaker(const std::string& label, const std::string& name, const std::string& role) {
  if (!project_.RenameSpeaker(label, name, role)) return false;
  ++plan_inputs_revision_;   // the names go into the prompts and the run's fingerprint
  MarkDirty(kSettings);
  return true;
}

// ---------------------------------------------------------------------------------------------- structure

void App::UpdateSpec(const ArticleSpec& spec) {
  project_.spec = spec;
  ++plan_inputs_revision_;
  MarkDirty(kSettings);
}

bool App::ApplyPreset(std::string_view id_or_name) {
  if (!project_.ApplyPreset(id_or_name)) return false;
  ++plan_inputs_revision_;
  MarkDirty(kSettings);
  return true;
}

bool App::SaveUserPreset(std::string_view name, std::string* why) {
  if (!project_.SaveUserPreset(name, why)) return false;
  ++plan_inputs_revision_;   // the spec takes the preset's name
  MarkDirty(kSettings);
  return true;
}

bool App::DeleteUserPreset(std::string_view id_or_name) {
  if (!project_.DeleteUserPreset(id_or_name)) return false;
  MarkDirty(kSettings);
  return true;
}

// ---------------------------------------------------------------------------------------------- provider

void App::SetProvider(const ProviderConfig& p) {
  UpdateProvider(p);
  platform::ChooseConnectionOrigin(OriginOf(provider().base_url));
}

void App::UpdateProvider(const ProviderConfig& p) {
  session_.SetProvider(p);
  connection_ = ConnectionTest();
  ClearTopic(Topic::Provider);
  MarkDirty(kSettings);
}

void App::ChooseProviderPreset(std::string_view id) {
  const ProviderPreset* preset = FindProviderPreset(id);
  if (!preset) return;
  SetProvider(ProviderConfigForPreset(*preset, provider()));
}

// Typed a character at a time: the page's destination is chosen by the first request to it instead.
void App::SetBaseUrl(std::string url) { UpdateProvider(WithBaseUrl(provider(), std::move(url))); }

void App::SetApiKey(SecretString key) {
  // A key typed while the offline draft is chosen is for a provider: OpenAI's, unless the user picks another.
  if (OfflineProvider() && !text::Trim(key.str()).empty()) {
    ChooseProviderPreset("openai");
    Say("The key was set for OpenAI. If it belongs to another provider, choose that provider above and paste it there.",
        Topic::Provider);
  }
  session_.SetApiKey(std::move(key));
  MarkDirty(kSettings);
}

void App::SetModel(std::string model) {
  ProviderConfig p = provider();
  p.model = std::move(model);
  SetProvider(p);
}

void App::SetConcurrency(int n) {
  ProviderConfig p = provider();
  p.concurrency = std::clamp(n, limits::kMinConcurrency, limits::kMaxConcurrency);
  session_.SetProvider(p);
  MarkDirty(kSettings);
}

void App::SetRememberKey(bool on) {
  session_.SetRememberKey(on);
  MarkDirty(kSettings);
}

void App::TestConnection(std::function<void(const std::vector<ModelInfo>&, const LlmError&)> done) {
  connection_ = ConnectionTest();
  connection_.running = true;
  connection_.message = "Asking " + provider().base_url + " for its models…";
  const std::string asked = provider().base_url;
  session_.ListModels([this, asked, done](const std::vector<ModelInfo>& models, const LlmError& e) {
    if (provider().base_url == asked) {   // a later choice of provider makes the answer moot
      connection_.running = false;
      connection_.ok = e.ok();
      connection_.models = models;
      connection_.message = e.ok() ? "Connected: " + std::to_string(models.size()) + " model(s) available." : e.message;
    }
    platform::RequestFrames(2);
    if (done) done(models, e);
  });
}

// ---------------------------------------------------------------------------------------------- generation

PipelineOptions App::RunOptions() const { return PipelineOptionsFor(provider()); }

std::string App::Fingerprint() const {
  std::string names;
  for (const Speaker& s : project_.transcript.speakers) names += s.label + "=" + s.name + "/" + s.role + ";";
  // The sizes the plan cuts the work to: a per-minute token limit learned from the provider changes them, and
  // Generate then plans again (keeping the finished steps whose inputs are unchanged) instead of resending parts
  // that cannot fit.
  const std::string sizes = PlanSizesKey(RunOptions());
  const size_t h = std::hash<std::string>()(project_.transcript_text + "\x1f" + js::Dump(SpecToJson(project_.spec)) + "\x1f" +
                                            names + "\x1f" + project_.transcript.meta.source_url + "\x1f" +
                                            project_.transcript.meta.title + "\x1f" + provider().model + "\x1f" + sizes);
  return std::to_string(h);
}

PipelinePlan App::Plan() const {
  // Shown every frame: recomputed only when the transcript, spec or provider changed (planning a long
  // transcript chunks all of it).
  const ProviderConfig& prov = provider();
  const std::string key = std::to_string(transcript_version_) + "/" + std::to_string(plan_inputs_revision_) + "/" +
                          prov.preset_id + "/" + std::to_string((int)prov.kind) + "/" + prov.model + "/" +
                          std::to_string(prov.concurrency) + "/" + PlanSizesKey(RunOptions()) + "/" + project_.title + "/" + project_.source_url + "/" +
                          (run_ && !Running() ? run_fingerprint_ + "/" + std::to_string((int)run_->status()) + "/" + std::to_string(DoneSteps(*run_)) : "");
  if (key != plan_key_) {
    plan_ = SampledPlan();   // a huge transcript: extrapolated from its beginning (planning all of it blocks the page)
    if (plan_.requests == 0) {
      Pipeline p(platform::HttpTransport(), platform::Timers(), prov, project_.spec, project_.transcript, RunOptions());
      plan_ = p.Plan();
      // After a change, what Generate writes again: the previous run's steps whose inputs are unchanged stay.
      std::string unused;
      if (run_ && !Running() && run_fingerprint_ != Fingerprint() && DoneSteps(*run_) > 0 &&
          p.Restore(run_->Save(), &unused)) {
        plan_.kept_steps = DoneSteps(p);
        // With the outline kept the step list is complete; without it, the plan counts the steps.
        const bool outline_kept = std::any_of(p.steps().begin(), p.steps().end(),
                                              [](const Step& x) { return x.kind == StepKind::Outline && x.state == StepState::Done; });
        const int total = outline_kept ? (int)p.steps().size() : std::max<int>((int)p.steps().size(), plan_.requests);
        plan_.summary = "Regenerate " + std::to_string(total - plan_.kept_steps) + " of " + std::to_string(total) + " steps (" +
                        std::to_string(plan_.kept_steps) + " finished steps are kept). Whole run: " + plan_.summary;
      }
    }
    if (OfflineProvider()) {   // the draft is built here: nothing is sent, nothing is paid
      plan_.requests = 0;
      plan_.estimated_cost_usd = 0;
      plan_.summary = "Offline draft: no requests, free. Built on this device from the transcript's own sentences; "
                      "a model with your key writes it in its own words.";
    }
    plan_key_ = key;
  }
  return plan_;
}

void App::PreparePlan() {
  plan_pending_ = false;
  const std::string before = plan_key_;
  Plan();
  if (plan_key_ != before) platform::RequestFrames(1);   // the frame that shows the text (a drawn frame may have planned already)
}

std::string App::GenerateBlocker() const {
  if (Running()) return "A generation is already running.";
  if (reading_)
    return "The transcript is still being read (" + std::to_string((int)(reading_->Progress() * 100)) + "%); Generate is ready once it is.";
  if (transcript_edited_at_ < 0 && project_.transcript.turns.empty()) return "The transcript is empty: paste or open one first.";
  const ValidationResult v = ValidateSpec(project_.spec);
  if (!v.ok()) return "The structure has a problem: " + v.errors[0].message;
  return ProviderBlocker();
}

std::string App::ProviderBlocker() const {
  const ProviderConfig& prov = provider();
  if (prov.model.empty()) return "Choose a model in the Model tab.";
  const ProviderPreset* preset = FindProviderPreset(prov.preset_id);
  if (prov.api_key.empty() && (!preset || preset->needs_key)) return "Enter your API key in the Model tab.";
  return "";
}

bool App::Running() const { return run_ && run_->status() == Pipeline::Status::Running; }

bool App::Generate(std::string* why) {
  if (transcript_edited_at_ >= 0) Reparse();   // a pending edit counts
  if (ReadingAfterTyping()) {   // and its parse, which stopped for a key
    reading_after_typing_ = false;
    StepReading(std::numeric_limits<double>::infinity());
  }
  *why = GenerateBlocker();
  if (!why->empty()) return false;
  if (OfflineProvider()) return GenerateOffline(why);
  offline_result_ = false;
  const std::string fp = Fingerprint();
  const bool resume = run_ && run_fingerprint_ == fp && run_->status() != Pipeline::Status::Done;
  if (resume) {
    run_->SetProvider(provider());   // finished steps are kept; the rest use the current settings
  } else {
    auto next = std::make_unique<Pipeline>(platform::HttpTransport(), platform::Timers(), provider(), project_.spec,
                                           project_.transcript, RunOptions());
    // After a change of spec, title, transcript or model, the steps whose inputs did not change are kept.
    std::string unused;
    if (run_ && run_fingerprint_ != fp) next->Restore(run_->Save(), &unused);
    run_ = std::move(next);
    run_fingerprint_ = fp;
  }
  regen_index_ = -1;
  run_->on_change = [this] { OnRunChange(); };
  run_->on_finish = [this] { OnRunFinish(); };
  ClearTopic(Topic::Generation);
  run_->Start();
  return true;
}

void App::OnRunChange() {
  const int done = DoneSteps(*run_);
  Say("Generating… " + std::to_string(done) + " of " + std::to_string(run_->steps().size()) + " steps done", Topic::Generation);
  if (done != saved_done_) { saved_done_ = done; MarkDirty(kSettings); }   // a reload resumes from here
  platform::RequestFrames(2);
}

void App::OnRunFinish() {
  Pipeline& p = *run_;
  const bool ok = p.status() == Pipeline::Status::Done;
  if (ok) {
    SetChecks(p.result().checks.ToJson());
    const int problems = p.result().checks.Problems();
    std::string note = std::to_string(p.result().requests) + " requests, " +
                       std::to_string(p.result().usage.input_tokens + p.result().usage.output_tokens) + " tokens, " +
                       (problems ? std::to_string(problems) + " check(s) need a look." : "all checks passed.");
    if (regen_index_ >= 0) {
      std::string merged, why;
      const std::string label = "Regenerated section " + std::to_string(regen_index_ + 1);
      if (MergeRegeneratedSection(article_, regen_before_, p.result().markdown, &merged, &why) && merged == article_) {
        Say("Section " + std::to_string(regen_index_ + 1) + " was written again and came out the same as before.", Topic::Generation);
      } else if (!why.empty() || merged.empty()) {
        Say(why.empty() ? "The regenerated section could not be put into the article." : why, Topic::Generation, true);
      } else {
        ReplaceArticle(merged, label);
        Say(label + " (your other edits are kept; Ctrl/Cmd+Z undoes it): " + note, Topic::Generation);
      }
      regen_index_ = -1;
    } else {
      ReplaceArticle(p.result().markdown, "Generated");
      Say("Article ready: " + note, Topic::Generation);
      past_articles_.Add(CurrentArticleEntry(*this));   // after: a failed save's message must stay visible
    }
  } else if (p.status() == Pipeline::Status::Cancelled) {
    Say("Cancelled. Finished steps are kept; Generate continues where it stopped.", Topic::Generation);
  } else {
    Say(p.error().message, Topic::Generation, true);
  }
  MarkDirty(kSettings);
  platform::RequestFrames(3);
  if (on_run_finished_once) {
    auto f = std::move(on_run_finished_once);
    on_run_finished_once = nullptr;
    f(ok);
  }
}

void App::Cancel() {
  if (run_) run_->Cancel();
}

bool App::RetryStep(const std::string& id, std::string* why) {
  if (!run_) return false;
  // A key removed since the step failed: nothing is sent without one.
  if (std::string blocker = ProviderBlocker(); !blocker.empty()) {
    Say(blocker, Topic::Generation, true);
    if (why) *why = std::move(blocker);
    return false;
  }
  // Planned before the provider's limit was known (a free plan's tokens a minute): its parts cannot fit, so the
  // run is planned again, keeping what is finished.
  if (run_->status() != Pipeline::Status::Done && PlanSizesKey(run_->options()) != PlanSizesKey(RunOptions())) {
    std::string unused;
    return Generate(why ? why : &unused);
  }
  run_->SetProvider(provider());   // the user may have fixed the key, model or URL since it failed
  run_->on_change = [this] { OnRunChange(); };
  run_->on_finish = [this] { OnRunFinish(); };
  if (!run_->RetryStep(id)) return false;
  ClearTopic(Topic::Generation);
  return true;
}

bool App::RegenerateSection(int index, const std::string& instruction, std::string* why) {
  if (OfflineProvider()) {
    *why = "Writing a section again needs a model: choose a provider and add its key in the Model tab.";
    return false;
  }
  if (!run_ || run_->status() != Pipeline::Status::Done) {
    *why = "Generate the article first; then a finished section can be regenerated.";
    return false;
  }
  const std::string before = run_->result().markdown;
  run_->SetProvider(provider());
  run_->on_change = [this] { OnRunChange(); };
  run_->on_finish = [this] { OnRunFinish(); };
  if (!run_->RegenerateSection(index, instruction)) {
    *why = "There is no body section " + std::to_string(index + 1) + " to regenerate.";
    return false;
  }
  regen_before_ = before;
  regen_index_ = index;
  return true;
}

json App::StateJson() const {
  json s = run_ ? run_->StateJson() : json{{"status", "idle"}, {"steps", json::array()}};
  const PipelinePlan plan = Plan();
  s["plan"] = {{"chunked", plan.chunked}, {"requests", plan.requests}, {"transcriptTokens", plan.transcript_tokens},
               {"estimatedInputTokens", plan.estimated_input_tokens}, {"estimatedOutputTokens", plan.estimated_output_tokens},
               {"keptSteps", plan.kept_steps}, {"summary", plan.summary}};
  return s;
}

// ---------------------------------------------------------------------------------------------- article

void App::ReplaceArticle(std::string markdown, std::string label) {
  if (markdown == article_) return;
  if (!article_.empty()) {
    history_.push_back({article_, std::move(label)});
    if ((int)history_.size() > limits::kArticleHistory) history_.erase(history_.begin());
  }
  SetArticleText(std::move(markdown));
  ++article_version_;
  MarkDirty(kArticle | kSettings);
}

void App::SetArticleText(std::string markdown) {
  article_ = std::move(markdown);
  ++article_revision_;
}

void App::SetChecks(nlohmann::json checks) {
  checks_ = std::move(checks);
  ++checks_revision_;
}

bool App::EditArticle(std::string markdown, int base_version) {
  if (base_version != article_version_) {
    ++article_version_;   // the editor is shown the current article again
    Say("The Markdown editor was out of date, so that edit was not applied; it shows the current article again.",
        Topic::Article, true);
    return false;
  }
  if (markdown == article_) return true;
  SetArticleText(std::move(markdown));
  MarkDirty(kArticle);
  return true;
}

bool App::UndoArticle() {
  if (history_.empty()) return false;
  ArticleVersion v = std::move(history_.back());
  history_.pop_back();
  SetArticleText(std::move(v.markdown));
  ++article_version_;
  Say("Undone: " + v.label + ". The article is back to its previous version.", Topic::Article);
  MarkDirty(kArticle | kSettings);
  return true;
}

std::string App::ArticleTitle() const {
  const ArticleView view = ReadArticle(article_, SectionLabels{});
  if (view.has_title && !view.title.empty()) return view.title;
  return std::string(text::Trim(project_.title));
}

std::string App::DownloadName(const char* extension) const {
  std::string name;
  const std::string title = ArticleTitle();
  for (size_t i = 0; i < title.size();) {
    const char32_t c = utf8::Decode(title, i);
    if (c < 0x20 || c == 0x7f || (c < 0x80 && std::strchr("/\\:*?\"<>|", (int)c))) { name += ' '; continue; }
    if (utf8::CountCodePoints(name) >= 80) break;
    utf8::Append(name, c);
  }
  name = text::CollapseSpaces(name);
  while (!name.empty() && (name.back() == '.' || name.back() == ' ')) name.pop_back();   // Windows refuses these
  if (name.empty()) name = "article";
  return name + "." + extension;
}

// ---------------------------------------------------------------------------------------------- preferences, status

void App::SetDarkTheme(bool on) {
  prefs_.dark_theme = on;
  MarkDirty(kSettings);
}

void App::SetSplit(float share) {
  prefs_.split = std::clamp(share, 0.2f, 0.8f);
  MarkDirty(kSettings);
}

void App::SetEditingMarkdown(bool on) {
  prefs_.editing_markdown = on;
  MarkDirty(kSettings);
}

void App::Say(std::string text, Topic topic, bool error) {
  status_ = {std::move(text), topic, error};
  platform::RequestFrames(2);
}

void App::ClearTopic(Topic t) {
  if (status_.topic == t) status_ = StatusLine();
}

// ---- reading the article: the run in progress, checks, glossary ----

bool App::WritingArticle() const {
  return run_ && run_->status() == Pipeline::Status::Running && regen_index_ < 0;
}

const Transcript& App::CheckedTranscript() const { return run_ ? run_->transcript() : project_.transcript; }

void App::RecheckArticleIfEdited() {
  if (Running() || article_.empty()) return;
  if (!checked_baseline_) {   // checks restored from this device describe the restored article
    checked_baseline_ = true;
    if (!checks_.is_null()) checked_revision_ = article_revision_;
  }
  if (article_revision_ == checked_revision_) return;   // every frame: no comparison of the whole text
  if (run_ && run_->status() == Pipeline::Status::Done && article_ == run_->result().markdown) {
    checked_revision_ = article_revision_;   // the run's own checks, made with the markers it recorded
    return;
  }
  const ArticleChecks c = run_ ? VerifyArticle(article_, run_->transcript(), run_->spec(), run_->result().evidence)
                               : VerifyArticle(article_, project_.transcript, project_.spec, ArticleEvidence{});
  SetChecks(c.ToJson());
  checked_revision_ = article_revision_;
  MarkDirty(kSettings);
}

const Glossary& App::glossary() const {
  static const Glossary none;
  return run_ ? run_->glossary() : none;
}

bool App::CorrectGlossary(const GlossaryEntry& entry, std::string* why) {
  if (!run_) { *why = "Generate the article first: the glossary comes from its outline."; return false; }
  if (Running()) { *why = "Wait for the run to finish, then correct the glossary."; return false; }
  if (!run_->CorrectGlossary(entry)) { *why = "A glossary entry needs the words as said in the transcript."; return false; }
  if (run_->status() == Pipeline::Status::Done) {
    ReplaceArticle(run_->result().markdown, "Glossary: " + entry.source + " → " + entry.rendering);
    SetChecks(run_->result().checks.ToJson());
    checked_revision_ = article_revision_;
    Say("“" + entry.source + "” is now written “" + entry.rendering + "” everywhere (Ctrl/Cmd+Z undoes it).", Topic::Article);
  } else {
    Say("“" + entry.source + "” will be written “" + entry.rendering + "” in the parts still to write.", Topic::Article);
  }
  MarkDirty(kSettings);
  return true;
}

}  // namespace tp
