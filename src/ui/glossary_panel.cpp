#include "ui/glossary_panel.h"

#include "imgui.h"
#include "ui/help.h"
#include "ui/item_registry.h"
#include "ui/widgets.h"

namespace tp::ui {

namespace {
bool SameGlossary(const Glossary& a, const Glossary& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].source != b[i].source || a[i].rendering != b[i].rendering) return false;
  return true;
}
}  // namespace

void GlossaryPanel::Draw(App& app, float height) {
  const Glossary& g = app.glossary();
  if (g.empty() || app.Running()) return;
  if (!SameGlossary(g, shown_)) {   // a new run or a correction: the fields show the glossary as it is
    shown_ = g;
    renderings_.clear();
    for (const GlossaryEntry& e : g) renderings_.push_back(e.rendering);
  }
  char label[64];
  std::snprintf(label, sizeof label, "Glossary: %zu names and terms", g.size());
  ImGui::Checkbox(label, &open);
  TrackItem("glossary.toggle");
  WrapNext(TextWidth("(?)"));
  HelpButton("glossary", kGlossaryHelp);
  if (!open) return;
  ImGui::BeginChild("##glossary", ImVec2(0, height), ImGuiChildFlags_Borders);
  GlossaryEntry apply;
  bool applying = false;
  if (ImGui::BeginTable("##glossary_table", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("As said", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("In the article", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("##apply", ImGuiTableColumnFlags_WidthFixed, ButtonWidth("Apply"));
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < g.size(); ++i) {
      ImGui::PushID((int)i);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(g[i].source.c_str());
      if (!g[i].kind.empty() || !g[i].note.empty()) {
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s%s%s", g[i].kind.c_str(), g[i].kind.empty() || g[i].note.empty() ? "" : ": ", g[i].note.c_str());
      }
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-FLT_MIN);
      InputString("##rendering", &renderings_[i]);
      if (i == 0) TrackItem("glossary.rendering.0");
      ImGui::TableNextColumn();
      const bool changed = renderings_[i] != g[i].rendering && !renderings_[i].empty();
      ImGui::BeginDisabled(!changed);
      if (ImGui::Button("Apply")) {
        apply = g[i];
        apply.rendering = renderings_[i];
        applying = true;
      }
      if (i == 0) TrackItem("glossary.apply.0");
      ImGui::EndDisabled();
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  // A name the model missed.
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  InputString("##new_source", &new_source_);
  HintInEmptyField(new_source_, "as said");
  WrapNext(ImGui::GetFontSize() * 9);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  InputString("##new_rendering", &new_rendering_);
  HintInEmptyField(new_rendering_, "in the article");
  WrapNext(ButtonWidth("Add"));
  ImGui::BeginDisabled(new_source_.empty() || new_rendering_.empty());
  if (ImGui::Button("Add")) {
    apply = GlossaryEntry{new_source_, new_rendering_, "", ""};
    applying = true;
  }
  ImGui::EndDisabled();
  if (!message_.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(0.8f, 0.15f, 0.1f, 1), "%s", message_.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::EndChild();
  if (applying) {   // after drawing: the glossary changes
    message_.clear();
    if (app.CorrectGlossary(apply, &message_) && apply.source == new_source_) new_source_.clear(), new_rendering_.clear();
  }
}

}  // namespace tp::ui
