// Reading quantities. Index: character classes · suffixes (scale, unit, currency) · digits · English words ·
// Chinese numerals · ReadQuantities · SameQuantity.
#include "core/numbers.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <unordered_set>

#include "core/utf8.h"

namespace tp {

const char* ToString(QuantityKind k) {
  switch (k) {
    case QuantityKind::Plain: return "number";
    case QuantityKind::Percent: return "percent";
    case QuantityKind::Multiple: return "multiple";
    case QuantityKind::Money: return "money";
    case QuantityKind::Year: return "year";
    case QuantityKind::Ordinal: return "ordinal";
  }
  return "number";
}

bool Quantity::Trivial() const {
  if (kind == QuantityKind::Ordinal) return true;
  return kind == QuantityKind::Plain && !vague && lo == 1 && hi == 1;
}

namespace {

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

// Byte-level "does s continue with p at i" (ASCII case-insensitive for p's letters).
bool At(std::string_view s, size_t i, std::string_view p) {
  if (i + p.size() > s.size()) return false;
  for (size_t k = 0; k < p.size(); ++k)
    if (Lower(s[i + k]) != p[k]) return false;
  return true;
}
// A whole English word p at i (not followed by a letter).
bool WordAt(std::string_view s, size_t i, std::string_view p) {
  return At(s, i, p) && (i + p.size() >= s.size() || !IsAsciiLetter(s[i + p.size()]));
}
size_t SkipSpaces(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || (unsigned char)s[i] == 0xC2)) {
    if ((unsigned char)s[i] == 0xC2) {
      if (i + 1 < s.size() && (unsigned char)s[i + 1] == 0xA0) { i += 2; continue; }
      break;
    }
    ++i;
  }
  return i;
}

char32_t CodePointAt(std::string_view s, size_t i, size_t* next = nullptr) {
  size_t k = i;
  char32_t c = i < s.size() ? utf8::Decode(s, k) : 0;
  if (next) *next = k;
  return c;
}

// ---------------------------------------------------------------------------------------------- Chinese classes

int ChineseDigit(char32_t c) {
  switch (c) {
    case U'零': case U'〇': return 0;
    case U'一': return 1; case U'二': case U'两': return 2; case U'三': return 3; case U'四': return 4;
    case U'五': return 5; case U'六': return 6; case U'七': return 7; case U'八': return 8; case U'九': return 9;
    default: return -1;
  }
}
double ChineseSmallUnit(char32_t c) { return c == U'十' ? 10 : c == U'百' ? 100 : c == U'千' ? 1000 : 0; }
double ChineseBigUnit(char32_t c) { return c == U'万' ? 1e4 : c == U'亿' ? 1e8 : 0; }
bool IsChineseUnit(char32_t c) { return ChineseSmallUnit(c) > 0 || ChineseBigUnit(c) > 0; }

// Words whose numeral characters are not amounts: "very", "in case", "some", "together", idioms.
const char* const kChineseNotNumbers[] = {
    "十分", "十足", "万一", "万万", "千万不", "千万别", "千万要", "千万记", "千万得", "一些", "一样", "一直", "一起", "一定", "一般",
    "一切", "统一", "唯一", "一旦", "之一", "一边", "一面", "一方面", "一再", "再三", "三思", "四处", "四周", "四面八方", "五花八门",
    "乱七八糟", "七上八下", "九死一生", "十全十美", "一心一意", "接二连三", "独一无二", "三番五次", "千方百计", "百姓", "万物",
    "千千万万", "成千上万", "一下", "一点", "一时", "一同", "一向", "一味", "一流", "二手", "三明治", "两者", "两边", "两面", "一致",
    "一体", "一律", "万能", "万众", "百般", "千篇一律", "一模一样", "一无所", "一举", "一手", "一口气", "一系列", "七嘴八舌",
    "一五一十", "百分百", "一番", "一度", "一贯", "一次性", "不一", "专一", "万事", "一路", "一头", "一身", "一线", "一开始", "一方",
    "一把手", "第一时间", "百货", "千克", "一刀切", "百度", "百科", "三星",
};

