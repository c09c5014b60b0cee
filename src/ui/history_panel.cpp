// History window. Index: Draw (list rows: title, date, open, rename, download, delete; download all).
#include "ui/history_panel.h"

#include <cstdio>
#include <ctime>

#include "imgui.h"
#include "platform/files.h"
#include "ui/item_registry.h"
#include "ui/widgets.h"

namespace tp::ui {

namespace {
std::string DateOf(double created_ms) {
  const std::time_t t = (std::time_t)(created_ms / 1000);
  char buf[64] = "";   // room for any int the format could print
  // strftime's "%Y-%m-%d %H:%M" spelled out: the web build's strftime is 6 KB of JavaScript.
  if (std::tm* tm = std::localtime(&t))
    std::snprintf(buf, sizeof buf, "%d-%02d-%02d %02d:%02d", tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday,
                  tm->tm_hour, tm->tm_min);
  return buf;
}
}  // namespace

void HistoryPanel::Draw(App& app) {
  if (!open) return;
  const float em = ImGui::GetFontSize();
  ImGui::SetNextWindowSize(ImVec2(36 * em, 24 * em), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("History###history", &open)) { ImGui::End(); return; }
  History& h = app.past_articles();
  if (!h.loaded()) ImGui::TextDisabled("Reading past articles…");
  else if (h.entries().empty()) WrappedText("No past articles yet: every article you generate is kept here, on this device.");
  ImGui::BeginDisabled(h.entries().empty());
  if (ImGui::Button("Download all")) platform::Download("talkpress-history.json", "application/json", h.ExportAllJson());
  TrackItem("history.downloadAll");
  ImGui::EndDisabled();
  ImGui::Separator();

  std::string open_id, delete_id;
  for (const HistoryEntry& e : h.entries()) {
    ImGui::PushID(e.id.c_str());
    if (renaming_id_ == e.id) {
      ImGui::SetNextItemWidth(-FLT_MIN);
      if (ImGui::InputText("##title", rename_buf_, sizeof rename_buf_, ImGuiInputTextFlags_EnterReturnsTrue)) {
        h.Rename(e.id, rename_buf_);
        renaming_id_.clear();
      }
    } else {
      WrappedText(e.title.empty() ? "(untitled)" : e.title);
    }
    ImGui::TextDisabled("%s · %zu characters%s%s", DateOf(e.created_ms).c_str(), e.article.size(),
                        e.provider.contains("model") ? " · " : "",
                        e.provider.contains("model") ? e.provider["model"].get<std::string>().c_str() : "");
    if (ImGui::SmallButton("Open")) open_id = e.id;
    ImGui::SameLine();
    if (ImGui::SmallButton(renaming_id_ == e.id ? "Done" : "Rename")) {
      if (renaming_id_ == e.id) { h.Rename(e.id, rename_buf_); renaming_id_.clear(); }
      else { renaming_id_ = e.id; std::snprintf(rename_buf_, sizeof rename_buf_, "%s", e.title.c_str()); }
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Download .md"))
      platform::Download((e.title.empty() ? std::string("article") : e.title) + ".md", "text/markdown;charset=utf-8", e.article);
    ImGui::SameLine();
    if (confirm_delete_id_ == e.id) {
      if (ImGui::SmallButton("Really delete")) delete_id = e.id;
      ImGui::SameLine();
      if (ImGui::SmallButton("Keep")) confirm_delete_id_.clear();
    } else if (ImGui::SmallButton("Delete")) {
      confirm_delete_id_ = e.id;
    }
    ImGui::Separator();
    ImGui::PopID();
  }
  ImGui::End();
  // Changes after the loop: they change the list being walked.
  if (!open_id.empty()) {
    std::string why;
    if (!OpenHistoryEntry(app, open_id, &why)) app.Say(why, Topic::None, true);
  }
  if (!delete_id.empty()) { h.Remove(delete_id); confirm_delete_id_.clear(); }
}

}  // namespace tp::ui
