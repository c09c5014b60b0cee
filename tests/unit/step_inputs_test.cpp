// What a change of spec makes the pipeline write again: the table of which step reads which spec field,
// checked field by field, and runs that keep every finished step whose inputs did not change.
#include <functional>
#include <set>

#include "app/app.h"
#include "core/pipeline.h"
#include "core/step_inputs.h"
#include "core/summary.h"
#include "doctest/doctest.h"
#include "platform/native/native_platform.h"
#include "platform/native/scripted_transport.h"
#include "support/fake_model.h"
#include "support/pipeline_harness.h"
#include "test_util.h"

using namespace tp;
using nlohmann::json;

namespace {

constexpr unsigned kNotes = StepBit(StepKind::Notes), kOutline = StepBit(StepKind::Outline), kSection = StepBit(StepKind::Section),
                   kFront = StepBit(StepKind::FrontMatter), kDialogue = StepBit(StepKind::Dialogue);
constexpr unsigned kFromOutline = kOutline | kSection | kFront | kDialogue;   // the outline and everything that reads it

std::string Names(unsigned bits) {
  std::string s;
  for (StepKind k : {StepKind::Notes, StepKind::Outline, StepKind::Section, StepKind::FrontMatter, StepKind::Dialogue})
    if (bits & StepBit(k)) s += std::string(s.empty() ? "" : " ") + StepKindName(k);
  return s.empty() ? "(assembly only)" : s;
}

ArticleSpec Base() {
  ArticleSpec s = FindPreset("wechat_long_read_zh")->spec;
  s.section_headings = {"Who owns real-time data", "Speed as culture", "Distribution"};
  s.dialogue = DialogueMode::Translated;
  s.dialogue_length = DialogueLength::Full;
  s.title_emoji = EmojiPlacement::End;
  return s;
}

struct FieldCase {
  const char* field;                        // the spec's JSON field
  const char* change;
  std::function<void(ArticleSpec&)> edit;
  unsigned redone;                          // kinds of step written again
  std::vector<int> sections;                // body sections written again
};

const std::vector<int> kAll = {0, 1, 2};

const std::vector<FieldCase>& Cases() {
  static const std::vector<FieldCase> cases = {
      {"output_language", "zh-Hans → en", [](ArticleSpec& s) { s.output_language = "en"; }, kNotes | kFromOutline, kAll},
      {"section_count", "4 → 5 (headings given: unused)", [](ArticleSpec& s) { s.section_count = 5; }, 0, {}},
      {"section_count", "4 → 5 (no headings)", [](ArticleSpec& s) { s.section_headings.clear(); s.section_count = 5; }, kFromOutline, {0, 1, 2, 3, 4}},
      {"section_headings", "rename the second", [](ArticleSpec& s) { s.section_headings[1] = "Why speed is a culture"; }, kSection, {1}},
      {"section_headings", "add a fourth", [](ArticleSpec& s) { s.section_headings.push_back("What comes next"); }, kFromOutline, {0, 1, 2, 3}},
      {"tone", "another tone", [](ArticleSpec& s) { s.tone = "dry"; }, kFromOutline, kAll},
      {"audience", "another audience", [](ArticleSpec& s) { s.audience = "engineers"; }, kFromOutline, kAll},
      {"instructions", "new instructions", [](ArticleSpec& s) { s.instructions = "focus on costs"; }, kFromOutline, kAll},
      {"section_length", "450 → 600", [](ArticleSpec& s) { s.section_length = 600; }, kSection | kFront, kAll},
      {"length_unit", "characters → words", [](ArticleSpec& s) { s.length_unit = LengthUnit::Words; }, kSection | kFront, kAll},
      {"highlights", "4 → 3", [](ArticleSpec& s) { s.highlights = 3; }, kFront, {}},
      {"quotes", "0 → 2", [](ArticleSpec& s) { s.quotes = 2; }, kFront, {}},
      {"title_style", "question → hook", [](ArticleSpec& s) { s.title_style = TitleStyle::Hook; }, kFront, {}},
      {"title_emoji", "end → start", [](ArticleSpec& s) { s.title_emoji = EmojiPlacement::Start; }, 0, {}},
      {"title_emoji", "end → off", [](ArticleSpec& s) { s.title_emoji = EmojiPlacement::Off; }, kFront, {}},
      {"lead", "off", [](ArticleSpec& s) { s.lead = !s.lead; }, kFront, {}},
      {"introduction", "off", [](ArticleSpec& s) { s.introduction = !s.introduction; }, kFront, {}},
      {"conclusion", "off", [](ArticleSpec& s) { s.conclusion = !s.conclusion; }, kFront, {}},
      {"dialogue", "translated → cleaned", [](ArticleSpec& s) { s.dialogue = DialogueMode::Cleaned; }, kDialogue, {}},
      {"dialogue", "translated → off", [](ArticleSpec& s) { s.dialogue = DialogueMode::Off; }, kDialogue, {}},
      {"dialogue_length", "full → key exchanges", [](ArticleSpec& s) { s.dialogue_length = DialogueLength::KeyExchanges; }, kFromOutline, kAll},
      {"dialogue_length", "full → off", [](ArticleSpec& s) { s.dialogue_length = DialogueLength::Off; }, 0, {}},
      {"dialogue_render", "fenced → paragraphs", [](ArticleSpec& s) { s.dialogue_render = DialogueRender::Paragraphs; }, 0, {}},
      {"introduction_subtitle", "off", [](ArticleSpec& s) { s.introduction_subtitle = !s.introduction_subtitle; }, 0, {}},
      {"conclusion_subtitle", "off", [](ArticleSpec& s) { s.conclusion_subtitle = !s.conclusion_subtitle; }, 0, {}},
      {"links", "on", [](ArticleSpec& s) { s.links = !s.links; }, 0, {}},
      {"timestamps_in_headings", "on", [](ArticleSpec& s) { s.timestamps_in_headings = !s.timestamps_in_headings; }, 0, {}},
      {"timestamps_in_dialogue", "on", [](ArticleSpec& s) { s.timestamps_in_dialogue = !s.timestamps_in_dialogue; }, 0, {}},
      {"source_link", "off", [](ArticleSpec& s) { s.source_link = !s.source_link; }, 0, {}},
      {"chinese_typography", "toggle", [](ArticleSpec& s) { s.chinese_typography = !s.chinese_typography; }, 0, {}},
      {"labels", "own highlights label", [](ArticleSpec& s) { s.labels.highlights = "In short"; }, 0, {}},
      {"name", "renamed", [](ArticleSpec& s) { s.name = "My preset"; }, 0, {}},
      {"version", "unchanged", [](ArticleSpec&) {}, 0, {}},
  };
  return cases;
}

}  // namespace

