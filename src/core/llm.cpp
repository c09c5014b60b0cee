// Providers. Index: presets · request builders · model lists · errors (classification, messages,
// hints) · retry policy · StreamDecoder (OpenAI, Anthropic, Gemini; streamed and whole) · usage.
#include "core/llm.h"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/embedded_assets.h"
#include "core/json_util.h"
#include "core/provider_session.h"
#include "core/text_util.h"
#include "core/url.h"

namespace tp {

using nlohmann::json;
// Request bodies are ordered: the schema inside keeps its keys in the order the model should fill them.
using ojson = nlohmann::ordered_json;

const char* ProviderKindName(ProviderKind k) {
  switch (k) {
    case ProviderKind::OpenAI: return "openai";
    case ProviderKind::Anthropic: return "anthropic";
    case ProviderKind::Gemini: return "gemini";
    case ProviderKind::Ollama: return "ollama";
  }
  return "openai";
}

bool ProviderKindFromName(std::string_view name, ProviderKind* out) {
  for (ProviderKind k : {ProviderKind::OpenAI, ProviderKind::Anthropic, ProviderKind::Gemini, ProviderKind::Ollama})
    if (name == ProviderKindName(k)) { *out = k; return true; }
  return false;
}

// ---------------------------------------------------------------------------------------------- presets

const std::vector<ProviderPreset>& ProviderPresets() {
  // Strings live as long as the program: the presets are read once and never change.
  static std::vector<std::string> strings;
  static const std::vector<ProviderPreset> presets = [] {
    std::vector<ProviderPreset> out;
    const std::string_view text = FindEmbeddedAsset("providers/presets.json");
    const json j = json::parse(text.begin(), text.end(), nullptr, false);
    const json& list = js::At(j, "presets");
    strings.reserve(list.is_array() ? list.size() * 5 : 0);   // no reallocation: pointers stay valid
    auto keep = [](std::string v) { strings.push_back(std::move(v)); return strings.back().c_str(); };
    for (const json& e : list) {
      ProviderPreset p{};
      p.id = keep(js::Str(e, "id"));
      p.name = keep(js::Str(e, "name"));
      p.kind = ProviderKind::OpenAI;
      ProviderKindFromName(js::Str(e, "kind", "openai"), &p.kind);
      p.base_url = keep(js::Str(e, "base_url"));
      p.default_model = keep(js::Str(e, "default_model"));
      const std::string browser = js::Str(e, "browser", "ok");
      p.browser = browser == "blocked" ? BrowserAccess::Blocked : browser == "local" ? BrowserAccess::Local : BrowserAccess::Ok;
      p.browser_ok = p.browser != BrowserAccess::Blocked;
      p.needs_key = js::Bool(e, "needs_key", true);
      p.note = keep(js::Str(e, "note"));
      if (!StructuredModeFromName(js::Str(e, "structured"), &p.structured)) p.structured = StructuredMode::JsonSchema;
      p.strip_schema_keywords = js::Str(e, "schema_keywords") == "strip";
      p.max_completion_tokens = js::Str(e, "max_tokens_field") == "max_completion_tokens";
      p.stream_usage = !js::Bool(e, "no_stream_usage");
      p.require_parameters = js::Bool(e, "require_parameters");
      p.key_url = js::Str(e, "key_url");
      for (const json& r : js::At(e, "reach"))
        if (r.is_string()) p.reach.push_back(r.get<std::string>());
      out.push_back(std::move(p));
    }
    return out;
  }();
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
  for (const char* cn : {"deepseek", "dashscope", "moonshot", "glm", "siliconflow", "doubao", "minimax"})
    if (preset_id == cn) return TokenizerFamily::DeepSeekQwen;
  return TokenizerFamily::OpenAI;
}

// ---------------------------------------------------------------------------------------------- requests

ApiPathStyle PathStyle(ProviderKind k) {
  switch (k) {
    case ProviderKind::Anthropic: return ApiPathStyle::Anthropic;
    case ProviderKind::Gemini: return ApiPathStyle::Gemini;
    case ProviderKind::Ollama: return ApiPathStyle::Ollama;
    case ProviderKind::OpenAI: break;
  }
  return ApiPathStyle::OpenAICompatible;
}

std::string NormalizedBaseUrl(const ProviderConfig& p) {
  const ProviderPreset* pr = FindProviderPreset(p.preset_id);
  std::string b = NormalizeBaseUrl(p.base_url, PathStyle(p.kind), pr ? pr->base_url : "");
  if (b.empty()) {   // not a URL: keep what was typed so the error names it
    b = std::string(text::Trim(p.base_url));
    while (!b.empty() && b.back() == '/') b.pop_back();
  }
  return b;
}

ModelSpec ModelFor(const ProviderConfig& p) {
  return WithOverrides(LookupModel(p.model), p.context_tokens, p.max_output_tokens);
}

StructuredMode DefaultStructuredMode(const ProviderConfig& p) {
  if (p.kind == ProviderKind::Anthropic) return StructuredMode::Tool;
  if (p.kind == ProviderKind::Ollama) return StructuredMode::OllamaFormat;
  const ModelSpec m = LookupModel(p.model);
  if (m.has_structured && !(p.kind == ProviderKind::Gemini && m.structured == StructuredMode::JsonObject)) return m.structured;
  if (p.kind == ProviderKind::Gemini) return StructuredMode::JsonSchema;
  if (const ProviderPreset* pr = FindProviderPreset(p.preset_id)) return pr->structured;
  return StructuredMode::JsonSchema;
}

bool StripsSchemaKeywords(const ProviderConfig& p) {
  const ProviderPreset* pr = FindProviderPreset(p.preset_id);
  return pr && pr->strip_schema_keywords;
}

std::string BrowserAccessAdvice(const ProviderConfig& p) {
  const ProviderPreset* pr = FindProviderPreset(p.preset_id);
  if (!pr || pr->browser != BrowserAccess::Blocked) return "";
  std::string fixes;
  for (const std::string& r : pr->reach) {
    std::string name = r == "relay" ? std::string("a relay you deploy (relay/ in TalkPress)") : r;
    if (const ProviderPreset* alt = FindProviderPreset(r); alt && r != "relay") name = alt->name;
    fixes += (fixes.empty() ? "" : ", or ") + name;
  }
  return std::string(pr->name) + " does not accept requests from web pages (CORS)." +
         (fixes.empty() ? std::string(" ") + pr->note : " Reach its models through " + fixes + ".");
}

namespace {
std::string Base(const ProviderConfig& p) { return NormalizedBaseUrl(p); }

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

int PromptTokens(const ProviderConfig& p, const LlmRequest& r) {
  return EstimateTokens(r.system, p.Tokenizer()) + EstimateTokens(r.user, p.Tokenizer()) +
         (r.schema.is_null() ? 0 : EstimateTokens(js::Dump(r.schema), p.Tokenizer()) * 2);
}

// Our estimate of the prompt, with a margin for the provider's tokenizer counting more.
static int PromptWithMargin(const ProviderConfig& p, const LlmRequest& r) {
  return (int)std::min(1e9, PromptTokens(p, r) * SessionFor(p).prompt_token_scale) + 64;
}

int RequestedOutputTokens(const ProviderConfig& p, const LlmRequest& r) {
  const int want = OutputBudget(ModelFor(p), r.max_output_tokens);
  const std::optional<int>& ceiling = SessionFor(p).request_tokens;
  if (!ceiling) return want;
  // The provider counts the prompt and the room for the answer against one limit: what is left after the
  // prompt, with a margin for our estimate of it.
  return std::min(want, std::max(std::min(want, kLeastAnswerTokens), *ceiling - PromptWithMargin(p, r)));
}

bool FitsRequestLimit(const ProviderConfig& p, const LlmRequest& r) {
  const std::optional<int>& ceiling = SessionFor(p).request_tokens;
  return !ceiling || PromptWithMargin(p, r) + RequestedOutputTokens(p, r) <= *ceiling;
}

int OllamaContextFor(const ProviderConfig& p, const LlmRequest& r) {
  const int prompt = PromptTokens(p, r);
  const int need = (int)(prompt * 1.15) + r.max_output_tokens + 256;
  int ctx = 4096;
  while (ctx < need && ctx < (1 << 20)) ctx *= 2;   // powers of two: fewer model reloads between requests
  const ModelSpec m = ModelFor(p);
  if (m.known || p.context_tokens > 0) ctx = std::min(ctx, std::max(m.context_tokens, 4096));
  return ctx;
}

HttpRequest BuildChatRequest(const ProviderConfig& p, const LlmRequest& r) {
  HttpRequest h;
  const std::string base = Base(p);
  const ModelSpec model = ModelFor(p);
  const bool structured = !r.schema.is_null();
  const StructuredMode mode = r.structured ? *r.structured : DefaultStructuredMode(p);
  const bool strip = r.strip_schema_keywords ? *r.strip_schema_keywords : StripsSchemaKeywords(p);
  const ojson wire_schema = structured ? (strip ? StripAdvancedKeywords(r.schema) : r.schema) : ojson();
  // In every mode the prompt says "JSON" and shows the shape: json_object requires it (DeepSeek, Qwen),
  // and a model that sees the shape follows it better even where the API enforces it.
  // Where the API carries the schema whole, the prompt need not repeat it; where keywords were left out
  // (counts, lengths), the prompt still tells the model the full schema.
  const bool api_has_whole_schema = (mode == StructuredMode::JsonSchema || mode == StructuredMode::Tool) && !strip;
  const std::string system = structured && !api_has_whole_schema ? r.system + SchemaInstructions(r.schema) : r.system;
  const int max_tokens = RequestedOutputTokens(p, r);
  const bool temperature = r.temperature >= 0 && model.temperature;
  ojson body;
  switch (p.kind) {
    case ProviderKind::OpenAI: {
      h.url = base + "/chat/completions";
      if (!p.api_key.empty()) h.headers.push_back({"Authorization", "Bearer " + p.api_key});
      ojson messages = ojson::array();
      if (!system.empty()) messages.push_back({{"role", "system"}, {"content", system}});
      messages.push_back({{"role", "user"}, {"content", r.user}});
      body = {{"model", p.model}, {"messages", messages}, {"stream", r.stream}};
      const ProviderPreset* pr = FindProviderPreset(p.preset_id);
      if (r.stream && (!pr || pr->stream_usage)) body["stream_options"] = {{"include_usage", true}};
      // OpenAI's reasoning models reject max_tokens; compatible servers mostly still read it. A custom
      // base URL on OpenAI's or Azure OpenAI's hosts is OpenAI's API.
      const bool completion_field = r.completion_field ? *r.completion_field
                                    : p.use_max_completion_tokens || (pr && pr->max_completion_tokens) || IsOpenAiHost(base);
      body[completion_field ? "max_completion_tokens" : "max_tokens"] = max_tokens;
      if (temperature) body["temperature"] = r.temperature;
      if (structured) {
        switch (mode) {
          case StructuredMode::JsonSchema:
            body["response_format"] = {{"type", "json_schema"},
                                       {"json_schema", {{"name", r.schema_name}, {"strict", true}, {"schema", StrictSchema(wire_schema)}}}};
            break;
          case StructuredMode::JsonObject: body["response_format"] = {{"type", "json_object"}}; break;
          case StructuredMode::Tool:
            body["tools"] = ojson::array({{{"type", "function"},
                                          {"function", {{"name", r.schema_name}, {"description", "Return the result in this exact structure."},
                                                        {"parameters", wire_schema}}}}});
            body["tool_choice"] = {{"type", "function"}, {"function", {{"name", r.schema_name}}}};
            break;
          case StructuredMode::OllamaFormat:   // Ollama's OpenAI endpoint reads json_schema
            body["response_format"] = {{"type", "json_schema"}, {"json_schema", {{"name", r.schema_name}, {"schema", wire_schema}}}};
            break;
          case StructuredMode::PromptOnly: break;
        }
        // OpenRouter otherwise may route to an upstream that ignores response_format and answers in any
        // shape; if no upstream honours every parameter it answers 404 "No endpoints found that can handle
        // the requested parameters", which falls back to the next mode (IsStructuredOutputRejection).
        if (pr && pr->require_parameters && mode != StructuredMode::PromptOnly) body["provider"] = {{"require_parameters", true}};
      }
      break;
    }
    case ProviderKind::Anthropic: {
      h.url = base + "/v1/messages";
      h.headers.push_back({"x-api-key", p.api_key});
      h.headers.push_back({"anthropic-version", "2023-06-01"});
      // Without this header Anthropic answers browser requests without CORS headers.
      h.headers.push_back({"anthropic-dangerous-direct-browser-access", "true"});
      body = {{"model", p.model},
              {"max_tokens", max_tokens},
              {"messages", ojson::array({{{"role", "user"}, {"content", r.user}}})},
              {"stream", r.stream}};
      if (!system.empty()) body["system"] = system;
      if (temperature) body["temperature"] = r.temperature;
      if (structured && mode == StructuredMode::Tool) {
        // Forced tool use: schema-shaped output on every Claude 3+/4 model (assistant prefill is gone
        // on 4.6+). The arguments stream as input_json_delta.
        body["tools"] = ojson::array({{{"name", r.schema_name},
                                      {"description", "Return the result in this exact structure."},
                                      {"input_schema", wire_schema}}});
        body["tool_choice"] = {{"type", "tool"}, {"name", r.schema_name}};
      }
      break;
    }
    case ProviderKind::Gemini: {
      h.url = base + "/v1beta/models/" + UrlEncodePath(p.model) + (r.stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
      h.headers.push_back({"x-goog-api-key", p.api_key});   // never ?key=: URLs end up in logs and history
      body = {{"contents", ojson::array({{{"role", "user"}, {"parts", ojson::array({{{"text", r.user}}})}}})}};
      if (!system.empty()) body["systemInstruction"] = {{"parts", ojson::array({{{"text", system}}})}};
      ojson gen = {{"maxOutputTokens", max_tokens}};
      if (temperature) gen["temperature"] = r.temperature;
      if (structured && mode == StructuredMode::JsonSchema) {
        gen["responseMimeType"] = "application/json";
        gen["responseJsonSchema"] = wire_schema;
      } else if (structured && mode == StructuredMode::JsonObject) {
        gen["responseMimeType"] = "application/json";
      }
      body["generationConfig"] = gen;
      break;
    }
    case ProviderKind::Ollama: {
      // Native /api/chat: its OpenAI endpoint cuts prompts to a small default context without saying so.
      h.url = base + "/api/chat";
      if (!p.api_key.empty()) h.headers.push_back({"Authorization", "Bearer " + p.api_key});   // a proxy in front of it
      ojson messages = ojson::array();
      if (!system.empty()) messages.push_back({{"role", "system"}, {"content", system}});
      messages.push_back({{"role", "user"}, {"content", r.user}});
      ojson options = {{"num_ctx", OllamaContextFor(p, r)}, {"num_predict", max_tokens}};
      if (temperature) options["temperature"] = r.temperature;
      body = {{"model", p.model}, {"messages", messages}, {"stream", r.stream}, {"options", options}};
      if (structured && mode == StructuredMode::OllamaFormat) {
        body["format"] = wire_schema;
        // A thinking model given a format may spend its budget thinking; models without thinking reject
        // the field, so it goes only to the families that think.
        const std::string low = text::ToLowerAscii(p.model);
        for (const char* f : {"qwen3", "deepseek-r1", "gpt-oss", "magistral", "qwq"})
          if (low.find(f) != std::string::npos) { body["think"] = false; break; }
      }
      break;
    }
  }
  h.headers.push_back({"Content-Type", "application/json"});
  h.body = body.dump(-1, ' ', false, ojson::error_handler_t::replace);
  return h;
}

std::string ResolvedEndpoint(const ProviderConfig& p) {
  LlmRequest r;
  r.user = "-";
  return BuildChatRequest(p, r).url;
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
    case ProviderKind::Ollama:
      h.url = base + "/api/tags";
      if (!p.api_key.empty()) h.headers.push_back({"Authorization", "Bearer " + p.api_key});
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
    } else if (kind == ProviderKind::Ollama) {
      mi.id = js::Str(m, "name", js::Str(m, "model"));   // /api/tags: {"models":[{"name":"qwen3:8b",…}]}
      mi.name = mi.id;
    } else {
      mi.id = js::Str(m, "id");
      if (text::StartsWith(mi.id, "models/")) mi.id = mi.id.substr(7);   // Gemini's OpenAI endpoint
      mi.name = m.contains("display_name") && m["display_name"].is_string() ? m["display_name"].get<std::string>()
              : m.contains("name") && m["name"].is_string() ? m["name"].get<std::string>() : mi.id;
      mi.context_tokens = num(m, "context_length") ? num(m, "context_length") : num(m, "context_window");
      if (m.contains("top_provider") && m["top_provider"].is_object()) mi.max_output_tokens = num(m["top_provider"], "max_completion_tokens");
    }
    if (mi.id.empty()) continue;
    // What the provider does not say, the catalog may know.
    const ModelSpec known = LookupModel(mi.id);
    if (known.known && mi.context_tokens == 0) mi.context_tokens = known.context_tokens;
    if (known.known && mi.max_output_tokens == 0) mi.max_output_tokens = known.max_output_tokens;
    out.push_back(mi);
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
    case ErrorKind::WrongEndpoint: return "wrong_base_url";
    case ErrorKind::EmptyAnswer: return "empty_answer";
  }
  return "bad_response";
}

bool LlmError::Persistent() const {
  return kind == ErrorKind::Auth || kind == ErrorKind::Permission || kind == ErrorKind::Billing ||
         kind == ErrorKind::InvalidModel || kind == ErrorKind::WrongEndpoint;
}

namespace {
// "<html>…<title>Error 404 (Not Found)!!1</title>…" -> "Error 404 (Not Found)!!1": an HTML page (a
// proxy's, Google's 404, a captive portal) in one line instead of pasted markup.
std::string HtmlSummary(std::string_view body) {
  const std::string low = text::ToLowerAscii(body.substr(0, 4096));
  const size_t lead = low.find_first_not_of(" \t\r\n");
  if (lead == std::string::npos || low[lead] != '<') return "";
  if (low.find("<html") == std::string::npos && low.find("<!doctype") == std::string::npos && low.find("<body") == std::string::npos &&
      low.find("<title") == std::string::npos && low.find("<h1") == std::string::npos)
    return "";
  auto between = [&](const char* open, const char* close) -> std::string {
    size_t a = low.find(open);
    if (a == std::string::npos) return "";
    a = low.find('>', a);
    if (a == std::string::npos) return "";
    size_t b = low.find(close, a);
    if (b == std::string::npos) return "";
    return std::string(body.substr(a + 1, b - a - 1));
  };
  std::string t = between("<title", "</title>");
  if (text::Trim(t).empty()) t = between("<h1", "</h1>");
  // Strip any tags left inside and collapse whitespace.
  std::string plain;
  bool tag = false;
  for (char c : t) {
    if (c == '<') tag = true;
    else if (c == '>') tag = false;
    else if (!tag) plain += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  plain = text::CollapseSpaces(text::Trim(plain));
  if (plain.size() > 120) plain = plain.substr(0, 120) + "…";
  return plain.empty() ? "an HTML page" : "an HTML page: " + plain;
}
}  // namespace

std::string SummarizeErrorBody(std::string_view body) {
  const std::string html = HtmlSummary(body);
  if (!html.empty()) return html;
  std::string flat(text::Trim(body));
  for (char& c : flat) if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  std::string t = text::CollapseSpaces(flat);
  if (t.size() > 300) t = t.substr(0, 300) + "…";
  return t;
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
    if (j.contains("detail") && j["detail"].is_string()) return j["detail"].get<std::string>();      // FastAPI servers
  }
  return SummarizeErrorBody(raw);
}

std::string ErrorType(const json& j) {
  if (j.is_array() && !j.empty()) return ErrorType(j[0]);
  if (!j.is_object()) return "";
  auto e = j.find("error");
  // DashScope's native and SiliconFlow's bodies carry {"code","message"} at the top.
  const json& err = e != j.end() && e->is_object() ? *e : j;
  if (&err == &j && !j.contains("code")) return "";
  std::string t;
  for (const char* k : {"type", "code", "status"}) {
    auto it = err.find(k);
    if (it == err.end()) continue;
    if (it->is_string()) t += it->get<std::string>() + " ";
    else if (it->is_number_integer()) t += std::to_string(it->get<long long>()) + " ";   // OpenRouter 403, GLM, SiliconFlow
  }
  if (err.contains("details")) t += js::Dump(err["details"]);   // Gemini reasons, Anthropic error_code
  if (err.contains("metadata")) t += js::Dump(err["metadata"]);   // OpenRouter moderation reasons, upstream raw error
  return t;
}

// `type` (ErrorType's words) holds `code` as a word of its own: GLM's numeric codes ("1113") must not
// match inside a number of the message ("11130 tokens").
bool HasCode(std::string_view type, std::string_view code) {
  for (size_t p = type.find(code); p != std::string_view::npos; p = type.find(code, p + 1)) {
    const bool starts = p == 0 || !std::isalnum((unsigned char)type[p - 1]);
    const bool ends = p + code.size() == type.size() || !std::isalnum((unsigned char)type[p + code.size()]);
    if (starts && ends) return true;
  }
  return false;
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

// Out-of-credit answers as each provider words them (research llm_apis.md §3, §4.1), matched in the
// error's type/code and message whatever the status: Anthropic 400 "Your credit balance is too low",
// OpenAI 429 insufficient_quota, Anthropic 429 enforced_spend_limit_reached, DashScope 400 Arrearage,
// Kimi 403/429 balance, OpenRouter/DeepSeek 402 (402 is billing by status alone).
// GLM (open.bigmodel.cn) answers 429 with code 1113 "您的账户已欠费" (the account is in arrears).
constexpr std::string_view kBillingSignals[] = {
    "insufficient_quota", "enforced_spend_limit", "billing_hard_limit", "billing_not_active", "arrearage",
    "exceeded_current_quota", "credit balance", "insufficient balance", "insufficient credit", "insufficient account balance",
    "balance is insufficient", "balance is too low", "out of credit", "purchase credits", "enable billing", "account is not active",
    "欠费", "余额不足",
};

// A refused input or output (moderation), as each provider words it: DashScope data_inspection_failed
// (400, or inside a 200 stream), OpenRouter's 403 "Your input was flagged" with metadata.reasons, GLM code
// 1301 "…不安全或敏感内容", Azure content_filter, Gemini PROHIBITED_CONTENT (research llm_apis.md §3, §5).
constexpr std::string_view kContentFilterSignals[] = {
    "data_inspection_failed", "content_filter", "content filter", "input was flagged", "output was flagged", "requires moderation",
    "inappropriate content", "unsafe content",
    "sensitive content", "prohibited_content", "content_policy_violation", "敏感内容", "不安全",
};
constexpr std::string_view kContentFilterCodes[] = {"1301"};   // GLM

// A prompt longer than the model's window, as each server words it: OpenAI context_length_exceeded,
// Anthropic "prompt is too long", Gemini "input token count", llama.cpp exceed_context_size_error "exceeds
// the available context size", Kimi "exceeded model token limit", DashScope "Range of input length should be
// [1, N]", xAI "maximum prompt length is", TGI/Together "`inputs` tokens + `max_new_tokens` must be <=",
// GLM code 1261 "Prompt 超长".
constexpr std::string_view kContextSignals[] = {
    "context_length", "context length", "prompt is too long", "input token count", "too many tokens", "maximum context",
    "context size", "exceed_context_size", "exceeded model token limit", "range of input length", "maximum prompt length",
    "max_new_tokens", "context window", "context_window", "超长",
};
constexpr std::string_view kContextCodes[] = {"1261"};   // GLM

// A 400 that names the model as unknown: DashScope "Model not exist.", GLM 1211 "模型不存在", Mistral
// "Invalid model", vLLM/LiteLLM model_not_found.
constexpr std::string_view kUnknownModelSignals[] = {
    "model_not_found", "model not found", "model not exist", "model does not exist", "invalid model", "unknown model", "模型不存在",
};
constexpr std::string_view kUnknownModelCodes[] = {"1211"};   // GLM

template <size_t N, size_t M>
bool Says(std::string_view type, std::string_view all, const std::string_view (&signals)[N], const std::string_view (&codes)[M]) {
  for (std::string_view s : signals)
    if (Contains(all, s)) return true;
  for (std::string_view c : codes)
    if (HasCode(type, c)) return true;
  return false;
}
template <size_t N>
bool Says(std::string_view all, const std::string_view (&signals)[N]) {
  for (std::string_view s : signals)
    if (Contains(all, s)) return true;
  return false;
}

bool SaysOutOfCredit(int status, std::string_view type, std::string_view all) {
  if (status == 402) return true;
  if (HasCode(type, "1113")) return true;   // GLM
  for (std::string_view s : kBillingSignals)
    if (Contains(all, s)) return true;
  if (status == 403) return Contains(all, "balance") || Contains(all, "quota");   // Kimi, SiliconFlow: a 403 is low balance
  if (status == 429) return Contains(all, "billing");   // "check your plan and billing details"
  return false;
}

// Where the account's credit is added: the host of the provider's console (its key page), from the
// preset, or the wire's own preset for a custom base URL of that wire; "" when unknown.
std::string BillingConsole(const ProviderConfig& p) {
  const ProviderPreset* pr = FindProviderPreset(p.preset_id);
  if (!pr && p.preset_id.empty() && p.kind != ProviderKind::OpenAI && p.kind != ProviderKind::Ollama)
    pr = FindProviderPreset(ProviderKindName(p.kind));
  if (!pr || pr->key_url.empty()) return "";
  const std::string origin = OriginOf(pr->key_url);
  return origin.empty() ? "" : origin.substr(origin.find("://") + 3);
}

// The base URL of the chosen preset, or of the wire's own preset for a custom Anthropic, Gemini or Ollama
// address; "" for a custom OpenAI-compatible server (no one address is usual).
// Returns "" or "NAME is URL".
std::string UsualBaseUrl(const ProviderConfig& p) {
  const ProviderPreset* pr = FindProviderPreset(p.preset_id);
  if (!pr && p.kind != ProviderKind::OpenAI) pr = FindProviderPreset(ProviderKindName(p.kind));
  if (!pr || !pr->base_url || !*pr->base_url) return "";
  return std::string(pr->name) + " is " + pr->base_url;
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
    case ErrorKind::Billing: {
      const std::string console = BillingConsole(p);
      return name + " says the account is out of credit or over its spend limit" + code + ". Add credit" +
             (console.empty() ? "" : " at " + console) + " or raise the limit, then retry; finished steps are kept." + said;
    }
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
      return name + " refused the text or stopped the answer (content filter or refusal). What was written so far is kept; try another model or provider." + said;
    case ErrorKind::BadRequest:
      return name + " rejected the request" + code + "." + said;
    case ErrorKind::BadResponse:
      return name + " sent a response TalkPress could not read" + code + "." + said;
    case ErrorKind::Truncated:
      return "The answer from " + name + " stopped before it was complete (the connection may have dropped). What arrived is kept; retry to continue.";
    case ErrorKind::WrongEndpoint: {
      const std::string usual = UsualBaseUrl(p);
      return "Nothing answers at " + ResolvedEndpoint(p) + code + ": the base URL looks wrong. " +
             (!usual.empty() ? "The usual one for " + usual + "."
                             : "Use the address from " + name + "'s documentation (for most OpenAI-compatible servers it ends in /v1).") + said;
    }
    case ErrorKind::EmptyAnswer:
      return name + " sent an empty answer" + code + ". This happens when a model spends its whole output on thinking or cannot produce the requested JSON; retry, or choose another model.";
    default:
      return name + " returned an error" + code + "." + said;
  }
}

}  // namespace

