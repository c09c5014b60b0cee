// A pipeline test bench: a manual clock, a scripted network answered by the fake model, and an OpenAI-shaped
// provider pointing at it.
#pragma once

#include "core/llm.h"
#include "platform/native/scripted_transport.h"
#include "support/fake_model.h"

namespace tp::test {

struct PipelineHarness {
  ManualScheduler sched;
  ScriptedTransport net{sched};
  FakeModel model;
  ProviderConfig provider;
  PipelineHarness() {
    provider.kind = ProviderKind::OpenAI;
    provider.base_url = "https://fake.example/v1";
    provider.api_key = "k";
    provider.model = "fake";
    net.responder = [this](const HttpRequest& r) { return model.Respond(r); };
  }
  // A request that never gets an answer (the connection fails before any byte).
  static ScriptedResponse None() { ScriptedResponse r; r.status = 0; return r; }
};

}  // namespace tp::test
