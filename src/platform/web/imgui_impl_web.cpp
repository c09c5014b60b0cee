// Browser platform layer for Dear ImGui. Index: key map · exported input entry points (called from
// web_input.js) · clipboard · IME · frame scheduling · per-frame update.
#include "platform/web/imgui_impl_web.h"

#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "imgui.h"
#include "imgui_internal.h"

extern "C" {
void tp_web_install();
void tp_web_set_cursor(int kind);
void tp_web_set_ime_rect(int want, float x, float y, float h);
void tp_web_copy_text(const char* utf8);
void tp_web_schedule_wake(int ms);
}

namespace tp::web {
namespace {

struct KeyName { const char* code; ImGuiKey key; };
// KeyboardEvent.code (layout-independent) to ImGuiKey. Letters and digits are handled by rule below.
const KeyName kKeys[] = {
    {"Tab", ImGuiKey_Tab}, {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow},
    {"ArrowUp", ImGuiKey_UpArrow}, {"ArrowDown", ImGuiKey_DownArrow}, {"PageUp", ImGuiKey_PageUp},
    {"PageDown", ImGuiKey_PageDown}, {"Home", ImGuiKey_Home}, {"End", ImGuiKey_End},
    {"Insert", ImGuiKey_Insert}, {"Delete", ImGuiKey_Delete}, {"Backspace", ImGuiKey_Backspace},
    {"Space", ImGuiKey_Space}, {"Enter", ImGuiKey_Enter}, {"NumpadEnter", ImGuiKey_KeypadEnter},
    {"Escape", ImGuiKey_Escape}, {"ControlLeft", ImGuiKey_LeftCtrl}, {"ControlRight", ImGuiKey_RightCtrl},
    {"ShiftLeft", ImGuiKey_LeftShift}, {"ShiftRight", ImGuiKey_RightShift}, {"AltLeft", ImGuiKey_LeftAlt},
    {"AltRight", ImGuiKey_RightAlt}, {"MetaLeft", ImGuiKey_LeftSuper}, {"MetaRight", ImGuiKey_RightSuper},
    {"Minus", ImGuiKey_Minus}, {"Equal", ImGuiKey_Equal}, {"BracketLeft", ImGuiKey_LeftBracket},
    {"BracketRight", ImGuiKey_RightBracket}, {"Backslash", ImGuiKey_Backslash}, {"Semicolon", ImGuiKey_Semicolon},
    {"Quote", ImGuiKey_Apostrophe}, {"Comma", ImGuiKey_Comma}, {"Period", ImGuiKey_Period},
    {"Slash", ImGuiKey_Slash}, {"Backquote", ImGuiKey_GraveAccent}, {"F1", ImGuiKey_F1}, {"F2", ImGuiKey_F2},
    {"F3", ImGuiKey_F3}, {"F4", ImGuiKey_F4}, {"F5", ImGuiKey_F5}, {"F6", ImGuiKey_F6}, {"F7", ImGuiKey_F7},
    {"F8", ImGuiKey_F8}, {"F9", ImGuiKey_F9}, {"F10", ImGuiKey_F10}, {"F11", ImGuiKey_F11}, {"F12", ImGuiKey_F12},
};

ImGuiKey KeyFromCode(const char* code) {
  if (std::strncmp(code, "Key", 3) == 0 && code[3] >= 'A' && code[3] <= 'Z' && code[4] == 0)
    return (ImGuiKey)(ImGuiKey_A + (code[3] - 'A'));
  if (std::strncmp(code, "Digit", 5) == 0 && code[5] >= '0' && code[5] <= '9' && code[6] == 0)
    return (ImGuiKey)(ImGuiKey_0 + (code[5] - '0'));
  for (const KeyName& k : kKeys)
    if (std::strcmp(k.code, code) == 0) return k.key;
  return ImGuiKey_None;
}

std::string g_clipboard;
std::string g_copy_out;
bool g_is_mac = false;
float g_css_w = 1, g_css_h = 1, g_dpr = 1;
double g_last_time = 0;

// The IME's composing text: the text agent that receives it is invisible, so it is drawn here at the
// caret of the ImGui field being edited (underlined, over the field) until the IME commits or cancels.
std::string g_preedit;
ImGuiPlatformImeData g_ime;

void DrawPreedit(ImGuiContext*, ImGuiContextHook*) {
  if (g_preedit.empty() || !g_ime.WantVisible) return;
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const ImVec2 size = ImGui::CalcTextSize(g_preedit.c_str());
  const float h = std::max(size.y, g_ime.InputLineHeight);
  const ImVec2 a(g_ime.InputPos.x, g_ime.InputPos.y), b(a.x + size.x + 4, a.y + h);
  dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_PopupBg));
  dl->AddText(ImVec2(a.x + 2, a.y + (h - size.y) * 0.5f), ImGui::GetColorU32(ImGuiCol_Text), g_preedit.c_str());
  dl->AddLine(ImVec2(a.x + 2, b.y - 1), ImVec2(b.x - 2, b.y - 1), ImGui::GetColorU32(ImGuiCol_Text));
}

FrameFn g_frame_fn;
bool g_frame_scheduled = false;
int g_frames_wanted = 0;

