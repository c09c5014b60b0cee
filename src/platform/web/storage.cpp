// Browser implementation of the storage seam on web_storage.js.
#include <cstdlib>

#include "platform/storage.h"

extern "C" {
int tp_storage_set(const char* key, const char* value);
char* tp_storage_get(const char* key);
void tp_storage_remove(const char* key);
void tp_storage_save_when_hidden();
}

namespace tp::platform {

bool SaveItem(const std::string& key, const std::string& value) { return tp_storage_set(key.c_str(), value.c_str()) != 0; }

std::string LoadItem(const std::string& key) {
  char* p = tp_storage_get(key.c_str());
  if (!p) return "";
  std::string s(p);
  std::free(p);
  return s;
}

void RemoveItem(const std::string& key) { tp_storage_remove(key.c_str()); }
void SavePendingWhenPageHides() { tp_storage_save_when_hidden(); }

}  // namespace tp::platform
