// Automation API, C++ side: one entry point taking a method name and JSON arguments, returning JSON.
// The JS side (automation_api.js) wraps it as window.talkpress; it drives the same code as the UI.
#include <emscripten.h>

#include <string>

#include "app/app_state.h"
#include "core/summary.h"
#include "platform/web/imgui_impl_web.h"
#include "imgui.h"
#include "nlohmann/json.hpp"

extern "C" int tp_web_heap_bytes();

namespace tp {
namespace {

using nlohmann::json;

json Stats() {
  const AppState& app = App();
  return json{{"framesRendered", app.stats.frames_rendered},
              {"lastFrameMs", app.stats.last_frame_ms},
              {"firstFrameAtMs", app.stats.first_frame_at_ms},
              {"heapBytes", tp_web_heap_bytes()},
              {"imguiVersion", IMGUI_VERSION}};
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
  p.transcript_text = text->get<std::string>();
  p.parse_options = o;
  p.title = Str(meta, "title");
  p.source_url = Str(meta, "sourceUrl");
  p.language_override = Str(meta, "language");
  p.renames.clear();
  p.Reparse();
  App().transcript_edited_at = -1;
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

json Presets() {
  json out = json::array();
  for (const Preset& pr : BuiltinPresets())
    out.push_back({{"id", pr.id}, {"name", pr.spec.name}, {"outputLanguage", pr.spec.output_language}});
  return out;
}

}  // namespace
}  // namespace tp

extern "C" EMSCRIPTEN_KEEPALIVE const char* tp_api(const char* method, const char* args_json) {
  using namespace tp;
  static std::string out;
  json args = json::parse(args_json ? args_json : "{}", nullptr, /*allow_exceptions=*/false);
  if (args.is_discarded()) {
    out = Error("bad_request", "The arguments are not valid JSON.").dump();
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
  else result = Error("unknown_method", "talkpress has no method '" + m + "'.");
  out = result.dump(-1, ' ', false, json::error_handler_t::replace);
  web::RequestFrames(3);   // the UI shows what the API changed
  return out.c_str();
}
