// Storage seam: small key-value persistence on this device (the browser's localStorage), so a reload
// restores the transcript, the spec and finished generation steps. Nothing leaves the device.
#pragma once

#include <string>

namespace tp::platform {

// False when storage is unavailable or full (private mode, quota): callers keep working without it.
bool SaveItem(const std::string& key, const std::string& value);
std::string LoadItem(const std::string& key);   // "" when absent
void RemoveItem(const std::string& key);
// Changes are saved at the end of the next drawn frame, and a hidden page draws none: from this call on, the
// page saves what is waiting (tp_page_hiding, main.cpp) when it is hidden, reloaded or closed. No-op natively.
void SavePendingWhenPageHides();

}  // namespace tp::platform
