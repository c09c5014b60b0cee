#include "core/secret.h"

#include <cstring>

namespace tp {

namespace {
// Called through a volatile pointer: a store to memory about to be freed may not be dropped as dead.
void* (*const volatile g_memset)(void*, int, size_t) = &std::memset;
}  // namespace

void SecureZero(void* p, size_t n) {
  if (p && n) g_memset(p, 0, n);
}

void SecureClear(std::string* s) {
  if (!s) return;
  // Bytes past size() (a longer value assigned before) belong to the buffer too.
  s->resize(s->capacity());
  SecureZero(&(*s)[0], s->size());
  s->clear();
}

void SecureClear(nlohmann::json* j) {
  if (!j) return;
  if (j->is_string()) {
    SecureClear(j->get_ptr<std::string*>());
  } else if (j->is_array()) {
    for (nlohmann::json& e : *j) SecureClear(&e);
  } else if (j->is_object()) {
    for (auto it = j->begin(); it != j->end(); ++it) {
      SecureClear(&it.value());
      // Keys are const inside the map; their bytes are wiped in place before the map releases them.
      const std::string& key = it.key();
      SecureZero(const_cast<char*>(key.data()), key.size());
    }
  }
  *j = nullptr;
}

}  // namespace tp
