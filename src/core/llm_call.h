// One LLM request from start to result, as an event-driven state machine: it never blocks and owns no
// socket. A Transport (fetch in the browser, a script in tests) delivers HTTP events; a Scheduler
// provides timers for retry delays. Retries follow DecideRetry (only before the first content token).
// Each attempt asks the provider's circuit first (core/provider_session.h). A structured request uses
// the mode the provider session has learned, falls back to the next mode when the provider answers 400
// about it (remembered, and logged), and its answer is extracted from free text and validated against
// the schema. An empty answer is retried once, then fails.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/llm.h"

namespace tp {

enum class HttpFailure { Network, Aborted, FirstByteTimeout, IdleTimeout };

struct HttpTimeouts {
  // Reasoning models and queued requests can take a while, but a person waits at most this long for a
  // sign of life (a first-byte timeout is not retried). Keep-alive comments and reasoning count as life.
  double first_byte_ms = 90000;
  double idle_ms = 60000;         // between chunks; keep-alive comments count as data
  // Once the answer has started: this long with keep-alives and no new text is a stall (a queued request
  // keeps the connection alive before its answer, never in the middle of it).
  double answer_stall_ms = 60000;
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
  std::string text;                 // the answer; for a structured request the extracted JSON when it parsed
  std::string reasoning;            // the model's thinking (never part of the answer)
  FinishReason finish = FinishReason::None;
  Usage usage;
  LlmError error;
  int attempts = 0;
  double elapsed_ms = 0;
  bool json_found = false;          // structured request: the answer held JSON
  std::vector<std::string> schema_problems;   // structured request: where the JSON breaks the schema
  StructuredMode structured_mode = StructuredMode::JsonSchema;   // how the schema was last sent
  std::vector<std::string> notes;   // fallbacks taken, for the log
};

// What a running call is doing, for the progress list: "waiting for the provider, 34 s", "thinking…".
struct CallActivity {
  enum class Phase { Waiting, Paused, Thinking, Writing, Done } phase = Phase::Waiting;
  double waited_ms = 0;             // Waiting/Paused: since the attempt (or pause) began, or the answer's last text
  size_t reasoning_chars = 0;
};
const char* CallPhaseName(CallActivity::Phase p);   // "waiting", "paused", "thinking", "writing", "done"


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
  std::function<void()> on_activity;   // reasoning or keep-alives arrived (no answer text yet)
  HttpTimeouts timeouts;
  // A step of a run stops when the provider's circuit is open; a request the user makes directly (Test
  // connection, one completion) goes anyway: the user may have fixed the cause (credit, access).
  bool honour_open_circuit = false;

  void Start();
  void Cancel();      // aborts the request or a pending retry; on_done gets an Aborted error
  bool done() const { return done_; }
  bool content_started() const { return decoder_ && decoder_->content_started; }
  CallActivity Activity() const;

 private:
  void Attempt();
  void Send();
  void AbortRequest();
  bool TryStructuredFallback();
  bool TryCompletionFieldFallback();
  bool TryRequestTokenFallback(LlmError* e);
  void Succeed();
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
  int free_attempts_ = 0;         // fallbacks and the empty-answer retry: not counted against retries
  int fallbacks_ = 0;
  bool empty_retried_ = false;
  bool no_retry_ = false;         // this failure must not be retried (first-byte timeout)
  double attempt_ms_ = 0;
  double paused_since_ms_ = -1;
  long seen_activity_ = 0;
  double progress_ms_ = 0;     // when the answer or the reasoning last grew (keep-alives are not progress)
  size_t seen_reasoning_ = 0;
  StructuredMode mode_ = StructuredMode::JsonSchema;   // how the schema was sent last
  bool stripping_sent_ = false;                        // and whether without the advanced keywords
  bool sent_max_tokens_ = false;                       // the limit went as max_tokens (not max_completion_tokens)
  int sent_output_tokens_ = 0;                         // the room for the answer the request asked for
  std::vector<std::string> notes_;
  double started_ms_ = 0;
  bool done_ = false;
};

}  // namespace tp
