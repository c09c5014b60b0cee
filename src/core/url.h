// URLs as the app needs them: the origin a key is bound to, and the base URL a user pasted turned into
// the endpoint a provider really serves.
#pragma once

#include <string>
#include <string_view>

namespace tp {

// "https://API.example.com:443/v1/" -> "https://api.example.com"; "" when `url` is not http(s).
// A key is stored and sent per origin: a base URL on another origin never receives it.
std::string OriginOf(std::string_view url);

}  // namespace tp
