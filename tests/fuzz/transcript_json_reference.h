// What TranscriptJsonReader must report for a text, taken from nlohmann::json's strict parser and document:
// shared by the unit tests and the fuzz target that compare the two.
#pragma once

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "core/transcript.h"
#include "nlohmann/json.hpp"

namespace tp::test_json {

using nlohmann::json;

struct JsonExpectation {
  bool valid = false;
  int error_line = 0;
  bool has_segments = false, top_object = false, podcasting = false;
  bool has_language = false, has_text = false;
  std::string language, text;
  std::vector<JsonSegment> segments;
};

inline int LineAt(std::string_view s, size_t off) {
  int line = 1;
  for (size_t i = 0; i < off && i < s.size(); ++i)
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= s.size() || s[i + 1] != '\n'))) ++line;
  return line;
}

struct ErrorAt : nlohmann::json_sax<json> {
  size_t position = 0;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception&) override {
    position = pos;
    return false;
  }
};

inline double NumberOf(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return -1;
  if (it->is_number()) return it->get<double>();
  if (it->is_string()) {
    double t;
    const std::string s = it->get<std::string>();
    if (ParseTimestamp(s, &t)) return t;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end && end != s.c_str()) return v;
  }
  return -1;
}
inline std::string StringOf(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return "";
}

inline JsonExpectation Expect(std::string_view s) {
  JsonExpectation e;
  const json j = json::parse(s.begin(), s.end(), nullptr, false);
  if (j.is_discarded()) {
    ErrorAt sax;
    json::sax_parse(s.begin(), s.end(), &sax);
    e.error_line = LineAt(s, sax.position > 0 ? sax.position - 1 : 0);
    return e;
  }
  e.valid = true;
  const json* segs = nullptr;
  if (j.is_object()) {
    e.top_object = true;
    auto it = j.find("segments");
    if (it != j.end() && it->is_array()) segs = &*it;
    if (j.contains("language") && j["language"].is_string()) { e.has_language = true; e.language = j["language"]; }
    if (j.contains("text") && j["text"].is_string()) { e.has_text = true; e.text = j["text"]; }
  } else if (j.is_array()) {
    segs = &j;
  }
  if (!segs) return e;
  e.has_segments = true;
  for (const json& x : *segs) {
    JsonSegment g;
    g.object = x.is_object();
    if (g.object) {
      g.podcasting = x.contains("body") || x.contains("startTime");
      e.podcasting |= g.podcasting;
      g.start = NumberOf(x, "start");
      g.end = NumberOf(x, "end");
      g.start_time = NumberOf(x, "startTime");
      g.end_time = NumberOf(x, "endTime");
      g.text = StringOf(x, "text");
      g.body = StringOf(x, "body");
      g.speaker = StringOf(x, "speaker");
    }
    e.segments.push_back(g);
  }
  return e;
}

inline bool SameNumber(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

}  // namespace tp::test_json
