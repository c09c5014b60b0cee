// Transcript tab: the text box, "Load sample", and what TalkPress understood (format, speakers with
// rename fields, duration, language, tokens, warnings).
#pragma once

#include "app/app_state.h"

namespace tp::ui {

struct TranscriptPanel {
  void Draw(AppState& app);

 private:
  void DrawSummary(AppState& app);
  int format_choice = 0;   // 0 = detect automatically
  int pushed_version_ = -1;
};

// Parses the transcript now if an edit is pending (the UI waits for a pause in typing).
void ReparseIfDue(AppState& app, bool force);

}  // namespace tp::ui
