// Benchmark (figures, not asserts): the pipeline against the faithful fake model with fixed latency to the
// first byte and a fixed token rate, in virtual time, for a 1-hour and a 3-hour talk. Prints per run:
//   requests; wall time / critical path (target <= 1.15), where the critical path is the larger of the
//     longest chain of dependent requests and the total request time divided by the concurrency;
//   prompt tokens sent / transcript tokens, dialogue excluded (target <= 1.6);
//   share of substantive turns (not sponsor reads, housekeeping or small talk) that some section drew on
//     (target >= 90%): turns its writer read in full or in the outline's notes on its theme (each note names
//     the turns it comes from), and the share some section cited;
//   sections rewritten by the check-and-repair round.
// DUMP_PROMPTS=1 writes every prompt but the dialogue's to stderr, with its size in tokens.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>

#include "core/pipeline.h"
#include "core/pipeline_budget.h"
#include "core/provider_session.h"
#include "support/fake_model.h"

using namespace tp;

namespace {

// A talk of `minutes` with a host and a guest: a sponsor read at the start and in the middle, small talk,
// six themes that come back later in the talk, answers of varying length (some long enough to be split).
Transcript Talk(int minutes) {
  const char* themes[] = {"real-time data for models", "building data centers fast", "distribution inside existing apps",
                          "open source model weights", "hiring engineers who ship", "regulation of frontier labs"};
  const char* openers[] = {"What I keep coming back to is", "The part people miss about", "If you look closely at",
                           "Our own numbers on", "The honest answer about", "Here is how I think about"};
  std::string text;
  double t = 0;
  int turn = 0;
  auto say = [&](const std::string& who, const std::string& what) {
    text += "[" + FormatTimestamp(t) + "] " + who + ": " + what + "\n";
    t += std::max(4.0, what.size() / 15.0);   // ~150 words a minute
    ++turn;
  };
  say("Maya Chen", "Welcome back to Signal and Noise. This episode is brought to you by Acme Cloud, use promo code SIGNAL for a free month.");
  say("Daniel Okafor", "Thanks for having me, Maya. How was your weekend, by the way?");
  say("Maya Chen", "How was your weekend is my line! It was good, we went hiking.");
  int q = 0;
  while (t < minutes * 60.0) {
    const int theme = (q / 3 + (q % 7 == 6 ? 2 : 0)) % 6;   // blocks of three questions, with themes coming back
    say("Maya Chen", std::string("Question ") + std::to_string(q + 1) + ": tell me more about " + themes[theme] + ", what did you see?");
    const int sentences = 3 + (q * 7) % 11 + (q % 13 == 0 ? 40 : 0);   // a few very long answers
    std::string answer;
    for (int s = 0; s < sentences; ++s) {
      // Varied wording, as in speech: a large pseudo-vocabulary (two- and three-syllable words), so that
      // sentences share words as speech does, not whole phrases.
      static const char* syllables[] = {"ka", "lo", "mi", "ter", "son", "va", "rin", "do", "pel", "mu", "sha", "ne", "gor", "ti", "bal",
                                        "fu", "ron", "ze", "lik", "ma", "dre", "po", "sen", "wa"};
      unsigned h = (unsigned)(q * 7919 + s * 104729 + 17) * 2654435761u;
      auto next = [&] { h ^= h << 13; h ^= h >> 17; h ^= h << 5; return h; };
      std::string sentence = std::string(openers[(q + s) % 6]) + " " + themes[theme] + ":";
      const int words = 8 + (int)(next() % 9);
      for (int w = 0; w < words; ++w) {
        std::string word;
        for (int k = 0, n = 2 + (int)(next() % 2); k < n; ++k) word += syllables[next() % 24];
        sentence += " " + word;
      }
      answer += sentence + ", " + std::to_string(3 + (q + s) % 17) + " times faster. ";
    }
    say("Daniel Okafor", answer);
    if (q == 40) say("Maya Chen", "A quick word from our sponsor: Acme Cloud runs your models at the edge, subscribe today.");
    ++q;
  }
  say("Maya Chen", "Thanks for coming on, Daniel. See you next week, and subscribe if you liked this.");
  return ParseTranscript(text);
}

struct Figures {
  int requests = 0, repairs = 0, injected = 0;   // sections rewritten; mistakes the fake model made
  double wall = 0, chain = 0, work = 0, critical = 0;
  long prompt_tokens = 0, transcript_tokens = 0;
  std::map<std::string, long> prompt_tokens_by_kind;   // outline, section, front_matter, notes
  double drawn = 0, cited = 0;
  int turns = 0, pieces = 0;
  int condensing = 0;   // requests that condensed notes in groups
};

// `request_limit` > 0: a per-request token limit learned from the provider (Groq's free plan), with its model.
Figures Run(const Transcript& t, const ArticleSpec& spec, int concurrency, double latency_ms, double ms_per_token, double mistakes,
            const PipelineOptions& options = {}, int request_limit = 0) {
  test::ManualScheduler sched;
  test::ScriptedTransport net(sched);
  test::FakeModel model;
  model.repeat_rate = mistakes;
  model.drift_rate = mistakes;
  long prompt_tokens = 0;
  std::map<std::string, long> by_kind;
  model.shape = [&](const std::string& kind, const std::string& answer, test::ScriptedResponse* r) {
    // Fixed latency to the first byte, then tokens streamed at a fixed rate, 16 tokens per chunk.
    const int tokens = std::max(1, EstimateTokens(answer));
    const int chunks = std::max(1, tokens / 16);
    r->first_byte_delay_ms = latency_ms;
    r->chunk_delay_ms = ms_per_token * tokens / chunks;
    std::string body = r->chunks[0];
    r->chunks.clear();
    const size_t step = body.size() / chunks + 1;
    for (size_t i = 0; i < body.size(); i += step) r->chunks.push_back(body.substr(i, step));
    (void)kind;
  };
  net.responder = [&](const HttpRequest& q) {
    test::ScriptedResponse r = model.Respond(q);
    if (model.kinds.back() != "dialogue") {
      const nlohmann::json body = nlohmann::json::parse(q.body);
      std::string all;
      for (const auto& m : body["messages"]) all += js::Str(m, "content") + "\n";
      const int tokens = EstimateTokens(all);
      prompt_tokens += tokens;
      by_kind[model.kinds.back()] += tokens;
      if (getenv("DUMP_PROMPTS")) std::fprintf(stderr, "=== %s %d tokens\n%s\n", model.kinds.back().c_str(), tokens, all.c_str());
    }
    return r;
  };
  ProviderConfig p;
  p.kind = ProviderKind::OpenAI;
  p.base_url = "https://fake/v1";
  p.api_key = "k";
  p.model = request_limit ? "openai/gpt-oss-120b" : "fake";
  p.concurrency = concurrency;
  if (request_limit) SessionFor(p).request_tokens = request_limit;
  Pipeline pipe(net, sched, p, spec, t, request_limit ? PipelineOptionsFor(p) : options);
  pipe.Start();
  sched.RunUntilIdle();
  Figures f;
  if (pipe.status() != Pipeline::Status::Done) {
    std::printf("run failed: %s\n", pipe.error().message.c_str());
    return f;
  }
  f.wall = pipe.result().elapsed_ms;
  // Longest chain: notes (slowest chunk) -> outline -> slowest section (with its rewrite) -> front matter,
  // beside outline -> slowest dialogue chunk. Total work: every request's time.
  // Notes condensed in groups add a link per level to the chain.
  double notes = 0, notes_work = 0, outline = 0, section = 0, front = 0, dialogue = 0, after = 0;
  std::map<int, double> notes_by_level;
  for (const Step& s : pipe.steps()) {
    f.work += s.ms;
    f.condensing += s.kind == StepKind::Notes && s.level > 0;
    if (s.kind == StepKind::Notes) { notes_by_level[s.level] = std::max(notes_by_level[s.level], s.ms); notes_work += s.ms; }
    else if (s.kind == StepKind::Outline) outline = s.ms;
    else {
      after += s.ms;
      if (s.kind == StepKind::Section) section = std::max(section, s.ms);
      else if (s.kind == StepKind::FrontMatter) front = s.ms;
      else dialogue = std::max(dialogue, s.ms);
    }
  }
  for (const auto& [level, ms] : notes_by_level) notes += ms;
  // Lower bound for any schedule that keeps the dependencies and the concurrency: the notes phase, the
  // outline, then the longer of the remaining chain and the remaining work spread over every slot.
  f.chain = notes + outline + std::max(section + front, dialogue);
  f.critical = std::max(notes, notes_work / concurrency) + outline + std::max(std::max(section + front, dialogue), after / concurrency);
  const Transcript& pt = pipe.transcript();
  std::string all;
  for (const Turn& turn : pt.turns) all += RenderTurnLine(pt, turn) + "\n";
  f.transcript_tokens = EstimateTokens(all);
  f.prompt_tokens = prompt_tokens;
  f.prompt_tokens_by_kind = by_kind;
  f.requests = pipe.result().requests;
  f.repairs = (int)pipe.result().repairs.size();
  f.injected = model.repeated + model.drifted;
  for (const SectionRewrite& r : pipe.result().repairs)
    for (const std::string& why : r.problems) std::printf("  repaired section %d: %.110s\n", r.section + 1, why.c_str());
  const ArticleEvidence& ev = pipe.result().evidence;
  const std::set<int> excluded(ev.excluded_turn_ids.begin(), ev.excluded_turn_ids.end());
  std::set<int> drawn, cited;
  for (const SectionEvidence& s : ev.sections) {
    for (int id : s.source_turn_ids) if (!excluded.count(id)) drawn.insert(id);
    for (int id : s.cited_turn_ids) if (!excluded.count(id)) cited.insert(id);
  }
  const int substantive = (int)pt.turns.size() - (int)excluded.size();
  f.drawn = substantive > 0 ? 100.0 * drawn.size() / substantive : 0;
  f.cited = substantive > 0 ? 100.0 * cited.size() / substantive : 0;
  f.turns = (int)t.turns.size();
  f.pieces = (int)pt.turns.size();
  return f;
}

// `key`, when given, also prints the row's figures as "@ <key>_... <value> x" lines for scripts/bench.sh.
void Print(const char* name, const Figures& f, const char* key = nullptr) {
  std::printf("%-46s %4d turns (%4d pieces) %3d requests (%d condensing) %2d/%d repaired  wall %7.1f s  chain %6.1f s  bound %7.1f s  "
              "wall/critical %.2f  prompt/transcript %.2f (%ld/%ld tokens)  drawn on %5.1f%%  cited %5.1f%%\n",
              name, f.turns, f.pieces, f.requests, f.condensing, f.repairs, f.injected, f.wall / 1000, f.chain / 1000, f.critical / 1000, f.critical > 0 ? f.wall / f.critical : 0,
              f.transcript_tokens ? (double)f.prompt_tokens / f.transcript_tokens : 0, f.prompt_tokens, f.transcript_tokens, f.drawn, f.cited);
  // Where the prompt tokens go, per kind of step, as a share of the transcript.
  std::printf("%-46s prompt tokens per step kind / transcript:", "");
  for (const auto& [kind, tokens] : f.prompt_tokens_by_kind)
    std::printf("  %s %.2f", kind.c_str(), f.transcript_tokens ? (double)tokens / f.transcript_tokens : 0);
  std::printf("\n");
  if (key)
    std::printf("@ %s_wall_vs_critical %.3f x\n@ %s_prompt_vs_transcript %.3f x\n@ %s_requests %d requests\n", key,
                f.critical > 0 ? f.wall / f.critical : 0, key, f.transcript_tokens ? (double)f.prompt_tokens / f.transcript_tokens : 0,
                key, f.requests);
}

}  // namespace

