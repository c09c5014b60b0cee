// Model tab: provider preset, base URL, API key (masked; kept per origin), model with "Test connection"
// listing the models the key can use, parallel requests, and what to do when a browser cannot reach
// the provider.
#pragma once

#include "app/app.h"

namespace tp::ui {

struct ModelPanel {
  void Draw(App& app);

 private:
  bool show_key_ = false;
};

}  // namespace tp::ui
