// Named screen rectangles of a few widgets, published for the automation API (itemRect) so browser
// tests drive the real UI with real mouse and keyboard input.
#pragma once

#include <string>

namespace tp::ui {

// Records the last ImGui item's rectangle under `name`.
void TrackItem(const char* name);
void TrackRect(const char* name, float x, float y, float w, float h);
// {x, y, w, h} in CSS pixels; false when the item was not drawn in the last frame.
bool FindItem(const std::string& name, float* x, float* y, float* w, float* h);
void ClearTrackedItems();   // at the start of a frame

}  // namespace tp::ui
