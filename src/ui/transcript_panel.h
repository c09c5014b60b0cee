// Transcript tab: open a file or the sample, how to read it (format, noise marks), the title and source
// URL, the text box, and what TalkPress understood (format, speakers with rename fields, duration,
// language, tokens, warnings).
#pragma once

#include "app/app.h"

namespace tp::ui {

struct TranscriptPanel {
  void Draw(App& app);

 private:
  void DrawSummary(App& app);
};

}  // namespace tp::ui
