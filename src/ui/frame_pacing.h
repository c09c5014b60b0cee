// When the UI needs another frame though nothing happened: time-driven ImGui state (a tooltip's hover
// delay, the caret's blink) changes the picture later. With none pending the app draws nothing.
#pragma once

namespace tp::ui {

// Milliseconds until the UI changes by itself, or -1 when nothing is pending. Call after ImGui::Render.
int MsUntilTimeDrivenChange();
// True while Dear ImGui holds input events it has not applied yet: it applies a press and its release
// (and a move followed by a press of another button) in separate frames, so one frame after an input may
// leave the rest queued with nothing changed on screen yet.
bool InputEventsPending();
// True while Dear ImGui's keyboard navigation has a request it finishes in a later frame (a move is
// scored over one frame and applied in the next; an activation or a new window's first item likewise),
// so the frame that took the key may show nothing new yet.
bool NavigationPending();

}  // namespace tp::ui
