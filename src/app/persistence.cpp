// What App keeps on this device (localStorage through platform/storage.h) and how a reload restores it.
// Three items, written only when they changed (App::EndFrame): the transcript and the article (large,
// rarely changed) and the settings (everything else, including finished generation steps).
// The API key is kept only when the user opted in, per origin.
#include "app/app.h"

#include <algorithm>

#include "core/json_util.h"
#include "core/provider_session.h"
#include "core/limits.h"
#include "core/url.h"
#include "platform/http.h"
#include "platform/storage.h"

namespace tp {

using nlohmann::json;

namespace {
constexpr int kSettingsVersion = 2;
}

json App::SettingsJson() const {
  json saved = {{"version", kSettingsVersion},
                {"title", project_.title},
                {"sourceUrl", project_.source_url},
                {"format", FormatName(project_.parse_options.format)},
                {"formatAuto", project_.parse_options.format == TranscriptFormat::Auto},
                {"removeNoise", project_.parse_options.remove_noise},
                {"language", project_.language_override},
                {"spec", SpecToJson(project_.spec)},
                {"presetId", project_.preset_id},
                {"userPresets", project_.UserPresetsJson()},
                {"darkTheme", prefs_.dark_theme},
                {"split", prefs_.split},
                {"editingMarkdown", prefs_.editing_markdown}};
  json renames = json::object();
  for (const auto& [label, r] : project_.renames) renames[label] = {{"name", r.name}, {"role", r.role}};
  saved["renames"] = renames;
  json history = json::array();
  for (const ArticleVersion& v : history_) history.push_back({{"markdown", v.markdown}, {"label", v.label}});
  saved["articleHistory"] = history;
  if (!checks_.is_null()) saved["checks"] = checks_;
  if (run_) saved["pipeline"] = run_->Save();   // a reload keeps the steps whose inputs are unchanged
  const ProviderConfig& p = provider();
  saved["provider"] = {{"preset", p.preset_id}, {"kind", ProviderKindName(p.kind)}, {"baseUrl", p.base_url}, {"model", p.model},
                       {"concurrency", p.concurrency}, {"rememberKey", remember_key()}};
  // The user's limits for a model the catalog does not know.
  if (p.context_tokens) saved["provider"]["contextTokens"] = p.context_tokens;
  if (p.max_output_tokens) saved["provider"]["maxOutputTokens"] = p.max_output_tokens;
  saved["learnedLimits"] = LearnedLimitsJson();   // a free plan's tokens a minute (no key: a 16-bit check of it)
  if (remember_key()) {   // opted in: the keys are stored in this browser
    json keys = json::object();
    for (const auto& [origin, key] : session_.keys_by_origin()) keys[origin] = key.str();
    saved["provider"]["keys"] = std::move(keys);
  }
  return saved;
}

void App::Restore() {
  past_articles_.Load();
  std::string settings = platform::LoadItem("talkpress.settings");
  std::string transcript = platform::LoadItem("talkpress.transcript");
  std::string article = platform::LoadItem("talkpress.article");
  json saved = js::Parse(settings);
  if (settings.empty() || saved.is_discarded()) {
    // The first version kept everything in one item.
    saved = js::Parse(platform::LoadItem("talkpress.project"));
    if (saved.is_discarded() || js::Int(saved, "version") != 1) return;
    transcript = js::Str(saved, "transcript");
    article = js::Str(saved, "article");
    if (js::Bool(js::At(saved, "provider"), "rememberKey"))
      saved["provider"]["keys"] = {{OriginOf(js::Str(saved["provider"], "baseUrl")), js::Str(saved["provider"], "apiKey")}};
  }
  ApplySettingsJson(saved, transcript, article);
  dirty_ = 0;   // what was just read is what is stored
  saved_limits_ = js::Dump(LearnedLimitsJson());
}

void App::ApplySettingsJson(const json& saved, const std::string& transcript, const std::string& article) {
  RememberLearnedLimits(js::At(saved, "learnedLimits"));
  const json& prov = js::At(saved, "provider");
  if (prov.is_object()) {
    ProviderConfig p = provider();
    p.preset_id = js::Str(prov, "preset", p.preset_id);
    ProviderKindFromName(js::Str(prov, "kind"), &p.kind);
    p.base_url = js::Str(prov, "baseUrl", p.base_url);
    p.model = js::Str(prov, "model", p.model);
    p.concurrency = std::clamp(js::Int(prov, "concurrency", p.concurrency), limits::kMinConcurrency, limits::kMaxConcurrency);
    p.use_max_completion_tokens = p.preset_id == "openai";
    p.context_tokens = std::max(0, js::Int(prov, "contextTokens"));
    p.max_output_tokens = std::max(0, js::Int(prov, "maxOutputTokens"));
    p.api_key.clear();
    session_.SetProvider(p);
    session_.SetRememberKey(js::Bool(prov, "rememberKey"));
    std::map<std::string, SecretString> keys;
    const json& k = js::At(prov, "keys");
    if (session_.remember_key() && k.is_object())
      for (auto it = k.begin(); it != k.end(); ++it)
        if (it.value().is_string() && !it.value().get<std::string>().empty()) keys[it.key()] = it.value().get<std::string>();
    session_.RestoreKeys(keys);
  }
  project_.LoadUserPresets(js::At(saved, "userPresets"));
  ArticleSpec spec;
  if (SpecFromJson(js::At(saved, "spec"), &spec).ok()) project_.spec = spec;
  project_.preset_id = js::Str(saved, "presetId", project_.preset_id);
  TranscriptFormat f = TranscriptFormat::Auto;
  if (!js::Bool(saved, "formatAuto", true)) FormatFromName(js::Str(saved, "format"), &f);
  project_.parse_options.format = f;
  project_.parse_options.remove_noise = js::Bool(saved, "removeNoise");
  project_.language_override = js::Str(saved, "language");
  project_.title = js::Str(saved, "title");
  project_.source_url = js::Str(saved, "sourceUrl");
  StopReading();   // the restored text replaces any being read
  project_.transcript_text = transcript;
  project_.renames.clear();
  project_.Reparse();
  ++transcript_version_;
  ++plan_inputs_revision_;   // the spec and the transcript above
  const json& renames = js::At(saved, "renames");
  if (renames.is_object())
    for (auto it = renames.begin(); it != renames.end(); ++it)
      project_.RenameSpeaker(it.key(), js::Str(it.value(), "name"), js::Str(it.value(), "role"));
  prefs_.dark_theme = js::Bool(saved, "darkTheme");
  if (js::At(saved, "split").is_number()) prefs_.split = std::clamp(js::At(saved, "split").get<float>(), 0.2f, 0.8f);
  prefs_.editing_markdown = js::Bool(saved, "editingMarkdown");
  SetArticleText(article);
  ++article_version_;
  history_.clear();
  for (const json& v : js::At(saved, "articleHistory"))
    if (v.is_object()) history_.push_back({js::Str(v, "markdown"), js::Str(v, "label")});
  if (js::At(saved, "checks").is_object()) SetChecks(saved["checks"]);

  if (saved.contains("pipeline")) {
    run_ = std::make_unique<Pipeline>(platform::HttpTransport(), platform::Timers(), provider(), project_.spec,
                                      project_.transcript, RunOptions());
    std::string err;
    if (run_->Restore(saved["pipeline"], &err)) {
      run_fingerprint_ = Fingerprint();
      int done = 0, total = (int)run_->steps().size();
      for (const Step& s : run_->steps()) done += s.state == StepState::Done;
      saved_done_ = done;
      if (done < total)
        Say("Restored your transcript and " + std::to_string(done) + " of " + std::to_string(total) +
                " finished steps. Generate continues where it stopped.",
            Topic::Generation);
      else
        Say("Restored your transcript, settings and article.", Topic::Transcript);
      return;
    }
    run_.reset();
  }
  if (!project_.transcript_text.empty()) Say("Restored your transcript and settings.", Topic::Transcript);
}

}  // namespace tp
