#include "ui/structure_panel.h"

#include <algorithm>

#include "core/article.h"
#include "core/limits.h"
#include "imgui.h"
#include "ui/item_registry.h"
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

void StructurePanel::Draw(App& app) {
  const Project& p = app.project();
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
  if (ImGui::BeginCombo("##preset", p.spec.name.c_str())) {
    std::string to_apply;
    for (const Preset& pr : BuiltinPresets())
      if (ImGui::Selectable(pr.spec.name.c_str(), pr.id == p.preset_id)) to_apply = pr.id;
    if (!p.user_presets.empty()) ImGui::SeparatorText("Your presets");
    for (const Preset& pr : p.user_presets)
      if (ImGui::Selectable(pr.spec.name.c_str(), pr.id == p.preset_id)) to_apply = pr.id;
    ImGui::EndCombo();
    if (!to_apply.empty()) { app.ApplyPreset(to_apply); preset_message_.clear(); }
  }
  TrackItem("structure.preset");
  // The name field and its button follow the preset on one row when they fit, else on the next.
  const float button_w = ButtonWidth("Save preset");
  const float min_field = ImGui::GetFontSize() * 9;
  WrapNext(min_field + button_w + ImGui::GetStyle().ItemSpacing.x);
  ImGui::SetNextItemWidth(std::max(min_field, ImGui::GetContentRegionAvail().x - button_w - ImGui::GetStyle().ItemSpacing.x));
  InputString("##new_preset", &new_preset_name_);
  HintInEmptyField(new_preset_name_, "name of your preset");
  WrapNext(button_w);
  if (ImGui::Button("Save preset")) {
    std::string why;
    if (app.SaveUserPreset(new_preset_name_, &why)) {
      preset_message_ = "Saved \"" + new_preset_name_ + "\" on this device.";
      new_preset_name_.clear();
    } else {
      preset_message_ = why;
    }
  }
  // One line reserved for the message, so saving never moves the fields below.
  ImGui::TextDisabled("%s", preset_message_.c_str());

  ArticleSpec s = p.spec;
  bool changed = false;
  const float label_w = ImGui::GetFontSize() * 10;
  ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x - label_w);
  ImGui::BeginChild("##spec", ImVec2(0, ImGui::GetContentRegionAvail().y * 0.62f));
  changed |= InputString("Output language", &s.output_language);
  HelpMarker("A language tag: zh-Hans (Simplified Chinese), zh-Hant, en, ja, ko, es, fr, de, pt...");
  changed |= EnumCombo("Title style", &s.title_style, {TitleStyle::Question, TitleStyle::Statement, TitleStyle::Hook});
  TrackItem("structure.titleStyle");
  changed |= EnumCombo("Title emoji", &s.title_emoji, {EmojiPlacement::Off, EmojiPlacement::End, EmojiPlacement::Start});
  changed |= ImGui::Checkbox("Lead", &s.lead);
  changed |= ImGui::SliderInt("Highlights", &s.highlights, 0, limits::kMaxHighlights);
  changed |= ImGui::Checkbox("Introduction", &s.introduction);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("with subtitle##intro", &s.introduction_subtitle);
  changed |= ImGui::SliderInt("Body sections", &s.section_count, 0, limits::kMaxSections);
  changed |= ImGui::SliderInt("Section length", &s.section_length, limits::kMinSectionLength, limits::kMaxSectionLength);
  TrackItem("structure.sectionLength");
  changed |= EnumCombo("Length unit", &s.length_unit, {LengthUnit::Characters, LengthUnit::Words});
  changed |= ImGui::Checkbox("Conclusion", &s.conclusion);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("with subtitle##concl", &s.conclusion_subtitle);
  changed |= ImGui::SliderInt("Quotes", &s.quotes, 0, limits::kMaxQuotes);
  changed |= ImGui::Checkbox("Links section", &s.links);
  changed |= EnumCombo("Dialogue", &s.dialogue, {DialogueMode::Off, DialogueMode::Cleaned, DialogueMode::Translated});
  changed |= EnumCombo("Dialogue as", &s.dialogue_render, {DialogueRender::Fenced, DialogueRender::Paragraphs});
  changed |= ImGui::Checkbox("Timestamps in headings", &s.timestamps_in_headings);
  changed |= ImGui::Checkbox("Timestamps in dialogue", &s.timestamps_in_dialogue);
  changed |= ImGui::Checkbox("Source link", &s.source_link);
  changed |= InputString("Tone", &s.tone);
  changed |= InputString("Audience", &s.audience);
  changed |= InputStringMultiline("Instructions", &s.instructions, ImVec2(0, ImGui::GetTextLineHeight() * 4));
  ImGui::EndChild();
  ImGui::PopItemWidth();
  if (changed) app.UpdateSpec(s);

  const ValidationResult v = ValidateSpec(p.spec);
  for (const auto& e : v.errors) ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", e.message.c_str());
  for (const auto& w : v.warnings) ImGui::TextColored(ImVec4(0.75f, 0.4f, 0.05f, 1), "%s", w.message.c_str());
  ImGui::SeparatorText("Skeleton");
  ImGui::BeginChild("##skeleton");
  for (const SkeletonItem& it : Skeleton(p.spec)) {
    std::string line = it.level == 1 ? "# " + it.text : it.level == 2 ? "## " + it.text : it.text;
    if (it.placeholder) ImGui::TextDisabled("%s", line.c_str());
    else ImGui::TextUnformatted(line.c_str());
  }
  ImGui::EndChild();
}

}  // namespace tp::ui
