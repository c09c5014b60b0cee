// Native text editing seam: a real <textarea> laid exactly over an ImGui rectangle, for the large
// text boxes (transcript, Markdown editor). It brings what users expect from a web page and ImGui
// lacks: soft wrap, input methods (IME) and mobile keyboards, undo/redo, selection, spellcheck, and
// megabyte-sized text without per-frame cost.
//
// Text and edits carry the version of the app's text they belong to: text set before the element
// exists is kept until it does, and an edit made on an older version than the app's is refused by the
// app, so an empty or stale box never overwrites the user's work.
#pragma once

#include <cstddef>
#include <string>

namespace tp::platform {

// Places (and shows) the overlay `id` over the given rectangle in ImGui coordinates (CSS pixels) for
// this frame. Overlays not placed during a frame are hidden at its end (tab switched, popup open).
void PlaceTextOverlay(const char* id, float x, float y, float w, float h, float font_size, const char* placeholder,
                      bool dark);
// Shows `text` as `version` of the overlay's content; sent only when the version differs from the last
// one sent, and kept until the element exists.
void SyncTextOverlay(const char* id, const std::string& text, int version);
struct TextOverlayEdit {
  std::string text;
  int base_version = -1;   // the version the box showed when the user typed
  size_t broken_characters = 0;   // unpaired UTF-16 surrogates the box held (pasted), each now U+FFFD
};
// True once after the user edited the overlay (after a pause in typing); the edit receives the whole text.
bool TakeTextOverlayEdit(const char* id, TextOverlayEdit* edit);
// True when the overlay holds an edit TakeTextOverlayEdit would return now.
bool TextOverlayEditPending(const char* id);
// True when the user has just typed in an overlay (the frame showing it is not drawn yet) or input waits
// to be dispatched: work that can wait a frame should.
bool TextOverlayInputWaiting();
// The most UTF-8 bytes the overlay's text may hold: a paste that would make it longer is cancelled before
// the box takes it in (putting tens of megabytes into a textarea blocks the page for many seconds).
void LimitTextOverlay(const char* id, size_t max_bytes);
// True once after such a paste was cancelled; *bytes receives the size the text would have had.
bool TakeTextOverlayRefusal(const char* id, size_t* bytes);
// True once after Ctrl/Cmd+Z in an overlay the user has not typed in since its text was set (the box
// has nothing of its own to undo: the app's article history has).
bool TakeTextOverlayUndo(const char* id);
// Call at the end of every frame.
void EndFrameTextOverlays();

}  // namespace tp::platform
