// The generation pipeline end to end through the scripted transport, with a fake model that answers
// each request from what the request contains (sentences from the transcript lines it was given; JSON
// that follows the request's schema), and faults injected per scenario.
#include <cctype>
#include <functional>
#include <regex>
#include <set>

#include "core/json_util.h"
#include "core/pipeline.h"
#include "core/pipeline_budget.h"
#include "core/provider_session.h"
#include "core/text_util.h"
#include "core/turn_markers.h"
#include "core/utf8.h"
#include "doctest/doctest.h"
#include "platform/native/scripted_transport.h"
#include "support/fake_model.h"
#include "support/pipeline_harness.h"
#include "test_util.h"

using namespace tp;
using nlohmann::json;

namespace {

using test::FakeModel;
using test::Lines;
using test::TurnLines;

using Harness = test::PipelineHarness;

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
  CHECK(plan.section_steps == 3);
  CHECK(plan.front_steps == 1);
  CHECK(plan.dialogue_steps >= 2);
  CHECK(plan.summary.find("requests") != std::string::npos);
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  const PipelineResult& r = p.result();
  // The title comes from the front matter, written from the finished sections (CJK title: no space before the emoji).
  CHECK(r.markdown.rfind("# 实时数据的价值意味着什么？🚀", 0) == 0);
  CHECK(r.markdown.find("## 亮点") != std::string::npos);
  CHECK(r.markdown.find("## 引言：这场对话讲了什么") != std::string::npos);
  CHECK(r.markdown.find("## 详细对话") != std::string::npos);
  CHECK(r.markdown.find("_原链接：https://example.com/ep42_") != std::string::npos);
  CHECK(r.checks.structure.size() <= 1);   // a Latin-only fake article may trip the language check, nothing else
  for (const auto& i : r.checks.structure) CHECK(i.kind == "language");
  // The scripted model copies the transcript's facts faithfully but writes canned, partly English prose: the
  // checks may flag its wording (repetition, language), never a quote, number or name.
  for (const Finding& f : r.checks.findings) {
    const bool fact = f.kind.rfind("quote.", 0) == 0 || f.kind == "number.unsupported" || f.kind.rfind("name.", 0) == 0;
    CHECK_MESSAGE(!(fact && f.severity != Severity::Info), f.kind << ": " << f.message);
  }
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

TEST_CASE("a per-request token limit learned from the provider: every request fits within it, the outline's too") {
  // Groq's free plan allows 8,000 tokens a minute for gpt-oss, and counts a request's prompt and its max_tokens
  // against it. Once learned (a 413, see llm_provider_rules_test), the plan reads the transcript in parts, every
  // request asks for only the room left beside its prompt, and the notes on the parts are asked to be short. For a
  // long talk they are still too long for the outline's one request: they are condensed in groups first.
  for (const int turns : {400, 1600}) {
    CAPTURE(turns);
    std::string talk;
    for (int i = 0; i < turns; ++i)
      talk += "[" + FormatTimestamp(i * 6.0) + "] " + (i % 2 ? "Daniel Okafor" : "Maya Chen") +
              (i == turns * 3 / 4 ? ": This part of the show is brought to you by Acme Cloud, use promo code TALK.\n"
                                  : ": We talked about data center number " + std::to_string(i) + " and how fast it was built, in some detail.\n");
    const Transcript t = ParseTranscript(talk);
    const int sponsor = turns * 3 / 4 + 1;
    Harness h;
    h.provider.model = "openai/gpt-oss-120b";   // a model that always thinks: its answer room alone is 8k and more
    SessionFor(h.provider).request_tokens = 8000;
    Pipeline p(h.net, h.sched, h.provider, PresetSpec("wechat_long_read_zh"), t, PipelineOptionsFor(h.provider));
    const PipelinePlan plan = p.Plan();
    CHECK(plan.chunked);
    Run(h, p);
    REQUIRE(p.status() == Pipeline::Status::Done);
    int largest = 0, sections = 0, dialogue = 0;
    std::string outline;
    for (const HttpRequest& r : h.net.requests) {
      const json body = json::parse(r.body);
      const std::string system = body["messages"][0]["content"].get<std::string>();
      if (system.rfind("You are the editor planning", 0) == 0) outline = body["messages"].back()["content"].get<std::string>();
      sections += system.rfind("You write one section", 0) == 0;
      dialogue += system.rfind("You prepare the full conversation", 0) == 0;
      std::string prompt;
      for (const json& m : body["messages"]) prompt += m["content"].get<std::string>();
      if (body.contains("response_format")) prompt += body["response_format"].dump();
      const int room = body["max_tokens"].get<int>();
      largest = std::max(largest, EstimateTokens(prompt) + room);
      CHECK(room >= kLeastAnswerTokens);
    }
    const int notes = h.model.calls["notes"], condensed = h.model.calls["condensed_notes"];
    MESSAGE(turns << " turns: largest request (prompt estimate + max_tokens) " << largest << " of 8000 tokens; " << notes << " notes, "
            << condensed << " condensing (plan: about " << plan.condense_steps << "), " << sections << " sections, " << dialogue << " dialogue requests");
    CHECK(largest <= 8000);
    CHECK(notes == plan.notes_steps);
    CHECK(sections >= 3);
    CHECK(dialogue >= 4);
    // The outline read notes on the whole talk, first turn to last, in parts.
    CHECK(outline.find("Part 1 (turns T1 to T") != std::string::npos);
    CHECK(outline.find(" to T" + std::to_string(turns) + "):") != std::string::npos);
    if (turns >= 1600) {
      CHECK(condensed >= 2);
      CHECK(plan.condense_steps >= 1);
      CHECK(outline.find("Part " + std::to_string(notes) + " (") == std::string::npos);   // fewer parts than notes
    }
    // The sponsor read the notes found was kept through condensing: no section draws on it.
    const ArticleEvidence& ev = p.result().evidence;
    CHECK(std::binary_search(ev.excluded_turn_ids.begin(), ev.excluded_turn_ids.end(), sponsor));
    for (const SectionEvidence& se : ev.sections)
      CHECK(std::find(se.source_turn_ids.begin(), se.source_turn_ids.end(), sponsor) == se.source_turn_ids.end());
    // Quotations and numbers still check against the transcript after two rounds of notes.
    for (const Finding& f : p.result().checks.findings) {
      const bool fact = f.kind.rfind("quote.", 0) == 0 || f.kind == "number.unsupported";
      CHECK_MESSAGE(!(fact && f.severity != Severity::Info), f.kind << ": " << f.message);
    }
  }
}

// Two hours of talk (1,200 turns), and requests of a small model: the context given, 4k answers, 2.5k parts.
static Transcript TwoHourTalk() {
  std::string talk;
  for (int i = 0; i < 1200; ++i)
    talk += "[" + FormatTimestamp(i * 6.0) + "] " + (i % 2 ? "Daniel Okafor" : "Maya Chen") + ": Data center number " +
            std::to_string(i) + " was built in " + std::to_string(100 + i) + " days, and the team kept the details in a log.\n";
  return ParseTranscript(talk);
}
static PipelineOptions SmallRequests(int context_tokens) {
  PipelineOptions o;
  o.context_tokens = context_tokens;
  o.max_output_tokens = 4000;
  o.chunk_tokens = 2500;
  return o;
}

TEST_CASE("notes too long for the outline are condensed in groups; a failed group is retried alone, and a reload keeps the rest") {
  // A small context window (a local model's 8k) and a long talk: the notes on every part do not fit the outline.
  const Transcript t = TwoHourTalk();
  const PipelineOptions o = SmallRequests(8000);
  Harness h;
  int condense_calls = 0;
  h.model.override_answer = [&](const std::string& kind, const json&) -> std::string {
    return kind == "condensed_notes" && ++condense_calls == 1 ? "Sorry, here are the notes: themes, claims…" : "";
  };
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("blog_post_en"), t, o);
  REQUIRE(p.Plan().condense_steps >= 1);
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Failed);
  CHECK(p.error().message.find("condensed notes on turns T1 to T") != std::string::npos);
  int notes = 0, groups = 0, failed = 0;
  for (const Step& s : p.steps()) {
    if (s.kind != StepKind::Notes) continue;
    (s.level ? groups : notes) += 1;
    failed += s.state == StepState::Failed;
    if (s.level == 0) CHECK(s.state == StepState::Done);
    if (s.level) CHECK(s.sources.size() >= 1);
  }
  CHECK(failed == 1);
  CHECK(groups >= 2);
  CHECK(groups < notes);
  CHECK(h.model.calls["outline"] == 0);   // it waits for every group
  const json saved = p.Save();

  SUBCASE("Retry runs the failed group alone and the article is finished; another shape of article reuses every note") {
    const int notes_sent = h.model.calls["notes"], condense_sent = h.model.calls["condensed_notes"];
    REQUIRE(p.RetryStep("condense-0"));
    h.sched.RunUntilIdle();
    REQUIRE(p.status() == Pipeline::Status::Done);
    CHECK(h.model.calls["notes"] == notes_sent);
    CHECK(h.model.calls["condensed_notes"] == condense_sent + 1);
    CHECK(std::count_if(p.steps().begin(), p.steps().end(), [](const Step& s) { return s.level > 0; }) == groups);
    // The outline's request fits the 8k context: its prompt and the room it was sent with.
    for (const HttpRequest& r : h.net.requests) {
      const json body = json::parse(r.body);
      if (js::Str(js::At(js::At(body, "response_format"), "json_schema"), "name") != "outline") continue;
      std::string prompt;
      for (const json& m : body["messages"]) prompt += m["content"].get<std::string>();
      prompt += body["response_format"].dump();
      CHECK(EstimateTokens(prompt) + 3000 <= 8000);
    }
    // More sections, a tone and instructions: the outline and sections are written again, no note nor group.
    ArticleSpec other = PresetSpec("blog_post_en");
    other.section_count = PresetSpec("blog_post_en").BodySectionCount() + 2;
    other.tone = "playful";
    other.instructions = "Write for engineers who run data centers; keep every number the speakers give, and explain any jargon briefly.";
    Harness h2;
    Pipeline q(h2.net, h2.sched, h2.provider, other, t, o);
    std::string err;
    REQUIRE(q.Restore(p.Save(), &err));
    Run(h2, q);
    REQUIRE(q.status() == Pipeline::Status::Done);
    CHECK(h2.model.calls["notes"] == 0);
    CHECK(h2.model.calls["condensed_notes"] == 0);
    CHECK(h2.model.calls["outline"] == 1);
  }
  SUBCASE("after a reload only the failed group is sent again") {
    Harness h2;
    Pipeline q(h2.net, h2.sched, h2.provider, PresetSpec("blog_post_en"), t, o);
    std::string err;
    REQUIRE(q.Restore(saved, &err));
    int restored = 0;
    for (const Step& s : q.steps()) restored += s.kind == StepKind::Notes && s.state == StepState::Done;
    CHECK(restored == notes + groups - 1);
    Run(h2, q);
    REQUIRE(q.status() == Pipeline::Status::Done);
    CHECK(h2.model.calls["notes"] == 0);
    CHECK(h2.model.calls["condensed_notes"] == 1);
    CHECK(h2.model.calls["outline"] == 1);
    // And once finished, a second reload sends nothing: the outline's inputs include how the notes were condensed.
    Harness h3;
    Pipeline r(h3.net, h3.sched, h3.provider, PresetSpec("blog_post_en"), t, o);
    REQUIRE(r.Restore(q.Save(), &err));
    Run(h3, r);
    REQUIRE(r.status() == Pipeline::Status::Done);
    CHECK(h3.net.requests.empty());
    CHECK(r.result().markdown == q.result().markdown);
  }
}

