// Automation API (window.talkpress): one table of methods {name, handler, mutates}, each taking JSON
// arguments and returning JSON, driving the same App intents as the UI. The page glue (main.cpp,
// automation_api.js) turns it into JavaScript calls and Promises.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/app.h"
#include "nlohmann/json.hpp"

namespace tp {

struct AutomationHost {
  // Settles the Promise `id` created by the page (ok: resolve with `value`, else reject with it).
  std::function<void(int id, bool ok, const nlohmann::json& value)> settle;
  // {x, y, w, h} of a named widget drawn in the last frame, or null (the UI answers this).
  std::function<nlohmann::json(const std::string& name)> item_rect;
  // Figures only the platform knows (heap size, glyphs rasterised).
  std::function<nlohmann::json()> platform_stats;
  // A large transcript arrives slice by slice (stageTranscript) before setTranscript takes it, so no
  // single task of the page copies all of it; bytes past the size limit are only counted.
  std::string staged_transcript;
  size_t staged_bytes = 0;
  size_t staged_expected_bytes = 0;   // at least this many in all (the page's character count)
};

struct ApiMethod {
  const char* name;
  nlohmann::json (*handler)(App& app, AutomationHost& host, const nlohmann::json& args);
  bool mutates;   // changes something the UI shows: the page draws after it (reading never wakes it)
};

const std::vector<ApiMethod>& ApiMethods();
// Runs one method; an unknown method or bad arguments give {"error": {code, message}}.
// *mutates tells whether the UI should draw.
nlohmann::json CallApi(App& app, AutomationHost& host, const std::string& method, const std::string& args_json, bool* mutates);

}  // namespace tp
