// TalkPress web entry point. Index: GL context · ImGui init · RunFrame (the only frame function) · main.
#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLES3/gl3.h>

#include "app/app_state.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "platform/files.h"
#include "platform/fonts.h"
#include "platform/text_overlay.h"
#include "platform/web/imgui_impl_web.h"
#include "ui/item_registry.h"
#include "ui/shell.h"

namespace tp {

AppState& App() {
  static AppState app;
  return app;
}

namespace {

EMSCRIPTEN_WEBGL_CONTEXT_HANDLE g_gl = 0;
ui::Shell g_shell;

// The page shows a friendly message instead of the app when this fails (see web/index.html).
bool CreateGlContext() {
  EmscriptenWebGLContextAttributes attrs;
  emscripten_webgl_init_context_attributes(&attrs);
  attrs.majorVersion = 2;
  attrs.minorVersion = 0;
  attrs.alpha = false;
  attrs.depth = false;
  attrs.stencil = false;
  attrs.antialias = false;
  attrs.premultipliedAlpha = false;
  attrs.preserveDrawingBuffer = false;
  g_gl = emscripten_webgl_create_context("#canvas", &attrs);
  if (g_gl <= 0) return false;
  emscripten_webgl_make_context_current(g_gl);
  return true;
}

void RunFrame() {
  AppState& app = App();
  const double t0 = emscripten_get_now();
  web::NewImGuiFrame();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  ui::ClearTrackedItems();
  g_shell.Draw(app);
  ImGui::Render();

  const ImGuiIO& io = ImGui::GetIO();
  glViewport(0, 0, (int)(io.DisplaySize.x * io.DisplayFramebufferScale.x),
             (int)(io.DisplaySize.y * io.DisplayFramebufferScale.y));
  const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  platform::EndFrameTextOverlays();

  app.stats.last_frame_ms = emscripten_get_now() - t0;
  if (app.stats.frames_rendered++ == 0) {
    app.stats.first_frame_at_ms = emscripten_get_now();
    EM_ASM({ if (window.talkpressOnFirstFrame) window.talkpressOnFirstFrame(); });
  }
  // A text field's caret blinks: wake for it, and only for it, while one is active.
  if (io.WantTextInput) web::WakeAfterMs(400);
  // A transcript edit is parsed after a pause in typing: wake for it.
  if (app.transcript_edited_at >= 0) web::WakeAfterMs(350);
}

}  // namespace
}  // namespace tp

int main() {
  using namespace tp;
  if (!CreateGlContext()) {
    EM_ASM({ if (window.talkpressFatal) window.talkpressFatal('webgl2'); });
    return 1;
  }
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;   // layout is not persisted to a file; there is no file system in the page
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  platform::LoadFonts();
  ImGui::GetStyle().FontSizeBase = 15.0f;
  ui::ApplyTheme(false);
  web::InstallImGuiPlatform();
  ImGui_ImplOpenGL3_Init("#version 300 es");
  platform::InstallFileHandlers([](const std::string& name, std::string_view bytes) {
    AppState& app = App();
    std::string title = name;
    const size_t dot = title.rfind('.');
    if (dot != std::string::npos && dot > 0) title = title.substr(0, dot);
    app.project.title = title;
    app.project.parse_options.format = TranscriptFormat::Auto;
    app.ReplaceTranscript(std::string(bytes));
    app.status = "Opened " + name + " (" + std::to_string(bytes.size()) + " bytes).";
  });
  web::SetFrameFunction(RunFrame);
  web::RequestFrames(3);
  return 0;
}
