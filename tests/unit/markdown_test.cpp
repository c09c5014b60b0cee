// Markdown document model (CommonMark cases that matter to articles), HTML export safety, and the
// line breaker (kinsoku, mixed scripts, long words, emoji).
#include "core/linebreak.h"
#include "core/markdown.h"
#include "core/utf8.h"
#include "doctest/doctest.h"

using namespace tp;

TEST_CASE("document model: headings, paragraphs, emphasis, code, quotes, lists, links, breaks") {
  MdDocument d = ParseMarkdown(
      "# Title 🚀\n\n> Lead line one\n> line two\n\n## 亮点\n\n- one **bold**\n- two *it* `code`\n  - nested\n\n"
      "1. first\n2. second\n\nPara with [link](https://x.y) and [bad](javascript:alert(1)).\n"
      "中文第一行\n中文第二行\nhard  \nbreak\n\n---\n\n```python\nprint('hi')\n```\n\n<script>alert(1)</script>\n");
  REQUIRE(d.blocks.size() >= 12);
  CHECK(d.blocks[0].type == MdBlockType::Heading);
  CHECK(d.blocks[0].heading_level == 1);
  CHECK(d.blocks[0].PlainText() == "Title 🚀");
  CHECK(d.blocks[1].quote_depth == 1);
  CHECK(d.blocks[1].PlainText() == "Lead line one line two");   // soft break is a space between words
  CHECK(d.blocks[2].heading_level == 2);
  CHECK(d.blocks[3].bullet == "•");
  CHECK(d.blocks[3].runs.back().style == kBold);
  CHECK(d.blocks[4].runs[1].style == kItalic);
  CHECK(d.blocks[4].runs.back().style == kCode);
  CHECK(d.blocks[5].list_depth == 2);
  CHECK(d.blocks[5].bullet == "◦");
  CHECK(d.blocks[6].bullet == "1.");
  CHECK(d.blocks[7].bullet == "2.");
  const MdBlock& para = d.blocks[8];
  CHECK(para.PlainText().find("中文第一行中文第二行") != std::string::npos);   // no space between CJK lines
  CHECK(para.PlainText().find("hard\nbreak") != std::string::npos);           // hard break kept
  REQUIRE(d.links.size() == 1);                                                // javascript: is not a link
  CHECK(d.links[0] == "https://x.y");
  CHECK(d.blocks[9].type == MdBlockType::ThematicBreak);
  CHECK(d.blocks[10].type == MdBlockType::CodeBlock);
  CHECK(d.blocks[10].info == "python");
  CHECK(d.blocks[10].PlainText() == "print('hi')");
  CHECK(d.blocks[11].type == MdBlockType::HtmlBlock);
}

TEST_CASE("HTML export escapes everything and keeps only safe links") {
  std::string h = ExportHtml("# T <b>\n\nx <img src=x onerror=alert(1)> [a](javascript:alert(1)) [b](https://ok.com/?a=1&b=2)\n\n"
                             "<script>alert(1)</script>\n\n> 引用\n\n```\n<tag>\n```\n", "Title <x>");
  CHECK(h.find("<script>") == std::string::npos);
  CHECK(h.find("<img") == std::string::npos);
  CHECK(h.find("javascript:") == std::string::npos);
  CHECK(h.find("href=\"https://ok.com/?a=1&amp;b=2\"") != std::string::npos);
  CHECK(h.find("&lt;script&gt;") != std::string::npos);
  CHECK(h.find("<title>Title &lt;x&gt;</title>") != std::string::npos);
  CHECK(h.find("<blockquote") != std::string::npos);
  CHECK(h.find("&lt;tag&gt;") != std::string::npos);
}

namespace {
// Fixed-width measure: 1 per narrow character, 2 per wide one (CJK, full-width punctuation, emoji).
float Advance(char32_t c, int) {
  if (c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x1F3FB && c <= 0x1F3FF)) return 0;
  return utf8::IsWide(c) || c >= 0x1F000 ? 2.0f : 1.0f;
}
std::vector<std::string> Lines(const std::string& text, float width) {
  std::vector<LayoutRun> runs = {{text, 0}};
  std::vector<std::string> out;
  for (const LayoutLine& l : BreakLines(runs, width, Advance)) {
    std::string s;
    for (const LineSegment& seg : l.segments) s += text.substr(seg.begin, seg.end - seg.begin);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    out.push_back(s);
  }
  return out;
}
}  // namespace

