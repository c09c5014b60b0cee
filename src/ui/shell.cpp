// Shell layout. Index: ApplyTheme · Shell::Draw (menu, splitter, panes) · panes · status bar.
#include "ui/shell.h"

#include <algorithm>
#include <cstdio>

#include "core/article_preview.h"
#include "core/markdown.h"
#include "core/version.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "platform/files.h"
#include "platform/frames.h"
#include "platform/text_overlay.h"
#include "ui/help.h"
#include "ui/item_registry.h"
#include "ui/widgets.h"

namespace tp::ui {

// The colour of the panes, which cover nearly all of the screen. The frame is cleared to it and the panes
// and the windows inside them draw no background of their own: with a software renderer (a machine
// without a GPU) every full-screen fill costs several milliseconds of each drawn frame.
static ImVec4 g_pane_color(1, 1, 1, 1);

ImVec4 PaneColor() { return g_pane_color; }

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
    s.Colors[ImGuiCol_MenuBarBg] = ImVec4(0.93f, 0.93f, 0.92f, 1);
    s.Colors[ImGuiCol_FrameBg] = ImVec4(0.93f, 0.93f, 0.91f, 1);   // fields stand out from white panes
    s.Colors[ImGuiCol_Border] = ImVec4(0.80f, 0.80f, 0.78f, 1);
    s.FrameBorderSize = 1.0f;
  }
  // Dropdowns, menus and tooltips are opaque: text behind them must not show through. (Child windows
  // stay as the theme has them: transparent over the window in the dark theme.)
  for (ImGuiCol c : {ImGuiCol_PopupBg, ImGuiCol_MenuBarBg, ImGuiCol_WindowBg}) s.Colors[c].w = 1.0f;
  // Panes are white on the light theme and the window's colour on the dark one; child windows are
  // transparent on both, showing the pane (see g_pane_color).
  g_pane_color = dark ? s.Colors[ImGuiCol_WindowBg] : ImVec4(1, 1, 1, 1);
  s.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  // Keyboard focus is drawn as a strong outline (Tab moves it), visible on both themes.
  s.Colors[ImGuiCol_NavCursor] = dark ? ImVec4(1.0f, 0.75f, 0.2f, 1) : ImVec4(0.1f, 0.35f, 0.9f, 1);
}

void InputPane::Draw(App& app, ArticlePane* article) {
  // On a phone the tab bar keeps the tall touch padding but less at the sides, so all five names fit
  // whole; the panels inside get the pane's own padding back.
  const ImVec2 pad = ImGui::GetStyle().FramePadding;
  const ImVec2 tab_pad(article ? std::min(pad.x, 8.0f) : pad.x, pad.y);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, tab_pad);
  // Tabs shrink rather than scroll: every tab stays one click away, however narrow the pane.
  if (!ImGui::BeginTabBar("##input_tabs", ImGuiTabBarFlags_FittingPolicyShrink)) {
    ImGui::PopStyleVar();
    return;
  }
  // One tab: its header (tracked as tab.<name>, drawn whether or not it is open) and, when open, its panel.
  auto tab = [&](const char* label, const char* name, auto&& draw) {
    const bool open = ImGui::BeginTabItem(label);
    TrackItem(name);
    if (open) {
      ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, pad);
      draw();
      ImGui::PopStyleVar();
      ImGui::EndTabItem();
    }
    return open;
  };
  const bool transcript_open = tab("Transcript", "tab.transcript", [&] { transcript.Draw(app); });
  const bool structure_open = tab("Structure", "tab.structure", [&] { structure.Draw(app); });
  const bool model_open = tab("Model", "tab.model", [&] { model.Draw(app); });
  // One column: the article is the fourth tab.
  const bool article_open = article && tab("Article", "tab.article", [&] { article->Draw(app); });
  // "?" at the end of the tab bar: what the open tab's fields mean.
  const char* help = transcript_open ? kTranscriptHelp : structure_open ? kStructureHelp : model_open ? kModelHelp
                     : article_open ? kArticleHelp : kKeyboardHelp;
  const bool open_help = ImGui::TabItemButton("?", ImGuiTabItemFlags_Trailing | ImGuiTabItemFlags_NoTooltip);
  TrackItem("help.tab");
  ImGui::EndTabBar();
  ImGui::PopStyleVar();
  if (open_help) OpenHelp("tab");   // outside the tab bar's id scope, where the popup is drawn
  HelpPopup("tab", help);
}

// A pane scrolls vertically only: a wide item or a shift+wheel must never slide it sideways.
static void KeepPaneUnscrolledX() {
  if (ImGui::GetScrollX() != 0) ImGui::SetScrollX(0);
}

