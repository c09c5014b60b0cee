// The generation pipeline end to end through the scripted transport, with a fake model that answers
// each request from what the request contains (sentences from the transcript lines it was given; JSON
// that follows the request's schema), and faults injected per scenario.
#include <functional>
#include <regex>
#include <set>

#include "core/json_util.h"
#include "core/pipeline.h"
#include "core/text_util.h"
#include "doctest/doctest.h"
#include "platform/native/scripted_transport.h"
#include "support/fake_model.h"
#include "test_util.h"

using namespace tp;
using nlohmann::json;

namespace {

using test::FakeModel;
using test::Lines;
using test::TurnLines;

struct Harness {
  test::ManualScheduler sched;
  test::ScriptedTransport net{sched};
  FakeModel model;
  ProviderConfig provider;
  Harness() {
    provider.kind = ProviderKind::OpenAI;
    provider.base_url = "https://fake.example/v1";
    provider.api_key = "k";
    provider.model = "fake";
    net.responder = [this](const HttpRequest& r) { return model.Respond(r); };
  }
  test::ScriptedResponse None() { test::ScriptedResponse r; r.status = 0; return r; }
};

Transcript Sample() {
  Transcript t = ParseTranscript(test::ReadFile("assets/samples/interview_en.txt"));
  t.meta.source_url = "https://example.com/ep42";
  return t;
}

ArticleSpec PresetSpec(const char* id) { return FindPreset(id)->spec; }

void Run(Harness& h, Pipeline& p) {
  p.Start();
  h.sched.RunUntilIdle();
  if (p.status() == Pipeline::Status::Failed) MESSAGE("pipeline failed: " << p.StateJson().dump());
}

}  // namespace

TEST_CASE("an English talk becomes a Simplified Chinese article with the seed's structure") {
  Harness h;
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("wechat_long_read_zh"), Sample());
  PipelinePlan plan = p.Plan();
  CHECK_FALSE(plan.chunked);
  CHECK(plan.section_steps == 5);
  CHECK(plan.dialogue_steps >= 2);
  CHECK(plan.summary.find("requests") != std::string::npos);
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  const PipelineResult& r = p.result();
  CHECK(r.markdown.rfind("# What real-time data means for AI🚀", 0) != 0);
  CHECK(r.markdown.rfind("# What real-time data means for AI 🚀", 0) == 0);
  CHECK(r.markdown.find("## 亮点") != std::string::npos);
  CHECK(r.markdown.find("## 引言：Why now") != std::string::npos);
  CHECK(r.markdown.find("## 详细对话") != std::string::npos);
  CHECK(r.markdown.find("_原链接：https://example.com/ep42_") != std::string::npos);
  CHECK(r.checks.structure.size() <= 1);   // a Latin-only fake article may trip the language check, nothing else
  for (const auto& i : r.checks.structure) CHECK(i.kind == "language");
  // The dialogue is complete: every turn once, in order, with speakers.
  const Transcript t = Sample();
  CHECK(r.content.dialogue.size() == t.turns.size());
  CHECK(r.content.dialogue[1].speaker == "Daniel Okafor");
  // The output language is named in every writing prompt.
  int named = 0;
  for (const std::string& pr : h.model.prompts) named += pr.find("Simplified Chinese") != std::string::npos;
  CHECK(named >= 5);
  CHECK(r.usage.input_tokens > 0);
  CHECK(r.requests == (int)h.model.prompts.size());
  json state = p.StateJson();
  CHECK(state["status"] == "done");
}

TEST_CASE("every shipped preset produces its structure") {
  for (const Preset& preset : BuiltinPresets()) {
    CAPTURE(preset.id);
    Harness h;
    Pipeline p(h.net, h.sched, h.provider, preset.spec, Sample());
    Run(h, p);
    REQUIRE(p.status() == Pipeline::Status::Done);
    for (const auto& i : p.result().checks.structure) {
      CAPTURE(i.message);
      CHECK(i.kind == "language");
    }
  }
}

TEST_CASE("a 3-hour transcript is planned in chunks: notes first, nothing dropped") {
  std::string big;
  for (int i = 0; i < 2400; ++i)
    big += "[" + FormatTimestamp(i * 4.5) + "] " + (i % 2 ? "Daniel Okafor" : "Maya Chen") +
           ": We talked about data center number " + std::to_string(i) + " and how fast it was built, in detail.\n";
  Transcript t = ParseTranscript(big);
  REQUIRE(t.turns.size() == 2400);
  Harness h;
  PipelineOptions o;
  o.context_tokens = 32000;
  o.chunk_tokens = 8000;
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("blog_post_en"), t, o);
  PipelinePlan plan = p.Plan();
  CHECK(plan.chunked);
  CHECK(plan.notes_steps >= 4);
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  CHECK(h.model.calls["notes"] == plan.notes_steps);
  // Every turn reached a notes request.
  std::set<int> seen;
  for (const std::string& pr : h.model.prompts)
    if (pr.find("Return JSON with: topics") != std::string::npos)
      for (int id : TurnLines(pr).ids) seen.insert(id);
  CHECK(seen.size() == 2400);
}

