// The whole UI drawn natively on Dear ImGui without a renderer: every panel in every state (empty,
// parsed, generating, failed step, done, dark theme, 390 px wide) for a few frames, with real clicks
// on the tabs and the editor switch, and no ImGui assertion may fire. Also: a pending tooltip delay
// asks for a later frame, and nothing is pending once it has shown.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "app/app.h"
#include "imgui.h"
#include "platform/native/native_platform.h"
#include "support/clean_device.h"
#include "ui/frame_pacing.h"
#include "ui/item_registry.h"
#include "ui/shell.h"

namespace {
std::vector<std::string> g_imgui_asserts;
}

void TpImGuiAssertFailed(const char* expr, const char* file, int line) {
  g_imgui_asserts.push_back(std::string(file) + ":" + std::to_string(line) + ": " + expr);
}

namespace tp {
namespace {

namespace native = platform::native;

struct UiHarness {
  App app;
  ui::Shell shell;
  ImGuiContext* ctx;

  UiHarness(float w, float h) {
    ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(w, h);
    io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;
    io.Fonts->AddFontDefault();
    ImGui::GetStyle().FontSizeBase = 15.0f;
  }
  ~UiHarness() { ImGui::DestroyContext(ctx); }

  // The renderer's part for textures: accept every request.
  static void AcceptTextures() {
    for (ImTextureData* t : ImGui::GetPlatformIO().Textures) {
      if (t->Status == ImTextureStatus_WantCreate) { t->SetTexID((ImTextureID)1); t->SetStatus(ImTextureStatus_OK); }
      else if (t->Status == ImTextureStatus_WantUpdates) t->SetStatus(ImTextureStatus_OK);
      else if (t->Status == ImTextureStatus_WantDestroy) { t->SetTexID(ImTextureID_Invalid); t->SetStatus(ImTextureStatus_Destroyed); }
    }
  }

  void Frame(float dt = 1.0f / 60) {
    ImGui::GetIO().DeltaTime = dt;
    ImGui::NewFrame();
    app.BeginFrame(ImGui::GetTime());
    ui::ClearTrackedItems();
    shell.Draw(app);
    ImGui::Render();
    AcceptTextures();
    app.EndFrame();
  }
  void Frames(int n) { for (int i = 0; i < n; ++i) Frame(); }

  bool Click(const char* item) {
    float x, y, w, h;
    if (!ui::FindItem(item, &x, &y, &w, &h)) return false;
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(x + w * 0.5f, y + h * 0.5f);
    Frame();
    io.AddMouseButtonEvent(0, true);
    Frame();
    io.AddMouseButtonEvent(0, false);
    Frames(2);
    return true;
  }

