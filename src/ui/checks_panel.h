// The checks of the article: a summary, a coverage strip over the transcript's timeline, and every
// finding with its severity. Clicking a finding scrolls the article to it and shows the source turns
// it concerns beside it.
#pragma once

#include <cstdint>

#include "app/app.h"
#include "ui/markdown_view.h"

namespace tp::ui {

struct ChecksPanel {
  bool open = false;             // the findings list is shown
  // `view` is the article's view (scrolled to a clicked finding); `height` the space the list may take.
  void Draw(App& app, MarkdownView& view, float height);

 private:
  void DrawCoverage(App& app);
  void DrawFindings(App& app, MarkdownView& view);
  void DrawSourceTurns(App& app);
  bool problems_only_ = false;
  // The summary line's counts, made again only when the checks change (App::checks_revision).
  uint64_t counted_revision_ = ~uint64_t(0);
  size_t verified_ = 0;
  int problems_ = 0;
  int selected_ = -1;            // index in the findings
};

}  // namespace tp::ui
