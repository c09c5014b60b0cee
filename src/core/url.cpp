#include "core/url.h"

#include <cctype>
#include <cstdio>
#include <initializer_list>

namespace tp {

namespace {
// A host (name, IPv4, [IPv6] or non-ASCII name) with at most one port of digits: anything else
// (spaces, quotes, angle brackets, a second port) is not a URL anyone can reach.
bool ValidAuthority(std::string_view a) {
  std::string_view host = a, port;
  if (!a.empty() && a[0] == '[') {
    const size_t close = a.find(']');
    if (close == std::string_view::npos || close < 2) return false;
    for (char c : a.substr(1, close - 1))
      if (!std::isxdigit((unsigned char)c) && c != ':' && c != '.') return false;
    if (close + 1 < a.size() && a[close + 1] != ':') return false;
    port = close + 1 < a.size() ? a.substr(close + 2) : std::string_view();
    host = "h";
  } else if (const size_t colon = a.find(':'); colon != std::string_view::npos) {
    host = a.substr(0, colon);
    port = a.substr(colon + 1);
    if (port.empty()) return false;
  }
  if (host.empty()) return false;
  for (char c : port)
    if (!std::isdigit((unsigned char)c)) return false;
  for (unsigned char c : host)
    if (!(std::isalnum(c) || c >= 0x80 || std::string_view("-._~%!$&'()*+,;=").find((char)c) != std::string_view::npos)) return false;
  return true;
}
}  // namespace

std::string OriginOf(std::string_view url) {
  size_t i = 0;
  while (i < url.size() && std::isspace((unsigned char)url[i])) ++i;
  url.remove_prefix(i);
  std::string scheme;
  size_t colon = url.find("://");
  if (colon == std::string_view::npos) return "";
  for (char c : url.substr(0, colon)) scheme += (char)std::tolower((unsigned char)c);
  if (scheme != "http" && scheme != "https") return "";
  std::string_view rest = url.substr(colon + 3);
  size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);   // user:pass@
  if (authority.empty()) return "";
  if (!ValidAuthority(authority)) return "";
  std::string host;
  for (char c : authority) host += (char)std::tolower((unsigned char)c);
  // Default ports are part of the same origin.
  const std::string default_port = scheme == "https" ? ":443" : ":80";
  if (host.size() > default_port.size() && host.compare(host.size() - default_port.size(), default_port.size(), default_port) == 0)
    host.resize(host.size() - default_port.size());
  return scheme + "://" + host;
}

}  // namespace tp

namespace tp {

namespace {

std::string Lower(std::string_view s) {
  std::string o;
  for (char c : s) o += (char)std::tolower((unsigned char)c);
  return o;
}

// Host of an http(s) URL without port, lower case.
std::string HostOf(std::string_view url) {
  const std::string origin = OriginOf(url);
  if (origin.empty()) return "";
  std::string host = origin.substr(origin.find("://") + 3);
  if (!host.empty() && host[0] == '[') return host.substr(0, host.find(']') + 1);
  return host.substr(0, host.find(':'));
}

bool EndsWithPath(const std::string& path, std::string_view suffix) {
  return path.size() >= suffix.size() && Lower(path.substr(path.size() - suffix.size())) == suffix;
}

// Cuts the first of `markers` found in the path (and everything after it).
bool CutAt(std::string* path, std::initializer_list<std::string_view> markers) {
  const std::string low = Lower(*path);
  for (std::string_view m : markers) {
    size_t p = low.find(m);
    if (p != std::string::npos) { path->resize(p); return true; }
  }
  return false;
}

// The path of a URL without query, fragment and trailing slashes ("" for none).
std::string PathOf(std::string_view url) {
  size_t s = url.find("://");
  if (s == std::string_view::npos) return "";
  std::string_view rest = url.substr(s + 3);
  size_t slash = rest.find_first_of("/?#");
  if (slash == std::string_view::npos) return "";
  std::string path(rest.substr(slash));
  path = path.substr(0, path.find_first_of("?#"));
  while (!path.empty() && path.back() == '/') path.pop_back();
  return path;
}

}  // namespace

bool IsLocalNetworkUrl(std::string_view url) {
  const std::string host = HostOf(url);
  if (host.empty()) return false;
  if (host == "localhost" || host == "[::1]" || (host.size() > 6 && host.compare(host.size() - 6, 6, ".local") == 0)) return true;
  int a = -1, b = -1;
  if (std::sscanf(host.c_str(), "%d.%d.", &a, &b) != 2) return false;
  return a == 127 || a == 10 || (a == 192 && b == 168) || (a == 172 && b >= 16 && b <= 31) || (a == 169 && b == 254);
}

namespace {
// Trailing whitespace, slashes and the style's endpoint suffixes, cut until none is left: a pasted
// "…/v1/v1/messages " ends where one more pass would find nothing to cut, so normalizing is idempotent.
std::string CleanPath(std::string path, ApiPathStyle style) {
  for (std::string before; before != path;) {
    before = path;
    while (!path.empty() && (path.back() == '/' || std::isspace((unsigned char)path.back()))) path.pop_back();
    switch (style) {
      case ApiPathStyle::OpenAICompatible:
        for (std::string_view end : {"/chat/completions", "/completions", "/models", "/responses", "/embeddings"})
          if (EndsWithPath(path, end)) { path.resize(path.size() - end.size()); break; }
        break;
      case ApiPathStyle::Anthropic:
        if (!CutAt(&path, {"/v1/messages", "/v1/models"}) && EndsWithPath(path, "/v1")) path.resize(path.size() - 3);
        break;
      case ApiPathStyle::Gemini:
        // Anything from the API version on is ours to add.
        CutAt(&path, {"/v1beta", "/v1alpha", "/v1/"});
        if (EndsWithPath(path, "/v1")) path.resize(path.size() - 3);
        break;
      case ApiPathStyle::Ollama:
        if (!CutAt(&path, {"/api/chat", "/api/generate", "/api/tags", "/api"})) {
          if (EndsWithPath(path, "/v1/chat/completions")) path.resize(path.size() - 20);
          else if (EndsWithPath(path, "/v1")) path.resize(path.size() - 3);
        }
        break;
    }
  }
  return path;
}
}  // namespace

std::string NormalizeBaseUrl(std::string_view pasted, ApiPathStyle style, std::string_view preset_base) {
  size_t b = 0, e = pasted.size();
  while (b < e && std::isspace((unsigned char)pasted[b])) ++b;
  while (e > b && std::isspace((unsigned char)pasted[e - 1])) --e;
  std::string url(pasted.substr(b, e - b));
  if (url.empty()) return "";
  if (url.find("://") == std::string::npos) {
    const std::string guess = "http://" + url;
    url = (IsLocalNetworkUrl(guess) ? "http://" : "https://") + url;
  }
  const std::string origin = OriginOf(url);
  if (origin.empty()) return "";
  std::string path = CleanPath(PathOf(url), style);
  if (path.empty() && style == ApiPathStyle::OpenAICompatible) {
    // The preset's own path, cleaned the same way, so that the result normalizes to itself.
    const std::string preset_path = OriginOf(preset_base) == origin ? CleanPath(PathOf(preset_base), style) : std::string();
    path = !preset_path.empty() ? preset_path : "/v1";
  }
  return origin + path;
}

bool IsOpenAiHost(std::string_view url) {
  const std::string host = HostOf(url);
  const std::string_view azure = ".openai.azure.com";
  return host == "api.openai.com" || (host.size() > azure.size() && host.compare(host.size() - azure.size(), azure.size(), azure) == 0);
}

}  // namespace tp
