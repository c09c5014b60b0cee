// Deterministic assembly (golden: the seed article), skeleton preview and the structure checker.
#include <fstream>

#include "core/article.h"
#include "core/text_util.h"
#include "doctest/doctest.h"
#include "test_util.h"

using namespace tp;

namespace {

// The seed article's content, taken apart by hand along its headings.
ArticleContent SeedContent(const std::string& seed) {
  ArticleContent c;
  std::vector<std::string_view> lines = text::SplitLines(seed);
  std::string* body = nullptr;
  for (std::string_view raw : lines) {
    std::string_view l = text::Trim(raw);
    if (text::StartsWith(l, "# ")) {
      std::string t(l.substr(2));
      size_t e = t.rfind("🚀");
      c.title = t.substr(0, e);
      c.emoji = "🚀";
      body = nullptr;
    } else if (text::StartsWith(l, ">")) {
      c.lead = std::string(text::Trim(l.substr(1)));
    } else if (l == "## 亮点") {
      body = nullptr;
    } else if (text::StartsWith(l, "- ")) {
      c.highlights.emplace_back(text::Trim(l.substr(2)));
    } else if (text::StartsWith(l, "## 引言：")) {
      c.introduction.subtitle = std::string(l.substr(std::string("## 引言：").size()));
      body = &c.introduction.body;
    } else if (text::StartsWith(l, "## 结论：")) {
      c.conclusion.subtitle = std::string(l.substr(std::string("## 结论：").size()));
      body = &c.conclusion.body;
    } else if (l == "## 详细对话" || l == "```") {
      body = nullptr;
    } else if (text::StartsWith(l, "## ")) {
      c.sections.push_back({std::string(l.substr(3)), "", -1});
      body = &c.sections.back().body;
    } else if (text::StartsWith(l, "_原链接：")) {
      std::string s(l);
      c.source_url = s.substr(std::string("_原链接：").size(), s.size() - std::string("_原链接：").size() - 1);
    } else if (body) {
      *body += std::string(raw) + "\n";
    }
  }
  return c;
}

// Lines without trailing spaces and blank lines, and ">x" written as "> x": the seed's formatting
// differences that do not change the Markdown it means.
std::vector<std::string> Normalized(const std::string& md) {
  std::vector<std::string> out;
  for (std::string_view l : text::SplitLines(md)) {
    std::string s(text::Trim(l));
    if (s.empty()) continue;
    if (s.size() > 1 && s[0] == '>' && s[1] != ' ') s = "> " + s.substr(1);
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("golden: the seed article reassembled with the default preset, line for line") {
  const std::string seed = test::ReadFile("seeds/000_a1eebc099aa8afad.txt");
  REQUIRE_FALSE(seed.empty());
  ArticleContent c = SeedContent(seed);
  CHECK(c.highlights.size() == 4);
  CHECK(c.sections.size() == 3);
  const ArticleSpec spec = FindPreset("wechat_long_read_zh")->spec;
  const std::string md = AssembleMarkdown(spec, c);
  std::vector<std::string> want = Normalized(seed), got = Normalized(md);
  // The seed opens the dialogue fence and never closes it (its dialogue is empty, one of the defects
  // TalkPress fixes); ours closes it.
  REQUIRE(want[want.size() - 2] == "```");
  want.insert(want.end() - 1, "```");
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i] == want[i]);
  }
  CHECK(md.rfind("# SpaceX 成功的真正原因是什么？🚀\n", 0) == 0);
  // And the checker flags exactly the seed's defect: an empty dialogue section.
  std::vector<StructureIssue> issues = CheckStructure(spec, md);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].kind == "empty");
}

TEST_CASE("golden file: the seed with its dialogue filled in, fenced and as paragraphs") {
  ArticleContent c = SeedContent(test::ReadFile("seeds/000_a1eebc099aa8afad.txt"));
  c.dialogue = {{"Harry Stebbings", 4, "欢迎回到 20VC。"}, {"嘉宾", 15, "谢谢邀请，Harry。"}, {"Harry Stebbings", 19, "我们从 X 和大模型开始聊。"}};
  ArticleSpec spec = FindPreset("wechat_long_read_zh")->spec;
  spec.timestamps_in_dialogue = true;
  const std::string fenced = AssembleMarkdown(spec, c);
  spec.dialogue_render = DialogueRender::Paragraphs;
  const std::string paragraphs = AssembleMarkdown(spec, c);
  const std::string got = fenced + "\n<!-- paragraphs -->\n\n" + paragraphs;
  const std::string path = "tests/fixtures/golden/seed_with_dialogue.md";
  if (std::getenv("TALKPRESS_UPDATE_GOLDEN")) std::ofstream(std::string(TP_SOURCE_DIR) + "/" + path, std::ios::binary) << got;
  CHECK(got == test::ReadFile(path));
  spec.dialogue_render = DialogueRender::Fenced;
  CHECK(CheckStructure(spec, fenced).empty());
}

TEST_CASE("a dialogue containing backticks cannot break out of its fence") {
  ArticleSpec spec;
  ArticleContent c;
  c.title = "T";
  c.dialogue = {{"A", -1, "type ``` then ````"}};
  std::string md = AssembleMarkdown(spec, c);
  CHECK(md.find("\n`````\nA：type ``` then ````\n`````") != std::string::npos);
}

