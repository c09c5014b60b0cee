// Generate bar of the article pane: the plan and its estimate before anything is sent, Generate and
// Cancel, progress per step with streaming sizes, a failed step's reason and Retry, and regenerating
// one section with an instruction.
#pragma once

#include <string>

#include "app/app.h"

namespace tp::ui {

struct GeneratePanel {
  void Draw(App& app);

 private:
  void DrawSteps(App& app, const Pipeline& p);
  bool tried_ = false;      // Generate was pressed while something blocked it: say what, until it is fixed
  std::string instruction_;
  std::string regen_error_;
  int regen_index_ = 1;     // 1-based, as shown
};

}  // namespace tp::ui
