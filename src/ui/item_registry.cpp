#include "ui/item_registry.h"

#include <map>

#include "imgui.h"
#include "imgui_internal.h"

namespace tp::ui {
namespace {
struct Rect { float x, y, w, h; };
std::map<std::string, Rect> g_items, g_last;
}  // namespace

void TrackItem(const char* name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  // Not on screen yet: a window's first frame only measures it (it is hidden), and a tab has no width
  // before its bar has laid the tabs out. A rectangle of nothing cannot be clicked.
  if (b.x <= a.x || b.y <= a.y || ImGui::GetCurrentWindowRead()->Hidden) return;
  g_items[name] = {a.x, a.y, b.x - a.x, b.y - a.y};
}

void TrackRect(const char* name, float x, float y, float w, float h) { g_items[name] = {x, y, w, h}; }

bool FindItem(const std::string& name, float* x, float* y, float* w, float* h) {
  auto it = g_last.find(name);
  if (it == g_last.end()) return false;
  *x = it->second.x; *y = it->second.y; *w = it->second.w; *h = it->second.h;
  return true;
}

void ClearTrackedItems() {
  g_last.swap(g_items);
  g_items.clear();
}

}  // namespace tp::ui
