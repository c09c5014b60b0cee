#include "app/generation.h"

#include <algorithm>

#include "app/app_state.h"
#include "app/llm_session.h"
#include "core/json_util.h"
#include "platform/http.h"
#include "platform/storage.h"
#include "platform/web/imgui_impl_web.h"

namespace tp {

using nlohmann::json;

Generation& Gen() {
  static Generation g;
  return g;
}

std::string ProjectFingerprint() {
  const Project& p = App().project;
  std::string names;
  for (const Speaker& s : p.transcript.speakers) names += s.label + "=" + s.name + "/" + s.role + ";";
  const size_t h = std::hash<std::string>()(p.transcript_text + "\x1f" + js::Dump(SpecToJson(p.spec)) + "\x1f" + names +
                                            "\x1f" + p.transcript.meta.source_url);
  return std::to_string(h);
}

namespace {
PipelineOptions OptionsFor(const ProviderConfig&) {
  PipelineOptions o;   // conservative defaults that fit today's common models (128k context, 8k output)
  return o;
}
}  // namespace

PipelinePlan Generation::Plan() const {
  // The plan is shown every frame: recompute it only when the transcript, spec or provider changed
  // (planning a long transcript chunks all of it).
  const Project& pr = App().project;
  const ProviderConfig& prov = Session().provider;
  const std::string key = std::to_string(pr.transcript.turns.size()) + "/" + std::to_string(pr.transcript.TextBytes()) + "/" +
                          std::to_string(App().transcript_version) + "/" + js::Dump(SpecToJson(pr.spec)) + "/" + prov.preset_id + "/" +
                          prov.model + "/" + std::to_string(prov.concurrency);
  if (key != plan_key_) {
    Pipeline p(platform::HttpTransport(), platform::Timers(), prov, pr.spec, pr.transcript, OptionsFor(prov));
    plan_ = p.Plan();
    plan_key_ = key;
  }
  return plan_;
}

bool Generation::Start(std::string* why) {
  AppState& app = App();
  if (Running()) { *why = "A generation is already running."; return false; }
  const ValidationResult v = ValidateSpec(app.project.spec);
  if (!v.ok()) { *why = "The structure has a problem: " + v.errors[0].message; return false; }
  if (app.project.transcript.turns.empty()) { *why = "The transcript is empty: paste or open one first."; return false; }
  const ProviderConfig& prov = Session().provider;
  if (prov.model.empty()) { *why = "Choose a model in the Model tab."; return false; }
  const ProviderPreset* preset = FindProviderPreset(prov.preset_id);
  if (prov.api_key.empty() && (!preset || preset->needs_key)) { *why = "Enter your API key in the Model tab."; return false; }
  const std::string fp = ProjectFingerprint();
  const bool resume = pipeline && started_for == fp && pipeline->status() != Pipeline::Status::Done;
  if (resume) {
    pipeline->SetProvider(prov);   // finished steps are kept; the rest use the current provider and key
  } else {
    pipeline = std::make_unique<Pipeline>(platform::HttpTransport(), platform::Timers(), prov, app.project.spec,
                                          app.project.transcript, OptionsFor(prov));
    started_for = fp;
  }
  pipeline->on_change = [this] {
    AppState& a = App();
    int done = 0;
    for (const Step& st : pipeline->steps()) done += st.state == StepState::Done;
    a.status = "Generating… " + std::to_string(done) + " of " + std::to_string(pipeline->steps().size()) + " steps done";
    if (done != saved_done_) { saved_done_ = done; SaveProgress(); }   // a reload resumes from here
    web::RequestFrames(2);
  };
  pipeline->on_finish = [this] {
    AppState& a = App();
    Pipeline& p = *pipeline;
    if (p.status() == Pipeline::Status::Done) {
      a.article_markdown = p.result().markdown;
      ++a.article_version;
      const int problems = p.result().checks.Problems();
      a.status = "Article ready: " + std::to_string(p.result().requests) + " requests, " +
                 std::to_string(p.result().usage.input_tokens + p.result().usage.output_tokens) + " tokens, " +
                 (problems ? std::to_string(problems) + " check(s) need a look." : "all checks passed.");
    } else {
      a.status = p.error().message;
    }
    SaveProgress();
    web::RequestFrames(3);
    if (on_finish_once) {
      auto f = std::move(on_finish_once);
      on_finish_once = nullptr;
      f(p.status() == Pipeline::Status::Done);
    }
  };
  pipeline->Start();
  return true;
}

void Generation::Cancel() {
  if (pipeline) pipeline->Cancel();
}

json Generation::StateJson() const {
  json s = pipeline ? pipeline->StateJson() : json{{"status", "idle"}, {"steps", json::array()}};
  const PipelinePlan plan = Plan();
  s["plan"] = {{"chunked", plan.chunked}, {"requests", plan.requests}, {"transcriptTokens", plan.transcript_tokens},
               {"estimatedInputTokens", plan.estimated_input_tokens}, {"estimatedOutputTokens", plan.estimated_output_tokens},
               {"summary", plan.summary}};
  return s;
}

void Generation::SaveProgress() const {
  const AppState& app = App();
  json saved = {{"version", 1},
                {"transcript", app.project.transcript_text},
                {"title", app.project.title},
                {"sourceUrl", app.project.source_url},
                {"spec", SpecToJson(app.project.spec)},
                {"article", app.article_markdown}};
  json renames = json::object();
  for (const auto& [label, r] : app.project.renames) renames[label] = {{"name", r.name}, {"role", r.role}};
  saved["renames"] = renames;
  saved["userPresets"] = app.project.UserPresetsJson();
  if (pipeline && started_for == ProjectFingerprint()) saved["pipeline"] = pipeline->Save();
  // The provider choice is kept; the key only when the user opted in ("remember on this device").
  const ProviderConfig& p = Session().provider;
  saved["provider"] = {{"preset", p.preset_id}, {"kind", ProviderKindName(p.kind)}, {"baseUrl", p.base_url}, {"model", p.model},
                       {"concurrency", p.concurrency}, {"rememberKey", Session().remember_key}};
  if (Session().remember_key) saved["provider"]["apiKey"] = p.api_key;
  platform::SaveItem("talkpress.project", js::Dump(saved));
}

void Generation::RestoreProgress() {
  const std::string raw = platform::LoadItem("talkpress.project");
  if (raw.empty()) return;
  json saved = json::parse(raw, nullptr, false);
  if (saved.is_discarded() || js::Int(saved, "version") != 1) return;
  AppState& app = App();
  const json& prov = js::At(saved, "provider");
  if (prov.is_object()) {
    ProviderConfig& p = Session().provider;
    p.preset_id = js::Str(prov, "preset", p.preset_id);
    ProviderKindFromName(js::Str(prov, "kind"), &p.kind);
    p.base_url = js::Str(prov, "baseUrl", p.base_url);
    p.model = js::Str(prov, "model", p.model);
    p.concurrency = std::max(1, std::min(16, js::Int(prov, "concurrency", p.concurrency)));
    p.use_max_completion_tokens = p.preset_id == "openai";
    Session().remember_key = js::Bool(prov, "rememberKey");
    if (Session().remember_key) p.api_key = js::Str(prov, "apiKey");
  }
  app.project.LoadUserPresets(js::At(saved, "userPresets"));
  app.project.title = js::Str(saved, "title");
  app.project.source_url = js::Str(saved, "sourceUrl");
  ArticleSpec spec;
  if (SpecFromJson(js::At(saved, "spec"), &spec).ok()) app.project.spec = spec;
  app.ReplaceTranscript(js::Str(saved, "transcript"));
  const json& renames = js::At(saved, "renames");
  if (renames.is_object())
    for (auto it = renames.begin(); it != renames.end(); ++it)
      app.project.RenameSpeaker(it.key(), js::Str(it.value(), "name"), js::Str(it.value(), "role"));
  app.article_markdown = js::Str(saved, "article");
  ++app.article_version;
  if (saved.contains("pipeline")) {
    pipeline = std::make_unique<Pipeline>(platform::HttpTransport(), platform::Timers(), Session().provider, app.project.spec,
                                          app.project.transcript, OptionsFor(Session().provider));
    std::string err;
    if (pipeline->Restore(saved["pipeline"], &err)) {
      started_for = ProjectFingerprint();
      int done = 0;
      for (const Step& s : pipeline->steps()) done += s.state == StepState::Done;
      app.status = "Restored your transcript and " + std::to_string(done) + " finished step(s). Generate continues where it stopped.";
    } else {
      pipeline.reset();
    }
  } else if (!app.project.transcript_text.empty()) {
    app.status = "Restored your transcript and settings.";
  }
}

}  // namespace tp
