// Quotes with provenance, on the real sample transcript: the cases the checks used to get wrong, pinned.
#include "core/checks.h"
#include "core/text_util.h"
#include "doctest/doctest.h"
#include "test_util.h"

using namespace tp;

namespace {

Transcript Sample() {
  Transcript t = ParseTranscript(test::ReadFile("assets/samples/interview_en.txt"));
  t.meta.source_url = "https://example.com/ep42";
  return t;
}

ArticleSpec Zh() {
  ArticleSpec spec = FindPreset("wechat_long_read_zh")->spec;
  spec.dialogue = DialogueMode::Off;
  spec.source_link = false;
  return spec;
}

// One body section holding `paragraph`, written from `turns`, with `quotes` recorded.
std::string ZhArticle(const std::string& paragraph) {
  return "# 实时数据与大模型🚀\n\n> 关于实时数据和大模型。\n\n## 亮点\n\n- 实时数据\n- 大模型\n- 分发\n- 速度\n\n## 引言：开始\n\n实时数据与大模型。\n\n"
         "## 实时数据与大模型\n\n" + paragraph + "\n\n## 结论：结束\n\n实时数据与大模型。\n";
}

ArticleEvidence Evidence(std::vector<QuoteEvidence> quotes, std::vector<int> turns) {
  ArticleEvidence ev;
  SectionEvidence s;
  s.heading = "实时数据与大模型";
  s.source_turn_ids = turns;
  s.cited_turn_ids = turns;
  s.quotes = std::move(quotes);
  ev.sections = {s};
  ev.glossary = {{"Maya Chen", "陈美雅", "person", ""}, {"Daniel Okafor", "丹尼尔·奥卡福", "person", ""}};
  return ev;
}

// Problems with quotes, numbers and names, one per line ("" when none). The one-section articles here are
// short and cover little of the talk on purpose; those findings are not what these cases are about.
std::string KindsOf(const ArticleChecks& c) {
  std::string k;
  for (const Finding& f : c.findings)
    if (f.severity != Severity::Info && (f.kind.rfind("quote.", 0) == 0 || f.kind.rfind("number.", 0) == 0 || f.kind.rfind("name.", 0) == 0))
      k += f.kind + ": " + f.message + "\n";
  return k;
}
bool Has(const ArticleChecks& c, const std::string& kind) {
  for (const Finding& f : c.findings) if (f.kind == kind) return true;
  return false;
}

}  // namespace

TEST_CASE("the sample transcript's turns the cases below cite") {
  const Transcript t = Sample();
  REQUIRE(t.turns.size() >= 10);
  CHECK(t.turns[3].text.find("very good historian") != std::string::npos);   // T4, Daniel
  CHECK(t.turns[5].text.find("a few hundred million active users") != std::string::npos);   // T6
  CHECK(t.turns[9].text.find("data center in ten days") != std::string::npos);   // T10
  CHECK(t.turns[3].speaker == "Daniel Okafor");
}

TEST_CASE("an invented quote is flagged, with or without a recorded original") {
  const Transcript t = Sample();
  const std::string md = ZhArticle("马斯克说，“每一枚火箭都是用纯金和奶酪造的，这就是我们成功的秘密。”[T4]");
  SUBCASE("nobody recorded it: unverified, never verified") {
    ArticleChecks c = VerifyArticle(md, t, Zh(), Evidence({}, {3, 4}));
    REQUIRE(c.quotes.size() == 1);
    CHECK_FALSE(c.quotes[0].ok);
    CHECK(c.quotes[0].status == "unverified");
    CHECK(Has(c, "quote.unverified"));
  }
  SUBCASE("the writing step gave invented original words") {
    ArticleChecks c = VerifyArticle(md, t, Zh(), Evidence({{"每一枚火箭都是用纯金和奶酪造的，这就是我们成功的秘密。", "Every rocket we build is made of pure gold and cheese, that is our secret.", 4, "Daniel Okafor", 0}}, {3, 4}));
    REQUIRE(c.quotes.size() == 1);
    CHECK(c.quotes[0].status == "failed");
    CHECK(Has(c, "quote.invented"));
  }
  CHECK(Has(VerifyArticle(md, t, Zh(), Evidence({}, {3, 4})), "name.unknown"));   // 马斯克 is nobody in this talk
}

