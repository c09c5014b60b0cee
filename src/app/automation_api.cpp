// Index: JSON views · transcript · structure · provider · requests · generation · article · the table.
#include "app/automation_api.h"

#include <algorithm>
#include <memory>

#include "core/json_util.h"
#include "core/limits.h"
#include "core/markdown.h"
#include "core/provider_config.h"
#include "core/summary.h"
#include "core/transcript_input.h"

namespace tp {

namespace {

using nlohmann::json;

json Error(const std::string& code, const std::string& message) {
  return json{{"error", {{"code", code}, {"message", message}}}};
}

json ErrorJson(const LlmError& e) {
  return json{{"code", ErrorCode(e.kind)}, {"message", e.message}, {"status", e.http_status},
              {"providerMessage", e.provider_message}};
}

json ProviderJson(const App& app) {
  // The key never leaves C++ through the API: only whether one is set.
  const ProviderConfig& p = app.provider();
  return json{{"kind", ProviderKindName(p.kind)}, {"preset", p.preset_id}, {"baseUrl", p.base_url}, {"model", p.model},
              {"concurrency", p.concurrency}, {"keySet", !p.api_key.empty()}, {"rememberKey", app.remember_key()},
              {"offline", app.OfflineProvider()}, {"endpoint", app.OfflineProvider() ? "" : ResolvedEndpoint(p)},
              {"contextTokens", p.context_tokens}, {"maxOutputTokens", p.max_output_tokens},
              {"modelInfo", js::Parse(ModelSpecJson(ModelFor(p)))}};
}

int PromiseId(const json& a) { return js::Int(a, "promiseId"); }

// {reading, readProgress}: whether a large transcript is still being read across frames, and how far.
json ReadingJson(const App& app) {
  const double p = app.ReadingProgress();
  return json{{"reading", p >= 0}, {"readProgress", p >= 0 ? p : 1.0}};
}

// ---- transcript ----

// Settles its Promise once the transcript is read (a large one is read across frames): with the parse
// summary, or {code: "replaced"} when another transcript or parse option came first.
json SetTranscript(App& app, AutomationHost& host, const json& a) {
  const json& text = js::At(a, "text");
  const json& bytes = js::At(a, "textBytes");   // the page's copy in wasm memory: {ptr, length}, no JSON escaping
  const bool staged = js::Bool(a, "staged");     // the text sent before by stageTranscript
  if (!staged && !text.is_string() && !(bytes.is_object() && js::At(bytes, "ptr").is_number_unsigned()))
    return Error("bad_request", "setTranscript needs the transcript text as a string.");
  const json& meta = js::At(a, "meta");
  TranscriptOrigin o;
  const std::string fmt = js::Str(meta, "format");
  if (!fmt.empty() && !FormatFromName(fmt, &o.format))
    return Error("bad_request", "Unknown transcript format \"" + fmt +
                                    "\"; use auto, plain, speaker, timestamped, srt, vtt, podcasting20 or whisper.");
  o.keep_parse_options = fmt.empty();
  o.title = js::Str(meta, "title");
  o.source_url = js::Str(meta, "sourceUrl");
  o.language = js::Str(meta, "language");
  if (const int broken = js::Int(meta, "repairedCount"); broken > 0) o.status = BrokenSurrogatesNote((size_t)broken);
  std::string refused;
  const size_t staged_bytes = std::max(host.staged_bytes, host.staged_expected_bytes);
  std::string t = staged              ? std::move(host.staged_transcript)
                  : text.is_string() ? text.get<std::string>()
                                     : std::string(reinterpret_cast<const char*>(js::At(bytes, "ptr").get<uintptr_t>()),
                                                   (size_t)js::At(bytes, "length").get<uint64_t>());
  host.staged_transcript = std::string();   // whichever way the text came, a staged one is not needed any more
  host.staged_bytes = host.staged_expected_bytes = 0;
  if (staged && staged_bytes > kMaxTranscriptBytes) {   // over the size limit: refused, the saved transcript is kept
    refused = TranscriptSizeProblem(staged_bytes);
    app.Say(refused, Topic::Transcript, true);
    return Error("bad_input", refused);
  }
  if (!app.ReplaceTranscript(std::move(t), o, &refused)) return Error("bad_input", refused);
  if (js::At(meta, "removeNoise").is_boolean()) app.SetRemoveNoise(js::Bool(meta, "removeNoise"));
  const int id = PromiseId(a);
  App* ap = &app;
  AutomationHost* h = &host;
  app.OnTranscriptRead([ap, h, id](bool ok) {
    if (!h->settle) return;
    if (ok) return h->settle(id, true, TranscriptSummaryJson(ap->project().transcript, ap->provider().Tokenizer()));
    h->settle(id, false, json{{"code", "replaced"}, {"message", "Another transcript (or parse option) replaced this one before it was read."}});
  });
  json out = ReadingJson(app);
  out["promiseId"] = id;
  return out;
}

json Summary(App& app, AutomationHost&, const json&) {
  json out = TranscriptSummaryJson(app.project().transcript, app.provider().Tokenizer());
  out.update(ReadingJson(app));
  return out;
}

json RenameSpeaker(App& app, AutomationHost&, const json& a) {
  if (!app.RenameSpeaker(js::Str(a, "label"), js::Str(a, "name"), js::Str(a, "role")))
    return Error("not_found", "No speaker is labelled \"" + js::Str(a, "label") + "\" in the transcript.");
  return TranscriptSummaryJson(app.project().transcript, app.provider().Tokenizer());
}

// {title, sourceUrl, format, removeNoise, transcript}: what the Transcript tab shows.
json ProjectJson(App& app, AutomationHost&, const json&) {
  const tp::Project& p = app.project();
  return json{{"title", p.title}, {"sourceUrl", p.source_url}, {"format", FormatName(p.parse_options.format)},
              {"formatAuto", p.parse_options.format == TranscriptFormat::Auto}, {"removeNoise", p.parse_options.remove_noise},
              {"transcript", p.transcript_text}, {"transcriptVersion", app.transcript_version()},
              {"darkTheme", app.prefs().dark_theme}, {"editingMarkdown", app.prefs().editing_markdown}};
}

// setProject({title, sourceUrl, removeNoise, darkTheme}): the same fields the UI edits.
json SetProject(App& app, AutomationHost& h, const json& a) {
  if (js::At(a, "title").is_string()) app.SetTitle(js::Str(a, "title"));
  if (js::At(a, "sourceUrl").is_string()) app.SetSourceUrl(js::Str(a, "sourceUrl"));
  if (js::At(a, "removeNoise").is_boolean()) app.SetRemoveNoise(js::Bool(a, "removeNoise"));
  if (js::At(a, "darkTheme").is_boolean()) app.SetDarkTheme(js::Bool(a, "darkTheme"));
  return ProjectJson(app, h, a);
}

// ---- structure ----

// setSpec(presetNameOrObject): an invalid spec is reported and not applied, so the current one is kept.
json SetSpec(App& app, AutomationHost&, const json& a) {
  const json& spec = js::At(a, "spec");
  json result;
  if (spec.is_string()) {
    if (!app.ApplyPreset(spec.get<std::string>())) {
      std::string names;
      for (const Preset& pr : BuiltinPresets()) names += (names.empty() ? "" : ", ") + pr.id;
      for (const Preset& pr : app.project().user_presets) names += ", " + pr.spec.name;
      return Error("not_found", "There is no preset \"" + spec.get<std::string>() + "\". Presets: " + names + ".");
    }
    result = ValidationJson(ValidateSpec(app.project().spec));
  } else if (spec.is_object()) {
    ArticleSpec s;
    const ValidationResult v = SpecFromJson(spec, &s);
    result = ValidationJson(v);
    if (v.ok()) app.UpdateSpec(s);
  } else {
    return Error("bad_request", "setSpec needs a preset name or a spec object.");
  }
  result["spec"] = SpecToJson(app.project().spec);
  return result;
}

json GetSpec(App& app, AutomationHost&, const json&) { return SpecToJson(app.project().spec); }
json SkeletonOf(App& app, AutomationHost&, const json&) { return SkeletonJson(Skeleton(app.project().spec)); }

json Presets(App& app, AutomationHost&, const json&) {
  json out = json::array();
  for (const Preset& pr : BuiltinPresets())
    out.push_back({{"id", pr.id}, {"name", pr.spec.name}, {"outputLanguage", pr.spec.output_language}, {"user", false}});
  for (const Preset& pr : app.project().user_presets)
    out.push_back({{"id", pr.id}, {"name", pr.spec.name}, {"outputLanguage", pr.spec.output_language}, {"user", true}});
  return out;
}

json SavePreset(App& app, AutomationHost&, const json& a) {
  std::string why;
  if (!app.SaveUserPreset(js::Str(a, "name"), &why)) return Error("bad_request", why);
  return json{{"ok", true}, {"id", app.project().preset_id}};
}

json DeletePreset(App& app, AutomationHost&, const json& a) {
  if (!app.DeleteUserPreset(js::Str(a, "name"))) return Error("not_found", "You have no preset \"" + js::Str(a, "name") + "\".");
  return json{{"ok", true}};
}

// ---- provider ----

// setProvider({preset | kind, baseUrl, apiKey, model, concurrency, rememberKey}). Starting from a preset
// or the current config, through the same rules as the Model tab: a key given here belongs to the
// resulting base URL's origin; without one, the key entered earlier for that origin (if any) is used.
json SetProvider(App& app, AutomationHost&, const json& a) {
  ProviderConfig p = app.provider();
  const std::string preset = js::Str(a, "preset");
  if (!preset.empty()) {
    const ProviderPreset* pr = FindProviderPreset(preset);
    if (!pr) return Error("bad_request", "Unknown provider preset \"" + preset + "\".");
    p = ProviderConfigForPreset(*pr, p);
  }
  const std::string kind = js::Str(a, "kind");
  if (!kind.empty()) {
    if (!ProviderKindFromName(kind, &p.kind))
      return Error("bad_request", "Unknown provider kind \"" + kind + "\"; use openai, anthropic, gemini or ollama.");
    if (preset.empty()) { p.preset_id.clear(); p.use_max_completion_tokens = false; }
  }
  if (preset.empty() && kind.empty()) return Error("bad_request", "setProvider needs a kind (openai, anthropic, gemini, ollama) or a preset.");
  if (!js::Str(a, "baseUrl").empty()) p = WithBaseUrl(p, js::Str(a, "baseUrl"));
  const json& key = js::At(a, "apiKey");
  const bool forget_key = key.is_string() && key.get_ref<const std::string&>().empty();   // "": forget it
  if (key.is_string()) p.api_key = key.get_ref<const std::string&>();
  if (!js::Str(a, "model").empty()) p.model = js::Str(a, "model");
  if (js::At(a, "concurrency").is_number_integer()) {
    const int c = js::Int(a, "concurrency");
    if (c < limits::kMinConcurrency || c > limits::kMaxConcurrency)
      return Error("bad_request", "Concurrency must be between " + std::to_string(limits::kMinConcurrency) + " and " +
                                      std::to_string(limits::kMaxConcurrency) + ".");
    p.concurrency = c;
  }
  if (js::At(a, "contextTokens").is_number_integer()) p.context_tokens = std::max(0, js::Int(a, "contextTokens"));
  if (js::At(a, "maxOutputTokens").is_number_integer()) p.max_output_tokens = std::max(0, js::Int(a, "maxOutputTokens"));
  const bool offline = p.preset_id == "offline";   // the offline draft has no server
  if (!offline && p.base_url.rfind("http://", 0) != 0 && p.base_url.rfind("https://", 0) != 0)
    return Error("bad_request", "The base URL must start with https:// (or http:// for a local server).");
  app.SetProvider(p);
  if (forget_key) app.SetApiKey("");   // not the key entered earlier for this origin: none, here and in storage
  if (js::At(a, "rememberKey").is_boolean()) app.SetRememberKey(js::Bool(a, "rememberKey"));
  return ProviderJson(app);
}

json GetProvider(App& app, AutomationHost&, const json&) { return ProviderJson(app); }

// chooseProviderPreset(id): what picking it in the Model tab's dropdown does.
json ChooseProviderPreset(App& app, AutomationHost&, const json& a) {
  if (!FindProviderPreset(js::Str(a, "id"))) return Error("not_found", "Unknown provider preset \"" + js::Str(a, "id") + "\".");
  app.ChooseProviderPreset(js::Str(a, "id"));
  return ProviderJson(app);
}

json ProviderPresetsJson(App&, AutomationHost&, const json&) {
  json out = json::array();
  for (const ProviderPreset& p : ProviderPresets())
    out.push_back({{"id", p.id}, {"name", p.name}, {"kind", ProviderKindName(p.kind)}, {"baseUrl", p.base_url},
                   {"defaultModel", p.default_model}, {"browserOk", p.browser_ok}, {"note", p.note}});
  return out;
}

// ---- requests ----

json ListModels(App& app, AutomationHost& h, const json& a) {
  const int id = PromiseId(a);
  app.TestConnection([&h, id](const std::vector<ModelInfo>& models, const LlmError& e) {
    if (!e.ok()) return h.settle(id, false, ErrorJson(e));
    json out = json::array();
    for (const ModelInfo& m : models)
      out.push_back({{"id", m.id}, {"name", m.name}, {"contextTokens", m.context_tokens}, {"maxOutputTokens", m.max_output_tokens}});
    h.settle(id, true, out);
  });
  return json{{"pending", id}};
}

// complete({system, user, schema, maxTokens, stream, firstByteTimeoutMs, idleTimeoutMs}): one request
// through the real provider path.
json Complete(App& app, AutomationHost& h, const json& a) {
  LlmRequest r;
  r.system = js::Str(a, "system");
  r.user = js::Str(a, "user");
  if (r.user.empty()) return Error("bad_request", "complete needs a non-empty user prompt.");
  // The call's arguments are parsed as plain JSON, so a schema given here arrives with sorted keys.
  if (js::At(a, "schema").is_object()) r.schema = nlohmann::ordered_json(a["schema"]);
  if (js::At(a, "maxTokens").is_number_integer()) r.max_output_tokens = js::Int(a, "maxTokens");
  if (js::At(a, "stream").is_boolean()) r.stream = js::Bool(a, "stream");
  HttpTimeouts t;
  if (js::At(a, "firstByteTimeoutMs").is_number()) t.first_byte_ms = a["firstByteTimeoutMs"].get<double>();
  if (js::At(a, "idleTimeoutMs").is_number()) t.idle_ms = a["idleTimeoutMs"].get<double>();
  if (js::At(a, "answerStallMs").is_number()) t.answer_stall_ms = a["answerStallMs"].get<double>();
  const int id = PromiseId(a);
  auto deltas = std::make_shared<int>(0);
  app.session().Complete(
      r,
      [&h, id, deltas](const LlmResult& res) {
        if (!res.ok) {
          json e = ErrorJson(res.error);
          e["partialText"] = res.text;
          e["attempts"] = res.attempts;
          return h.settle(id, false, e);
        }
        h.settle(id, true,
                 json{{"text", res.text}, {"finishReason", FinishReasonName(res.finish)}, {"attempts", res.attempts},
                      {"deltas", *deltas}, {"elapsedMs", res.elapsed_ms},
                      {"usage", {{"inputTokens", res.usage.input_tokens}, {"outputTokens", res.usage.output_tokens},
                                 {"estimated", res.usage.estimated}}}});
      },
      [deltas](std::string_view, const std::string&) { ++*deltas; }, t);
  return json{{"pending", id}};
}

json Cancel(App& app, AutomationHost&, const json&) {
  const bool running = app.Running();
  app.Cancel();
  return json{{"cancelled", app.session().CancelAll() + (running ? 1 : 0)}};
}

// ---- generation ----

// generate(): the whole pipeline through the same path as the Generate button.
json Generate(App& app, AutomationHost& h, const json& a) {
  const int id = PromiseId(a);
  App* ap = &app;
  app.on_run_finished_once = [ap, &h, id](bool ok) {
    if (ok) return h.settle(id, true, ap->ResultJson());   // the pipeline's result or the offline draft
    const Pipeline& p = *ap->run();
    h.settle(id, false, json{{"code", ErrorCode(p.error().kind)}, {"message", p.error().message}, {"state", p.StateJson()}});
  };
  std::string why;
  if (!app.Generate(&why)) {
    app.on_run_finished_once = nullptr;
    return Error("bad_request", why);
  }
  return json{{"pending", id}};
}

json State(App& app, AutomationHost&, const json&) { return app.StateJson(); }

json RetryStep(App& app, AutomationHost&, const json& a) {
  std::string why;
  if (!app.RetryStep(js::Str(a, "id"), &why))
    return why.empty() ? Error("not_found", "No failed or cancelled step \"" + js::Str(a, "id") + "\".") : Error("bad_request", why);
  return json{{"ok", true}};
}

// regenerateSection(index, instruction): the body section's index from 0. Resolves with the article as
// the app now shows it (the user's edits elsewhere kept) and the checks.
json RegenerateSection(App& app, AutomationHost& h, const json& a) {
  const int id = PromiseId(a);
  App* ap = &app;
  app.on_run_finished_once = [ap, &h, id](bool ok) {
    const Pipeline& p = *ap->run();
    if (!ok) return h.settle(id, false, json{{"code", ErrorCode(p.error().kind)}, {"message", p.error().message}});
    h.settle(id, true, json{{"markdown", ap->article()}, {"generated", p.result().markdown}, {"checks", p.result().checks.ToJson()}});
  };
  std::string why;
  if (!app.RegenerateSection(js::Int(a, "index", -1), js::Str(a, "instruction"), &why)) {
    app.on_run_finished_once = nullptr;
    return Error("bad_request", why);
  }
  return json{{"pending", id}};
}

// verify(markdown?): the checks of the current article, or of the given Markdown.
json Verify(App& app, AutomationHost&, const json& a) {
  const json& md = js::At(a, "markdown");
  if (!md.is_null() && !md.is_string()) return Error("bad_request", "verify takes the article's Markdown as a string, or nothing.");
  const std::string text = md.is_string() ? md.get<std::string>() : std::string();
  return app.VerifyJson(md.is_string() ? &text : nullptr);
}

json GlossaryOf(App& app, AutomationHost&, const json&) { return app.GlossaryJson(); }

// correctGlossary({source, rendering, kind, note}): the rendering replaces the old one wherever it is used.
json CorrectGlossary(App& app, AutomationHost&, const json& a) {
  GlossaryEntry e{js::Str(a, "source"), js::Str(a, "rendering"), js::Str(a, "kind"), js::Str(a, "note")};
  std::string why;
  if (!app.CorrectGlossary(e, &why)) return Error("bad_request", why);
  return json{{"glossary", app.GlossaryJson()}, {"markdown", app.article()}};
}

// setDialogueLength('full' | 'key_exchanges' | 'off'): what is already written is kept.
json SetDialogueLength(App& app, AutomationHost&, const json& a) {
  const std::string name = js::Str(a, "length");
  DialogueLength l;
  if (name == ToString(DialogueLength::Full)) l = DialogueLength::Full;
  else if (name == ToString(DialogueLength::KeyExchanges)) l = DialogueLength::KeyExchanges;
  else if (name == ToString(DialogueLength::Off)) l = DialogueLength::Off;
  else return Error("bad_request", "The dialogue length is full, key_exchanges or off, not \"" + name + "\".");
  std::string why;
  if (!app.ChangeDialogueLength(l, &why)) return Error("bad_request", why);
  return json{{"spec", SpecToJson(app.project().spec)}, {"markdown", app.article()}};
}

// ---- article ----

json Article(App& app, AutomationHost&, const json&) {
  json history = json::array();
  for (const ArticleVersion& v : app.article_history()) history.push_back(v.label);
  return json{{"markdown", app.article()}, {"version", app.article_version()}, {"history", history}, {"checks", app.checks()},
              {"title", app.ArticleTitle()}, {"downloadName", app.DownloadName("md")}};
}

json SetArticle(App& app, AutomationHost&, const json& a) {
  if (!js::At(a, "markdown").is_string()) return Error("bad_request", "setArticle needs the Markdown text.");
  app.ReplaceArticle(js::Str(a, "markdown"), "Replaced through the API");
  return json{{"ok", true}};
}

json UndoArticle(App& app, AutomationHost&, const json&) {
  if (!app.UndoArticle()) return Error("not_found", "There is no earlier version of the article.");
  return json{{"markdown", app.article()}};
}

json ExportHtmlJson(App& app, AutomationHost&, const json&) {
  return json{{"html", ExportHtml(app.article(), app.ArticleTitle(), app.project().spec.output_language)},
              {"wechatHtml", ExportWeChatHtml(app.article(), ResolvedLabels(app.project().spec).links)},
              {"fileName", app.DownloadName("html")}};
}

// ---- page ----

json Stats(App& app, AutomationHost& h, const json&) {
  json s = {{"framesRendered", app.stats.frames_rendered},
            {"lastFrameMs", app.stats.last_frame_ms},
            {"longestFrameMs", app.stats.longest_frame_ms},
            {"firstFrameAtMs", app.stats.first_frame_at_ms}};
  if (h.platform_stats) s.update(h.platform_stats());
  return s;
}

json ItemRect(App&, AutomationHost& h, const json& a) {
  json r = h.item_rect ? h.item_rect(js::Str(a, "name")) : json();
  if (r.is_null()) return Error("not_found", "No item \"" + js::Str(a, "name") + "\" was drawn in the last frame.");
  return r;
}

// One slice of a large transcript's UTF-8, {textBytes: {ptr, length}, first, expectedBytes}: appended to
// the text that setTranscript({staged: true}) takes next. `first` starts a new text; its expectedBytes is
// a lower bound of the whole (UTF-8 has at least one byte per UTF-16 unit). {overLimit: true} tells the
// page to stop sending: setTranscript will refuse it with the size message.
json StageTranscript(App&, AutomationHost& host, const json& a) {
  const json& bytes = js::At(a, "textBytes");
  if (!(bytes.is_object() && js::At(bytes, "ptr").is_number_unsigned())) return Error("bad_request", "stageTranscript needs textBytes.");
  const char* p = reinterpret_cast<const char*>(js::At(bytes, "ptr").get<uintptr_t>());
  const size_t n = (size_t)js::At(bytes, "length").get<uint64_t>();
  if (js::Bool(a, "first")) {
    host.staged_transcript = std::string();
    host.staged_bytes = 0;
    const json& expected = js::At(a, "expectedBytes");
    host.staged_expected_bytes = expected.is_number_unsigned() ? (size_t)expected.get<uint64_t>() : 0;
    if (host.staged_expected_bytes <= kMaxTranscriptBytes) host.staged_transcript.reserve(host.staged_expected_bytes);
  }
  host.staged_bytes += n;
  const bool over = std::max(host.staged_bytes, host.staged_expected_bytes) > kMaxTranscriptBytes;
  if (!over) host.staged_transcript.append(p, n);
  else host.staged_transcript = std::string();
  return json{{"stagedBytes", host.staged_bytes}, {"overLimit", over}};
}

json StatusJson(App& app, AutomationHost&, const json&) {
  return json{{"text", app.status().text}, {"error", app.status().error}};
}

}  // namespace

const std::vector<ApiMethod>& ApiMethods() {
  static const std::vector<ApiMethod> methods = {
      {"stats", Stats, false},
      {"status", StatusJson, false},
      {"itemRect", ItemRect, false},
      {"setTranscript", SetTranscript, true},
      {"stageTranscript", StageTranscript, false},
      {"summary", Summary, false},
      {"renameSpeaker", RenameSpeaker, true},
      {"project", ProjectJson, false},
      {"setProject", SetProject, true},
      {"setSpec", SetSpec, true},
      {"getSpec", GetSpec, false},
      {"skeleton", SkeletonOf, false},
      {"presets", Presets, false},
      {"savePreset", SavePreset, true},
      {"deletePreset", DeletePreset, true},
      {"setProvider", SetProvider, true},
      {"getProvider", GetProvider, false},
      {"chooseProviderPreset", ChooseProviderPreset, true},
      {"providerPresets", ProviderPresetsJson, false},
      {"listModels", ListModels, true},
      {"complete", Complete, true},
      {"cancel", Cancel, true},
      {"generate", Generate, true},
      {"state", State, false},
      {"retryStep", RetryStep, true},
      {"regenerateSection", RegenerateSection, true},
      {"article", Article, false},
      {"setArticle", SetArticle, true},
      {"undo", UndoArticle, true},
      {"exportHtml", ExportHtmlJson, false},
      {"verify", Verify, false},
      {"glossary", GlossaryOf, false},
      {"correctGlossary", CorrectGlossary, true},
      {"setDialogueLength", SetDialogueLength, true},
      {"history", [](App& a, AutomationHost&, const json& j) { return history_api::List(a, j); }, false},
      {"openHistory", [](App& a, AutomationHost&, const json& j) { return history_api::Open(a, j); }, true},
      {"deleteHistory", [](App& a, AutomationHost&, const json& j) { return history_api::Delete(a, j); }, true},
      {"renameHistory", [](App& a, AutomationHost&, const json& j) { return history_api::Rename(a, j); }, true},
      {"exportHistory", [](App& a, AutomationHost&, const json& j) { return history_api::ExportAll(a, j); }, false},
  };
  return methods;
}

json CallApi(App& app, AutomationHost& host, const std::string& method, const std::string& args_json, bool* mutates) {
  *mutates = false;
  json args = js::Parse(args_json.empty() ? "{}" : args_json);
  if (args.is_discarded() || !args.is_object()) return Error("bad_request", "The arguments are not a valid JSON object.");
  for (const ApiMethod& m : ApiMethods())
    if (method == m.name) {
      *mutates = m.mutates;
      json out = m.handler(app, host, args);
      if (args.contains("apiKey")) SecureClear(&args);   // the parsed copy of a key
      return out;
    }
  return Error("unknown_method", "talkpress has no method '" + method + "'.");
}

}  // namespace tp