double RetryAfterSeconds(std::string_view retry_after, std::string_view body) {
  std::string ra(text::Trim(retry_after));
  if (!ra.empty()) {
    char* end = nullptr;
    double v = std::strtod(ra.c_str(), &end);
    if (end != ra.c_str() && *end == '\0' && v >= 0) return v;
  }
  return BodyRetryHint(body);
}

namespace {
// `text` without the URL paths it quotes ("/v1/models/x:generate", "https://…"): words of its own only.
std::string WithoutPaths(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t end = std::min(text.find_first_of(" \t\n()", i), text.size());
    const std::string_view word = text.substr(i, end - i);
    if (!(word.substr(0, 1) == "/" || word.substr(0, 7) == "http://" || word.substr(0, 8) == "https://")) out.append(word);
    if (end < text.size()) out.push_back(text[end]);
    i = end + 1;
  }
  return out;
}
}  // namespace

namespace {
ErrorKind HttpErrorKind(int status, const json& j, std::string_view type, std::string_view all) {
  const bool has_json = !j.is_discarded() && !j.is_null();
  if (status == 401) return ErrorKind::Auth;
  if (status == 400 && Contains(type, "api_key_invalid")) return ErrorKind::Auth;   // Gemini's bad key is a 400
  if ((status == 400 || status == 402 || status == 403 || status == 429) && SaysOutOfCredit(status, type, all)) return ErrorKind::Billing;
  // Moderation refuses this input only: not the key's permission, and another chunk may pass.
  if ((status == 400 || status == 403 || status == 422 || status == 451) && Says(type, all, kContentFilterSignals, kContentFilterCodes))
    return ErrorKind::ContentFilter;
  if (status == 403) return ErrorKind::Permission;
  if (status == 429) return ErrorKind::RateLimit;
  if (status == 404) {
    // OpenRouter: "No endpoints found for x/y:free." (the model has no provider now); "No endpoints found
    // that can handle the requested parameters" is a parameter, not a path (the structured fallback
    // handles it when a schema was sent).
    if (Contains(all, "no endpoints found for")) return ErrorKind::InvalidModel;
    if (Contains(all, "no endpoints found that")) return ErrorKind::BadRequest;
    // A 404 about the model names it (model_not_found, "The model `x` does not exist", Anthropic's
    // "model: x", Gemini's "models/x is not found"); any other 404 means the path is wrong: every HTML
    // page, OpenAI's "Invalid URL (POST /v9/models/…)" (the path it quotes may name models), Anthropic's
    // bare not_found_error "Not Found".
    const bool about_model = has_json && !Contains(all, "invalid url") && Contains(WithoutPaths(all), "model");
    return about_model ? ErrorKind::InvalidModel : ErrorKind::WrongEndpoint;
  }
  if (status == 405) return ErrorKind::WrongEndpoint;
  if (status == 413) return ErrorKind::ContextLength;
  if (status == 400 || status == 422) {
    if (Says(type, all, kContextSignals, kContextCodes)) return ErrorKind::ContextLength;
    if (Says(type, all, kUnknownModelSignals, kUnknownModelCodes)) return ErrorKind::InvalidModel;
    return ErrorKind::BadRequest;
  }
  if (status == 408) return ErrorKind::Timeout;
  if (status >= 500 || status == 498) return ErrorKind::Overloaded;   // 529 Anthropic, 498 Groq flex
  return ErrorKind::BadRequest;
}

// Groq answers 413 rate_limit_exceeded "Request too large … on tokens per minute (TPM)" when one
// request (the prompt plus max_tokens) is larger than the plan's per-minute budget: no wait will help.
bool SaysRequestOverMinuteBudget(std::string_view all) {
  return Contains(all, "tokens per minute") || Contains(all, "(tpm)") || Contains(all, "rate_limit_exceeded");
}
// The whole number after the word `word` ("limit 8000, requested 10544" → 8000 after "limit"; "limit: 8,000" too):
// the first place where a number follows it, 0 when none does ("rate_limit_exceeded" is not the word).
int NumberAfter(std::string_view all, std::string_view word) {
  for (size_t at = all.find(word); at != std::string_view::npos; at = all.find(word, at + 1)) {
    if (at > 0 && (std::isalnum((unsigned char)all[at - 1]) || all[at - 1] == '_')) continue;
    size_t i = at + word.size();
    while (i < all.size() && (all[i] == ' ' || all[i] == ':' || all[i] == '=')) ++i;
    if (i >= all.size() || !std::isdigit((unsigned char)all[i])) continue;
    long long v = 0;
    for (; i < all.size() && v < 100000000; ++i) {
      if (all[i] == ',' && i + 1 < all.size() && std::isdigit((unsigned char)all[i + 1])) continue;   // "8,000"
      if (!std::isdigit((unsigned char)all[i])) break;
      v = v * 10 + (all[i] - '0');
    }
    return (int)v;
  }
  return 0;
}
}  // namespace

