// Names: from the glossary, the speakers or the transcript; stop words and sentence starts are not names;
// Chinese renderings are checked too. Dialogue: complete, in order, in the output language, same numbers.
#include "core/checks.h"
#include "core/text_util.h"
#include "doctest/doctest.h"
#include "test_util.h"

using namespace tp;

namespace {

Transcript Sample() { return ParseTranscript(test::ReadFile("assets/samples/interview_en.txt")); }

ArticleEvidence WithGlossary() {
  ArticleEvidence ev;
  ev.glossary = {{"Maya Chen", "陈美雅", "person", ""}, {"Daniel Okafor", "丹尼尔·奥卡福", "person", ""}, {"Signal and Noise", "信号与噪音", "product", ""}};
  return ev;
}

// The names in `sentence` (as the only paragraph of an article) that the checks could not trace.
std::string Unknown(const std::string& sentence, const ArticleSpec& spec, const ArticleEvidence& ev) {
  ArticleChecks c = VerifyArticle("# T\n\n" + sentence + "\n", Sample(), spec, ev);
  std::string out;
  for (const FactCheck& n : c.names) if (!n.ok) out += (out.empty() ? "" : ",") + n.value;
  return out;
}

}  // namespace

TEST_CASE("names in English prose") {
  const ArticleSpec en = FindPreset("blog_post_en")->spec;
  struct Case { const char* sentence; const char* unknown; };
  const Case cases[] = {
      {"The host, Maya Chen, asks Daniel Okafor about data.", ""},
      {"And then Daniel said it. What matters is speed. The answer is data.", ""},   // sentence starts are not names
      {"In Europe regulation is already here, says Okafor.", ""},
      {"Daniel, echoing Elon Musk, calls it an advantage.", "Elon,Musk"},
      {"He mentioned OpenAI and Lemonade as examples.", "OpenAI,Lemonade"},
      {"He said AI will be everywhere, which is what Signal and Noise covers.", ""},   // "AI" as a word, not inside "said"
      {"Okafor's fund invests in data loops.", ""},
  };
  for (const Case& k : cases) {
    CAPTURE(std::string(k.sentence));
    CHECK(Unknown(k.sentence, en, ArticleEvidence{}) == k.unknown);
  }
}

TEST_CASE("names in Chinese prose: Latin names and Chinese renderings") {
  const ArticleSpec zh = FindPreset("wechat_long_read_zh")->spec;
  struct Case { const char* sentence; const char* unknown; };
  const Case cases[] = {
      {"主持人陈美雅请来了丹尼尔·奥卡福，聊 AI 和数据。", ""},
      {"奥卡福认为实时数据很重要。", ""},   // a part of a glossary rendering
      {"就像马斯克常说的那样，速度就是一切。", "马斯克"},
      {"联合主持人约翰·史密斯也在场。", "约翰·史密斯"},
      {"他以 OpenAI 为例。", "OpenAI"},
      {"在欧洲，监管已经到来；搜索引擎也有这类数据。", ""},
      {"这是一种不对称优势，下行风险很小。", ""},
  };
  for (const Case& k : cases) {
    CAPTURE(std::string(k.sentence));
    CHECK(Unknown(k.sentence, zh, WithGlossary()) == k.unknown);
  }
}

TEST_CASE("dialogue: every turn, in order, in the output language, with the same numbers") {
  const Transcript t = Sample();
  ArticleSpec spec = FindPreset("blog_post_en")->spec;
  spec.dialogue = DialogueMode::Cleaned;
  spec.dialogue_render = DialogueRender::Fenced;
  std::string fenced = "```\n";
  for (const Turn& turn : t.turns) fenced += turn.speaker + ": " + turn.text + "\n\n";
  fenced += "```";
  const std::string head = "# Data\n\n## The full conversation\n\n";
  auto kinds = [&](const std::string& md) {
    std::string k;
    for (const Finding& f : VerifyArticle(md, t, spec, ArticleEvidence{}).findings)
      if (f.kind.rfind("dialogue.", 0) == 0) k += f.kind + " " + [&] { std::string ids; for (int id : f.turn_ids) ids += "T" + std::to_string(id) + " "; return ids; }() + "\n";
    return k;
  };
  CHECK(kinds(head + fenced + "\n") == "");
  // Truncated: the last turns are missing, named by id.
  const size_t cut = fenced.find(t.turns[30].speaker + ": " + t.turns[30].text);
  CHECK(kinds(head + fenced.substr(0, cut) + "```\n") == "dialogue.missing_turns T31 T32 T33 T34 \n");
  // A turn in the middle dropped.
  CHECK(kinds(head + text::Replace(fenced, t.turns[9].speaker + ": " + t.turns[9].text + "\n\n", "") + "\n") == "dialogue.missing_turns T10 \n");
  // A number changed inside the dialogue.
  CHECK(kinds(head + text::Replace(fenced, "a data center in ten days", "a data center in thirty days") + "\n") == "dialogue.number T10 \n");
  // Summarised: answers cut to a few words.
  std::string summary = "```\n";
  for (const Turn& turn : t.turns) summary += turn.speaker + ": " + (turn.speaker == "Daniel Okafor" ? turn.text.substr(0, 20) : turn.text) + "\n\n";
  summary += "```";
  CHECK(kinds(head + summary + "\n").find("dialogue.summarised") != std::string::npos);
  // An empty dialogue.
  CHECK(kinds(head + "```\n```\n") == "dialogue.empty \n");
}

TEST_CASE("coverage comes from what the sections used and cited") {
  const Transcript t = Sample();
  ArticleEvidence ev;
  SectionEvidence s;
  s.source_turn_ids = {3, 4, 5, 6};
  s.cited_turn_ids = {4, 6};
  ev.sections = {s};
  ev.excluded_turn_ids = {1, 2, 33, 34};
  ArticleChecks c = VerifyArticle("# Data\n\n## Data\n\nA paragraph about data.\n", t, FindPreset("blog_post_en")->spec, ev);
  REQUIRE_FALSE(c.uncovered.empty());
  CHECK(c.uncovered.front() == std::make_pair(3, 3));   // given to the section, but not used
  CHECK(c.uncovered.back() == std::make_pair(7, 32));
  REQUIRE_FALSE(c.uncovered_substantive.empty());
  bool gap = false;
  for (const Finding& f : c.findings) gap |= f.kind == "coverage.gap";
  CHECK(gap);
}
