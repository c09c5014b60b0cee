// One LLM request from start to result, as an event-driven state machine: it never blocks and owns no
// socket. A Transport (fetch in the browser, a script in tests) delivers HTTP events; a Scheduler
// provides timers for retry delays. Retries follow DecideRetry (only before the first content token).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/llm.h"

namespace tp {

enum class HttpFailure { Network, Aborted, FirstByteTimeout, IdleTimeout };

struct HttpTimeouts {
  double first_byte_ms = 90000;   // reasoning models and queued requests can take a while
  double idle_ms = 60000;         // between chunks; keep-alive comments count as data
};

class HttpSink {
 public:
  virtual ~HttpSink() = default;
  virtual void OnResponse(int status, const std::string& retry_after) = 0;
  virtual void OnBody(std::string_view bytes) = 0;
  virtual void OnEnd() = 0;
  virtual void OnFail(HttpFailure kind, const std::string& detail) = 0;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Starts a request; events arrive later on `sink` (never from inside Start). Returns an id.
  virtual int Start(const HttpRequest& request, const HttpTimeouts& timeouts, HttpSink* sink) = 0;
  // Aborts the request; no further events arrive for this id.
  virtual void Abort(int id) = 0;
};

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  virtual int After(double ms, std::function<void()> fn) = 0;
  virtual void Cancel(int id) = 0;
  virtual double NowMs() = 0;
  virtual double Random01() = 0;   // jitter
};

struct LlmResult {
  bool ok = false;
  std::string text;
  FinishReason finish = FinishReason::None;
  Usage usage;
  LlmError error;
  int attempts = 0;
  double elapsed_ms = 0;
};

class LlmCall : private HttpSink {
 public:
  using DeltaFn = std::function<void(std::string_view delta, const std::string& text_so_far)>;
  using DoneFn = std::function<void(const LlmResult&)>;
  using RetryFn = std::function<void(const LlmError& why, int attempt, double delay_sec)>;

  LlmCall(Transport& transport, Scheduler& scheduler, ProviderConfig provider, LlmRequest request);
  ~LlmCall() override;
  DeltaFn on_delta;
  DoneFn on_done;     // called exactly once
  RetryFn on_retry;   // a retry was scheduled (rate limit, overload)
  HttpTimeouts timeouts;

  void Start();
  void Cancel();      // aborts the request or a pending retry; on_done gets an Aborted error
  bool done() const { return done_; }
  bool content_started() const { return decoder_ && decoder_->content_started; }

 private:
  void Attempt();
  void OnResponse(int status, const std::string& retry_after) override;
  void OnBody(std::string_view bytes) override;
  void OnEnd() override;
  void OnFail(HttpFailure kind, const std::string& detail) override;
  void Fail(LlmError e);
  void Finish(LlmResult r);

  Transport& transport_;
  Scheduler& scheduler_;
  ProviderConfig provider_;
  LlmRequest request_;
  std::unique_ptr<StreamDecoder> decoder_;
  int http_id_ = -1;
  int timer_id_ = -1;
  int status_ = 0;
  std::string retry_after_;
  std::string error_body_;
  int attempts_ = 0;
  double started_ms_ = 0;
  bool done_ = false;
};

}  // namespace tp
