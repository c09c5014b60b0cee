// Automation API, C++ side: one entry point taking a method name and JSON arguments, returning JSON.
// The JS side (automation_api.js) wraps it as window.talkpress; it drives the same code as the UI.
#include <emscripten.h>

#include <string>

#include "app/app_state.h"
#include "app/generation.h"
#include "app/llm_session.h"
#include "core/json_util.h"
#include "core/markdown.h"
#include "core/summary.h"
#include "platform/fonts.h"
#include "platform/web/imgui_impl_web.h"
#include "ui/item_registry.h"
#include "imgui.h"
#include "nlohmann/json.hpp"

extern "C" int tp_web_heap_bytes();

// Settles a Promise created by automation_api.js (ok: resolve with the JSON, else reject).
EM_JS(void, tp_js_settle, (int promise_id, int ok, const char* json), {
  var p = window.talkpress && window.talkpress._pending[promise_id];
  if (!p) return;
  delete window.talkpress._pending[promise_id];
  var v = JSON.parse(UTF8ToString(json));
  if (ok) { p.resolve(v); return; }
  var e = new Error(v.message);
  for (var k in v) if (k !== "message") e[k] = v[k];   /* code, status, partialText, ... */
  p.reject(e);
});

namespace tp {
namespace {

using nlohmann::json;

json Stats() {
  const AppState& app = App();
  return json{{"framesRendered", app.stats.frames_rendered},
              {"lastFrameMs", app.stats.last_frame_ms},
              {"firstFrameAtMs", app.stats.first_frame_at_ms},
              {"heapBytes", tp_web_heap_bytes()},
              {"imguiVersion", IMGUI_VERSION},
              {"glyphsRasterized", platform::GlyphFigures().glyphs},
              {"glyphMs", platform::GlyphFigures().ms}};
}

json Error(const std::string& code, const std::string& message) {
  return json{{"error", {{"code", code}, {"message", message}}}};
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// setTranscript(text, meta): parses through the same path as the Transcript tab.
json SetTranscript(const json& args) {
  Project& p = App().project;
  auto text = args.find("text");
  if (text == args.end() || !text->is_string()) return Error("bad_request", "setTranscript needs the transcript text as a string.");
  const json meta = args.contains("meta") && args["meta"].is_object() ? args["meta"] : json::object();
  ParseOptions o;
  const std::string fmt = Str(meta, "format");
  if (!fmt.empty() && !FormatFromName(fmt, &o.format))
    return Error("bad_request", "Unknown transcript format \"" + fmt +
                                    "\"; use auto, plain, speaker, timestamped, srt, vtt, podcasting20 or whisper.");
  if (meta.contains("removeNoise") && meta["removeNoise"].is_boolean()) o.remove_noise = meta["removeNoise"].get<bool>();
  p.parse_options = o;
  p.title = Str(meta, "title");
  p.source_url = Str(meta, "sourceUrl");
  p.language_override = Str(meta, "language");
  p.renames.clear();
  App().ReplaceTranscript(text->get<std::string>());
  return TranscriptSummaryJson(p.transcript);
}

json RenameSpeaker(const json& args) {
  Project& p = App().project;
  if (!p.RenameSpeaker(Str(args, "label"), Str(args, "name"), Str(args, "role")))
    return Error("not_found", "No speaker is labelled \"" + Str(args, "label") + "\" in the transcript.");
  return TranscriptSummaryJson(p.transcript);
}

// setSpec(presetNameOrObject): a preset id/name, or a spec object. An invalid spec is reported and
// not applied, so the user's current spec is never lost.
json SetSpec(const json& args) {
  Project& p = App().project;
  auto it = args.find("spec");
  if (it == args.end()) return Error("bad_request", "setSpec needs a preset name or a spec object.");
  json result;
  if (it->is_string()) {
    if (!p.ApplyPreset(it->get<std::string>())) {
      std::string names;
      for (const Preset& pr : BuiltinPresets()) names += (names.empty() ? "" : ", ") + pr.id;
      for (const Preset& pr : p.user_presets) names += ", " + pr.spec.name;
      return Error("not_found", "There is no preset \"" + it->get<std::string>() + "\". Presets: " + names + ".");
    }
    result = ValidationJson(ValidateSpec(p.spec));
  } else {
    ArticleSpec s;
    ValidationResult v = SpecFromJson(*it, &s);
    result = ValidationJson(v);
    if (v.ok()) { p.spec = s; p.preset_id.clear(); }
  }
  result["spec"] = SpecToJson(p.spec);
  return result;
}

void Settle(int promise_id, bool ok, const json& v) {
  tp_js_settle(promise_id, ok ? 1 : 0, v.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
}

json ErrorJson(const LlmError& e) {
  return json{{"code", ErrorCode(e.kind)}, {"message", e.message}, {"status", e.http_status},
              {"providerMessage", e.provider_message}};
}

json ProviderJson(const ProviderConfig& p) {
  // The key never leaves C++ through the API: only whether one is set.
  return json{{"kind", ProviderKindName(p.kind)}, {"preset", p.preset_id}, {"baseUrl", p.base_url},
              {"model", p.model}, {"concurrency", p.concurrency}, {"keySet", !p.api_key.empty()}};
}

// setProvider({kind | preset, baseUrl, apiKey, model, concurrency})
json SetProvider(const json& a) {
  ProviderConfig p;
  const std::string preset = Str(a, "preset");
  if (!preset.empty()) {
    const ProviderPreset* pr = FindProviderPreset(preset);
    if (!pr) return Error("bad_request", "Unknown provider preset \"" + preset + "\".");
    p.kind = pr->kind;
    p.preset_id = pr->id;
    p.base_url = pr->base_url;
    p.model = pr->default_model;
    p.use_max_completion_tokens = p.preset_id == "openai";
  }
  const std::string kind = Str(a, "kind");
  if (!kind.empty() && !ProviderKindFromName(kind, &p.kind))
    return Error("bad_request", "Unknown provider kind \"" + kind + "\"; use openai, anthropic or gemini.");
  if (preset.empty() && kind.empty()) return Error("bad_request", "setProvider needs a kind (openai, anthropic, gemini) or a preset.");
  if (!Str(a, "baseUrl").empty()) p.base_url = Str(a, "baseUrl");
  if (a.contains("apiKey") && a["apiKey"].is_string()) p.api_key = a["apiKey"].get<std::string>();
  if (!Str(a, "model").empty()) p.model = Str(a, "model");
  if (a.contains("concurrency") && a["concurrency"].is_number_integer()) {
    const int c = a["concurrency"].get<int>();
    if (c < 1 || c > 16) return Error("bad_request", "Concurrency must be between 1 and 16.");
    p.concurrency = c;
  }
  if (p.base_url.rfind("http://", 0) != 0 && p.base_url.rfind("https://", 0) != 0)
    return Error("bad_request", "The base URL must start with https:// (or http:// for a local server).");
  Session().provider = p;
  return ProviderJson(p);
}

json ListModels(int promise_id) {
  Session().ListModels([promise_id](const std::vector<ModelInfo>& models, const LlmError& e) {
    if (!e.ok()) return Settle(promise_id, false, ErrorJson(e));
    json out = json::array();
    for (const ModelInfo& m : models)
      out.push_back({{"id", m.id}, {"name", m.name}, {"contextTokens", m.context_tokens}, {"maxOutputTokens", m.max_output_tokens}});
    Settle(promise_id, true, out);
  });
  return json{{"pending", promise_id}};
}

// complete({system, user, schema, maxTokens, stream}): one request through the real provider path.
json Complete(const json& a, int promise_id) {
  LlmRequest r;
  r.system = Str(a, "system");
  r.user = Str(a, "user");
  if (r.user.empty()) return Error("bad_request", "complete needs a non-empty user prompt.");
  if (a.contains("schema") && a["schema"].is_object()) r.schema = a["schema"];
  if (a.contains("maxTokens") && a["maxTokens"].is_number_integer()) r.max_output_tokens = a["maxTokens"].get<int>();
  if (a.contains("stream") && a["stream"].is_boolean()) r.stream = a["stream"].get<bool>();
  HttpTimeouts t;
  if (a.contains("firstByteTimeoutMs") && a["firstByteTimeoutMs"].is_number()) t.first_byte_ms = a["firstByteTimeoutMs"].get<double>();
  if (a.contains("idleTimeoutMs") && a["idleTimeoutMs"].is_number()) t.idle_ms = a["idleTimeoutMs"].get<double>();
  auto deltas = std::make_shared<int>(0);
  Session().Complete(
      r,
      [promise_id, deltas](const LlmResult& res) {
        if (!res.ok) {
          json e = ErrorJson(res.error);
          e["partialText"] = res.text;
          e["attempts"] = res.attempts;
          return Settle(promise_id, false, e);
        }
        Settle(promise_id, true,
               json{{"text", res.text}, {"finishReason", FinishReasonName(res.finish)}, {"attempts", res.attempts},
                    {"deltas", *deltas}, {"elapsedMs", res.elapsed_ms},
                    {"usage", {{"inputTokens", res.usage.input_tokens}, {"outputTokens", res.usage.output_tokens},
                               {"estimated", res.usage.estimated}}}});
      },
      [deltas](std::string_view, const std::string&) { ++*deltas; }, t);
  return json{{"pending", promise_id}};
}

// generate(): the whole pipeline through the same path as the Generate button.
json Generate(int promise_id) {
  std::string why;
  Gen().on_finish_once = [promise_id](bool ok) {
    const Pipeline& p = *Gen().pipeline;
    if (!ok) {
      json e = {{"code", ErrorCode(p.error().kind)}, {"message", p.error().message}, {"state", p.StateJson()}};
      return Settle(promise_id, false, e);
    }
    const PipelineResult& r = p.result();
    Settle(promise_id, true,
           json{{"markdown", r.markdown},
                {"checks", r.checks.ToJson()},
                {"usage", {{"inputTokens", r.usage.input_tokens}, {"outputTokens", r.usage.output_tokens}, {"estimated", r.usage.estimated},
                           {"requests", r.requests}, {"elapsedMs", r.elapsed_ms}}}});
  };
  if (!Gen().Start(&why)) {
    Gen().on_finish_once = nullptr;
    return Error("bad_request", why);
  }
  return json{{"pending", promise_id}};
}

json Presets() {
  json out = json::array();
  for (const Preset& pr : BuiltinPresets())
    out.push_back({{"id", pr.id}, {"name", pr.spec.name}, {"outputLanguage", pr.spec.output_language}, {"user", false}});
  for (const Preset& pr : App().project.user_presets)
    out.push_back({{"id", pr.id}, {"name", pr.spec.name}, {"outputLanguage", pr.spec.output_language}, {"user", true}});
  return out;
}

}  // namespace
}  // namespace tp

extern "C" EMSCRIPTEN_KEEPALIVE const char* tp_api(const char* method, const char* args_json) {
  using namespace tp;
  static std::string out;
  json args = json::parse(args_json ? args_json : "{}", nullptr, /*allow_exceptions=*/false);
  if (args.is_discarded()) {
    out = js::Dump(Error("bad_request", "The arguments are not valid JSON."));
    return out.c_str();
  }
  const std::string m = method ? method : "";
  json result;
  if (m == "stats") result = Stats();
  else if (m == "setTranscript") result = SetTranscript(args);
  else if (m == "summary") result = TranscriptSummaryJson(App().project.transcript);
  else if (m == "renameSpeaker") result = RenameSpeaker(args);
  else if (m == "setSpec") result = SetSpec(args);
  else if (m == "getSpec") result = SpecToJson(App().project.spec);
  else if (m == "skeleton") result = SkeletonJson(Skeleton(App().project.spec));
  else if (m == "presets") result = Presets();
  else if (m == "savePreset") {
    std::string why;
    if (!App().project.SaveUserPreset(Str(args, "name"), &why)) result = Error("bad_request", why);
    else { Gen().SaveProgress(); result = json{{"ok", true}, {"id", App().project.preset_id}}; }
  }
  else if (m == "deletePreset") {
    if (!App().project.DeleteUserPreset(Str(args, "name"))) result = Error("not_found", "You have no preset \"" + Str(args, "name") + "\".");
    else { Gen().SaveProgress(); result = json{{"ok", true}}; }
  }
  else if (m == "setProvider") result = SetProvider(args);
  else if (m == "getProvider") result = ProviderJson(Session().provider);
  else if (m == "providerPresets") {
    result = json::array();
    for (const ProviderPreset& p : ProviderPresets())
      result.push_back({{"id", p.id}, {"name", p.name}, {"kind", ProviderKindName(p.kind)}, {"baseUrl", p.base_url},
                        {"defaultModel", p.default_model}, {"browserOk", p.browser_ok}, {"note", p.note}});
  }
  else if (m == "listModels") result = ListModels(js::Int(args, "promiseId"));
  else if (m == "complete") result = Complete(args, js::Int(args, "promiseId"));
  else if (m == "article") result = json{{"markdown", App().article_markdown}};
  else if (m == "setArticle") {
    if (!args.contains("markdown") || !args["markdown"].is_string()) result = Error("bad_request", "setArticle needs the Markdown text.");
    else { App().article_markdown = args["markdown"].get<std::string>(); ++App().article_version; result = json{{"ok", true}}; }
  }
  else if (m == "exportHtml") result = json{{"html", ExportHtml(App().article_markdown, App().project.transcript.meta.title)}};
  else if (m == "itemRect") {
    float x, y, w, h;
    if (ui::FindItem(Str(args, "name"), &x, &y, &w, &h)) result = json{{"x", x}, {"y", y}, {"w", w}, {"h", h}};
    else result = Error("not_found", "No item \"" + Str(args, "name") + "\" was drawn in the last frame.");
  }
  else if (m == "cancel") {
    const bool running = Gen().Running();
    Gen().Cancel();
    result = json{{"cancelled", Session().CancelAll() + (running ? 1 : 0)}};
  }
  else if (m == "generate") result = Generate(js::Int(args, "promiseId"));
  else if (m == "state") result = Gen().StateJson();
  else if (m == "retryStep") {
    if (!Gen().pipeline || !Gen().pipeline->RetryStep(Str(args, "id"))) result = Error("not_found", "No failed or cancelled step \"" + Str(args, "id") + "\".");
    else result = json{{"ok", true}};
  }
  else if (m == "regenerateSection") {
    const int promise_id = js::Int(args, "promiseId");
    Gen().on_finish_once = [promise_id](bool ok) {
      const Pipeline& p = *Gen().pipeline;
      if (!ok) return Settle(promise_id, false, json{{"code", ErrorCode(p.error().kind)}, {"message", p.error().message}});
      Settle(promise_id, true, json{{"markdown", p.result().markdown}, {"checks", p.result().checks.ToJson()}});
    };
    if (!Gen().pipeline || !Gen().pipeline->RegenerateSection(js::Int(args, "index", -1), Str(args, "instruction"))) {
      Gen().on_finish_once = nullptr;
      result = Error("bad_request", "Generate the article first; then a finished section can be regenerated.");
    } else result = json{{"pending", promise_id}};
  }
  else result = Error("unknown_method", "talkpress has no method '" + m + "'.");
  out = result.dump(-1, ' ', false, json::error_handler_t::replace);
  // Methods that change something wake the UI to show it; reading (stats(), summary()...) must not, or
  // polling the API would itself keep the tab rendering.
  static const char* kReadOnly[] = {"stats", "summary", "getSpec", "skeleton", "presets", "getProvider", "providerPresets",
                                    "itemRect", "article", "exportHtml", "state"};
  bool read_only = false;
  for (const char* r : kReadOnly) read_only |= m == r;
  if (!read_only) web::RequestFrames(3);
  return out.c_str();
}
