// Native implementation of the platform seams, for tests and tools: storage in memory (with a switch
// to make writes fail like a full localStorage), text overlays as plain strings a test can type into,
// files and clipboard recorded, ImGui's built-in font, and the scripted HTTP transport on virtual time.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "platform/native/scripted_transport.h"

namespace tp::platform::native {

struct Storage {
  std::map<std::string, std::string> items;
  bool fail_writes = false;   // as a browser with a full quota or storage blocked
};
Storage& TheStorage();

// The history store (history_store.h) in memory; answers at once.
struct HistoryRecords {
  std::map<std::string, std::string> records;   // id -> JSON
  std::string fail_writes;                      // non-empty: writes fail with this message (a full quota)
};
HistoryRecords& TheHistoryStore();

struct Overlay {
  std::string text;           // what the box shows
  int version = -1;           // the app's version of that text (-1: never set)
  bool placed = false;        // placed in the last frame
  bool edited = false;        // an edit waits for TakeTextOverlayEdit
  bool pristine = true;       // no typing since the text was set
  bool undo = false;
  size_t max_bytes = 0;       // LimitTextOverlay (0: none)
  size_t refused_bytes = 0;   // a paste over the limit waits for TakeTextOverlayRefusal
};
Overlay& TheOverlay(const std::string& id);
// The user types: the whole new text of the box.
void TypeInOverlay(const std::string& id, const std::string& text);
// As a key just typed in a box, not shown yet (TextOverlayInputWaiting), until set back to false.
void SetOverlayInputWaiting(bool waiting);
void PressUndoInOverlay(const std::string& id);
// The user pastes `text` over the whole box (as after Ctrl/Cmd+A): refused as the browser's box refuses it
// when the result is over the overlay's limit, else an edit.
void PasteInOverlay(const std::string& id, const std::string& text);

struct Recorded {
  std::vector<std::string> downloads;   // file names
  std::string clipboard;
  std::vector<std::string> opened_urls;
  int frames_requested = 0;
};
Recorded& TheRecord();

test::ManualScheduler& Scheduler();
test::ScriptedTransport& Transport();

}  // namespace tp::platform::native
