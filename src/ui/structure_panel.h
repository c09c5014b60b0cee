// Structure tab: preset choice and the user's own presets, the spec's settings, validation messages and
// the live skeleton.
#pragma once

#include <string>

#include "app/app.h"

namespace tp::ui {

struct StructurePanel {
  void Draw(App& app);

 private:
  std::string new_preset_name_;
  std::string preset_message_;
};

}  // namespace tp::ui
