// Safe field access for JSON from outside (providers, pages, files). Exceptions are off, so
// nlohmann's value()/get() on a wrong type would abort the program: these check types instead and
// fall back to the default. Each works on nlohmann::json and nlohmann::ordered_json alike (schemas
// keep their key order), without converting one into the other: a conversion would make a temporary,
// and a reference returned into it would dangle.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

#include "nlohmann/json.hpp"

namespace tp::js {

// Only the nlohmann JSON types: anything else is a caller's mistake, not something to convert.
template <class J>
using IfJson = std::enable_if_t<nlohmann::detail::is_basic_json<J>::value, int>;

template <class J, IfJson<J> = 0>
inline std::string Str(const J& j, const char* key, const std::string& def = "") {
  if (!j.is_object()) return def;
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->template get<std::string>() : def;
}

template <class J, IfJson<J> = 0>
inline int Int(const J& j, const char* key, int def = 0) {
  if (!j.is_object()) return def;
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return def;
  const double v = it->template get<double>();
  return v > 2e9 ? 2000000000 : v < -2e9 ? -2000000000 : (int)v;
}

template <class J, IfJson<J> = 0>
inline bool Bool(const J& j, const char* key, bool def = false) {
  if (!j.is_object()) return def;
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() ? it->template get<bool>() : def;
}

// The member if it exists (any type), else a shared null.
template <class J, IfJson<J> = 0>
inline const J& At(const J& j, const char* key) {
  static const J null_value;
  if (!j.is_object()) return null_value;
  auto it = j.find(key);
  return it == j.end() ? null_value : *it;
}

// Parses without ever aborting: a syntax error gives a discarded value (is_discarded()). Out of line
// (json_util.cpp), so the whole program shares one instance of nlohmann's parser.
nlohmann::json Parse(std::string_view text);

// Serialises without ever aborting: invalid UTF-8 (from a provider, a file) becomes U+FFFD.
template <class J, IfJson<J> = 0>
inline std::string Dump(const J& j) { return j.dump(-1, ' ', false, J::error_handler_t::replace); }

}  // namespace tp::js
