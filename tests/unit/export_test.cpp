// Exports: the standalone HTML document (lang, viewport, wrapping) and the WeChat fragment (inline
// styles only, links as numbered footnotes, the fenced dialogue as a block of paragraphs).
#include <regex>
#include <string>

#include "core/markdown.h"
#include "doctest/doctest.h"
#include "support/html_inert.h"

using namespace tp;

namespace {
size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
  return n;
}

// Every start tag in `html`, as "<name attrs>".
std::vector<std::string> StartTags(const std::string& html) {
  std::vector<std::string> tags;
  static const std::regex tag("<([a-z0-9]+)([^>]*)>");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tag); it != std::sregex_iterator(); ++it)
    tags.push_back(it->str());
  return tags;
}

const char* kArticle =
    "# 标题 🎙️\n\n> 导语 with **bold** and *italic*.\n\n## 亮点\n\n- one [source](https://example.com/a)\n- two `code`\n\n"
    "1. first\n2. second [again](https://example.com/a) and [mail](mailto:ed@example.com)\n\n"
    "Read [the post](https://blog.example/p?x=1&y=2).\n\n---\n\n## 详细对话\n\n```\n**Harry**: Hello <there>\n\n  indented line\n```\n";
}  // namespace

TEST_CASE("standalone HTML names its language, has a viewport and wraps long lines") {
  const std::string html = ExportHtml(kArticle, "标题", "zh-Hans");
  CHECK(html.find("<html lang=\"zh-Hans\">") != std::string::npos);
  CHECK(html.find("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">") != std::string::npos);
  CHECK(html.find("overflow-wrap:anywhere") != std::string::npos);
  CHECK(html.find("href=\"https://blog.example/p?x=1&amp;y=2\"") != std::string::npos);
  CHECK(test::WhyNotInert(html) == "");
}

TEST_CASE("the lang attribute accepts only a language tag") {
  CHECK(ExportHtml("x\n", "T", "en").find("<html lang=\"en\">") != std::string::npos);
  CHECK(ExportHtml("x\n", "T", "").find("<html>") != std::string::npos);
  const std::string too_long(40, 'a');
  for (const char* bad : {"en\" onload=\"x", "zh><script>", "en us", too_long.c_str()}) {
    CAPTURE(bad);
    const std::string html = ExportHtml("x\n", "T", bad);
    CHECK(html.find("<html>") != std::string::npos);
    CHECK(test::WhyNotInert(html) == "");
  }
}

TEST_CASE("WeChat export: every element styled inline, no class, id, style element or link") {
  const std::string html = ExportWeChatHtml(kArticle, "参考链接");
  CHECK(test::WhyNotInert(html) == "");
  const auto tags = StartTags(html);
  REQUIRE(tags.size() > 20);
  for (const std::string& t : tags) {
    CAPTURE(t);
    if (t == "<br>") continue;
    CHECK(t.find(" style=\"") != std::string::npos);
    CHECK(t.find(" class=") == std::string::npos);
    CHECK(t.find(" id=") == std::string::npos);
    CHECK(t.find("<a ") != 0);
    CHECK(t.find("<style") != 0);
    CHECK(t.find("<img") != 0);
  }
  CHECK(html.find("href=") == std::string::npos);
  CHECK(html.find("<!doctype") == std::string::npos);   // a fragment for the editor, not a document
}

TEST_CASE("WeChat export: external links become numbered footnotes, a repeated URL keeps its number") {
  const std::string html = ExportWeChatHtml(kArticle, "参考链接");
  CHECK(html.find("source</span><sup") != std::string::npos);
  CHECK(Count(html, ">[1]</sup>") == 2);                // https://example.com/a, cited twice
  CHECK(Count(html, ">[2]</sup>") == 1);                // mailto
  CHECK(Count(html, ">[3]</sup>") == 1);                // the blog post
  CHECK(html.find(">参考链接</p>") != std::string::npos);
  CHECK(html.find("[1] https://example.com/a</p>") != std::string::npos);
  CHECK(html.find("[2] mailto:ed@example.com</p>") != std::string::npos);
  CHECK(html.find("[3] https://blog.example/p?x=1&amp;y=2</p>") != std::string::npos);
  CHECK(html.find(">参考链接<") < html.find("[1] https://example.com/a"));
  // No links, no footnote list.
  CHECK(ExportWeChatHtml("plain\n", "Links").find("Links") == std::string::npos);
}

TEST_CASE("WeChat export: unsafe links keep their words and get no footnote") {
  const std::string html = ExportWeChatHtml("[x](javascript:alert(1)) [d](data:text/html,hi)\n", "Links");
  CHECK(html.find("<sup") == std::string::npos);
  CHECK(html.find("javascript") == std::string::npos);
  CHECK(html.find("Links") == std::string::npos);
  CHECK(html.find("x d") != std::string::npos);
}

TEST_CASE("WeChat export: a fenced dialogue becomes a block of one paragraph per line, spaces kept") {
  const std::string html = ExportWeChatHtml(kArticle, "Links");
  CHECK(html.find("<pre") == std::string::npos);   // the editor collapses a <pre>'s white-space on save
  CHECK(html.find("**Harry**: Hello &lt;there&gt;</p>") != std::string::npos);   // code stays literal
  CHECK(html.find(">&nbsp;&nbsp;indented line</p>") != std::string::npos);
  CHECK(html.find("min-height:1em\"><br></p>") != std::string::npos);            // the blank line between turns
}

TEST_CASE("WeChat export: dialogue as paragraphs stays paragraphs") {
  const std::string html = ExportWeChatHtml("## Dialogue\n\n**Harry**: Hello.\n\n**Elon**: Hi.\n", "Links");
  CHECK(Count(html, "<p style=") == 2);
  CHECK(html.find("<strong style=\"font-weight:bold\">Harry</strong>: Hello.") != std::string::npos);
}

TEST_CASE("WeChat export: a huge unbroken line wraps") {
  const std::string word(1 << 18, 'A');
  const std::string html = ExportWeChatHtml(word + "\n\n```\n" + word + "\n```\n\n[l](https://x.example/" + word + ")\n", "L");
  CHECK(test::WhyNotInert(html) == "");
  CHECK(html.substr(0, 400).find("overflow-wrap:anywhere") != std::string::npos);
  CHECK(html.find("word-break:break-all\">[1] https://x.example/") != std::string::npos);
}