// What the user is told when the browser refuses formatted text: the Markdown went instead, or nothing.
static platform::CopyFallback RichCopyRefused(App& app) {
  return [&app](bool plain_copied) {
    app.Say(plain_copied ? "This browser refused formatted text: the article was copied as plain Markdown instead."
                         : "This browser refused the clipboard: nothing was copied. Use Download .html instead.",
            Topic::Article, true);
  };
}

void ArticlePane::DrawToolbar(App& app) {
  const std::string& md = app.article();
  const bool editing = app.prefs().editing_markdown;
  const float radio_extra = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x;
  ImGui::BeginDisabled(md.empty() && !editing);
  if (ImGui::RadioButton("Preview", !editing)) app.SetEditingMarkdown(false);
  TrackItem("article.preview");
  WrapNext(TextWidth("Markdown") + radio_extra);
  if (ImGui::RadioButton("Markdown", editing)) app.SetEditingMarkdown(true);
  TrackItem("article.markdown");
  ImGui::EndDisabled();
  WrapNext(ButtonWidth("Undo"));
  ImGui::BeginDisabled(!app.CanUndoArticle());
  if (ImGui::Button("Undo")) app.UndoArticle();
  TrackItem("article.undo");
  ImGui::EndDisabled();
  if (app.CanUndoArticle() && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayNormal | ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Bring back the article from before: %s (Ctrl/Cmd+Z)", app.article_history().back().label.c_str());
  ImGui::BeginDisabled(md.empty());
  WrapNext(ButtonWidth("Copy Markdown") + ImGui::GetFontSize());
  if (ImGui::GetCursorScreenPos().x > ImGui::GetWindowPos().x + ImGui::GetStyle().WindowPadding.x + 1)
    ImGui::SameLine(0, ImGui::GetFontSize());   // a wider gap between the view switch and the exports on one row
  if (ImGui::Button("Copy Markdown")) { platform::CopyText(md); app.Say("Markdown copied."); }
  TrackItem("article.copyMarkdown");
  WrapNext(ButtonWidth("Copy rich text"));
  if (ImGui::Button("Copy rich text")) {
    platform::CopyRich(ExportHtml(md, app.ArticleTitle(), app.project().spec.output_language), md, RichCopyRefused(app));
    app.Say("Article copied with formatting: paste it into Notion, Docs or a mail.");
  }
  TrackItem("article.copyRich");
  WrapNext(ButtonWidth("Copy for WeChat"));
  if (ImGui::Button("Copy for WeChat")) {
    platform::CopyRich(ExportWeChatHtml(md, ResolvedLabels(app.project().spec).links), md, RichCopyRefused(app));
    app.Say("Article copied for the WeChat editor: links are numbered footnotes at the end.");
  }
  TrackItem("article.copyWeChat");
  WrapNext(ButtonWidth("Download .md"));
  if (ImGui::Button("Download .md")) platform::Download(app.DownloadName("md"), "text/markdown;charset=utf-8", md);
  TrackItem("article.downloadMd");
  WrapNext(ButtonWidth("Download .html"));
  if (ImGui::Button("Download .html"))
    platform::Download(app.DownloadName("html"), "text/html;charset=utf-8",
                       ExportHtml(md, app.ArticleTitle(), app.project().spec.output_language));
  TrackItem("article.downloadHtml");
  ImGui::EndDisabled();
}

void ArticlePane::Draw(App& app) {
  generate.Draw(app);
  ImGui::Separator();
  DrawToolbar(app);
  ImGui::Separator();
  app.RecheckArticleIfEdited();   // the Markdown editor's edits arrive debounced
  if (!app.Running()) {
    const float panel_h = std::max(ImGui::GetFrameHeight() * 4, ImGui::GetContentRegionAvail().y * 0.3f);
    checks.Draw(app, view, panel_h);
    glossary.Draw(app, panel_h);
    if (!app.checks().is_null() || !app.glossary().empty()) ImGui::Separator();
  }
  // Ctrl/Cmd+Z outside any text field brings back the article from before the last replacement.
  if (!ImGui::GetIO().WantTextInput && ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_Z, ImGuiInputFlags_RouteGlobal))
    app.UndoArticle();
  if (platform::TakeTextOverlayUndo("markdown")) app.UndoArticle();
  // On a phone the controls above and a long message can leave the article a sliver: it keeps at least half
  // the pane's height, and the pane scrolls down to it.
  const float min_view_h = ImGui::GetWindowHeight() * 0.5f;
  const float view_h = ImGui::GetContentRegionAvail().y < min_view_h ? min_view_h : 0;
  if (app.prefs().editing_markdown) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 size(ImGui::GetContentRegionAvail().x, std::max(ImGui::GetContentRegionAvail().y, view_h));
    ImGui::Dummy(size);
    TrackItem("article.editor");
    platform::SyncTextOverlay("markdown", app.article(), app.article_version());
    if (!ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel))
      platform::PlaceTextOverlay("markdown", at.x, at.y, size.x, size.y, ImGui::GetFontSize(), "Markdown of the article",
                                 app.prefs().dark_theme);
    platform::TextOverlayEdit edit;
    if (platform::TakeTextOverlayEdit("markdown", &edit)) {
      app.EditArticle(std::move(edit.text), edit.base_version);
      platform::RequestFrames(2);   // the checks of the edited article run in the next frame (above)
    }
    return;
  }
  if (app.WritingArticle()) {
    // Each part in its final position as it is written; the steps list above says what is running.
    preview_ = ArticlePreviewMarkdown(*app.run(), "…", "✎ …");
    view.Draw(preview_, view_h);
    TrackItem("article.view");
    return;
  }
  if (app.article().empty()) {
    ImGui::TextDisabled("The article appears here.");
    return;
  }
  view.Draw(app.article(), view_h, app.article_revision());
  TrackItem("article.view");
}

