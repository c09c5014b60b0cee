#include "ui/transcript_panel.h"

#include <cstdio>

#include "app/generation.h"
#include "core/embedded_assets.h"
#include "imgui.h"
#include "platform/files.h"
#include "platform/text_overlay.h"
#include "ui/widgets.h"

namespace tp::ui {

namespace {
constexpr double kReparseDelay = 0.3;   // seconds of no typing before the transcript is parsed again
const char* kFormatLabels[] = {"Detect automatically", "Plain prose", "Speaker: text", "Timestamped lines", "SRT subtitles",
                               "WebVTT", "Podcasting 2.0 JSON", "Whisper JSON"};
}  // namespace

void ReparseIfDue(AppState& app, bool force) {
  if (app.transcript_edited_at < 0) return;
  if (!force && ImGui::GetTime() - app.transcript_edited_at < kReparseDelay) return;
  app.project.Reparse();
  app.transcript_edited_at = -1;
  Gen().SaveProgress();
}

void TranscriptPanel::Draw(AppState& app) {
  Project& p = app.project;
  if (ImGui::Button("Open file…")) platform::OpenFileDialog();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Or drop a .txt, .md, .srt, .vtt or .json file anywhere on the page.");
  ImGui::SameLine();
  if (ImGui::Button("Load sample")) {
    p.title = "Signal and Noise: real-time data, speed and distribution";
    p.source_url = "https://example.com/signal-and-noise/episode-42";
    app.ReplaceTranscript(std::string(FindEmbeddedAsset("samples/interview_en.txt")));
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 11);
  if (ImGui::Combo("##format", &format_choice, kFormatLabels, IM_ARRAYSIZE(kFormatLabels))) {
    p.parse_options.format = (TranscriptFormat)format_choice;
    p.Reparse();
  }
  ImGui::SameLine();
  if (ImGui::Checkbox("Remove [Music], (laughs)", &p.parse_options.remove_noise)) p.Reparse();

  const float summary_h = ImGui::GetTextLineHeightWithSpacing() * (6.5f + (float)p.transcript.speakers.size() +
                                                                   (float)p.transcript.warnings.size());
  float box_h = ImGui::GetContentRegionAvail().y - summary_h;
  if (box_h < 120) box_h = 120;
  // The transcript box is a native textarea over this rectangle (platform/text_overlay.h).
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float box_w = ImGui::GetContentRegionAvail().x;
  ImGui::Dummy(ImVec2(box_w, box_h));
  if (pushed_version_ != app.transcript_version) {
    platform::SetTextOverlay("transcript", p.transcript_text);
    pushed_version_ = app.transcript_version;
  }
  if (!ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel))
    platform::PlaceTextOverlay("transcript", at.x, at.y, box_w, box_h, ImGui::GetFontSize(),
                               "Paste a transcript here (Ctrl/Cmd+V), drop a file, or press Load sample.\n"
                               "Plain text, Name: text, SRT, WebVTT, Podcasting 2.0 or Whisper JSON.",
                               app.dark_theme);
  std::string edited;
  if (platform::TakeTextOverlayEdit("transcript", &edited)) {
    p.transcript_text = std::move(edited);
    app.transcript_edited_at = ImGui::GetTime();
  }
  ReparseIfDue(app, false);
  DrawSummary(app);
}

void TranscriptPanel::DrawSummary(AppState& app) {
  Project& p = app.project;
  const Transcript& t = p.transcript;
  if (t.turns.empty() && t.warnings.empty()) return;
  ImGui::SeparatorText("What TalkPress understood");
  ImGui::Text("%s · %zu turns · %s · language %s · ~%d tokens", FormatName(t.format), t.turns.size(),
              t.meta.duration_sec > 0 ? Duration(t.meta.duration_sec).c_str() : "no times", t.meta.language.c_str(),
              p.transcript_tokens);
  if (!t.speakers.empty() && ImGui::BeginTable("##speakers", 3, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("Speaker", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("Role", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6);
    for (const Speaker& s : t.speakers) {
      ImGui::PushID(s.label.c_str());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      ImGui::Text("%s (%d)", s.label.c_str(), s.turns);
      ImGui::TableNextColumn();
      std::string name = s.name;
      ImGui::SetNextItemWidth(-1);
      if (InputString("##name", &name, ImGuiInputTextFlags_EnterReturnsTrue) || ImGui::IsItemDeactivatedAfterEdit())
        p.RenameSpeaker(s.label, name, s.role);
      ImGui::TableNextColumn();
      const char* roles[] = {"", "host", "guest"};
      int role = s.role == "host" ? 1 : s.role == "guest" ? 2 : 0;
      ImGui::SetNextItemWidth(-1);
      if (ImGui::Combo("##role", &role, "(none)\0host\0guest\0")) p.RenameSpeaker(s.label, s.name, roles[role]);
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  for (const std::string& w : t.warnings) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.40f, 0.05f, 1));
    ImGui::TextWrapped("%s", w.c_str());
    ImGui::PopStyleColor();
  }
}

}  // namespace tp::ui
