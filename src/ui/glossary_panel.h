// The glossary of the run: the names and terms the model fixed, with their renderings, editable. A
// correction re-renders every part of the article that uses it (App::CorrectGlossary).
#pragma once

#include <string>
#include <vector>

#include "app/app.h"

namespace tp::ui {

struct GlossaryPanel {
  bool open = false;
  void Draw(App& app, float height);

 private:
  std::vector<std::string> renderings_;   // what the user is typing, per entry
  Glossary shown_;                        // the glossary the fields were filled from
  std::string new_source_, new_rendering_;
  std::string message_;
};

}  // namespace tp::ui