LlmError ClassifyHttpError(const ProviderConfig& p, int status, std::string_view retry_after, std::string_view body) {
  LlmError e;
  e.http_status = status;
  json j = json::parse(body.begin(), body.end(), nullptr, false);
  e.provider_message = ExtractMessage(j.is_discarded() ? json() : j, body);
  const std::string type = text::ToLowerAscii(ErrorType(j.is_discarded() ? json() : j));
  const std::string all = type + " " + text::ToLowerAscii(e.provider_message);
  e.kind = HttpErrorKind(status, j, type, all);
  e.retry_after_sec = RetryAfterSeconds(retry_after, body);
  e.message = Message(e.kind, p, status, e.provider_message);
  if (status == 413 && SaysRequestOverMinuteBudget(all)) {
    e.request_token_limit = NumberAfter(all, "limit");
    e.request_tokens_counted = NumberAfter(all, "requested");
    if (e.request_token_limit > 0)   // LlmCall learns it (TryRequestTokenFallback)
      e.message = "One request to " + ProviderName(p) + " (the prompt plus room for the answer) is larger than the " +
                  std::to_string(e.request_token_limit) + " tokens a minute your plan allows (HTTP 413). TalkPress now keeps " +
                  "requests to " + (p.model.empty() ? std::string("this model") : p.model) + " under that limit and plans " +
                  "smaller parts: press Generate to run again (finished steps are kept). A model with a higher limit, or a " +
                  "paid plan, needs fewer requests. It said: \"" + e.provider_message + "\"";
    else
      e.message = "One request to " + ProviderName(p) + " (the prompt plus room for the answer) is larger than the tokens " +
                  "per minute your plan allows (HTTP 413). Choose a model with a higher limit, or upgrade the plan; finished " +
                  "steps are kept. It said: \"" + e.provider_message + "\"";
  }
  return e;
}