TEST_CASE("each spec field invalidates exactly the steps that read it") {
  for (const FieldCase& c : Cases()) {
    CAPTURE(c.field);
    CAPTURE(c.change);
    ArticleSpec after = Base();
    c.edit(after);
    std::vector<int> sections;
    const unsigned redone = InvalidatedSteps(Base(), after, &sections);
    CHECK_MESSAGE(redone == c.redone, "redone: " << Names(redone) << ", expected: " << Names(c.redone));
    CHECK(sections == c.sections);
  }
}

TEST_CASE("every spec field has a rule, and a case above") {
  const json fields = SpecToJson(Base());
  std::set<std::string> ruled, cased;
  for (const SpecStepInput& in : SpecStepInputs()) ruled.insert(in.field);
  for (const FieldCase& c : Cases()) cased.insert(c.field);
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    CAPTURE(it.key());
    CHECK(ruled.count(it.key()) == 1);
    CHECK(cased.count(it.key()) == 1);
  }
  for (const std::string& f : ruled) CHECK_MESSAGE(fields.contains(f), f << " is not a spec field");
}

TEST_CASE("a key changes with the context the pipeline adds (transcript, model), not with unrelated steps") {
  const ArticleSpec s = Base();
  CHECK(StepInputKey(StepKind::Section, 0, s, "t1|m") == StepInputKey(StepKind::Section, 0, s, "t1|m"));
  CHECK(StepInputKey(StepKind::Section, 0, s, "t1|m") != StepInputKey(StepKind::Section, 0, s, "t2|m"));
  CHECK(StepInputKey(StepKind::Section, 0, s, "t1|m") != StepInputKey(StepKind::Section, 1, s, "t1|m"));   // its own heading
  CHECK(StepInputKey(StepKind::FrontMatter, 0, s, "x") != StepInputKey(StepKind::Dialogue, 0, s, "x"));
  CHECK(StableHash("") == "cbf29ce484222325");   // FNV-1a 64, the same on every build
  CHECK(StableHash("a") == "af63dc4c8601ec8c");
}

// ---------------------------------------------------------------------------------------------- runs

