// Security: model output is untrusted. Exported and copied HTML (ExportHtml) from hostile Markdown stays
// inert — no script, event attribute, unsafe link scheme, raw HTML, comment or remote image survives — and
// hostile shapes (huge lines, deep nesting, NUL bytes, invalid UTF-8) export without crashing and lay out
// sanely. The document model (the article view) refuses the same links. Judged by an independent
// checker (support/html_inert.h), not by searching for the attack strings alone.
#include <string>
#include <vector>

#include "core/markdown.h"
#include "doctest/doctest.h"
#include "support/html_inert.h"

using namespace tp;

namespace {
struct Hostile { std::string name; std::string markdown; std::vector<std::string> must_not_contain; };

std::vector<Hostile> HostileInputs() {
  return {
      {"script block", "<script>alert(1)</script>\n", {"<script"}},
      {"script inline", "text <script>alert(1)</script> more\n", {"<script"}},
      {"event attribute on raw img", "x <img src=x onerror=alert(1)> y\n", {"<img"}},
      {"event attribute on raw div block", "<div onclick=\"alert(1)\">click</div>\n", {"<div"}},
      {"svg onload", "<svg onload=alert(1)>\n", {"<svg"}},
      {"iframe srcdoc", "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>\n", {"<iframe", "<script"}},
      {"style block", "<style>body{background:url(https://evil.example/x)}</style>\n", {"<style"}},
      {"html comment hiding a script", "<!-- --><script>alert(1)</script><!-- -->\n", {"<!--", "<script"}},
      {"comment inline", "a <!-- secret --> b\n", {"<!--"}},
      {"javascript link", "[x](javascript:alert(1))\n", {"href=\"javascript"}},
      {"mixed-case javascript link", "[x](JaVaScRiPt:alert(1))\n", {"avascript:"}},
      {"entity-encoded javascript link", "[x](&#106;avascript:alert(1))\n", {"avascript:"}},
      {"tab inside the scheme", "[x](java&#x09;script:alert(1))\n", {"href=\"java"}},
      {"leading spaces before the scheme", "[x](<  javascript:alert(1)>)\n", {"href=\"  java", "href=\"java"}},
      {"javascript autolink", "<javascript:alert(1)>\n", {"href=\"javascript"}},
      {"data link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n", {"href=\"data"}},
      {"data autolink", "<data:text/html,<script>alert(1)</script>>\n", {"href=\"data", "<script"}},
      {"vbscript and file links", "[a](vbscript:msgbox) [b](file:///etc/passwd)\n", {"href=\"vbscript", "href=\"file"}},
      {"reference-style javascript link", "[x][r]\n\n[r]: javascript:alert(1)\n", {"href=\"javascript"}},
      {"image with javascript source", "![x](javascript:alert(1))\n", {"<img", "javascript:"}},
      {"remote image (tracking pixel)", "![pixel](https://evil.example/p.png)\n", {"<img", "evil.example"}},
      {"quote breaking out of href", "[x](https://ok.example/\"onmouseover=\"alert(1))\n", {"\"onmouseover"}},
      {"link title with event attribute", "[x](https://ok.example \"t\\\" onmouseover=\\\"alert(1)\")\n", {"onmouseover=\""}},
      {"code fence info string", "```\"><script>alert(1)</script>\ncode\n```\n", {"<script"}},
      {"heading with markup", "# </title><script>alert(1)</script>\n", {"<script"}},
      {"entities that decode to markup", "&lt;script&gt;alert(1)&lt;/script&gt;\n", {"<script"}},
      {"form and input", "<form action=https://evil.example><input name=k></form>\n", {"<form", "<input"}},
      {"meta refresh", "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">\n", {"<meta http-equiv"}},
      {"base href", "<base href=\"https://evil.example/\">\n", {"<base"}},
      {"object and embed", "<object data=x></object><embed src=x>\n", {"<object", "<embed"}},
      {"link in a blockquote in a list", "- > [x](javascript:alert(1))\n", {"href=\"javascript"}},
      {"NUL bytes", std::string("a\0b <scr\0ipt>\n", 14), {}},
      {"invalid UTF-8", "bad \xC3\x28 \xFF\xFE \xED\xA0\x80 text\n", {}},
  };
}
}  // namespace

TEST_CASE("HTML export of hostile model output is inert") {
  for (const Hostile& h : HostileInputs()) {
    CAPTURE(h.name);
    const std::string html = ExportHtml(h.markdown, "Article");
    CHECK(test::WhyNotInert(html) == "");
    for (const std::string& bad : h.must_not_contain) {
      CAPTURE(bad);
      CHECK(test::LowerAscii(html).find(test::LowerAscii(bad)) == std::string::npos);
    }
  }
}

TEST_CASE("WeChat export of hostile model output is inert too") {
  for (const Hostile& h : HostileInputs()) {
    CAPTURE(h.name);
    const std::string html = ExportWeChatHtml(h.markdown, "<script>alert(1)</script>");
    CHECK(test::WhyNotInert(html) == "");
    CHECK(test::LowerAscii(html).find("href=\"") == std::string::npos);   // links are footnotes in plain text
    for (const std::string& bad : h.must_not_contain) {
      CAPTURE(bad);
      CHECK(test::LowerAscii(html).find(test::LowerAscii(bad)) == std::string::npos);
    }
  }
}

TEST_CASE("deeply nested input exports to WeChat without exhausting the stack") {
  std::string md;
  for (int i = 0; i < 50000; ++i) md += "> - [";
  md += "deep text\n";
  const std::string html = ExportWeChatHtml(md, "L");
  CHECK(test::WhyNotInert(html) == "");
  CHECK(html.find("deep text") != std::string::npos);
}

TEST_CASE("HTML export keeps the text of what it neutralises, and safe links work") {
  const std::string html = ExportHtml("Read <b>this</b> at [the site](https://example.com/a?b=1&c=2) or "
                                      "[mail](mailto:ed@example.com); [bad](javascript:alert(1)) stays text.\n", "T");
  CHECK(test::WhyNotInert(html) == "");
  CHECK(html.find("&lt;b&gt;this&lt;/b&gt;") != std::string::npos);   // raw HTML is shown, not interpreted
  CHECK(html.find("href=\"https://example.com/a?b=1&amp;c=2\"") != std::string::npos);
  CHECK(html.find("href=\"mailto:ed@example.com\"") != std::string::npos);
  CHECK(html.find("rel=\"noopener noreferrer\"") != std::string::npos);
  CHECK(html.find("; bad stays text.") != std::string::npos);   // an unsafe link keeps its words, loses its target
}

TEST_CASE("link targets are percent-encoded where a URL may not hold the raw byte") {
  const std::string html = ExportHtml(std::string("[x](<https://a.example/p q\x03\"r`>) [y](https://a.example/?a=1&b='2')\n"), "T");
  CHECK(test::WhyNotInert(html) == "");
  CHECK(html.find("href=\"https://a.example/p%20q%03%22r%60\"") != std::string::npos);
  CHECK(html.find("href=\"https://a.example/?a=1&amp;b=&#39;2&#39;\"") != std::string::npos);
}

TEST_CASE("the title is escaped and cannot close the head") {
  const std::string html = ExportHtml("text\n", "</title><script>alert(1)</script>");
  CHECK(test::WhyNotInert(html) == "");
  CHECK(html.find("<title>&lt;/title&gt;&lt;script&gt;") != std::string::npos);
}

TEST_CASE("a huge unbroken line exports and is wrapped by the page, not by the reader's scrollbar") {
  const std::string word(1 << 20, 'A');
  const std::string html = ExportHtml("# T\n\n" + word + "\n\n```\n" + word + "\n```\n", "T");
  CHECK(test::WhyNotInert(html) == "");
  CHECK(html.size() > 2 * word.size());
  // The article and the code block break long words anywhere.
  CHECK(html.find("<article style=\"") != std::string::npos);
  const size_t article = html.find("<article style=\"");
  CHECK(html.substr(article, 400).find("overflow-wrap:anywhere") != std::string::npos);
  const size_t pre = html.find("<pre style=\"");
  REQUIRE(pre != std::string::npos);
  CHECK(html.substr(pre, 300).find("overflow-wrap:anywhere") != std::string::npos);
}

TEST_CASE("deeply nested quotes, lists and emphasis export without exhausting the stack") {
  // The app's wasm stack is 1 MB; a model (or a pasted article) can nest far deeper than any reader needs.
  for (const char* unit : {"> ", "- ", "1. ", "*", "[", "> - "}) {
    CAPTURE(unit);
    std::string md;
    for (int i = 0; i < 50000; ++i) md += unit;
    md += "deep text\n";
    const std::string html = ExportHtml(md, "T");
    CHECK(test::WhyNotInert(html) == "");
    CHECK(html.find("deep text") != std::string::npos);
    const MdDocument d = ParseMarkdown(md);
    bool found = false;
    for (const MdBlock& b : d.blocks) found = found || b.PlainText().find("deep text") != std::string::npos;
    CHECK(found);
  }
}

TEST_CASE("the document model keeps no unsafe link for the article view") {
  for (const Hostile& h : HostileInputs()) {
    CAPTURE(h.name);
    const MdDocument d = ParseMarkdown(h.markdown);
    for (const std::string& url : d.links) CHECK(IsSafeUrl(url));
  }
}
