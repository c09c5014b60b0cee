// The key's copies are wiped when it is replaced or forgotten: each case looks at the very bytes the
// old value occupied, through a pointer taken before the change (the buffer stays owned by the string,
// so reading it is defined behaviour, and ASan agrees).
#include <cstring>
#include <new>
#include <string>

#include "core/llm.h"
#include "core/secret.h"
#include "doctest/doctest.h"

namespace tp {
namespace {

bool AllZero(const char* p, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (p[i] != 0) return false;
  return true;
}
bool Holds(const char* p, size_t n, const std::string& needle) {
  return std::string(p, n).find(needle) != std::string::npos;
}

const std::string kLongKey = "sk-first-key-0b1c2d3e4f5a6b7c8d9e-0123456789";   // on the heap
const std::string kShortKey = "sk-short";                                        // inside the string object

TEST_CASE("SecureClear zeroes the whole buffer, past the current size too") {
  std::string s = kLongKey;
  s.resize(5);   // the tail still holds the rest of the key
  const char* p = s.data();
  const size_t cap = s.capacity();
  SecureClear(&s);
  CHECK(s.empty());
  CHECK(s.data() == p);   // the same buffer, now zero
  CHECK(AllZero(p, cap));
}

TEST_CASE("a key replaced by a shorter one leaves none of its bytes behind") {
  SecretString key(kLongKey);
  const char* p = key.str().data();
  const size_t cap = key.str().capacity();
  const SecretString second("sk-second-0123456789abcdef");
  key = second;   // copied into the old buffer, which it fits
  CHECK(key == "sk-second-0123456789abcdef");
  REQUIRE(key.str().data() == p);
  CHECK_FALSE(Holds(p, cap, kLongKey.substr(26)));
  key.clear();   // forgotten
  CHECK(key.empty());
  CHECK(AllZero(key.str().data(), key.str().capacity()));
}

TEST_CASE("a key in the string object itself is wiped when moved from and when destroyed") {
  SecretString from(kShortKey);
  SecretString to(std::move(from));
  CHECK(to == kShortKey);
  CHECK(from.empty());   // NOLINT: the moved-from value is defined (empty)
  CHECK_FALSE(Holds(reinterpret_cast<const char*>(&from), sizeof from, kShortKey));

  alignas(SecretString) unsigned char storage[sizeof(SecretString)];
  SecretString* s = new (storage) SecretString(kShortKey);
  CHECK(Holds(reinterpret_cast<const char*>(storage), sizeof storage, kShortKey));
  s->~SecretString();
  CHECK_FALSE(Holds(reinterpret_cast<const char*>(storage), sizeof storage, kShortKey));
}

TEST_CASE("a config's key is wiped with the config") {
  alignas(ProviderConfig) unsigned char storage[sizeof(ProviderConfig)];
  ProviderConfig* p = new (storage) ProviderConfig();
  p->api_key = kShortKey;
  CHECK(Holds(reinterpret_cast<const char*>(storage), sizeof storage, kShortKey));
  p->~ProviderConfig();
  CHECK_FALSE(Holds(reinterpret_cast<const char*>(storage), sizeof storage, kShortKey));

  ProviderConfig q;
  q.api_key = kLongKey;
  const char* buf = q.api_key.str().data();
  const size_t cap = q.api_key.str().capacity();
  q.api_key.clear();   // forgotten
  CHECK(q.api_key.empty());
  REQUIRE(q.api_key.str().data() == buf);
  CHECK(AllZero(buf, cap));
}

TEST_CASE("SecureClear of parsed JSON leaves it null") {
  nlohmann::json j = nlohmann::json::parse(R"({"kind":"openai","apiKey":")" + kLongKey + R"(","nested":[{"k":")" + kLongKey + R"("}]})");
  SecureClear(&j);
  CHECK(j.is_null());
  nlohmann::json s = kLongKey;
  SecureClear(&s);
  CHECK(s.is_null());
}

}  // namespace
}  // namespace tp
