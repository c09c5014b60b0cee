// Automation API, C++ side: one entry point taking a method name and JSON arguments, returning JSON.
// The JS side (automation_api.js) wraps it as window.talkpress; it drives the same code as the UI.
#include <emscripten.h>

#include <string>

#include "app/app_state.h"
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
  else result = Error("unknown_method", "talkpress has no method '" + m + "'.");
  out = result.dump(-1, ' ', false, json::error_handler_t::replace);
  return out.c_str();
}
