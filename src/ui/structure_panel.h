// Structure tab: preset choice, the spec's settings, validation messages and the live skeleton.
#pragma once

#include <string>

#include "app/app_state.h"

namespace tp::ui {

struct StructurePanel {
  void Draw(AppState& app);

 private:
  std::string new_preset_name_;
  std::string preset_message_;
};

}  // namespace tp::ui
