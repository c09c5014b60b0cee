// Past articles: a window listing every finished generation (newest first) with open, rename, delete,
// download, and "Download all" (one JSON file). Opened from the menu bar's "History" button.
#pragma once

#include <string>

#include "app/app.h"

namespace tp::ui {

struct HistoryPanel {
  bool open = false;
  void Draw(App& app);

 private:
  std::string renaming_id_;     // the entry whose title is being edited
  char rename_buf_[256] = {};
  std::string confirm_delete_id_;
};

}  // namespace tp::ui