TEST_CASE("a wrong number in a translated quote is flagged: thirty days where the speaker said ten") {
  const Transcript t = Sample();
  const std::string md = ZhArticle("丹尼尔回忆道：“我曾看到一个团队在三十天内建起一个数据中心。”[T10]");
  ArticleChecks c = VerifyArticle(md, t, Zh(), Evidence({{"我曾看到一个团队在三十天内建起一个数据中心。", "I once watched a team stand up a data center in ten days.", 10, "Daniel Okafor", 0}}, {9, 10}));
  REQUIRE(c.quotes.size() == 1);
  CHECK_FALSE(c.quotes[0].ok);
  CHECK(Has(c, "quote.number"));
  // With the right number it passes.
  const std::string right = ZhArticle("丹尼尔回忆道：“我曾看到一个团队在十天内建起一个数据中心。”[T10]");
  ArticleChecks ok = VerifyArticle(right, t, Zh(), Evidence({{"我曾看到一个团队在十天内建起一个数据中心。", "I once watched a team stand up a data center in ten days.", 10, "Daniel Okafor", 0}}, {9, 10}));
  REQUIRE(ok.quotes.size() == 1);
  CHECK(ok.quotes[0].ok);
  CHECK(KindsOf(ok) == "");
}

TEST_CASE("a faithful translated quote passes: 几亿 is 'a few hundred million'") {
  const Transcript t = Sample();
  const std::string md = ZhArticle("丹尼尔说：“拥有几亿活跃用户的社交网络，是少数存在这种数据的地方之一。”[T6]");
  ArticleChecks c = VerifyArticle(md, t, Zh(), Evidence({{"拥有几亿活跃用户的社交网络，是少数存在这种数据的地方之一。", "A social network with a few hundred million active users is one of the only places where that exists.", 6, "Daniel Okafor", 0}}, {5, 6}));
  REQUIRE(c.quotes.size() == 1);
  CHECK(c.quotes[0].ok);
  CHECK(c.quotes[0].status == "verified");
  CHECK(c.quotes[0].note == "translated from T6");
  CHECK(KindsOf(c) == "");
}

TEST_CASE("a one-word quote is verified in the turn it cites, and only there") {
  const Transcript t = Sample();   // T8: "Exactly. If you already have the users, ..."
  SUBCASE("translated, citing the turn that says it") {
    const std::string md = ZhArticle("丹尼尔回答：“确实。”[T8]");
    ArticleChecks c = VerifyArticle(md, t, Zh(), Evidence({{"确实。", "Exactly.", 8, "Daniel Okafor", 0}}, {7, 8}));
    REQUIRE(c.quotes.size() == 1);
    CHECK(c.quotes[0].status == "verified");
    CHECK(c.quotes[0].note == "translated from T8");
  }
  SUBCASE("citing a turn that does not say it") {
    const std::string md = ZhArticle("丹尼尔回答：“确实。”[T6]");
    ArticleChecks c = VerifyArticle(md, t, Zh(), Evidence({{"确实。", "Exactly.", 6, "Daniel Okafor", 0}}, {5, 6}));
    REQUIRE(c.quotes.size() == 1);
    CHECK_FALSE(c.quotes[0].ok);
  }
}

TEST_CASE("a faithful paraphrase using 十分 ('very') passes") {
  const Transcript t = Sample();
  const std::string md = ZhArticle("他十分看重执行速度：一个团队在十天内建起了数据中心，而通常需要六到九个月。");
  ArticleChecks c = VerifyArticle(md, t, Zh(), Evidence({}, {9, 10}));
  CHECK(KindsOf(c) == "");
  REQUIRE(c.numbers.size() == 3);   // 十天, 六, 九 — and not 十分
  for (const FactCheck& n : c.numbers) CHECK(n.ok);
}

TEST_CASE("a quote given to the wrong speaker is flagged") {
  const Transcript t = Sample();
  SUBCASE("translated, by the speaker's Chinese name") {
    const std::string md = ZhArticle("陈美雅说：“一个只用去年互联网训练的模型，是很好的历史学家，却是很差的记者。”[T4]");
    ArticleChecks c = VerifyArticle(md, t, Zh(), Evidence({{"一个只用去年互联网训练的模型，是很好的历史学家，却是很差的记者。", "a model trained on last year's internet is a very good historian and a very poor reporter", 4, "", 0}}, {3, 4}));
    CHECK(Has(c, "quote.wrong_speaker"));
  }
  SUBCASE("in English, by first name") {
    const std::string md = "# Data\n\nMaya put it plainly: \"a model trained on last year's internet is a very good historian and a very poor reporter\"[T4].\n";
    ArticleChecks c = VerifyArticle(md, t, FindPreset("blog_post_en")->spec, ArticleEvidence{});
    REQUIRE(c.quotes.size() == 1);
    CHECK(Has(c, "quote.wrong_speaker"));
    const std::string right = text::Replace(md, "Maya put", "Daniel put");
    ArticleChecks ok = VerifyArticle(right, t, FindPreset("blog_post_en")->spec, ArticleEvidence{});
    REQUIRE(ok.quotes.size() == 1);
    CHECK(ok.quotes[0].ok);
    CHECK(ok.quotes[0].speaker == "Daniel Okafor");
  }
}

