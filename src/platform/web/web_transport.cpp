// Browser implementation of the HTTP and timer seams (platform/http.h) on web_http.js.
#include <emscripten.h>

#include <functional>
#include <map>
#include <random>
#include <string>

#include "core/json_util.h"
#include "core/secret.h"
#include "nlohmann/json.hpp"
#include "platform/http.h"
#include "platform/web/imgui_impl_web.h"

extern "C" {
void tp_http_start(int id, const char* method, const char* url, const char* headers_json, const char* body, int body_len,
                   double first_byte_ms, double idle_ms);
void tp_http_abort(int id);
void tp_http_choose_origin(const char* origin);
int tp_timer_set(int id, double ms);
void tp_timer_clear(int handle);
}

namespace tp::platform {
namespace {

class WebTransport : public Transport {
 public:
  int Start(const HttpRequest& req, const HttpTimeouts& to, HttpSink* sink) override {
    const int id = next_++;
    sinks_[id] = sink;
    nlohmann::json h = nlohmann::json::object();
    for (const auto& [k, v] : req.headers) h[k] = v;
    std::string headers = js::Dump(h);
    tp_http_start(id, req.method.c_str(), req.url.c_str(), headers.c_str(), req.body.data(), (int)req.body.size(),
                  to.first_byte_ms, to.idle_ms);
    SecureClear(&headers);   // the key travels in a header
    SecureClear(&h);
    return id;
  }
  void Abort(int id) override {
    sinks_.erase(id);
    tp_http_abort(id);
  }
  HttpSink* Find(int id) {
    auto it = sinks_.find(id);
    return it == sinks_.end() ? nullptr : it->second;
  }
  void Forget(int id) { sinks_.erase(id); }

 private:
  std::map<int, HttpSink*> sinks_;
  int next_ = 1;
};

class WebScheduler : public Scheduler {
 public:
  int After(double ms, std::function<void()> fn) override {
    const int id = next_++;
    timers_[id] = {tp_timer_set(id, ms), std::move(fn)};
    return id;
  }
  void Cancel(int id) override {
    auto it = timers_.find(id);
    if (it == timers_.end()) return;
    tp_timer_clear(it->second.handle);
    timers_.erase(it);
  }
  double NowMs() override { return emscripten_get_now(); }
  double Random01() override { return dist_(rng_); }
  void Fire(int id) {
    auto it = timers_.find(id);
    if (it == timers_.end()) return;
    auto fn = std::move(it->second.fn);
    timers_.erase(it);
    fn();
  }

 private:
  struct Timer { int handle; std::function<void()> fn; };
  std::map<int, Timer> timers_;
  int next_ = 1;
  std::mt19937 rng_{std::random_device{}()};
  std::uniform_real_distribution<double> dist_{0.0, 1.0};
};

WebTransport g_transport;
WebScheduler g_timers;

}  // namespace

Transport& HttpTransport() { return g_transport; }
Scheduler& Timers() { return g_timers; }
void ChooseConnectionOrigin(const std::string& origin) {
  if (!origin.empty()) tp_http_choose_origin(origin.c_str());
}

}  // namespace tp::platform

// ---- called from web_http.js; every event may change what the UI shows, so it asks for frames ----
using tp::platform::g_transport;
extern "C" {

EMSCRIPTEN_KEEPALIVE void tp_http_on_response(int id, int status, const char* retry_after) {
  if (tp::HttpSink* s = g_transport.Find(id)) s->OnResponse(status, retry_after);
  tp::web::RequestFrames(2);
}

EMSCRIPTEN_KEEPALIVE void tp_http_on_body(int id, const char* bytes, int len) {
  if (tp::HttpSink* s = g_transport.Find(id)) s->OnBody(std::string_view(bytes, (size_t)len));
  tp::web::RequestFrames(2);
}

EMSCRIPTEN_KEEPALIVE void tp_http_on_end(int id) {
  tp::HttpSink* s = g_transport.Find(id);
  g_transport.Forget(id);
  if (s) s->OnEnd();
  tp::web::RequestFrames(2);
}

// kind: 0 network, 1 aborted, 2 first-byte timeout, 3 idle timeout
EMSCRIPTEN_KEEPALIVE void tp_http_on_fail(int id, int kind, const char* detail) {
  tp::HttpSink* s = g_transport.Find(id);
  g_transport.Forget(id);
  if (s) {
    tp::HttpFailure f = kind == 1 ? tp::HttpFailure::Aborted : kind == 2 ? tp::HttpFailure::FirstByteTimeout
                      : kind == 3 ? tp::HttpFailure::IdleTimeout : tp::HttpFailure::Network;
    s->OnFail(f, detail);
  }
  tp::web::RequestFrames(2);
}

EMSCRIPTEN_KEEPALIVE void tp_timer_fire(int id) {
  tp::platform::g_timers.Fire(id);
  tp::web::RequestFrames(2);
}

}  // extern "C"
