// LLM providers, pure: provider presets, request builders, stream decoders, the error taxonomy with
// messages a person can act on, the retry policy, model-list parsing and usage accounting.
// Four wire formats cover every supported service: OpenAI-compatible Chat Completions, Anthropic
// Messages, Google Gemini and Ollama's native chat (see the provider notes in the project's research).
// Presets are data (assets/providers/presets.json); model facts come from core/model_catalog.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model_catalog.h"
#include "core/secret.h"
#include "core/sse.h"
#include "core/structured_output.h"
#include "core/transcript.h"
#include "nlohmann/json.hpp"

namespace tp {

enum class ProviderKind { OpenAI, Anthropic, Gemini, Ollama };
const char* ProviderKindName(ProviderKind k);   // "openai", "anthropic", "gemini", "ollama"
bool ProviderKindFromName(std::string_view name, ProviderKind* out);

enum class BrowserAccess { Ok, Local, Blocked };   // Local: a server on this machine or network the user must allow

struct ProviderPreset {
  const char* id;             // "openai", "openrouter", "ollama", ...
  const char* name;           // shown in the dropdown
  ProviderKind kind;
  const char* base_url;
  const char* default_model;
  bool browser_ok;            // the service answers browser (CORS) requests
  bool needs_key;
  const char* note;           // what to do so a browser may call it
  BrowserAccess browser = BrowserAccess::Ok;
  StructuredMode structured = StructuredMode::JsonSchema;   // best mode the service accepts
  bool strip_schema_keywords = false;   // the service rejects minItems/maxItems/pattern/format…
  bool max_completion_tokens = false;   // OpenAI: reasoning models reject max_tokens
  bool stream_usage = true;             // accepts stream_options.include_usage (Mistral does not)
  bool require_parameters = false;      // an aggregator (OpenRouter) routes a structured request only to
                                        // providers that honour response_format/tools, not to one that ignores them
  std::vector<std::string> reach;       // presets that reach its models from a browser ("relay": relay/)
  std::string key_url;                  // the provider's console page for keys (its host also holds billing)
};
// Read once from assets/providers/presets.json.
const std::vector<ProviderPreset>& ProviderPresets();
const ProviderPreset* FindProviderPreset(std::string_view id);

struct ProviderConfig {
  ProviderKind kind = ProviderKind::OpenAI;
  std::string preset_id;      // "" for a custom base URL
  std::string base_url;       // e.g. https://api.openai.com/v1, https://api.anthropic.com, https://generativelanguage.googleapis.com
  SecretString api_key;       // wiped from memory when replaced or forgotten
  std::string model;
  int concurrency = 4;
  // OpenAI's own API wants max_completion_tokens (reasoning models reject max_tokens); compatible
  // servers mostly still read max_tokens.
  bool use_max_completion_tokens = false;
  int context_tokens = 0;       // the user's own limits for a model the catalog does not know (0: catalog)
  int max_output_tokens = 0;
  TokenizerFamily Tokenizer() const;
};

// The base URL requests really go to (normalized from what the user pasted; see core/url.h).
std::string NormalizedBaseUrl(const ProviderConfig& p);
// The endpoint a generation request goes to, for display under the base URL field.
std::string ResolvedEndpoint(const ProviderConfig& p);
// The catalog's facts for the configured model, with the user's overrides.
ModelSpec ModelFor(const ProviderConfig& p);
// The structured-output mode to try first: the model's (catalog), else the preset's, else by wire.
StructuredMode DefaultStructuredMode(const ProviderConfig& p);
// Whether schemas sent to this provider leave out the advanced keywords (we validate them ourselves).
bool StripsSchemaKeywords(const ProviderConfig& p);
// Why a request fails when the provider refuses browsers, and the fixes ("" if it does not refuse).
std::string BrowserAccessAdvice(const ProviderConfig& p);

struct HttpRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;   // only plain headers: no SDK extras (CORS)
  std::string body;
  HttpRequest() = default;
  HttpRequest(const HttpRequest&) = default;
  HttpRequest(HttpRequest&&) = default;
  HttpRequest& operator=(const HttpRequest&) = default;
  HttpRequest& operator=(HttpRequest&&) = default;
  ~HttpRequest() { for (auto& h : headers) SecureClear(&h.second); }   // the key travels in a header
};

struct LlmRequest {
  std::string system;
  std::string user;
  int max_output_tokens = 4096;
  double temperature = -1;          // < 0: provider default
  nlohmann::ordered_json schema;    // null: free text; else a JSON Schema the answer must follow, keys in the order the model fills them
  std::string schema_name = "result";
  bool stream = true;
  // How the schema travels (set by LlmCall from the provider session; unset: DefaultStructuredMode).
  std::optional<StructuredMode> structured;
  std::optional<bool> strip_schema_keywords;
  // The output limit as max_completion_tokens (set by LlmCall once the server asked for it; unset: the
  // preset's field, or max_completion_tokens for OpenAI's own hosts).
  std::optional<bool> completion_field;
};
// Our estimate of the tokens of `r`'s prompt: instructions, user text and schema.
int PromptTokens(const ProviderConfig& p, const LlmRequest& r);
// The output tokens requested for `r` on this model: thinking headroom, capped by the model's limit and by
// a per-request limit learned from the provider (ProviderSession::request_tokens), never below
// kLeastAnswerTokens (or what `r` asks, if less): less is no room for a part's notes or a section.
constexpr int kLeastAnswerTokens = 1024;
int RequestedOutputTokens(const ProviderConfig& p, const LlmRequest& r);
// Whether `r` fits a per-request limit learned from the provider (always, when none is known).
bool FitsRequestLimit(const ProviderConfig& p, const LlmRequest& r);
// Ollama's options.num_ctx for `r`: the prompt and the answer, rounded up (its default silently cuts prompts).
int OllamaContextFor(const ProviderConfig& p, const LlmRequest& r);

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
  ContentFilter, Truncated, Aborted, BadRequest, BadResponse,
  WrongEndpoint,   // the base URL's path does not exist (404 that is not about the model)
  EmptyAnswer,     // a 200 with no content
};
const char* ErrorCode(ErrorKind k);   // "auth", "rate_limit", ... (stable, for the API)