TEST_CASE("notes asked to be short: another shape of article (sections, tone, instructions) reads no part of the talk again") {
  const Transcript t = TwoHourTalk();
  const PipelineOptions o = SmallRequests(24000);
  Harness h;
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("blog_post_en"), t, o);
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  const int asked = p.steps().front().target_tokens;
  CHECK(asked > kLeastNotesTokens);   // a share of the outline's room, not the floor
  ArticleSpec other = PresetSpec("blog_post_en");
  other.section_count = PresetSpec("blog_post_en").BodySectionCount() + 2;
  other.tone = "playful";
  other.instructions = "Write for engineers who run data centers; keep every number the speakers give, and explain any jargon "
                       "briefly, in a sentence, where it first appears. Name the companies as the speakers do.";
  Harness h2;
  Pipeline q(h2.net, h2.sched, h2.provider, other, t, o);
  std::string err;
  REQUIRE(q.Restore(p.Save(), &err));
  Run(h2, q);
  REQUIRE(q.status() == Pipeline::Status::Done);
  CHECK(q.steps().front().target_tokens == asked);
  CHECK(h2.model.calls["notes"] == 0);
  CHECK(h2.model.calls["outline"] == 1);
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
    if (pr.find("Return JSON with, in this order") != std::string::npos)
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
  CHECK(p2.error().message.find("\"sections\" must have exactly 4 items (got 0)") != std::string::npos);
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

