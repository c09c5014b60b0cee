// The article shown while a run goes on: a lenient reader for JSON cut anywhere, and the preview built
// from a real run at several points (every part in its final position, placeholders for the rest).
#include <memory>
#include <string>
#include <vector>

#include "core/article_preview.h"
#include "core/markdown.h"
#include "doctest/doctest.h"
#include "platform/native/scripted_transport.h"
#include "support/fake_model.h"
#include "test_util.h"

using namespace tp;

TEST_CASE("a string field is read from JSON cut anywhere") {
  struct Case { const char* json; const char* want; };
  const Case cases[] = {
      {R"({"body": "Hello wor)", "Hello wor"},
      {R"({"body":"complete"})", "complete"},
      {R"({"heading":"H","body":"line one\nline two)", "line one\nline two"},
      {R"({"body":"cut escape \)", "cut escape "},
      {R"({"body":"quote \"inside\" here")", "quote \"inside\" here"},
      {R"({"body":"\u4e2d\u6587)", "中文"},
      {R"({"body":"half \u4e2)", "half "},
      {R"({"body":"emoji \ud83d\ude00!")", "emoji 😀!"},
      {R"({"body":"lone high \ud83d)", "lone high "},
      {R"({"title":"body","body":"real"})", "real"},   // the key's name as another field's value
      {R"({"body")", ""},
      {R"({"body": )", ""},
      {R"({"other":"x"})", ""},
      {"", ""},
  };
  for (const Case& c : cases) {
    INFO(c.json);
    CHECK(PartialJsonString(c.json, "body") == c.want);
  }
  // A multi-byte character cut by the stream is left out, never shown as a broken byte.
  const std::string cut = std::string("{\"body\":\"") + "中文" + std::string("\xE6\x96", 2);
  CHECK(PartialJsonString(cut, "body") == "中文");
}

namespace {
struct Run {
  test::ManualScheduler sched;
  test::ScriptedTransport net{sched};
  test::FakeModel model;
  std::unique_ptr<Pipeline> p;
  Run() {
    ProviderConfig provider;
    provider.kind = ProviderKind::OpenAI;
    provider.base_url = "https://fake.example/v1";
    provider.api_key = "k";
    provider.model = "fake";
    net.responder = [this](const HttpRequest& r) { return model.Respond(r); };
    Transcript t = ParseTranscript(test::ReadFile("assets/samples/interview_en.txt"));
    t.meta.source_url = "https://example.com/ep42";
    p = std::make_unique<Pipeline>(net, sched, provider, FindPreset("blog_post_en")->spec, t);
  }
};

std::vector<std::string> Headings(const std::string& md, int level) {
  std::vector<std::string> out;
  for (const MdBlock& b : ParseMarkdown(md).blocks)
    if (b.type == MdBlockType::Heading && b.heading_level == level) out.push_back(b.PlainText());
  return out;
}
}  // namespace

TEST_CASE("while a run goes on, the preview has every part in its final position") {
  Run r;
  r.p->Start();
  // Before the outline: the skeleton with placeholders, nothing invented.
  const std::string before = ArticlePreviewMarkdown(*r.p, "WAITING", "WRITING");
  CHECK(before.find("WAITING") != std::string::npos);

  std::vector<std::string> seen;
  for (int round = 0; round < 200 && r.p->status() == Pipeline::Status::Running; ++round) {
    r.sched.RunUntilIdle(1);
    const std::string md = ArticlePreviewMarkdown(*r.p, "WAITING", "WRITING");
    CHECK_FALSE(md.empty());
    seen.push_back(md);
  }
  REQUIRE(r.p->status() == Pipeline::Status::Done);
  // At the end, the preview's section headings are the article's, in the same order.
  const std::string last = ArticlePreviewMarkdown(*r.p, "WAITING", "WRITING");
  const std::vector<std::string> final_h2 = Headings(r.p->result().markdown, 2);
  const std::vector<std::string> preview_h2 = Headings(last, 2);
  for (const std::string& h : preview_h2) {
    INFO(h);
    bool found = false;
    for (const std::string& f : final_h2) found |= f == h;
    CHECK(found);
  }
  // Some point of the run showed a section written and another still waiting.
  bool partial_seen = false;
  for (const std::string& md : seen)
    partial_seen |= md.find("WAITING") != std::string::npos && Headings(md, 2).size() >= 3;
  CHECK(partial_seen);
}
