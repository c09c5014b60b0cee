#include "ui/transcript_panel.h"

#include <algorithm>
#include <cstring>

#include "imgui.h"
#include "core/transcript_input.h"
#include "platform/files.h"
#include "platform/frames.h"
#include "platform/text_overlay.h"
#include "ui/item_registry.h"
#include "ui/widgets.h"

namespace tp::ui {

namespace {
// In TranscriptFormat order.
const char* kFormatLabels[] = {"Detect automatically", "Plain prose", "Speaker: text", "Timestamped lines", "SRT subtitles",
                               "WebVTT", "Podcasting 2.0 JSON", "Whisper JSON", "YouTube SBV",
                               "Speech-to-text JSON", "XML captions (TTML, YouTube)"};
static_assert(IM_ARRAYSIZE(kFormatLabels) == (int)kLastTranscriptFormat + 1, "a label for every format");

// Above this size the native text box is not filled implicitly: filling a textarea with megabytes blocks
// the page for seconds (about 1.4 s per MB in Chromium), so the text is shown in the virtualized view.
constexpr size_t kLargeTranscriptBytes = 512u << 10;
constexpr size_t kMaxDisplayLineBytes = 240;   // a longer line is cut into display lines, at a space if it can be
// Display lines are found a few megabytes per frame, so showing a huge text never holds up a frame.
constexpr size_t kDisplayLineBytesPerFrame = 8u << 20;   // ~10 ms in wasm: few frames, each redraw costs more than the split

// Display lines of `text` from byte `from` on, until about `budget` bytes are split: at newlines, and long
// lines at spaces (or UTF-8 boundaries). Returns where the next call goes on (text.size() once all are split).
size_t SplitDisplayLines(const std::string& text, size_t from, size_t budget, std::vector<std::pair<size_t, size_t>>* out) {
  size_t i = from;
  const size_t n = text.size();
  const size_t stop = budget >= n - std::min(n, from) ? n : from + budget;
  while (i < stop) {
    const void* nl = std::memchr(text.data() + i, '\n', std::min(n - i, kMaxDisplayLineBytes + 1));
    if (nl) {
      const size_t end = (size_t)((const char*)nl - text.data());
      out->emplace_back(i, end);
      i = end + 1;
      continue;
    }
    size_t end = std::min(n, i + kMaxDisplayLineBytes);
    if (end < n) {
      size_t cut = end;
      while (cut > i + kMaxDisplayLineBytes / 2 && text[cut] != ' ') --cut;
      if (text[cut] == ' ') end = cut + 1;
      else
        while (end > i + 1 && ((unsigned char)text[end] & 0xC0) == 0x80) --end;   // not inside a character
    }
    out->emplace_back(i, end);
    i = end;
  }
  return i;
}
}  // namespace

bool TakeTranscriptBoxEdit(App& app) {
  platform::TextOverlayEdit edit;
  if (!platform::TakeTextOverlayEdit("transcript", &edit)) return false;
  const StatusLine before = app.status();
  app.EditTranscript(std::move(edit.text), edit.base_version, edit.broken_characters);
  // What the edit shows at once is the status line (a note, or a message it clears); the counts and the
  // summary follow with the parse after the typing pause, which draws.
  const StatusLine& after = app.status();
  if (after.text != before.text || after.error != before.error) platform::RequestFrames(2);
  return true;
}

bool TranscriptBoxEditPending() { return platform::TextOverlayEditPending("transcript"); }

void TranscriptPanel::Draw(App& app) {
  const Project& p = app.project();
  if (ImGui::Button("Open file…")) platform::OpenFileDialog();
  TrackItem("transcript.open");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayNormal)) ImGui::SetTooltip("Or drop a .txt, .md, .srt, .vtt, .sbv or .json file anywhere on the page.");
  WrapNext(ButtonWidth("Load sample"));
  if (ImGui::Button("Load sample")) app.LoadSample();
  TrackItem("transcript.sample");
  // The dropdown is as wide as its longest choice, beside its arrow.
  float format_w = 0;
  for (const char* l : kFormatLabels) format_w = std::max(format_w, TextWidth(l));
  format_w += ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetFrameHeight();
  WrapNext(format_w);
  ImGui::SetNextItemWidth(format_w);
  int format = (int)p.parse_options.format;
  if (ImGui::Combo("##format", &format, kFormatLabels, IM_ARRAYSIZE(kFormatLabels))) app.SetParseFormat((TranscriptFormat)format);
  TrackItem("transcript.format");
  WrapNext(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + TextWidth("Remove [Music], (laughs)"));
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
                                                                   (float)p.transcript.warnings.size() +
                                                                   (p.transcript.meta.date.empty() ? 0.f : 1.f) +
                                                                   (p.transcript.meta.fields.empty() ? 0.f : 1.f));
  float box_h = ImGui::GetContentRegionAvail().y - std::max(summary_h, summary_drawn_h_);
  if (box_h < 120) box_h = 120;
  // The transcript box is a native textarea over this rectangle (platform/text_overlay.h).
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float box_w = ImGui::GetContentRegionAvail().x;
  if (p.transcript_text.size() > kLargeTranscriptBytes && editing_version_ != app.transcript_version()) {
    DrawLargeView(app, box_w, box_h);   // the native box stays hidden and unfilled
    DrawSummary(app);
    return;
  }
  ImGui::Dummy(ImVec2(box_w, box_h));
  TrackItem("transcript.box");
  platform::SyncTextOverlay("transcript", p.transcript_text, app.transcript_version());
  platform::LimitTextOverlay("transcript", kMaxTranscriptBytes);
  size_t refused_bytes = 0;
  if (platform::TakeTextOverlayRefusal("transcript", &refused_bytes)) app.RefuseTooLargeTranscript(refused_bytes);
  if (!ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel))
    platform::PlaceTextOverlay("transcript", at.x, at.y, box_w, box_h, ImGui::GetFontSize(),
                               "Paste a transcript here (Ctrl/Cmd+V), drop a file, or press Load sample.\n"
                               "Plain text, Name: text, SRT, WebVTT, Podcasting 2.0 or Whisper JSON.",
                               app.prefs().dark_theme);
  TakeTranscriptBoxEdit(app);
  const float summary_top = ImGui::GetCursorPosY();
  DrawSummary(app);
  summary_drawn_h_ = ImGui::GetCursorPosY() - summary_top + ImGui::GetStyle().ItemSpacing.y;
}