TEST_CASE("assembly follows the spec: emoji placement, timestamps, quotes, links, labels") {
  ArticleSpec spec = FindPreset("show_notes_en")->spec;
  ArticleContent c;
  c.title = "Real-time data and the next wave of AI";
  c.emoji = "🚀";
  c.lead = "Daniel Okafor on data, speed and distribution.";
  c.highlights = {"A", "B", "C", "D", "E"};
  c.sections = {{"Why fresh data matters", "Body one.", 27}, {"Ten days to a data center", "Body two.", 3723}};
  c.quotes = {{"Move faster than feels comfortable.", "Daniel Okafor", 40, 337}};
  c.links = {{"Signal and Noise", "https://example.com/show"}};
  c.source_url = "https://example.com/ep/42";
  std::string md = AssembleMarkdown(spec, c);
  CHECK(md.rfind("# Real-time data and the next wave of AI\n", 0) == 0);   // emoji off in show notes
  CHECK(md.find("## In this episode\n\n- A\n- B") != std::string::npos);
  CHECK(md.find("## [00:27] Why fresh data matters") != std::string::npos);
  CHECK(md.find("## [1:02:03] Ten days to a data center") != std::string::npos);
  CHECK(md.find("> Move faster than feels comfortable.\n>\n> — Daniel Okafor, 05:37") != std::string::npos);
  CHECK(md.find("- [Signal and Noise](https://example.com/show)") != std::string::npos);
  CHECK(md.find("_Episode: https://example.com/ep/42_") != std::string::npos);
  spec.title_emoji = EmojiPlacement::Start;
  CHECK(AssembleMarkdown(spec, c).rfind("# 🚀 Real-time", 0) == 0);
}

TEST_CASE("skeleton preview lists the headings the spec will produce") {
  ArticleSpec spec = FindPreset("wechat_long_read_zh")->spec;
  std::vector<SkeletonItem> sk = Skeleton(spec);
  std::vector<std::string> texts;
  for (const auto& i : sk) texts.push_back(i.text);
  REQUIRE(texts.size() == 10);
  CHECK(texts[0] == "Title (question) 🙂");
  CHECK(texts[2] == "亮点 (4 bullets)");
  CHECK(texts[3] == "引言：<subtitle>");
  CHECK(texts[7] == "结论：<subtitle>");
  CHECK(texts[8] == "详细对话");
  CHECK(texts[9] == "_原链接：<source URL>_");
  spec.section_headings = {"背景", "争议"};
  spec.timestamps_in_headings = true;
  sk = Skeleton(spec);
  CHECK(sk[4].text == "[mm:ss] 背景");
  CHECK_FALSE(sk[4].placeholder);
}

TEST_CASE("structure checker lists what differs from the spec") {
  const ArticleSpec spec = FindPreset("wechat_long_read_zh")->spec;
  auto kinds = [&](const std::string& md) {
    std::string k;
    for (const auto& i : CheckStructure(spec, md)) k += i.kind + ":" + i.message + "\n";
    return k;
  };
  const std::string good =
      "# 标题是什么？🚀\n\n> 导语。\n\n## 亮点\n\n- 一\n- 二\n- 三\n- 四\n\n## 引言：开始\n\n正文。\n\n"
      "## 主题一\n\n正文。\n\n## 主题二\n\n正文。\n\n## 主题三\n\n正文。\n\n## 结论：结束\n\n正文。\n\n"
      "## 详细对话\n\n```\nA：你好\n```\n\n_原链接：https://x.y_\n";
  CHECK(kinds(good) == "");
  SUBCASE("missing section and wrong count") {
    std::string md = text::Replace(good, "## 主题三\n\n正文。\n\n", "");
    CHECK(kinds(md).find("count:The article has 2 body section(s); the spec asks for 3.") != std::string::npos);
  }
  SUBCASE("wrong highlight count") {
    CHECK(kinds(text::Replace(good, "- 四\n", "")).find("There are 3 highlights; the spec asks for 4.") != std::string::npos);
  }
  SUBCASE("heading order") {
    std::string md = text::Replace(good, "## 引言：开始\n\n正文。\n\n", "");
    md = text::Replace(md, "## 结论：结束", "## 引言：开始\n\n正文。\n\n## 结论：结束");
    CHECK(kinds(md).find("order:") != std::string::npos);
  }
  SUBCASE("missing lead, emoji, source") {
    std::string md = text::Replace(good, "> 导语。\n\n", "");
    md = text::Replace(md, "🚀", "");
    md = text::Replace(md, "_原链接：https://x.y_\n", "");
    std::string k = kinds(md);
    CHECK(k.find("missing:The lead") != std::string::npos);
    CHECK(k.find("emoji:The title should end with an emoji.") != std::string::npos);
    CHECK(k.find("missing:The source link line") != std::string::npos);
  }
  SUBCASE("Traditional characters in a Simplified article") {
    std::string md = text::Replace(good, "## 主题一\n\n正文。", "## 主题一\n\n這個問題說來話長，我們對這個國家的經濟發展很關心。");
    CHECK(kinds(md).find("language:") != std::string::npos);
  }
  SUBCASE("an English article for a Chinese spec") {
    std::string md = good;
    md = text::Replace(md, "正文。", "This paragraph is written in English, which is not what the spec asks for. "
                                      "It goes on for a while so that it reads like a real section of an article.");
    CHECK(kinds(md).find("language:The article reads as Latin-script text") != std::string::npos);
  }
  SUBCASE("the user's own headings in order") {
    ArticleSpec own = spec;
    own.section_headings = {"主题一", "主题二", "主题三"};
    CHECK(CheckStructure(own, good).empty());
    own.section_headings = {"主题一", "主题三", "主题二"};
    CHECK_FALSE(CheckStructure(own, good).empty());
  }
}
