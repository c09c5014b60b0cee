// TalkPress web entry point: builds the App and the UI, and wires them to the page. Index: GL context ·
// page glue for the automation API · Runtime (the frame) · main.
#include <algorithm>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLES3/gl3.h>

#include <cstdint>
#include <cstring>

#include "app/app.h"
#include "app/automation_api.h"
#include "core/json_util.h"
#include "core/secret.h"
#include "core/transcript_input.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "platform/files.h"
#include "platform/fonts.h"
#include "platform/storage.h"
#include "platform/text_overlay.h"
#include "platform/web/imgui_impl_web.h"
#include "ui/frame_pacing.h"
#include "ui/item_registry.h"
#include "ui/shell.h"
#include "ui/transcript_panel.h"

extern "C" int tp_web_heap_bytes();

// Settles a Promise created by automation_api.js (ok: resolve with the JSON, else reject).
EM_JS(void, tp_js_settle, (int promise_id, int ok, const char* json), {
  if (window.talkpress) window.talkpress._settle(promise_id, ok, json);
});

namespace tp {
namespace {

// Platform glue: the page has one WebGL context; nothing is drawn while it is lost.
EMSCRIPTEN_WEBGL_CONTEXT_HANDLE g_gl = 0;
bool g_gl_lost = false;

// The page shows a friendly message instead of the app when this fails (see web/boot.js). The context
// itself is usually created earlier, while the .wasm compiles, with these same attributes
// (web_gl_state.js, $TPEarlyGL): a change here must be made there too.
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
  attrs.enableExtensionsByDefault = false;   // the renderer uses WebGL2 core only; enabling every extension costs start-up time
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

// Everything the page runs: the App, its UI, and the automation API's host.
struct Runtime {
  App app;
  ui::Shell shell;
  AutomationHost api;
  uint64_t last_hash = 0;

  double last_drawn_at_ms = 0;
  bool save_after_edit = false;   // a box edit was handed over: saved in the next frame that does not draw

  // One piece of the work above, if any is due: true when this frame did it (or waits) and draws nothing.
  bool QuietWork(double now_ms) {
    app.SetClock(now_ms / 1000.0);
    if (platform::TextOverlayInputWaiting()) {
      const bool waiting = ui::TranscriptBoxEditPending() || save_after_edit || app.PlanPending() ||
                           app.ReparseDueAt(now_ms / 1000.0) || app.ReadingAfterTyping();
      if (waiting) web::RequestFrames(1);
      return waiting;
    }
    if (ui::TakeTranscriptBoxEdit(app)) {
      save_after_edit = true;
      web::RequestFrames(1);
      return true;
    }
    if (save_after_edit) {
      save_after_edit = false;
      app.EndFrame();
      return true;
    }
    if (app.ReparseIfDue(now_ms / 1000.0)) return true;   // asks for the frames that follow itself
    if (app.ReadingAfterTyping()) {   // it stopped for a key
      app.ContinueReading();
      return true;
    }
    if (app.PlanPending()) {
      app.PreparePlan();
      return true;
    }
    return false;
  }

