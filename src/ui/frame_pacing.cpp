#include "ui/frame_pacing.h"

#include <algorithm>
#include <cmath>

#include "imgui.h"
#include "imgui_internal.h"

namespace tp::ui {

int MsUntilTimeDrivenChange() {
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  const ImGuiStyle& style = ImGui::GetStyle();
  int ms = -1;
  auto wake = [&ms](float seconds) {
    const int m = std::max(16, (int)std::ceil(seconds * 1000.0f));
    ms = ms < 0 ? m : std::min(ms, m);
  };
  // A hovered item whose delayed tooltip has not shown yet (HoverDelayNormal is the longest delay).
  if (g.HoverItemDelayId != 0 && g.HoverItemDelayTimer < style.HoverDelayNormal)
    wake(style.HoverDelayNormal - g.HoverItemDelayTimer + 0.02f);
  // The caret of an active text field blinks (ImGui: 0.80 s period, visible the first 0.50 s... of it).
  if (ImGui::GetIO().WantTextInput && ImGui::GetIO().ConfigInputTextCursorBlink) wake(0.4f);
  return ms;
}

bool InputEventsPending() { return !ImGui::GetCurrentContext()->InputEventsQueue.empty(); }

bool NavigationPending() {
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  return g.NavAnyRequest || g.NavMoveSubmitted || g.NavMoveForwardToNextFrame || g.NavInitRequest || g.NavNextActivateId != 0;
}

}  // namespace tp::ui