TEST_CASE("a section cut at the output limit, or broken off after some text, continues where it stopped") {
  // Cut at the output limit; the connection dropped mid-answer; the stream went quiet past the idle limit;
  // the provider ran out of capacity mid-answer (DeepSeek's finish_reason "insufficient_system_resource").
  // Each asks for the rest instead of failing (a user would otherwise press Retry).
  enum class Break { Length, Drop, Stall, Overload };
  for (const Break how : {Break::Length, Break::Drop, Break::Stall, Break::Overload}) {
    CAPTURE((int)how);
    Harness h;
    h.model.fault = [&](const std::string& kind, const json&, int n) {
      test::ScriptedResponse r;
      r.status = 0;
      if (kind == "section" && n == 1) {
        r = test::ScriptedResponse();
        const std::string first = "{\"quotes\":[],\"body\":\"The first half of a sentence that";
        if (how == Break::Length) {
          r.chunks = {test::OpenAiSse({first}, "length")};
        } else if (how == Break::Overload) {
          r.chunks = {test::OpenAiSse({first}, "insufficient_system_resource")};
        } else {
          // The first event alone (the text), then the break: no finish reason, no terminator.
          const std::string sse = test::OpenAiSse({first}, "stop", false);
          r.chunks = {sse.substr(0, sse.find("\n\n") + 2)};
          if (how == Break::Drop) r.drop = true;
          else r.end = false;
        }
      }
      return r;
    };
    h.model.override_answer = [&](const std::string& kind, const json& body) -> std::string {
      const std::string user = body["messages"].back()["content"];
      if (kind == "section" && user.find("Your answer was cut off") != std::string::npos) {
        std::string rest = " ends after the break";
        for (int i = 0; i < 40; ++i) rest += ", and the speaker goes on about data centers";
        return rest + ".\"}";
      }
      return "";
    };
    Pipeline p(h.net, h.sched, h.provider, PresetSpec("blog_post_en"), Sample());
    Run(h, p);
    REQUIRE(p.status() == Pipeline::Status::Done);
    bool continued = false;
    for (const std::string& pr : h.model.prompts) continued |= pr.find("Your answer was cut off") != std::string::npos;
    CHECK(continued);
    bool joined = false;
    for (const auto& s : p.result().content.sections)
      joined |= s.body.rfind("The first half of a sentence that ends after the break, and the speaker goes on", 0) == 0 && s.body.size() > 1000;
    if (!joined) for (const auto& s : p.result().content.sections) MESSAGE(s.body.substr(0, 300));
    CHECK(joined);
  }
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

TEST_CASE("after Cancel no request starts, not even for a step that was being launched") {
  // Cancel at every point a run reports a change, including inside the launch of a step (before its
  // request goes out): the requests sent are exactly those sent before Cancel.
  for (int cancel_at = 1; cancel_at <= 12; ++cancel_at) {
    CAPTURE(cancel_at);
    Harness h;
    Pipeline p(h.net, h.sched, h.provider, PresetSpec("wechat_long_read_zh"), Sample());
    int changes = 0;
    size_t sent_at_cancel = 0;
    bool cancelled = false;
    p.on_change = [&] {
      if (cancelled || ++changes < cancel_at || h.model.calls["outline"] < 1) return;
      cancelled = true;
      sent_at_cancel = h.net.requests.size();
      p.Cancel();
    };
    p.Start();
    h.sched.RunUntilIdle();
    if (!cancelled) continue;
    CHECK(p.status() == Pipeline::Status::Cancelled);
    CHECK(h.net.requests.size() == sent_at_cancel);
  }
}

TEST_CASE("during an outage every unfinished step shows the pause") {
  Harness h;
  h.provider.concurrency = 3;
  int sent = 0;
  h.net.responder = [&](const HttpRequest& r) {
    if (++sent == 1) return h.model.Respond(r);   // the outline, then the service goes down
    test::ScriptedResponse down;
    down.status = 503;
    down.chunks = {R"({"error":{"message":"The server is overloaded","type":"server_error"}})"};
    return down;
  };
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("blog_post_en"), Sample());
  json during;
  p.on_change = [&] {
    if (!during.is_null() || p.status() != Pipeline::Status::Running) return;
    const json st = p.StateJson();
    if (st["provider"]["circuit"] != "paused") return;
    during = st;
    h.sched.After(0, [&] { p.Cancel(); });
  };
  p.Start();
  h.sched.RunUntilIdle();
  REQUIRE_FALSE(during.is_null());
  int unfinished = 0, shown_paused = 0;
  for (const json& s : during["steps"]) {
    if (s["state"] == "done") continue;
    ++unfinished;
    if (s.contains("activity") && s["activity"]["phase"] == "paused") {
      ++shown_paused;
      CHECK(s["activity"]["resumeInMs"].get<double>() > 0);
    }
  }
  CHECK(unfinished > 0);
  CHECK(shown_paused == unfinished);
  CHECK(sent - 1 <= h.provider.concurrency * 3);
}

