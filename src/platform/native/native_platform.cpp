// Native implementations of platform/*.h (see native_platform.h).
#include "platform/native/native_platform.h"

#include "imgui.h"
#include "platform/files.h"
#include "platform/fonts.h"
#include "platform/frames.h"
#include "platform/http.h"
#include "platform/storage.h"
#include "platform/text_overlay.h"

namespace tp::platform {

namespace native {
Storage& TheStorage() { static Storage s; return s; }
Overlay& TheOverlay(const std::string& id) {
  static std::map<std::string, Overlay> overlays;
  return overlays[id];
}
void TypeInOverlay(const std::string& id, const std::string& text) {
  Overlay& o = TheOverlay(id);
  o.text = text;
  o.edited = true;
  o.pristine = false;
}
void PasteInOverlay(const std::string& id, const std::string& text) {
  Overlay& o = TheOverlay(id);
  if (o.max_bytes && text.size() > o.max_bytes) { o.refused_bytes = text.size(); return; }
  TypeInOverlay(id, text);
}
void PressUndoInOverlay(const std::string& id) {
  Overlay& o = TheOverlay(id);
  if (o.pristine) o.undo = true;
}
bool g_input_waiting = false;
void SetOverlayInputWaiting(bool waiting) { g_input_waiting = waiting; }
Recorded& TheRecord() { static Recorded r; return r; }
test::ManualScheduler& Scheduler() { static test::ManualScheduler s; return s; }
test::ScriptedTransport& Transport() { static test::ScriptedTransport t(Scheduler()); return t; }
}  // namespace native

// ---- storage ----
bool SaveItem(const std::string& key, const std::string& value) {
  if (native::TheStorage().fail_writes) return false;
  native::TheStorage().items[key] = value;
  return true;
}
std::string LoadItem(const std::string& key) {
  auto& items = native::TheStorage().items;
  auto it = items.find(key);
  return it == items.end() ? std::string() : it->second;
}
void RemoveItem(const std::string& key) { native::TheStorage().items.erase(key); }
void SavePendingWhenPageHides() {}

// ---- text overlays ----
void PlaceTextOverlay(const char* id, float, float, float, float, float, const char*, bool) { native::TheOverlay(id).placed = true; }
void SyncTextOverlay(const char* id, const std::string& text, int version) {
  native::Overlay& o = native::TheOverlay(id);
  if (o.version == version) return;
  o.text = text;
  o.version = version;
  o.edited = false;
  o.pristine = true;
}
bool TakeTextOverlayEdit(const char* id, TextOverlayEdit* edit) {
  native::Overlay& o = native::TheOverlay(id);
  if (!o.edited) return false;
  o.edited = false;
  edit->text = o.text;
  edit->base_version = o.version;
  return true;
}
bool TakeTextOverlayUndo(const char* id) {
  native::Overlay& o = native::TheOverlay(id);
  const bool u = o.undo;
  o.undo = false;
  return u;
}
void LimitTextOverlay(const char* id, size_t max_bytes) { native::TheOverlay(id).max_bytes = max_bytes; }
bool TakeTextOverlayRefusal(const char* id, size_t* bytes) {
  native::Overlay& o = native::TheOverlay(id);
  if (!o.refused_bytes) return false;
  *bytes = o.refused_bytes;
  o.refused_bytes = 0;
  return true;
}
bool TextOverlayEditPending(const char* id) { return native::TheOverlay(id).edited; }
bool TextOverlayInputWaiting() { return native::g_input_waiting; }
void EndFrameTextOverlays() {}

// ---- files ----
void InstallFileHandlers(FileHandler, size_t, std::function<void(size_t)>) {}
void OpenFileDialog() {}
void Download(const std::string& name, const std::string&, std::string_view) { native::TheRecord().downloads.push_back(name); }
void CopyText(const std::string& text) { native::TheRecord().clipboard = text; }
void CopyRich(const std::string&, const std::string& plain, CopyFallback) { native::TheRecord().clipboard = plain; }
void OpenUrl(const std::string& url) { native::TheRecord().opened_urls.push_back(url); }

// ---- fonts: ImGui's built-in font for every style ----
void LoadFonts() {}
ImFont* Font(FontStyle) {
  ImFont* f = ImGui::GetFont();
  return f ? f : ImGui::GetIO().Fonts->Fonts[0];
}
GlyphStats GlyphFigures() { return {}; }

// ---- frames ----
void RequestFrames(int) { ++native::TheRecord().frames_requested; }
void WakeAfterMs(int) {}

// ---- http ----
Transport& HttpTransport() { return native::Transport(); }
Scheduler& Timers() { return native::Scheduler(); }
void ChooseConnectionOrigin(const std::string&) {}   // no page policy natively

}  // namespace tp::platform