namespace {

using Harness = test::PipelineHarness;

Transcript Sample() {
  Transcript t = ParseTranscript(test::ReadFile("assets/samples/interview_en.txt"));
  t.meta.title = "Signal and Noise";
  t.meta.source_url = "https://example.com/ep42";
  return t;
}

ArticleSpec RunSpec() {
  ArticleSpec s = FindPreset("blog_post_en")->spec;
  s.section_headings = {"Who owns real-time data", "Speed as culture", "Distribution"};
  return s;
}

struct Rerun {
  std::map<std::string, int> calls;   // requests by kind
  size_t requests = 0;
  std::vector<std::string> prompts;
  PipelineResult result;
  bool done = false;
};

// A finished run for `spec`, then a run for the changed inputs that starts from it.
Rerun RunAgain(const ArticleSpec& spec2, const Transcript& t2, const std::string& model2 = "fake") {
  Harness h;
  Pipeline first(h.net, h.sched, h.provider, RunSpec(), Sample());
  first.Start();
  h.sched.RunUntilIdle();
  REQUIRE(first.status() == Pipeline::Status::Done);
  Harness h2;
  h2.provider.model = model2;
  Pipeline next(h2.net, h2.sched, h2.provider, spec2, t2);
  std::string err;
  REQUIRE(next.Restore(first.Save(), &err));
  next.Start();
  h2.sched.RunUntilIdle();
  Rerun r;
  r.done = next.status() == Pipeline::Status::Done;
  r.calls = h2.model.calls;
  r.requests = h2.model.prompts.size();
  r.prompts = h2.model.prompts;
  r.result = next.result();
  return r;
}

}  // namespace

TEST_CASE("a changed title or source URL sends nothing: the article is assembled again") {
  Transcript t = Sample();
  t.meta.title = "Another title";
  t.meta.source_url = "https://example.com/other";
  const Rerun r = RunAgain(RunSpec(), t);
  CHECK(r.done);
  CHECK(r.requests == 0);
  CHECK(r.result.markdown.find("https://example.com/other") != std::string::npos);
}

TEST_CASE("a renamed heading rewrites that section alone") {
  ArticleSpec s = RunSpec();
  s.section_headings[1] = "Why speed is a culture";
  const Rerun r = RunAgain(s, Sample());
  CHECK(r.done);
  // Written, then checked like every new section: one the checks flag is rewritten once.
  REQUIRE(r.calls.size() == 1);
  CHECK(r.calls.count("section") == 1);
  CHECK(r.requests >= 1);
  CHECK(r.requests <= 2);
  for (const std::string& prompt : r.prompts) CHECK(prompt.rfind("Write the section \"Why speed is a culture\"", 0) == 0);
  if (r.requests == 2) CHECK(r.prompts[1].find("For this version: the previous version of this section had") != std::string::npos);
  CHECK(r.result.markdown.find("## Why speed is a culture") != std::string::npos);
  CHECK(r.result.markdown.find("## Who owns real-time data") != std::string::npos);
}

TEST_CASE("another number of highlights rewrites the front matter alone") {
  ArticleSpec s = RunSpec();
  s.highlights = s.highlights + 1;
  const Rerun r = RunAgain(s, Sample());
  CHECK(r.done);
  REQUIRE(r.calls.size() == 1);
  CHECK(r.calls.count("front_matter") == 1);
  CHECK(r.requests == 1);
  CHECK(r.result.content.highlights.size() == (size_t)s.highlights);
}

TEST_CASE("another language, transcript or model redoes everything") {
  Harness h;
  Pipeline fresh(h.net, h.sched, h.provider, RunSpec(), Sample());
  fresh.Start();
  h.sched.RunUntilIdle();
  const size_t all = h.model.prompts.size();
  ArticleSpec fr = RunSpec();
  fr.output_language = "fr";
  CHECK(RunAgain(fr, Sample()).calls["outline"] == 1);
  Transcript edited = Sample();
  edited.turns[3].text += " And one more thing.";
  const Rerun t = RunAgain(RunSpec(), edited);
  CHECK(t.requests == all);
  CHECK(RunAgain(RunSpec(), Sample(), "another-model").requests == all);
}