  // Every tab of the input pane, the article in preview and as Markdown, the checks opened.
  void DrawEverything(const char* state) {
    INFO("state: " << state);
    Frames(3);
    for (const char* tab : {"tab.structure", "tab.model", "tab.transcript"}) {
      CHECK_MESSAGE(Click(tab), tab);
      Frames(2);
    }
    if (Click("tab.article")) Frames(2);   // one column: the article is a tab
    if (Click("generate.checks")) Frames(2);
    if (Click("checks.finding.0")) Frames(2);
    if (Click("glossary.toggle")) Frames(2);
    if (Click("help.tab")) Frames(2);
    if (Click("menu.help")) Frames(2);
    if (Click("article.markdown")) Frames(2);
    if (Click("article.preview")) Frames(2);
    CHECK_MESSAGE(g_imgui_asserts.empty(), (g_imgui_asserts.empty() ? std::string() : g_imgui_asserts.front()));
  }
};

struct Device : test::CleanDevice {
  Device() { g_imgui_asserts.clear(); }
};

void Prepare(App& app) {
  app.LoadSample();
  app.ChooseProviderPreset("openai");
  app.SetApiKey("sk-test");
}

void Finish(App& app) { test::GenerateToEnd(app); }

TEST_CASE("the item registry reports each item as the last whole frame drew it, and nothing it did not draw") {
  float x = 0, y = 0, w = 0, h = 0;
  ui::ClearTrackedItems();                                  // frame 1
  ui::TrackRect("registry.a", 1, 2, 3, 4);
  ui::TrackRect("registry.b", 5, 6, 7, 8);
  CHECK_FALSE(ui::FindItem("registry.a", &x, &y, &w, &h));   // its frame is still being drawn
  ui::ClearTrackedItems();                                  // frame 2: only a, moved
  ui::TrackRect("registry.a", 10, 20, 30, 40);
  REQUIRE(ui::FindItem("registry.a", &x, &y, &w, &h));       // as frame 1 drew it
  CHECK((x == 1 && y == 2 && w == 3 && h == 4));
  REQUIRE(ui::FindItem("registry.b", &x, &y, &w, &h));
  CHECK(x == 5);
  ui::ClearTrackedItems();                                  // frame 3
  REQUIRE(ui::FindItem("registry.a", &x, &y, &w, &h));       // as frame 2 drew it
  CHECK((x == 10 && y == 20 && w == 30 && h == 40));
  CHECK_FALSE(ui::FindItem("registry.b", &x, &y, &w, &h));   // not drawn in frame 2
  CHECK_FALSE(ui::FindItem("registry.never", &x, &y, &w, &h));
}

TEST_CASE("every panel draws in every state without an ImGui assertion") {
  SUBCASE("empty") {
    Device d;
    UiHarness ui(1280, 800);
    ui.DrawEverything("empty");
  }
  SUBCASE("parsed") {
    Device d;
    UiHarness ui(1280, 800);
    Prepare(ui.app);
    ui.DrawEverything("parsed");
  }
  SUBCASE("generating") {
    Device d;
    UiHarness ui(1280, 800);
    Prepare(ui.app);
    std::string why;
    REQUIRE(ui.app.Generate(&why));
    native::Scheduler().RunUntilIdle(6);   // a few events in: outline done or streaming
    CHECK(ui.app.Running());
    ui.DrawEverything("generating");
    ui.app.Cancel();
    ui.Frames(2);
    CHECK(g_imgui_asserts.empty());
  }
  SUBCASE("failed step") {
    Device d;
    native::Transport().responder = [](const HttpRequest&) {
      test::ScriptedResponse r;
      r.status = 401;
      r.chunks = {R"({"error":{"message":"Incorrect API key provided","code":"invalid_api_key"}})"};
      return r;
    };
    UiHarness ui(1280, 800);
    Prepare(ui.app);
    test::GenerateToEnd(ui.app, Pipeline::Status::Failed);
    ui.DrawEverything("failed step");
    CHECK(ui.Click("generate.retry.outline"));
  }
  SUBCASE("done") {
    Device d;
    UiHarness ui(1280, 800);
    Prepare(ui.app);
    Finish(ui.app);
    ui.DrawEverything("done");
  }
  SUBCASE("dark theme") {
    Device d;
    UiHarness ui(1280, 800);
    Prepare(ui.app);
    Finish(ui.app);
    ui.app.SetDarkTheme(true);
    ui.DrawEverything("dark theme");
  }
  SUBCASE("390 px wide") {
    Device d;
    UiHarness ui(390, 800);
    Prepare(ui.app);
    Finish(ui.app);
    ui.DrawEverything("390 px wide");
  }
}

// Every toolbar control is drawn whole inside the window, from a laptop down to the narrowest two-pane
// width: toolbars wrap instead of clipping.
TEST_CASE("toolbars wrap: every control is inside the window from 1280 px down to 760 px") {
  const char* controls[] = {"generate.button", "generate.cancel", "generate.plan", "article.preview", "article.markdown",
                            "article.undo", "article.copyMarkdown", "article.copyRich", "article.downloadMd",
                            "article.downloadHtml", "generate.regenIndex", "generate.regenInstruction", "generate.regenerate"};
  for (float width : {1280.0f, 1000.0f, 760.0f}) {
    INFO("width " << width);
    Device d;
    UiHarness ui(width, 800);
    Prepare(ui.app);
    Finish(ui.app);
    ui.Frames(3);
    for (const char* c : controls) {
      INFO(c);
      float x, y, w, h;
      REQUIRE(ui::FindItem(c, &x, &y, &w, &h));
      CHECK(x >= 0);
      CHECK(x + w <= width + 0.5f);
      CHECK(w > 0);
    }
    // The regenerate number field is wide enough for its digits beside its -/+ buttons.
    float x, y, w, h;
    REQUIRE(ui::FindItem("generate.regenIndex", &x, &y, &w, &h));
    CHECK(w >= ImGui::CalcTextSize("000").x + 2 * ImGui::GetFrameHeight());
    CHECK(g_imgui_asserts.empty());
  }
}

TEST_CASE("below the narrow width the app is one column of tabs, the article among them") {
  Device d;
  UiHarness ui(390, 844);
  Prepare(ui.app);
  Finish(ui.app);
  ui.Frames(3);
  float x, y, w, h;
  REQUIRE(ui::FindItem("tab.article", &x, &y, &w, &h));
  CHECK(x + w <= 390.5f);
  CHECK_FALSE(ui::FindItem("article.view", &x, &y, &w, &h));   // hidden behind its tab
  REQUIRE(ui.Click("tab.article"));
  REQUIRE(ui::FindItem("article.view", &x, &y, &w, &h));
  CHECK(x >= 0);
  CHECK(x + w <= 390.5f);
  REQUIRE(ui::FindItem("generate.button", &x, &y, &w, &h));
  CHECK(h >= 36);   // a touch target
  CHECK(g_imgui_asserts.empty());
}

TEST_CASE("an edit to the article runs the checks again; the run's own checks are kept until then") {
  Device d;
  UiHarness ui(1280, 800);
  Prepare(ui.app);
  Finish(ui.app);
  ui.Frames(2);
  const nlohmann::json run_checks = ui.app.run()->result().checks.ToJson();
  CHECK(ui.app.checks() == run_checks);   // drawing does not replace them
  REQUIRE(ui.app.EditArticle(ui.app.article() + "\nRevenue grew by 987654 dollars last year.\n", ui.app.article_version()));
  ui.Frames(2);
  CHECK(ui.app.checks() != run_checks);   // checked again, on the edited article
  CHECK(g_imgui_asserts.empty());
}

TEST_CASE("a glossary correction re-renders the article, and undo brings the previous one back") {
  Device d;
  UiHarness ui(1280, 800);
  Prepare(ui.app);
  Finish(ui.app);
  ui.Frames(2);
  REQUIRE_FALSE(ui.app.glossary().empty());
  GlossaryEntry e = ui.app.glossary().front();
  REQUIRE(ui.app.article().find(e.rendering) != std::string::npos);
  const std::string before = ui.app.article();
  e.rendering = "Zephyrine Q.";
  std::string why;
  REQUIRE(ui.app.CorrectGlossary(e, &why));
  CHECK(ui.app.article().find("Zephyrine Q.") != std::string::npos);
  CHECK(ui.app.glossary().front().rendering == "Zephyrine Q.");
  ui.Frames(2);
  CHECK(ui.app.UndoArticle());
  CHECK(ui.app.article() == before);
  CHECK_FALSE(ui.app.CorrectGlossary({"", "x", "", ""}, &why));
  CHECK_FALSE(why.empty());
  CHECK(g_imgui_asserts.empty());
}

TEST_CASE("a pending tooltip delay asks for a later frame; once shown, nothing is pending") {
  Device d;
  UiHarness ui(1280, 800);
  ui.Frames(3);
  float x, y, w, h;
  REQUIRE(ui::FindItem("transcript.open", &x, &y, &w, &h));
  ImGui::GetIO().AddMousePosEvent(x + w / 2, y + h / 2);
  ui.Frame();
  ui.Frame();
  const int ms = ui::MsUntilTimeDrivenChange();
  CHECK(ms > 0);
  CHECK(ms <= (int)(ImGui::GetStyle().HoverDelayNormal * 1000) + 50);
  ui.Frame(ImGui::GetStyle().HoverDelayNormal + 0.1f);   // the delay passes
  ui.Frame();
  CHECK(ui::MsUntilTimeDrivenChange() == -1);
  CHECK(g_imgui_asserts.empty());
}

TEST_CASE("the transcript box restored after a reload shows the saved text, so typing appends to it") {
  Device d;
  {
    UiHarness ui(1280, 800);
    Prepare(ui.app);
    ui.Frames(2);
  }
  native::TheOverlay("transcript") = native::Overlay();   // a new page: a new, empty box
  UiHarness ui(1280, 800);
  ui.app.Restore();
  const std::string saved = ui.app.project().transcript_text;
  ui.Frames(2);
  CHECK(native::TheOverlay("transcript").text == saved);
  native::TypeInOverlay("transcript", native::TheOverlay("transcript").text + "x");
  ui.Frames(2);
  CHECK(ui.app.project().transcript_text == saved + "x");
}

TEST_CASE("Ctrl/Cmd+Z in the untouched Markdown editor undoes the last article replacement") {
  Device d;
  UiHarness ui(1280, 800);
  ui.app.ReplaceArticle("# First\n", "Generated");
  ui.app.ReplaceArticle("# Second\n", "Generated");
  ui.app.SetEditingMarkdown(true);
  ui.Frames(2);
  CHECK(native::TheOverlay("markdown").text == "# Second\n");
  native::PressUndoInOverlay("markdown");
  ui.Frames(2);
  CHECK(ui.app.article() == "# First\n");
  CHECK(native::TheOverlay("markdown").text == "# First\n");
}

}  // namespace
}  // namespace tp
