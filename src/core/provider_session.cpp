#include "core/provider_session.h"

#include <algorithm>
#include <functional>
#include <map>

#include "core/json_util.h"
#include "core/step_inputs.h"

namespace tp {

ProviderCircuit::Admission ProviderCircuit::Admit(double now_ms) {
  Admission a;
  if (open_) { a.refused = reason_; return a; }
  if (now_ms < paused_until_) { a.wait_ms = paused_until_ - now_ms; return a; }
  if (probing_) { a.wait_ms = 500; return a; }   // one request tests the water after a pause
  if (pauses_ > 0 && consecutive_ > 0) probing_ = true;
  a.go = true;
  return a;
}

void ProviderCircuit::OnSuccess() {
  consecutive_ = 0;
  pauses_ = 0;
  probing_ = false;
  paused_until_ = 0;
}

void ProviderCircuit::Reset() { *this = ProviderCircuit(); }

void ProviderCircuit::OnFailure(const LlmError& e, double now_ms) {
  probing_ = false;   // whatever the probe's fate, the next request may probe
  if (e.kind == ErrorKind::Aborted || e.ok()) return;
  if (e.Persistent()) {
    open_ = true;
    reason_ = e;
    return;
  }
  const bool transient = e.kind == ErrorKind::RateLimit || e.kind == ErrorKind::Overloaded || e.kind == ErrorKind::Network ||
                         e.kind == ErrorKind::Timeout;
  if (!transient) return;   // a bad request or response concerns that request only
  ++consecutive_;
  if (now_ms < paused_until_) {   // requests sent before the pause still report: they do not lengthen it
    if (e.retry_after_sec > 0) paused_until_ = std::max(paused_until_, now_ms + e.retry_after_sec * 1000);
    return;
  }
  if (consecutive_ >= kOverloadsBeforePause || e.retry_after_sec > 60 || pauses_ > 0) {
    double pause = std::min(kMaxPauseMs, kFirstPauseMs * (double)(1 << std::min(pauses_, 4)));
    if (e.retry_after_sec > 0) pause = std::max(pause, e.retry_after_sec * 1000);
    paused_until_ = now_ms + pause;
    ++pauses_;
    reason_ = e;
  }
}

ProviderCircuit::Phase ProviderCircuit::phase(double now_ms) const {
  if (open_) return Phase::Open;
  if (now_ms < paused_until_) return Phase::Paused;
  return Phase::Closed;
}

double ProviderCircuit::ResumeInMs(double now_ms) const { return std::max(0.0, paused_until_ - now_ms); }

namespace {
std::map<std::string, ProviderSession>& Sessions() {
  static std::map<std::string, ProviderSession> s;
  return s;
}
struct LearnedLimit {
  int request_tokens = 0;
  double prompt_token_scale = 1.1;
};
std::map<std::string, LearnedLimit>& Remembered() {   // by device id
  static std::map<std::string, LearnedLimit> r;
  return r;
}
std::string DeviceId(const ProviderConfig& p) {
  return NormalizedBaseUrl(p) + " " + ProviderKindName(p.kind) + " " + p.model + " " + StableHash(p.api_key.str()).substr(0, 4);
}
std::string SessionKey(const ProviderConfig& p) {
  return NormalizedBaseUrl(p) + "\n" + ProviderKindName(p.kind) + "\n" + p.model + "\n" +
         std::to_string(std::hash<std::string>()(p.api_key));
}
}  // namespace

ProviderSession& SessionFor(const ProviderConfig& p) {
  auto [it, made] = Sessions().try_emplace(SessionKey(p));
  ProviderSession& s = it->second;
  if (made) {
    s.device_id = DeviceId(p);
    auto known = Remembered().find(s.device_id);
    if (known != Remembered().end()) {
      s.request_tokens = known->second.request_tokens;
      s.prompt_token_scale = known->second.prompt_token_scale;
    }
  }
  return s;
}
void ResetProviderSessions() { Sessions().clear(); Remembered().clear(); }

nlohmann::json LearnedLimitsJson() {
  std::map<std::string, LearnedLimit> all = Remembered();
  for (const auto& [key, s] : Sessions())
    if (s.request_tokens) all[s.device_id] = {*s.request_tokens, s.prompt_token_scale};
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [id, l] : all) out.push_back({{"provider", id}, {"requestTokens", l.request_tokens}, {"promptTokenScale", l.prompt_token_scale}});
  return out;
}

void RememberLearnedLimits(const nlohmann::json& saved) {
  if (!saved.is_array()) return;
  for (const nlohmann::json& e : saved) {
    if (!e.is_object()) continue;
    const int limit = js::Int(e, "requestTokens");
    const auto scale_at = e.find("promptTokenScale");
    const double scale = scale_at != e.end() && scale_at->is_number() ? scale_at->get<double>() : 1.1;
    // What a provider could have said: a plan allows some thousands of tokens a minute; a tokenizer counts within 3×.
    if (limit < 1000 || limit > 10000000 || js::Str(e, "provider").empty()) continue;
    Remembered()[js::Str(e, "provider")] = {limit, std::clamp(scale, 1.0, 3.0)};
  }
}

nlohmann::json ProviderStateJson(const ProviderConfig& p, double now_ms) {
  ProviderSession& s = SessionFor(p);
  const ProviderCircuit::Phase ph = s.circuit.phase(now_ms);
  nlohmann::json j = {{"circuit", ph == ProviderCircuit::Phase::Open ? "open" : ph == ProviderCircuit::Phase::Paused ? "paused" : "closed"},
                      {"structuredMode", StructuredModeName(s.structured ? *s.structured : DefaultStructuredMode(p))},
                      {"endpoint", ResolvedEndpoint(p)},
                      {"log", s.log}};
  if (ph == ProviderCircuit::Phase::Paused) j["resumeInMs"] = s.circuit.ResumeInMs(now_ms);
  if (s.request_tokens) j["requestTokenLimit"] = *s.request_tokens;
  if (ph != ProviderCircuit::Phase::Closed)
    j["reason"] = {{"code", ErrorCode(s.circuit.reason().kind)}, {"message", s.circuit.reason().message}};
  return j;
}

}  // namespace tp
