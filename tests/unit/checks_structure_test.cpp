// The structure checker (through cmark's tree): spec conformance, title and lead vs body, repetition,
// empty and short sections, script purity, and the seed article's three flaws.
#include "core/checks.h"
#include "core/text_util.h"
#include "doctest/doctest.h"
#include "test_util.h"

using namespace tp;

namespace {

std::string Kinds(const ArticleSpec& spec, const std::string& md) {
  std::string k;
  for (const auto& i : CheckStructure(spec, md)) k += i.kind + ":" + i.message + "\n";
  return k;
}

// A small article that follows the default preset (section length set to fit it).
ArticleSpec SmallSpec() {
  ArticleSpec spec = FindPreset("wechat_long_read_zh")->spec;
  spec.section_count = 3;
  spec.section_length = 60;
  return spec;
}

const char* const kGood =
    "# 实时数据为什么是大模型的护城河？🚀\n\n> 一位投资人谈实时数据、分发和执行速度，以及大模型的未来。\n\n"
    "## 亮点\n\n- 实时数据让模型像记者\n- 分发比模型更重要\n- 十天建成数据中心\n- 数据闭环才能持久\n\n"
    "## 引言：模型需要新鲜的信息\n\n只用去年互联网训练的大模型是很好的历史学家，却是很差的记者。实时数据决定了产品是否鲜活。\n\n"
    "## 谁拥有实时数据\n\n拥有几亿活跃用户的社交网络，是少数能持续产生公共对话、新闻和反应的地方。搜索引擎也有这样的数据，只是形态不同。\n\n"
    "## 分发胜过最好的模型\n\n大多数人不会比较模型，他们使用眼前够好的工具。够好的模型加上分发，通常胜过最好的模型却没有分发。\n\n"
    "## 速度是一种文化\n\n他曾看到一个团队在十天内建起数据中心，而通常需要六到九个月。当负责人把约束看作选择而不是物理定律，时间表就会坍缩。\n\n"
    "## 结论：数据闭环与诚实\n\n拥有工作流和专有数据闭环的公司才会持久，创始人也要对用户诚实，说明模型能做什么、不能做什么。\n\n"
    "## 详细对话\n\n```\n陈美雅：欢迎回来。\n```\n\n_原链接：https://example.com/ep42_\n";

}  // namespace

