// Native text editing seam: a real <textarea> laid exactly over an ImGui rectangle, for the large
// text boxes (transcript, Markdown editor). It brings what users expect from a web page and ImGui
// 1.92.2b lacks: soft wrap, input methods (IME) and mobile keyboards, unlimited undo/redo, selection,
// spellcheck, and megabyte-sized text without per-frame cost.
#pragma once

#include <string>

namespace tp::platform {

// Places (and shows) the overlay `id` over the given rectangle in ImGui coordinates (CSS pixels) for
// this frame. Overlays not placed during a frame are hidden at its end (tab switched, popup open).
void PlaceTextOverlay(const char* id, float x, float y, float w, float h, float font_size, const char* placeholder,
                      bool dark);
// Replaces the overlay's text (after Load sample, a file, the API).
void SetTextOverlay(const char* id, const std::string& text);
// True once after the user edited the overlay (debounced); *text receives the whole text.
bool TakeTextOverlayEdit(const char* id, std::string* text);
// Call at the end of every frame.
void EndFrameTextOverlays();

}  // namespace tp::platform