LlmError NetworkError(const ProviderConfig& p, std::string_view detail) {
  LlmError e;
  e.kind = ErrorKind::Network;
  e.provider_message = std::string(detail);
  const std::string base = Base(p);
  const std::string blocked = BrowserAccessAdvice(p);
  if (!blocked.empty())
    e.message = blocked;
  else if (IsLocalNetworkUrl(base))
    e.message = "Could not reach " + base + ". Is the server running? Ollama must be started with OLLAMA_ORIGINS "
                "set to this page's origin; LM Studio needs \"Enable CORS\"; Chrome may ask you to allow local network access. "
                "A page served over https cannot reach a server at an http:// network address: open TalkPress from http:// or localhost.";
  else
    e.message = "Could not reach " + (base.empty() ? std::string("the provider") : base) +
                ". Check your connection and the base URL. If both are right, the service is refusing requests from web "
                "pages (CORS): use OpenRouter or SiliconFlow, or a relay you deploy (relay/ in TalkPress).";
  return e;
}

LlmError DroppedConnectionError(const ProviderConfig& p, std::string_view detail) {
  LlmError e;
  e.kind = ErrorKind::Network;
  e.provider_message = std::string(detail);
  e.message = "The connection to " + ProviderName(p) + " dropped in the middle of an answer. What arrived is kept; retry to "
              "continue. If it keeps happening, a proxy, VPN or unsteady network may be cutting long answers.";
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

LlmError StalledAnswerError(const ProviderConfig& p, double seconds) {
  LlmError e = TimeoutError(p, false, seconds);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", seconds);
  e.message = ProviderName(p) + " kept the connection open but sent no text for " + buf +
              " s in the middle of an answer. What arrived is kept; retry to continue.";
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

// ---- inline <think> blocks

namespace {
constexpr std::string_view kThinkOpen = "<think>";
constexpr std::string_view kThinkClose = "</think>";

// Length of the longest suffix of `s` that is a proper prefix of `tag` (bytes to hold back).
size_t PartialTagSuffix(std::string_view s, std::string_view tag) {
  for (size_t n = std::min(s.size(), tag.size() - 1); n > 0; --n)
    if (s.substr(s.size() - n) == tag.substr(0, n)) return n;
  return 0;
}
}  // namespace

void ThinkTagSplitter::Feed(std::string_view piece, std::string* answer, std::string* reasoning) {
  hold_.append(piece.data(), piece.size());
  for (;;) {
    if (state_ == State::Start) {
      // Reasoning inline comes first: skip leading whitespace, then either "<think>" or the answer.
      size_t lead = 0;
      while (lead < hold_.size() && std::isspace((unsigned char)hold_[lead])) ++lead;
      const std::string_view rest = std::string_view(hold_).substr(lead);
      if (rest.size() < kThinkOpen.size() && kThinkOpen.substr(0, rest.size()) == rest) return;   // undecided
      if (rest.substr(0, kThinkOpen.size()) == kThinkOpen) {
        hold_.erase(0, lead + kThinkOpen.size());
        state_ = State::Thinking;
      } else {
        state_ = State::Answer;
      }
      continue;
    }
    if (state_ == State::Thinking) {
      const size_t close = hold_.find(kThinkClose);
      if (close == std::string::npos) {
        const size_t keep = PartialTagSuffix(hold_, kThinkClose);
        reasoning->append(hold_, 0, hold_.size() - keep);
        hold_.erase(0, hold_.size() - keep);
        return;
      }
      reasoning->append(hold_, 0, close);
      hold_.erase(0, close + kThinkClose.size());
      state_ = State::AfterThink;
      continue;
    }
    if (state_ == State::AfterThink) {
      // The answer usually starts after a blank line: drop the whitespace between.
      size_t lead = 0;
      while (lead < hold_.size() && std::isspace((unsigned char)hold_[lead])) ++lead;
      hold_.erase(0, lead);
      if (hold_.empty()) return;
      state_ = State::Answer;
      continue;
    }
    // Answer: watch for a closing tag whose opening tag the chat template swallowed.
    if (!late_close_) {
      const size_t close = hold_.find(kThinkClose);
      if (close != std::string::npos && hold_.find(kThinkOpen) == std::string::npos) {
        answer->append(hold_, 0, close);
        answer_bytes_ += close;
        late_close_ = true;
        late_close_at_ = answer_bytes_;
        hold_.erase(0, close + kThinkClose.size());
        state_ = State::AfterThink;
        continue;
      }
      const size_t keep = PartialTagSuffix(hold_, kThinkClose);
      answer->append(hold_, 0, hold_.size() - keep);
      answer_bytes_ += hold_.size() - keep;
      hold_.erase(0, hold_.size() - keep);
      return;
    }
    answer->append(hold_);
    answer_bytes_ += hold_.size();
    hold_.clear();
    return;
  }
}

void ThinkTagSplitter::Flush(std::string* answer, std::string* reasoning) {
  if (state_ == State::Thinking) reasoning->append(hold_);
  else if (state_ != State::AfterThink) answer->append(hold_);
  hold_.clear();
}

bool ThinkTagSplitter::TakeLateClose(size_t* answer_bytes_before) {
  if (!late_close_ || late_close_at_ == std::string::npos) return false;
  *answer_bytes_before = late_close_at_;
  late_close_at_ = std::string::npos;
  return true;
}

// ---- decoder

StreamDecoder::StreamDecoder(ProviderKind kind, bool streaming) : kind_(kind), streaming_(streaming) {
  sse_.on_event = [this](const SseEvent& e) { OnEvent(e); };
  sse_.on_comment = [this](std::string_view) { ++activity; };
  sse_.on_other_field = [this](std::string_view field, std::string_view value) {
    if (field == "error") OnErrorField(value);
  };
  ndjson_.on_line = [this](std::string_view line) {
    ++activity;
    json j = json::parse(line.begin(), line.end(), nullptr, false);
    if (j.is_discarded()) {
      if (error.ok()) { error.kind = ErrorKind::BadResponse; error.provider_message = std::string(line.substr(0, 200)); }
      return;
    }
    OnJson(j, "");
  };
}

void StreamDecoder::Feed(std::string_view bytes) {
  if (!streaming_) whole_.append(bytes.data(), bytes.size());
  else if (kind_ == ProviderKind::Ollama) ndjson_.Feed(bytes);
  else sse_.Feed(bytes);
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

void StreamDecoder::AddReasoning(std::string_view t) {
  if (t.empty()) return;
  reasoning.append(t.data(), t.size());
}

void StreamDecoder::AddContent(std::string_view t) {
  if (t.empty()) return;
  std::string answer, thought;
  think_.Feed(t, &answer, &thought);
  AddReasoning(thought);
  AddText(answer);
  size_t before = 0;
  if (think_.TakeLateClose(&before)) {
    // "reasoning…</think>answer": what looked like answer was reasoning.
    const size_t cut = std::min(before, text.size());
    reasoning.append(text, 0, cut);
    text.erase(0, cut);
    pending_delta = text;
    content_started = !text.empty();
  }
}

// The parts of an OpenAI-style message content: a string, or an array of parts ({type:"text",text},
// Mistral's {type:"thinking",thinking:[{type:"text",text}]}, {type:"reasoning",…}).
void StreamDecoder::OpenAiContent(const json& c) {
  if (c.is_string()) { AddContent(c.get<std::string>()); return; }
  if (!c.is_array()) return;
  for (const json& part : c) {
    if (part.is_string()) { AddContent(part.get<std::string>()); continue; }
    const std::string type = js::Str(part, "type", "text");
    if (type == "text" || type == "output_text") AddContent(js::Str(part, "text"));
    else if (type == "thinking" || type == "reasoning") {
      const json& th = part.contains("thinking") ? part["thinking"] : js::At(part, "text");
      if (th.is_string()) AddReasoning(th.get<std::string>());
      else if (th.is_array())
        for (const json& x : th) AddReasoning(x.is_string() ? x.get<std::string>() : js::Str(x, "text"));
    }
  }
}

namespace {
LlmError InStreamError(const json& err) {
  // In-stream errors carry the same types as HTTP errors; OpenRouter's carry the HTTP status as a number
  // ({"code":502,…}), which is classified as that status would be.
  std::string type = text::ToLowerAscii(js::Str(err, "type", js::Str(err, "code")));
  if (err.is_object() && err.contains("status") && err["status"].is_string()) type += " " + text::ToLowerAscii(err["status"].get<std::string>());
  LlmError e;
  e.provider_message = err.is_string() ? err.get<std::string>()
                       : err.is_object() && err.contains("message") && err["message"].is_string() ? err["message"].get<std::string>() : js::Dump(err);
  if (err.is_string()) type = text::ToLowerAscii(e.provider_message);   // Ollama: {"error":"…"}
  const json wrapped = {{"error", err}};
  const std::string codes = text::ToLowerAscii(ErrorType(wrapped));
  const std::string all = type + " " + codes + " " + text::ToLowerAscii(e.provider_message);
  const int status = err.is_object() && err.contains("code") && err["code"].is_number_integer() ? js::Int(err, "code") : 0;
  if (status >= 400 && status < 600) {
    e.kind = HttpErrorKind(status, wrapped, codes, all);
    if (e.kind == ErrorKind::WrongEndpoint || e.kind == ErrorKind::BadRequest) e.kind = ErrorKind::BadResponse;
  } else if (Says(codes, all, kContentFilterSignals, kContentFilterCodes))
    e.kind = ErrorKind::ContentFilter;   // DashScope data_inspection_failed, GLM 1301, mid-answer
  else if (type.find("overloaded") != std::string::npos || type.find("server_error") != std::string::npos ||
      type.find("api_error") != std::string::npos || type.find("unavailable") != std::string::npos)
    e.kind = ErrorKind::Overloaded;
  else if (type.find("rate_limit") != std::string::npos || type.find("resource_exhausted") != std::string::npos)
    e.kind = ErrorKind::RateLimit;
  else if (type.find("authentication") != std::string::npos) e.kind = ErrorKind::Auth;
  else e.kind = ErrorKind::BadResponse;
  return e;
}

// OpenAI-compatible finish reasons beyond OpenAI's own: GLM "sensitive" (moderation) and "network_error",
// DeepSeek "insufficient_system_resource" (the answer was broken off for lack of capacity), vLLM/TGI
// "eos_token"/"stop_sequence"/"end_turn" (clean stops), "max_tokens"/"model_length" (the limit).
FinishReason OpenAiFinish(const std::string& f) {
  if (f == "length" || f == "max_tokens" || f == "model_length" || f == "model_context_window_exceeded") return FinishReason::Length;
  if (f == "content_filter" || f == "sensitive" || f == "safety" || f == "refusal") return FinishReason::ContentFilter;
  if (f == "error" || f == "insufficient_system_resource" || f == "network_error") return FinishReason::Error;
  return FinishReason::Stop;
}

// Anthropic: "model_context_window_exceeded" stops at the window as max_tokens stops at the limit.
FinishReason AnthropicFinish(const std::string& s) {
  return s == "max_tokens" || s == "model_context_window_exceeded" ? FinishReason::Length
       : s == "refusal" ? FinishReason::ContentFilter : FinishReason::Stop;
}

// Gemini: STOP and MAX_TOKENS; every other reason (SAFETY, RECITATION, LANGUAGE, BLOCKLIST,
// PROHIBITED_CONTENT, SPII, IMAGE_SAFETY, OTHER, MALFORMED_FUNCTION_CALL, …) ended the answer before the
// model finished it, and is reported with its name rather than taken as a whole answer.
FinishReason GeminiFinish(const std::string& f) {
  return f == "STOP" || f == "FINISH_REASON_UNSPECIFIED" ? FinishReason::Stop
       : f == "MAX_TOKENS" ? FinishReason::Length : FinishReason::ContentFilter;
}
}  // namespace

void StreamDecoder::OnEvent(const SseEvent& e) {
  ++activity;
  if (e.data == "[DONE]") { terminated = true; return; }
  if (e.data.empty()) return;   // an event with no data (Anthropic "ping" variants, keep-alives)
  json j = json::parse(e.data, nullptr, false);
  if (j.is_discarded()) {
    if (error.ok()) { error.kind = ErrorKind::BadResponse; error.provider_message = e.data.substr(0, 200); }
    return;
  }
  OnJson(j, e.event);
}

// llama.cpp's server before late 2025 (PR #16109) sent a failure as a field of its own, at HTTP 200:
// "error: {"code":400,"message":"the request exceeds the available context size…","type":"invalid_request_error"}"
// then "data: [DONE]". Read as the same error would be inside a data event, so the user sees the server's words.
void StreamDecoder::OnErrorField(std::string_view value) {
  ++activity;
  if (!error.ok()) return;
  const json err = json::parse(value.begin(), value.end(), nullptr, false);
  if (err.is_discarded() || !(err.is_object() || err.is_string())) {
    error.kind = ErrorKind::BadResponse;
    error.provider_message = std::string(value.substr(0, 200));
  } else {
    error = InStreamError(err.is_object() && err.contains("error") ? err["error"] : err);
  }
  finish = FinishReason::Error;
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
      // Usage at the top (OpenAI with include_usage), in the last choice (Moonshot/Kimi) or in x_groq (Groq).
      const json* u = j.contains("usage") && j["usage"].is_object() ? &j["usage"] : nullptr;
      if (!u && js::At(j, "x_groq").is_object() && js::At(j["x_groq"], "usage").is_object()) u = &j["x_groq"]["usage"];
      const bool has_choice = j.contains("choices") && j["choices"].is_array() && !j["choices"].empty();
      if (!u && has_choice && js::At(j["choices"][0], "usage").is_object()) u = &j["choices"][0]["usage"];
      if (u) {
        usage.input_tokens = js::Int(*u, "prompt_tokens", usage.input_tokens);
        usage.output_tokens = js::Int(*u, "completion_tokens", usage.output_tokens);
        usage.reasoning_tokens = js::Int(js::At(*u, "completion_tokens_details"), "reasoning_tokens", usage.reasoning_tokens);
      }
      if (!has_choice) return;
      const json& c = j["choices"][0];
      const json* d = c.contains("delta") ? &c["delta"] : c.contains("message") ? &c["message"] : nullptr;
      if (d && d->is_object()) {
        // Three names for reasoning text (DeepSeek/Kimi/Qwen/GLM; vLLM/Ollama/OpenRouter/Groq; MiniMax
        // and OpenRouter details). Test for content, not for the key: null and "" are common.
        bool reasoned = false;
        for (const char* k : {"reasoning_content", "reasoning"})
          if (d->contains(k) && (*d)[k].is_string() && !(*d)[k].get_ref<const std::string&>().empty()) {
            AddReasoning((*d)[k].get<std::string>());
            reasoned = true;
            break;   // OpenRouter may send both names with the same text
          }
        // OpenRouter sends the same thinking as `reasoning` and as `reasoning_details`: the details only
        // when the plain field is absent (MiniMax).
        if (!reasoned && d->contains("reasoning_details") && (*d)["reasoning_details"].is_array())
          for (const json& r : (*d)["reasoning_details"]) AddReasoning(js::Str(r, "text", js::Str(r, "summary")));
        if (d->contains("content")) OpenAiContent((*d)["content"]);
        if (d->contains("refusal") && (*d)["refusal"].is_string()) refusal_ += (*d)["refusal"].get<std::string>();
        if (d->contains("tool_calls") && (*d)["tool_calls"].is_array())
          for (const json& tc : (*d)["tool_calls"]) {
            const std::string args = js::Str(js::At(tc, "function"), "arguments");
            if (tool_answer) AddText(args);
          }
      }
      // OpenRouter puts an upstream failure in the choice: {"finish_reason":"error","error":{"code":502,…}}.
      if (c.contains("error") && c["error"].is_object() && error.ok()) {
        error = InStreamError(c["error"]);
        finish = FinishReason::Error;
      }
      if (c.contains("finish_reason") && c["finish_reason"].is_string()) {
        const std::string f = c["finish_reason"].get<std::string>();
        finish = OpenAiFinish(f);
        if (finish == FinishReason::Error && error.ok()) { error.kind = ErrorKind::Overloaded; error.provider_message = "finish_reason: " + f; }
        if (finish == FinishReason::ContentFilter && refusal_.empty()) refusal_ = "finish_reason: " + f;
      }
      if (!streaming_) terminated = true;
      break;
    }
    case ProviderKind::Anthropic: {
      const std::string type = js::Str(j, "type", std::string(event_name));
      const int index = js::Int(j, "index", 0);
      if (type == "message_start" && j.contains("message")) {
        const json& m = j["message"];
        usage.input_tokens = js::Int(js::At(m, "usage"), "input_tokens", usage.input_tokens);
      } else if (type == "content_block_start") {
        if (index >= 0 && index < 4096) {
          if ((int)block_types_.size() <= index) block_types_.resize(index + 1);
          block_types_[index] = js::Str(js::At(j, "content_block"), "type");
        }
      } else if (type == "content_block_delta" && j.contains("delta")) {
        const json& d = j["delta"];
        const std::string dt = js::Str(d, "type");
        if (dt == "thinking_delta") AddReasoning(js::Str(d, "thinking"));
        else if (dt == "text_delta") {
          if (tool_answer) aside += js::Str(d, "text");
          else AddText(js::Str(d, "text"));
        } else if (dt == "input_json_delta") {
          // Only the forced tool's arguments are our JSON; other tool blocks are not the answer.
          if (tool_answer) AddText(js::Str(d, "partial_json"));
        }
      } else if (type == "message_delta") {
        if (j.contains("delta") && j["delta"].contains("stop_reason") && j["delta"]["stop_reason"].is_string()) {
          const std::string s = j["delta"]["stop_reason"].get<std::string>();
          finish = AnthropicFinish(s);
          if (s == "refusal") refusal_ = js::Str(js::At(j["delta"], "stop_details"), "explanation", "refusal");
        }
        usage.output_tokens = js::Int(js::At(j, "usage"), "output_tokens", usage.output_tokens);
      } else if (type == "message_stop") {
        terminated = true;
      } else if (type == "message") {   // a whole, non-streamed response
        if (j.contains("content") && j["content"].is_array())
          for (const json& b : j["content"]) {
            const std::string bt = js::Str(b, "type");
            if (bt == "thinking") AddReasoning(js::Str(b, "thinking"));
            else if (bt == "text") { if (tool_answer) aside += js::Str(b, "text"); else AddText(js::Str(b, "text")); }
            else if (bt == "tool_use" && tool_answer && b.contains("input")) AddText(js::Dump(b["input"]));
          }
        const std::string s = js::Str(j, "stop_reason", "end_turn");
        finish = AnthropicFinish(s);
        if (s == "refusal") refusal_ = js::Str(js::At(j, "stop_details"), "explanation", "refusal");
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
        const json& um = j["usageMetadata"];
        usage.input_tokens = js::Int(um, "promptTokenCount", usage.input_tokens);
        usage.reasoning_tokens = js::Int(um, "thoughtsTokenCount", usage.reasoning_tokens);
        // Thinking is billed as output but counted apart.
        usage.output_tokens = js::Int(um, "candidatesTokenCount", 0) + usage.reasoning_tokens;
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
        for (const json& part : c["content"]["parts"]) {
          if (!part.is_object() || !part.contains("text") || !part["text"].is_string()) continue;
          if (js::Bool(part, "thought")) AddReasoning(part["text"].get<std::string>());
          else AddText(part["text"].get<std::string>());
        }
      if (c.contains("finishReason") && c["finishReason"].is_string()) {
        const std::string f = c["finishReason"].get<std::string>();
        finish = GeminiFinish(f);
        if (finish == FinishReason::ContentFilter) refusal_ = "finishReason " + f;
        terminated = true;   // Gemini has no terminator: the finishReason frame is the end
      }
      break;
    }
    case ProviderKind::Ollama: {
      // /api/chat lines: {"message":{"content","thinking"},"done":false} … {"done":true,"done_reason":"stop",
      // "prompt_eval_count","eval_count"}.
      const json& m = js::At(j, "message");
      if (m.is_object()) {
        if (m.contains("thinking") && m["thinking"].is_string()) AddReasoning(m["thinking"].get<std::string>());
        if (m.contains("content") && m["content"].is_string()) AddContent(m["content"].get<std::string>());
      }
      if (js::Bool(j, "done")) {
        const std::string r = js::Str(j, "done_reason", "stop");
        finish = r == "length" ? FinishReason::Length : FinishReason::Stop;
        usage.input_tokens = js::Int(j, "prompt_eval_count", usage.input_tokens);
        usage.output_tokens = js::Int(j, "eval_count", usage.output_tokens);
        terminated = true;
      }
      break;
    }
  }
}

void StreamDecoder::Finish() {
  if (streaming_ && kind_ == ProviderKind::Ollama) {
    ndjson_.Finish();
  } else if (streaming_) {
    sse_.Finish();
  } else {
    json j = json::parse(whole_, nullptr, false);
    if (j.is_discarded()) {
      error.kind = ErrorKind::BadResponse;
      error.provider_message = SummarizeErrorBody(whole_.substr(0, 2000));
    } else {
      if (kind_ == ProviderKind::Anthropic && j.is_object() && !j.contains("type")) j["type"] = "message";
      OnJson(j, "");
      terminated = true;
    }
  }
  std::string answer, thought;
  think_.Flush(&answer, &thought);
  AddReasoning(thought);
  AddText(answer);
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
