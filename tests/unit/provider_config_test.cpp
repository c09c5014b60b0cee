// A provider preset becomes a config; a key never follows the config to another origin.
#include <doctest/doctest.h>

#include "core/provider_config.h"
#include "core/url.h"

namespace tp {

TEST_CASE("choosing a preset carries the key only within the same origin") {
  ProviderConfig prev = ProviderConfigForPreset(*FindProviderPreset("openai"), ProviderConfig());
  prev.api_key = "sk-1";
  prev.concurrency = 9;
  for (const ProviderPreset& p : ProviderPresets()) {
    INFO(p.id);
    const ProviderConfig c = ProviderConfigForPreset(p, prev);
    CHECK(c.base_url == p.base_url);
    CHECK(c.model == p.default_model);
    CHECK(c.concurrency == 9);
    if (OriginOf(p.base_url) == OriginOf(prev.base_url)) CHECK(c.api_key == "sk-1");
    else CHECK(c.api_key.empty());
  }
  CHECK(ProviderConfigForPreset(*FindProviderPreset("openai"), prev).use_max_completion_tokens);
  CHECK_FALSE(ProviderConfigForPreset(*FindProviderPreset("groq"), prev).use_max_completion_tokens);
}

TEST_CASE("another base URL keeps the key only on the same origin") {
  ProviderConfig p;
  p.base_url = "https://api.example.com/v1";
  p.api_key = "k";
  CHECK(WithBaseUrl(p, "https://API.example.com:443/v2").api_key == "k");
  CHECK(WithBaseUrl(p, "https://api.example.com.evil.net/v1").api_key.empty());
  CHECK(WithBaseUrl(p, "http://api.example.com/v1").api_key.empty());
  CHECK(WithBaseUrl(p, "https://user@evil.net/?https://api.example.com").api_key.empty());
  CHECK(WithBaseUrl(p, "not a url").api_key.empty());
}

}  // namespace tp
