#include "ui/widgets.h"

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <cstring>

#include "ui/item_registry.h"

namespace tp::ui {

namespace {
int ResizeCallback(ImGuiInputTextCallbackData* d) {
  if (d->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* s = static_cast<std::string*>(d->UserData);
    s->resize(d->BufTextLen);
    d->Buf = &(*s)[0];
  }
  return 0;
}
}  // namespace

bool InputString(const char* label, std::string* s, ImGuiInputTextFlags flags) {
  return ImGui::InputText(label, &(*s)[0], s->capacity() + 1, flags | ImGuiInputTextFlags_CallbackResize, ResizeCallback, s);
}

bool InputStringMultiline(const char* label, std::string* s, const ImVec2& size, ImGuiInputTextFlags flags) {
  return ImGui::InputTextMultiline(label, &(*s)[0], s->capacity() + 1, size, flags | ImGuiInputTextFlags_CallbackResize,
                                   ResizeCallback, s);
}

void HintInEmptyField(const std::string& value, const char* hint) {
  if (!value.empty() || ImGui::IsItemActive()) return;
  const ImVec2 at = ImGui::GetItemRectMin(), end = ImGui::GetItemRectMax();
  const ImVec2 pad = ImGui::GetStyle().FramePadding;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(at, ImVec2(end.x - pad.x, end.y), true);   // a long hint stays inside its field
  dl->AddText(ImVec2(at.x + pad.x, at.y + pad.y), ImGui::GetColorU32(ImGuiCol_TextDisabled), hint);
  dl->PopClipRect();
}

void WrapNext(float item_width) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float row_right = ImGui::GetItemRectMax().x + st.ItemSpacing.x + item_width;
  // Before SameLine the cursor sits at the start of the next line: its x plus what is available there is
  // the right edge of the row.
  const float limit = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  if (row_right <= limit) ImGui::SameLine();
}

float ButtonWidth(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

float TextWidth(const char* text) { return ImGui::CalcTextSize(text).x; }

bool NarrowLayout() { return ImGui::GetMainViewport()->WorkSize.x < kNarrowWidth; }

void HelpMarker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::BeginItemTooltip()) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

FormLayout::FormLayout(std::initializer_list<const char*> labels, std::string track_prefix, bool with_help)
    : prefix_(std::move(track_prefix)) {
  const ImGuiStyle& st = ImGui::GetStyle();
  for (const char* l : labels) label_col_ = std::max(label_col_, ImGui::CalcTextSize(l, nullptr, true).x);
  label_col_ += st.ItemInnerSpacing.x + (with_help ? st.ItemSpacing.x + TextWidth("(?)") : 0.0f);
  stacked_ = ImGui::GetContentRegionAvail().x < label_col_ + ImGui::GetFontSize() * 8;
}

const char* FormLayout::Field(const char* label, const char* help) {
  const char* shown_end = std::strstr(label, "##");
  name_ = prefix_ + std::string(label, shown_end ? (size_t)(shown_end - label) : std::strlen(label));
  help_ = help;
  row_min_ = ImGui::GetCursorScreenPos();
  if (!stacked_) {
    ImGui::SetNextItemWidth(std::max(1.0f, ImGui::GetContentRegionAvail().x - label_col_));
    return label;
  }
  ImGui::TextUnformatted(label, shown_end);
  if (help) HelpMarker(help);
  ImGui::SetNextItemWidth(-FLT_MIN);
  id_ = std::string("##") + label;
  return id_.c_str();
}

void FormLayout::EndField() {
  ImVec2 max = ImGui::GetItemRectMax();
  if (!stacked_ && help_) {
    HelpMarker(help_);
    max = ImVec2(std::max(max.x, ImGui::GetItemRectMax().x), std::max(max.y, ImGui::GetItemRectMax().y));
  }
  TrackRect(name_.c_str(), row_min_.x, row_min_.y, max.x - row_min_.x, max.y - row_min_.y);
}

std::string Duration(double seconds) {
  long s = (long)(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

}  // namespace tp::ui