TEST_CASE("same-language quotes match across case, punctuation, spacing and filler; ellipses join fragments") {
  const Transcript t = Sample();
  const ArticleSpec en = FindPreset("blog_post_en")->spec;
  struct Case { const char* article; bool ok; const char* why; };
  const Case cases[] = {
      {"\"A MODEL trained on last year's internet  is a very good historian\"[T4]", true, "case and spacing"},
      {"\"a model, um, trained on last year's internet is a very good historian\"[T4]", true, "filler"},
      {"\"Very few people … a social network with a few hundred million active users\"[T6]", true, "ellipsis"},
      {"\"a model trained on last year's internet is a very good journalist\"[T4]", false, "a changed word"},
      {"\"a social network with a few hundred million active users is one of the only places\"[T4]", false, "cites the wrong turn"},
      {"\"every rocket we build is made of pure gold and cheese\"", false, "invented, no marker"},
  };
  for (const Case& k : cases) {
    CAPTURE(std::string(k.why));
    ArticleChecks c = VerifyArticle(std::string("# T\n\nHe said, ") + k.article + ".\n", t, en, ArticleEvidence{});
    REQUIRE(c.quotes.size() == 1);
    CHECK(c.quotes[0].ok == k.ok);
  }
}

TEST_CASE("turn markers in every form the article may carry") {
  const Transcript t = Sample();
  const ArticleSpec en = FindPreset("blog_post_en")->spec;
  for (const char* marker : {"[T4]", "【T4】", "（T4）", "[T4, T5]", "[T3-T5]", " [T4]"}) {
    CAPTURE(marker);
    ArticleChecks c = VerifyArticle(std::string("# T\n\nHe said “a model trained on last year's internet is a very good historian”") + marker + ".\n", t, en, ArticleEvidence{});
    REQUIRE(c.quotes.size() == 1);
    CHECK(c.quotes[0].ok);
    CHECK(c.quotes[0].turn_id > 0);
  }
  CHECK(StripTurnMarkers("a “b”[T12] c【T3】 d（T4, T5） e[T6-T8].") == "a “b” c d e.");
  CHECK(StripTurnMarkers("see [the docs](https://x.y) and [Tip] (T-shirt)") == "see [the docs](https://x.y) and [Tip] (T-shirt)");
}

TEST_CASE("quotes in text the user edited match recorded quotes by their text; new ones are unverified") {
  const Transcript t = Sample();
  const QuoteEvidence recorded{"拥有几亿活跃用户的社交网络，是少数存在这种数据的地方之一。", "A social network with a few hundred million active users is one of the only places where that exists.", 6, "Daniel Okafor", 0};
  // The marker was deleted while editing: the quote is still recognised by its text.
  ArticleChecks c = VerifyArticle(ZhArticle("丹尼尔说：“拥有几亿活跃用户的社交网络，是少数存在这种数据的地方之一。”"), t, Zh(), Evidence({recorded}, {5, 6}));
  REQUIRE(c.quotes.size() == 1);
  CHECK(c.quotes[0].ok);
  CHECK(c.quotes[0].turn_id == 6);
  // A quote the user wrote: never "verified".
  ArticleChecks n = VerifyArticle(ZhArticle("丹尼尔说：“我们应该每天都发布一个新版本，不管用户怎么想。”[T6]"), t, Zh(), Evidence({recorded}, {5, 6}));
  REQUIRE(n.quotes.size() == 1);
  CHECK(n.quotes[0].status == "unverified");
  CHECK_FALSE(n.quotes[0].ok);
}

