// Reading quantities (core/numbers.h): a table of how people write amounts, and which pairs are the same.
#include <cmath>

#include "core/numbers.h"
#include "doctest/doctest.h"

using namespace tp;

namespace {

struct Read { const char* text; double lo, hi; QuantityKind kind; };

// The one non-trivial quantity in `text`.
Quantity One(const char* text) {
  std::vector<Quantity> all = ReadQuantities(text);
  std::vector<Quantity> q;
  for (const Quantity& x : all) if (!x.Trivial()) q.push_back(x);
  CHECK_MESSAGE(q.size() == 1, text);
  return q.empty() ? Quantity{} : q[0];
}

bool Near(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)); }

}  // namespace

TEST_CASE("quantities as written: digits, Chinese numerals, English words, percentages, multiples, money, years") {
  const Read cases[] = {
      // Arabic digits, separators, decimals, scales
      {"about 1,200 people", 1200, 1200, QuantityKind::Plain},
      {"3.5 million users", 3.5e6, 3.5e6, QuantityKind::Plain},
      {"a $2bn round", 2e9, 2e9, QuantityKind::Money},
      {"5k stars", 5e3, 5e3, QuantityKind::Plain},
      {"$5 million", 5e6, 5e6, QuantityKind::Money},
      {"300万用户", 3e6, 3e6, QuantityKind::Plain},
      {"3.5亿美元", 3.5e8, 3.5e8, QuantityKind::Money},
      {"1.2万亿", 1.2e12, 1.2e12, QuantityKind::Plain},
      {"100多万人", 1e6, 2e6, QuantityKind::Plain},
      // Chinese numerals
      {"十天", 10, 10, QuantityKind::Plain},
      {"三十天内", 30, 30, QuantityKind::Plain},
      {"十五年", 15, 15, QuantityKind::Plain},
      {"两年后", 2, 2, QuantityKind::Plain},
      {"一百零五个", 105, 105, QuantityKind::Plain},
      {"三千五百", 3500, 3500, QuantityKind::Plain},
      {"三千五", 3500, 3500, QuantityKind::Plain},
      {"一万五", 15000, 15000, QuantityKind::Plain},
      {"三亿五千万", 3.5e8, 3.5e8, QuantityKind::Plain},
      {"几亿活跃用户", 2e8, 9e8, QuantityKind::Plain},
      {"数亿用户", 2e8, 9e8, QuantityKind::Plain},
      {"数百万美元", 2e6, 9e6, QuantityKind::Money},
      {"几十个", 20, 90, QuantityKind::Plain},
      {"十几个", 12, 19, QuantityKind::Plain},
      {"三十多岁", 30, 40, QuantityKind::Plain},
      {"两三天", 2, 3, QuantityKind::Plain},
      {"上亿用户", 1e8, 1e9, QuantityKind::Plain},
      {"二〇二四年", 2024, 2024, QuantityKind::Year},
      {"百分之五十", 50, 50, QuantityKind::Percent},
      {"百分之三点五", 3.5, 3.5, QuantityKind::Percent},
      {"三点五亿", 3.5e8, 3.5e8, QuantityKind::Plain},
      {"十倍", 10, 10, QuantityKind::Multiple},
      {"降低了90%", 90, 90, QuantityKind::Percent},
      {"2024年", 2024, 2024, QuantityKind::Year},
      {"500万美元", 5e6, 5e6, QuantityKind::Money},
      // English words
      {"ten days", 10, 10, QuantityKind::Plain},
      {"twenty-five people", 25, 25, QuantityKind::Plain},
      {"one hundred and five", 105, 105, QuantityKind::Plain},
      {"a few hundred million active users", 2e8, 9e8, QuantityKind::Plain},
      {"hundreds of millions of dollars", 2e8, 9.99e8, QuantityKind::Money},
      {"tens of thousands", 2e4, 9.9e4, QuantityKind::Plain},
      {"two million", 2e6, 2e6, QuantityKind::Plain},
      {"a million", 1e6, 1e6, QuantityKind::Plain},
      {"twelve years", 12, 12, QuantityKind::Plain},
      {"roughly ten times a year", 10, 10, QuantityKind::Multiple},
      {"fifty percent", 50, 50, QuantityKind::Percent},
      {"a 10x improvement", 10, 10, QuantityKind::Multiple},
      {"in 2019", 2019, 2019, QuantityKind::Year},
      {"in the 1990s", 1990, 1999, QuantityKind::Year},
      {"twice as fast", 2, 2, QuantityKind::Multiple},
      {"a dozen", 12, 12, QuantityKind::Plain},
      {"half the users", 0.5, 0.5, QuantityKind::Plain},
      {"一半的用户", 0.5, 0.5, QuantityKind::Plain},
  };
  for (const Read& c : cases) {
    CAPTURE(std::string(c.text));
    Quantity q = One(c.text);
    CHECK(Near(q.lo, c.lo));
    CHECK(Near(q.hi, c.hi));
    CHECK(ToString(q.kind) == std::string(ToString(c.kind)));
  }
}

