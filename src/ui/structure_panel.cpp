#include "ui/structure_panel.h"

#include "app/generation.h"
#include "core/article.h"
#include "imgui.h"
#include "ui/widgets.h"

namespace tp::ui {

namespace {
template <typename E>
bool EnumCombo(const char* label, E* v, std::initializer_list<E> values) {
  bool changed = false;
  if (ImGui::BeginCombo(label, ToString(*v))) {
    for (E e : values)
      if (ImGui::Selectable(ToString(e), e == *v)) { *v = e; changed = true; }
    ImGui::EndCombo();
  }
  return changed;
}
}  // namespace

void StructurePanel::Draw(AppState& app) {
  Project& p = app.project;
  ArticleSpec& s = p.spec;
  const auto& presets = BuiltinPresets();
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
  if (ImGui::BeginCombo("##preset", s.name.c_str())) {
    for (const Preset& pr : presets)
      if (ImGui::Selectable(pr.spec.name.c_str(), pr.id == p.preset_id)) p.ApplyPreset(pr.id);
    if (!p.user_presets.empty()) ImGui::SeparatorText("Your presets");
    std::string to_apply;
    for (const Preset& pr : p.user_presets)
      if (ImGui::Selectable(pr.spec.name.c_str(), pr.id == p.preset_id)) to_apply = pr.id;
    if (!to_apply.empty()) p.ApplyPreset(to_apply);
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  const float button_w = ImGui::CalcTextSize("Save preset").x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - button_w - ImGui::GetStyle().ItemSpacing.x);
  InputString("##new_preset", &new_preset_name_);
  HintInEmptyField(new_preset_name_, "name of your preset");
  ImGui::SameLine();
  if (ImGui::Button("Save preset")) {
    std::string why;
    if (p.SaveUserPreset(new_preset_name_, &why)) {
      preset_message_ = "Saved \"" + new_preset_name_ + "\" on this device.";
      new_preset_name_.clear();
      Gen().SaveProgress();
    } else {
      preset_message_ = why;
    }
  }
  if (!preset_message_.empty()) ImGui::TextDisabled("%s", preset_message_.c_str());
  const float label_w = ImGui::GetFontSize() * 10;
  ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x - label_w);
  ImGui::BeginChild("##spec", ImVec2(0, ImGui::GetContentRegionAvail().y * 0.62f));
  InputString("Output language", &s.output_language);
  HelpMarker("A language tag: zh-Hans (Simplified Chinese), zh-Hant, en, ja, ko, es, fr, de, pt...");
  EnumCombo("Title style", &s.title_style, {TitleStyle::Question, TitleStyle::Statement, TitleStyle::Hook});
  EnumCombo("Title emoji", &s.title_emoji, {EmojiPlacement::Off, EmojiPlacement::End, EmojiPlacement::Start});
  ImGui::Checkbox("Lead", &s.lead);
  ImGui::SliderInt("Highlights", &s.highlights, 0, 20);
  ImGui::Checkbox("Introduction", &s.introduction);
  ImGui::SameLine();
  ImGui::Checkbox("with subtitle##intro", &s.introduction_subtitle);
  ImGui::SliderInt("Body sections", &s.section_count, 0, 20);
  ImGui::SliderInt("Section length", &s.section_length, 50, 3000);
  EnumCombo("Length unit", &s.length_unit, {LengthUnit::Characters, LengthUnit::Words});
  ImGui::Checkbox("Conclusion", &s.conclusion);
  ImGui::SameLine();
  ImGui::Checkbox("with subtitle##concl", &s.conclusion_subtitle);
  ImGui::SliderInt("Quotes", &s.quotes, 0, 20);
  ImGui::Checkbox("Links section", &s.links);
  EnumCombo("Dialogue", &s.dialogue, {DialogueMode::Off, DialogueMode::Cleaned, DialogueMode::Translated});
  EnumCombo("Dialogue as", &s.dialogue_render, {DialogueRender::Fenced, DialogueRender::Paragraphs});
  ImGui::Checkbox("Timestamps in headings", &s.timestamps_in_headings);
  ImGui::Checkbox("Timestamps in dialogue", &s.timestamps_in_dialogue);
  ImGui::Checkbox("Source link", &s.source_link);
  InputString("Tone", &s.tone);
  InputString("Audience", &s.audience);
  InputStringMultiline("Instructions", &s.instructions, ImVec2(0, ImGui::GetTextLineHeight() * 4));
  ImGui::EndChild();
  ImGui::PopItemWidth();

  ValidationResult v = ValidateSpec(s);
  for (const auto& e : v.errors) ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", e.message.c_str());
  for (const auto& w : v.warnings) ImGui::TextColored(ImVec4(0.75f, 0.4f, 0.05f, 1), "%s", w.message.c_str());
  ImGui::SeparatorText("Skeleton");
  ImGui::BeginChild("##skeleton");
  for (const SkeletonItem& it : Skeleton(s)) {
    std::string line = it.level == 1 ? "# " + it.text : it.level == 2 ? "## " + it.text : it.text;
    if (it.placeholder) ImGui::TextDisabled("%s", line.c_str());
    else ImGui::TextUnformatted(line.c_str());
  }
  ImGui::EndChild();
}

}  // namespace tp::ui