  void Frame() {
    if (g_gl_lost) return;
    const double t0 = emscripten_get_now();
    // Work that shows nothing by itself gets animation frames of its own that do not draw, one piece
    // each, before the frame that shows the result: the transcript box's edit handed over, then saved;
    // the parse after the typing pause (which stops for a key); the plan of a text just read or parsed
    // again. With a software renderer a drawn frame costs 10-20 ms by itself, and a key typed in the box
    // is shown by the browser without one. Input waiting to be drawn goes first; while a key just typed
    // in the box waits to be shown, this work waits for the next frame.
    const bool woken_only_by_timer = web::TakeWokenOnlyByTimer();
    if (!ui::InputEventsPending() && QuietWork(t0)) {
      app.stats.longest_frame_ms = std::max(app.stats.longest_frame_ms, emscripten_get_now() - t0);
      return;
    }
    // A timed wake that came before the work it was set for (each hand-over moves the parse later), with
    // nothing of the interface's own due: wait again, drawing nothing.
    if (woken_only_by_timer && !ui::InputEventsPending() && ui::MsUntilTimeDrivenChange() < 0) {
      if (const int due = app.MsUntilTimedWork(); due > 0) {
        web::WakeAfterMs(due);
        return;
      }
    }
    // While a large transcript is read, an animation frame either reads or draws, never both, and only
    // one frame in kReadingRedrawMs draws. The browser ends a drawn frame by waiting for the WebGL picture;
    // with a software renderer (SwiftShader, a machine without a GPU) that wait is long by itself, and a
    // reading slice in the same frame would make it one long task. Input still draws at once; the progress
    // on the status line moves five times a second.
    constexpr double kReadingRedrawMs = 200;
    const bool reading = app.ReadingProgress() >= 0;
    if (reading && !ui::InputEventsPending() && last_drawn_at_ms > 0 && t0 - last_drawn_at_ms < kReadingRedrawMs) {
      app.ContinueReading();   // asks for the next animation frame itself
      app.stats.longest_frame_ms = std::max(app.stats.longest_frame_ms, emscripten_get_now() - t0);
      return;
    }
    last_drawn_at_ms = t0;
    web::NewImGuiFrame();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    app.BeginFrame(t0 / 1000.0, /*read_slice=*/!reading);   // the page's clock: ImGui's skips idle time
    if (reading) web::RequestFrames(2);   // the next frames read on
    ui::ClearTrackedItems();
    shell.Draw(app);
    ImGui::Render();

    const ImGuiIO& io = ImGui::GetIO();
    glViewport(0, 0, (int)(io.DisplaySize.x * io.DisplayFramebufferScale.x), (int)(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    const ImVec4 bg = ui::PaneColor();
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    platform::EndFrameTextOverlays();
    app.EndFrame();   // saves what changed, once per frame

    // Render until the picture is stable: some widgets settle over a few frames (tables and child
    // windows size themselves, glyphs load), so an unchanged frame is the signal to stop.
    const uint64_t hash = DrawDataHash(ImGui::GetDrawData());
    if (hash != last_hash || ui::InputEventsPending() || ui::NavigationPending()) web::RequestFrames(2);
    last_hash = hash;
    // Time-driven state (tooltip delay, caret blink, a parse after typing stops) wakes the app later.
    const int ms = ui::MsUntilTimeDrivenChange();
    if (ms >= 0) web::WakeAfterMs(ms);
    if (const int due = app.MsUntilTimedWork(); due >= 0) web::WakeAfterMs(due);

    app.stats.last_frame_ms = emscripten_get_now() - t0;
    if (app.stats.frames_rendered > 0)   // the first frame is start-up, a figure of its own
      app.stats.longest_frame_ms = std::max(app.stats.longest_frame_ms, app.stats.last_frame_ms);
    if (app.stats.frames_rendered++ == 0) {
      app.stats.first_frame_at_ms = emscripten_get_now();
      EM_ASM({ if (window.talkpressOnFirstFrame) window.talkpressOnFirstFrame(); });
    }
  }
};

Runtime* g_runtime = nullptr;   // built once in main, lives as long as the page

}  // namespace
}  // namespace tp

// A lost WebGL context drops every GL object; ImGui's textures are re-created on the next frame, the
// renderer's buffers and shaders are rebuilt.
extern "C" EMSCRIPTEN_KEEPALIVE void tp_gl_lost() { tp::g_gl_lost = true; }
extern "C" EMSCRIPTEN_KEEPALIVE void tp_gl_restored() {
  emscripten_webgl_make_context_current(tp::g_gl);
  ImGui_ImplOpenGL3_DestroyDeviceObjects();
  ImGui_ImplOpenGL3_CreateDeviceObjects();
  tp::g_gl_lost = false;
  tp::web::RequestFrames(3);
}

// The page is going away (a reload, the tab closed), maybe within the pause before a text box hands its
// text over (web_textarea.js) or before a taken edit is saved: both happen now, so a reload keeps what was
// typed in the transcript box and in the Markdown editor.
extern "C" EMSCRIPTEN_KEEPALIVE void tp_page_hiding() {
  tp::Runtime* rt = tp::g_runtime;
  if (!rt) return;
  tp::ui::TakeTranscriptBoxEdit(rt->app);
  tp::platform::TextOverlayEdit article;
  if (tp::platform::TakeTextOverlayEdit("markdown", &article)) rt->app.EditArticle(std::move(article.text), article.base_version);
  rt->app.EndFrame();
}

// The automation API's one entry point (automation_api.js): method name and JSON arguments in, JSON out.
extern "C" EMSCRIPTEN_KEEPALIVE const char* tp_api(const char* method, const char* args_json) {
  static std::string out;
  tp::Runtime* rt = tp::g_runtime;
  bool mutates = false;
  std::string args(args_json ? args_json : "");
  out = tp::js::Dump(tp::CallApi(rt->app, rt->api, method ? method : "", args, &mutates));
  tp::SecureClear(&args);   // it may hold a key (setProvider)
  // Methods that change something wake the UI to show it; reading must not, or polling the API would
  // itself keep the tab rendering.
  if (mutates) tp::web::RequestFrames(3);
  return out.c_str();
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
  io.IniFilename = nullptr;   // there is no file system in the page; choices persist through App
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  platform::LoadFonts();   // sets the interface's text size too
  web::InstallImGuiPlatform();
  ImGui_ImplOpenGL3_Init("#version 300 es");

  g_runtime = new Runtime();
  Runtime& rt = *g_runtime;
  rt.api.settle = [](int id, bool ok, const nlohmann::json& v) { tp_js_settle(id, ok ? 1 : 0, js::Dump(v).c_str()); };
  rt.api.item_rect = [](const std::string& name) -> nlohmann::json {
    float x, y, w, h;
    if (!ui::FindItem(name, &x, &y, &w, &h)) return nullptr;
    return {{"x", x}, {"y", y}, {"w", w}, {"h", h}};
  };
  rt.api.platform_stats = [] {
    return nlohmann::json{{"heapBytes", tp_web_heap_bytes()}, {"imguiVersion", IMGUI_VERSION},
                          {"glyphsRasterized", platform::GlyphFigures().glyphs}, {"glyphMs", platform::GlyphFigures().ms}};
  };
  platform::InstallFileHandlers([&rt](const std::string& name, std::string_view bytes) { rt.app.OpenFile(name, bytes); },
                                kMaxTranscriptBytes, [&rt](size_t bytes) { rt.app.RefuseTooLargeTranscript(bytes); });
  rt.app.Restore();   // a reload continues where the user left off
  platform::SavePendingWhenPageHides();
  web::SetFrameFunction([&rt] { rt.Frame(); });
  web::RequestFrames(3);
  return 0;
}
