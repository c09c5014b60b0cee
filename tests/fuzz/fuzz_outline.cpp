// libFuzzer target: the outline answer — the JSON a model returns for the article's plan (title, emoji,
// lead, highlights, introduction and conclusion, body sections with turn ranges, quotes with turn ids) —
// read by the pipeline whatever it contains: validated, repaired once (the same bytes come back), then
// used or refused with a message. Every other request is refused (401), so a run stays on the outline.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "../support/fake_model.h"
#include "core/pipeline.h"
#include "core/spec.h"
#include "core/transcript.h"

namespace {
const char* kTranscript =
    "[00:00:04] Maya Chen: Welcome back to Signal and Noise. Today we talk about fresh data.\n"
    "[00:00:15] Daniel Okafor: We built the data center in 10 days. Speed is a cultural thing.\n"
    "[00:01:02] Maya Chen: Why does freshness matter so much?\n"
    "[00:01:20] Daniel Okafor: A model trained on last year's internet is a good historian and a poor reporter.\n"
    "[00:02:05] Maya Chen: 我们每天都会重新训练检索索引。\n"
    "[00:02:30] Daniel Okafor: That costs 3 million dollars a year, and it is worth it.\n";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string answer(reinterpret_cast<const char*>(data), size);
  tp::test::ManualScheduler sched;
  tp::test::ScriptedTransport net{sched};
  tp::test::FakeModel model;
  model.override_answer = [&](const std::string& kind, const nlohmann::json&) { return kind == "outline" ? answer : ""; };
  model.fault = [](const std::string& kind, const nlohmann::json&, int) {
    tp::test::ScriptedResponse r;
    r.status = kind == "outline" ? 0 : 401;   // 0: no fault, answer normally
    return r;
  };
  net.responder = [&](const tp::HttpRequest& r) { return model.Respond(r); };
  tp::ProviderConfig provider;
  provider.kind = tp::ProviderKind::OpenAI;
  provider.base_url = "https://fake.example/v1";
  provider.api_key = "k";
  provider.model = "fake";
  for (const char* preset : {"blog_post_en", "wechat_long_read_zh"}) {
    tp::Pipeline p(net, sched, provider, tp::FindPreset(preset)->spec, tp::ParseTranscript(kTranscript));
    p.Start();
    sched.RunUntilIdle();
    p.StateJson();
  }
  return 0;
}