void TranscriptPanel::DrawLargeView(App& app, float width, float height) {
  const std::string& text = app.project().transcript_text;
  if (lines_version_ != app.transcript_version()) {
    lines_.clear();
    lines_split_ = 0;
    lines_version_ = app.transcript_version();
  }
  if (lines_split_ < text.size()) {
    lines_split_ = SplitDisplayLines(text, lines_split_, kDisplayLineBytesPerFrame, &lines_);
    if (lines_split_ < text.size()) platform::RequestFrames(1);
  }
  if (lines_split_ < text.size())
    ImGui::TextDisabled("%.1f MB, %zu lines so far: shown read-only so the page stays fast.", text.size() / 1048576.0, lines_.size());
  else
    ImGui::TextDisabled("%.1f MB, %zu lines: shown read-only so the page stays fast.", text.size() / 1048576.0, lines_.size());
  ImGui::SameLine();
  if (ImGui::SmallButton("Edit")) editing_version_ = app.transcript_version();
  TrackItem("transcript.edit");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayNormal))
    ImGui::SetTooltip("Loads the whole text into an editable box; with this much text that takes a few seconds.");
  const float h = std::max(60.0f, height - ImGui::GetFrameHeightWithSpacing());
  ImGui::BeginChild("##large_transcript", ImVec2(width, h), true, ImGuiWindowFlags_HorizontalScrollbar);
  ImGuiListClipper clipper;
  clipper.Begin((int)lines_.size());
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i)
      ImGui::TextUnformatted(text.data() + lines_[i].first, text.data() + lines_[i].second);
  ImGui::EndChild();
  TrackItem("transcript.box");
}

void TranscriptPanel::DrawSummary(App& app) {
  const Project& p = app.project();
  const Transcript& t = p.transcript;
  if (t.turns.empty() && t.warnings.empty()) return;
  ImGui::SeparatorText("What TalkPress understood");
  WrappedText(std::string(FormatName(t.format)) + " · " + std::to_string(t.turns.size()) + " turns · " +
              (t.meta.duration_sec > 0 ? Duration(t.meta.duration_sec) : std::string("no times")) + " · language " +
              t.meta.language + " · ~" + std::to_string(app.Plan().transcript_tokens) + " tokens");
  if (!t.speakers.empty() && ImGui::BeginTable("##speakers", 3, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("Speaker", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("Role", ImGuiTableColumnFlags_WidthFixed,
                            TextWidth("(none)") + ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetFrameHeight());
    for (size_t i = 0; i < t.speakers.size(); ++i) {
      const Speaker& s = t.speakers[i];
      ImGui::PushID(s.label.c_str());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      // Wrapped in its column: a long label or list of aliases takes more lines, never hides under the name.
      if (s.aliases.empty()) {
        WrappedText(s.label + " (" + std::to_string(s.turns) + ")");
      } else {   // the labels the source used for the same person, merged into one speaker
        std::string also;
        for (const std::string& a : s.aliases) also += (also.empty() ? "" : ", ") + a;
        WrappedText(s.label + " (also: " + also + ") (" + std::to_string(s.turns) + ")");
      }
      TrackItem(("transcript.speaker." + std::to_string(i)).c_str());
      ImGui::TableNextColumn();
      std::string name = s.name;
      ImGui::SetNextItemWidth(-1);
      if (InputString("##name", &name)) app.RenameSpeaker(s.label, name, s.role);
      TrackItem(("transcript.speakerName." + std::to_string(i)).c_str());
      ImGui::TableNextColumn();
      const char* roles[] = {"", "host", "guest"};
      int role = s.role == "host" ? 1 : s.role == "guest" ? 2 : 0;
      ImGui::SetNextItemWidth(-1);
      if (ImGui::Combo("##role", &role, "(none)\0host\0guest\0")) app.RenameSpeaker(s.label, s.name, roles[role]);
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (!t.meta.date.empty()) ImGui::Text("Date: %s", t.meta.date.c_str());
  if (!t.meta.fields.empty() && ImGui::TreeNode("##meta", "What the file says about itself (%zu)", t.meta.fields.size())) {
    for (const auto& [key, value] : t.meta.fields) WrappedText(key + ": " + value);
    ImGui::TreePop();
  }
  for (const std::string& w : t.warnings) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.40f, 0.05f, 1));
    WrappedText(w);
    ImGui::PopStyleColor();
  }
}

}  // namespace tp::ui
