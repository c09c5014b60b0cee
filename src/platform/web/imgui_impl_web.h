// ImGui platform backend for the browser, on our own DOM listeners (web_input.js) instead of
// Emscripten 3.1.6's built-in GLFW, which lacks clipboard, IME, cursors and HiDPI.
#pragma once

#include <functional>

namespace tp::web {

// Installs the DOM listeners and the ImGui platform hooks. Call after ImGui::CreateContext().
void InstallImGuiPlatform();
// Feeds per-frame state (display size, framebuffer scale, cursor, time). Call before ImGui::NewFrame().
void NewImGuiFrame();

// Frame scheduling: the app renders only when something changed.
using FrameFn = std::function<void()>;
void SetFrameFunction(FrameFn fn);
void RequestFrames(int count);     // schedule at least `count` more frames
void WakeAfterMs(int ms);          // schedule a frame later (caret blink, timers)
// True once when the frames now running were asked for by a WakeAfterMs timer alone (nothing else asked
// since): such a frame may find that what it was woken for is not due yet (it moved later) and draw nothing.
bool TakeWokenOnlyByTimer();

}  // namespace tp::web