static constexpr float kStatusPadX = 10, kStatusPadY = 3;

std::string StatusBar::Counts(const App& app) const {
  // On a phone the message has the whole line (the summary shows the counts).
  if (NarrowLayout()) return "";
  char chars[64];
  std::snprintf(chars, sizeof chars, "%zu turns · %zu bytes", app.project().transcript.turns.size(),
                app.project().transcript_text.size());
  return chars;
}

float StatusBar::MessageWidth(const App& app) const {
  const std::string counts = Counts(app);
  const float counts_w = counts.empty() ? 0.0f : ImGui::CalcTextSize(counts.c_str()).x + 24;
  return std::max(ImGui::GetFontSize() * 6, ImGui::GetMainViewport()->WorkSize.x - 2 * kStatusPadX - counts_w);
}

static const char* StatusText(const StatusLine& st) { return st.text.empty() ? "Ready" : st.text.c_str(); }

float StatusBar::Height(const App& app) const {
  const float line = ImGui::GetTextLineHeight();
  const float text_h = ImGui::CalcTextSize(StatusText(app.status()), nullptr, false, MessageWidth(app)).y;
  const float lines_h = std::min(text_h, line * kMaxLines);
  return std::max(ImGui::GetFrameHeight(), lines_h + 2 * ImGui::GetStyle().FramePadding.y) + 2 * kStatusPadY;
}

void StatusBar::Draw(App& app, float height) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x, vp->WorkPos.y + vp->WorkSize.y - height));
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x, height));
  ImGuiWindowFlags f = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                       ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(kStatusPadX, kStatusPadY));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::GetStyleColorVec4(ImGuiCol_MenuBarBg));
  if (ImGui::Begin("##status", nullptr, f)) {
    const StatusLine& st = app.status();
    const std::string counts = Counts(app);
    const float wrap_w = MessageWidth(app);
    const ImVec2 start = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(ImVec2(start.x, start.y + ImGui::GetStyle().FramePadding.y));
    ImGui::PushClipRect(start, ImVec2(start.x + wrap_w, ImGui::GetWindowPos().y + height - kStatusPadY), true);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap_w);
    if (st.error) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.8f, 0.15f, 0.1f, 1));
    ImGui::TextUnformatted(StatusText(st));
    if (st.error) ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    ImGui::PopClipRect();
    TrackItem("status");
    // The whole of a message longer than the bar's lines.
    if (ImGui::IsItemHovered() && ImGui::GetItemRectMax().y > ImGui::GetWindowPos().y + height - kStatusPadY)
      ImGui::SetTooltip("%s", st.text.c_str());
    if (!counts.empty()) {
      ImGui::SetCursorScreenPos(ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowWidth() - kStatusPadX -
                                           ImGui::CalcTextSize(counts.c_str()).x,
                                       start.y + ImGui::GetStyle().FramePadding.y));
      ImGui::TextDisabled("%s", counts.c_str());
    }
  }
  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
}

