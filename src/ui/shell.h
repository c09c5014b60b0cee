// The application window: menu bar, two panes (input on the left, article on the right), status bar;
// below kNarrowWidth one column of tabs (Transcript, Structure, Model, Article).
// Panels are small structs with Draw(App&); they read the App and change it only through its intents.
#pragma once

#include "app/app.h"
#include "imgui.h"
#include "ui/checks_panel.h"
#include "ui/generate_panel.h"
#include "ui/glossary_panel.h"
#include "ui/history_panel.h"
#include "ui/markdown_view.h"
#include "ui/model_panel.h"
#include "ui/structure_panel.h"
#include "ui/transcript_panel.h"

namespace tp::ui {

struct ArticlePane;

struct InputPane {   // transcript, structure and model tabs; on a phone the article is a fourth tab
  TranscriptPanel transcript;
  StructurePanel structure;
  ModelPanel model;
  void Draw(App& app, ArticlePane* article_tab);
};

struct ArticlePane {
  GeneratePanel generate;
  ChecksPanel checks;
  GlossaryPanel glossary;
  MarkdownView view;
  void Draw(App& app);

 private:
  void DrawToolbar(App& app);
  std::string preview_;   // the article as far as the running generation has written it
};

// The bottom line: the latest message and the transcript's counts. A message too long for one line wraps
// onto up to kMaxLines lines (the bar grows); beyond that its end is in a tooltip.
struct StatusBar {
  static constexpr int kMaxLines = 5;
  float Height(const App& app) const;   // what Draw needs this frame
  void Draw(App& app, float height);

 private:
  std::string Counts(const App& app) const;
  float MessageWidth(const App& app) const;   // where the message may wrap
};

struct Shell {
  InputPane input;
  ArticlePane article;
  StatusBar status;
  HistoryPanel history;
  void Draw(App& app);

 private:
  int applied_theme_ = -1;   // the theme the style holds (0 light, 1 dark)
};

void ApplyTheme(bool dark);
// The colour the frame is cleared to: the panes' (they draw no background of their own).
ImVec4 PaneColor();

}  // namespace tp::ui
