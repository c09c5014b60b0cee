// Generate bar of the article pane: the plan and its estimate before anything is sent, Generate and
// Cancel, progress per step with streaming sizes, a failed step's reason and Retry, the checks of the
// finished article, and regenerating one section with an instruction.
#pragma once

#include <string>

#include "app/app_state.h"

namespace tp::ui {

struct GeneratePanel {
  void Draw(AppState& app);

 private:
  std::string error_;
  std::string instruction_;
  int regen_index_ = 0;
  bool show_checks_ = false;
};

}  // namespace tp::ui
