// Index: normalisation · quotes · numbers · names · coverage · VerifyArticle · JSON.
#include "core/checks.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

#include "core/text_util.h"
#include "core/utf8.h"

namespace tp {

namespace {

// Lower-case letters and digits only (CJK kept), for matching quotes across punctuation and spacing.
std::string Norm(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t b = i;
    char32_t c = utf8::Decode(s, i);
    if (c < 0x80) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += (char)c;
      else if (c >= 'A' && c <= 'Z') out += (char)(c - 'A' + 'a');
      continue;
    }
    if (utf8::IsCjkIdeograph(c) || utf8::IsKana(c) || utf8::IsHangul(c) || (c >= 0xC0 && c <= 0x24F)) out.append(s.data() + b, i - b);
  }
  return out;
}

bool MostlyCjk(std::string_view s) {
  ScriptCounts c = CountScripts(s);
  return (c.han + c.kana + c.hangul) * 3 > c.latin;
}

const char* const kNumberWords[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                                    "nineteen", "twenty"};

// Numbers a transcript mentions, as digit strings: digits as written, English number words, and
// Chinese numerals up to 99.
std::set<std::string> TranscriptNumbers(const std::string& all) {
  std::set<std::string> out;
  for (size_t i = 0; i < all.size();) {
    if (all[i] >= '0' && all[i] <= '9') {
      std::string n;
      while (i < all.size() && ((all[i] >= '0' && all[i] <= '9') || ((all[i] == ',' || all[i] == '.') && i + 1 < all.size() && all[i + 1] >= '0' && all[i + 1] <= '9'))) {
        if (all[i] != ',') n += all[i];
        ++i;
      }
      out.insert(n);
    } else ++i;
  }
  const std::string low = text::ToLowerAscii(all);
  for (int k = 0; k <= 20; ++k) {
    const std::string w = kNumberWords[k];
    for (size_t p = low.find(w); p != std::string::npos; p = low.find(w, p + 1)) {
      const bool start = p == 0 || !std::isalpha((unsigned char)low[p - 1]);
      const bool end = p + w.size() >= low.size() || !std::isalpha((unsigned char)low[p + w.size()]);
      if (start && end) { out.insert(std::to_string(k)); break; }
    }
  }
  for (const char* tens : {"thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion"}) {
    if (low.find(tens) == std::string::npos) continue;
    std::string t(tens);
    if (t == "hundred") out.insert("100"); else if (t == "thousand") out.insert("1000");
    else if (t == "million") out.insert("1000000"); else if (t == "billion") out.insert("1000000000");
    else { static const char* tw[] = {"thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
      for (int k = 0; k < 7; ++k) if (t == tw[k]) out.insert(std::to_string(30 + 10 * k)); }
  }
  static const char32_t kHan[] = U"零一二三四五六七八九十";
  size_t i = 0;
  while (i < all.size()) {
    char32_t c = utf8::Decode(all, i);
    for (int k = 0; k <= 10; ++k) if (c == kHan[k]) out.insert(std::to_string(k));
    if (c == U'两') out.insert("2");
    if (c == U'百') out.insert("100");
    if (c == U'千') out.insert("1000");
    if (c == U'万') out.insert("10000");
    if (c == U'亿') out.insert("100000000");
  }
  return out;
}

struct FoundQuote { std::string text; int turn; };

// “…”[T12], "…"[T12], 「…」[T12], or the same without a marker.
std::vector<FoundQuote> FindQuotes(const std::string& s) {
  static const std::pair<const char*, const char*> kPairs[] = {{"\xE2\x80\x9C", "\xE2\x80\x9D"}, {"\xE3\x80\x8C", "\xE3\x80\x8D"}, {"\"", "\""}};
  std::vector<FoundQuote> out;
  for (const auto& [open, close] : kPairs) {
    size_t p = 0;
    while ((p = s.find(open, p)) != std::string::npos) {
      const size_t b = p + std::strlen(open);
      const size_t e = s.find(close, b);
      if (e == std::string::npos) break;
      std::string q = s.substr(b, e - b);
      size_t after = e + std::strlen(close);
      int turn = 0;
      if (s.compare(after, 2, "[T") == 0) {
        size_t k = after + 2;
        while (k < s.size() && s[k] >= '0' && s[k] <= '9') turn = turn * 10 + (s[k++] - '0');
        if (k >= s.size() || s[k] != ']') turn = 0;
      }
      // Short quoted words ("AI", “不可能”) are terms, not quotations of speech.
      if (utf8::CountCodePoints(q) >= (MostlyCjk(q) ? 8u : 20u) && q.find('\n') == std::string::npos) out.push_back({q, turn});
      p = after;
    }
  }
  return out;
}

}  // namespace