TEST_CASE("the app: Generate after a change keeps what it can, and the plan says how much runs again") {
  namespace native = platform::native;
  test::FakeModel model;
  native::TheStorage() = native::Storage();
  native::Transport().queue.clear();
  native::Transport().requests.clear();
  native::Transport().responder = [&model](const HttpRequest& r) { return model.Respond(r); };
  App app;
  TranscriptOrigin o;
  o.title = "Signal and Noise";
  o.source_url = "https://example.com/ep42";
  app.ReplaceTranscript(test::ReadFile("assets/samples/interview_en.txt"), o);
  app.UpdateSpec(RunSpec());
  app.ChooseProviderPreset("openai");
  app.SetApiKey("sk-good");
  std::string why;
  REQUIRE(app.Generate(&why));
  native::Scheduler().RunUntilIdle();
  REQUIRE(app.run()->status() == Pipeline::Status::Done);
  const int steps = (int)app.run()->steps().size();
  const size_t sent = native::Transport().requests.size();

  app.SetTitle("Signal, Noise and Speed");
  CHECK(app.Plan().kept_steps == steps);
  CHECK(app.Plan().summary.rfind("Regenerate 0 of " + std::to_string(steps) + " steps", 0) == 0);
  REQUIRE(app.Generate(&why));
  native::Scheduler().RunUntilIdle();
  CHECK(app.run()->status() == Pipeline::Status::Done);
  CHECK(native::Transport().requests.size() == sent);

  ArticleSpec s = RunSpec();
  s.section_headings[2] = "Who gets to learn first";
  app.UpdateSpec(s);
  CHECK(app.Plan().summary.rfind("Regenerate 1 of " + std::to_string(steps) + " steps", 0) == 0);
  REQUIRE(app.Generate(&why));
  native::Scheduler().RunUntilIdle();
  CHECK(app.run()->status() == Pipeline::Status::Done);
  CHECK(native::Transport().requests.size() >= sent + 1);   // that section, and its rewrite if the checks flag it
  CHECK(native::Transport().requests.size() <= sent + 2);
  CHECK(app.article().find("## Who gets to learn first") != std::string::npos);

  // Nothing changed: Generate writes a new version of everything.
  const size_t before = native::Transport().requests.size();
  REQUIRE(app.Generate(&why));
  native::Scheduler().RunUntilIdle();
  CHECK(native::Transport().requests.size() - before >= (size_t)steps);
  CHECK(app.Plan().summary.rfind("Regenerate", 0) == std::string::npos);

  // A renamed speaker goes into every prompt that quotes them: the plan, shown every frame, says so at once.
  const std::string label = app.project().transcript.speakers.front().label;
  REQUIRE(app.RenameSpeaker(label, "Dr. " + label, "guest"));
  CHECK(app.Plan().kept_steps < steps);
  CHECK(app.Plan().summary.rfind("Regenerate", 0) == 0);
  REQUIRE(app.Generate(&why));
  native::Scheduler().RunUntilIdle();
  CHECK(app.Plan().summary.rfind("Regenerate", 0) == std::string::npos);

  // Saving the structure as a preset names the spec after it: the run's fingerprint moves, and the plan,
  // read again, finds every step's inputs unchanged (a preset's name is in no prompt).
  const int done = (int)app.run()->steps().size();
  REQUIRE(app.SaveUserPreset("My long read", &why));
  CHECK(app.Plan().summary.rfind("Regenerate 0 of " + std::to_string(done) + " steps", 0) == 0);
  native::Transport().responder = nullptr;
}

// ---------------------------------------------------------------------------------------------- tokens

TEST_CASE("one token estimate: the parse summary and the plan count a transcript the same") {
  Harness h;
  const char* zh = "主持人：欢迎回来。今天我们聊实时数据。\n嘉宾：谢谢。实时数据改变了模型回答问题的方式，速度就是一切。\n";
  for (const Transcript& t : {Sample(), ParseTranscript(zh)}) {
    for (const char* model : {"gpt-4o", "deepseek-chat"}) {
      CAPTURE(model);
      ProviderConfig p = h.provider;
      p.model = model;
      if (std::string(model) == "deepseek-chat") { p.kind = ProviderKind::OpenAI; p.preset_id = "deepseek"; p.base_url = "https://api.deepseek.com/v1"; }
      Pipeline pipeline(h.net, h.sched, p, RunSpec(), t);
      const int planned = pipeline.Plan().transcript_tokens;
      CHECK(planned > 0);
      CHECK(TranscriptSummaryJson(t, p.Tokenizer())["estimatedTokens"].get<int>() == planned);
      CHECK(planned == TranscriptTokens(t, p.Tokenizer()));
    }
  }
  // CJK-aware: a Chinese character is about one token, English about four characters a token.
  const Transcript zt = ParseTranscript(zh);
  size_t chars = 0;
  for (const Turn& turn : zt.turns) chars += CountScripts(turn.text).han;
  CHECK(TranscriptTokens(zt) >= (int)chars);
  CHECK(TranscriptTokens(zt) <= (int)chars * 2);
  const Transcript en = ParseTranscript(std::string("A: ") + std::string(400, 'a') + " " + std::string(399, 'b'));
  CHECK(TranscriptTokens(en) > 150);
  CHECK(TranscriptTokens(en) < 300);
}