TEST_CASE("cancel mid-run keeps finished steps; resume sends only what is left") {
  Harness h;
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("wechat_long_read_zh"), Sample());
  bool cancelled = false;
  p.on_change = [&] {
    if (!cancelled && h.model.calls["outline"] == 1 && h.model.calls["section"] >= 1 &&
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

TEST_CASE("checks catch a wrong number; an invented quote is rewritten once with an instruction naming it") {
  Harness h;
  h.model.override_answer = [&](const std::string& kind, const json&) -> std::string {
    if (kind != "section" || h.model.calls["section"] != 1) return "";
    return "He said “Every rocket we build is made of pure gold and cheese.”[T4] The data center took 37 days.";
  };
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("blog_post_en"), Sample());
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  REQUIRE(p.result().repairs.size() >= 1);
  const SectionRewrite& rep = p.result().repairs[0];
  bool named = false;
  for (const std::string& pr : rep.problems) named |= pr.find("pure gold") != std::string::npos;
  CHECK(named);
  bool asked = false;
  for (const std::string& pr : h.model.prompts) asked |= pr.find("the previous version of this section had") != std::string::npos && pr.find("pure gold") != std::string::npos;
  CHECK(asked);
  CHECK(p.result().markdown.find("pure gold") == std::string::npos);   // the rewrite replaced it

  // A wrong number the repair round does not rewrite is reported by the checks.
  ArticleEvidence ev;
  ArticleChecks c = VerifyArticle("# T\n\nThe data center took 37 days.[T10]\n", p.transcript(), PresetSpec("blog_post_en"), ev);
  bool wrong = false;
  for (const auto& n : c.numbers) wrong |= n.value == "37" && !n.ok;
  CHECK(wrong);
  CHECK(p.result().markdown.find("[T") == std::string::npos);   // markers are for checking, not for readers
  CHECK(p.result().marked_markdown.find("[T") != std::string::npos);
}

TEST_CASE("an empty transcript fails at once with a clear message") {
  Harness h;
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("blog_post_en"), ParseTranscript(""));
  Run(h, p);
  CHECK(p.status() == Pipeline::Status::Failed);
  CHECK(p.error().message.find("transcript is empty") != std::string::npos);
  CHECK(h.model.prompts.empty());
}

// ---------------------------------------------------------------------------------------------- article quality

namespace {

// A one-hour interview with long answers (each over 150 characters), a sponsor read and thanks.
Transcript LongAnswers() {
  std::string text;
  for (int i = 0; i < 120; ++i) {
    const std::string t = "[" + FormatTimestamp(i * 30.0) + "] ";
    if (i == 0) { text += t + "Maya Chen: Welcome back to Signal and Noise, this episode is brought to you by Acme Cloud.\n"; continue; }
    if (i % 2) text += t + "Daniel Okafor: Answer " + std::to_string(i) + " starts here and keeps going about data centers, models and distribution, "
                       "with the detail that matters, number " + std::to_string(i * 7) + ", and ends with the words final-" + std::to_string(i) + ".\n";
    else text += t + "Maya Chen: Question " + std::to_string(i) + ": what happened next?\n";
  }
  text += "[01:00:00] Maya Chen: Thanks for coming on, Daniel. See you next week.\n";
  return ParseTranscript(text);
}

const Step* StepById(const Pipeline& p, const std::string& id) {
  for (const Step& s : p.steps()) if (s.id == id) return &s;
  return nullptr;
}

bool HasHanNextToLatin(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const char32_t a = utf8::Decode(s, i);
    if (i >= s.size()) break;
    size_t j = i;
    const char32_t b = utf8::Decode(s, j);
    auto han = [](char32_t c) { return utf8::IsCjkIdeograph(c); };
    auto latin = [](char32_t c) { return c < 0x80 && std::isalnum((int)c); };
    if ((han(a) && latin(b)) || (latin(a) && han(b))) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("the outline reads every turn in full when the transcript fits; never cut turns") {
  Harness h;
  const Transcript t = LongAnswers();
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("wechat_long_read_zh"), t);
  CHECK_FALSE(p.Plan().chunked);
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  std::string outline;
  for (size_t i = 0; i < h.model.kinds.size(); ++i) if (h.model.kinds[i] == "outline") outline = h.model.prompts[i];
  REQUIRE(!outline.empty());
  for (const Turn& turn : t.turns) {
    CAPTURE(turn.id);
    CHECK(outline.find(prompts::TurnLine(t, turn) + "\n") != std::string::npos);
  }
  CHECK(outline.find("…\n") == std::string::npos);
}

TEST_CASE("when the transcript does not fit, the outline reads the notes on every part (map, then reduce)") {
  Harness h;
  PipelineOptions o;
  o.context_tokens = 6000;
  o.chunk_tokens = 1500;
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("blog_post_en"), LongAnswers(), o);
  REQUIRE(p.Plan().chunked);
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  std::string outline;
  for (size_t i = 0; i < h.model.kinds.size(); ++i) if (h.model.kinds[i] == "outline") outline = h.model.prompts[i];
  CHECK(outline.find("Notes taken on the whole transcript") != std::string::npos);
  // Notes on every part, first turn to last (condensed in groups here: a 6k context has little room for them).
  CHECK(outline.find("Part 1 (turns T1 to T") != std::string::npos);
  CHECK(outline.find(" to T" + std::to_string(LongAnswers().turns.size()) + "):") != std::string::npos);
  // The sponsor read and the thanks the notes found are left out of every section.
  const ArticleEvidence& ev = p.result().evidence;
  CHECK(std::find(ev.excluded_turn_ids.begin(), ev.excluded_turn_ids.end(), 1) != ev.excluded_turn_ids.end());
  for (const SectionEvidence& s : ev.sections) CHECK(std::find(s.source_turn_ids.begin(), s.source_turn_ids.end(), 1) == s.source_turn_ids.end());
}

TEST_CASE("schemas keep the order a writer works in: themes before everything, the title last") {
  const ArticleSpec spec = PresetSpec("wechat_long_read_zh");
  const auto outline = prompts::OutlineSchema(spec);
  REQUIRE(outline["properties"].is_object());
  CHECK(outline["properties"].begin().key() == "sections");
  CHECK(outline["required"][0] == "sections");
  const auto front = prompts::FrontMatterSchema(spec);
  std::vector<std::string> keys;
  for (auto it = front["properties"].begin(); it != front["properties"].end(); ++it) keys.push_back(it.key());
  REQUIRE(keys.size() >= 4);
  CHECK(keys.front() == "highlights");
  const auto pos = [&](const char* k) { return std::find(keys.begin(), keys.end(), k) - keys.begin(); };
  CHECK(pos("introduction") < pos("lead"));
  CHECK(pos("conclusion") < pos("title"));
  CHECK(pos("lead") < pos("title"));
  const auto section = prompts::SectionSchema();
  CHECK(section["properties"].begin().key() == "quotes");
}