std::string StripTurnMarkers(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '[' && i + 2 < s.size() && s[i + 1] == 'T' && s[i + 2] >= '0' && s[i + 2] <= '9') {
      size_t k = i + 2;
      while (k < s.size() && s[k] >= '0' && s[k] <= '9') ++k;
      // "[T12]" and "[T12, T14]" / "[T12-T14]" markers.
      while (k < s.size() && (s[k] == ',' || s[k] == ' ' || s[k] == '-' || s[k] == 'T' || (s[k] >= '0' && s[k] <= '9'))) ++k;
      if (k < s.size() && s[k] == ']') { i = k; continue; }
    }
    out += s[i];
  }
  return out;
}

int ArticleChecks::Problems() const {
  int n = (int)structure.size();
  for (const auto& q : quotes) n += !q.ok;
  for (const auto& x : numbers) n += !x.ok;
  for (const auto& x : names) n += !x.ok;
  return n;
}

ArticleChecks VerifyArticle(const std::string& marked, const Transcript& t, const ArticleSpec& spec,
                            const std::vector<std::pair<int, int>>& ranges, const std::vector<std::string>& known_names) {
  ArticleChecks c;
  std::string all;
  for (const Turn& turn : t.turns) { all += turn.text; all += '\n'; }
  for (const Speaker& s : t.speakers) { all += s.name + "\n" + s.label + "\n"; }
  all += t.meta.title + "\n";
  const std::string all_norm = Norm(all);
  const bool transcript_cjk = MostlyCjk(all.substr(0, 20000));

  // The dialogue section is the transcript itself (translated): quotes and facts are checked in the
  // article's own prose.
  std::string prose = marked;
  const SectionLabels L = ResolvedLabels(spec);
  size_t dlg = prose.find("\n## " + L.dialogue);
  if (dlg != std::string::npos) {
    size_t src = prose.find("\n_" + L.source, dlg);
    prose = prose.substr(0, dlg) + (src == std::string::npos ? "" : prose.substr(src));
  }
  if (!t.meta.source_url.empty()) prose = text::Replace(prose, t.meta.source_url, "");

  for (const FoundQuote& q : FindQuotes(prose)) {
    QuoteCheck qc;
    qc.text = q.text;
    qc.turn_id = q.turn;
    const Turn* src = nullptr;
    for (const Turn& turn : t.turns) if (turn.id == q.turn) src = &turn;
    const bool same_language = MostlyCjk(q.text) == transcript_cjk;
    const std::string qn = Norm(q.text);
    if (same_language) {
      if (src) qc.ok = Norm(src->text).find(qn) != std::string::npos;
      if (!qc.ok) qc.ok = all_norm.find(qn) != std::string::npos;
      qc.note = qc.ok ? (src && Norm(src->text).find(qn) != std::string::npos ? "found in T" + std::to_string(q.turn) : "found in the transcript")
                      : "these words are not in the transcript";
    } else if (!src) {
      qc.note = q.turn ? "cites T" + std::to_string(q.turn) + ", which does not exist" : "translated quote without a source turn";
    } else {
      // Across translation the words cannot match; the cited turn must exist and hold the quote's numbers.
      std::set<std::string> turn_numbers = TranscriptNumbers(src->text);
      qc.ok = true;
      for (const std::string& n : TranscriptNumbers(q.text))
        if (!turn_numbers.count(n) && n.size() > 1) qc.ok = false;
      qc.note = qc.ok ? "translated from T" + std::to_string(q.turn) : "the numbers in this quote are not in T" + std::to_string(q.turn);
    }
    c.quotes.push_back(qc);
  }

  // Numbers (digits only: years, amounts, percentages) in the prose.
  const std::set<std::string> known = TranscriptNumbers(all);
  std::set<std::string> seen;
  const std::string clean = StripTurnMarkers(prose);
  for (size_t i = 0; i < clean.size();) {
    if (clean[i] >= '0' && clean[i] <= '9' && (i == 0 || !std::isalpha((unsigned char)clean[i - 1]))) {
      std::string n;
      while (i < clean.size() && ((clean[i] >= '0' && clean[i] <= '9') || ((clean[i] == ',' || clean[i] == '.') && i + 1 < clean.size() && clean[i + 1] >= '0' && clean[i + 1] <= '9'))) {
        if (clean[i] != ',') n += clean[i];
        ++i;
      }
      if (i < clean.size() && std::isalpha((unsigned char)clean[i])) continue;   // "4o", "3D": names, not numbers
      // Times like [12:34] in headings and dialogue come from the transcript's timestamps.
      const size_t start = i - n.size();
      if ((i < clean.size() && clean[i] == ':') || (start > 0 && clean[start - 1] == ':')) continue;
      if (seen.insert(n).second) c.numbers.push_back({n, known.count(n) > 0});
    } else ++i;
  }

  // Names: Latin words in a CJK article; words capitalised mid-sentence in a Latin one.
  const std::string low_all = text::ToLowerAscii(all);
  std::set<std::string> names_seen;
  const bool cjk_article = IsCjkLanguage(spec.output_language);
  for (size_t i = 0; i < clean.size();) {
    const unsigned char ch = (unsigned char)clean[i];
    if (!(ch >= 'A' && ch <= 'Z') || (i > 0 && std::isalnum((unsigned char)clean[i - 1]))) { ++i; continue; }
    size_t e = i;
    while (e < clean.size() && (std::isalnum((unsigned char)clean[e]) || clean[e] == '\'')) ++e;
    std::string word = clean.substr(i, e - i);
    bool sentence_start = true;
    for (size_t k = i; k > 0; --k) {
      const char p = clean[k - 1];
      if (p == ' ' || p == '*' || p == '_' || p == '"') continue;
      sentence_start = p == '.' || p == '!' || p == '?' || p == '\n' || p == '#' || p == '>' || p == '-' || p == ':';
      break;
    }
    i = e;
    if (word.size() < 2 || (!cjk_article && sentence_start)) continue;
    if (!names_seen.insert(word).second) continue;
    bool ok = low_all.find(text::ToLowerAscii(word)) != std::string::npos;
    for (const std::string& n : known_names) ok |= text::ToLowerAscii(n).find(text::ToLowerAscii(word)) != std::string::npos;
    c.names.push_back({word, ok});
  }

  c.structure = CheckStructure(spec, StripTurnMarkers(marked));

  // Coverage: turns that no section's range includes, as spans.
  std::vector<bool> used(t.turns.size() + 2, false);
  for (const auto& [a, b] : ranges)
    for (int id = std::max(1, a); id <= std::min<int>(b, (int)t.turns.size()); ++id) used[id] = true;
  for (int id = 1; id <= (int)t.turns.size(); ++id) {
    if (used[id]) continue;
    if (!c.uncovered.empty() && c.uncovered.back().second == id - 1) c.uncovered.back().second = id;
    else c.uncovered.push_back({id, id});
  }
  return c;
}

