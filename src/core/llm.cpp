// Providers. Index: presets · request builders · model lists · errors (classification, messages,
// hints) · retry policy · StreamDecoder (OpenAI, Anthropic, Gemini; streamed and whole) · usage.
#include "core/llm.h"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/json_util.h"
#include "core/text_util.h"

namespace tp {

using nlohmann::json;

const char* ProviderKindName(ProviderKind k) {
  switch (k) { case ProviderKind::OpenAI: return "openai"; case ProviderKind::Anthropic: return "anthropic"; case ProviderKind::Gemini: return "gemini"; }
  return "openai";
}

bool ProviderKindFromName(std::string_view name, ProviderKind* out) {
  for (ProviderKind k : {ProviderKind::OpenAI, ProviderKind::Anthropic, ProviderKind::Gemini})
    if (name == ProviderKindName(k)) { *out = k; return true; }
  return false;
}

// ---------------------------------------------------------------------------------------------- presets

const std::vector<ProviderPreset>& ProviderPresets() {
  static const std::vector<ProviderPreset> presets = {
      {"openai", "OpenAI", ProviderKind::OpenAI, "https://api.openai.com/v1", "gpt-4.1-mini", true, true, ""},
      {"anthropic", "Anthropic", ProviderKind::Anthropic, "https://api.anthropic.com", "claude-sonnet-4-5", true, true,
       "Browser access is allowed unless your organization disabled it."},
      {"gemini", "Google Gemini", ProviderKind::Gemini, "https://generativelanguage.googleapis.com", "gemini-2.5-flash", true,
       true, ""},
      {"openrouter", "OpenRouter", ProviderKind::OpenAI, "https://openrouter.ai/api/v1", "openai/gpt-4.1-mini", true, true,
       "Also a way to reach providers that block browsers."},
      {"deepseek", "DeepSeek", ProviderKind::OpenAI, "https://api.deepseek.com", "deepseek-chat", true, true,
       "Browser requests mostly work; if they fail, use DeepSeek through OpenRouter."},
      {"groq", "Groq", ProviderKind::OpenAI, "https://api.groq.com/openai/v1", "llama-3.3-70b-versatile", true, true, ""},
      {"mistral", "Mistral", ProviderKind::OpenAI, "https://api.mistral.ai/v1", "mistral-large-latest", true, true, ""},
      {"gemini-openai", "Gemini (OpenAI endpoint)", ProviderKind::OpenAI,
       "https://generativelanguage.googleapis.com/v1beta/openai", "gemini-2.5-flash", true, true, ""},
      {"ollama", "Ollama (local)", ProviderKind::OpenAI, "http://localhost:11434/v1", "llama3.1", true, false,
       "Start Ollama with OLLAMA_ORIGINS set to this page's origin, and allow local network access if Chrome asks."},
      {"lmstudio", "LM Studio (local)", ProviderKind::OpenAI, "http://localhost:1234/v1", "local-model", true, false,
       "Turn on \"Enable CORS\" in LM Studio's server settings."},
      {"llamacpp", "llama.cpp server (local)", ProviderKind::OpenAI, "http://localhost:8080/v1", "local-model", true, false,
       "llama-server accepts browser requests by default."},
      {"moonshot", "Moonshot / Kimi", ProviderKind::OpenAI, "https://api.moonshot.ai/v1", "kimi-k2-0905-preview", false, true,
       "Moonshot does not accept browser requests: use it through OpenRouter, or a proxy you run."},
      {"dashscope", "Alibaba DashScope / Qwen", ProviderKind::OpenAI, "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
       "qwen-plus", false, true, "DashScope does not accept browser requests: use Qwen through OpenRouter, or a proxy you run."},
      {"custom", "Other OpenAI-compatible server", ProviderKind::OpenAI, "", "", true, false,
       "Any server that speaks the OpenAI Chat Completions API; it must allow browser (CORS) requests."},
  };
  return presets;
}

const ProviderPreset* FindProviderPreset(std::string_view id) {
  for (const ProviderPreset& p : ProviderPresets())
    if (id == p.id) return &p;
  return nullptr;
}

TokenizerFamily ProviderConfig::Tokenizer() const {
  if (kind == ProviderKind::Anthropic) return TokenizerFamily::Anthropic;
  if (kind == ProviderKind::Gemini) return TokenizerFamily::Gemini;
  if (preset_id == "deepseek" || preset_id == "dashscope" || preset_id == "moonshot") return TokenizerFamily::DeepSeekQwen;
  return TokenizerFamily::OpenAI;
}

// ---------------------------------------------------------------------------------------------- requests

namespace {
std::string Base(const ProviderConfig& p) {
  std::string b = std::string(text::Trim(p.base_url));
  while (!b.empty() && b.back() == '/') b.pop_back();
  return b;
}

std::string ProviderName(const ProviderConfig& p) {
  if (const ProviderPreset* pr = FindProviderPreset(p.preset_id)) return pr->name;
  switch (p.kind) {
    case ProviderKind::Anthropic: return "Anthropic";
    case ProviderKind::Gemini: return "Google Gemini";
    default: break;
  }
  std::string host = Base(p);
  size_t s = host.find("://");
  if (s != std::string::npos) host = host.substr(s + 3);
  host = host.substr(0, host.find('/'));
  return host.empty() ? "The provider" : host;
}

std::string UrlEncodePath(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') out += (char)c;
    else { static const char* hex = "0123456789ABCDEF"; out += '%'; out += hex[c >> 4]; out += hex[c & 15]; }
  }
  return out;
}
}  // namespace

