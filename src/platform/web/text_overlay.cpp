// Browser implementation of the text overlay seam on web_textarea.js.
#include "platform/text_overlay.h"

#include <cstdlib>
#include <cstring>
#include <map>

#include "core/utf8.h"

extern "C" {
void tp_overlay_place(const char* id, float x, float y, float w, float h, float font_size, const char* placeholder, int dark);
int tp_overlay_keep(const char* id);
void tp_overlay_set(const char* id, const char* text, int version);
char* tp_overlay_take(const char* id, int* base_version, int* length, int* broken, int* splice);
char* tp_overlay_take_whole(const char* id, int* length, int* broken);
int tp_overlay_input_waiting();
int tp_overlay_edit_pending(const char* id);
int tp_overlay_take_undo(const char* id);
void tp_overlay_limit(const char* id, double max_bytes);
double tp_overlay_take_refusal(const char* id);
void tp_overlay_end_frame();
}

namespace tp::platform {

namespace {
std::map<std::string, int> g_sent;   // overlay id -> version last sent
std::map<std::string, size_t> g_limit;   // overlay id -> limit last sent
// overlay id -> the text the box was last shown or handed over: the box's next edit arrives as a splice of
// it (web_textarea.js keeps the same text on its side).
std::map<std::string, std::string> g_shown;
// overlay id -> where it was last placed: a box that stays put (every frame but a resize, a scroll of
// its tab or a theme change) is only marked placed, without restyling the element and decoding its
// placeholder each frame.
struct Placement {
  float x, y, w, h, font_size;
  std::string placeholder;
  bool dark;
};
std::map<std::string, Placement, std::less<>> g_placed;

// Moves a malloc'd UTF-8 string of `length` bytes into *out (by length: a pasted NUL must not cut it).
void TakeMalloced(char* p, int length, std::string* out) {
  out->assign(p, (size_t)length);
  std::free(p);
}
}

void PlaceTextOverlay(const char* id, float x, float y, float w, float h, float font_size, const char* placeholder, bool dark) {
  auto it = g_placed.find(std::string_view(id));
  if (it != g_placed.end()) {
    const Placement& p = it->second;
    if (p.x == x && p.y == y && p.w == w && p.h == h && p.font_size == font_size && p.dark == dark &&
        std::strcmp(p.placeholder.c_str(), placeholder) == 0 && tp_overlay_keep(id))
      return;
  }
  g_placed[id] = Placement{x, y, w, h, font_size, placeholder, dark};
  tp_overlay_place(id, x, y, w, h, font_size, placeholder, dark ? 1 : 0);
}

void SyncTextOverlay(const char* id, const std::string& text, int version) {
  auto it = g_sent.find(id);
  if (it != g_sent.end() && it->second == version) return;
  g_sent[id] = version;
  g_shown[id] = text;
  tp_overlay_set(id, text.c_str(), version);
}

bool TakeTextOverlayEdit(const char* id, TextOverlayEdit* edit) {
  int base = -1, length = 0, broken = 0, splice[4] = {0, 0, 0, 0};
  char* p = tp_overlay_take(id, &base, &length, &broken, splice);
  if (!p) return false;
  std::string& shown = g_shown[id];
  if (splice[0] == 0) {
    TakeMalloced(p, length, &shown);
  } else {
    utf8::Utf16Splice s;
    s.start_units = (size_t)splice[1];
    s.removed_units = (size_t)splice[2];
    s.total_units = (size_t)splice[3];
    TakeMalloced(p, length, &s.inserted);
    if (!utf8::ApplyUtf16Splice(&shown, s)) {   // the copy is not what the box was shown: take it whole
      p = tp_overlay_take_whole(id, &length, &broken);
      TakeMalloced(p, length, &shown);
    }
  }
  edit->text = shown;
  edit->base_version = base;
  edit->broken_characters = (size_t)broken;
  return true;
}

bool TextOverlayEditPending(const char* id) { return tp_overlay_edit_pending(id) != 0; }
bool TextOverlayInputWaiting() { return tp_overlay_input_waiting() != 0; }

bool TakeTextOverlayUndo(const char* id) { return tp_overlay_take_undo(id) != 0; }

void LimitTextOverlay(const char* id, size_t max_bytes) {
  auto it = g_limit.find(id);
  if (it != g_limit.end() && it->second == max_bytes) return;
  g_limit[id] = max_bytes;
  tp_overlay_limit(id, (double)max_bytes);
}

bool TakeTextOverlayRefusal(const char* id, size_t* bytes) {
  const double b = tp_overlay_take_refusal(id);
  if (b <= 0) return false;
  *bytes = (size_t)b;
  return true;
}

void EndFrameTextOverlays() { tp_overlay_end_frame(); }

}  // namespace tp::platform
