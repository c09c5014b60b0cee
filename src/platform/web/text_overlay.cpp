// Browser implementation of the text overlay seam on web_textarea.js.
#include "platform/text_overlay.h"

#include <cstdlib>

extern "C" {
void tp_overlay_place(const char* id, float x, float y, float w, float h, float font_size, const char* placeholder, int dark);
void tp_overlay_set(const char* id, const char* text);
char* tp_overlay_take(const char* id);
void tp_overlay_end_frame();
}

namespace tp::platform {

void PlaceTextOverlay(const char* id, float x, float y, float w, float h, float font_size, const char* placeholder, bool dark) {
  tp_overlay_place(id, x, y, w, h, font_size, placeholder, dark ? 1 : 0);
}

void SetTextOverlay(const char* id, const std::string& text) { tp_overlay_set(id, text.c_str()); }

bool TakeTextOverlayEdit(const char* id, std::string* text) {
  char* p = tp_overlay_take(id);
  if (!p) return false;
  text->assign(p);
  std::free(p);
  return true;
}

void EndFrameTextOverlays() { tp_overlay_end_frame(); }

}  // namespace tp::platform