TEST_CASE("themes, not chapters: sections draw on several turn ranges; sponsor reads and thanks stay out of them, in the dialogue") {
  Harness h;
  // An outline whose points name no turns: each writer reads every turn of its theme in full.
  // A theme that comes back later in the talk: section 1 takes turns 3-6 and 20-24.
  h.model.override_answer = [&](const std::string& kind, const json&) -> std::string {
    if (kind != "outline") return "";
    json o = {{"sections", {{{"heading", "Data"}, {"points", {"p"}}, {"turn_ranges", {{{"first_turn", 3}, {"last_turn", 6}}, {{"first_turn", 20}, {"last_turn", 24}}}}},
                            {{"heading", "Speed"}, {"points", {"p"}}, {"turn_ranges", {{{"first_turn", 7}, {"last_turn", 12}}}}},
                            {{"heading", "Consumers"}, {"points", {"p"}}, {"turn_ranges", {{{"first_turn", 13}, {"last_turn", 19}}, {{"first_turn", 25}, {"last_turn", 33}}}}},
                            {{"heading", "Quality"}, {"points", {"p"}}, {"turn_ranges", {{{"first_turn", 5}, {"last_turn", 6}}, {{"first_turn", 34}, {"last_turn", 34}}}}}}},
              {"excluded", {{{"first_turn", 1}, {"last_turn", 2}, {"kind", "housekeeping"}}, {{"first_turn", 34}, {"last_turn", 34}, {"kind", "housekeeping"}}}},
              {"glossary", {{{"source", "Signal and Noise"}, {"rendering", "Signal and Noise"}, {"kind", "product"}, {"note", "the show"}}}},
              {"main_subject", "data"}};
    return o.dump();
  };
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("blog_post_en"), Sample());
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  const ArticleEvidence& ev = p.result().evidence;
  REQUIRE(ev.sections.size() == 4);
  const std::vector<int> data = {3, 4, 5, 6, 20, 21, 22, 23, 24};
  CHECK(ev.sections[0].source_turn_ids == data);
  // Turns 5-6 were claimed twice: they stay with the first theme, unless the second would be left with
  // nothing ("Quality": 34 is excluded), then it shares them.
  CHECK(ev.sections[1].source_turn_ids == std::vector<int>{7, 8, 9, 10, 11, 12});
  CHECK(ev.sections[3].source_turn_ids == std::vector<int>{5, 6});
  CHECK(ev.excluded_turn_ids == std::vector<int>{1, 2, 34});
  // The section prompt marks the gap between its ranges and holds both.
  std::string first;
  for (const std::string& pr : h.model.prompts) if (pr.find("Write the section \"Data\"") != std::string::npos) first = pr;
  CHECK(first.find("[T6]") != std::string::npos);
  CHECK(first.find("[…]\n[T20]") != std::string::npos);
  CHECK(first.find("[T2]") == std::string::npos);
  // Excluded turns stay in the dialogue? The blog preset has none: nothing to check. Every substantive turn is used.
  std::set<int> used;
  for (const SectionEvidence& s : ev.sections) used.insert(s.source_turn_ids.begin(), s.source_turn_ids.end());
  CHECK(used.size() == Sample().turns.size() - 3);
}

TEST_CASE("the talk is read in full once: a section is written from the outline's notes, its quotations in context and the turns no note covers") {
  Harness h;
  auto range = [](int a, int b) { return json{{"first_turn", a}, {"last_turn", b}}; };
  // The ranges as a list, never a json: "{range(3, 4)}" passed as a json is an array under GCC and the range
  // itself under Clang (brace elision with one element).
  auto point = [](const char* text, std::initializer_list<json> ranges) {
    return json{{"text", text}, {"turn_ranges", json::array_t(ranges)}};
  };
  h.model.override_answer = [&](const std::string& kind, const json&) -> std::string {
    if (kind != "outline") return "";
    json o = {{"sections",
               {{{"heading", "Data"},
                 {"points", {point("A model trained on last year's internet is a poor reporter.", {range(3, 4)}),
                             point("Few companies have a stream of public conversation at scale.", {range(5, 6)})}},
                 {"quotes", {{{"turn_id", 4}, {"words", "Because a model trained on last year's internet is a very good historian and a very poor reporter."}}}}},
                {{"heading", "Speed"},
                 // Turn 8 is in no point: it reaches the writer in full.
                 {"points", {point("A data center stood up in ten days.", {range(7, 7), range(9, 14)})}},
                 {"quotes", json::array()}},
                {{"heading", "Consumers"},
                 {"points", {point("Models will live inside the apps people already use.", {range(15, 20)})}},
                 // Words that are not what turn 16 says: not shown as a quotation; the turn is given in full.
                 {"quotes", {{{"turn_id", 16}, {"words", "Standalone apps are doomed."}}}}},
                {{"heading", "Money"},
                 {"points", {point("Inference costs fall about ten times a year.", {range(21, 32)})}},
                 {"quotes", json::array()}}}},
              {"excluded", {range(1, 2), range(33, 34)}},
              {"glossary", json::array()},
              {"main_subject", "data"}};
    o["excluded"][0]["kind"] = "housekeeping";
    o["excluded"][1]["kind"] = "housekeeping";
    return o.dump();
  };
  const Transcript t = Sample();
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("blog_post_en"), t);
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  auto section_prompt = [&](const std::string& heading) {
    for (size_t i = 0; i < h.model.kinds.size(); ++i)
      if (h.model.kinds[i] == "section" && h.model.prompts[i].find("Write the section \"" + heading + "\"") != std::string::npos) return h.model.prompts[i];
    return std::string();
  };
  auto full_line = [&](int id) { return prompts::TurnLine(t, t.turns[id - 1]) + "\n"; };
  const std::string data = section_prompt("Data"), speed = section_prompt("Speed"), consumers = section_prompt("Consumers");
  REQUIRE(!data.empty());
  // The notes, each with the turns it comes from.
  CHECK(data.find("- A model trained on last year's internet is a poor reporter. [T3-T4]\n") != std::string::npos);
  CHECK(speed.find("- A data center stood up in ten days. [T7, T9-T14]\n") != std::string::npos);
  // The chosen quotation, and its turn with the sentence after it, not the whole turn.
  CHECK(data.find("- [T4] “Because a model trained on last year's internet is a very good historian and a very poor reporter.”\n") != std::string::npos);
  CHECK(data.find("[T4] Daniel Okafor: Because a model trained on last year's internet is a very good historian and a very poor reporter. "
                  "If you ask it what happened this morning, it has to guess. …\n") != std::string::npos);
  CHECK(data.find("will build products that feel alive") == std::string::npos);
  // Turns covered by a note are not read again.
  for (int id : {3, 5, 6}) { CAPTURE(id); CHECK(data.find("[T" + std::to_string(id) + "] ") == std::string::npos); }
  for (int id : {7, 9, 10, 14}) { CAPTURE(id); CHECK(speed.find(full_line(id)) == std::string::npos); }
  // A turn in no note is read in full, and counts as drawn on.
  CHECK(speed.find(full_line(8)) != std::string::npos);
  const ArticleEvidence& ev = p.result().evidence;
  REQUIRE(ev.sections.size() == 4);
  CHECK(ev.sections[1].source_turn_ids == std::vector<int>{7, 8, 9, 10, 11, 12, 13, 14});
  // A quotation whose words are not in its turn is not passed on; the turn is, in full.
  CHECK(consumers.find("Standalone apps are doomed") == std::string::npos);
  CHECK(consumers.find(full_line(16)) != std::string::npos);
  // Together the sections cover every substantive turn, and their quotations verify.
  std::set<int> used;
  for (const SectionEvidence& s : ev.sections) used.insert(s.source_turn_ids.begin(), s.source_turn_ids.end());
  CHECK(used.size() == t.turns.size() - 4);
  for (const QuoteCheck& q : p.result().checks.quotes) { CAPTURE(q.text); CHECK(q.ok); }
  // The transcript is read in full once (by the outline): the sections are given only the two turns no
  // note or quotation carries.
  std::set<int> whole_turns_in_sections;
  for (size_t i = 0; i < h.model.kinds.size(); ++i) {
    const std::string& pr = h.model.prompts[i];
    if (h.model.kinds[i] != "section" || pr.find("the previous version of this section had") != std::string::npos) continue;
    for (const Turn& turn : t.turns)
      if (pr.find(full_line(turn.id)) != std::string::npos) whole_turns_in_sections.insert(turn.id);
  }
  CHECK(whole_turns_in_sections == std::set<int>{8, 16});
  // These notes are thin: a section that came out far too short is rewritten from every turn of its theme.
  bool rewritten_in_full = false;
  for (const SectionRewrite& r : p.result().repairs) {
    bool short_one = false;
    for (const std::string& why : r.problems) short_one |= why.find("far under its length") != std::string::npos;
    if (!short_one) continue;
    for (size_t i = 0; i < h.model.kinds.size(); ++i) {
      const std::string& pr = h.model.prompts[i];
      if (h.model.kinds[i] != "section" || pr.find("the previous version of this section had") == std::string::npos ||
          pr.find("Write the section \"" + ev.sections[r.section].heading + "\"") == std::string::npos)
        continue;
      bool all = true;
      for (int id : ev.sections[r.section].source_turn_ids) all &= pr.find(full_line(id)) != std::string::npos;
      rewritten_in_full |= all;
    }
  }
  CHECK(rewritten_in_full);
}

