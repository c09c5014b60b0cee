// When the UI needs another frame though nothing happened: time-driven ImGui state (a tooltip's hover
// delay, the caret's blink) changes the picture later. With none pending the app draws nothing.
#pragma once

namespace tp::ui {

// Milliseconds until the UI changes by itself, or -1 when nothing is pending. Call after ImGui::Render.
int MsUntilTimeDrivenChange();

}  // namespace tp::ui
