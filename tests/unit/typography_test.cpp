// Chinese typography and turn markers, as tables of input -> expected output.
#include <string>
#include <vector>

#include "core/turn_markers.h"
#include "core/typography.h"
#include "doctest/doctest.h"

using namespace tp;

namespace {
struct Case { const char* in; const char* want; };
}  // namespace

TEST_CASE("Chinese typography: spacing, punctuation, quotes, and what is never touched") {
  const Case cases[] = {
      // Spacing between Chinese and Latin letters or digits.
      {"马斯克在10天内建成了一个数据中心", "马斯克在 10 天内建成了一个数据中心"},
      {"X拥有数亿用户", "X 拥有数亿用户"},
      {"使用LLM的人", "使用 LLM 的人"},
      {"已经有 2 个", "已经有 2 个"},
      {"增长了30%的用户", "增长了 30% 的用户"},
      {"Café很好", "Café 很好"},
      // Full-width punctuation inside Chinese text.
      {"他说,这很重要.", "他说，这很重要。"},
      {"真的吗?是的!", "真的吗？是的！"},
      {"原因有三:速度;规模", "原因有三：速度；规模"},
      {"他用了 GPT-4, 效果很好", "他用了 GPT-4，效果很好"},
      {"你好 , 世界", "你好，世界"},
      {"X(原 Twitter)拥有数亿用户", "X（原 Twitter）拥有数亿用户"},
      {"马斯克 (Elon Musk) 说", "马斯克（Elon Musk）说"},
      {"他说\"实时数据最重要\"", "他说“实时数据最重要”"},
      {"然后...就没有了", "然后……就没有了"},
      {"好 ! ....", "好！……"},          // one rule enabling another, settled in one call
      {"中... ,好", "中……，好"},
      {"ＧＰＴ４很强", "GPT4 很强"},
      // Numbers, times and Latin text keep their own punctuation.
      {"价格是3.5美元", "价格是 3.5 美元"},
      {"在12:30开会", "在 12:30 开会"},
      {"共1,000人", "共 1,000 人"},
      {"He said, \"hello.\" (really)", "He said, \"hello.\" (really)"},
      // Never touched: code, URLs, link destinations, turn markers, Markdown line syntax.
      {"运行`ls -la`命令", "运行 `ls -la` 命令"},
      {"见https://example.com/a,b.html页面", "见 https://example.com/a,b.html 页面"},
      {"请看[文档](https://x.com/路径?a=1,b)吧", "请看[文档](https://x.com/路径?a=1,b)吧"},
      {"“很好的历史学家”[T4]。", "“很好的历史学家”[T4]。"},
      {"## 引言：Elon Musk的神话", "## 引言：Elon Musk 的神话"},
      {"- 第1点\n- 第2点", "- 第 1 点\n- 第 2 点"},
      {"> 引用A", "> 引用 A"},
      {"1. 第一步,开始", "1. 第一步，开始"},
      {"```\n中文,English\n```", "```\n中文,English\n```"},
      {"    代码,缩进", "    代码,缩进"},
      {"", ""},
      {"只有中文。", "只有中文。"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    const std::string got = NormalizeChineseTypography(c.in);
    CHECK(got == c.want);
    CHECK(NormalizeChineseTypography(got) == got);   // idempotent
  }
}

TEST_CASE("turn markers in every bracket form are read, made canonical, and removed for readers") {
  struct MarkerCase { const char* in; const char* canonical; const char* removed; std::vector<int> ids; };
  const MarkerCase cases[] = {
      {"“好”[T12]。", "“好”[T12]。", "“好”。", {12}},
      {"“好”【T12】。", "“好”[T12]。", "“好”。", {12}},
      {"“好”（T12）。", "“好”[T12]。", "“好”。", {12}},
      {"“好” (T12).", "“好”[T12].", "“好”.", {12}},
      {"“好”［T12］", "“好”[T12]", "“好”", {12}},
      {"he said so [T12, T13].", "he said so[T12, T13].", "he said so.", {12, 13}},
      {"见[T12-T14]", "见[T12-T14]", "见", {12, 13, 14}},
      {"见【T12，T13】和【T3–T4】", "见[T12, T13]和[T3-T4]", "见和", {3, 4, 12, 13}},
      {"[t7][T8]", "[T7][T8]", "", {7, 8}},
      {"[T12, 14]", "[T12, T14]", "", {12, 14}},
      {"a [T1] b", "a[T1] b", "a b", {1}},
      // Not markers: ordinary brackets.
      {"[Tesla] (Twitter) [T] (T0) [12]", "[Tesla] (Twitter) [T] (T0) [12]", "[Tesla] (Twitter) [T] (T0) [12]", {}},
      {"[T12", "[T12", "[T12", {}},
  };
  for (const MarkerCase& c : cases) {
    CAPTURE(c.in);
    CHECK(CanonicalTurnMarkers(c.in) == c.canonical);
    CHECK(RemoveTurnMarkers(c.in) == c.removed);
    CHECK(CitedTurnIds(c.in) == c.ids);
  }
}