TEST_CASE("front matter is written last, from the finished sections; the glossary reaches every writing step and dialogue chunk") {
  Harness h;
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("wechat_long_read_zh"), Sample());
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  // Order: every section request before the front matter request.
  size_t last_section = 0, front = 0;
  for (size_t i = 0; i < h.model.kinds.size(); ++i) {
    if (h.model.kinds[i] == "section") last_section = i;
    if (h.model.kinds[i] == "front_matter") front = i;
  }
  CHECK(front > last_section);
  REQUIRE(h.model.calls["front_matter"] == 1);
  const std::string& fp = h.model.prompts[front];
  for (int i = 0; i < 3; ++i) {
    const Step* s = StepById(p, "section-" + std::to_string(i));
    REQUIRE(s);
    const json body = json::parse(s->text, nullptr, false);
    CHECK(fp.find(js::Str(body, "body").substr(0, 60)) != std::string::npos);
  }
  // The glossary (the speakers at least) in every section, the front matter and every dialogue chunk.
  int dialogue = 0;
  for (size_t i = 0; i < h.model.kinds.size(); ++i) {
    const std::string& k = h.model.kinds[i];
    if (k != "section" && k != "front_matter" && k != "dialogue") continue;
    dialogue += k == "dialogue";
    CAPTURE(k);
    CHECK(h.model.prompts[i].find("- Daniel Okafor → Daniel Okafor") != std::string::npos);
  }
  CHECK(dialogue >= 2);
  // Tone and audience of the preset reach the writing steps.
  CHECK(fp.find("Audience: Chinese readers of WeChat public accounts") != std::string::npos);
  CHECK(fp.find("Tone: insightful, vivid, accessible") != std::string::npos);
  // Excluded housekeeping (the welcome, the thanks) is still in the dialogue.
  CHECK(p.result().content.dialogue.size() == Sample().turns.size());
  CHECK(!p.result().evidence.excluded_turn_ids.empty());
  CHECK(p.result().evidence.dialogue_turn_ids.size() == Sample().turns.size());
}

TEST_CASE("evidence: quotes with their original words, turn and speaker; cited turns per section") {
  Harness h;
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("wechat_long_read_zh"), Sample());
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  const ArticleEvidence& ev = p.result().evidence;
  int quotes = 0;
  for (const SectionEvidence& s : ev.sections) {
    CHECK(!s.cited_turn_ids.empty());
    for (const QuoteEvidence& q : s.quotes) {
      ++quotes;
      REQUIRE(q.turn_id >= 1);
      CHECK(p.transcript().turns[q.turn_id - 1].text.find(q.original) != std::string::npos);   // original words, verbatim
      CHECK(q.speaker == p.transcript().DisplayName(p.transcript().turns[q.turn_id - 1].speaker));
      CHECK(q.rendered.find("（译）") == 0);
    }
  }
  CHECK(quotes >= 3);
  CHECK(ev.highlight_turn_ids.size() == 4);
  CHECK(!ev.glossary.empty());
}

