#include "core/provider_config.h"

#include "core/url.h"

namespace tp {

ProviderConfig ProviderConfigForPreset(const ProviderPreset& preset, const ProviderConfig& previous) {
  ProviderConfig p;
  p.kind = preset.kind;
  p.preset_id = preset.id;
  p.base_url = preset.base_url;
  p.model = preset.default_model;
  p.concurrency = previous.concurrency;
  // OpenAI's own API wants max_completion_tokens; compatible servers mostly read max_tokens.
  p.use_max_completion_tokens = p.preset_id == "openai";
  const std::string origin = OriginOf(p.base_url);
  if (!origin.empty() && origin == OriginOf(previous.base_url)) p.api_key = previous.api_key;
  return p;
}

ProviderConfig WithBaseUrl(const ProviderConfig& previous, std::string base_url) {
  ProviderConfig p = previous;
  p.base_url = std::move(base_url);
  const std::string origin = OriginOf(p.base_url);
  if (origin.empty() || origin != OriginOf(previous.base_url)) p.api_key.clear();
  return p;
}

}  // namespace tp
