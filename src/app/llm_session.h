// The provider session: the chosen provider, the keys the user entered (one per origin, so a key never
// reaches a host it was not entered for), requests in flight (Cancel stops them all at once) and model
// listing for "Test connection". Owned by App.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/llm_call.h"

namespace tp {

class LlmSession {
 public:
  LlmSession();

  const ProviderConfig& provider() const { return provider_; }
  // Replaces the config. Its api_key is remembered for its origin; an empty one picks up the key the
  // user entered earlier for that same origin.
  void SetProvider(ProviderConfig p);
  // For the current origin; "" forgets the key of that origin (and the stored copy at the next save).
  void SetApiKey(SecretString key);
  bool remember_key() const { return remember_key_; }
  void SetRememberKey(bool on) { remember_key_ = on; }
  const std::map<std::string, SecretString>& keys_by_origin() const { return keys_; }
  void RestoreKeys(std::map<std::string, SecretString> keys);

  using DoneFn = std::function<void(const LlmResult&)>;
  using ModelsFn = std::function<void(const std::vector<ModelInfo>&, const LlmError&)>;

  // Starts one completion; `done` is called once, from a later event.
  int Complete(const LlmRequest& request, DoneFn done, LlmCall::DeltaFn delta = nullptr,
               const HttpTimeouts& timeouts = HttpTimeouts());
  void ListModels(ModelsFn done);
  // Cancels every request in flight (each reports an Aborted error).
  int CancelAll();
  // Status of the most recent request, for the UI.
  const std::string& last_status() const { return last_status_; }

 private:
  ProviderConfig provider_;
  std::map<std::string, SecretString> keys_;   // origin -> key
  bool remember_key_ = false;                 // opt-in: keep keys in this browser's storage
  std::map<int, std::unique_ptr<LlmCall>> calls_;
  int next_ = 1;
  std::string last_status_;
};

}  // namespace tp
