// The App's intents on the native platform seams: versioned edits that never lose saved work, keys per
// provider origin, retry with the current settings, regenerating a section inside the user's edits with
// undo, persistence of every choice, and write failures reported.
#include <doctest/doctest.h>

#include "app/app.h"
#include "app/automation_api.h"
#include "core/json_util.h"
#include "core/pipeline_budget.h"
#include "core/provider_session.h"
#include "platform/storage.h"
#include "core/transcript_input.h"
#include "core/url.h"
#include "platform/native/native_platform.h"
#include "support/clean_device.h"
#include "test_util.h"

namespace tp {
namespace {

namespace native = platform::native;
using nlohmann::json;

const char* kTranscript =
    "Maya Chen: Welcome back to the show. Today we talk about real-time data.\n"
    "Daniel Okafor: Thanks, Maya. Real-time data changes how models answer questions.\n"
    "Maya Chen: Why does speed matter so much?\n"
    "Daniel Okafor: Because a model trained on last year's internet is a very good historian.\n"
    "Maya Chen: And distribution?\n"
    "Daniel Okafor: Distribution decides who gets to learn from users first.\n";

using Fresh = test::CleanDevice;

void Ready(App& app) {
  TranscriptOrigin o;
  o.title = "Signal and Noise";
  o.source_url = "https://example.com/ep42";
  app.ReplaceTranscript(kTranscript, o);
  app.ApplyPreset("blog_post_en");
  app.ChooseProviderPreset("openai");
  app.SetApiKey("sk-good");
}

std::string HeaderValue(const HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

TEST_CASE("an edit made on an older version of the transcript never overwrites it") {
  Fresh f;
  App app;
  Ready(app);
  const int v = app.transcript_version();
  CHECK_FALSE(app.EditTranscript("x", v - 1));   // a box that never showed the current text
  CHECK(app.project().transcript_text == kTranscript);
  CHECK(app.status().error);
  CHECK(app.transcript_version() > v);            // the box is shown the saved text again
  CHECK(app.EditTranscript(std::string(kTranscript) + "Maya Chen: Bye.\n", app.transcript_version()));
  app.BeginFrame(10.0);                           // after the typing pause: parsed
  CHECK(app.project().transcript.turns.size() == 7);
}

TEST_CASE("after an edit the app asks to be woken once, when the typing pause ends, and not after the parse") {
  Fresh f;
  App app;
  Ready(app);
  app.BeginFrame(1.0);
  CHECK(app.MsUntilTimedWork() == -1);   // nothing due: no timer at all
  REQUIRE(app.EditTranscript(std::string(kTranscript) + "Maya Chen: Bye.\n", app.transcript_version()));
  const int first = app.MsUntilTimedWork();
  CHECK(first >= 290);
  CHECK(first <= 300);                   // the whole typing pause, not a polling interval
  app.BeginFrame(1.1);
  CHECK(app.MsUntilTimedWork() <= first - 95);
  CHECK(app.MsUntilTimedWork() >= first - 105);
  app.BeginFrame(1.31);                  // the pause is over: parsed, nothing more is due
  CHECK(app.project().transcript.turns.size() == 7);
  CHECK(app.MsUntilTimedWork() == -1);
}

TEST_CASE("the parse after typing runs once, when due, in a frame of its own; its plan in the next one") {
  Fresh f;
  App app;
  Ready(app);
  app.BeginFrame(1.0);
  if (app.PlanPending()) app.PreparePlan();      // the text read at the start
  const size_t turns = app.project().transcript.turns.size();
  REQUIRE(app.EditTranscript(std::string(kTranscript) + "Maya Chen: Bye.\n", app.transcript_version()));
  CHECK_FALSE(app.ReparseIfDue(1.2));            // still within the typing pause: nothing parsed
  CHECK(app.project().transcript.turns.size() == turns);
  CHECK_FALSE(app.PlanPending());
  CHECK(app.ReparseIfDue(1.31));                 // due: parsed without a frame being drawn
  CHECK(app.project().transcript.turns.size() == turns + 1);
  CHECK(app.PlanPending());                      // the plan waits for a frame of its own
  CHECK(app.MsUntilTimedWork() == -1);
  CHECK_FALSE(app.ReparseIfDue(1.5));            // once
  app.PreparePlan();
  CHECK_FALSE(app.PlanPending());
  app.BeginFrame(1.6);                           // the drawn frame has nothing left to parse
  CHECK(app.project().transcript.turns.size() == turns + 1);
}

TEST_CASE("the plan follows every change of the spec and the parsed transcript, each through its own door") {
  Fresh f;
  App app;
  Ready(app);
  app.BeginFrame(1.0);
  if (app.PlanPending()) app.PreparePlan();
  const PipelinePlan before = app.Plan();
  REQUIRE(before.section_steps > 0);

  ArticleSpec spec = app.project().spec;   // an edit in the Structure tab
  spec.section_count = before.section_steps + 2;
  app.UpdateSpec(spec);
  CHECK(app.Plan().section_steps == before.section_steps + 2);

  REQUIRE(app.ApplyPreset("wechat_long_read_zh"));   // a preset: another language and length unit
  CHECK(app.Plan().length_unit != before.length_unit);

  const int tokens = app.Plan().transcript_tokens;   // a parse option: the same text read again
  REQUIRE(app.EditTranscript(std::string(kTranscript) + "Maya Chen: [laughter] [applause] [music] [crosstalk]\n",
                             app.transcript_version()));
  app.BeginFrame(2.0);
  const int with_noise = app.Plan().transcript_tokens;
  CHECK(with_noise > tokens);                          // the typed turn, once parsed
  app.SetRemoveNoise(true);
  CHECK(app.Plan().transcript_tokens < with_noise);    // the same text without its sound notes
}

TEST_CASE("the parse after a typing pause stops for a key waiting to be shown and goes on after it") {
  Fresh f;
  struct KeyWaits {   // as a key just typed in the box, not shown yet
    KeyWaits() { native::SetOverlayInputWaiting(true); }
    ~KeyWaits() { native::SetOverlayInputWaiting(false); }
  };
  App app;
  Ready(app);
  std::string talk;   // a 3-hour talk's size: parsed in several steps
  while (talk.size() < 250000) talk += kTranscript;
  REQUIRE(app.EditTranscript(talk, app.transcript_version()));
  // The pause is over: parsed, in as many frames as this machine needs (each frame reads for a set time).
  app.BeginFrame(1.0);
  for (int frame = 1; frame < 1000 && app.ReadingProgress() >= 0; ++frame) app.BeginFrame(1.0);
  if (app.PlanPending()) app.PreparePlan();
  const size_t turns = app.project().transcript.turns.size();
  REQUIRE(turns > 1000);

  REQUIRE(app.EditTranscript(talk + "Maya Chen: Bye.\n", app.transcript_version()));
  {
    KeyWaits key;
    CHECK(app.ReparseIfDue(1.31));
    CHECK(app.ReadingAfterTyping());                        // stopped after its first step
    CHECK(app.project().transcript.turns.size() == turns);  // the previous parse stays meanwhile
    CHECK(app.status().text.find("Reading") == std::string::npos);   // no progress message for it
    app.ContinueReading();                                  // the key still waits: nothing more
    CHECK(app.ReadingAfterTyping());
  }
  // The key is shown: it goes on, and ends (in more than one slice only on a slow machine).
  for (int frame = 0; frame < 1000 && app.ReadingAfterTyping(); ++frame) app.ContinueReading();
  CHECK_FALSE(app.ReadingAfterTyping());
  CHECK(app.project().transcript.turns.size() == turns + 1);
  CHECK(app.PlanPending());

  // Generate right then does not wait for it: it finishes at once.
  REQUIRE(app.EditTranscript(talk + "Maya Chen: Bye.\nDaniel Okafor: Bye!\n", app.transcript_version()));
  {
    KeyWaits key;
    CHECK(app.ReparseIfDue(2.0));
    CHECK(app.ReadingAfterTyping());
  }
  std::string why;
  app.Generate(&why);
  CHECK(why.find("being read") == std::string::npos);
  CHECK_FALSE(app.ReadingAfterTyping());
  CHECK(app.project().transcript.turns.size() == turns + 2);
}

TEST_CASE("an edit from a stale Markdown editor is refused; a current one is kept") {
  Fresh f;
  App app;
  app.ReplaceArticle("# One\n\nText.\n", "Generated");
  const int v = app.article_version();
  CHECK_FALSE(app.EditArticle("", v - 1));
  CHECK(app.article() == "# One\n\nText.\n");
  CHECK(app.article_version() > v);   // the editor is shown the current article again
  CHECK(app.EditArticle("# One\n\nText!\n", app.article_version()));
  CHECK(app.article() == "# One\n\nText!\n");
}

// The interface redraws the article and its checks every frame; both know from revisions, not by comparing
// the whole text, whether anything changed.
TEST_CASE("every change of the article's text moves its revision, and the checks are made again once per change") {
  Fresh f;
  App app;
  app.ReplaceArticle("# One\n\nShe said “we rebuilt it hourly”.\n", "Generated");
  const uint64_t replaced = app.article_revision();
  app.RecheckArticleIfEdited();
  const uint64_t checked = app.checks_revision();
  CHECK_FALSE(app.checks().is_null());
  app.RecheckArticleIfEdited();   // nothing changed: nothing is checked again
  CHECK(app.checks_revision() == checked);

  REQUIRE(app.EditArticle("# One\n\nShe said “we rebuilt it daily”.\n", app.article_version()));   // the editor
  CHECK(app.article_revision() > replaced);
  app.RecheckArticleIfEdited();
  CHECK(app.checks_revision() > checked);
  const uint64_t edited = app.article_revision(), rechecked = app.checks_revision();
  CHECK(app.EditArticle(app.article(), app.article_version()));   // the same text again changes nothing
  CHECK(app.article_revision() == edited);
  app.RecheckArticleIfEdited();
  CHECK(app.checks_revision() == rechecked);

  app.ReplaceArticle("# Two\n\nAnother article.\n", "Regenerated");
  CHECK(app.article_revision() > edited);
  const uint64_t second = app.article_revision();
  app.RecheckArticleIfEdited();
  CHECK(app.checks_revision() > rechecked);
  const uint64_t second_checked = app.checks_revision();
  REQUIRE(app.UndoArticle());   // back to the edited text: a new revision, checked again
  CHECK(app.article_revision() > second);
  app.RecheckArticleIfEdited();
  CHECK(app.checks_revision() > second_checked);
}

TEST_CASE("a replacing transcript clears the title, source URL and messages about the old one") {
  Fresh f;
  App app;
  app.LoadSample();
  CHECK_FALSE(app.project().title.empty());
  app.Say("Restored. Generate continues where it stopped.", Topic::Generation);
  app.ReplaceTranscript("Ann: Hello.\nBob: Hi.\n", TranscriptOrigin());
  CHECK(app.project().title.empty());
  CHECK(app.project().source_url.empty());
  CHECK(app.status().text.empty());
  app.OpenFile("episode 12.srt", "1\n00:00:01,000 --> 00:00:02,000\nAlice: Hello there.\n");
  CHECK(app.project().title == "episode 12");
  CHECK(app.project().transcript.format == TranscriptFormat::Srt);
}

TEST_CASE("the Model tab says what a provider's limit taught, for that model and key only") {
  Fresh f;
  App app;
  app.ChooseProviderPreset("groq");
  app.SetApiKey("gsk_free");
  CHECK(app.ProviderLimitNote().empty());
  std::string talk;
  for (int i = 0; i < 300; ++i) talk += std::string(i % 2 ? "Guest" : "Host") + ": We built data center number " + std::to_string(i) + " in ten days, and it was fast.\n";
  app.ReplaceTranscript(talk, TranscriptOrigin());
  app.BeginFrame(10.0);
  CHECK_FALSE(app.Plan().chunked);   // the whole talk fits gpt-oss's 131k context
  SessionFor(app.provider()).request_tokens = 8000;   // as a 413 "Limit 8000, Requested …" leaves it
  CHECK(app.ProviderLimitNote().find("8000 tokens a minute") != std::string::npos);
  // The plan shown (and the next Generate's) reads the talk in parts that fit.
  CHECK(app.Plan().chunked);
  CHECK(app.Plan().notes_steps >= 3);
  CHECK(PipelineOptionsFor(app.provider()).chunk_tokens <= 8000 / 3);
  app.SetApiKey("gsk_paid");   // another key is another plan
  CHECK(app.ProviderLimitNote().empty());
  CHECK(PipelineOptionsFor(app.provider()).chunk_tokens > 8000 / 3);
  app.EndFrame();

  // A reload: what was learned is kept on this device (the key is not), and the first plan already fits.
  const std::string settings = platform::LoadItem("talkpress.settings");
  CHECK(settings.find("\"requestTokens\":8000") != std::string::npos);
  CHECK(settings.find("gsk_free") == std::string::npos);
  ResetProviderSessions();   // a new page learned nothing yet
  App again;
  again.Restore();
  again.SetApiKey("gsk_free");
  again.BeginFrame(10.0);
  CHECK(again.ProviderLimitNote().find("8000 tokens a minute") != std::string::npos);
  CHECK(again.Plan().chunked);
  again.SetApiKey("gsk_paid");
  CHECK(again.ProviderLimitNote().empty());
  again.SetModel("llama-3.3-70b-versatile");   // another model has its own limit
  again.SetApiKey("gsk_free");
  CHECK(again.ProviderLimitNote().empty());
}

TEST_CASE("a key belongs to the origin it was entered for") {
  Fresh f;
  App app;
  app.ChooseProviderPreset("openai");
  app.SetApiKey("sk-openai");
  app.ChooseProviderPreset("anthropic");
  CHECK(app.provider().api_key.empty());
  app.SetApiKey("sk-ant");
  app.ChooseProviderPreset("openai");
  CHECK(app.provider().api_key == "sk-openai");   // the key entered for this origin comes back
  app.SetBaseUrl("https://proxy.example.net/v1");
  CHECK(app.provider().api_key.empty());
  app.SetBaseUrl("https://api.openai.com/v1");
  CHECK(app.provider().api_key == "sk-openai");

  // Test connection against every preset: no request carries a key to a host it was not entered for.
  native::Transport().responder = [](const HttpRequest&) {
    test::ScriptedResponse r;
    r.chunks = {R"({"object":"list","data":[{"id":"m1"}],"models":[{"name":"models/m1"}]})"};
    return r;
  };
  for (const ProviderPreset& p : ProviderPresets()) {
    app.ChooseProviderPreset(p.id);
    app.TestConnection();
    native::Scheduler().RunUntilIdle();
  }
  for (const HttpRequest& r : native::Transport().requests) {
    const std::string auth = HeaderValue(r, "Authorization") + HeaderValue(r, "x-api-key") + HeaderValue(r, "x-goog-api-key");
    if (auth.find("sk-openai") != std::string::npos) CHECK(OriginOf(r.url) == "https://api.openai.com");
    if (auth.find("sk-ant") != std::string::npos) CHECK(OriginOf(r.url) == "https://api.anthropic.com");
  }
}

TEST_CASE("retrying a failed step uses the key the user fixed since") {
  Fresh f;
  App app;
  Ready(app);
  app.SetApiKey("sk-wrong");
  native::Transport().responder = [&f](const HttpRequest& r) {
    if (HeaderValue(r, "Authorization") != "Bearer sk-good") {
      test::ScriptedResponse bad;
      bad.status = 401;
      bad.chunks = {R"({"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}})"};
      return bad;
    }
    return f.model.Respond(r);
  };
  test::GenerateToEnd(app, Pipeline::Status::Failed);
  CHECK(app.status().error);
  app.SetApiKey("sk-good");
  REQUIRE(app.RetryStep("outline"));
  native::Scheduler().RunUntilIdle();
  CHECK(app.run()->status() == Pipeline::Status::Done);
  CHECK(HeaderValue(native::Transport().requests.back(), "Authorization") == "Bearer sk-good");
  CHECK(app.article().rfind("# ", 0) == 0);
}

TEST_CASE("regenerating a section keeps the user's edits elsewhere, and undo brings the previous article back") {
  Fresh f;
  App app;
  Ready(app);
  test::GenerateToEnd(app);
  std::string why;
  const std::string generated = app.article();
  const std::string edited = generated + "\nMy own closing note.\n";
  REQUIRE(app.EditArticle(edited, app.article_version()));
  f.model.override_answer = [](const std::string& kind, const json& body) {
    const std::string user = body["messages"].back()["content"];
    return kind == "section" && user.find("make it shorter") != std::string::npos ? std::string("A shorter take on it.") : std::string();
  };
  REQUIRE(app.RegenerateSection(0, "make it shorter", &why));
  native::Scheduler().RunUntilIdle();
  CHECK(app.article().find("A shorter take on it.") != std::string::npos);
  CHECK(app.article().find("My own closing note.") != std::string::npos);
  REQUIRE(app.CanUndoArticle());
  CHECK(app.article_history().back().label == "Regenerated section 1");
  REQUIRE(app.UndoArticle());
  CHECK(app.article() == edited);
}

TEST_CASE("every choice survives a reload; a key only when the user opted in") {
  Fresh f;
  {
    App app;
    Ready(app);
    app.SetRemoveNoise(true);
    app.SetParseFormat(TranscriptFormat::Speaker);
    app.SetDarkTheme(true);
    app.SetSplit(0.6f);
    app.SetEditingMarkdown(true);
    app.SetConcurrency(7);
    app.RenameSpeaker("Maya Chen", "Maya", "host");
    app.ReplaceArticle("# Mine\n", "Generated");
    app.EndFrame();
  }
  {
    App app;
    app.Restore();
    CHECK(app.project().transcript_text == kTranscript);
    CHECK(app.project().title == "Signal and Noise");
    CHECK(app.project().source_url == "https://example.com/ep42");
    CHECK(app.project().parse_options.remove_noise);
    CHECK(app.project().parse_options.format == TranscriptFormat::Speaker);
    CHECK(app.project().preset_id == "blog_post_en");
    CHECK(app.prefs().dark_theme);
    CHECK(app.prefs().split == doctest::Approx(0.6f));
    CHECK(app.prefs().editing_markdown);
    CHECK(app.provider().concurrency == 7);
    CHECK(app.project().transcript.DisplayName("Maya Chen") == "Maya");
    CHECK(app.article() == "# Mine\n");
    CHECK(app.provider().api_key.empty());   // not opted in
    app.SetApiKey("sk-kept");
    app.SetRememberKey(true);
    app.EndFrame();
  }
  App app;
  app.Restore();
  CHECK(app.provider().api_key == "sk-kept");
  CHECK(native::TheStorage().items["talkpress.settings"].find("sk-kept") != std::string::npos);
}

TEST_CASE("a write the device refuses is reported, and retried with the next change") {
  Fresh f;
  App app;
  Ready(app);
  native::TheStorage().fail_writes = true;
  app.EndFrame();
  CHECK(app.status().error);
  CHECK(app.status().topic == Topic::Storage);
  native::TheStorage().fail_writes = false;
  app.SetTitle("Another title");
  app.EndFrame();
  CHECK_FALSE(app.status().error);
  CHECK(native::TheStorage().items["talkpress.transcript"] == kTranscript);
}

TEST_CASE("downloads are named after the article's title") {
  Fresh f;
  App app;
  CHECK(app.DownloadName("md") == "article.md");
  app.ReplaceArticle("Intro text\n\nWhat is \"real-time\"?\n===\n\nBody.\n", "Generated");
  CHECK(app.DownloadName("md") == "What is real-time.md");
  app.ReplaceArticle("# 实时信息的威力是什么？🚀\n", "Generated");
  CHECK(app.DownloadName("html") == "实时信息的威力是什么？🚀.html");
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size())) ++n;
  return n;
}

