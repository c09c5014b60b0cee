// Everything the UI panels and the automation API share: the user's document and runtime figures.
#pragma once

#include <cstdint>
#include <string>

namespace tp {

struct FrameStats {
  uint64_t frames_rendered = 0;
  double last_frame_ms = 0;     // CPU time of the last frame, from NewFrame to the GL submit
  double first_frame_at_ms = 0; // page-relative time (performance.now) of the first rendered frame
};

struct AppState {
  std::string transcript;        // the user's pasted/opened transcript, never discarded
  std::string article_markdown;  // the article being shown and edited
  std::string status;            // one line for the status bar
  bool dark_theme = false;
  FrameStats stats;
};

AppState& App();

}  // namespace tp
