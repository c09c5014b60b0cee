#include "core/url.h"

#include <cctype>

namespace tp {

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
  std::string host;
  for (char c : authority) host += (char)std::tolower((unsigned char)c);
  // Default ports are part of the same origin.
  const std::string default_port = scheme == "https" ? ":443" : ":80";
  if (host.size() > default_port.size() && host.compare(host.size() - default_port.size(), default_port.size(), default_port) == 0)
    host.resize(host.size() - default_port.size());
  return scheme + "://" + host;
}

}  // namespace tp
