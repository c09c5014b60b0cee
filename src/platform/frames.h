// Frame scheduling seam: the app draws only when something changed. Events that change what the UI
// shows ask for frames; time-driven UI state (tooltip delay, caret blink, a parse after typing stops)
// asks to be woken later.
#pragma once

namespace tp::platform {

void RequestFrames(int count);   // draw at least `count` more frames
void WakeAfterMs(int ms);        // draw a frame after `ms`

}  // namespace tp::platform