void Shell::Draw(App& app) {
  if (applied_theme_ != (int)app.prefs().dark_theme) {
    ApplyTheme(app.prefs().dark_theme);
    applied_theme_ = (int)app.prefs().dark_theme;
  }
  if (ImGui::BeginMainMenuBar()) {
    ImGui::TextUnformatted(kAppName);
    const bool view_open = ImGui::BeginMenu("View");
    TrackItem("menu.view");
    if (view_open) {
      if (ImGui::MenuItem("Dark theme", nullptr, app.prefs().dark_theme)) app.SetDarkTheme(!app.prefs().dark_theme);
      TrackItem("menu.darkTheme");
      ImGui::EndMenu();
    }
    if (ImGui::MenuItem("History", nullptr, history.open)) history.open = !history.open;
    TrackItem("menu.history");
    const bool help_open = ImGui::BeginMenu("Help");
    TrackItem("menu.help");
    if (help_open) {
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
      ImGui::TextUnformatted(kKeyboardHelp);
      ImGui::PopTextWrapPos();
      ImGui::Separator();
      ImGui::TextDisabled("%s %s, Dear ImGui %s", kAppName, kVersion, IMGUI_VERSION);
      ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
  }

  // Ctrl/Cmd+Enter generates, Esc cancels a run, from anywhere in the app.
  if (ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_Enter, ImGuiInputFlags_RouteGlobal) && !app.Running()) {
    std::string why;
    if (!app.Generate(&why)) app.Say(why, Topic::Generation, true);
  }
  if (app.Running() && ImGui::Shortcut(ImGuiKey_Escape, ImGuiInputFlags_RouteGlobal)) app.Cancel();
  // F1 lists the keyboard shortcuts, from anywhere.
  if (ImGui::Shortcut(ImGuiKey_F1, ImGuiInputFlags_RouteGlobal)) OpenHelp("keys");
  HelpPopup("keys", kKeyboardHelp);
  // Where keyboard focus is (Tab moves it), published for tests as "nav.focus".
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  if (g.NavWindow && g.NavId && g.NavCursorVisible) {
    const ImRect r = ImGui::WindowRectRelToAbs(g.NavWindow, g.NavWindow->NavRectRel[g.NavLayer]);
    TrackRect("nav.focus", r.Min.x, r.Min.y, r.GetWidth(), r.GetHeight());
  }

  const float status_h = status.Height(app);
  status.Draw(app, status_h);

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x, vp->WorkSize.y - status_h));
  // No background: the frame is cleared to the panes' colour, and only the gutter between them is painted.
  ImGuiWindowFlags f = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                       ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground;
  const bool narrow = NarrowLayout();
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  if (ImGui::Begin("##workspace", nullptr, f)) {
    const float total = ImGui::GetContentRegionAvail().x;
    const float height = ImGui::GetContentRegionAvail().y;
    if (narrow) {
      // A phone: one column of tabs, with touch-sized targets.
      ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10, 8));
      ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(14, 12));   // buttons about 40 px high
      ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(10, 10));
      ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, 16.0f);
      ImGui::BeginChild("##single_pane", ImVec2(total, height), ImGuiChildFlags_AlwaysUseWindowPadding);
      KeepPaneUnscrolledX();
      input.Draw(app, &article);
      ImGui::EndChild();
      ImGui::PopStyleVar(4);
    } else {
      const float splitter_w = 6;
      const float left_w = total * app.prefs().split;
      ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12, 10));
      ImGui::BeginChild("##input_pane", ImVec2(left_w, height), ImGuiChildFlags_AlwaysUseWindowPadding);
      KeepPaneUnscrolledX();
      input.Draw(app, nullptr);
      ImGui::EndChild();
      ImGui::SameLine(0, 0);
      ImGui::InvisibleButton("##splitter", ImVec2(splitter_w, height));
      if (ImGui::IsItemHovered() || ImGui::IsItemActive()) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
      if (ImGui::IsItemActive() && total > 0) {
        if (ImGui::GetIO().MouseDelta.x != 0) app.SetSplit(app.prefs().split + ImGui::GetIO().MouseDelta.x / total);
      }
      ImDrawList* dl = ImGui::GetWindowDrawList();
      ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
      dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_WindowBg));
      dl->AddLine(ImVec2((a.x + b.x) * 0.5f, a.y), ImVec2((a.x + b.x) * 0.5f, b.y), ImGui::GetColorU32(ImGuiCol_Separator));
      ImGui::SameLine(0, 0);
      ImGui::BeginChild("##article_pane", ImVec2(0, height), ImGuiChildFlags_AlwaysUseWindowPadding);
      KeepPaneUnscrolledX();
      article.Draw(app);
      ImGui::EndChild();
      ImGui::PopStyleVar();
    }
  }
  ImGui::End();
  ImGui::PopStyleVar();
  history.Draw(app);   // a window over the workspace
}

}  // namespace tp::ui
