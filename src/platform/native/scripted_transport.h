// Native implementation of the HTTP and timer seams (core/llm_call.h) for tests and tools: a
// virtual-time scheduler and a scripted HTTP transport whose responses are queued by the caller (or
// produced by a responder function from the request). Header-only; the browser's is src/platform/web.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/json_util.h"
#include "core/llm_call.h"

namespace tp::test {

// (namespace kept short: these are the seams tests script)

class ManualScheduler : public Scheduler {
 public:
  int After(double ms, std::function<void()> fn) override {
    timers_[next_] = {now_ + ms, seq_++, std::move(fn)};
    return next_++;
  }
  void Cancel(int id) override { timers_.erase(id); }
  double NowMs() override { return now_; }
  double Random01() override { return 0.5; }
  // Runs timers in time order until none is left (or a limit is hit, against runaway loops).
  void RunUntilIdle(int limit = 100000) {
    while (!timers_.empty() && limit-- > 0) {
      auto it = timers_.begin();
      for (auto j = timers_.begin(); j != timers_.end(); ++j)
        if (j->second.at < it->second.at || (j->second.at == it->second.at && j->second.seq < it->second.seq)) it = j;
      now_ = std::max(now_, it->second.at);
      auto fn = std::move(it->second.fn);
      timers_.erase(it);
      fn();
    }
  }
  double now_ = 0;

 private:
  struct Timer { double at; long seq; std::function<void()> fn; };
  std::map<int, Timer> timers_;
  int next_ = 1;
  long seq_ = 0;
};

struct ScriptedResponse {
  int status = 200;
  std::string retry_after;
  std::vector<std::string> chunks;
  double first_byte_delay_ms = 10;
  double chunk_delay_ms = 1;
  bool fail_network = false;           // fetch rejects (CORS, DNS, offline)
  bool end = true;                     // false: the stream stalls after its chunks (timeouts apply)
  bool drop = false;                   // the connection drops after the chunks (fetch's reader rejects)
};

class ScriptedTransport : public Transport {
 public:
  explicit ScriptedTransport(ManualScheduler& s) : sched_(s) {}
  std::vector<ScriptedResponse> queue;                       // used in order
  std::function<ScriptedResponse(const HttpRequest&)> responder;   // used when the queue is empty
  std::vector<HttpRequest> requests;                         // what was sent
  int aborted = 0;
  int max_in_flight = 0;

  int Start(const HttpRequest& req, const HttpTimeouts& to, HttpSink* sink) override {
    requests.push_back(req);
    ScriptedResponse r;
    if (!queue.empty()) { r = queue.front(); queue.erase(queue.begin()); }
    else if (responder) r = responder(req);
    const int id = next_++;
    live_[id] = true;
    ++in_flight_;
    max_in_flight = std::max(max_in_flight, in_flight_);
    auto alive = [this, id] { return live_.count(id) && live_[id]; };
    auto close = [this, id] { if (live_[id]) { live_[id] = false; --in_flight_; } };
    if (r.fail_network) {
      sched_.After(r.first_byte_delay_ms, [=] { if (alive()) { close(); sink->OnFail(HttpFailure::Network, "Failed to fetch"); } });
      return id;
    }
    if (r.first_byte_delay_ms > to.first_byte_ms) {
      sched_.After(to.first_byte_ms, [=] { if (alive()) { close(); sink->OnFail(HttpFailure::FirstByteTimeout, ""); } });
      return id;
    }
    double t = r.first_byte_delay_ms;
    sched_.After(t, [=] { if (alive()) sink->OnResponse(r.status, r.retry_after); });
    for (const std::string& c : r.chunks) {
      t += r.chunk_delay_ms;
      sched_.After(t, [=] { if (alive()) sink->OnBody(c); });
    }
    if (r.drop) sched_.After(t + r.chunk_delay_ms, [=] { if (alive()) { close(); sink->OnFail(HttpFailure::Network, "network error"); } });
    else if (r.end) sched_.After(t + r.chunk_delay_ms, [=] { if (alive()) { close(); sink->OnEnd(); } });
    else sched_.After(t + to.idle_ms, [=] { if (alive()) { close(); sink->OnFail(HttpFailure::IdleTimeout, ""); } });
    return id;
  }
  void Abort(int id) override {
    if (live_.count(id) && live_[id]) { live_[id] = false; --in_flight_; ++aborted; }
  }
  int in_flight() const { return in_flight_; }

 private:
  ManualScheduler& sched_;
  std::map<int, bool> live_;
  int next_ = 1;
  int in_flight_ = 0;
};

// SSE bodies in each provider's wire format, for scripting.
inline std::string OpenAiSse(const std::vector<std::string>& pieces, const char* finish = "stop", bool done = true) {
  std::string s;
  for (const std::string& p : pieces)
    s += "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":" +
         js::Dump(nlohmann::json(p)) + "},\"finish_reason\":null}]}\n\n";
  s += std::string("data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"") + finish + "\"}]}\n\n";
  s += "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":71,\"completion_tokens\":10,\"total_tokens\":81}}\n\n";
  if (done) s += "data: [DONE]\n\n";
  return s;
}

}  // namespace tp::test
