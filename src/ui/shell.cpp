// Shell layout. Index: ApplyTheme · Shell::Draw (menu, splitter, panes) · panes · status bar.
#include "ui/shell.h"

#include <cstdio>

#include "core/version.h"
#include "imgui.h"

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
  if (ImGui::BeginTabItem("Transcript")) {
    transcript.Draw(app);
    ImGui::EndTabItem();
  }
  if (ImGui::BeginTabItem("Structure")) {
    structure.Draw(app);
    ImGui::EndTabItem();
  }
  if (ImGui::BeginTabItem("Model")) {
    model.Draw(app);
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

void ArticlePane::Draw(AppState& app) {
  if (app.article_markdown.empty()) {
    ImGui::TextDisabled("The article appears here.");
    return;
  }
  ImGui::TextWrapped("%s", app.article_markdown.c_str());
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