void ApplyMods(int mods) {
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(ImGuiMod_Ctrl, mods & 1);
  io.AddKeyEvent(ImGuiMod_Shift, mods & 2);
  io.AddKeyEvent(ImGuiMod_Alt, mods & 4);
  io.AddKeyEvent(ImGuiMod_Super, mods & 8);
}

EM_BOOL OnAnimationFrame(double, void*) {
  g_frame_scheduled = false;
  if (g_frame_fn) g_frame_fn();
  // The frame function may have asked for the next frame itself (RequestFrames): then it is already
  // scheduled, and a second request would run two frame callbacks in one animation frame, each drawing
  // and reading; they multiply frame after frame.
  if (--g_frames_wanted > 0 && !g_frame_scheduled) {
    g_frame_scheduled = true;
    emscripten_request_animation_frame(OnAnimationFrame, nullptr);
  }
  return EM_FALSE;
}

}  // namespace

void SetFrameFunction(FrameFn fn) { g_frame_fn = std::move(fn); }

bool g_woken_only_by_timer = false;

void RequestFrames(int count) {
  g_woken_only_by_timer = false;
  if (count > g_frames_wanted) g_frames_wanted = count;
  if (!g_frame_scheduled) {
    g_frame_scheduled = true;
    emscripten_request_animation_frame(OnAnimationFrame, nullptr);
  }
}

void WakeAfterMs(int ms) { tp_web_schedule_wake(ms); }

bool TakeWokenOnlyByTimer() {
  const bool only = g_woken_only_by_timer;
  g_woken_only_by_timer = false;
  return only;
}

void InstallImGuiPlatform() {
  ImGuiIO& io = ImGui::GetIO();
  io.BackendPlatformName = "talkpress_web";
  io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
  g_is_mac = EM_ASM_INT({ return /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent) ? 1 : 0; });
  // Cmd-based shortcuts and word navigation on macOS; ImGui swaps Cmd and Ctrl internally.
  io.ConfigMacOSXBehaviors = g_is_mac;

  ImGuiPlatformIO& pio = ImGui::GetPlatformIO();
  pio.Platform_GetClipboardTextFn = [](ImGuiContext*) -> const char* { return g_clipboard.c_str(); };
  pio.Platform_SetClipboardTextFn = [](ImGuiContext*, const char* text) {
    g_clipboard = text;
    g_copy_out = text;   // answered from the copy/cut DOM event that triggered this
  };
  pio.Platform_SetImeDataFn = [](ImGuiContext*, ImGuiViewport*, ImGuiPlatformImeData* data) {
    g_ime = *data;
    tp_web_set_ime_rect(data->WantVisible ? 1 : 0, data->InputPos.x, data->InputPos.y, data->InputLineHeight);
  };
  ImGuiContextHook preedit;
  preedit.Type = ImGuiContextHookType_NewFramePost;
  preedit.Callback = DrawPreedit;
  ImGui::AddContextHook(ImGui::GetCurrentContext(), &preedit);
  pio.Platform_OpenInShellFn = [](ImGuiContext*, const char* url) -> bool {
    EM_ASM({ window.open(UTF8ToString($0), '_blank', 'noopener,noreferrer'); }, url);
    return true;
  };
  g_last_time = emscripten_get_now();
  tp_web_install();
}

void NewImGuiFrame() {
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(g_css_w, g_css_h);
  io.DisplayFramebufferScale = ImVec2(g_dpr, g_dpr);
  double now = emscripten_get_now();
  io.DeltaTime = now > g_last_time ? (float)((now - g_last_time) / 1000.0) : 1.0f / 60.0f;
  if (io.DeltaTime > 0.25f) io.DeltaTime = 0.25f;   // an idle gap is not animation time
  g_last_time = now;

  ImGuiMouseCursor cur = io.MouseDrawCursor ? ImGuiMouseCursor_None : ImGui::GetMouseCursor();
  // ImGuiMouseCursor values index web_input.js's list of CSS cursor names.
  tp_web_set_cursor(cur == ImGuiMouseCursor_None ? -1 : cur >= 0 && cur < ImGuiMouseCursor_COUNT ? (int)cur : 0);
}

}  // namespace tp::web