// The panel and correctGlossary share one intent. The API's own version used to accept a correction in
// the middle of a run and left the checks describing the previous article.
TEST_CASE("a glossary correction from the API: refused mid-run, applied once, checks kept current") {
  Fresh f;
  App app;
  AutomationHost host;
  host.settle = [](int, bool, const json&) {};
  Ready(app);
  bool mutates = false;
  const char* correction = R"({"source":"Daniel Okafor","rendering":"Daniel Okafor Jr.","kind":"person"})";
  auto error_code = [](const json& r) { return js::Str(js::At(r, "error"), "code"); };
  CHECK(error_code(CallApi(app, host, "correctGlossary", correction, &mutates)) == "bad_request");   // no run yet
  std::string why;
  REQUIRE(app.Generate(&why));
  REQUIRE(app.Running());
  CHECK(error_code(CallApi(app, host, "correctGlossary", correction, &mutates)) == "bad_request");
  native::Scheduler().RunUntilIdle();
  REQUIRE(app.run()->status() == Pipeline::Status::Done);
  const std::string before = app.article();
  const size_t mentions = Count(before, "Daniel Okafor");
  REQUIRE(mentions > 0);
  REQUIRE(Count(before, "Jr.") == 0);

  json r = CallApi(app, host, "correctGlossary", correction, &mutates);
  CHECK(error_code(r).empty());
  CHECK(mutates);
  const std::string after = app.article();
  CHECK(js::Str(r, "markdown") == after);
  CHECK(Count(after, "Daniel Okafor Jr.") == mentions);   // each mention renamed once, never "Jr. Jr."
  CHECK(Count(after, "Jr. Jr.") == 0);
  CHECK(app.status().text.find("Daniel Okafor Jr.") != std::string::npos);
  CHECK(app.checks().dump() == app.run()->result().checks.ToJson().dump());   // the checks are of this article

  // The same correction again changes nothing; undo brings the article before it back.
  CallApi(app, host, "correctGlossary", correction, &mutates);
  CHECK(app.article() == after);
  REQUIRE(app.UndoArticle());
  CHECK(app.article() == before);
}

