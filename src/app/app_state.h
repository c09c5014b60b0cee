// Everything the UI panels and the automation API share: the user's document and runtime figures.
#pragma once

#include <cstdint>
#include <string>

#include "core/project.h"

namespace tp {

struct FrameStats {
  uint64_t frames_rendered = 0;
  double last_frame_ms = 0;     // CPU time of the last frame, from NewFrame to the GL submit
  double first_frame_at_ms = 0; // page-relative time (performance.now) of the first rendered frame
};

struct AppState {
  Project project;               // transcript (never discarded), speakers, spec
  std::string article_markdown;  // the article being shown and edited
  std::string status;            // one line for the status bar
  double transcript_edited_at = -1;   // ImGui time of the last unparsed edit, -1 when parsed
  int transcript_version = 0;         // bumped when the text is replaced from outside the text box
  int article_version = 0;            // bumped when the article is replaced from outside the editor
  // Replaces the transcript (file, sample, API) and re-parses it.
  void ReplaceTranscript(std::string text) {
    project.transcript_text = std::move(text);
    project.Reparse();
    transcript_edited_at = -1;
    ++transcript_version;
  }
  bool dark_theme = false;
  FrameStats stats;
};

AppState& App();

}  // namespace tp