TEST_CASE("line breaking: data-driven cases") {
  struct Case { const char* name; std::string text; float width; std::vector<std::string> want; };
  const std::vector<Case> cases = {
      {"Latin at spaces", "the quick brown fox", 10, {"the quick", "brown fox"}},
      {"CJK between characters", "一二三四五六七八", 8, {"一二三四", "五六七八"}},
      {"no comma at line start", "一二三，四五六", 6, {"一二", "三，四", "五六"}},
      {"no opening bracket at line end", "一二（三四）", 6, {"一二", "（三", "四）"}},
      {"no opening bracket at line end, wider", "一二三（四五）", 8, {"一二三", "（四五）"}},
      {"no period after closing quote", "他说“好”。然后", 8, {"他说", "“好”。然", "后"}},
      {"mixed scripts", "Elon Musk 在 10 天内建造了一个数据中心", 14, {"Elon Musk 在", "10 天内建造了", "一个数据中心"}},
      {"long word broken anywhere", "abcdefghijkl", 5, {"abcde", "fghij", "kl"}},
      {"hyphen", "state-of-the-art", 10, {"state-of-", "the-art"}},
      {"hard break", "one\ntwo", 20, {"one", "two"}},
      {"blank line kept", "one\n\ntwo", 20, {"one", "", "two"}},
      {"prices and version numbers stay whole", "about $0.089 and glm-5.1 now", 9, {"about", "$0.089", "and", "glm-5.1", "now"}},
      {"emoji sequence kept whole", "ab 👨‍👩‍👧 cd", 5, {"ab", "👨‍👩‍👧", "cd"}},
      {"skin tone stays with its emoji", "xx👍🏽yy", 3, {"xx", "👍🏽", "yy"}},
      {"ellipsis stays", "一二三四……", 8, {"一二三", "四……"}},
      {"empty", "", 10, {""}},
  };
  for (const Case& c : cases) {
    const std::string name = c.name;
    std::string got;
    for (const std::string& l : Lines(c.text, c.width)) got += "[" + l + "]";
    std::string want;
    for (const std::string& l : c.want) want += "[" + l + "]";
    CAPTURE(name);
    CHECK(got == want);
  }
}

TEST_CASE("line breaking: runs of different styles and widths") {
  std::string a = "Hello ", b = "世界你好";
  std::vector<LayoutRun> runs = {{a, 0}, {b, 1}};
  auto adv = [](char32_t c, int style) { return (utf8::IsWide(c) ? 2.0f : 1.0f) * (style == 1 ? 1.5f : 1.0f); };
  std::vector<LayoutLine> lines = BreakLines(runs, 10, adv);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].segments.size() == 2);
  CHECK(lines[0].segments[1].run == 1);
  CHECK(lines[0].segments[1].x == doctest::Approx(6));
  CHECK(lines[0].width == doctest::Approx(9));
  for (const LayoutLine& l : lines) CHECK(l.width <= 10);
}

// Double-click selection: the word under a byte offset, given as the text with the expected word marked
// by [ ] and the clicked character by ^ beneath it (here: the byte offset of a needle).
TEST_CASE("word selection: spaced scripts by letters, unspaced CJK by script runs up to punctuation") {
  struct Case { const char* text; const char* click; const char* word; };
  const Case cases[] = {
      {"We talked about signal-to-noise today.", "noise", "signal-to-noise"},
      {"We talked about signal-to-noise today.", " about", " "},
      {"It's 2026, isn't it?", "sn", "isn't"},
      {"今天我们聊一聊人工智能的未来，以及它会怎样改变写作。", "智能", "今天我们聊一聊人工智能的未来"},
      {"今天我们聊一聊人工智能的未来，以及它会怎样改变写作。", "写作", "以及它会怎样改变写作"},
      {"今天我们聊一聊人工智能的未来，以及它会怎样改变写作。", "，", "，"},
      {"我们用GPT写了初稿", "PT", "GPT"},
      {"我们用GPT写了初稿", "初", "写了初稿"},
      {"東京に行きました。カタカナのテスト", "京", "東京"},
      {"東京に行きました。カタカナのテスト", "カナ", "カタカナ"},
      {"東京に行きました。カタカナのテスト", "きま", "きました"},
      {"안녕하세요 여러분", "하세", "안녕하세요"},
      {"Привет, мир", "мир", "мир"},
      {"«Très bien», dit-elle", "rès", "Très"},
      {"emoji 👍🏽 here", "👍", "👍🏽"},
  };
  for (const Case& c : cases) {
    const std::string_view text = c.text;
    const size_t at = text.find(c.click);
    REQUIRE(at != std::string_view::npos);
    const TextRange w = WordAround(text, at);
    CAPTURE(c.text);
    CAPTURE(c.click);
    CHECK(text.substr(w.begin, w.end - w.begin) == c.word);
  }
  // Offsets inside a code point, at the end and in empty text never cut a character in two.
  const std::string_view zh = "人工智能";
  const TextRange mid = WordAround(zh, 1);
  CHECK(zh.substr(mid.begin, mid.end - mid.begin) == "人工智能");
  CHECK(WordAround(zh, zh.size()).begin == zh.size());
  CHECK(WordAround("", 0).end == 0);
}
