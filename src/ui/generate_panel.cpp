#include "ui/generate_panel.h"

#include <algorithm>

#include "core/json_util.h"
#include "imgui.h"
#include "ui/item_registry.h"
#include "ui/widgets.h"

namespace tp::ui {

namespace {
const ImVec4 kGood(0.15f, 0.55f, 0.25f, 1), kBad(0.8f, 0.15f, 0.1f, 1), kWarn(0.8f, 0.35f, 0.05f, 1);

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
  ImGui::SameLine();
  ImGui::BeginDisabled(!running);
  if (ImGui::Button("Cancel")) app.Cancel();
  TrackItem("generate.cancel");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (!app.project().transcript.turns.empty()) ImGui::TextDisabled("%s", app.Plan().summary.c_str());
  else ImGui::TextDisabled("Paste a transcript to see the plan.");
  // The reason is the live one: it goes away as soon as the user fixes it.
  if (tried_ && !blocker.empty() && !running) ImGui::TextColored(kBad, "%s", blocker.c_str());

  const Pipeline* p = app.run();
  if (p && (p->status() == Pipeline::Status::Running || p->status() == Pipeline::Status::Failed ||
            p->status() == Pipeline::Status::Cancelled))
    DrawSteps(app, *p);
  if (!app.checks().is_null()) DrawChecks(app);

  if (p && p->status() == Pipeline::Status::Done && !p->result().content.sections.empty()) {
    const int sections = (int)p->result().content.sections.size();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.5f);
    ImGui::InputInt("##regen_index", &regen_index_, 1);
    regen_index_ = std::clamp(regen_index_, 1, sections);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 9);
    InputString("##regen_instruction", &instruction_);
    HintInEmptyField(instruction_, "instruction for this section (optional)");
    TrackItem("generate.regenInstruction");
    ImGui::SameLine();
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

void GeneratePanel::DrawChecks(App& app) {
  const nlohmann::json& c = app.checks();
  const int problems = js::Int(c, "problems");
  size_t total = 0;
  for (const char* k : {"quotes", "numbers", "names"})
    if (js::At(c, k).is_array()) total += js::At(c, k).size();
  ImGui::TextColored(problems ? kWarn : kGood, "Checks: %zu verified against the transcript, %d to look at", total, problems);
  ImGui::SameLine();
  ImGui::Checkbox("details", &show_checks_);
  TrackItem("generate.checks");
  if (!show_checks_) return;
  ImGui::BeginChild("##checks", ImVec2(0, ImGui::GetContentRegionAvail().y * 0.35f), ImGuiChildFlags_Borders);
  auto str = [](const nlohmann::json& j, const char* k) { return js::Str(j, k); };
  auto ok = [](const nlohmann::json& j) { return js::Bool(j, "ok"); };
  auto list = [&c](const char* k) -> const nlohmann::json& {
    static const nlohmann::json empty = nlohmann::json::array();
    return js::At(c, k).is_array() ? js::At(c, k) : empty;
  };
  for (const auto& s : list("structure")) ImGui::TextColored(kBad, "Structure: %s", str(s, "message").c_str());
  for (const auto& q : list("quotes"))
    ImGui::TextColored(ok(q) ? kGood : kBad, "%s Quote “%.60s”: %s", ok(q) ? "✓" : "✗", str(q, "text").c_str(), str(q, "note").c_str());
  for (const auto& n : list("numbers"))
    if (!ok(n)) ImGui::TextColored(kBad, "✗ The number %s is not in the transcript", str(n, "value").c_str());
  for (const auto& n : list("names"))
    if (!ok(n)) ImGui::TextColored(kWarn, "? The name %s is not in the transcript", str(n, "value").c_str());
  for (const auto& u : list("uncovered"))
    ImGui::TextDisabled("Turns T%d–T%d are not used by any section", js::Int(u, "from"), js::Int(u, "to"));
  ImGui::EndChild();
}

}  // namespace tp::ui
