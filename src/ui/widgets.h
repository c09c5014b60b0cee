// Small ImGui helpers shared by the panels.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "imgui.h"

namespace tp::ui {

// InputText / InputTextMultiline over a std::string that grows as the user types or pastes.
bool InputString(const char* label, std::string* s, ImGuiInputTextFlags flags = 0);
bool InputStringMultiline(const char* label, std::string* s, const ImVec2& size, ImGuiInputTextFlags flags = 0);
// Draws `hint` inside the last item (a text field) while it is empty and not being edited.
void HintInEmptyField(const std::string& value, const char* hint);
// Toolbars that wrap: call before every item of a row but the first, with the item's width. The item
// goes on the same line when it fits in what is left of the row, else it starts a new line.
void WrapNext(float item_width);
// The width of a button with this label (frame padding included).
float ButtonWidth(const char* label);
// The width of a text item.
float TextWidth(const char* text);
// Below this width (CSS pixels) the app is one column with tabs.
constexpr float kNarrowWidth = 700;
// True when the window is laid out for a phone: one column, larger touch targets.
bool NarrowLayout();
// Text wrapped at the available width by the article view's line breaker (core/linebreak.h): after spaces
// and hyphens and between CJK characters. ImGui's own wrap also breaks after any '.' or ',' once a word runs
// long, which splits prices ("$0." / "089") and version numbers across lines. One group item.
void WrappedText(std::string_view text);
// A "(?)" marker with a tooltip.
void HelpMarker(const char* text);
// Labelled fields whose labels are never cut off. When the pane has room for the longest label beside a
// readable field, each label sits right of its field (ImGui's way) in a column that wide; otherwise each
// label stands on a line of its own above a full-width field. Each row's rectangle, label included, is
// tracked as track_prefix + label (item_registry.h).
class FormLayout {
 public:
  // `labels`: every label that will be passed to Field; with_help: some rows have a "(?)" marker.
  FormLayout(std::initializer_list<const char*> labels, std::string track_prefix, bool with_help = false);
  bool stacked() const { return stacked_; }
  // Before the field's widget: sets its width and returns the label to give the widget.
  const char* Field(const char* label, const char* help = nullptr);
  void EndField();   // after the widget

 private:
  std::string prefix_, id_, name_;
  const char* help_ = nullptr;
  float label_col_ = 0;
  bool stacked_ = false;
  ImVec2 row_min_;
};
// For a field that holds a secret (the API key): once the field is no longer being edited, overwrites and
// releases what Dear ImGui keeps of its text (the edit buffer, the copy Escape reverts to, the callback
// backup, the undo stack, the text of a field whose focus was taken by another), so a replaced or deleted
// key leaves no copy in memory. Call right after the field's widget, every frame.
void ForgetFieldText(ImGuiID id);
// "1:02:03" from seconds.
std::string Duration(double seconds);

}  // namespace tp::ui
