// History of past articles on the native store: every finished generation is kept with its transcript,
// spec, provider and checks but never the key; open brings it back (undoable); rename, delete and export
// all; a store that refuses writes is reported on the status line.
#include <doctest/doctest.h>

#include "app/app.h"
#include "app/automation_api.h"
#include "app/history.h"
#include "core/json_util.h"
#include "platform/native/native_platform.h"
#include "support/clean_device.h"

namespace tp {
namespace {

namespace native = platform::native;
using nlohmann::json;

const char* kTalkA =
    "Maya Chen: Welcome back to the show. Today we talk about real-time data.\n"
    "Daniel Okafor: Thanks, Maya. Real-time data changes how models answer questions.\n"
    "Maya Chen: Why does speed matter so much?\n"
    "Daniel Okafor: Because a model trained on last year's internet is a very good historian.\n";
const char* kTalkB =
    "Ana Ruiz: Today we talk about ocean farming and kelp.\n"
    "Tom Lee: Kelp grows half a metre a day in good water.\n"
    "Ana Ruiz: What does it need?\n"
    "Tom Lee: Cold water, nutrients and a rope to hold on to.\n";
const char* kKey = "sk-secret-history-key-123";

using Device = test::CleanDevice;

void GenerateFrom(App& app, const char* talk, const char* title) {
  TranscriptOrigin o;
  o.title = title;
  app.ReplaceTranscript(talk, o);
  test::GenerateToEnd(app);
}

App& Ready(App& app) {
  app.Restore();
  app.ApplyPreset("blog_post_en");
  app.ChooseProviderPreset("openai");
  app.SetRememberKey(true);   // even a remembered key stays out of history
  app.SetApiKey(kKey);
  return app;
}
}  // namespace

TEST_CASE("every generated article is kept in history without the key, and survives a reload") {
  Device d;
  {
    App app;
    Ready(app);
    GenerateFrom(app, kTalkA, "Signal and Noise");
    GenerateFrom(app, kTalkB, "Kelp");
    REQUIRE(app.past_articles().entries().size() == 2);
    CHECK(app.past_articles().entries()[0].transcript == kTalkB);   // newest first
    CHECK(app.past_articles().entries()[1].transcript == kTalkA);
  }
  REQUIRE(native::TheHistoryStore().records.size() == 2);
  for (const auto& [id, record] : native::TheHistoryStore().records) {
    const auto& record_id = id;   // CAPTURE's lambda cannot use a structured binding in C++17 (clang)
    CAPTURE(record_id);
    CHECK(record.find(kKey) == std::string::npos);
    const json j = json::parse(record);
    CHECK(js::Str(j["provider"], "baseUrl").find("openai") != std::string::npos);
    CHECK_FALSE(j["provider"].contains("keys"));
    CHECK_FALSE(j["provider"].contains("apiKey"));
    CHECK(j["spec"].is_object());
    CHECK(j["checks"].is_object());
    CHECK(js::Str(j, "article").rfind("# ", 0) == 0);
  }
  App reloaded;
  reloaded.Restore();
  REQUIRE(reloaded.past_articles().loaded());
  REQUIRE(reloaded.past_articles().entries().size() == 2);
  CHECK(reloaded.past_articles().ExportAllJson().find(kKey) == std::string::npos);
}

TEST_CASE("opening a past article brings back its transcript, spec and article; undo returns to the one before") {
  Device d;
  App app;
  Ready(app);
  GenerateFrom(app, kTalkA, "Signal and Noise");
  const std::string first = app.article();
  GenerateFrom(app, kTalkB, "Kelp");
  const std::string second = app.article();
  REQUIRE(first != second);
  app.ApplyPreset("wechat_long_read_zh");
  const std::string id = app.past_articles().entries().back().id;
  std::string why;
  REQUIRE(OpenHistoryEntry(app, id, &why));
  CHECK(app.article() == first);
  CHECK(app.project().transcript_text == kTalkA);
  CHECK(app.project().spec.output_language == "en");
  REQUIRE(app.UndoArticle());
  CHECK(app.article() == second);
  CHECK_FALSE(OpenHistoryEntry(app, "no-such-id", &why));
  CHECK(why.find("no-such-id") != std::string::npos);
}

TEST_CASE("rename and delete reach the store; the automation API lists, opens and deletes") {
  Device d;
  App app;
  Ready(app);
  GenerateFrom(app, kTalkA, "Signal and Noise");
  GenerateFrom(app, kTalkB, "Kelp");
  AutomationHost host;
  bool mutates = false;
  json list = CallApi(app, host, "history", "{}", &mutates);
  CHECK_FALSE(mutates);
  REQUIRE(list["entries"].size() == 2);
  const std::string older = list["entries"][1]["id"];
  const std::string newer = list["entries"][0]["id"];
  CHECK(CallApi(app, host, "renameHistory", json{{"id", older}, {"title", "Renamed"}}.dump(), &mutates)["ok"] == true);
  CHECK(json::parse(native::TheHistoryStore().records[older])["title"] == "Renamed");
  CHECK(CallApi(app, host, "openHistory", json{{"id", older}}.dump(), &mutates)["ok"] == true);
  CHECK(mutates);
  CHECK(app.project().transcript_text == kTalkA);
  CHECK(CallApi(app, host, "deleteHistory", json{{"id", newer}}.dump(), &mutates)["ok"] == true);
  CHECK(native::TheHistoryStore().records.count(newer) == 0);
  CHECK(app.past_articles().entries().size() == 1);
  CHECK(CallApi(app, host, "deleteHistory", json{{"id", newer}}.dump(), &mutates)["error"]["code"] == "not_found");
  const json all = json::parse(CallApi(app, host, "exportHistory", "{}", &mutates)["json"].get<std::string>());
  REQUIRE(all["entries"].size() == 1);
  CHECK(all["entries"][0]["title"] == "Renamed");
}

TEST_CASE("a store that refuses the write (quota) is reported, and the article stays in the list") {
  Device d;
  App app;
  Ready(app);
  native::TheHistoryStore().fail_writes = "QuotaExceededError: the quota has been exceeded";
  GenerateFrom(app, kTalkA, "Signal and Noise");
  CHECK(app.past_articles().entries().size() == 1);
  CHECK(native::TheHistoryStore().records.empty());
  CHECK(app.status().error);
  CHECK(app.status().text.find("QuotaExceededError") != std::string::npos);
}

TEST_CASE("a history record cannot bring a key in") {
  HistoryEntry e;
  const json rec = {{"talkpressHistory", 1}, {"id", "x"}, {"provider", {{"kind", "openai"}, {"apiKey", kKey}, {"keys", {{"https://api.openai.com", kKey}}}}}};
  REQUIRE(HistoryEntry::FromJson(rec, &e));
  CHECK(e.provider.dump().find(kKey) == std::string::npos);
  CHECK(e.provider["kind"] == "openai");
  CHECK_FALSE(HistoryEntry::FromJson(json{{"id", "x"}}, &e));
}

}  // namespace tp