// Characters that can start a Chinese amount or one of the idioms above (a fast filter for long texts).
bool MayStartChinese(char32_t c) {
  static const std::vector<bool> table = [] {
    std::vector<bool> t(0x10000, false);
    for (const char* w : kChineseNotNumbers) {
      size_t i = 0;
      const char32_t first = utf8::Decode(w, i);
      if (first < t.size()) t[first] = true;
    }
    for (char32_t n : std::u32string(U"零〇一二两三四五六七八九十百千万亿几数上第半"))
      t[n] = true;
    return t;
  }();
  return c < table.size() && table[c];
}

// Measure words after 几 ("几天"): 几 elsewhere is "almost" (几乎), "geometry" (几何) …
bool IsMeasureWord(char32_t c) {
  static const char32_t kMeasure[] = U"个天年月周次倍位家人种条件分秒小层步轮场篇本份台款名";
  for (const char32_t* p = kMeasure; *p; ++p) if (*p == c) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------- suffixes

// English scale words after a number ("3 million", "two hundred").
double EnglishScale(std::string_view w) {
  if (w == "hundred") return 1e2;
  if (w == "thousand") return 1e3;
  if (w == "million") return 1e6;
  if (w == "billion") return 1e9;
  if (w == "trillion") return 1e12;
  return 0;
}

struct Word { std::string text; size_t begin, end; };

// The ASCII word at i (letters only, lower-cased); empty when s[i] is not a letter.
Word WordAtPos(std::string_view s, size_t i) {
  Word w{"", i, i};
  while (w.end < s.size() && IsAsciiLetter(s[w.end])) w.text += Lower(s[w.end++]);
  return w;
}

// Reads what follows a number's digits or words: a unit that changes its kind (%, percent, 倍, times,
// -fold, x), a currency word, or 年 after a year. Returns the new end.
size_t ReadUnit(std::string_view s, size_t i, Quantity& q) {
  size_t j = SkipSpaces(s, i);
  if (At(s, j, "%") ) { q.kind = QuantityKind::Percent; return j + 1; }
  if (At(s, j, "\xEF\xBC\x85")) { q.kind = QuantityKind::Percent; return j + 3; }   // ％
  if (WordAt(s, j, "percent")) { q.kind = QuantityKind::Percent; return j + 7; }
  if (WordAt(s, j, "per cent")) { q.kind = QuantityKind::Percent; return j + 8; }
  if (WordAt(s, j, "percentage points")) { q.kind = QuantityKind::Percent; return j + 17; }
  if (At(s, j, "个百分点")) { q.kind = QuantityKind::Percent; return j + 12; }
  if (At(s, j, "倍")) { q.kind = QuantityKind::Multiple; return j + 3; }
  if (WordAt(s, j, "times")) { q.kind = QuantityKind::Multiple; return j + 5; }
  if (At(s, i, "-fold") || WordAt(s, i, "fold")) { q.kind = QuantityKind::Multiple; return i + (s[i] == '-' ? 5 : 4); }
  if ((At(s, i, "x") && (i + 1 >= s.size() || !IsAsciiLetter(s[i + 1]))) || At(s, i, "\xC3\x97")) {   // 10x, 10×
    q.kind = QuantityKind::Multiple;
    return i + (s[i] == 'x' ? 1 : 2);
  }
  struct Cur { const char* word; const char* code; bool english; };
  static const Cur kCurrencies[] = {{"dollars", "USD", true}, {"dollar", "USD", true}, {"usd", "USD", true}, {"bucks", "USD", true},
                                    {"美元", "USD", false}, {"美金", "USD", false}, {"人民币", "CNY", false}, {"元", "CNY", false},
                                    {"块钱", "CNY", false}, {"yuan", "CNY", true}, {"rmb", "CNY", true}, {"euros", "EUR", true},
                                    {"euro", "EUR", true}, {"欧元", "EUR", false}, {"pounds", "GBP", true}, {"英镑", "GBP", false},
                                    {"yen", "JPY", true}, {"日元", "JPY", false}};
  if (WordAt(s, j, "of")) {   // "hundreds of millions of dollars"
    const size_t k = SkipSpaces(s, j + 2);
    for (const char* w : {"dollars", "euros", "pounds", "yuan"})
      if (WordAt(s, k, w)) j = k;
  }
  for (const Cur& c : kCurrencies) {
    if (c.english ? WordAt(s, j, c.word) : At(s, j, c.word)) {
      q.kind = QuantityKind::Money;
      q.currency = c.code;
      return j + std::strlen(c.word);
    }
  }
  if (At(s, i, "年") && q.lo == q.hi && q.lo >= 1000 && q.lo <= 2200 && std::floor(q.lo) == q.lo) {
    q.kind = QuantityKind::Year;
    return i + 3;
  }
  return i;
}

// The currency sign right before a number, if any.
const char* CurrencyBefore(std::string_view s, size_t b) {
  if (b >= 1 && s[b - 1] == '$') return "USD";
  if (b >= 3 && s.compare(b - 3, 3, "\xE2\x82\xAC") == 0) return "EUR";   // €
  if (b >= 2 && s.compare(b - 2, 2, "\xC2\xA3") == 0) return "GBP";       // £
  if (b >= 2 && s.compare(b - 2, 2, "\xC2\xA5") == 0) return "CNY";       // ¥
  if (b >= 3 && s.compare(b - 3, 3, "\xEF\xBF\xA5") == 0) return "CNY";   // ￥
  return nullptr;
}

// ---------------------------------------------------------------------------------------------- Chinese numerals

// Reads a Chinese numeral (optionally mixed with Arabic digits: "3.5亿", "300多万") starting at i. Returns
// the end, or i when nothing numeric starts there. Units multiply what precedes them; 万 and 亿 close a
// group; a digit after a unit is its next place ("三千五" = 3500, "十五" = 15, "一万五" = 15000);
// 几 and 数 are 2–9, 多/余 widen upward ("三十多" = 30–40), consecutive digits form a range ("两三" = 2–3).
size_t ReadChineseNumeral(std::string_view s, size_t i, Quantity& q, bool allow_arabic_start) {
  double total_lo = 0, total_hi = 0, sec_lo = 0, sec_hi = 0;
  double dig_lo = -1, dig_hi = -1;   // pending digit (or range)
  double last_unit = 0;              // magnitude of the last unit seen (for a trailing digit and 多)
  bool any = false, vague = false, any_value = false, units_seen = false;
  std::string positional;            // digits without units: 二〇二四 = 2024
  size_t k = i;
  while (k < s.size()) {
    size_t next;
    char32_t c = CodePointAt(s, k, &next);
    int d = ChineseDigit(c);
    if (IsDigit(s[k]) && (allow_arabic_start || any)) {
      size_t e = k;
      std::string num;
      while (e < s.size() && (IsDigit(s[e]) || (s[e] == '.' && e + 1 < s.size() && IsDigit(s[e + 1])) ||
                              (s[e] == ',' && e + 3 < s.size() && IsDigit(s[e + 1]) && IsDigit(s[e + 2]) && IsDigit(s[e + 3])))) {
        if (s[e] != ',') num += s[e];
        ++e;
      }
      if (dig_lo >= 0) break;
      dig_lo = dig_hi = std::atof(num.c_str());
      const size_t dot = num.find('.');
      last_unit = std::pow(10.0, (double)((dot == std::string::npos ? num.size() : dot) - 1));   // "100多" -> 100–200
      any = any_value = true;
      k = e;
      continue;
    }
    if (d >= 0) {
      if (d == 0 && !any) break;   // 零 does not start an amount (零售, 零件)
      positional += (char)('0' + d);
      if (d == 0) { last_unit = 10; k = next; continue; }   // 一百零五: the next digit is a unit digit
      if (dig_lo >= 0) { dig_lo = std::min(dig_lo, (double)d); dig_hi = std::max(dig_hi, (double)d); vague = true; }
      else dig_lo = dig_hi = d;
      any = any_value = true;
      k = next;
      continue;
    }
    if (c == U'几' || (c == U'数' && IsChineseUnit(CodePointAt(s, next)))) {
      const char32_t after = CodePointAt(s, next);
      if (c == U'几' && !any && !IsChineseUnit(after) && !IsMeasureWord(after)) break;
      if (c == U'几' && any && dig_lo >= 0) break;
      dig_lo = 2; dig_hi = 9; vague = true; any = any_value = true;
      k = next;
      continue;
    }
    if (const double u = ChineseSmallUnit(c)) {
      if (dig_lo < 0 && any && sec_lo == 0 && sec_hi == 0 && total_lo == 0 && !(last_unit > 0)) break;
      if (dig_lo < 0) { dig_lo = dig_hi = 1; }   // 十五 = 15, 百万 = 1000000
      sec_lo += dig_lo * u; sec_hi += dig_hi * u;
      dig_lo = dig_hi = -1;
      last_unit = u;
      units_seen = true;
      any = any_value = true;
      k = next;
      continue;
    }
    if (const double u = ChineseBigUnit(c)) {
      if (!any) break;
      if (dig_lo >= 0) {
        // A digit right after a unit is that unit's next place ("三千五" = 3500), else a plain digit.
        const double f = (last_unit >= 100 && (sec_lo > 0 || total_lo > 0)) ? last_unit / 10 : 1;
        sec_lo += dig_lo * f; sec_hi += dig_hi * f;
        dig_lo = dig_hi = -1;
      }
      if (u == 1e8 || (sec_lo == 0 && sec_hi == 0)) {   // 亿 scales everything before it; 万亿 likewise
        total_lo = (total_lo + sec_lo) * u; total_hi = (total_hi + sec_hi) * u;
      } else {
        total_lo += sec_lo * u; total_hi += sec_hi * u;
      }
      sec_lo = sec_hi = 0;
      last_unit = u;
      units_seen = true;
      k = next;
      continue;
    }
    if (c == U'点' && any && ChineseDigit(CodePointAt(s, next)) >= 0) {   // 三点五 = 3.5
      double frac = 0, scale = 0.1;
      size_t e = next;
      for (;;) {
        size_t n2;
        const int fd = ChineseDigit(CodePointAt(s, e, &n2));
        if (fd < 0 || e >= s.size()) break;
        frac += fd * scale;
        scale /= 10;
        e = n2;
      }
      if (dig_lo >= 0) { dig_lo += frac; dig_hi += frac; }
      else { sec_lo += frac; sec_hi += frac; }
      positional.clear();
      units_seen = true;
      k = e;
      continue;
    }
    if ((c == U'多' || c == U'余') && any && last_unit > 0) {
      // Widen the amount read so far by its last place: "三十多" 30–40, "100多万" 1e6–2e6.
      if (dig_lo >= 0) { sec_lo += dig_lo; sec_hi += dig_hi; dig_lo = dig_hi = -1; }
      const double place = last_unit >= 1e4 ? last_unit : (last_unit > 1 ? last_unit : 1);
      if (sec_hi > 0) sec_hi += place;
      else total_hi += place;
      vague = true;
      k = next;
      continue;
    }
    break;
  }
  if (!any_value) return i;
  if (!units_seen && positional.size() >= 3) {
    q.lo = q.hi = std::atof(positional.c_str());
    return k;
  }
  if (dig_lo >= 0) {
    const double f = (last_unit >= 100 && (sec_lo > 0 || total_lo > 0)) ? last_unit / 10 : 1;
    sec_lo += dig_lo * f; sec_hi += dig_hi * f;
  }
  q.lo = total_lo + sec_lo;
  q.hi = total_hi + sec_hi;
  if (q.hi < q.lo) q.hi = q.lo;
  q.vague = q.vague || vague || q.lo != q.hi;
  return k;
}

// ---------------------------------------------------------------------------------------------- English words

int EnglishUnitWord(std::string_view w) {
  static const char* const kUnits[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                       "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                                       "eighteen", "nineteen"};
  for (int k = 0; k < 20; ++k) if (w == kUnits[k]) return k;
  return -1;
}
int EnglishTensWord(std::string_view w) {
  static const char* const kTens[] = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
  for (int k = 0; k < 8; ++k) if (w == kTens[k]) return 20 + 10 * k;
  return -1;
}
double EnglishPluralScale(std::string_view w) {
  if (w == "tens") return 10;
  if (w == "dozens") return 12;
  if (w == "hundreds") return 1e2;
  if (w == "thousands") return 1e3;
  if (w == "millions") return 1e6;
  if (w == "billions") return 1e9;
  if (w == "trillions") return 1e12;
  return 0;
}
bool IsEnglishOrdinal(std::string_view w) {
  static const char* const kOrd[] = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"};
  for (const char* o : kOrd) if (w == o) return true;
  return false;
}

// Words that can start a spelled-out amount (a fast filter for long texts).
bool MayStartEnglish(const std::string& w) {
  static const std::unordered_set<std::string> kStart = [] {
    std::unordered_set<std::string> s = {"a", "an", "few", "several", "couple", "dozen", "half", "hundred", "thousand", "million",
                                         "billion", "trillion", "tens", "dozens", "hundreds", "thousands", "millions", "billions", "trillions",
                                         "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                                         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                                         "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    return s;
  }();
  return kStart.count(w) > 0;
}

// Reads a spelled-out English amount starting at the word at i: "ten", "twenty-five", "one hundred and
// five", "a few hundred million", "hundreds of millions", "a couple of", "half a million", "twice".
size_t ReadEnglishWords(std::string_view s, size_t i, Quantity& q) {
  double total_lo = 0, total_hi = 0;
  double cur_lo = -1, cur_hi = -1;
  bool vague = false, meaningful = false, last_tens = false;
  size_t k = i, end = i;
  bool pending_article = false;   // "a"/"an" only counts before a scale or "few"/"dozen"/"couple"/"half"
  for (int guard = 0; guard < 32 && k < s.size(); ++guard) {
    Word w = WordAtPos(s, k);
    if (w.text.empty()) break;
    size_t after = w.end;
    const int unit = EnglishUnitWord(w.text);
    const int tens = EnglishTensWord(w.text);
    const double scale = EnglishScale(w.text);
    const double plural = EnglishPluralScale(w.text);
    bool consumed = true;
    if ((w.text == "a" || w.text == "an") && cur_lo < 0 && !meaningful) {
      pending_article = true;
    } else if (unit >= 0) {
      const bool after_hundred = cur_lo >= 100 && std::fmod(cur_lo, 100) == 0;
      if (cur_lo >= 0 && !(last_tens && unit < 10) && !after_hundred) break;
      if (cur_lo >= 0) { cur_lo += unit; cur_hi += unit; } else { cur_lo = cur_hi = unit; }
      last_tens = false;
      meaningful = true;
    } else if (tens >= 0) {
      if (cur_lo >= 0 && cur_lo >= 100 && std::fmod(cur_lo, 100) == 0) { cur_lo += tens; cur_hi += tens; }
      else if (cur_lo >= 0) break;
      else { cur_lo = cur_hi = tens; }
      last_tens = true;
      meaningful = true;
    } else if (w.text == "few" || w.text == "several" || w.text == "couple") {
      if (cur_lo >= 0) break;
      // "few people" is not an amount; "a few days", "several hundred" are.
      if (w.text == "few" && !pending_article && EnglishScale(WordAtPos(s, SkipSpaces(s, after)).text) <= 0) break;
      if (w.text == "couple") { cur_lo = cur_hi = 2; }
      else { cur_lo = w.text == "few" ? 2 : 3; cur_hi = 9; vague = true; }
      meaningful = true;
      pending_article = false;
    } else if (w.text == "dozen") {
      if (cur_lo < 0) { cur_lo = cur_hi = 1; }
      cur_lo *= 12; cur_hi *= 12;
      meaningful = true;
      pending_article = false;
    } else if (w.text == "half" && cur_lo < 0 && !meaningful) {
      cur_lo = cur_hi = 0.5;
      meaningful = true;
      pending_article = false;
    } else if (scale > 0) {
      if (cur_lo < 0) {
        if (!pending_article) break;   // "thousand" alone is not an amount; "a thousand" is
        cur_lo = cur_hi = 1;
      }
      if (scale == 100) { cur_lo *= 100; cur_hi *= 100; }
      else { total_lo += cur_lo * scale; total_hi += cur_hi * scale; cur_lo = cur_hi = -1; }
      meaningful = true;
      pending_article = false;
      last_tens = false;
    } else if (plural > 0) {
      // "hundreds", "hundreds of millions", "tens of thousands", "dozens"
      if (cur_lo >= 0 && total_lo == 0 && total_hi == 0 && cur_lo > 0) {
        // "a few hundreds"? rare; treat like the singular scale
        cur_lo *= plural; cur_hi *= plural;
      } else if (total_hi > 0 || total_lo > 0 || cur_lo >= 0) {
        break;
      } else {
        cur_lo = plural == 12 ? 24 : 2 * plural;
        cur_hi = plural == 12 ? 99 : 9.99 * plural;
        if (plural == 10) { cur_lo = 20; cur_hi = 99; }
      }
      vague = true;
      meaningful = true;
      pending_article = false;
    } else if (w.text == "and" && meaningful) {
      Word nx = WordAtPos(s, SkipSpaces(s, after));
      if (EnglishUnitWord(nx.text) < 0 && EnglishTensWord(nx.text) < 0) break;
    } else if (w.text == "of" && meaningful && cur_lo >= 0) {
      Word nx = WordAtPos(s, SkipSpaces(s, after));
      const double ps = EnglishPluralScale(nx.text);
      if (ps >= 1e3) {   // "hundreds of millions": the amount multiplies the next scale
        cur_lo *= ps; cur_hi *= ps;
        after = nx.end;
      } else {
        break;
      }
    } else {
      consumed = false;
    }
    if (!consumed) break;
    if (meaningful) end = after;
    // Words are joined by one space or a hyphen.
    k = after;
    if (k < s.size() && (s[k] == '-' || s[k] == ' ') && k + 1 < s.size() && IsAsciiLetter(s[k + 1])) ++k;
    else break;
  }
  if (!meaningful) return i;
  if (cur_lo >= 0) { total_lo += cur_lo; total_hi += cur_hi; }
  q.lo = total_lo;
  q.hi = total_hi;
  q.vague = vague || q.lo != q.hi;
  return end;
}

// Digits with separators and a decimal part, then an optional scale ("3.5 million", "300万", "2bn", "5k").
size_t ReadDigits(std::string_view s, size_t i, Quantity& q) {
  size_t e = i;
  std::string num;
  while (e < s.size() && (IsDigit(s[e]) || (s[e] == '.' && e + 1 < s.size() && IsDigit(s[e + 1]) && !num.empty() && num.find('.') == std::string::npos) ||
                          (s[e] == ',' && e + 3 < s.size() && IsDigit(s[e + 1]) && IsDigit(s[e + 2]) && IsDigit(s[e + 3]) &&
                           (e + 4 >= s.size() || !IsDigit(s[e + 4]))))) {
    if (s[e] != ',') num += s[e];
    ++e;
  }
  q.lo = q.hi = std::atof(num.c_str());
  // Scale: "k", "m", "bn", "b" glued; words "thousand", "million" …; Chinese units (handled by the caller).
  if (e < s.size() && (s[e] == 'k' || s[e] == 'K') && (e + 1 >= s.size() || !IsAsciiLetter(s[e + 1]))) { q.lo *= 1e3; q.hi *= 1e3; return e + 1; }
  if (e < s.size() && (s[e] == 'M' || s[e] == 'm') && (e + 1 >= s.size() || !IsAsciiLetter(s[e + 1]))) { q.lo *= 1e6; q.hi *= 1e6; return e + 1; }
  if (At(s, e, "bn") && (e + 2 >= s.size() || !IsAsciiLetter(s[e + 2]))) { q.lo *= 1e9; q.hi *= 1e9; return e + 2; }
  if (e < s.size() && s[e] == 'B' && (e + 1 >= s.size() || !IsAsciiLetter(s[e + 1]))) { q.lo *= 1e9; q.hi *= 1e9; return e + 1; }
  size_t w = SkipSpaces(s, e);
  for (;;) {
    Word word = WordAtPos(s, w);
    const double sc = EnglishScale(word.text);
    if (sc <= 0) break;
    q.lo *= sc; q.hi *= sc;
    e = word.end;
    w = SkipSpaces(s, e);
  }
  return e;
}

}  // namespace

// ---------------------------------------------------------------------------------------------- ReadQuantities

std::vector<Quantity> ReadQuantities(std::string_view s) {
  std::vector<Quantity> out;
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char ch = (unsigned char)s[i];
    Quantity q;
    q.begin = i;
    // Turn markers and timestamps are references, not amounts.
    if (IsDigit((char)ch)) {
      const bool after_letter = i > 0 && (IsAsciiLetter(s[i - 1]) || IsDigit(s[i - 1]) ||
                                          (s[i - 1] == '-' && i > 1 && IsAsciiLetter(s[i - 2])) || s[i - 1] == '_' ||
                                          (s[i - 1] == '.' && i > 1 && IsDigit(s[i - 2])));
      size_t e = i;
      while (e < s.size() && (IsDigit(s[e]) || s[e] == '.' || s[e] == ',')) ++e;
      while (e > i && (s[e - 1] == '.' || s[e - 1] == ',')) --e;
      const bool timestamp = (e < s.size() && s[e] == ':' && e + 1 < s.size() && IsDigit(s[e + 1])) || (i > 0 && s[i - 1] == ':');
      // Glued letters make a name ("20VC", "4o", "3D"), except scales, "x" and decade/ordinal endings.
      bool glued = false;
      if (e < s.size() && IsAsciiLetter(s[e])) {
        Word w = WordAtPos(s, e);
        glued = !(w.text == "k" || w.text == "m" || w.text == "bn" || w.text == "b" || w.text == "x" || w.text == "s" ||
                  w.text == "th" || w.text == "st" || w.text == "nd" || w.text == "rd");
        if (w.text == "th" || w.text == "st" || w.text == "nd" || w.text == "rd") {
          i = w.end;   // ordinals: "3rd"
          continue;
        }
        if (w.text == "s") {   // "1990s"
          q.lo = std::atof(std::string(s.substr(i, e - i)).c_str());
          q.hi = q.lo + 9;
          q.kind = QuantityKind::Year;
          q.vague = true;
          q.end = w.end;
          out.push_back(q);
          i = w.end;
          continue;
        }
      }
      if (after_letter || timestamp || glued) {
        i = e;
        while (i < s.size() && (IsAsciiLetter(s[i]) || IsDigit(s[i]))) ++i;
        continue;
      }
      size_t end = ReadDigits(s, i, q);
      // Chinese units or 多 after digits: "300万", "3.5亿", "100多万".
      const char32_t next = CodePointAt(s, end);
      if (IsChineseUnit(next) || next == U'多' || next == U'余') {
        Quantity cq;
        size_t ce = ReadChineseNumeral(s, i, cq, true);
        if (ce > end) { q.lo = cq.lo; q.hi = cq.hi; q.vague = cq.vague; end = ce; }
      }
      if (const char* cur = CurrencyBefore(s, i)) { q.kind = QuantityKind::Money; q.currency = cur; }
      const double v = q.lo;
      end = ReadUnit(s, end, q);
      if (q.kind == QuantityKind::Plain && q.lo == q.hi && v >= 1900 && v <= 2100 && std::floor(v) == v && e - i == 4) q.kind = QuantityKind::Year;
      q.end = end;
      out.push_back(q);
      i = end;
      continue;
    }
    if (IsAsciiLetter((char)ch)) {
      if (i > 0 && IsAsciiLetter(s[i - 1])) { ++i; continue; }
      Word w = WordAtPos(s, i);
      if (IsEnglishOrdinal(w.text)) {
        q.kind = QuantityKind::Ordinal;
        q.lo = q.hi = 0;
        q.end = w.end;
        i = w.end;
        continue;   // ordinals are never checked
      }
      if (w.text == "twice") {
        q.lo = q.hi = 2;
        q.kind = QuantityKind::Multiple;
        q.end = w.end;
        out.push_back(q);
        i = w.end;
        continue;
      }
      if (w.text == "one" && WordAt(s, SkipSpaces(s, w.end), "of")) { i = w.end; continue; }   // "one of the"
      if (!MayStartEnglish(w.text)) { i = w.end; continue; }
      size_t end = ReadEnglishWords(s, i, q);
      if (end > i) {
        if (i > 0 && s[i - 1] == '$') { q.kind = QuantityKind::Money; q.currency = "USD"; }
        end = ReadUnit(s, end, q);
        q.end = end;
        out.push_back(q);
        i = end;
      } else {
        i = w.end;
      }
      continue;
    }
    if (ch < 0x80) { ++i; continue; }
    // Chinese: only characters that can start an amount or an idiom need a closer look.
    {
      size_t after;
      const char32_t cp = CodePointAt(s, i, &after);
      if (!MayStartChinese(cp)) { i = after; continue; }
    }
    bool skipped = false;
    for (const char* word : kChineseNotNumbers) {
      const size_t n = std::strlen(word);
      if (s.compare(i, n, word) == 0) { i += n; skipped = true; break; }
    }
    if (skipped) continue;
    if (s.compare(i, 9, "百分之") == 0) {
      size_t e = ReadChineseNumeral(s, i + 9, q, true);
      if (e > i + 9) {
        q.kind = QuantityKind::Percent;
        q.end = e;
        out.push_back(q);
        i = e;
        continue;
      }
      i += 9;   // "百分之" with no amount after it
      continue;
    }
    if (s.compare(i, 3, "第") == 0) {   // ordinals: 第一, 第3
      size_t e = i + 3;
      Quantity ord;
      size_t oe = IsDigit(s[std::min(e, s.size() - 1)]) ? ReadDigits(s, e, ord) : ReadChineseNumeral(s, e, ord, false);
      i = oe > e ? oe : e;
      continue;
    }
    if (s.compare(i, 6, "一半") == 0 || s.compare(i, 6, "半数") == 0) {
      q.lo = q.hi = 0.5;
      q.end = i + 6;
      out.push_back(q);
      i += 6;
      continue;
    }
    if (s.compare(i, 3, "上") == 0) {   // 上百, 上千, 上万, 上亿: at least that many
      size_t n;
      const char32_t u = CodePointAt(s, i + 3, &n);
      if (IsChineseUnit(u) && u != U'十') {
        Quantity base;
        size_t e = ReadChineseNumeral(s, i + 3, base, false);
        if (e == i + 3) { base.lo = base.hi = ChineseBigUnit(u); e = n; }   // 上万, 上亿
        if (e > i + 3) {
          q.lo = base.lo;
          q.hi = base.lo * 10;
          q.vague = true;
          q.end = ReadUnit(s, e, q);
          out.push_back(q);
          i = q.end;
          continue;
        }
      }
    }
    size_t next;
    const char32_t c = CodePointAt(s, i, &next);
    if (ChineseDigit(c) >= 0 || c == U'几' || c == U'数' || c == U'十' || c == U'百' || c == U'千') {
      size_t e = ReadChineseNumeral(s, i, q, false);
      if (e > i) {
        if (const char* cur = CurrencyBefore(s, i)) { q.kind = QuantityKind::Money; q.currency = cur; }
        e = ReadUnit(s, e, q);
        q.end = e;
        out.push_back(q);
        i = e;
        continue;
      }
    }
    i = next;
  }
  return out;
}

bool SameQuantity(const Quantity& a, const Quantity& b) {
  if ((a.kind == QuantityKind::Percent) != (b.kind == QuantityKind::Percent)) return false;
  if (a.kind == QuantityKind::Ordinal || b.kind == QuantityKind::Ordinal) return false;
  // Rounding: "about 1.2 billion" for 1,187 million.
  const double tol = 0.01;
  const double alo = a.lo * (1 - tol), ahi = a.hi * (1 + tol);
  const double blo = b.lo * (1 - tol), bhi = b.hi * (1 + tol);
  if (a.vague && b.vague) return alo <= bhi && blo <= ahi;
  if (a.vague || b.vague) {
    // An exact amount matches a vague one only when the vague one is narrow ("100多万" for 1.5 million);
    // "a few" does not confirm 5, "几亿" does not confirm 300 million.
    const Quantity& v = a.vague ? a : b;
    const Quantity& x = a.vague ? b : a;
    const bool narrow = v.lo > 0 && v.hi <= v.lo * 2.5;
    return narrow && x.lo * (1 + tol) >= v.lo && x.lo * (1 - tol) <= v.hi;
  }
  return std::fabs(a.lo - b.lo) <= tol * std::max(std::fabs(a.lo), std::fabs(b.lo)) + 1e-9;
}

std::string Describe(const Quantity& q) {
  auto num = [](double v) {
    char buf[64];
    if (v == std::floor(v) && std::fabs(v) < 1e15) std::snprintf(buf, sizeof buf, "%.0f", v);
    else std::snprintf(buf, sizeof buf, "%g", v);
    return std::string(buf);
  };
  std::string s = q.lo == q.hi ? num(q.lo) : num(q.lo) + "–" + num(q.hi);
  if (q.kind == QuantityKind::Percent) s += "%";
  if (q.kind == QuantityKind::Multiple) s += "×";
  if (q.kind == QuantityKind::Money && !q.currency.empty()) s += " " + q.currency;
  return s;
}

}  // namespace tp
