// The application window: menu bar, two panes (input on the left, article on the right), status bar.
#pragma once

#include "app/app_state.h"
#include "ui/generate_panel.h"
#include "ui/markdown_view.h"
#include "ui/model_panel.h"
#include "ui/structure_panel.h"
#include "ui/transcript_panel.h"

namespace tp::ui {

struct InputPane {   // transcript, structure and model tabs
  TranscriptPanel transcript;
  StructurePanel structure;
  ModelPanel model;
  void Draw(AppState& app);
};

struct ArticlePane {
  GeneratePanel generate;
  MarkdownView view;
  bool editing = false;
  int pushed_version_ = -1;
  void Draw(AppState& app);
};

struct StatusBar {
  void Draw(AppState& app, float height);
};

struct Shell {
  InputPane input;
  ArticlePane article;
  StatusBar status;
  float split = 0.42f;   // left pane share of the width, user-draggable
  void Draw(AppState& app);
};

void ApplyTheme(bool dark);

}  // namespace tp::ui
