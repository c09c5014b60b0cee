// Index: colours · summary line · coverage strip · findings list · source turns.
#include "ui/checks_panel.h"

#include <algorithm>
#include <string>

#include "core/json_util.h"
#include "imgui.h"
#include "platform/frames.h"
#include "ui/help.h"
#include "ui/item_registry.h"
#include "ui/widgets.h"

namespace tp::ui {

namespace {

const ImVec4 kGood(0.15f, 0.55f, 0.25f, 1), kError(0.8f, 0.15f, 0.1f, 1), kWarning(0.8f, 0.45f, 0.05f, 1);

ImVec4 SeverityColor(const std::string& severity) {
  if (severity == "error") return kError;
  if (severity == "warning") return kWarning;
  return ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
}

const nlohmann::json& List(const nlohmann::json& c, const char* key) {
  static const nlohmann::json empty = nlohmann::json::array();
  return js::At(c, key).is_array() ? js::At(c, key) : empty;
}

}  // namespace

void ChecksPanel::Draw(App& app, MarkdownView& view, float height) {
  const nlohmann::json& c = app.checks();
  if (c.is_null()) return;
  if (counted_revision_ != app.checks_revision()) {   // not every frame: a long article has thousands of findings
    counted_revision_ = app.checks_revision();
    problems_ = js::Int(c, "problems");
    verified_ = 0;
    for (const char* k : {"quotes", "numbers", "names"})
      for (const auto& x : List(c, k)) verified_ += js::Bool(x, "ok");
  }
  const int problems = problems_;
  const size_t verified = verified_;
  char summary[160];
  std::snprintf(summary, sizeof summary, "Checks: %zu verified against the transcript, %d to look at", verified, problems);
  ImGui::PushTextWrapPos(0);
  ImGui::AlignTextToFramePadding();   // on the baseline of the "details" box beside it
  ImGui::TextColored(problems ? kWarning : kGood, "%s", summary);
  ImGui::PopTextWrapPos();
  WrapNext(ImGui::GetFrameHeight() + TextWidth("details") + ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::Checkbox("details", &open);
  TrackItem("generate.checks");
  WrapNext(TextWidth("(?)"));
  HelpButton("checks", kChecksHelp);
  if (!open) return;

  DrawCoverage(app);
  ImGui::BeginChild("##checks", ImVec2(0, height), ImGuiChildFlags_Borders);
  const bool side_by_side = selected_ >= 0 && ImGui::GetContentRegionAvail().x >= 560;
  if (side_by_side && ImGui::BeginTable("##checks_split", 2, ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV)) {
    ImGui::TableNextColumn();
    ImGui::BeginChild("##findings_col");
    DrawFindings(app, view);
    ImGui::EndChild();
    ImGui::TableNextColumn();
    ImGui::BeginChild("##turns_col");
    DrawSourceTurns(app);
    ImGui::EndChild();
    ImGui::EndTable();
  } else {
    DrawFindings(app, view);
    if (selected_ >= 0) {
      ImGui::Separator();
      DrawSourceTurns(app);
    }
  }
  ImGui::EndChild();
}

// One cell per turn of the transcript, left to right in time: used by a section (green), left out as
// small talk or ads (grey), substantive and used by no section (red).
void ChecksPanel::DrawCoverage(App& app) {
  const Transcript& t = app.CheckedTranscript();
  const int n = (int)t.turns.size();
  if (n == 0) return;
  const nlohmann::json& c = app.checks();
  std::vector<unsigned char> state(n + 1, 0);   // 0 used, 1 not used, 2 not used and substantive
  for (const auto& u : List(c, "uncovered"))
    for (int id = std::max(1, js::Int(u, "from")); id <= std::min(n, js::Int(u, "to")); ++id) state[id] = 1;
  for (const auto& u : List(c, "uncovered_substantive"))
    for (int id = std::max(1, js::Int(u, "from")); id <= std::min(n, js::Int(u, "to")); ++id) state[id] = 2;
  const float w = ImGui::GetContentRegionAvail().x, h = ImGui::GetFrameHeight() * 0.6f;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##coverage", ImVec2(std::max(1.0f, w), h));
  TrackItem("checks.coverage");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 colors[3] = {ImGui::GetColorU32(kGood), ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.5f), ImGui::GetColorU32(kError)};
  for (int id = 1; id <= n; ++id) {
    const float x0 = at.x + w * (id - 1) / n, x1 = at.x + w * id / n;
    dl->AddRectFilled(ImVec2(x0, at.y), ImVec2(std::max(x0 + 1, x1), at.y + h), colors[state[id]]);
  }
  if (ImGui::IsItemHovered()) {
    const int id = std::clamp((int)((ImGui::GetMousePos().x - at.x) / std::max(1.0f, w) * n) + 1, 1, n);
    const Turn& turn = t.turns[id - 1];
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
    ImGui::Text("T%d %s%s — %s", id, turn.speaker.c_str(), turn.start >= 0 ? (" " + Duration(turn.start)).c_str() : "",
                state[id] == 0 ? "used by the article" : state[id] == 1 ? "left out (small talk, ads)" : "not used by any section");
    ImGui::TextDisabled("%.200s%s", turn.text.c_str(), turn.text.size() > 200 ? "…" : "");
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void ChecksPanel::DrawFindings(App& app, MarkdownView& view) {
  const nlohmann::json& findings = List(app.checks(), "findings");
  if (selected_ >= (int)findings.size()) selected_ = -1;
  ImGui::Checkbox("Problems only", &problems_only_);
  TrackItem("checks.problemsOnly");
  int shown = 0;
  for (int i = 0; i < (int)findings.size(); ++i) {
    const nlohmann::json& f = findings[i];
    const std::string severity = js::Str(f, "severity");
    if (problems_only_ && severity == "info") continue;
    ++shown;
    ImGui::PushID(i);
    ImGui::TextColored(SeverityColor(severity), "%s", severity == "error" ? "Error" : severity == "warning" ? "Check" : "Note");
    ImGui::SameLine(ImGui::GetFontSize() * 3.6f);
    const std::string message = js::Str(f, "message");
    // The message wraps; the whole row is one clickable item.
    const ImVec2 row_start = ImGui::GetCursorScreenPos();
    const float wrap_w = std::max(40.0f, ImGui::GetContentRegionAvail().x);
    const ImVec2 size = ImGui::CalcTextSize(message.c_str(), nullptr, false, wrap_w);
    if (ImGui::Selectable("##finding", selected_ == i, ImGuiSelectableFlags_None, ImVec2(wrap_w, size.y))) {
      selected_ = i;
      const int line = js::Int(f, "line");
      if (line > 0) view.RevealLine(line);
      platform::RequestFrames(2);   // the view scrolls on the next frame
    }
    if (i == 0) TrackItem("checks.finding.0");
    ImGui::SetCursorScreenPos(row_start);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap_w);   // window-local, as the wrap position is
    ImGui::TextUnformatted(message.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopID();
  }
  if (shown == 0) ImGui::TextColored(kGood, "Nothing to look at: every quote, number and name was found in the transcript.");
}

void ChecksPanel::DrawSourceTurns(App& app) {
  const nlohmann::json& findings = List(app.checks(), "findings");
  if (selected_ < 0 || selected_ >= (int)findings.size()) return;
  const nlohmann::json& f = findings[selected_];
  const std::string subject = js::Str(f, "subject");
  if (!subject.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("About: %s", subject.c_str());
    ImGui::PopTextWrapPos();
  }
  const Transcript& t = app.CheckedTranscript();
  const nlohmann::json& turns = js::At(f, "turns");
  if (!turns.is_array() || turns.empty()) {
    ImGui::TextDisabled("No source turn: the article gives none for this.");
    return;
  }
  TrackItem("checks.sourceTurns");
  for (const auto& id_json : turns) {
    const int id = id_json.is_number_integer() ? id_json.get<int>() : 0;
    if (id < 1 || id > (int)t.turns.size()) continue;
    const Turn& turn = t.turns[id - 1];
    ImGui::TextDisabled("T%d · %s%s", id, turn.speaker.empty() ? "Speaker" : turn.speaker.c_str(),
                        turn.start >= 0 ? (" · " + Duration(turn.start)).c_str() : "");
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(turn.text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
  }
}

}  // namespace tp::ui