TEST_CASE("turn markers in every bracket form never reach readers") {
  Harness h;
  h.model.override_answer = [&](const std::string& kind, const json&) -> std::string {
    if (kind != "section") return "";
    const int n = h.model.calls["section"];
    const char* forms[] = {"它很快【T4】。“很好”（T5）。又一句 [T6, T7]，再一句[T8-T10]。", "一句(T11)。二句［T12］。三句【T12，T13】。",
                           "一句[t14]。二句【T15–T16】。三句〔T17〕。"};
    return json{{"quotes", json::array()}, {"body", std::string(forms[(n - 1) % 3]) + std::string(200, 'x')}}.dump();
  };
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("wechat_long_read_zh"), Sample());
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  const std::string& md = p.result().markdown;
  for (const char* m : {"T4", "T5", "T6", "T8", "T11", "T12", "T14", "T15", "T17"}) {
    CAPTURE(m);
    CHECK(md.find(m) == std::string::npos);
  }
  CHECK(p.result().marked_markdown.find("[T4]") != std::string::npos);   // canonical for the checks
  CHECK(p.result().marked_markdown.find("[T15-T16]") != std::string::npos);
}

TEST_CASE("the repair round: a section that drifts into English or repeats another is rewritten once, naming the problem") {
  Harness h;
  h.model.drift_rate = 1.0;   // every first version of a section drifts into English
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("wechat_long_read_zh"), Sample());
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  CHECK(h.model.drifted == 3);
  REQUIRE(p.result().repairs.size() == 3);
  for (const SectionRewrite& r : p.result().repairs) {
    bool named = false;
    for (const std::string& pr : r.problems) named |= pr.find("not in Simplified Chinese") != std::string::npos;
    CHECK(named);
  }
  CHECK(h.model.repairs_seen == 3);
  CHECK(h.model.calls["section"] == 6);   // once each, and once more each: never a second repair
  for (const auto& s : p.result().content.sections) CHECK(CountScripts(s.body).han > CountScripts(s.body).latin / 3);

  Harness h2;
  h2.model.repeat_rate = 1.0;   // every section after the first copies a paragraph of an earlier one
  Pipeline q(h2.net, h2.sched, h2.provider, PresetSpec("blog_post_en"), Sample());
  Run(h2, q);
  REQUIRE(q.status() == Pipeline::Status::Done);
  CHECK(h2.model.repeated >= 2);
  int repeats = 0;
  for (const SectionRewrite& r : q.result().repairs)
    for (const std::string& pr : r.problems) repeats += pr.find("repeats what section") != std::string::npos;
  CHECK(repeats >= 2);
  // After the rewrite no section shares a paragraph with another.
  const auto& secs = q.result().content.sections;
  for (size_t i = 0; i < secs.size(); ++i)
    for (size_t k = i + 1; k < secs.size(); ++k) {
      const std::string para = secs[k].body.substr(0, secs[k].body.find("\n\n"));
      CHECK(secs[i].body.find(para) == std::string::npos);
    }
}

TEST_CASE("a dialogue chunk that keeps failing never blocks the article: original words, a note, its own retry") {
  Harness h;
  bool fail = true;
  h.model.fault = [&](const std::string& kind, const json& body, int) {
    test::ScriptedResponse r;
    r.status = 0;
    if (fail && kind == "dialogue" && std::string(body["messages"].back()["content"]).find("[T1] ") != std::string::npos) {
      r.status = 400;
      r.chunks = {R"({"error":{"message":"Invalid request","type":"invalid_request_error"}})"};
    }
    return r;
  };
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("wechat_long_read_zh"), Sample());
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  REQUIRE(p.result().dialogue_gaps.size() == 1);
  const DialogueGap gap = p.result().dialogue_gaps[0];
  CHECK(gap.turn_ids.front() == 1);
  const std::string& md = p.result().markdown;
  CHECK(md.find("以下几段保留原文") != std::string::npos);
  CHECK(md.find("Welcome back to Signal and Noise") != std::string::npos);   // T1 as said
  CHECK(p.result().content.dialogue.size() == Sample().turns.size());
  CHECK(p.StateJson()["dialogueGaps"].size() == 1);
  // Its own retry: only that chunk is sent; the article is assembled again without the note.
  fail = false;
  const size_t sent = h.model.prompts.size();
  REQUIRE(p.RetryStep(gap.step_id));
  h.sched.RunUntilIdle();
  REQUIRE(p.status() == Pipeline::Status::Done);
  CHECK(h.model.prompts.size() == sent + 1);
  CHECK(p.result().dialogue_gaps.empty());
  CHECK(p.result().markdown.find("以下几段保留原文") == std::string::npos);
}

TEST_CASE("the glossary can be corrected after the run: renderings and speech-recognition errors change everywhere") {
  Harness h;
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("wechat_long_read_zh"), Sample());
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  const size_t sent = h.model.prompts.size();
  REQUIRE(p.CorrectGlossary({"Daniel Okafor", "丹尼尔·奥卡福", "person", "guest"}));
  REQUIRE(p.CorrectGlossary({"Signal and Noise", "Signal & Noise", "product", "the show's name, misheard"}));
  CHECK(h.model.prompts.size() == sent);   // nothing sent again
  const std::string& md = p.result().markdown;
  CHECK(md.find("Daniel Okafor") == std::string::npos);
  CHECK(md.find("丹尼尔·奥卡福") != std::string::npos);
  CHECK(md.find("Signal and Noise") == std::string::npos);
  CHECK(md.find("Signal & Noise") != std::string::npos);
  CHECK(p.result().evidence.glossary.size() == p.glossary().size());
  CHECK_FALSE(p.CorrectGlossary({"", "x", "", ""}));
  // The corrections survive a reload, and steps still to run get them.
  const json saved = p.Save();
  Harness h2;
  Pipeline q(h2.net, h2.sched, h2.provider, PresetSpec("wechat_long_read_zh"), Sample());
  std::string err;
  REQUIRE(q.Restore(saved, &err));
  auto it = std::find_if(q.glossary().begin(), q.glossary().end(), [](const GlossaryEntry& e) { return e.source == "Daniel Okafor"; });
  REQUIRE(it != q.glossary().end());
  CHECK(it->rendering == "丹尼尔·奥卡福");
  REQUIRE(q.RegenerateSection(0, "shorter"));
  h2.sched.RunUntilIdle();
  REQUIRE(h2.model.prompts.size() == 1);
  CHECK(h2.model.prompts[0].find("- Daniel Okafor → 丹尼尔·奥卡福") != std::string::npos);
}

