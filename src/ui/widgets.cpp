#include "ui/widgets.h"

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <cstring>

#include "core/linebreak.h"
#include "core/secret.h"
#include "imgui_internal.h"
#include "ui/item_registry.h"

// The undo stack's layout (ImGui keeps its definition private to imgui_widgets.cpp; the configuration
// defines come from imgui_internal.h, so this is the same structure).
namespace ImStb {
#include "imstb_textedit.h"
}

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
  // The field's frame, not the item's whole box: an InputText with a visible label counts the label in
  // its item rectangle, and a long hint would run on over it. ImGui keeps the frame as the item's nav rect.
  const ImRect frame = ImGui::GetCurrentContext()->LastItemData.NavRect;
  const ImVec2 at = frame.Min, end = frame.Max;
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

void WrappedText(std::string_view text) {
  const float width = std::max(1.0f, ImGui::GetContentRegionAvail().x);
  ImFontBaked* baked = ImGui::GetFontBaked();
  const AdvanceFn advance = [baked](char32_t cp, int) { return baked->GetCharAdvance((ImWchar)cp); };
  ImGui::BeginGroup();
  // Lines as close as ImGui's wrapped text sets them: no item spacing between them, only after the group.
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0));
  for (const LayoutLine& l : BreakLines({{text, 0}}, width, advance)) {   // hard breaks included
    if (l.segments.empty()) ImGui::NewLine();   // an empty line keeps its height
    else ImGui::TextUnformatted(text.data() + l.segments.front().begin, text.data() + l.segments.back().end);
  }
  ImGui::PopStyleVar();
  ImGui::EndGroup();
}

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

// Overwrites a buffer's whole capacity, then frees it.
static void WipeBuffer(ImVector<char>* v) {
  if (v->Data) tp::SecureZero(v->Data, (size_t)v->Capacity);
  v->clear();
}

// Overwrites what lies beyond the first `used` bytes of a buffer's capacity.
static void WipeTail(ImVector<char>* v, int used) {
  if (v->Data && v->Capacity > used) tp::SecureZero(v->Data + used, (size_t)(v->Capacity - used));
}

void ForgetFieldText(ImGuiID id) {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  if (g.ActiveId == id) return;   // being edited: ImGui needs its buffers
  // One edit state serves every field: when focus went straight to another field, that field took the
  // buffers over and overwrote only as much as its own text, and its undo stack starts over the old one.
  ImGuiInputTextState& st = g.InputTextState;
  ImStb::StbUndoState& undo = st.Stb->undostate;
  if (st.ID == id) {
    WipeBuffer(&st.TextA);
    WipeBuffer(&st.TextToRevertTo);
    WipeBuffer(&st.CallbackTextBackup);
    tp::SecureZero(&undo, sizeof undo);
    st.TextLen = 0;
    st.ID = 0;   // the next edit starts a fresh state instead of recycling this one's undo stack
  } else {
    // Another field's (or nobody's) state: wipe what it does not use. Its undo text fills undo_char from
    // the front (undo) and from the back (redo); the middle is unused.
    WipeTail(&st.TextA, st.ID ? st.TextLen + 1 : 0);
    WipeTail(&st.TextToRevertTo, st.ID ? st.TextToRevertTo.Size : 0);
    WipeTail(&st.CallbackTextBackup, 0);   // only used during a callback
    if (undo.redo_char_point > undo.undo_char_point)
      tp::SecureZero(undo.undo_char + undo.undo_char_point,
                     sizeof(undo.undo_char[0]) * (size_t)(undo.redo_char_point - undo.undo_char_point));
  }
  // The text of a field another took the focus from is applied by that field on its next frame (then its
  // id is reset); only after that is it wiped.
  if (g.InputTextDeactivatedState.ID == 0) WipeBuffer(&g.InputTextDeactivatedState.TextA);
}

std::string Duration(double seconds) {
  long s = (long)(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

}  // namespace tp::ui
