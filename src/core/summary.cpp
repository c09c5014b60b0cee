#include "core/summary.h"

namespace tp {

using nlohmann::json;

json TranscriptSummaryJson(const Transcript& t, TokenizerFamily family) {
  json speakers = json::array();
  for (const Speaker& s : t.speakers)
    speakers.push_back({{"label", s.label}, {"name", s.name}, {"role", s.role}, {"turns", s.turns}, {"aliases", s.aliases}});
  json metadata = json::array();
  for (const auto& f : t.meta.fields) metadata.push_back({{"key", f.first}, {"value", f.second}});
  return json{{"format", FormatName(t.format)},
              {"turns", t.turns.size()},
              {"speakers", speakers},
              {"durationSec", t.meta.duration_sec},
              {"language", t.meta.language},
              {"title", t.meta.title},
              {"sourceUrl", t.meta.source_url},
              {"date", t.meta.date},
              {"metadata", metadata},
              {"estimatedTokens", TranscriptTokens(t, family)},
              {"noiseMarks", t.noise_marks},
              {"warnings", t.warnings}};
}

json ValidationJson(const ValidationResult& r) {
  json errors = json::array(), warnings = json::array();
  for (const auto& e : r.errors) errors.push_back({{"field", e.field}, {"message", e.message}});
  for (const auto& w : r.warnings) warnings.push_back({{"field", w.field}, {"message", w.message}});
  return json{{"ok", r.ok()}, {"errors", errors}, {"warnings", warnings}};
}

json SkeletonJson(const std::vector<SkeletonItem>& items) {
  json out = json::array();
  for (const auto& i : items) out.push_back({{"level", i.level}, {"text", i.text}, {"placeholder", i.placeholder}});
  return out;
}

}  // namespace tp