TEST_CASE("structure checker lists what differs from the spec") {
  const ArticleSpec spec = SmallSpec();
  const std::string good = kGood;
  CHECK(Kinds(spec, good) == "");
  SUBCASE("missing section and wrong count") {
    std::string md = text::Replace(good, "## 速度是一种文化\n", "");
    md = text::Replace(md, "他曾看到一个团队在十天内建起数据中心，而通常需要六到九个月。当负责人把约束看作选择而不是物理定律，时间表就会坍缩。\n\n", "");
    CHECK(Kinds(spec, md).find("count:The article has 2 body section(s); the spec asks for 3.") != std::string::npos);
  }
  SUBCASE("wrong highlight count") {
    CHECK(Kinds(spec, text::Replace(good, "- 数据闭环才能持久\n", "")).find("There are 3 highlights; the spec asks for 4.") != std::string::npos);
  }
  SUBCASE("heading order") {
    std::string md = text::Replace(good, "## 引言：模型需要新鲜的信息\n\n只用去年互联网训练的大模型是很好的历史学家，却是很差的记者。实时数据决定了产品是否鲜活。\n\n", "");
    md = text::Replace(md, "## 结论：", "## 引言：模型需要新鲜的信息\n\n只用去年互联网训练的大模型是很好的历史学家，却是很差的记者。实时数据决定了产品是否鲜活。\n\n## 结论：");
    CHECK(Kinds(spec, md).find("order:") != std::string::npos);
  }
  SUBCASE("missing lead, emoji, source") {
    std::string md = text::Replace(good, "> 一位投资人谈实时数据、分发和执行速度，以及大模型的未来。\n\n", "");
    md = text::Replace(md, "🚀", "");
    md = text::Replace(md, "_原链接：https://example.com/ep42_\n", "");
    std::string k = Kinds(spec, md);
    CHECK(k.find("missing:The lead") != std::string::npos);
    CHECK(k.find("emoji:The title should end with an emoji.") != std::string::npos);
    CHECK(k.find("missing:The source link line") != std::string::npos);
  }
  SUBCASE("Traditional characters in a Simplified article") {
    std::string md = text::Replace(good, "大多数人不会比较模型", "這個問題說來話長，我們對這個國家的經濟發展很關心。大多数人不会比较模型");
    CHECK(Kinds(spec, md).find("language:") != std::string::npos);
  }
  SUBCASE("an English article for a Chinese spec") {
    std::string md = "# Why real-time data matters 🚀\n\n> A conversation about data, distribution and speed.\n\n## 亮点\n\n- Data\n- Speed\n- Distribution\n- Loops\n\n";
    for (const char* h : {"## 引言：Now", "## Data", "## Distribution", "## Speed", "## 结论：Later"})
      md += std::string(h) + "\n\nThis paragraph is written in English, which is not what the spec asks for. It goes on for a while so that it reads like a real section of an article about data.\n\n";
    md += "## 详细对话\n\n```\nA: hi\n```\n\n_原链接：https://example.com/ep42_\n";
    const std::string k = Kinds(spec, md);
    CHECK(k.find("language:The article reads as Latin-script text") != std::string::npos);
    CHECK(k.find("English text in a") == std::string::npos);   // one finding for the article, not one per paragraph
  }
  SUBCASE("an English sentence left in a Chinese section") {
    std::string md = text::Replace(good, "搜索引擎也有这样的数据，只是形态不同。", "Search engines have it too, in a different shape.");
    CHECK(Kinds(spec, md).find("language:English text in a Simplified Chinese article") != std::string::npos);
  }
  SUBCASE("a speaker's English words in quotation marks are not a language problem") {
    std::string md = text::Replace(good, "搜索引擎也有这样的数据，只是形态不同。", "他的原话是“search engines have it too, in a different shape”。");
    CHECK(Kinds(spec, md) == "");
  }
  SUBCASE("the user's own headings in order") {
    ArticleSpec own = spec;
    own.section_headings = {"谁拥有实时数据", "分发胜过最好的模型", "速度是一种文化"};
    CHECK(CheckStructure(own, good).empty());
    own.section_headings = {"谁拥有实时数据", "速度是一种文化", "分发胜过最好的模型"};
    CHECK_FALSE(CheckStructure(own, good).empty());
  }
  SUBCASE("an empty and a short section") {
    std::string md = text::Replace(good, "大多数人不会比较模型，他们使用眼前够好的工具。够好的模型加上分发，通常胜过最好的模型却没有分发。\n\n", "");
    CHECK(Kinds(spec, md).find("empty:The section \"分发胜过最好的模型\" is empty.") != std::string::npos);
    md = text::Replace(good, "大多数人不会比较模型，他们使用眼前够好的工具。够好的模型加上分发，通常胜过最好的模型却没有分发。", "够好就行。");
    CHECK(Kinds(spec, md).find("short:The section \"分发胜过最好的模型\" is very short") != std::string::npos);
  }
  SUBCASE("a section repeated under another heading") {
    std::string md = text::Replace(good, "## 结论：", "## 又一个主题\n\n拥有几亿活跃用户的社交网络，是少数能持续产生公共对话、新闻和反应的地方。搜索引擎也有这样的数据，只是形态不同。\n\n## 结论：");
    CHECK(Kinds(spec, md).find("repeated:The sections \"谁拥有实时数据\" and \"又一个主题\" repeat each other") != std::string::npos);
  }
  SUBCASE("a title about something the body never discusses") {
    std::string md = text::Replace(good, "# 实时数据为什么是大模型的护城河？🚀", "# SpaceX 如何改变航天工业？🚀");
    CHECK(Kinds(spec, md).find("off_topic:The title") != std::string::npos);
  }
}