TEST_CASE("findings carry their place in the article and the turns involved") {
  const Transcript t = Sample();
  const std::string md = ZhArticle("丹尼尔回忆道：“我曾看到一个团队在三十天内建起一个数据中心。”[T10]");
  ArticleChecks c = VerifyArticle(md, t, Zh(), Evidence({{"我曾看到一个团队在三十天内建起一个数据中心。", "I once watched a team stand up a data center in ten days.", 10, "Daniel Okafor", 0}}, {9, 10}));
  const Finding* f = nullptr;
  for (const Finding& x : c.findings) if (x.kind == "quote.number") f = &x;
  REQUIRE(f);
  CHECK(md.compare(f->offset, 9, "我曾看") == 0);
  CHECK(f->line == 18);
  CHECK(f->part == ArticlePart::Body);
  CHECK(f->section == 0);
  CHECK(f->turn_ids == std::vector<int>{10});
  CHECK(f->repairable);
  std::vector<SectionRepair> r = c.RepairableSections();
  REQUIRE(r.size() == 1);
  CHECK(r[0].section == 0);
  const nlohmann::json j = c.ToJson();
  CHECK(j["problems"] == c.Problems());
  CHECK(j["findings"][0]["kind"].is_string());
  bool found = false;
  for (const auto& x : j["findings"]) found |= x["kind"] == "quote.number" && x["turns"] == nlohmann::json::array({10}) && x["line"] == 18;
  CHECK(found);
  CHECK(j["repairs"][0]["section"] == 0);
}

TEST_CASE("older entry point: ranges give coverage; a translated quote without its original words is unverified") {
  Transcript t = Sample();
  ArticleSpec spec = FindPreset("wechat_long_read_zh")->spec;
  const std::string md = "# 标题🚀\n\n> 导语\n\n## 亮点\n\n- a\n- b\n- c\n- d\n\n## 引言：x\n\n他说：“一个只用去年互联网训练的模型，是很好的历史学家，却是很差的记者。”[T4]\n\n"
                         "## 一\n\n正文\n\n## 二\n\n正文\n\n## 三\n\n正文\n\n## 结论：y\n\n正文\n\n## 详细对话\n\n```\nA：你好\n```\n\n_原链接：https://example.com/ep42_\n";
  ArticleChecks c = VerifyArticle(md, t, spec, {{1, 10}, {20, 30}}, {});
  REQUIRE(c.quotes.size() == 1);
  CHECK(c.quotes[0].status == "unverified");
  REQUIRE(c.uncovered.size() == 2);
  CHECK(c.uncovered[0] == std::make_pair(11, 19));
  const std::string same = "# T\n\nAs he put it, \"a model trained on last year's internet is a very good historian\"[T4].\n";
  ArticleChecks c2 = VerifyArticle(same, t, FindPreset("blog_post_en")->spec, {}, {});
  REQUIRE(c2.quotes.size() == 1);
  CHECK(c2.quotes[0].ok);
}

TEST_CASE("numbers are checked against the turns the section drew on; small counts the article makes are noted") {
  const Transcript t = Sample();
  // Two risks: the speaker said "the first one" and "the second risk", never "two".
  ArticleChecks c = VerifyArticle(ZhArticle("他提到了两个风险：数据质量和隐私。"), t, Zh(), Evidence({}, {21, 22}));
  CHECK(KindsOf(c) == "");
  // Two years where the section's turns say nothing of years: from elsewhere in the talk.
  c = VerifyArticle(ZhArticle("两年后，他们拥有了独有的数据。"), t, Zh(), Evidence({}, {21, 22}));
  CHECK(KindsOf(c).find("number.elsewhere") != std::string::npos);
  // Three years: nowhere in the talk.
  c = VerifyArticle(ZhArticle("三年后，他们拥有了独有的数据。"), t, Zh(), Evidence({}, {29, 30}));
  CHECK(KindsOf(c).find("number.unsupported") != std::string::npos);
  c = VerifyArticle(ZhArticle("两年后，他们拥有了独有的数据。"), t, Zh(), Evidence({}, {29, 30}));
  CHECK(KindsOf(c) == "");
}

TEST_CASE("an editorial insertion in brackets does not break a quote") {
  const Transcript t = Sample();
  ArticleChecks c = VerifyArticle("# T\n\nHe said: \"[Companies] that can feed fresh information into a model, every minute, will build products that feel alive.\"[T4]\n", t,
                                  FindPreset("blog_post_en")->spec, ArticleEvidence{});
  REQUIRE(c.quotes.size() == 1);
  CHECK(c.quotes[0].ok);
}
