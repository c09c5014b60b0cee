// Small ImGui helpers shared by the panels.
#pragma once

#include <string>

#include "imgui.h"

namespace tp::ui {

// InputText / InputTextMultiline over a std::string that grows as the user types or pastes.
bool InputString(const char* label, std::string* s, ImGuiInputTextFlags flags = 0);
bool InputStringMultiline(const char* label, std::string* s, const ImVec2& size, ImGuiInputTextFlags flags = 0);
// Draws `hint` inside the last item (a text field) while it is empty and not being edited.
void HintInEmptyField(const std::string& value, const char* hint);
// A "(?)" marker with a tooltip.
void HelpMarker(const char* text);
// "1:02:03" from seconds.
std::string Duration(double seconds);

}  // namespace tp::ui
