// Structure tab: preset choice, the spec's settings, validation messages and the live skeleton.
#pragma once

#include "app/app_state.h"

namespace tp::ui {

struct StructurePanel {
  void Draw(AppState& app);
};

}  // namespace tp::ui
