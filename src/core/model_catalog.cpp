// Model catalog. Index: loading the asset · lookup · budgets · cost.
#include "core/model_catalog.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/embedded_assets.h"
#include "core/json_util.h"
#include "core/text_util.h"

namespace tp {

using nlohmann::json;

namespace {

Thinking ThinkingFrom(const std::string& s) {
  if (s == "always") return Thinking::Always;
  if (s == "default") return Thinking::Default;
  if (s == "optional") return Thinking::Optional;
  return Thinking::None;
}

const char* ThinkingName(Thinking t) {
  switch (t) {
    case Thinking::Always: return "always";
    case Thinking::Default: return "default";
    case Thinking::Optional: return "optional";
    case Thinking::None: return "none";
  }
  return "none";
}

void Prices(const json& j, const char* key, double* in, double* out) {
  const json& p = js::At(j, key);
  if (p.is_array() && p.size() == 2 && p[0].is_number() && p[1].is_number()) {
    *in = p[0].get<double>();
    *out = p[1].get<double>();
  }
}

struct Catalog {
  ModelSpec defaults;
  std::vector<ModelSpec> models;
  std::string date;
};

const Catalog& TheCatalog() {
  static const Catalog c = [] {
    Catalog cat;
    const std::string_view text = FindEmbeddedAsset("providers/models.json");
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    cat.date = js::Str(j, "checked");
    const json& d = js::At(j, "defaults");
    cat.defaults.context_tokens = js::Int(d, "context", 32768);
    cat.defaults.max_output_tokens = js::Int(d, "max_output", 4096);
    cat.defaults.thinking = ThinkingFrom(js::Str(d, "thinking", "none"));
    cat.defaults.temperature = js::Bool(d, "temperature", true);
    for (const json& m : js::At(j, "models")) {
      ModelSpec s;
      s.id = js::Str(m, "id");
      if (s.id.empty()) continue;
      s.known = true;
      s.output_limit_known = true;
      s.context_tokens = js::Int(m, "context", cat.defaults.context_tokens);
      s.max_output_tokens = js::Int(m, "max_output", cat.defaults.max_output_tokens);
      Prices(m, "usd", &s.usd_in, &s.usd_out);
      Prices(m, "cny", &s.cny_in, &s.cny_out);
      s.thinking = ThinkingFrom(js::Str(m, "thinking", "none"));
      s.temperature = js::Bool(m, "temperature", true);
      s.has_structured = StructuredModeFromName(js::Str(m, "structured"), &s.structured);
      s.source = js::Str(m, "source");
      cat.models.push_back(s);
    }
    return cat;
  }();
  return c;
}

}  // namespace

const std::vector<ModelSpec>& ModelCatalog() { return TheCatalog().models; }
std::string ModelCatalogDate() { return TheCatalog().date; }

ModelSpec LookupModel(std::string_view model_id) {
  const Catalog& c = TheCatalog();
  const std::string id = text::ToLowerAscii(text::Trim(model_id));
  if (id.empty()) return c.defaults;
  for (const ModelSpec& m : c.models)
    if (text::ToLowerAscii(m.id) == id) return m;
  // "models/gemini-3.5-flash", "accounts/fireworks/models/glm-5p2", an aggregator's "vendor/model".
  const std::string tail = id.substr(id.rfind('/') == std::string::npos ? 0 : id.rfind('/') + 1);
  const ModelSpec* best = nullptr;
  for (const ModelSpec& m : c.models) {
    const std::string cid = text::ToLowerAscii(m.id);
    if (cid.find('/') != std::string::npos) continue;   // aggregator entries match only exactly
    if (cid == tail) return m;
    // Dated snapshots and variants: "claude-sonnet-4-5-20250929", "doubao-seed-2-1-pro-260628", "qwen3:8b" no.
    if (tail.size() > cid.size() && tail.compare(0, cid.size(), cid) == 0 && (tail[cid.size()] == '-' || tail[cid.size()] == '@') &&
        (!best || cid.size() > best->id.size()))
      best = &m;
  }
  if (best) return *best;
  return c.defaults;
}

ModelSpec WithOverrides(ModelSpec m, int context_tokens, int max_output_tokens) {
  if (context_tokens > 0) m.context_tokens = context_tokens;
  if (max_output_tokens > 0) { m.max_output_tokens = max_output_tokens; m.output_limit_known = true; }
  return m;
}

// ---------------------------------------------------------------------------------------------- budgets

int OutputBudget(const ModelSpec& m, int visible_tokens) {
  int want = std::max(1, visible_tokens);
  // Thinking comes out of the same budget: leave at least as much again, and never less than 8k, so a
  // long think does not end in an empty answer cut at the limit.
  if (m.Thinks()) want += std::max(8192, visible_tokens);
  // An unknown model's limit is a guess: ask for what the step needs and let the provider say no.
  return m.output_limit_known ? std::max(1, std::min(want, m.max_output_tokens)) : want;
}

bool TranscriptFits(const ModelSpec& m, int transcript_tokens, int prompt_overhead_tokens, int output_tokens) {
  // A margin for our token estimate being off (it is counted locally, not by the provider's tokenizer).
  const long long need = (long long)((transcript_tokens + prompt_overhead_tokens) * 1.1) + output_tokens;
  return need <= m.context_tokens;
}

double CostUsd(const ModelSpec& m, long long input_tokens, long long output_tokens) {
  if (m.usd_in < 0 || m.usd_out < 0) return -1;
  return (input_tokens * m.usd_in + output_tokens * m.usd_out) / 1e6;
}

double CostCny(const ModelSpec& m, long long input_tokens, long long output_tokens) {
  if (m.cny_in < 0 || m.cny_out < 0) return -1;
  return (input_tokens * m.cny_in + output_tokens * m.cny_out) / 1e6;
}

std::string FormatCost(const ModelSpec& m, long long input_tokens, long long output_tokens) {
  auto money = [](const char* sign, double v) {
    char buf[48];
    std::snprintf(buf, sizeof buf, v < 0.01 ? "%s%.4f" : v < 1 ? "%s%.3f" : "%s%.2f", sign, v);
    return std::string(buf);
  };
  const double usd = CostUsd(m, input_tokens, output_tokens);
  const double cny = CostCny(m, input_tokens, output_tokens);
  if (cny >= 0 && usd >= 0) return money("¥", cny) + " (" + money("$", usd) + ")";
  if (cny >= 0) return money("¥", cny);
  if (usd >= 0) return money("$", usd);
  return "";
}

std::string ModelSpecJson(const ModelSpec& m) {
  json j = {{"id", m.id},
            {"known", m.known},
            {"contextTokens", m.context_tokens},
            {"maxOutputTokens", m.max_output_tokens},
            {"thinking", ThinkingName(m.thinking)},
            {"temperature", m.temperature},
            {"source", m.source},
            {"catalogDate", ModelCatalogDate()}};
  j["usdPerMillion"] = m.usd_in >= 0 ? json::array({m.usd_in, m.usd_out}) : json(nullptr);
  j["cnyPerMillion"] = m.cny_in >= 0 ? json::array({m.cny_in, m.cny_out}) : json(nullptr);
  j["structured"] = m.has_structured ? json(StructuredModeName(m.structured)) : json(nullptr);
  return js::Dump(j);
}

}  // namespace tp
