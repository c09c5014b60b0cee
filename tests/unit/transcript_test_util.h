// Reading a parsed transcript in the transcript tests: a metadata field, the speakers' labels, a parse made the way
// the app makes it (a slice at a time).
#pragma once

#include <string>
#include <vector>

#include "core/transcript.h"

namespace tp::test {

inline std::string Field(const Transcript& t, const std::string& key) {
  for (const auto& f : t.meta.fields)
    if (f.first == key) return f.second;
  return "";
}

// The transcript read as the app reads it, `budget` bytes a step.
inline Transcript ParseInSlices(const std::string& input, size_t budget) {
  TranscriptParse p(input);
  while (!p.Step(budget)) {}
  return p.Take();
}

inline std::vector<std::string> Labels(const Transcript& t) {
  std::vector<std::string> out;
  for (const Speaker& s : t.speakers) out.push_back(s.label);
  return out;
}

}  // namespace tp::test
