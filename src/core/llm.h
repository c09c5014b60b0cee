// LLM providers, pure: provider presets, request builders, stream decoders, the error taxonomy with
// messages a person can act on, the retry policy, model-list parsing and usage accounting.
// Three wire formats cover every supported service: OpenAI-compatible Chat Completions, Anthropic
// Messages and Google Gemini (see the provider notes in the project's research).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/sse.h"
#include "core/transcript.h"
#include "nlohmann/json.hpp"

namespace tp {

enum class ProviderKind { OpenAI, Anthropic, Gemini };
const char* ProviderKindName(ProviderKind k);   // "openai", "anthropic", "gemini"
bool ProviderKindFromName(std::string_view name, ProviderKind* out);

struct ProviderPreset {
  const char* id;             // "openai", "openrouter", "ollama", ...
  const char* name;           // shown in the dropdown
  ProviderKind kind;
  const char* base_url;
  const char* default_model;
  bool browser_ok;            // the service answers browser (CORS) requests
  bool needs_key;
  const char* note;           // what to do so a browser may call it
};
const std::vector<ProviderPreset>& ProviderPresets();
const ProviderPreset* FindProviderPreset(std::string_view id);

struct ProviderConfig {
  ProviderKind kind = ProviderKind::OpenAI;
  std::string preset_id;      // "" for a custom base URL
  std::string base_url;       // e.g. https://api.openai.com/v1, https://api.anthropic.com, https://generativelanguage.googleapis.com
  std::string api_key;
  std::string model;
  int concurrency = 4;
  // OpenAI's own API wants max_completion_tokens (reasoning models reject max_tokens); compatible
  // servers mostly still read max_tokens.
  bool use_max_completion_tokens = false;
  TokenizerFamily Tokenizer() const;
};

struct HttpRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;   // only plain headers: no SDK extras (CORS)
  std::string body;
};

struct LlmRequest {
  std::string system;
  std::string user;
  int max_output_tokens = 4096;
  double temperature = -1;          // < 0: provider default
  nlohmann::json schema;            // null: free text; else a JSON Schema the answer must follow
  std::string schema_name = "result";
  bool stream = true;
};

HttpRequest BuildChatRequest(const ProviderConfig& p, const LlmRequest& r);
HttpRequest BuildModelsRequest(const ProviderConfig& p);

struct ModelInfo {
  std::string id;
  std::string name;
  int context_tokens = 0;     // 0 when the provider does not say
  int max_output_tokens = 0;
};
// Parses a model-list response; on failure returns an empty list and sets *error.
std::vector<ModelInfo> ParseModelList(ProviderKind kind, std::string_view body, std::string* error);

// ---- errors ----
enum class ErrorKind {
  None, Network, Timeout, Auth, Permission, Billing, RateLimit, Overloaded, ContextLength, InvalidModel,
  ContentFilter, Truncated, Aborted, BadRequest, BadResponse
};
const char* ErrorCode(ErrorKind k);   // "auth", "rate_limit", ... (stable, for the API)

struct LlmError {
  ErrorKind kind = ErrorKind::None;
  int http_status = 0;
  std::string message;            // what happened and what to do, for a person
  std::string provider_message;   // the provider's own words, when it gave any
  double retry_after_sec = -1;    // from Retry-After or a hint in the body
  bool ok() const { return kind == ErrorKind::None; }
};

// Maps an HTTP error response (status, Retry-After header value, body) to the taxonomy.
LlmError ClassifyHttpError(const ProviderConfig& p, int status, std::string_view retry_after, std::string_view body);
// fetch() rejected (CORS, DNS, offline, refused) or a watchdog fired.
LlmError NetworkError(const ProviderConfig& p, std::string_view detail);
LlmError TimeoutError(const ProviderConfig& p, bool before_first_byte, double seconds);
LlmError AbortedError();
// Fills e->message (for a person) when a decoder or caller left it empty.
void DescribeError(const ProviderConfig& p, LlmError* e);

// ---- retries ----
struct RetryDecision {
  bool retry = false;
  double delay_sec = 0;
};
// At most 2 retries, only for rate-limit/overload/transient network errors, only before the first
// content token; honours Retry-After and body hints (capped at 60 s: longer waits are reported instead).
// `jitter` in [0,1) spreads retries.
RetryDecision DecideRetry(const LlmError& e, int attempts_made, bool content_started, double jitter);
constexpr int kMaxRetries = 2;

// ---- streaming ----
enum class FinishReason { None, Stop, Length, ContentFilter, Error };
const char* FinishReasonName(FinishReason f);

struct Usage {
  int input_tokens = 0;
  int output_tokens = 0;
  bool estimated = false;       // the provider did not report it; counted locally
};

// Decodes a successful (HTTP 200) response body, streamed or not, for one provider kind.
class StreamDecoder {
 public:
  StreamDecoder(ProviderKind kind, bool streaming);
  void Feed(std::string_view bytes);
  // End of body. A stream that ended without its terminator ([DONE], message_stop, finishReason)
  // becomes a Truncated error.
  void Finish();

  std::string text;               // the answer so far
  std::string pending_delta;      // text added since TakeDelta()
  std::string TakeDelta();
  FinishReason finish = FinishReason::None;
  Usage usage;
  LlmError error;                 // an error event inside the 200 stream, refusal, or a cut stream
  bool content_started = false;
  bool terminated = false;

 private:
  void OnEvent(const SseEvent& e);
  void OnJson(const nlohmann::json& j, std::string_view event_name);
  void AddText(std::string_view t);
  ProviderKind kind_;
  bool streaming_;
  SseParser sse_;
  std::string whole_;             // non-streaming body
  std::string refusal_;
};

// Usage with a local estimate where the provider gave none.
Usage CompleteUsage(Usage u, const LlmRequest& r, const std::string& answer, TokenizerFamily family);

}  // namespace tp