// ---- entry points called from web_input.js -------------------------------------------------------
using tp::web::RequestFrames;
extern "C" {

EMSCRIPTEN_KEEPALIVE void tp_wake() { RequestFrames(3); }
// One frame, for work that may need no drawing at all (a text box's edit handed over): the frame asks
// for more itself when there is something to show.
EMSCRIPTEN_KEEPALIVE void tp_wake_once() { RequestFrames(1); }
// The WakeAfterMs timer (web_input.js): one frame; one that draws something new asks for the next itself.
EMSCRIPTEN_KEEPALIVE void tp_timer_wake() {
  const bool nothing_else = !tp::web::g_frame_scheduled;
  RequestFrames(1);
  tp::web::g_woken_only_by_timer = nothing_else;
}

EMSCRIPTEN_KEEPALIVE void tp_run_frame_now() {
  // Frames inside the user gesture (pointerup): clipboard writes and window.open need activation. Dear
  // ImGui applies a release, and a move that follows a press or release, a frame later than the event
  // before it, so frames run until every queued input is applied (a few at most): a quick second click
  // then sees its own position first, and a button acting on release acts within the gesture.
  for (int i = 0; i < 4 && tp::web::g_frame_fn; ++i) {
    tp::web::g_frame_fn();
    if (ImGui::GetCurrentContext()->InputEventsQueue.empty()) break;
  }
  RequestFrames(2);
}

EMSCRIPTEN_KEEPALIVE void tp_on_resize(float css_w, float css_h, float dpr) {
  tp::web::g_css_w = css_w > 1 ? css_w : 1;
  tp::web::g_css_h = css_h > 1 ? css_h : 1;
  tp::web::g_dpr = dpr > 0 ? dpr : 1;
  RequestFrames(3);
}

EMSCRIPTEN_KEEPALIVE void tp_on_mouse_pos(float x, float y, int touch) {
  ImGuiIO& io = ImGui::GetIO();
  io.AddMouseSourceEvent(touch ? ImGuiMouseSource_TouchScreen : ImGuiMouseSource_Mouse);
  io.AddMousePosEvent(x, y);
  RequestFrames(2);
}

EMSCRIPTEN_KEEPALIVE void tp_on_mouse_button(int button, int down) {
  if (button < 0 || button >= ImGuiMouseButton_COUNT) return;
  ImGui::GetIO().AddMouseButtonEvent(button, down != 0);
  RequestFrames(3);
}

EMSCRIPTEN_KEEPALIVE void tp_on_wheel(float dx, float dy) {
  ImGui::GetIO().AddMouseWheelEvent(dx, dy);
  RequestFrames(3);
}

EMSCRIPTEN_KEEPALIVE void tp_on_key(const char* code, int down, int mods) {
  tp::web::ApplyMods(mods);
  ImGuiKey key = tp::web::KeyFromCode(code);
  if (key != ImGuiKey_None) ImGui::GetIO().AddKeyEvent(key, down != 0);
  RequestFrames(3);
}

EMSCRIPTEN_KEEPALIVE void tp_on_release_all_keys() {
  ImGui::GetIO().ClearInputKeys();
  RequestFrames(2);
}

// Keys synthesised from `input` events of virtual keyboards: 1 Backspace, 2 Delete, 3 Enter.
EMSCRIPTEN_KEEPALIVE void tp_on_tap_key(int which) {
  ImGuiKey key = which == 1 ? ImGuiKey_Backspace : which == 2 ? ImGuiKey_Delete : ImGuiKey_Enter;
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(key, true);
  io.AddKeyEvent(key, false);
  RequestFrames(3);
}

EMSCRIPTEN_KEEPALIVE void tp_on_text(const char* utf8) {
  ImGui::GetIO().AddInputCharactersUTF8(utf8);
  RequestFrames(3);
}

// Composition text: shown at the caret until the IME commits it (then it arrives as tp_on_text) or cancels.
EMSCRIPTEN_KEEPALIVE void tp_on_preedit(const char* utf8) {
  tp::web::g_preedit = utf8;
  RequestFrames(2);
}

// Paste arrives as one string: store it as the clipboard and send one synthetic Ctrl/Cmd+V, so the
// focused field inserts it in a single edit (not character by character).
EMSCRIPTEN_KEEPALIVE void tp_on_paste(const char* utf8) {
  tp::web::g_clipboard = utf8;
  ImGuiIO& io = ImGui::GetIO();
  ImGuiKey mod = tp::web::g_is_mac ? ImGuiMod_Super : ImGuiMod_Ctrl;
  io.AddKeyEvent(mod, true);
  io.AddKeyEvent(ImGuiKey_V, true);
  io.AddKeyEvent(ImGuiKey_V, false);
  io.AddKeyEvent(mod, false);
  RequestFrames(4);
}

// Copy/cut: run ImGui's own shortcut synchronously, inside the DOM event, and hand back what it put on
// the clipboard (empty when nothing was selected, and the browser then does nothing).
EMSCRIPTEN_KEEPALIVE const char* tp_on_copy(int cut) {
  tp::web::g_copy_out.clear();
  ImGuiIO& io = ImGui::GetIO();
  ImGuiKey mod = tp::web::g_is_mac ? ImGuiMod_Super : ImGuiMod_Ctrl;
  // Input events are trickled one per frame; run frames until the shortcut has been consumed.
  io.AddKeyEvent(mod, true);
  io.AddKeyEvent(cut ? ImGuiKey_X : ImGuiKey_C, true);
  io.AddKeyEvent(cut ? ImGuiKey_X : ImGuiKey_C, false);
  io.AddKeyEvent(mod, false);
  for (int i = 0; i < 4 && tp::web::g_frame_fn; ++i) tp::web::g_frame_fn();
  RequestFrames(2);
  return tp::web::g_copy_out.c_str();
}

EMSCRIPTEN_KEEPALIVE void tp_on_focus(int focused) {
  ImGui::GetIO().AddFocusEvent(focused != 0);
  RequestFrames(2);
}

}  // extern "C"
