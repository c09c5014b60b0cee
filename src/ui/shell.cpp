// Shell layout. Index: ApplyTheme · Shell::Draw (menu, splitter, panes) · panes · status bar.
#include "ui/shell.h"

#include <cstdio>

#include "core/markdown.h"
#include "core/version.h"
#include "imgui.h"
#include "platform/files.h"
#include "platform/text_overlay.h"
#include "ui/item_registry.h"

namespace tp::ui {

void ApplyTheme(bool dark) {
  ImGuiStyle& s = ImGui::GetStyle();
  if (dark) ImGui::StyleColorsDark(&s); else ImGui::StyleColorsLight(&s);
  s.WindowRounding = 0;
  s.FrameRounding = 4;
  s.GrabRounding = 4;
  s.TabRounding = 4;
  s.FramePadding = ImVec2(8, 5);
  s.ItemSpacing = ImVec2(8, 6);
  s.WindowPadding = ImVec2(12, 10);
  s.ScrollbarSize = 12;
  if (!dark) {
    s.Colors[ImGuiCol_WindowBg] = ImVec4(0.98f, 0.98f, 0.97f, 1);
    s.Colors[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 1);
    s.Colors[ImGuiCol_MenuBarBg] = ImVec4(0.93f, 0.93f, 0.92f, 1);
    s.Colors[ImGuiCol_FrameBg] = ImVec4(0.93f, 0.93f, 0.91f, 1);   // fields stand out from white panes
    s.Colors[ImGuiCol_Border] = ImVec4(0.80f, 0.80f, 0.78f, 1);
    s.FrameBorderSize = 1.0f;
  }
}

void InputPane::Draw(AppState& app) {
  if (!ImGui::BeginTabBar("##input_tabs")) return;
  const bool transcript_open = ImGui::BeginTabItem("Transcript");
  TrackItem("tab.transcript");   // the tab header, drawn whether or not the tab is open
  if (transcript_open) {
    transcript.Draw(app);
    ImGui::EndTabItem();
  }
  const bool structure_open = ImGui::BeginTabItem("Structure");
  TrackItem("tab.structure");   // the tab header, drawn whether or not the tab is open
  if (structure_open) {
    structure.Draw(app);
    ImGui::EndTabItem();
  }
  const bool model_open = ImGui::BeginTabItem("Model");
  TrackItem("tab.model");   // the tab header, drawn whether or not the tab is open
  if (model_open) {
    model.Draw(app);
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

void ArticlePane::Draw(AppState& app) {
  generate.Draw(app);
  ImGui::Separator();
  std::string& md = app.article_markdown;
  const bool empty = md.empty();
  ImGui::BeginDisabled(empty && !editing);
  if (ImGui::RadioButton("Preview", !editing)) editing = false;
  ImGui::SameLine();
  if (ImGui::RadioButton("Markdown", editing)) editing = true;
  ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
  if (ImGui::Button("Copy Markdown")) { platform::CopyText(md); app.status = "Markdown copied."; }
  TrackItem("article.copyMarkdown");
  ImGui::SameLine();
  if (ImGui::Button("Copy rich text")) {
    platform::CopyRich(ExportHtml(md, app.project.transcript.meta.title), md);
    app.status = "Article copied with formatting: paste it into WeChat, Notion or Docs.";
  }
  ImGui::SameLine();
  if (ImGui::Button("Download .md")) platform::Download("article.md", "text/markdown;charset=utf-8", md);
  TrackItem("article.downloadMd");
  ImGui::SameLine();
  if (ImGui::Button("Download .html")) {
    const std::string html = ExportHtml(md, app.project.transcript.meta.title);
    platform::Download("article.html", "text/html;charset=utf-8", html);
  }
  ImGui::EndDisabled();
  ImGui::Separator();
  if (editing) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::GetContentRegionAvail();
    ImGui::Dummy(size);
    if (pushed_version_ != app.article_version) {
      platform::SetTextOverlay("markdown", md);
      pushed_version_ = app.article_version;
    }
    if (!ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel))
      platform::PlaceTextOverlay("markdown", at.x, at.y, size.x, size.y, ImGui::GetFontSize(), "Markdown of the article", app.dark_theme);
    std::string edited;
    if (platform::TakeTextOverlayEdit("markdown", &edited)) md = std::move(edited);
    return;
  }
  pushed_version_ = -1;   // the editor re-reads the article when it opens again
  if (empty) {
    ImGui::TextDisabled("The article appears here.");
    return;
  }
  view.Draw(md);
  TrackItem("article.view");
}

void StatusBar::Draw(AppState& app, float height) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x, vp->WorkPos.y + vp->WorkSize.y - height));
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x, height));
  ImGuiWindowFlags f = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                       ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10, 3));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::GetStyleColorVec4(ImGuiCol_MenuBarBg));
  if (ImGui::Begin("##status", nullptr, f)) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(app.status.empty() ? "Ready" : app.status.c_str());
    char chars[64];
    std::snprintf(chars, sizeof chars, "%zu turns · %zu bytes", app.project.transcript.turns.size(),
                  app.project.transcript_text.size());
    ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::CalcTextSize(chars).x - 12);
    ImGui::TextDisabled("%s", chars);
  }
  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
}

void Shell::Draw(AppState& app) {
  if (ImGui::BeginMainMenuBar()) {
    ImGui::TextUnformatted(kAppName);
    if (ImGui::BeginMenu("View")) {
      if (ImGui::MenuItem("Dark theme", nullptr, &app.dark_theme)) ApplyTheme(app.dark_theme);
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
      ImGui::TextDisabled("%s %s, Dear ImGui %s", kAppName, kVersion, IMGUI_VERSION);
      ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
  }

  const float status_h = ImGui::GetFrameHeight() + 6;
  status.Draw(app, status_h);

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x, vp->WorkSize.y - status_h));
  ImGuiWindowFlags f = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                       ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  if (ImGui::Begin("##workspace", nullptr, f)) {
    const float total = ImGui::GetContentRegionAvail().x;
    const float height = ImGui::GetContentRegionAvail().y;
    const float splitter_w = 6;
    float left_w = total * split;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12, 10));
    ImGui::BeginChild("##input_pane", ImVec2(left_w, height), ImGuiChildFlags_AlwaysUseWindowPadding);
    input.Draw(app);
    ImGui::EndChild();
    ImGui::SameLine(0, 0);
    ImGui::InvisibleButton("##splitter", ImVec2(splitter_w, height));
    if (ImGui::IsItemHovered() || ImGui::IsItemActive()) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
    if (ImGui::IsItemActive() && total > 0) {
      split += ImGui::GetIO().MouseDelta.x / total;
      split = split < 0.2f ? 0.2f : split > 0.8f ? 0.8f : split;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    dl->AddLine(ImVec2((a.x + b.x) * 0.5f, a.y), ImVec2((a.x + b.x) * 0.5f, b.y), ImGui::GetColorU32(ImGuiCol_Separator));
    ImGui::SameLine(0, 0);
    ImGui::BeginChild("##article_pane", ImVec2(0, height), ImGuiChildFlags_AlwaysUseWindowPadding);
    article.Draw(app);
    ImGui::EndChild();
    ImGui::PopStyleVar();
  }
  ImGui::End();
  ImGui::PopStyleVar();
}

}  // namespace tp::ui
