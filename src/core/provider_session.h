// What TalkPress learns about a provider while the page is open, shared by every request to it (the
// pipeline's steps, Test connection, the automation API): which structured-output mode it accepts,
// whether it rejects schema keywords, and one circuit. The circuit stops new requests after an error
// that will repeat (key, permission, billing, unknown model, wrong base URL) and pauses every request
// together during an outage or a long rate limit, then lets one request probe before the rest resume.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/llm.h"

namespace tp {

class ProviderCircuit {
 public:
  enum class Phase { Closed, Open, Paused };
  struct Admission {
    bool go = false;          // start the request now
    double wait_ms = 0;       // else ask again after this long (paused, or another request is probing)
    LlmError refused;         // set when the circuit is open: the error every request would get
  };
  static constexpr int kOverloadsBeforePause = 3;   // consecutive transient failures
  static constexpr double kFirstPauseMs = 10000;
  static constexpr double kMaxPauseMs = 120000;

  Admission Admit(double now_ms);
  void OnSuccess();                                  // the provider answered 200
  void Reset();                                      // the user retries on purpose: close and forget
  void OnFailure(const LlmError& e, double now_ms);  // a failed attempt (not cancellations)
  Phase phase(double now_ms) const;
  double ResumeInMs(double now_ms) const;
  const LlmError& reason() const { return reason_; }
  int pauses() const { return pauses_; }

 private:
  bool open_ = false;
  double paused_until_ = 0;
  bool probing_ = false;      // after a pause, one request goes first
  int consecutive_ = 0;
  int pauses_ = 0;
  LlmError reason_;
};

struct ProviderSession {
  std::optional<StructuredMode> structured;   // learned after a 400 (else DefaultStructuredMode)
  std::optional<bool> strip_schema_keywords;  // learned after a 400 naming a keyword
  std::optional<bool> completion_field;       // learned after a 400 asking for max_completion_tokens
  // Learned after a 413 naming the plan's tokens per minute (Groq's free tier: 6,000–8,000): the most one request
  // may ask for, its prompt and the room for its answer together. Answers ask for less, and the plan cuts the
  // transcript into smaller parts (RequestedOutputTokens, PipelineOptionsFor).
  std::optional<int> request_tokens;
  // How many of the provider's tokens one of our estimated prompt tokens turned out to be, from the count a 413
  // gave (1.1, a margin, until then).
  double prompt_token_scale = 1.1;
  ProviderCircuit circuit;
  std::vector<std::string> log;               // what changed and why, for the user
  std::string device_id;                      // how LearnedLimitsJson names it (endpoint, kind, model, key check)
};

// The session for this provider, endpoint, model and key (a new key or model starts afresh). The key is
// kept only as a hash.
ProviderSession& SessionFor(const ProviderConfig& p);
void ResetProviderSessions();   // forget everything (a new page; tests)

// The per-request limits learned (request_tokens, prompt_token_scale), kept on this device so that after a reload the
// first request fits at once rather than being refused again. Each is named by the endpoint, kind and model and a
// 16-bit check of the key, which can neither recover nor confirm a key; another key, model or endpoint starts
// afresh. LearnedLimitsJson also carries the limits remembered and not used in this page.
nlohmann::json LearnedLimitsJson();
// Limits saved by LearnedLimitsJson: a session made from now on for a matching provider starts with them.
void RememberLearnedLimits(const nlohmann::json& saved);

// {"circuit":"closed"|"open"|"paused","reason":{code,message},"resumeInMs","structuredMode","requestTokenLimit","log":[…]}
// for the progress list and the automation API.
nlohmann::json ProviderStateJson(const ProviderConfig& p, double now_ms);

}  // namespace tp
