// Benchmark (figures, not asserts): the pipeline against a fake provider with fixed per-request latency
// and token rate, in virtual time. Prints wall time divided by the critical path (target <= 1.15) and
// prompt tokens sent divided by the transcript's tokens, dialogue excluded (target <= 1.6).
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/pipeline.h"
#include "support/fake_model.h"

using namespace tp;

namespace {

std::string Read(const std::string& rel) {
  std::ifstream f(std::string(TP_SOURCE_DIR) + "/" + rel);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct Figures { double wall, critical; long prompt_tokens, transcript_tokens; int requests; };

Figures Run(const Transcript& t, const ArticleSpec& spec, int concurrency, double latency_ms, double ms_per_token) {
  test::ManualScheduler sched;
  test::ScriptedTransport net(sched);
  test::FakeModel model;
  model.shape = [&](const std::string&, const std::string& answer, test::ScriptedResponse* r) {
    // Fixed latency to the first byte, then tokens streamed at a fixed rate, 16 tokens per chunk.
    const int tokens = std::max(1, EstimateTokens(answer));
    const int chunks = std::max(1, tokens / 16);
    r->first_byte_delay_ms = latency_ms;
    r->chunk_delay_ms = ms_per_token * tokens / chunks;
    std::string body = r->chunks[0];
    r->chunks.clear();
    const size_t step = body.size() / chunks + 1;
    for (size_t i = 0; i < body.size(); i += step) r->chunks.push_back(body.substr(i, step));
  };
  net.responder = [&](const HttpRequest& q) { return model.Respond(q); };
  ProviderConfig p;
  p.kind = ProviderKind::OpenAI;
  p.base_url = "https://fake/v1";
  p.api_key = "k";
  p.model = "fake";
  p.concurrency = concurrency;
  Pipeline pipe(net, sched, p, spec, t);
  pipe.Start();
  sched.RunUntilIdle();
  Figures f{};
  f.wall = pipe.result().elapsed_ms;
  // Critical path: notes (the slowest chunk) -> outline -> the slowest writing step; the dialogue runs
  // beside it and is bounded by its slowest chunk.
  double notes = 0, outline = 0, writing = 0, dialogue = 0;
  for (const Step& s : pipe.steps()) {
    if (s.kind == StepKind::Notes) notes = std::max(notes, s.ms);
    else if (s.kind == StepKind::Outline) outline = s.ms;
    else if (s.kind == StepKind::Dialogue) dialogue = std::max(dialogue, s.ms);
    else writing = std::max(writing, s.ms);
  }
  f.critical = std::max(notes + outline + writing, dialogue);
  std::string all;
  for (const Turn& turn : t.turns) all += RenderTurnLine(t, turn) + "\n";
  f.transcript_tokens = EstimateTokens(all);
  for (size_t i = 0; i < model.kinds.size(); ++i)
    if (model.kinds[i] != "dialogue") f.prompt_tokens += model.prompt_sizes[i] / 4;   // Latin text: ~4 bytes per token
  f.requests = (int)model.kinds.size();
  return f;
}

void Print(const char* name, const Figures& f) {
  std::printf("%-44s %3d requests  wall %7.0f ms  critical path %7.0f ms  ratio %.2f  prompt/transcript tokens %.2f\n", name,
              f.requests, f.wall, f.critical, f.wall / f.critical, (double)f.prompt_tokens / f.transcript_tokens);
}

}  // namespace

int main() {
  Transcript sample = ParseTranscript(Read("assets/samples/interview_en.txt"));
  std::string hour;
  for (int i = 0; i < 600; ++i)
    hour += "[" + FormatTimestamp(i * 6.0) + "] " + (i % 2 ? "Daniel Okafor" : "Maya Chen") +
            ": We talked about how the data center number " + std::to_string(i) + " was built so quickly and what it means for the next models.\n";
  Transcript long_t = ParseTranscript(hour);
  std::printf("pipeline vs. a fake provider: 800 ms to first byte, 20 ms per output token\n");
  Print("sample (6 min), blog post, concurrency 4", Run(sample, FindPreset("blog_post_en")->spec, 4, 800, 20));
  Print("sample (6 min), blog post, concurrency 8", Run(sample, FindPreset("blog_post_en")->spec, 8, 800, 20));
  Print("sample (6 min), WeChat + dialogue, concurrency 4", Run(sample, FindPreset("wechat_long_read_zh")->spec, 4, 800, 20));
  Print("1 hour, blog post, concurrency 4", Run(long_t, FindPreset("blog_post_en")->spec, 4, 800, 20));
  Print("1 hour, WeChat + dialogue, concurrency 8", Run(long_t, FindPreset("wechat_long_read_zh")->spec, 8, 800, 20));
  return 0;
}
