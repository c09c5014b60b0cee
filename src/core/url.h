// URLs as the app needs them: the origin a key is bound to, and the base URL a user pasted turned into
// the endpoint a provider really serves.
#pragma once

#include <string>
#include <string_view>

namespace tp {

// "https://API.example.com:443/v1/" -> "https://api.example.com"; "" when `url` is not http(s).
// A key is stored and sent per origin: a base URL on another origin never receives it.
std::string OriginOf(std::string_view url);

// The wire a base URL is for: each appends its own endpoint paths.
enum class ApiPathStyle {
  OpenAICompatible,   // base ends where "/chat/completions" and "/models" go: …/v1, …/api/paas/v4, …/v1beta/openai
  Anthropic,          // base is the origin: "/v1/messages" is appended
  Gemini,             // base is the origin: "/v1beta/models/…" is appended
  Ollama,             // base is the origin: "/api/chat" is appended
};

// The base URL from what a user pasted: whitespace, a missing scheme (http for localhost and private
// addresses, https otherwise), trailing slashes, a query or fragment, and a full endpoint
// (…/chat/completions, …/v1/messages, …/v1beta/models/x:generateContent, …/api/chat) are all accepted.
// For OpenAI-compatible URLs with no path, `preset_base` (the preset's own base URL) supplies the path
// when it is on the same origin, else "/v1" is added. "" when nothing usable was pasted.
std::string NormalizeBaseUrl(std::string_view pasted, ApiPathStyle style, std::string_view preset_base = "");

// Whether the host is this machine or a private network address (Ollama or LM Studio on the LAN).
bool IsLocalNetworkUrl(std::string_view url);

// Whether the URL is OpenAI's own API (api.openai.com) or an Azure OpenAI resource (*.openai.azure.com),
// whose reasoning models reject max_tokens whatever preset the user chose.
bool IsOpenAiHost(std::string_view url);

}  // namespace tp