TEST_CASE("an invalid outline is repaired once with the validation error; a second failure is clear") {
  Harness h;
  h.model.override_answer = [&](const std::string& kind, const json&) -> std::string {
    return kind == "outline" && h.model.calls["outline"] == 1 ? "{\"title\": \"x\", \"highlights\": [" : "";
  };
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("blog_post_en"), Sample());
  Run(h, p);
  CHECK(p.status() == Pipeline::Status::Done);
  CHECK(h.model.calls["outline"] == 2);
  bool repaired = false;
  for (const std::string& pr : h.model.prompts) repaired |= pr.find("The answer is not valid JSON.") != std::string::npos;
  CHECK(repaired);

  Harness h2;
  h2.model.override_answer = [](const std::string& kind, const json&) -> std::string {
    return kind == "outline" ? R"({"title":"t","emoji":"x","lead":"l","highlights":["only one"],"introduction":{"subtitle":"","points":[]},"sections":[],"conclusion":{"subtitle":"","points":[]}})" : "";
  };
  Pipeline p2(h2.net, h2.sched, h2.provider, PresetSpec("blog_post_en"), Sample());
  Run(h2, p2);
  CHECK(p2.status() == Pipeline::Status::Failed);
  CHECK(p2.error().message.find("could not be used, even after one correction") != std::string::npos);
  CHECK(p2.error().message.find("\"highlights\" must have exactly 3 items (got 1)") != std::string::npos);
  CHECK(h2.model.calls["outline"] == 2);
}

TEST_CASE("a refused dialogue chunk is retried smaller; a short one too") {
  Harness h;
  int refusals = 0;
  h.model.fault = [&](const std::string& kind, const json&, int n) {
    test::ScriptedResponse r;
    r.status = 0;
    if (kind == "dialogue" && n == 1) {
      ++refusals;
      r = test::ScriptedResponse();
      r.chunks = {"data: {\"choices\":[{\"delta\":{\"refusal\":\"I can't\"},\"finish_reason\":null}]}\n\n"
                  "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"};
    }
    return r;
  };
  h.model.override_answer = [&](const std::string& kind, const json& body) -> std::string {
    if (kind != "dialogue" || h.model.calls["dialogue"] != 2) return "";
    Lines l = TurnLines(body["messages"].back()["content"]);
    json d = {{"turns", {{{"turn_id", l.ids[0]}, {"text", "only the first"}}}}};   // came back short
    return d.dump();
  };
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("wechat_long_read_zh"), Sample());
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  CHECK(refusals == 1);
  CHECK(p.result().content.dialogue.size() == Sample().turns.size());
  bool split = false;
  for (const Step& s : p.steps()) split |= s.id.find(".1") != std::string::npos;
  CHECK(split);
}

TEST_CASE("a section cut at the output limit continues automatically") {
  Harness h;
  h.model.fault = [&](const std::string& kind, const json&, int n) {
    test::ScriptedResponse r;
    r.status = 0;
    if (kind == "section" && n == 1) {
      r = test::ScriptedResponse();
      r.chunks = {test::OpenAiSse({"The first half of a sentence that"}, "length")};
    }
    return r;
  };
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("blog_post_en"), Sample());
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  bool continued = false;
  for (const std::string& pr : h.model.prompts) continued |= pr.find("Your answer was cut off") != std::string::npos;
  CHECK(continued);
  bool joined = false;
  for (const auto& s : p.result().content.sections) joined |= s.body.rfind("The first half of a sentence that", 0) == 0 && s.body.size() > 40;
  CHECK(joined);
}

TEST_CASE("a 429 storm lowers the concurrency and the run still completes") {
  Harness h;
  h.provider.concurrency = 4;
  int storms = 0;
  h.model.fault = [&](const std::string&, const json&, int) {
    test::ScriptedResponse r;
    r.status = 0;
    if (storms < 6) {
      ++storms;
      r = test::ScriptedResponse();
      r.status = 429;
      r.retry_after = "1";
      r.chunks = {R"({"error":{"message":"Rate limit reached","code":"rate_limit_exceeded"}})"};
    }
    return r;
  };
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("blog_post_en"), Sample());
  Run(h, p);
  CHECK(p.status() == Pipeline::Status::Done);
  CHECK(p.concurrency_limit() < 4);
  CHECK(h.net.max_in_flight <= 4);
}

