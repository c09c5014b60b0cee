#include "ui/generate_panel.h"

#include "app/generation.h"
#include <algorithm>

#include "imgui.h"
#include "ui/item_registry.h"
#include "ui/widgets.h"

namespace tp::ui {

namespace {
ImVec4 StateColor(StepState s) {
  switch (s) {
    case StepState::Done: return ImVec4(0.15f, 0.55f, 0.25f, 1);
    case StepState::Failed: return ImVec4(0.8f, 0.15f, 0.1f, 1);
    case StepState::Running: case StepState::Streaming: return ImVec4(0.76f, 0.25f, 0.05f, 1);
    default: return ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
  }
}
}  // namespace

void GeneratePanel::Draw(AppState& app) {
  Generation& g = Gen();
  const bool running = g.Running();
  ImGui::BeginDisabled(running);
  if (ImGui::Button("Generate article")) {
    error_.clear();
    if (!g.Start(&error_)) app.status = error_;
  }
  TrackItem("generate.button");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!running);
  if (ImGui::Button("Cancel")) g.Cancel();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (!app.project.transcript.turns.empty()) {
    const PipelinePlan plan = g.Plan();
    ImGui::TextDisabled("%s", plan.summary.c_str());
  } else {
    ImGui::TextDisabled("Paste a transcript to see the plan.");
  }
  if (!error_.empty()) ImGui::TextColored(ImVec4(0.8f, 0.15f, 0.1f, 1), "%s", error_.c_str());
  if (!g.pipeline) return;
  Pipeline& p = *g.pipeline;

  // Progress per step, while running or when something needs attention.
  if (p.status() == Pipeline::Status::Running || p.status() == Pipeline::Status::Failed || p.status() == Pipeline::Status::Cancelled) {
    ImGui::BeginChild("##steps", ImVec2(0, std::min(ImGui::GetTextLineHeightWithSpacing() * 7.5f, ImGui::GetContentRegionAvail().y * 0.4f)),
                      ImGuiChildFlags_Borders);
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
        if (ImGui::SmallButton("Retry")) p.RetryStep(s.id);
        if (!s.error.message.empty()) {
          ImGui::Indent();
          ImGui::PushTextWrapPos(0);
          ImGui::TextUnformatted(s.error.message.c_str());
          ImGui::PopTextWrapPos();
          ImGui::Unindent();
        }
      } else if (s.state == StepState::Queued && !s.error.ok()) {
        ImGui::SameLine();
        ImGui::TextDisabled("waiting: %s", ErrorCode(s.error.kind));
      }
      ImGui::PopID();
    }
    ImGui::EndChild();
  }

  if (p.status() == Pipeline::Status::Done) {
    const ArticleChecks& c = p.result().checks;
    const int problems = c.Problems();
    const size_t total = c.quotes.size() + c.numbers.size() + c.names.size();
    ImGui::TextColored(problems ? ImVec4(0.8f, 0.35f, 0.05f, 1) : ImVec4(0.15f, 0.55f, 0.25f, 1), "Checks: %zu verified against the transcript, %d to look at",
                       total, problems);
    ImGui::SameLine();
    ImGui::Checkbox("details", &show_checks_);
    if (show_checks_) {
      ImGui::BeginChild("##checks", ImVec2(0, ImGui::GetContentRegionAvail().y * 0.35f), ImGuiChildFlags_Borders);
      for (const auto& s : c.structure) ImGui::TextColored(ImVec4(0.8f, 0.15f, 0.1f, 1), "Structure: %s", s.message.c_str());
      for (const auto& q : c.quotes)
        ImGui::TextColored(q.ok ? ImVec4(0.15f, 0.55f, 0.25f, 1) : ImVec4(0.8f, 0.15f, 0.1f, 1), "%s Quote “%.60s”: %s", q.ok ? "✓" : "✗",
                           q.text.c_str(), q.note.c_str());
      for (const auto& n : c.numbers)
        if (!n.ok) ImGui::TextColored(ImVec4(0.8f, 0.15f, 0.1f, 1), "✗ The number %s is not in the transcript", n.value.c_str());
      for (const auto& n : c.names)
        if (!n.ok) ImGui::TextColored(ImVec4(0.8f, 0.35f, 0.05f, 1), "? The name %s is not in the transcript", n.value.c_str());
      for (const auto& [a, b] : c.uncovered) ImGui::TextDisabled("Turns T%d–T%d are not used by any section", a, b);
      ImGui::EndChild();
    }
    const int sections = (int)p.result().content.sections.size();
    if (sections > 0) {
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
      ImGui::InputInt("##regen_index", &regen_index_, 1);
      regen_index_ = std::max(1, std::min(regen_index_, sections));
      ImGui::SameLine();
      ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 9);
      InputString("##regen_instruction", &instruction_);
      HintInEmptyField(instruction_, "instruction for this section (optional)");
      ImGui::SameLine();
      if (ImGui::Button("Regenerate section")) p.RegenerateSection(regen_index_ - 1, instruction_);
    }
  }
}

}  // namespace tp::ui
