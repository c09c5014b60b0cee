#include "ui/item_registry.h"

#include <cstdint>
#include <map>
#include <string_view>

#include "imgui.h"
#include "imgui_internal.h"

namespace tp::ui {
namespace {
// Every name ever tracked, with its rectangle in the frame being drawn and in the one before, which is
// what FindItem reports: a frame only rewrites entries, so tracking allocates nothing once each name has
// been seen (a map rebuilt each frame allocated a node and a string per item, every frame).
struct Rect { float x, y, w, h; };
struct Entry {
  Rect now{}, before{};
  uint64_t now_frame = 0, before_frame = 0;
};
std::map<std::string, Entry, std::less<>> g_items;
uint64_t g_frame = 2;   // the frame being drawn; 0 in an entry is "never", so the first frame before it is 1
}  // namespace

void TrackRect(const char* name, float x, float y, float w, float h) {
  auto it = g_items.find(std::string_view(name));
  if (it == g_items.end()) it = g_items.emplace(name, Entry{}).first;
  Entry& e = it->second;
  if (e.now_frame != g_frame) {
    e.before = e.now;
    e.before_frame = e.now_frame;
  }
  e.now = {x, y, w, h};
  e.now_frame = g_frame;
}

void TrackItem(const char* name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  // Not on screen yet: a window's first frame only measures it (it is hidden), and a tab has no width
  // before its bar has laid the tabs out. A rectangle of nothing cannot be clicked.
  if (b.x <= a.x || b.y <= a.y || ImGui::GetCurrentWindowRead()->Hidden) return;
  TrackRect(name, a.x, a.y, b.x - a.x, b.y - a.y);
}

bool FindItem(const std::string& name, float* x, float* y, float* w, float* h) {
  auto it = g_items.find(name);
  if (it == g_items.end()) return false;
  const Entry& e = it->second;
  const Rect* r = e.now_frame == g_frame - 1 ? &e.now : e.before_frame == g_frame - 1 ? &e.before : nullptr;
  if (!r) return false;
  *x = r->x; *y = r->y; *w = r->w; *h = r->h;
  return true;
}

void ClearTrackedItems() { ++g_frame; }

}  // namespace tp::ui
