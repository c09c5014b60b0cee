// Secrets in memory (the API key): overwritten before their memory is released or reused, so a key the
// user replaced or forgot does not linger in freed wasm memory where a later bug or a heap dump could
// read it. SecretString is the type every copy of a key lives in.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "nlohmann/json.hpp"

namespace tp {

// Zeroes `n` bytes at `p`; the writes are not optimised away.
void SecureZero(void* p, size_t n);
// Zeroes every byte `s` owns (its whole capacity, not just its size) and empties it, keeping the buffer.
void SecureClear(std::string* s);
// Zeroes every string (values and object keys) in `j`, then makes it null.
void SecureClear(nlohmann::json* j);

class SecretString {
 public:
  SecretString() = default;
  SecretString(std::string s) : s_(std::move(s)) { SecureClear(&s); }   // NOLINT: keys arrive as strings
  SecretString(const char* s) : s_(s ? s : "") {}                       // NOLINT
  SecretString(const SecretString& o) : s_(o.s_) {}
  // A moved-from short string keeps its bytes in place: they are wiped.
  SecretString(SecretString&& o) noexcept : s_(std::move(o.s_)) { SecureClear(&o.s_); }
  SecretString& operator=(const SecretString& o) {
    if (this != &o) { SecureClear(&s_); s_ = o.s_; }
    return *this;
  }
  SecretString& operator=(SecretString&& o) noexcept {
    if (this != &o) { SecureClear(&s_); s_ = std::move(o.s_); SecureClear(&o.s_); }
    return *this;
  }
  ~SecretString() { SecureClear(&s_); }

  const std::string& str() const { return s_; }
  operator const std::string&() const { return s_; }   // NOLINT: read where a string is expected
  bool empty() const { return s_.empty(); }
  size_t size() const { return s_.size(); }
  void clear() { SecureClear(&s_); }

  friend bool operator==(const SecretString& a, const SecretString& b) { return a.s_ == b.s_; }
  friend bool operator==(const SecretString& a, const std::string& b) { return a.s_ == b; }
  friend bool operator==(const SecretString& a, const char* b) { return a.s_ == b; }
  template <typename T>
  friend bool operator!=(const SecretString& a, const T& b) { return !(a == b); }
  // "Bearer " + key: the result is a header value (HttpRequest wipes its headers).
  friend std::string operator+(const char* a, const SecretString& b) { return a + b.s_; }

 private:
  std::string s_;
};

}  // namespace tp
