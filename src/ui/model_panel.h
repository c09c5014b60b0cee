// Model tab: provider preset, base URL, API key (masked), model with "Test connection" listing the
// models the key can use, concurrency, and what to do when a browser cannot reach the provider.
#pragma once

#include <string>
#include <vector>

#include "app/app_state.h"
#include "core/llm.h"

namespace tp::ui {

struct ModelPanel {
  void Draw(AppState& app);

 private:
  std::vector<ModelInfo> models_;
  std::string test_status_;
  bool testing_ = false;
  bool show_key_ = false;
};

}  // namespace tp::ui
