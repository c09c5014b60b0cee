// History store on IndexedDB (web_history.js): each call gets a request number; the answer comes back
// through tp_history_done and runs the callback on the main thread.
#include "platform/history_store.h"

#include <emscripten.h>

#include <map>

#include "core/json_util.h"

#include "platform/frames.h"

extern "C" {
void tp_history_put(int request, const char* id, const char* json);
void tp_history_delete(int request, const char* id);
void tp_history_load(int request);
}

namespace tp::platform {
namespace {
struct Pending { HistoryDone done; HistoryLoaded loaded; };
std::map<int, Pending> g_pending;
int g_next = 1;
}  // namespace

void HistoryPut(const std::string& id, const std::string& record_json, HistoryDone done) {
  const int r = g_next++;
  g_pending[r].done = std::move(done);
  tp_history_put(r, id.c_str(), record_json.c_str());
}

void HistoryDelete(const std::string& id, HistoryDone done) {
  const int r = g_next++;
  g_pending[r].done = std::move(done);
  tp_history_delete(r, id.c_str());
}

void HistoryLoadAll(HistoryLoaded done) {
  const int r = g_next++;
  g_pending[r].loaded = std::move(done);
  tp_history_load(r);
}

}  // namespace tp::platform

extern "C" EMSCRIPTEN_KEEPALIVE void tp_history_done(int request, int ok, const char* error, const char* payload) {
  auto it = tp::platform::g_pending.find(request);
  if (it == tp::platform::g_pending.end()) return;
  tp::platform::Pending p = std::move(it->second);
  tp::platform::g_pending.erase(it);
  if (p.done) p.done(ok != 0, error);
  if (p.loaded) {
    std::vector<std::string> records;
    if (ok) {
      const nlohmann::json rows = tp::js::Parse(payload);
      if (rows.is_array())
        for (const auto& row : rows)
          if (row.is_string()) records.push_back(row.get<std::string>());
    }
    p.loaded(ok != 0, error, std::move(records));
  }
  tp::platform::RequestFrames(2);
}
