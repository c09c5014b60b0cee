#include "ui/transcript_panel.h"

#include "imgui.h"
#include "platform/files.h"
#include "platform/text_overlay.h"
#include "ui/item_registry.h"
#include "ui/widgets.h"

namespace tp::ui {

namespace {
// In TranscriptFormat order.
const char* kFormatLabels[] = {"Detect automatically", "Plain prose", "Speaker: text", "Timestamped lines", "SRT subtitles",
                               "WebVTT", "Podcasting 2.0 JSON", "Whisper JSON"};
}  // namespace

void TranscriptPanel::Draw(App& app) {
  const Project& p = app.project();
  if (ImGui::Button("Open file…")) platform::OpenFileDialog();
  TrackItem("transcript.open");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayNormal)) ImGui::SetTooltip("Or drop a .txt, .md, .srt, .vtt or .json file anywhere on the page.");
  ImGui::SameLine();
  if (ImGui::Button("Load sample")) app.LoadSample();
  TrackItem("transcript.sample");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 11);
  int format = (int)p.parse_options.format;
  if (ImGui::Combo("##format", &format, kFormatLabels, IM_ARRAYSIZE(kFormatLabels))) app.SetParseFormat((TranscriptFormat)format);
  TrackItem("transcript.format");
  ImGui::SameLine();
  bool remove_noise = p.parse_options.remove_noise;
  if (ImGui::Checkbox("Remove [Music], (laughs)", &remove_noise)) app.SetRemoveNoise(remove_noise);
  TrackItem("transcript.removeNoise");

  const float label_w = ImGui::GetFontSize() * 6;
  ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x - label_w);
  std::string title = p.title;
  if (InputString("Title", &title)) app.SetTitle(title);
  HintInEmptyField(title, "title of the talk (used for downloads)");
  TrackItem("transcript.title");
  std::string url = p.source_url;
  if (InputString("Source URL", &url)) app.SetSourceUrl(url);
  HintInEmptyField(url, "https://… (linked at the end of the article)");
  TrackItem("transcript.sourceUrl");
  ImGui::PopItemWidth();

  const float summary_h = ImGui::GetTextLineHeightWithSpacing() * (6.5f + (float)p.transcript.speakers.size() +
                                                                   (float)p.transcript.warnings.size());
  float box_h = ImGui::GetContentRegionAvail().y - summary_h;
  if (box_h < 120) box_h = 120;
  // The transcript box is a native textarea over this rectangle (platform/text_overlay.h).
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float box_w = ImGui::GetContentRegionAvail().x;
  ImGui::Dummy(ImVec2(box_w, box_h));
  TrackItem("transcript.box");
  platform::SyncTextOverlay("transcript", p.transcript_text, app.transcript_version());
  if (!ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel))
    platform::PlaceTextOverlay("transcript", at.x, at.y, box_w, box_h, ImGui::GetFontSize(),
                               "Paste a transcript here (Ctrl/Cmd+V), drop a file, or press Load sample.\n"
                               "Plain text, Name: text, SRT, WebVTT, Podcasting 2.0 or Whisper JSON.",
                               app.prefs().dark_theme);
  platform::TextOverlayEdit edit;
  if (platform::TakeTextOverlayEdit("transcript", &edit)) app.EditTranscript(std::move(edit.text), edit.base_version);
  DrawSummary(app);
}

void TranscriptPanel::DrawSummary(App& app) {
  const Project& p = app.project();
  const Transcript& t = p.transcript;
  if (t.turns.empty() && t.warnings.empty()) return;
  ImGui::SeparatorText("What TalkPress understood");
  ImGui::Text("%s · %zu turns · %s · language %s · ~%d tokens", FormatName(t.format), t.turns.size(),
              t.meta.duration_sec > 0 ? Duration(t.meta.duration_sec).c_str() : "no times", t.meta.language.c_str(),
              app.Plan().transcript_tokens);
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
      if (InputString("##name", &name)) app.RenameSpeaker(s.label, name, s.role);
      ImGui::TableNextColumn();
      const char* roles[] = {"", "host", "guest"};
      int role = s.role == "host" ? 1 : s.role == "guest" ? 2 : 0;
      ImGui::SetNextItemWidth(-1);
      if (ImGui::Combo("##role", &role, "(none)\0host\0guest\0")) app.RenameSpeaker(s.label, s.name, roles[role]);
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
