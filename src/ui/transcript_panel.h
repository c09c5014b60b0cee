// Transcript tab: open a file or the sample, how to read it (format, noise marks), the title and source
// URL, the text box, and what TalkPress understood (format, speakers with rename fields, duration,
// language, tokens, metadata, warnings). A transcript of megabytes is shown read-only in a view that
// draws only its visible lines; its editable box is filled only when the user asks ("Edit").
#pragma once

#include <string>
#include <vector>

#include "app/app.h"

namespace tp::ui {

// Hands the transcript box's edit to the app, when the user typed since the last hand-over: true when
// there was one. The panel calls it as it draws; a frame that does not draw calls it first (main.cpp), so
// the hand-over does not cost the page a drawn frame while the user types.
bool TakeTranscriptBoxEdit(App& app);
bool TranscriptBoxEditPending();

struct TranscriptPanel {
  void Draw(App& app);

 private:
  void DrawSummary(App& app);
  // The large-transcript view: display lines (byte offsets) of the text, rebuilt when its version changes.
  void DrawLargeView(App& app, float width, float height);
  int lines_version_ = -1;
  std::vector<std::pair<size_t, size_t>> lines_;   // [begin, end) byte ranges, each at most a screen line's worth
  size_t lines_split_ = 0;                          // bytes of the text split into lines_ so far
  int editing_version_ = -1;   // the version of a large transcript the user chose to edit in the box
  float summary_drawn_h_ = 0;  // the summary's height last frame: wrapped lines in a narrow pane make it taller
};

}  // namespace tp::ui
