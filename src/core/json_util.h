// Safe field access for JSON from outside (providers, pages, files). Exceptions are off, so
// nlohmann's value()/get() on a wrong type would abort the program: these check types instead and
// fall back to the default.
#pragma once

#include <string>

#include "nlohmann/json.hpp"

namespace tp::js {

inline std::string Str(const nlohmann::json& j, const char* key, const std::string& def = "") {
  if (!j.is_object()) return def;
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : def;
}

inline int Int(const nlohmann::json& j, const char* key, int def = 0) {
  if (!j.is_object()) return def;
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return def;
  const double v = it->get<double>();
  return v > 2e9 ? 2000000000 : v < -2e9 ? -2000000000 : (int)v;
}

inline bool Bool(const nlohmann::json& j, const char* key, bool def = false) {
  if (!j.is_object()) return def;
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() ? it->get<bool>() : def;
}

// The member if it exists (any type), else a shared null.
inline const nlohmann::json& At(const nlohmann::json& j, const char* key) {
  static const nlohmann::json null_value;
  if (!j.is_object()) return null_value;
  auto it = j.find(key);
  return it == j.end() ? null_value : *it;
}

// Serialises without ever aborting: invalid UTF-8 (from a provider, a file) becomes U+FFFD.
inline std::string Dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace tp::js