// The outline's glossary writes names as said ("Daniel Okafor" -> "Daniel Okafor"); a correction whose
// rendering contains them is applied once, and applying it again (or after a reload) changes nothing.
TEST_CASE("a glossary correction is applied exactly once") {
  auto count = [](const std::string& s, const std::string& what) {
    size_t n = 0;
    for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
    return n;
  };
  Harness h;
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("blog_post_en"), Sample());
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  const size_t mentions = count(p.result().markdown, "Daniel Okafor");
  REQUIRE(mentions > 0);
  const GlossaryEntry jr{"Daniel Okafor", "Daniel Okafor Jr.", "person", ""};
  REQUIRE(p.CorrectGlossary(jr));
  const std::string once = p.result().markdown;
  CHECK(count(once, "Daniel Okafor Jr.") == mentions);
  CHECK(count(once, "Jr. Jr.") == 0);
  REQUIRE(p.CorrectGlossary(jr));
  CHECK(p.result().markdown == once);
  Harness h2;
  Pipeline q(h2.net, h2.sched, h2.provider, PresetSpec("blog_post_en"), Sample());
  std::string err;
  REQUIRE(q.Restore(p.Save(), &err));
  q.Start();   // everything is written: assembled without sending anything
  h2.sched.RunUntilIdle();
  REQUIRE(q.status() == Pipeline::Status::Done);
  CHECK(h2.model.prompts.empty());
  CHECK(q.result().markdown == once);
  REQUIRE(q.CorrectGlossary(jr));
  CHECK(q.result().markdown == once);
}

TEST_CASE("dialogue length: full, key exchanges, off — switching does not pay again for what is written") {
  Harness h;
  ArticleSpec spec = PresetSpec("wechat_long_read_zh");
  Pipeline p(h.net, h.sched, h.provider, spec, Sample());
  const PipelinePlan full = p.Plan();
  CHECK(full.article_length > 1000);
  CHECK(full.dialogue_length > 1000);   // a 6-minute talk, translated
  CHECK(full.length_unit == "characters");
  CHECK(full.summary.find("article about") != std::string::npos);
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  const size_t sent = h.model.prompts.size();
  REQUIRE(p.SetDialogueLength(DialogueLength::Off));
  CHECK(h.model.prompts.size() == sent);
  CHECK(p.result().markdown.find("## 详细对话") == std::string::npos);
  REQUIRE(p.SetDialogueLength(DialogueLength::Full));
  CHECK(p.result().markdown.find("## 详细对话") != std::string::npos);   // the chunks were kept
  CHECK(h.model.prompts.size() == sent);

  spec.dialogue_length = DialogueLength::KeyExchanges;
  Harness h2;
  Pipeline k(h2.net, h2.sched, h2.provider, spec, Sample());
  const PipelinePlan key = k.Plan();
  CHECK(key.dialogue_length < full.dialogue_length / 3);
  CHECK((key.dialogue_steps < full.dialogue_steps || full.dialogue_steps == 1));
  Run(h2, k);
  REQUIRE(k.status() == Pipeline::Status::Done);
  const auto& d = k.result().evidence.dialogue_turn_ids;
  CHECK(!d.empty());
  CHECK(d.size() < Sample().turns.size() / 2);
  CHECK(k.result().markdown.find("## 详细对话") != std::string::npos);
}

TEST_CASE("long turns are split at sentence boundaries into pieces with their own ids; the dialogue joins them again") {
  std::string monologue = "[00:00:01] Daniel Okafor:";
  for (int i = 0; i < 120; ++i) monologue += " Sentence number " + std::to_string(i) + " explains one more detail of the build.";
  monologue += "\n[00:09:00] Maya Chen: Thank you.\n";
  const Transcript t = ParseTranscript(monologue);
  REQUIRE(t.turns.size() == 2);
  std::vector<int> origin;
  const Transcript pieces = SplitLongTurns(t, 400, TokenizerFamily::OpenAI, &origin);
  REQUIRE(pieces.turns.size() > 3);
  std::string joined;
  for (size_t i = 0; i + 1 < pieces.turns.size(); ++i) {
    CHECK(pieces.turns[i].id == (int)i + 1);
    CHECK(origin[i] == 1);
    CHECK(EstimateTokens(pieces.turns[i].text) <= 400);
    CHECK(text::EndsWith(pieces.turns[i].text, "build."));   // a sentence boundary
    text::AppendJoined(joined, pieces.turns[i].text);
  }
  CHECK(joined == t.turns[0].text);
  CHECK(origin.back() == 2);
  Harness h;
  ArticleSpec spec = PresetSpec("wechat_long_read_zh");
  spec.dialogue = DialogueMode::Cleaned;
  Pipeline p(h.net, h.sched, h.provider, spec, t);
  CHECK(p.transcript().turns.size() == pieces.turns.size());
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  REQUIRE(p.result().content.dialogue.size() == 2);
  CHECK(p.result().content.dialogue[0].text == t.turns[0].text);
}

TEST_CASE("Chinese typography is applied to the WeChat preset's article, and only where the spec asks") {
  Harness h;
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("wechat_long_read_zh"), Sample());
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  for (const auto& s : p.result().content.sections) {
    CAPTURE(s.body);
    CHECK_FALSE(HasHanNextToLatin(RemoveTurnMarkers(s.body)));
    CHECK_FALSE(HasHanNextToLatin(s.heading));
  }
  ArticleSpec off = PresetSpec("wechat_long_read_zh");
  off.chinese_typography = false;
  Harness h2;
  Pipeline q(h2.net, h2.sched, h2.provider, off, Sample());
  Run(h2, q);
  REQUIRE(q.status() == Pipeline::Status::Done);
  bool raw = false;
  for (const auto& s : q.result().content.sections) raw |= HasHanNextToLatin(RemoveTurnMarkers(s.body));
  CHECK(raw);
}

TEST_CASE("prompts carry no text in another language than the output, beyond the transcript itself") {
  Harness h;
  Pipeline p(h.net, h.sched, h.provider, PresetSpec("blog_post_en"), Sample());
  Run(h, p);
  REQUIRE(p.status() == Pipeline::Status::Done);
  for (size_t i = 0; i < h.model.prompts.size(); ++i) {
    const std::string& pr = h.model.prompts[i];
    CAPTURE(h.model.kinds[i]);
    const ScriptCounts sc = CountScripts(pr);
    CHECK(sc.han + sc.kana + sc.hangul == 0);
    CHECK(pr.find("English") != std::string::npos);   // the output language is named
  }
}