ArticleChecks VerifyArticle(const std::string& markdown, const Transcript& t, const ArticleSpec& spec,
                            const ArticleEvidence& evidence) {
  std::vector<std::pair<int, int>> ranges;
  for (const SectionEvidence& s : evidence.sections)
    for (int id : s.source_turn_ids) ranges.push_back({id, id});
  std::vector<std::string> names;
  for (const GlossaryEntry& g : evidence.glossary) names.push_back(g.source);
  return VerifyArticle(markdown, t, spec, ranges, names);
}

nlohmann::json ArticleChecks::ToJson() const {
  using nlohmann::json;
  json q = json::array(), n = json::array(), m = json::array(), s = json::array(), u = json::array();
  for (const auto& x : quotes) q.push_back({{"text", x.text}, {"turn", x.turn_id}, {"ok", x.ok}, {"note", x.note}});
  for (const auto& x : numbers) n.push_back({{"value", x.value}, {"ok", x.ok}});
  for (const auto& x : names) m.push_back({{"value", x.value}, {"ok", x.ok}});
  for (const auto& x : structure) s.push_back({{"kind", x.kind}, {"message", x.message}});
  for (const auto& [a, b] : uncovered) u.push_back({{"from", a}, {"to", b}});
  return json{{"quotes", q}, {"numbers", n}, {"names", m}, {"structure", s}, {"uncovered", u}, {"problems", Problems()}};
}

}  // namespace tp
