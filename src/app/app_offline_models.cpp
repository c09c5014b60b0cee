// App intents that need no model or describe the model: the offline draft (Generate with no key), the
// first-run advice, the chosen model's facts and cost, verification of any article, the glossary and the
// dialogue length. Index: offline draft · advice and model facts · results and checks · glossary, dialogue.
#include <algorithm>
#include <chrono>

#include "app/app.h"
#include "core/checks.h"
#include "core/embedded_assets.h"
#include "core/json_util.h"
#include "core/offline_draft.h"
#include "core/pipeline_budget.h"
#include "core/provider_config.h"
#include "core/provider_session.h"
#include "platform/frames.h"
#include "platform/http.h"

namespace tp {

using nlohmann::json;

namespace {
constexpr const char* kOfflinePresetId = "offline";   // assets/providers/presets.json

std::string Thousands(int tokens) {
  return tokens >= 1000 ? std::to_string(tokens / 1000) + "k" : std::to_string(tokens);
}

// Where each provider hands out keys: "key_url" in the presets (data, read once).
const std::vector<std::pair<std::string, std::string>>& KeyPages() {
  static const std::vector<std::pair<std::string, std::string>> pages = [] {
    std::vector<std::pair<std::string, std::string>> out;
    const std::string_view text = FindEmbeddedAsset("providers/presets.json");
    const json j = json::parse(text.begin(), text.end(), nullptr, false);
    for (const json& e : js::At(j, "presets"))
      if (!js::Str(e, "key_url").empty()) out.emplace_back(js::Str(e, "id"), js::Str(e, "key_url"));
    return out;
  }();
  return pages;
}
}  // namespace

// ---------------------------------------------------------------------------------------------- offline draft

bool App::OfflineProvider() const { return provider().preset_id == kOfflinePresetId; }

bool App::GenerateOffline(std::string* why) {
  const auto t0 = std::chrono::steady_clock::now();
  OfflineDraft d = BuildOfflineDraft(project_.transcript, project_.spec);
  if (!d.ok()) {
    *why = d.notes.empty() ? "No draft could be made from this transcript." : d.notes[0];
    Say(*why, Topic::Generation, true);
    return false;
  }
  offline_evidence_ = std::move(d.evidence);
  const ArticleChecks checks = VerifyArticle(d.markdown, project_.transcript, project_.spec, offline_evidence_);
  SetChecks(checks.ToJson());
  offline_result_ = true;
  regen_index_ = -1;
  ReplaceArticle(std::move(d.markdown), "Offline draft");
  offline_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::string note = "Offline draft ready; nothing was sent anywhere. ";
  note += checks.Problems() ? std::to_string(checks.Problems()) + " check(s) need a look." : "All checks passed.";
  for (const std::string& n : d.notes) note += " " + n;
  Say(note, Topic::Generation);
  MarkDirty(kSettings);
  platform::RequestFrames(3);
  if (on_run_finished_once) {
    auto f = std::move(on_run_finished_once);
    on_run_finished_once = nullptr;
    f(true);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------- advice, model facts

std::string App::KeyAdvice() const {
  if (!OfflineProvider() && !provider().api_key.empty()) return "";
  const PipelinePlan plan = Plan();
  std::string out =
      "With no key, TalkPress builds an offline draft: the article's structure filled with the talk's own sentences. "
      "An API key gets a written article: real headings, a lead and highlights in your words, the dialogue cleaned "
      "or translated into the article's language. Keys, and what this transcript would cost "
      "(about " + Thousands(plan.estimated_input_tokens) + " tokens in, " + Thousands(plan.estimated_output_tokens) +
      " out):";
  for (const auto& [id, url] : KeyPages()) {
    const ProviderPreset* pr = FindProviderPreset(id);
    if (!pr) continue;
    const ProviderConfig cfg = ProviderConfigForPreset(*pr, ProviderConfig());
    const std::string cost = FormatCost(ModelFor(cfg), plan.estimated_input_tokens, plan.estimated_output_tokens);
    out += std::string("\n• ") + pr->name + " (" + cfg.model + "): " + url + (cost.empty() ? "" : ", about " + cost);
  }
  return out;
}

std::string App::ModelFacts() const {
  const ProviderConfig& p = provider();
  if (OfflineProvider()) return "Runs on this device: no endpoint, no cost.";
  std::string out = "Endpoint: " + ResolvedEndpoint(p);
  const ModelSpec m = ModelFor(p);
  out += "\n" + (m.known ? p.model : p.model + " (not in the catalog of " + ModelCatalogDate() + ": set its limits below)") +
         ": context " + Thousands(m.context_tokens) + ", max output " + Thousands(m.max_output_tokens);
  const std::string price = FormatCost(m, 1000000, 0), price_out = FormatCost(m, 0, 1000000);
  if (!price.empty()) out += ", " + price + " in / " + price_out + " out per million tokens";
  if (m.Thinks()) out += ", reasoning model";
  const std::string advice = BrowserAccessAdvice(p);
  if (!advice.empty()) out += "\n" + advice;
  return out;
}

std::string App::CostNote() const {
  if (OfflineProvider()) return "";
  if (run_ && run_->status() == Pipeline::Status::Done && !offline_result_) {
    const std::string cost = RunCost(provider(), run_->result().usage);
    if (!cost.empty()) return "Last run cost " + cost + ".";
  }
  const PipelinePlan plan = Plan();
  const std::string est = FormatCost(ModelFor(provider()), plan.estimated_input_tokens, plan.estimated_output_tokens);
  return est.empty() ? "" : "Estimated cost of a run: " + est + ".";
}

void App::SetModelLimits(int context_tokens, int max_output_tokens) {
  ProviderConfig p = provider();
  p.context_tokens = std::max(0, context_tokens);
  p.max_output_tokens = std::max(0, max_output_tokens);
  SetProvider(p);
}

std::string App::ProviderLimitNote() const {
  if (OfflineProvider()) return "";
  const std::optional<int>& limit = SessionFor(provider()).request_tokens;
  if (!limit) return "";
  return "Your plan allows " + std::to_string(*limit) + " tokens a minute for " + provider().model +
         " (the provider said so). Each request asks for only the room left beside its prompt, and the transcript is "
         "read in parts that fit; a model with a higher limit, or a paid plan, needs fewer requests.";
}

std::string App::ProviderActivity() const {
  if (!run_) return "";
  const json state = run_->StateJson();
  const json& prov = js::At(state, "provider");
  const std::string circuit = js::Str(prov, "circuit");
  const std::string reason = js::Str(js::At(prov, "reason"), "message");
  if (circuit == "open") return "No new requests to this provider: " + reason;
  if (circuit == "paused")
    return "The provider is overloaded; every step is paused for " + std::to_string((js::Int(prov, "resumeInMs") + 999) / 1000) +
           " s. " + reason;
  if (!Running()) return "";
  int thinking = 0, writing = 0, waiting = 0;
  double longest_wait_ms = 0;
  for (const json& step : js::At(state, "steps")) {
    const json& act = js::At(step, "activity");
    const std::string phase = js::Str(act, "phase");
    if (phase == "thinking") ++thinking;
    else if (phase == "writing") ++writing;
    else if (phase == "waiting") {
      ++waiting;
      const json& w = js::At(act, "waitedMs");
      if (w.is_number()) longest_wait_ms = std::max(longest_wait_ms, w.get<double>());
    }
  }
  std::string out;
  if (writing) out += std::to_string(writing) + " writing";
  if (thinking) out += std::string(out.empty() ? "" : ", ") + std::to_string(thinking) + " thinking…";
  if (waiting)
    out += std::string(out.empty() ? "" : ", ") + "waiting for the provider, " + std::to_string((int)(longest_wait_ms / 1000)) + " s";
  return out;
}

PipelinePlan App::SampledPlan() const {
  // Planning walks and chunks the whole transcript (about 150 ms per MB in wasm). Above this size the plan is
  // made for the first turns and scaled by size: its figures are estimates either way.
  constexpr size_t kWholePlanBytes = 2u << 20, kSampleBytes = 256u << 10;
  const Transcript& full = project_.transcript;
  if (project_.transcript_text.size() <= kWholePlanBytes || full.turns.empty()) return PipelinePlan();
  Transcript sample;
  sample.format = full.format;
  sample.speakers = full.speakers;
  sample.meta = full.meta;
  size_t bytes = 0;
  for (const Turn& t : full.turns) {
    if (bytes >= kSampleBytes) break;
    sample.turns.push_back(t);
    bytes += t.text.size();
  }
  const double ratio = (double)full.TextBytes() / (double)std::max<size_t>(1, sample.TextBytes());
  const PipelineOptions options = RunOptions();
  Pipeline p(platform::HttpTransport(), platform::Timers(), provider(), project_.spec, sample, options);
  PipelinePlan plan = p.Plan();
  auto scale = [ratio](int v) { return (int)std::min(2e9, v * ratio); };
  plan.transcript_tokens = TranscriptTokens(full, provider().Tokenizer());   // counting is cheap; only planning is sampled
  plan.estimated_input_tokens = scale(plan.estimated_input_tokens);
  plan.estimated_output_tokens = scale(plan.estimated_output_tokens);
  plan.dialogue_steps = scale(plan.dialogue_steps);
  plan.dialogue_length = scale(plan.dialogue_length);
  if (plan.estimated_cost_usd > 0) plan.estimated_cost_usd *= ratio;
  plan.notes_steps = plan.chunked ? scale(plan.notes_steps)
                                  : (plan.transcript_tokens + options.chunk_tokens - 1) / std::max(1, options.chunk_tokens);
  plan.chunked = plan.notes_steps > 0;
  plan.condense_steps = scale(plan.condense_steps);
  plan.requests = plan.notes_steps + plan.condense_steps + 1 + plan.section_steps + plan.front_steps + plan.dialogue_steps;
  plan.summary = "About " + std::to_string(plan.requests) + " requests, ~" + Thousands(plan.estimated_input_tokens) +
                 " tokens in and ~" + Thousands(plan.estimated_output_tokens) + " out (estimated from the first " +
                 std::to_string(kSampleBytes >> 10) + " KB of this " + std::to_string(project_.transcript_text.size() >> 20) +
                 " MB transcript).";
  return plan;
}

// ---------------------------------------------------------------------------------------------- results, checks

const ArticleEvidence* App::LastEvidence() const {
  if (offline_result_) return &offline_evidence_;
  if (run_ && run_->status() == Pipeline::Status::Done) return &run_->result().evidence;
  return nullptr;
}

json App::ResultJson() const {
  if (offline_result_)
    return json{{"markdown", article_},
                {"checks", checks_},
                {"usage", {{"inputTokens", 0}, {"outputTokens", 0}, {"estimated", false}, {"requests", 0},
                           {"elapsedMs", offline_ms_}, {"offline", true}}}};
  if (!run_) return json{{"markdown", article_}, {"checks", checks_}, {"usage", json::object()}};
  const PipelineResult& r = run_->result();
  return json{{"markdown", r.markdown},
              {"checks", r.checks.ToJson()},
              {"usage", {{"inputTokens", r.usage.input_tokens}, {"outputTokens", r.usage.output_tokens}, {"estimated", r.usage.estimated},
                         {"requests", r.requests}, {"elapsedMs", r.elapsed_ms}, {"cost", RunCost(provider(), r.usage)}}}};
}

json App::VerifyJson(const std::string* markdown) const {
  static const ArticleEvidence kNone;
  const ArticleEvidence* e = LastEvidence();
  // The run's evidence belongs to the article it made; another article is checked by its text alone.
  if (markdown && e && !offline_result_ && *markdown != run_->result().markdown && *markdown != article_) e = nullptr;
  return VerifyArticle(markdown ? *markdown : article_, project_.transcript, project_.spec, e ? *e : kNone).ToJson();
}

// ---------------------------------------------------------------------------------------------- glossary, dialogue

json App::GlossaryJson() const {
  json out = json::array();
  const Glossary* g = run_ ? &run_->glossary() : offline_result_ ? &offline_evidence_.glossary : nullptr;
  if (g)
    for (const GlossaryEntry& e : *g)
      out.push_back({{"source", e.source}, {"rendering", e.rendering}, {"kind", e.kind}, {"note", e.note}});
  return out;
}

bool App::ChangeDialogueLength(DialogueLength length, std::string* why) {
  if (Running()) {
    *why = "Wait for the run to finish (or cancel it) before changing the dialogue length.";
    return false;
  }
  ArticleSpec spec = project_.spec;
  spec.dialogue_length = length;
  const bool was_current = run_ && run_fingerprint_ == Fingerprint();
  UpdateSpec(spec);
  if (offline_result_ && OfflineProvider()) return GenerateOffline(why);
  if (!run_ || !was_current) return true;   // the next Generate uses it
  if (!run_->SetDialogueLength(length)) {
    *why = "The dialogue length could not be changed now.";
    return false;
  }
  run_fingerprint_ = Fingerprint();   // what is written stays valid: Generate continues from it
  if (run_->status() == Pipeline::Status::Done) {
    ReplaceArticle(run_->result().markdown, std::string("Dialogue: ") + ToString(length));
    SetChecks(run_->result().checks.ToJson());
  } else if (length != DialogueLength::Off) {
    std::string unused;
    Generate(&unused);   // only the missing dialogue chunks run
  }
  return true;
}

}  // namespace tp
