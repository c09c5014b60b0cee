// The app's LLM session: the chosen provider, requests in flight (so Cancel stops them all at once),
// and model listing for "Test connection". Used by the Model panel and the automation API.
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
  ProviderConfig provider;
  bool remember_key = false;   // opt-in: keep the key in this browser's storage

  using DoneFn = std::function<void(const LlmResult&)>;
  using ModelsFn = std::function<void(const std::vector<ModelInfo>&, const LlmError&)>;

  // Starts one completion; `done` is called once, from a later event.
  int Complete(const LlmRequest& request, DoneFn done, LlmCall::DeltaFn delta = nullptr,
               const HttpTimeouts& timeouts = HttpTimeouts());
  void ListModels(ModelsFn done);
  // Cancels every request in flight (each reports an Aborted error).
  int CancelAll();
  int InFlight() const { return (int)calls_.size(); }
  // Streaming text of the most recent request, for the UI.
  std::string last_text;
  std::string last_status;

 private:
  std::map<int, std::unique_ptr<LlmCall>> calls_;
  int next_ = 1;
};

LlmSession& Session();

}  // namespace tp