int main() {
  const Transcript hour = Talk(60), three = Talk(180);
  const ArticleSpec wechat = FindPreset("wechat_long_read_zh")->spec, blog = FindPreset("blog_post_en")->spec;
  PipelineOptions o;   // defaults: 128k context, 8k output
  std::printf("pipeline vs. the faithful fake model: 800 ms to first byte, 20 ms per output token, virtual time\n");
  // Concurrency sweep: how close the scheduler stays to the critical path as more requests may be in flight.
  for (int c : {1, 2, 4, 8}) {
    const std::string name = "1 hour, blog post (en), concurrency " + std::to_string(c);
    const std::string key = "pipeline_1h_blog_c" + std::to_string(c);
    Print(name.c_str(), Run(hour, blog, c, 800, 20, 0), key.c_str());
  }
  Print("1 hour, WeChat + dialogue (zh), concurrency 4", Run(hour, wechat, 4, 800, 20, 0), "pipeline_1h_wechat_c4");
  Print("1 hour, WeChat + dialogue, concurrency 8", Run(hour, wechat, 8, 800, 20, 0), "pipeline_1h_wechat_c8");
  Print("1 hour, WeChat, 60% repeats/drift, conc. 4", Run(hour, wechat, 4, 800, 20, 0.6));
  Print("3 hours, blog, 60% repeats, conc. 4", Run(three, blog, 4, 800, 20, 0.6));
  for (int c : {1, 2, 4, 8}) {
    const std::string name = "3 hours, blog post (en), concurrency " + std::to_string(c);
    const std::string key = "pipeline_3h_blog_c" + std::to_string(c);
    Print(name.c_str(), Run(three, blog, c, 800, 20, 0), key.c_str());
  }
  Print("3 hours, WeChat + dialogue (zh), concurrency 4", Run(three, wechat, 4, 800, 20, 0), "pipeline_3h_wechat_c4");
  Print("3 hours, WeChat + dialogue, concurrency 8", Run(three, wechat, 8, 800, 20, 0), "pipeline_3h_wechat_c8");
  // Small requests: the transcript read in parts, the notes condensed in groups when they do not fit the outline.
  PipelineOptions local;   // a local model's 8k context
  local.context_tokens = 8192;
  local.max_output_tokens = 4096;
  local.chunk_tokens = 2048;
  Print("1 hour, blog, 8k context (local model), c. 4", Run(hour, blog, 4, 800, 20, 0, local), "pipeline_1h_blog_8k_context");
  Print("3 hours, blog, 8k context (local model), c. 4", Run(three, blog, 4, 800, 20, 0, local), "pipeline_3h_blog_8k_context");
  Print("1 hour, blog, 8,000 tokens/min (Groq free), c. 4", Run(hour, blog, 4, 800, 20, 0, {}, 8000), "pipeline_1h_blog_groq_free");
  Print("3 hours, blog, 8,000 tokens/min (Groq free), c. 4", Run(three, blog, 4, 800, 20, 0, {}, 8000), "pipeline_3h_blog_groq_free");
  return 0;
}
