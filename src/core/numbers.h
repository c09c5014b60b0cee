// Quantities as people write them, in English and Chinese, so a number in an article can be compared with
// the number a speaker said: digits ("3.5", "1,200", "300万"), Chinese numerals (十, 百, 千, 万, 亿, 两,
// 百分之…), spelled-out English ("ten", "a few hundred million", "hundreds of millions"), percentages,
// multiples ("ten times", "十倍"), currencies ("$5 million", "500 万美元") and years. "3 million" and
// "300 万" read as the same value; vague amounts ("几亿", "a few hundred million") read as ranges.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tp {

enum class QuantityKind { Plain, Percent, Multiple, Money, Year, Ordinal };
const char* ToString(QuantityKind k);

struct Quantity {
  double lo = 0, hi = 0;         // the value, or the range a vague amount spans (lo == hi when exact)
  QuantityKind kind = QuantityKind::Plain;
  std::string currency;          // "USD", "CNY", "EUR", "GBP", "JPY" for money, else ""
  size_t begin = 0, end = 0;     // byte range in the text read
  bool vague = false;            // "a few", 几, 数, 多, "hundreds of"

  // "one", "a", 一, first/第一 and the like: too common in ordinary prose to check.
  bool Trivial() const;
};

// Every quantity in the text, in order. Numbers inside words and names ("GPT-4", "20VC", "4o"),
// timestamps ("12:34"), turn markers ("[T12]") and idioms that only look numeric (十分 "very", 万一 "in case",
// 一些 "some", "one of") are not quantities.
std::vector<Quantity> ReadQuantities(std::string_view text);

// True when two quantities can be the same amount: equal values (1% rounding), or overlapping ranges when
// either is vague; a percentage only matches a percentage.
bool SameQuantity(const Quantity& a, const Quantity& b);

// A quantity as a short label for messages ("3000000", "2e8–9e8", "50%").
std::string Describe(const Quantity& q);

}  // namespace tp