struct LlmError {
  ErrorKind kind = ErrorKind::None;
  int http_status = 0;
  std::string message;            // what happened and what to do, for a person
  std::string provider_message;   // the provider's own words, when it gave any
  double retry_after_sec = -1;    // from Retry-After or a hint in the body
  int request_token_limit = 0;    // a 413 naming the plan's tokens per minute (Groq): the most one request may ask for,
  int request_tokens_counted = 0; // and what the provider counted for this one (its prompt and max_tokens)
  bool ok() const { return kind == ErrorKind::None; }
  // The provider will refuse every further request the same way (key, permission, billing, model, URL).
  bool Persistent() const;
};

// An error body for a message: the provider's JSON message, or an HTML page's title in one line.
std::string SummarizeErrorBody(std::string_view body);
// Seconds a provider asks to wait: Retry-After in seconds (an HTTP date is not readable without a clock
// here and is skipped), else the body's hint ("try again in 5.3s", Gemini RetryInfo "retryDelay": "34s"); -1 if none.
double RetryAfterSeconds(std::string_view retry_after_header, std::string_view body);
// Maps an HTTP error response (status, Retry-After header value, body) to the taxonomy.
LlmError ClassifyHttpError(const ProviderConfig& p, int status, std::string_view retry_after, std::string_view body);
// fetch() rejected (CORS, DNS, offline, refused) or a watchdog fired.
LlmError NetworkError(const ProviderConfig& p, std::string_view detail);
// The connection failed after the provider had answered (its status and some of the body had arrived): the
// server was reached, so the advice about addresses and CORS would mislead.
LlmError DroppedConnectionError(const ProviderConfig& p, std::string_view detail);
LlmError TimeoutError(const ProviderConfig& p, bool before_first_byte, double seconds);
// A Timeout for an answer that started and then sent only keep-alives for `seconds`.
LlmError StalledAnswerError(const ProviderConfig& p, double seconds);
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
  int output_tokens = 0;          // thinking included, as billed
  int reasoning_tokens = 0;       // of which thinking, when the provider says
  bool estimated = false;       // the provider did not report it; counted locally
};

// Splits content that carries reasoning inline (<think>…</think>, Qwen3/DeepSeek-R1 on Ollama, vLLM,
// LM Studio; MiniMax) from the answer, fed in pieces split anywhere (also inside a tag).
class ThinkTagSplitter {
 public:
  // Appends the answer part of `piece` to *answer and the reasoning part to *reasoning.
  void Feed(std::string_view piece, std::string* answer, std::string* reasoning);
  void Flush(std::string* answer, std::string* reasoning);   // end of content: held-back bytes
  // A closing tag without an opening one: the answer so far was reasoning. Returns true once.
  bool TakeLateClose(size_t* answer_bytes_before);

 private:
  enum class State { Start, Thinking, AfterThink, Answer } state_ = State::Start;
  std::string hold_;
  size_t answer_bytes_ = 0;
  bool late_close_ = false;
  size_t late_close_at_ = 0;
};

// Decodes a successful (HTTP 200) response body, streamed or not, for one provider kind.
// Reasoning (reasoning_content / reasoning / reasoning_details deltas, <think> blocks, Anthropic thinking
// blocks, Gemini thought parts, Ollama message.thinking) goes to `reasoning`, never to `text`.
class StreamDecoder {
 public:
  StreamDecoder(ProviderKind kind, bool streaming);
  void Feed(std::string_view bytes);
  // End of body. A stream that ended without its terminator ([DONE], message_stop, finishReason, done)
  // becomes a Truncated error.
  void Finish();

  // The arguments of a forced tool call are the answer (structured output through a tool); text blocks
  // next to it are then left out. Otherwise tool calls are ignored.
  bool tool_answer = false;

  std::string text;               // the answer so far
  std::string pending_delta;      // text added since TakeDelta()
  std::string TakeDelta();
  std::string reasoning;          // the model's thinking, shown as "thinking…", never in the article
  std::string aside;              // text next to a tool answer (left out of the answer)
  FinishReason finish = FinishReason::None;
  Usage usage;
  LlmError error;                 // an error event inside the 200 stream, refusal, or a cut stream
  bool content_started = false;
  bool terminated = false;
  long activity = 0;              // events of any kind so far (keep-alives and thinking show life)

 private:
  void OnEvent(const SseEvent& e);
  void OnErrorField(std::string_view value);
  void OnJson(const nlohmann::json& j, std::string_view event_name);
  void AddText(std::string_view t);
  void AddContent(std::string_view t);   // text that may carry <think> blocks
  void AddReasoning(std::string_view t);
  void OpenAiContent(const nlohmann::json& content);
  ProviderKind kind_;
  bool streaming_;
  SseParser sse_;
  NdjsonReader ndjson_;
  std::string whole_;             // non-streaming body
  std::string refusal_;
  ThinkTagSplitter think_;
  std::vector<std::string> block_types_;   // Anthropic content blocks by index
};

// Usage with a local estimate where the provider gave none.
Usage CompleteUsage(Usage u, const LlmRequest& r, const std::string& answer, TokenizerFamily family);

}  // namespace tp
