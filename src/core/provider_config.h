// Turning the user's provider choices into the ProviderConfig requests are built from. A key belongs to
// the origin it was entered for: a choice that moves the config to another origin never carries it.
#pragma once

#include <string>

#include "core/llm.h"

namespace tp {

// The config for `preset` (kind, base URL, default model), keeping what the user set that still applies
// (concurrency; the key only when the preset's origin is the previous config's origin).
ProviderConfig ProviderConfigForPreset(const ProviderPreset& preset, const ProviderConfig& previous);

// The same config pointed at another base URL; the key is dropped when the origin changes.
ProviderConfig WithBaseUrl(const ProviderConfig& previous, std::string base_url);

}  // namespace tp
