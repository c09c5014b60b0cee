#include "ui/generate_panel.h"

#include <algorithm>

#include "core/json_util.h"
#include "imgui.h"
#include "ui/item_registry.h"
#include "ui/widgets.h"

namespace tp::ui {

namespace {
const ImVec4 kGood(0.15f, 0.55f, 0.25f, 1), kBad(0.8f, 0.15f, 0.1f, 1);

ImVec4 StateColor(StepState s) {
  switch (s) {
    case StepState::Done: return kGood;
    case StepState::Failed: return kBad;
    case StepState::Running: case StepState::Streaming: return ImVec4(0.76f, 0.25f, 0.05f, 1);
    default: return ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
  }
}
}  // namespace

void GeneratePanel::Draw(App& app) {
  const bool running = app.Running();
  const std::string blocker = app.GenerateBlocker();
  if (blocker.empty()) tried_ = false;
  ImGui::BeginDisabled(running);
  if (ImGui::Button("Generate article")) {
    std::string why;
    tried_ = !app.Generate(&why);
  }
  TrackItem("generate.button");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayNormal | ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Write the article from the transcript (Ctrl/Cmd+Enter)");
  WrapNext(ButtonWidth("Cancel"));
  ImGui::BeginDisabled(!running);
  if (ImGui::Button("Cancel")) app.Cancel();
  TrackItem("generate.cancel");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayNormal | ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Stop the run; finished steps are kept (Esc)");
  const std::string plan =
      app.project().transcript.turns.empty() ? std::string("Paste a transcript to see the plan.") : app.Plan().summary;
  // The plan goes beside the buttons when it fits, else on its own lines, wrapped.
  WrapNext(TextWidth(plan.c_str()));
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s", plan.c_str());
  ImGui::PopTextWrapPos();
  TrackItem("generate.plan");
  // The reason is the live one: it goes away as soon as the user fixes it.
  if (tried_ && !blocker.empty() && !running) ImGui::TextColored(kBad, "%s", blocker.c_str());

  const Pipeline* p = app.run();
  if (p && (p->status() == Pipeline::Status::Running || p->status() == Pipeline::Status::Failed ||
            p->status() == Pipeline::Status::Cancelled))
    DrawSteps(app, *p);

  if (p && p->status() == Pipeline::Status::Done && !p->result().content.sections.empty()) {
    const int sections = (int)p->result().content.sections.size();
    // The number field is wide enough for its digits beside its own -/+ buttons.
    const ImGuiStyle& st = ImGui::GetStyle();
    const float number_w = TextWidth("000") + st.FramePadding.x * 2 + (ImGui::GetFrameHeight() + st.ItemInnerSpacing.x) * 2;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Section");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(number_w);
    ImGui::InputInt("##regen_index", &regen_index_, 1);
    TrackItem("generate.regenIndex");
    regen_index_ = std::clamp(regen_index_, 1, sections);
    // The instruction takes what is left of the row, never less than a readable width.
    const float min_field = ImGui::GetFontSize() * 12;
    const float button_w = ButtonWidth("Regenerate section");
    WrapNext(min_field);
    const float field_w = std::max(min_field, ImGui::GetContentRegionAvail().x - button_w - st.ItemSpacing.x);
    ImGui::SetNextItemWidth(std::min(field_w, ImGui::GetContentRegionAvail().x));
    InputString("##regen_instruction", &instruction_);
    HintInEmptyField(instruction_, "instruction for this section (optional)");
    TrackItem("generate.regenInstruction");
    WrapNext(button_w);
    if (ImGui::Button("Regenerate section")) {
      regen_error_.clear();
      app.RegenerateSection(regen_index_ - 1, instruction_, &regen_error_);
    }
    TrackItem("generate.regenerate");
    if (!regen_error_.empty()) ImGui::TextColored(kBad, "%s", regen_error_.c_str());
  }
}

void GeneratePanel::DrawSteps(App& app, const Pipeline& p) {
  ImGui::BeginChild("##steps", ImVec2(0, std::min(ImGui::GetTextLineHeightWithSpacing() * 7.5f, ImGui::GetContentRegionAvail().y * 0.4f)),
                    ImGuiChildFlags_Borders);
  std::string retry;
  for (const Step& s : p.steps()) {
    ImGui::PushID(s.id.c_str());
    ImGui::TextColored(StateColor(s.state), "%-9s", StepStateName(s.state));
    ImGui::SameLine();
    ImGui::Text("%s", s.id.c_str());
    if (s.state == StepState::Streaming || s.state == StepState::Done) {
      ImGui::SameLine();
      ImGui::TextDisabled("%zu chars, %d+%d tokens", (s.state == StepState::Done ? s.text : s.partial).size(),
                          s.usage.input_tokens, s.usage.output_tokens);
    }
    if (s.state == StepState::Failed || s.state == StepState::Cancelled) {
      ImGui::SameLine();
      if (ImGui::SmallButton("Retry")) retry = s.id;
      if (s.state == StepState::Failed) {
        TrackItem(("generate.retry." + s.id).c_str());
        // The reason once per failure; a cancelled step needs none (the status line says it once).
        if (!s.error.message.empty()) {
          ImGui::Indent();
          ImGui::PushTextWrapPos(0);
          ImGui::TextUnformatted(s.error.message.c_str());
          ImGui::PopTextWrapPos();
          ImGui::Unindent();
        }
      }
    } else if (s.state == StepState::Queued && !s.error.ok()) {
      ImGui::SameLine();
      ImGui::TextDisabled("waiting: %s", ErrorCode(s.error.kind));
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
  if (!retry.empty()) app.RetryStep(retry);   // after drawing: the step list may change
}

}  // namespace tp::ui