HttpRequest BuildChatRequest(const ProviderConfig& p, const LlmRequest& r) {
  HttpRequest h;
  const std::string base = Base(p);
  json body;
  switch (p.kind) {
    case ProviderKind::OpenAI: {
      h.url = base + "/chat/completions";
      if (!p.api_key.empty()) h.headers.push_back({"Authorization", "Bearer " + p.api_key});
      json messages = json::array();
      if (!r.system.empty()) messages.push_back({{"role", "system"}, {"content", r.system}});
      messages.push_back({{"role", "user"}, {"content", r.user}});
      body = {{"model", p.model}, {"messages", messages}, {"stream", r.stream}};
      if (r.stream) body["stream_options"] = {{"include_usage", true}};
      body[p.use_max_completion_tokens ? "max_completion_tokens" : "max_tokens"] = r.max_output_tokens;
      if (r.temperature >= 0) body["temperature"] = r.temperature;
      if (!r.schema.is_null())
        body["response_format"] = {{"type", "json_schema"},
                                   {"json_schema", {{"name", r.schema_name}, {"strict", true}, {"schema", r.schema}}}};
      break;
    }
    case ProviderKind::Anthropic: {
      h.url = base + "/v1/messages";
      h.headers.push_back({"x-api-key", p.api_key});
      h.headers.push_back({"anthropic-version", "2023-06-01"});
      // Without this header Anthropic answers browser requests without CORS headers.
      h.headers.push_back({"anthropic-dangerous-direct-browser-access", "true"});
      body = {{"model", p.model},
              {"max_tokens", r.max_output_tokens},
              {"messages", json::array({{{"role", "user"}, {"content", r.user}}})},
              {"stream", r.stream}};
      if (!r.system.empty()) body["system"] = r.system;
      if (r.temperature >= 0) body["temperature"] = r.temperature;
      if (!r.schema.is_null()) {
        // Forced tool use: schema-shaped output on every Claude 3+/4 model (assistant prefill is gone
        // on 4.6+). The arguments stream as input_json_delta.
        body["tools"] = json::array({{{"name", r.schema_name},
                                      {"description", "Return the result in this exact structure."},
                                      {"input_schema", r.schema}}});
        body["tool_choice"] = {{"type", "tool"}, {"name", r.schema_name}};
      }
      break;
    }
    case ProviderKind::Gemini: {
      h.url = base + "/v1beta/models/" + UrlEncodePath(p.model) + (r.stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
      h.headers.push_back({"x-goog-api-key", p.api_key});   // never ?key=: URLs end up in logs and history
      body = {{"contents", json::array({{{"role", "user"}, {"parts", json::array({{{"text", r.user}}})}}})}};
      if (!r.system.empty()) body["systemInstruction"] = {{"parts", json::array({{{"text", r.system}}})}};
      json gen = {{"maxOutputTokens", r.max_output_tokens}};
      if (r.temperature >= 0) gen["temperature"] = r.temperature;
      if (!r.schema.is_null()) {
        gen["responseMimeType"] = "application/json";
        gen["responseJsonSchema"] = r.schema;
      }
      body["generationConfig"] = gen;
      break;
    }
  }
  h.headers.push_back({"Content-Type", "application/json"});
  h.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return h;
}

HttpRequest BuildModelsRequest(const ProviderConfig& p) {
  HttpRequest h;
  h.method = "GET";
  const std::string base = Base(p);
  switch (p.kind) {
    case ProviderKind::OpenAI:
      h.url = base + "/models";
      if (!p.api_key.empty()) h.headers.push_back({"Authorization", "Bearer " + p.api_key});
      break;
    case ProviderKind::Anthropic:
      h.url = base + "/v1/models?limit=1000";
      h.headers.push_back({"x-api-key", p.api_key});
      h.headers.push_back({"anthropic-version", "2023-06-01"});
      h.headers.push_back({"anthropic-dangerous-direct-browser-access", "true"});
      break;
    case ProviderKind::Gemini:
      h.url = base + "/v1beta/models?pageSize=1000";
      h.headers.push_back({"x-goog-api-key", p.api_key});
      break;
  }
  return h;
}

std::vector<ModelInfo> ParseModelList(ProviderKind kind, std::string_view body, std::string* error) {
  std::vector<ModelInfo> out;
  json j = json::parse(body.begin(), body.end(), nullptr, false);
  const json* list = nullptr;
  if (j.is_object()) {
    if (j.contains("data") && j["data"].is_array()) list = &j["data"];
    else if (j.contains("models") && j["models"].is_array()) list = &j["models"];
  }
  if (!list) {
    if (error) *error = "The model list could not be read (unexpected response).";
    return out;
  }
  auto num = [](const json& o, const char* k) { auto it = o.find(k); return it != o.end() && it->is_number() ? it->get<int>() : 0; };
  for (const json& m : *list) {
    if (!m.is_object()) continue;
    ModelInfo mi;
    if (kind == ProviderKind::Gemini) {
      // Only models that can generate content; ids come as "models/gemini-…".
      bool generates = !m.contains("supportedGenerationMethods");
      if (m.contains("supportedGenerationMethods") && m["supportedGenerationMethods"].is_array())
        for (const json& g : m["supportedGenerationMethods"]) generates |= g == "generateContent";
      if (!generates) continue;
      std::string name = js::Str(m, "name");
      mi.id = text::StartsWith(name, "models/") ? name.substr(7) : name;
      mi.name = js::Str(m, "displayName", mi.id);
      mi.context_tokens = num(m, "inputTokenLimit");
      mi.max_output_tokens = num(m, "outputTokenLimit");
    } else {
      mi.id = js::Str(m, "id");
      if (text::StartsWith(mi.id, "models/")) mi.id = mi.id.substr(7);   // Gemini's OpenAI endpoint
      mi.name = m.contains("display_name") && m["display_name"].is_string() ? m["display_name"].get<std::string>()
              : m.contains("name") && m["name"].is_string() ? m["name"].get<std::string>() : mi.id;
      mi.context_tokens = num(m, "context_length") ? num(m, "context_length") : num(m, "context_window");
      if (m.contains("top_provider") && m["top_provider"].is_object()) mi.max_output_tokens = num(m["top_provider"], "max_completion_tokens");
    }
    if (!mi.id.empty()) out.push_back(mi);
  }
  std::sort(out.begin(), out.end(), [](const ModelInfo& a, const ModelInfo& b) { return a.id < b.id; });
  return out;
}

// ---------------------------------------------------------------------------------------------- errors

const char* ErrorCode(ErrorKind k) {
  switch (k) {
    case ErrorKind::None: return "ok";
    case ErrorKind::Network: return "network";
    case ErrorKind::Timeout: return "timeout";
    case ErrorKind::Auth: return "auth";
    case ErrorKind::Permission: return "permission";
    case ErrorKind::Billing: return "billing";
    case ErrorKind::RateLimit: return "rate_limit";
    case ErrorKind::Overloaded: return "overloaded";
    case ErrorKind::ContextLength: return "context_length";
    case ErrorKind::InvalidModel: return "invalid_model";
    case ErrorKind::ContentFilter: return "content_filter";
    case ErrorKind::Truncated: return "truncated";
    case ErrorKind::Aborted: return "aborted";
    case ErrorKind::BadRequest: return "bad_request";
    case ErrorKind::BadResponse: return "bad_response";
  }
  return "bad_response";
}

namespace {

// The provider's own message from any of the four error body shapes, else the raw text.
std::string ExtractMessage(const json& j, std::string_view raw) {
  if (j.is_array() && !j.empty()) return ExtractMessage(j[0], raw);   // Gemini streamed arrays
  if (j.is_object()) {
    auto e = j.find("error");
    if (e != j.end()) {
      if (e->is_string()) return e->get<std::string>();                // Ollama
      if (e->is_object() && e->contains("message") && (*e)["message"].is_string()) return (*e)["message"].get<std::string>();
    }
    if (j.contains("message") && j["message"].is_string()) return j["message"].get<std::string>();   // vLLM-style
  }
  std::string t = std::string(text::Trim(raw));
  if (t.size() > 300) t = t.substr(0, 300) + "…";
  return t;
}

std::string ErrorType(const json& j) {
  if (j.is_array() && !j.empty()) return ErrorType(j[0]);
  if (!j.is_object()) return "";
  auto e = j.find("error");
  if (e == j.end() || !e->is_object()) return "";
  std::string t;
  for (const char* k : {"type", "code", "status"}) {
    auto it = e->find(k);
    if (it != e->end() && it->is_string()) t += it->get<std::string>() + " ";
  }
  if (e->contains("details")) t += js::Dump((*e)["details"]);   // Gemini reasons, Anthropic error_code
  return t;
}

// "Please try again in 5.289s", "retry in 37.8s", "retryDelay": "37s".
double BodyRetryHint(std::string_view body) {
  std::string low = text::ToLowerAscii(body);
  for (const char* key : {"\"retrydelay\"", "try again in ", "retry in ", "retry after "}) {
    size_t p = low.find(key);
    if (p == std::string::npos) continue;
    p += std::strlen(key);
    while (p < low.size() && (low[p] == ' ' || low[p] == ':' || low[p] == '"')) ++p;
    char* end = nullptr;
    double v = std::strtod(low.c_str() + p, &end);
    if (end && end != low.c_str() + p && v >= 0) {
      if (*end == 'm' && end[1] == 's') v /= 1000.0;
      else if (*end == 'm') v *= 60;
      return v;
    }
  }
  return -1;
}

bool Contains(std::string_view hay, std::string_view needle) {
  return text::ToLowerAscii(hay).find(needle) != std::string::npos;
}

std::string Message(ErrorKind k, const ProviderConfig& p, int status, const std::string& provider_message) {
  const std::string name = ProviderName(p);
  const std::string code = status ? " (HTTP " + std::to_string(status) + ")" : "";
  const std::string said = provider_message.empty() ? "" : " It said: \"" + provider_message + "\"";
  switch (k) {
    case ErrorKind::Auth:
      return name + " rejected the API key" + code + ". Check the key in the Model tab; your transcript and finished steps are kept." + said;
    case ErrorKind::Permission:
      return name + " refused access" + code + ": this key or organization may not be allowed to use this model, this region, or requests from web pages." + said;
    case ErrorKind::Billing:
      return name + " says the account is out of credit or over its spend limit" + code + ". Add credit or raise the limit, then retry." + said;
    case ErrorKind::RateLimit:
      return name + " is limiting how fast requests may be sent" + code + ". TalkPress waits and retries; lower the concurrency in the Model tab if this keeps happening." + said;
    case ErrorKind::Overloaded:
      return name + " is overloaded or had a server error" + code + ". Retry in a moment, or choose another model." + said;
    case ErrorKind::ContextLength:
      return "The request is too long for " + (p.model.empty() ? std::string("this model") : p.model) +
             "'s context window" + code + ". Choose a model with a larger context, or a smaller chunk size." + said;
    case ErrorKind::InvalidModel:
      return name + " does not know the model \"" + p.model + "\"" + code + ". Use Test connection to list the models your key can use." + said;
    case ErrorKind::ContentFilter:
      return name + " stopped the answer (content filter or refusal). What was written so far is kept; try another model or provider." + said;
    case ErrorKind::BadRequest:
      return name + " rejected the request" + code + "." + said;
    case ErrorKind::BadResponse:
      return name + " sent a response TalkPress could not read" + code + "." + said;
    case ErrorKind::Truncated:
      return "The answer from " + name + " stopped before it was complete (the connection may have dropped). What arrived is kept; retry to continue.";
    default:
      return name + " returned an error" + code + "." + said;
  }
}

}  // namespace

LlmError ClassifyHttpError(const ProviderConfig& p, int status, std::string_view retry_after, std::string_view body) {
  LlmError e;
  e.http_status = status;
  json j = json::parse(body.begin(), body.end(), nullptr, false);
  e.provider_message = ExtractMessage(j.is_discarded() ? json() : j, body);
  const std::string type = text::ToLowerAscii(ErrorType(j.is_discarded() ? json() : j));
  const std::string all = type + " " + text::ToLowerAscii(e.provider_message);
  if (status == 401) e.kind = ErrorKind::Auth;
  else if (status == 400 && Contains(type, "api_key_invalid")) e.kind = ErrorKind::Auth;   // Gemini's bad key is a 400
  else if (status == 402) e.kind = ErrorKind::Billing;
  else if (status == 403) e.kind = Contains(all, "balance") || Contains(all, "quota") ? ErrorKind::Billing : ErrorKind::Permission;
  else if (status == 429) {
    e.kind = Contains(all, "insufficient_quota") || Contains(all, "enforced_spend_limit") || Contains(all, "billing")
                 ? ErrorKind::Billing : ErrorKind::RateLimit;
  } else if (status == 404) e.kind = ErrorKind::InvalidModel;
  else if (status == 413) e.kind = ErrorKind::ContextLength;
  else if (status == 400 || status == 422) {
    if (Contains(all, "context_length") || Contains(all, "context length") || Contains(all, "prompt is too long") ||
        Contains(all, "input token count") || Contains(all, "too many tokens") || Contains(all, "maximum context"))
      e.kind = ErrorKind::ContextLength;
    else e.kind = ErrorKind::BadRequest;
  } else if (status == 408) e.kind = ErrorKind::Timeout;
  else if (status >= 500 || status == 498) e.kind = ErrorKind::Overloaded;   // 529 Anthropic, 498 Groq flex
  else e.kind = ErrorKind::BadRequest;
  if (!retry_after.empty()) {
    char* end = nullptr;
    std::string ra(retry_after);
    double v = std::strtod(ra.c_str(), &end);
    if (end != ra.c_str()) e.retry_after_sec = v;
  }
  if (e.retry_after_sec < 0) e.retry_after_sec = BodyRetryHint(body);
  e.message = Message(e.kind, p, status, e.provider_message);
  return e;
}

LlmError NetworkError(const ProviderConfig& p, std::string_view detail) {
  LlmError e;
  e.kind = ErrorKind::Network;
  e.provider_message = std::string(detail);
  const std::string base = Base(p);
  const ProviderPreset* pr = FindProviderPreset(p.preset_id);
  const bool local = base.find("://localhost") != std::string::npos || base.find("://127.") != std::string::npos ||
                     base.find("://[::1]") != std::string::npos;
  if (pr && !pr->browser_ok)
    e.message = std::string(pr->name) + " does not accept requests from web pages (CORS). " + pr->note;
  else if (local)
    e.message = "Could not reach " + base + ". Is the local server running? Ollama must be started with OLLAMA_ORIGINS "
                "set to this page's origin; LM Studio needs \"Enable CORS\"; Chrome may ask you to allow local network access.";
  else
    e.message = "Could not reach " + (base.empty() ? std::string("the provider") : base) +
                ". Check your connection and the base URL. If both are right, the service is refusing requests from web "
                "pages (CORS): use OpenRouter or a proxy you control.";
  return e;
}

LlmError TimeoutError(const ProviderConfig& p, bool before_first_byte, double seconds) {
  LlmError e;
  e.kind = ErrorKind::Timeout;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", seconds);
  e.message = before_first_byte
                  ? ProviderName(p) + " did not start answering within " + buf + " s. It may be overloaded; TalkPress retries, or try another model."
                  : ProviderName(p) + " stopped sending for " + buf + " s in the middle of an answer. What arrived is kept; retry to continue.";
  return e;
}

void DescribeError(const ProviderConfig& p, LlmError* e) {
  if (e->ok() || !e->message.empty()) return;
  e->message = Message(e->kind, p, e->http_status, e->provider_message);
}

LlmError AbortedError() {
  LlmError e;
  e.kind = ErrorKind::Aborted;
  e.message = "Cancelled. Finished steps are kept.";
  return e;
}

// ---------------------------------------------------------------------------------------------- retries

RetryDecision DecideRetry(const LlmError& e, int attempts_made, bool content_started, double jitter) {
  RetryDecision d;
  if (content_started || attempts_made > kMaxRetries) return d;
  const bool transient = e.kind == ErrorKind::RateLimit || e.kind == ErrorKind::Overloaded ||
                         e.kind == ErrorKind::Network || e.kind == ErrorKind::Timeout;
  if (!transient) return d;
  // A network error that is really CORS or a wrong URL fails the same way again: retry it once only.
  if (e.kind == ErrorKind::Network && attempts_made > 1) return d;
  if (e.retry_after_sec >= 0) {
    if (e.retry_after_sec > 60) return d;   // tell the user instead of waiting minutes
    d.retry = true;
    d.delay_sec = e.retry_after_sec;
    return d;
  }
  const double base = std::pow(2.0, attempts_made - 1);   // 1 s, 2 s
  d.retry = true;
  d.delay_sec = base * (0.75 + 0.25 * jitter);
  return d;
}

// ---------------------------------------------------------------------------------------------- streams

const char* FinishReasonName(FinishReason f) {
  switch (f) {
    case FinishReason::None: return "none";
    case FinishReason::Stop: return "stop";
    case FinishReason::Length: return "length";
    case FinishReason::ContentFilter: return "content_filter";
    case FinishReason::Error: return "error";
  }
  return "none";
}

StreamDecoder::StreamDecoder(ProviderKind kind, bool streaming) : kind_(kind), streaming_(streaming) {
  sse_.on_event = [this](const SseEvent& e) { OnEvent(e); };
}

void StreamDecoder::Feed(std::string_view bytes) {
  if (streaming_) sse_.Feed(bytes);
  else whole_.append(bytes.data(), bytes.size());
}

std::string StreamDecoder::TakeDelta() {
  std::string d;
  d.swap(pending_delta);
  return d;
}

void StreamDecoder::AddText(std::string_view t) {
  if (t.empty()) return;
  text.append(t.data(), t.size());
  pending_delta.append(t.data(), t.size());
  content_started = true;
}

namespace {
LlmError InStreamError(const json& err) {
  // In-stream errors carry the same types as HTTP errors; map them without a status.
  std::string type = text::ToLowerAscii(js::Str(err, "type", js::Str(err, "code")));
  if (err.is_object() && err.contains("status") && err["status"].is_string()) type += " " + text::ToLowerAscii(err["status"].get<std::string>());
  LlmError e;
  e.provider_message = err.is_object() && err.contains("message") && err["message"].is_string() ? err["message"].get<std::string>() : js::Dump(err);
  if (type.find("overloaded") != std::string::npos || type.find("server_error") != std::string::npos ||
      type.find("api_error") != std::string::npos || type.find("unavailable") != std::string::npos)
    e.kind = ErrorKind::Overloaded;
  else if (type.find("rate_limit") != std::string::npos || type.find("resource_exhausted") != std::string::npos)
    e.kind = ErrorKind::RateLimit;
  else if (type.find("authentication") != std::string::npos) e.kind = ErrorKind::Auth;
  else e.kind = ErrorKind::BadResponse;
  return e;
}
}  // namespace

void StreamDecoder::OnEvent(const SseEvent& e) {
  if (e.data == "[DONE]") { terminated = true; return; }
  json j = json::parse(e.data, nullptr, false);
  if (j.is_discarded()) {
    if (error.ok()) { error.kind = ErrorKind::BadResponse; error.provider_message = e.data.substr(0, 200); }
    return;
  }
  OnJson(j, e.event);
}

void StreamDecoder::OnJson(const json& j, std::string_view event_name) {
  if (!j.is_object()) return;
  if (j.contains("error") && !j["error"].is_null()) {
    error = InStreamError(j["error"]);
    finish = FinishReason::Error;
    return;
  }
  switch (kind_) {
    case ProviderKind::OpenAI: {
      if (j.contains("usage") && j["usage"].is_object()) {
        usage.input_tokens = js::Int(j["usage"], "prompt_tokens", usage.input_tokens);
        usage.output_tokens = js::Int(j["usage"], "completion_tokens", usage.output_tokens);
      }
      if (!j.contains("choices") || !j["choices"].is_array() || j["choices"].empty()) return;
      const json& c = j["choices"][0];
      const json* d = c.contains("delta") ? &c["delta"] : c.contains("message") ? &c["message"] : nullptr;
      if (d && d->is_object()) {
        if (d->contains("content") && (*d)["content"].is_string()) AddText((*d)["content"].get<std::string>());
        if (d->contains("refusal") && (*d)["refusal"].is_string()) refusal_ += (*d)["refusal"].get<std::string>();
      }
      if (c.contains("finish_reason") && c["finish_reason"].is_string()) {
        const std::string f = c["finish_reason"].get<std::string>();
        finish = f == "length" ? FinishReason::Length : f == "content_filter" ? FinishReason::ContentFilter
               : f == "error" ? FinishReason::Error : FinishReason::Stop;
        if (f == "error" && error.ok()) { error.kind = ErrorKind::Overloaded; error.provider_message = "finish_reason: error"; }
      }
      if (!streaming_) terminated = true;
      break;
    }
    case ProviderKind::Anthropic: {
      const std::string type = js::Str(j, "type", std::string(event_name));
      if (type == "message_start" && j.contains("message")) {
        const json& m = j["message"];
        usage.input_tokens = js::Int(js::At(m, "usage"), "input_tokens", usage.input_tokens);
      } else if (type == "content_block_delta" && j.contains("delta")) {
        const json& d = j["delta"];
        const std::string dt = js::Str(d, "type");
        if (dt == "text_delta") AddText(js::Str(d, "text"));
        else if (dt == "input_json_delta") AddText(js::Str(d, "partial_json"));   // forced tool use = our JSON
      } else if (type == "message_delta") {
        if (j.contains("delta") && j["delta"].contains("stop_reason") && j["delta"]["stop_reason"].is_string()) {
          const std::string s = j["delta"]["stop_reason"].get<std::string>();
          finish = s == "max_tokens" ? FinishReason::Length : s == "refusal" ? FinishReason::ContentFilter : FinishReason::Stop;
        }
        usage.output_tokens = js::Int(js::At(j, "usage"), "output_tokens", usage.output_tokens);
      } else if (type == "message_stop") {
        terminated = true;
      } else if (type == "message") {   // a whole, non-streamed response
        if (j.contains("content") && j["content"].is_array())
          for (const json& b : j["content"]) {
            if (js::Str(b, "type") == "text") AddText(js::Str(b, "text"));
            else if (js::Str(b, "type") == "tool_use" && b.contains("input")) AddText(js::Dump(b["input"]));
          }
        const std::string s = js::Str(j, "stop_reason", "end_turn");
        finish = s == "max_tokens" ? FinishReason::Length : s == "refusal" ? FinishReason::ContentFilter : FinishReason::Stop;
        if (j.contains("usage")) {
          usage.input_tokens = js::Int(j["usage"], "input_tokens");
          usage.output_tokens = js::Int(j["usage"], "output_tokens");
        }
        terminated = true;
      }
      break;
    }
    case ProviderKind::Gemini: {
      if (j.contains("usageMetadata")) {
        usage.input_tokens = js::Int(j["usageMetadata"], "promptTokenCount", usage.input_tokens);
        usage.output_tokens = js::Int(j["usageMetadata"], "candidatesTokenCount", usage.output_tokens);
      }
      if (j.contains("promptFeedback") && j["promptFeedback"].contains("blockReason")) {
        finish = FinishReason::ContentFilter;
        refusal_ = "prompt blocked: " + js::Dump(j["promptFeedback"]["blockReason"]);
        terminated = true;
        return;
      }
      if (!j.contains("candidates") || !j["candidates"].is_array() || j["candidates"].empty()) return;
      const json& c = j["candidates"][0];
      if (c.contains("content") && c["content"].contains("parts") && c["content"]["parts"].is_array())
        for (const json& part : c["content"]["parts"])
          if (part.is_object() && !js::Bool(part, "thought") && part.contains("text") && part["text"].is_string())
            AddText(part["text"].get<std::string>());
      if (c.contains("finishReason") && c["finishReason"].is_string()) {
        const std::string f = c["finishReason"].get<std::string>();
        finish = f == "STOP" ? FinishReason::Stop : f == "MAX_TOKENS" ? FinishReason::Length
               : (f == "SAFETY" || f == "RECITATION" || f == "PROHIBITED_CONTENT" || f == "BLOCKLIST" || f == "SPII")
                   ? FinishReason::ContentFilter : FinishReason::Stop;
        if (finish == FinishReason::ContentFilter) refusal_ = "finishReason " + f;
        terminated = true;   // Gemini has no terminator: the finishReason frame is the end
      }
      break;
    }
  }
}

void StreamDecoder::Finish() {
  if (streaming_) {
    sse_.Finish();
  } else {
    json j = json::parse(whole_, nullptr, false);
    if (j.is_discarded()) {
      error.kind = ErrorKind::BadResponse;
      error.provider_message = whole_.substr(0, 200);
    } else {
      if (kind_ == ProviderKind::Anthropic && j.is_object() && !j.contains("type")) j["type"] = "message";
      OnJson(j, "");
      terminated = true;
    }
  }
  if (error.ok() && finish == FinishReason::ContentFilter) {
    error.kind = ErrorKind::ContentFilter;
    error.provider_message = refusal_;
  } else if (error.ok() && !refusal_.empty()) {
    error.kind = ErrorKind::ContentFilter;
    error.provider_message = refusal_;
    finish = FinishReason::ContentFilter;
  } else if (error.ok() && !terminated) {
    error.kind = ErrorKind::Truncated;
  }
}

Usage CompleteUsage(Usage u, const LlmRequest& r, const std::string& answer, TokenizerFamily family) {
  if (u.input_tokens > 0 && u.output_tokens > 0) return u;
  if (u.input_tokens <= 0) u.input_tokens = EstimateTokens(r.system, family) + EstimateTokens(r.user, family);
  if (u.output_tokens <= 0) u.output_tokens = EstimateTokens(answer, family);
  u.estimated = true;
  return u;
}

}  // namespace tp