TEST_CASE("a title ending with any emoji sequence meets an emoji-at-the-end spec") {
  const ArticleSpec spec = SmallSpec();   // title emoji at the end
  for (const char* emoji : {"🚀", "⭐", "❤️", "🇨🇳", "🀄", "👍🏽", "👩‍💻"}) {
    CAPTURE(emoji);
    CHECK(Kinds(spec, text::Replace(kGood, "🚀", emoji)).find("emoji:") == std::string::npos);
  }
  CHECK(Kinds(spec, text::Replace(kGood, "🚀", "")).find("emoji:The title should end with an emoji.") != std::string::npos);
}

TEST_CASE("headings the way Markdown reads them: setext headings count, a '#' inside a code fence does not") {
  const ArticleSpec spec = SmallSpec();
  std::string md = text::Replace(kGood, "## 谁拥有实时数据\n", "谁拥有实时数据\n-------\n");
  CHECK(Kinds(spec, md) == "");
  md = text::Replace(kGood, "```\n陈美雅：欢迎回来。\n```", "```\n## 不是标题\n陈美雅：欢迎回来。\n```");
  CHECK(Kinds(spec, md) == "");
  md = text::Replace(kGood, "## 谁拥有实时数据\n", "    ## 缩进代码里的标题\n\n## 谁拥有实时数据\n");
  CHECK(Kinds(spec, md) == "");
}

TEST_CASE("the seed article's three flaws: an empty dialogue, a title about SpaceX over a body about X and LLMs, sections repeating each other") {
  std::string seed = test::ReadFile("seeds/000_a1eebc099aa8afad.txt");
  REQUIRE_FALSE(seed.empty());
  // The seed never closes its dialogue fence; closed here so the source line is read as a line.
  seed = text::Replace(seed, "## 详细对话\n```\n", "## 详细对话\n```\n```\n");
  const ArticleSpec spec = FindPreset("wechat_long_read_zh")->spec;
  const std::string k = Kinds(spec, seed);
  CAPTURE(k);
  CHECK(k.find("empty:The \"详细对话\" section is empty.") != std::string::npos);
  CHECK(k.find("off_topic:The title is about \"spacex\"") != std::string::npos);
  CHECK(k.find("repeated:The sections \"实时信息的威力：X 与 LLMs 的结合\" and \"消费者的目的地：LLMs 的未来在哪里？\" overlap in wording") != std::string::npos);
}

TEST_CASE("title vs body in English: a Title Case title is judged by its words, a name it promises by the sections") {
  ArticleSpec spec = FindPreset("blog_post_en")->spec;
  spec.section_count = 3;
  spec.section_length = 20;
  const std::string body =
      "\n\n> Why fresh data, distribution and speed decide who wins with language models.\n\n## Highlights\n\n- Fresh data\n- Distribution\n- Speed\n\n"
      "## Introduction\n\nAn investor explains why fresh data and distribution matter for language models.\n\n"
      "## Fresh data\n\nA model trained on last year's internet is a good historian and a poor reporter, so fresh data matters for every language model.\n\n"
      "## Distribution\n\nIf you already have the users, you put the assistant where they already are, and distribution beats the best model.\n\n"
      "## Speed\n\nA team stood up a data center in ten days because speed of execution is cultural, and fresh data needs fast teams.\n\n"
      "## Conclusion\n\nFresh data, distribution and speed matter more than the model itself.\n\n_Source: https://example.com/ep42_\n";
  CHECK(Kinds(spec, "# Why Fresh Data And Distribution Matter" + body) == "");
  CHECK(Kinds(spec, "# Fresh data and distribution for language models" + body) == "");
  CHECK(Kinds(spec, "# How SpaceX Rebuilt The Rocket Industry" + body).find("off_topic") != std::string::npos);
  CHECK(Kinds(spec, "# Fresh data and distribution, the SpaceX way" + body).find("off_topic:The title is about \"spacex\"") != std::string::npos);
}