TEST_CASE("cancel mid-run keeps finished steps; resume sends only what is left") {
  Harness h;
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("wechat_long_read_zh"), Sample());
  bool cancelled = false;
  p.on_change = [&] {
    if (!cancelled && h.model.calls["outline"] == 1 && h.model.calls["section"] + h.model.calls["introduction"] >= 1 &&
        p.status() == Pipeline::Status::Running) {
      const Step* o = nullptr;
      for (const Step& s : p.steps()) if (s.id == "outline") o = &s;
      if (o && o->state == StepState::Done) { cancelled = true; h.sched.After(0, [&] { p.Cancel(); }); }
    }
  };
  p.Start();
  h.sched.RunUntilIdle();
  REQUIRE(p.status() == Pipeline::Status::Cancelled);
  CHECK(p.error().kind == ErrorKind::Aborted);
  int done = 0;
  for (const Step& s : p.steps()) done += s.state == StepState::Done;
  CHECK(done >= 1);
  const json saved = p.Save();
  const size_t sent_before = h.model.prompts.size();

  // A page reload: a new pipeline restores the finished steps and sends only the rest.
  Harness h2;
  Pipeline q(h2.net, h2.sched, h2.provider, PresetSpec("wechat_long_read_zh"), Sample());
  std::string err;
  REQUIRE(q.Restore(saved, &err));
  q.Start();
  h2.sched.RunUntilIdle();
  REQUIRE(q.status() == Pipeline::Status::Done);
  CHECK(h2.model.calls["outline"] == 0);
  CHECK(h2.model.prompts.size() + done <= sent_before + p.steps().size());
  CHECK(q.result().content.dialogue.size() == Sample().turns.size());

  Pipeline other(h2.net, h2.sched, h2.provider, PresetSpec("wechat_long_read_zh"), ParseTranscript("A: one\nB: two"));
  CHECK_FALSE(other.Restore(saved, &err));
  CHECK(err.find("transcript changed") != std::string::npos);
}

TEST_CASE("regenerate one section with an instruction, keeping the rest") {
  Harness h;
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("blog_post_en"), Sample());
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  const std::vector<ArticleContent::Section> before = p.result().content.sections;
  const size_t sent = h.model.prompts.size();
  h.model.override_answer = [](const std::string& kind, const json&) -> std::string { return kind == "section" ? "A new, shorter take." : ""; };
  REQUIRE(p.RegenerateSection(1, "make it shorter"));
  h.sched.RunUntilIdle();
  REQUIRE(p.status() == Pipeline::Status::Done);
  CHECK(h.model.prompts.size() == sent + 1);
  CHECK(h.model.prompts.back().find("For this version: make it shorter") != std::string::npos);
  CHECK(p.result().content.sections[1].body == "A new, shorter take.");
  CHECK(p.result().content.sections[0].body == before[0].body);
  CHECK(p.result().content.sections[2].body == before[2].body);
}

TEST_CASE("checks catch an invented quote and a wrong number") {
  Harness h;
  h.model.override_answer = [&](const std::string& kind, const json&) -> std::string {
    if (kind != "section" || h.model.calls["section"] != 1) return "";
    return "He said “Every rocket we build is made of pure gold and cheese.”[T4] The data center took 37 days.";
  };
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("blog_post_en"), Sample());
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  const ArticleChecks& c = p.result().checks;
  bool invented = false, wrong = false, right = false;
  for (const auto& q : c.quotes) invented |= !q.ok && q.text.find("pure gold") != std::string::npos;
  for (const auto& n : c.numbers) { wrong |= n.value == "37" && !n.ok; right |= n.ok; }
  CHECK(invented);
  CHECK(wrong);
  CHECK(c.Problems() >= 2);
  CHECK(p.result().markdown.find("[T4]") == std::string::npos);   // markers are for checking, not for readers
  CHECK(p.result().marked_markdown.find("[T4]") != std::string::npos);
}

TEST_CASE("an empty transcript fails at once with a clear message") {
  Harness h;
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("blog_post_en"), ParseTranscript(""));
  Run(h, p);
  CHECK(p.status() == Pipeline::Status::Failed);
  CHECK(p.error().message.find("transcript is empty") != std::string::npos);
  CHECK(h.model.prompts.empty());
}
