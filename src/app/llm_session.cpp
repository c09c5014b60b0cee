// Index: provider and keys per origin · Complete · ListModels · CancelAll.
#include "app/llm_session.h"

#include "core/provider_config.h"
#include "core/url.h"
#include "platform/http.h"

namespace tp {

LlmSession::LlmSession() {
  // Until the user chooses a provider and sets a key, Generate builds the offline draft.
  if (const ProviderPreset* offline = FindProviderPreset("offline")) provider_ = ProviderConfigForPreset(*offline, provider_);
}

void LlmSession::SetProvider(ProviderConfig p) {
  const std::string origin = OriginOf(p.base_url);
  if (!p.api_key.empty() && !origin.empty()) keys_[origin] = p.api_key;
  if (p.api_key.empty()) {
    auto it = keys_.find(origin);
    if (it != keys_.end()) p.api_key = it->second;
  }
  provider_ = std::move(p);
}

void LlmSession::SetApiKey(SecretString key) {
  const std::string origin = OriginOf(provider_.base_url);
  if (!origin.empty()) {
    if (key.empty()) keys_.erase(origin);
    else keys_[origin] = key;
  }
  provider_.api_key = std::move(key);
}

void LlmSession::RestoreKeys(std::map<std::string, SecretString> keys) {
  keys_ = std::move(keys);
  if (provider_.api_key.empty()) {
    auto it = keys_.find(OriginOf(provider_.base_url));
    if (it != keys_.end()) provider_.api_key = it->second;
  }
}

int LlmSession::Complete(const LlmRequest& request, DoneFn done, LlmCall::DeltaFn delta, const HttpTimeouts& timeouts) {
  const int id = next_++;
  auto call = std::make_unique<LlmCall>(platform::HttpTransport(), platform::Timers(), provider_, request);
  call->timeouts = timeouts;
  last_status_ = "Sending…";
  call->on_delta = [this, delta](std::string_view d, const std::string& all) {
    last_status_ = "Streaming…";
    if (delta) delta(d, all);
  };
  call->on_retry = [this](const LlmError& why, int attempt, double delay) {
    last_status_ = why.message + " Retrying (attempt " + std::to_string(attempt) + ") in " + std::to_string((int)(delay + 0.5)) + " s.";
  };
  call->on_done = [this, id, done](const LlmResult& r) {
    last_status_ = r.ok ? "Done." : r.error.message;
    LlmResult copy = r;
    // The call object is destroyed after its callback returns, outside of its own stack frame.
    platform::Timers().After(0, [this, id] { calls_.erase(id); });
    if (done) done(copy);
  };
  LlmCall* raw = call.get();
  calls_[id] = std::move(call);
  raw->Start();
  return id;
}

namespace {
class ModelLister : public HttpSink {
 public:
  ModelLister(ProviderConfig p, LlmSession::ModelsFn done) : provider_(std::move(p)), done_(std::move(done)) {}
  void OnResponse(int status, const std::string& retry_after) override { status_ = status; retry_after_ = retry_after; }
  void OnBody(std::string_view b) override { if (body_.size() < (8u << 20)) body_.append(b.data(), b.size()); }
  void OnEnd() override {
    if (status_ != 200) return Finish({}, ClassifyHttpError(provider_, status_, retry_after_, body_));
    std::string err;
    std::vector<ModelInfo> models = ParseModelList(provider_.kind, body_, &err);
    LlmError e;
    if (!err.empty()) { e.kind = ErrorKind::BadResponse; e.provider_message = err; DescribeError(provider_, &e); }
    Finish(models, e);
  }
  void OnFail(HttpFailure kind, const std::string& detail) override {
    Finish({}, kind == HttpFailure::Network ? NetworkError(provider_, detail)
               : kind == HttpFailure::Aborted ? AbortedError() : TimeoutError(provider_, true, 30));
  }

 private:
  void Finish(const std::vector<ModelInfo>& m, const LlmError& e) {
    auto done = std::move(done_);
    platform::Timers().After(0, [this] { delete this; });
    if (done) done(m, e);
  }
  ProviderConfig provider_;
  LlmSession::ModelsFn done_;
  int status_ = 0;
  std::string retry_after_, body_;
};
}  // namespace

void LlmSession::ListModels(ModelsFn done) {
  auto* lister = new ModelLister(provider_, std::move(done));   // deletes itself when finished
  HttpTimeouts t;
  t.first_byte_ms = 30000;
  t.idle_ms = 30000;
  platform::HttpTransport().Start(BuildModelsRequest(provider_), t, lister);
}

int LlmSession::CancelAll() {
  std::vector<LlmCall*> live;
  for (auto& [id, c] : calls_) if (!c->done()) live.push_back(c.get());
  for (LlmCall* c : live) c->Cancel();
  return (int)live.size();
}

}  // namespace tp