TEST_CASE("what is not a quantity: idioms, names, timestamps, turn markers, ordinals, 'one of'") {
  const char* const none[] = {
      "他十分看重速度", "万一失败了怎么办", "一些公司", "千万不要这样做", "一样重要", "统一的标准", "GPT-4 and GPT-4o", "20VC",
      "at [12:34] he said", "as he said[T12]", "【T12】", "the first time", "第一，第二", "one of the only places", "someone said",
      "几乎不可能", "数据很重要", "百度和百科", "a model", "零售业", "3D printing", "MP3 files",
  };
  for (const char* text : none) {
    CAPTURE(std::string(text));
    int non_trivial = 0;
    for (const Quantity& q : ReadQuantities(text)) non_trivial += !q.Trivial();
    CHECK(non_trivial == 0);
  }
}

TEST_CASE("the same amount written two ways, and different amounts") {
  struct Pair { const char* a; const char* b; bool same; };
  const Pair pairs[] = {
      {"3 million", "300万", true},
      {"3 million", "30万", false},
      {"3 million", "3000万", false},
      {"a few hundred million active users", "几亿活跃用户", true},
      {"a few hundred million active users", "几千万活跃用户", false},
      {"hundreds of millions of dollars", "数亿美元", true},
      {"hundreds of millions of dollars", "数百万美元", false},
      {"ten days", "十天", true},
      {"ten days", "三十天", false},
      {"ten times", "十倍", true},
      {"ten times", "百分之十", false},
      {"fifty percent", "百分之五十", true},
      {"50%", "50", false},
      {"twelve years", "12年", true},
      {"2019", "二〇一九年", true},
      {"1.2 billion", "12亿", true},
      {"1,187 million", "about 1.19 billion", true},
      {"six to nine months", "六", true},
  };
  for (const Pair& p : pairs) {
    CAPTURE(std::string(p.a) + " / " + p.b);
    std::vector<Quantity> a = ReadQuantities(p.a), b = ReadQuantities(p.b);
    REQUIRE_FALSE(a.empty());
    REQUIRE_FALSE(b.empty());
    CHECK(SameQuantity(a[0], b[0]) == p.same);
    CHECK(SameQuantity(b[0], a[0]) == p.same);
  }
}

TEST_CASE("positions: each quantity knows the bytes it was read from") {
  const std::string text = "在十天内，花了500万美元，增长3倍。";
  std::vector<Quantity> q = ReadQuantities(text);
  REQUIRE(q.size() == 3);
  CHECK(text.substr(q[0].begin, q[0].end - q[0].begin) == "十");
  CHECK(text.substr(q[1].begin, q[1].end - q[1].begin) == "500万美元");
  CHECK(text.substr(q[2].begin, q[2].end - q[2].begin) == "3倍");
}

TEST_CASE("pathological input reads without crashing") {
  std::string s;
  for (int i = 0; i < 2000; ++i) s += "九十九亿九千九百万 hundreds of of of millions 1,2,3.4.5 $ ¥ 百分之 第 几 ";
  s += std::string("\xE4\xB8", 2);   // a cut UTF-8 sequence at the end
  CHECK(ReadQuantities(s).size() > 1000);
  CHECK(ReadQuantities("").empty());
  CHECK(ReadQuantities("百分之").empty());
}
