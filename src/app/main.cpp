// TalkPress web entry point. Index: GL context · ImGui init · RunFrame (the only frame function) · main.
#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLES3/gl3.h>

#include <cstdint>
#include <cstring>

#include "app/app_state.h"
#include "app/generation.h"
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
bool g_gl_lost = false;   // between webglcontextlost and webglcontextrestored nothing is drawn
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

// A cheap fingerprint of everything drawn (vertices, indices, clip rects, textures).
uint64_t DrawDataHash(const ImDrawData* dd) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](const void* p, size_t n) {
    const unsigned char* b = static_cast<const unsigned char*>(p);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t v;
      std::memcpy(&v, b + i, 8);
      h = (h ^ v) * 1099511628211ull;
    }
    for (; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  };
  if (!dd) return h;
  for (const ImDrawList* dl : dd->CmdLists) {
    mix(dl->VtxBuffer.Data, (size_t)dl->VtxBuffer.Size * sizeof(ImDrawVert));
    mix(dl->IdxBuffer.Data, (size_t)dl->IdxBuffer.Size * sizeof(ImDrawIdx));
    for (const ImDrawCmd& c : dl->CmdBuffer) {
      mix(&c.ClipRect, sizeof c.ClipRect);
      const ImTextureID tex = c.GetTexID();
      mix(&tex, sizeof tex);
    }
  }
  return h;
}

void RunFrame() {
  AppState& app = App();
  if (g_gl_lost) return;
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

  // Render until the picture is stable: some widgets settle over a few frames (tables and child windows
  // size themselves, glyphs load), so an unchanged frame is the signal to stop, not a fixed count.
  static uint64_t last_hash = 0;
  const uint64_t hash = DrawDataHash(ImGui::GetDrawData());
  if (hash != last_hash) web::RequestFrames(2);
  last_hash = hash;

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

// A lost WebGL context drops every GL object; ImGui's textures are marked destroyed and re-created on
// the next frame, the renderer's buffers and shaders are rebuilt.
extern "C" EMSCRIPTEN_KEEPALIVE void tp_gl_lost() { tp::g_gl_lost = true; }
extern "C" EMSCRIPTEN_KEEPALIVE void tp_gl_restored() {
  emscripten_webgl_make_context_current(tp::g_gl);
  ImGui_ImplOpenGL3_DestroyDeviceObjects();
  ImGui_ImplOpenGL3_CreateDeviceObjects();
  tp::g_gl_lost = false;
  tp::web::RequestFrames(3);
}

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
  Gen().RestoreProgress();   // a reload continues where the user left off
  web::SetFrameFunction(RunFrame);
  web::RequestFrames(3);
  return 0;
}
