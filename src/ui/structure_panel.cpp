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
  // Half the pane, or the chosen preset's whole name beside the arrow when that is wider.
  const float preset_w = TextWidth(p.spec.name.c_str()) + ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetFrameHeight();
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, std::max(ImGui::GetContentRegionAvail().x * 0.5f, preset_w)));
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
  ImGui::BeginChild("##spec", ImVec2(0, ImGui::GetContentRegionAvail().y * 0.62f));
  // Where the fields may draw: a label beyond its right edge is cut off.
  TrackRect("structure.fields", ImGui::GetWindowPos().x, ImGui::GetWindowPos().y,
            ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x - ImGui::GetWindowPos().x, ImGui::GetWindowHeight());
  FormLayout form({"Output language", "Title style", "Title emoji", "Highlights", "Body sections", "Section length",
                   "Length unit", "Quotes", "Dialogue", "Dialogue as", "Tone", "Audience", "Instructions"},
                  "structure.field.", true);
  // A field of the form: the label and widget call go through `form` (see FormLayout).
  auto field = [&form](const char* label, const char* help, auto&& widget) {
    const bool edited = widget(form.Field(label, help));
    form.EndField();
    return edited;
  };
  // A checkbox carries its label itself; the second of a pair goes beside the first when it fits.
  auto check = [](const char* label, bool* v, bool beside = false) {
    if (beside) WrapNext(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x);
    const bool edited = ImGui::Checkbox(label, v);
    TrackItem((std::string("structure.field.") + label).c_str());
    return edited;
  };
  changed |= field("Output language", "A language tag: zh-Hans (Simplified Chinese), zh-Hant, en, ja, ko, es, fr, de, pt...",
                   [&](const char* l) { return InputString(l, &s.output_language); });
  changed |= field("Title style", nullptr, [&](const char* l) {
    return EnumCombo(l, &s.title_style, {TitleStyle::Question, TitleStyle::Statement, TitleStyle::Hook});
  });
  TrackItem("structure.titleStyle");
  changed |= field("Title emoji", nullptr, [&](const char* l) {
    return EnumCombo(l, &s.title_emoji, {EmojiPlacement::Off, EmojiPlacement::End, EmojiPlacement::Start});
  });
  changed |= check("Lead", &s.lead);
  changed |= field("Highlights", nullptr, [&](const char* l) { return ImGui::SliderInt(l, &s.highlights, 0, limits::kMaxHighlights); });
  changed |= check("Introduction", &s.introduction);
  changed |= check("with subtitle##intro", &s.introduction_subtitle, true);
  changed |= field("Body sections", nullptr, [&](const char* l) { return ImGui::SliderInt(l, &s.section_count, 0, limits::kMaxSections); });
  changed |= field("Section length", nullptr, [&](const char* l) {
    return ImGui::SliderInt(l, &s.section_length, limits::kMinSectionLength, limits::kMaxSectionLength);
  });
  TrackItem("structure.sectionLength");
  changed |= field("Length unit", nullptr, [&](const char* l) { return EnumCombo(l, &s.length_unit, {LengthUnit::Characters, LengthUnit::Words}); });
  changed |= check("Conclusion", &s.conclusion);
  changed |= check("with subtitle##concl", &s.conclusion_subtitle, true);
  changed |= field("Quotes", nullptr, [&](const char* l) { return ImGui::SliderInt(l, &s.quotes, 0, limits::kMaxQuotes); });
  changed |= check("Links section", &s.links);
  changed |= field("Dialogue", nullptr, [&](const char* l) {
    return EnumCombo(l, &s.dialogue, {DialogueMode::Off, DialogueMode::Cleaned, DialogueMode::Translated});
  });
  changed |= field("Dialogue as", nullptr, [&](const char* l) { return EnumCombo(l, &s.dialogue_render, {DialogueRender::Fenced, DialogueRender::Paragraphs}); });
  changed |= check("Timestamps in headings", &s.timestamps_in_headings);
  changed |= check("Timestamps in dialogue", &s.timestamps_in_dialogue);
  changed |= check("Source link", &s.source_link);
  changed |= field("Tone", nullptr, [&](const char* l) { return InputString(l, &s.tone); });
  changed |= field("Audience", nullptr, [&](const char* l) { return InputString(l, &s.audience); });
  changed |= field("Instructions", nullptr, [&](const char* l) {
    return InputStringMultiline(l, &s.instructions, ImVec2(0, ImGui::GetTextLineHeight() * 4));
  });
  ImGui::EndChild();
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