TEST_CASE("the automation API is one table; reading methods never ask for frames") {
  Fresh f;
  App app;
  AutomationHost host;
  host.settle = [](int, bool, const json&) {};
  bool mutates = true;
  CHECK(js::Str(js::At(CallApi(app, host, "nope", "{}", &mutates), "error"), "code") == "unknown_method");
  CHECK(js::Str(js::At(CallApi(app, host, "stats", "[1]", &mutates), "error"), "code") == "bad_request");
  for (const char* m : {"stats", "summary", "getSpec", "skeleton", "presets", "getProvider", "providerPresets", "article", "exportHtml",
                        "state", "project", "status"}) {
    CallApi(app, host, m, "{}", &mutates);
    CHECK_MESSAGE(!mutates, m);
  }
  json p = CallApi(app, host, "setProvider", R"({"preset":"openai","apiKey":"sk-1"})", &mutates);
  CHECK(mutates);
  CHECK(js::Bool(p, "keySet"));
  CHECK(p.dump().find("sk-1") == std::string::npos);
  p = CallApi(app, host, "chooseProviderPreset", R"({"id":"groq"})", &mutates);
  CHECK_FALSE(js::Bool(p, "keySet"));
}

}  // namespace
}  // namespace tp

namespace tp {
namespace {

TEST_CASE("setProvider with an empty key forgets the key, in memory and in storage; nothing is sent without it") {
  Fresh f;
  App app;
  AutomationHost host;
  host.settle = [](int, bool, const json&) {};
  bool mutates = false;
  Ready(app);
  json p = CallApi(app, host, "setProvider", R"({"preset":"openai","apiKey":"sk-remembered-0123456789abcdef","rememberKey":true})", &mutates);
  REQUIRE(js::Bool(p, "keySet"));
  app.EndFrame();
  REQUIRE(native::TheStorage().items["talkpress.settings"].find("sk-remembered") != std::string::npos);

  std::string why;
  REQUIRE(app.Generate(&why));
  app.Cancel();
  native::Scheduler().RunUntilIdle();
  const size_t sent = native::Transport().requests.size();

  p = CallApi(app, host, "setProvider", R"({"preset":"openai","apiKey":""})", &mutates);
  CHECK_FALSE(js::Bool(p, "keySet"));
  CHECK(app.provider().api_key.empty());
  app.EndFrame();
  CHECK(native::TheStorage().items["talkpress.settings"].find("sk-remembered") == std::string::npos);
  // Choosing the same origin again does not bring it back.
  app.ChooseProviderPreset("openai");
  CHECK(app.provider().api_key.empty());

  // Retry and Generate ask for the key instead of sending anything.
  const json retry = CallApi(app, host, "retryStep", R"({"id":"outline"})", &mutates);
  CHECK(js::Str(js::At(retry, "error"), "message").find("API key") != std::string::npos);
  CHECK_FALSE(app.Generate(&why));
  CHECK(why.find("API key") != std::string::npos);
  native::Scheduler().RunUntilIdle();
  CHECK(native::Transport().requests.size() == sent);
}

TEST_CASE("selecting everything in the box and pasting another talk drops the old title and source") {
  Fresh f;
  App app;
  app.LoadSample();
  REQUIRE_FALSE(app.project().title.empty());
  const std::string sample = app.project().transcript_text;
  REQUIRE(app.EditTranscript(sample + "Maya Chen: One more thing.\n", app.transcript_version()));
  CHECK_FALSE(app.project().title.empty());   // an edit of the same talk keeps them
  REQUIRE(app.EditTranscript("Ann: A different conversation entirely, about gardens.\nBob: Yes.\n", app.transcript_version()));
  CHECK(app.project().title.empty());
  CHECK(app.project().source_url.empty());
}


TEST_CASE("text with broken characters (unpaired surrogates the page replaced) is taken with a note, pasted or through the API") {
  Fresh f;
  App app;
  app.LoadSample();
  const std::string pasted = "Ann: A cut emoji \xEF\xBF\xBD here.\nBob: And \xEF\xBF\xBD\xEF\xBF\xBD there.\n";
  REQUIRE(app.EditTranscript(pasted, app.transcript_version(), 3));
  CHECK(app.project().transcript_text == pasted);
  CHECK(app.status().text == BrokenSurrogatesNote(3));
  CHECK(app.status().text.find("3 broken characters") != std::string::npos);
  AutomationHost host;
  bool mutates = false;
  CallApi(app, host, "setTranscript", json{{"text", "Ann: One \xEF\xBF\xBD.\nBob: Yes.\n"}, {"meta", {{"repairedCount", 1}}}}.dump(), &mutates);
  CHECK(app.status().text.find("1 broken character (") != std::string::npos);
  // The system clipboard already turned them into U+FFFD: the new marks are counted and named.
  app.LoadSample();
  REQUIRE(app.EditTranscript("Alice: caf\xC3\xA9 \xEF\xBF\xBD ok\nBob: na\xEF\xBF\xBD fine\n", app.transcript_version()));
  CHECK(app.status().text == ReplacementCharactersNote(2));
  const std::string typed_on = "Alice: caf\xC3\xA9 \xEF\xBF\xBD ok\nBob: na\xEF\xBF\xBD fine, truly\n";
  app.Say("", Topic::Transcript);
  REQUIRE(app.EditTranscript(typed_on, app.transcript_version()));
  CHECK(app.status().text.find("\xEF\xBF\xBD marks") == std::string::npos);   // no new marks, no note again
}

TEST_CASE("an empty or oversized transcript, or a file that is not text, is refused with a message and the saved one stays, through every door") {
  Fresh f;
  App app;
  Ready(app);
  app.EndFrame();
  const std::string saved = app.project().transcript_text;
  const size_t turns = app.project().transcript.turns.size();
  struct Case { const char* name; std::string text; const char* says; };
  const std::vector<Case> cases = {
      {"empty", "", "empty"},
      {"whitespace and a BOM", "\xEF\xBB\xBF \n\t\r\n  ", "empty"},
      {"over the limit", std::string(kMaxTranscriptBytes + 1, 'a'), "MB"},
      {"a PNG image", test::NoiseBytes(4096, "\x89PNG\r\n\x1A\n"), "looks like a PNG image, not a text transcript"},
      {"a Word document", test::NoiseBytes(4096, std::string("PK\x03\x04\x14\0\x06\0", 8)), "Save a Word document as plain text"},
      {"bytes of no known kind", test::NoiseBytes(4096, ""), "looks like binary data, not a text transcript"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    std::string refused;
    CHECK_FALSE(app.ReplaceTranscript(c.text, TranscriptOrigin(), &refused));
    CHECK(refused.find(c.says) != std::string::npos);
    CHECK(refused.find("unchanged") != std::string::npos);
    app.OpenFile("dropped.txt", c.text);
    CHECK(app.status().text.find(c.says) != std::string::npos);
    CHECK(app.EditTranscript(c.text, app.transcript_version()));
    CHECK(app.status().text.find(c.says) != std::string::npos);
    app.BeginFrame(100.0);
    CHECK(app.project().transcript_text == saved);
    CHECK(app.project().transcript.turns.size() == turns);
    CHECK(native::TheStorage().items["talkpress.transcript"] == saved);
  }
  AutomationHost host;
  bool mutates = false;
  json r = CallApi(app, host, "setTranscript", json{{"text", " "}}.dump(), &mutates);
  CHECK(js::Str(js::At(r, "error"), "code") == "bad_input");
  CHECK(app.project().transcript_text == saved);
}

TEST_CASE("NUL and other control characters become U+FFFD in the saved transcript, with a note; nothing is cut") {
  Fresh f;
  App app;
  Ready(app);
  const std::string with_nul("Alice: hello\0world.\0\0\nBob: yes\x01 indeed.\n", 40);
  REQUIRE(app.ReplaceTranscript(with_nul, TranscriptOrigin()));
  const std::string t = app.project().transcript_text;
  CHECK(t.find('\0') == std::string::npos);
  CHECK(t == "Alice: hello\xEF\xBF\xBDworld.\xEF\xBF\xBD\xEF\xBF\xBD\nBob: yes\xEF\xBF\xBD indeed.\n");
  CHECK(app.status().text.find("Line 1: 4 control characters") != std::string::npos);
  CHECK(app.project().transcript.turns.size() == 2);
  app.EndFrame();
  CHECK(native::TheStorage().items["talkpress.transcript"] == t);
  // The transcript box: the same, and the edit is kept whole.
  REQUIRE(app.EditTranscript(with_nul + std::string("Alice: more\0.\n", 14), app.transcript_version()));
  CHECK(app.project().transcript_text.size() == t.size() + 16);
  CHECK(app.status().text.find("5 control characters") != std::string::npos);
}

}  // namespace
}  // namespace tp
