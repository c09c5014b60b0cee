// Index: sentences · whitespace and noise · word lists · terms · topic segmentation · centrality.
#include "core/segment.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/embedded_assets.h"
#include "core/text_util.h"
#include "core/transcript.h"
#include "core/utf8.h"

namespace tp::seg {

namespace {

bool IsAsciiLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
// Letters of space-separated scripts: Latin (with accents), Greek, Cyrillic.
bool IsWordLetter(char32_t c) {
  return IsAsciiLetter(c) || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x52F);
}
bool IsClosing(char32_t c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == U'”' || c == U'’' || c == U'）' || c == U'」' ||
         c == U'』' || c == U'】' || c == U'》' || c == U'»';
}
bool IsEndMark(char32_t c) { return c == '.' || c == '!' || c == '?' || c == U'…' || c == U'。' || c == U'！' || c == U'？'; }
bool IsCjkEndMark(char32_t c) { return c == U'。' || c == U'！' || c == U'？'; }

char32_t PeekAt(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  return utf8::Decode(s, i);
}
char32_t PeekBefore(std::string_view s, size_t i) { return utf8::DecodeBefore(s, i); }

}  // namespace

bool EndsSentence(std::string_view text) {
  size_t end = text.size();
  while (end > 0) {
    const char32_t c = utf8::DecodeBefore(text, end);
    if (IsEndMark(c)) return true;
    if (!IsClosing(c) && !utf8::IsSpace(c)) return false;
  }
  return false;
}

namespace {

// "Dr." and "e.g." do not end a sentence; neither do initials ("J. R. Smith") or decimals.
bool PeriodEndsSentence(std::string_view s, size_t dot) {
  if (dot > 0 && dot + 1 < s.size() && IsDigit((unsigned char)s[dot - 1]) && IsDigit((unsigned char)s[dot + 1])) return false;
  size_t b = dot;
  while (b > 0 && (IsAsciiLetter((unsigned char)s[b - 1]) || s[b - 1] == '.')) --b;
  std::string word = text::ToLowerAscii(s.substr(b, dot - b));
  if (word.size() == 1 && s[b] >= 'A' && s[b] <= 'Z') return false;   // an initial
  static const char* const kAbbreviations[] = {"mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "e.g", "i.e", "jr", "sr",
                                               "inc", "ltd", "co", "u.s", "u.k", "no", "approx", "dept", "mt", "fig"};
  for (const char* a : kAbbreviations)
    if (word == a) return false;
  return true;
}

// Byte length of the noise mark starting at s[i] ("[Music]", "(laughs)", "（笑）", "♪"), or 0.
size_t NoiseMarkAt(std::string_view s, size_t i) {
  const unsigned char b = (unsigned char)s[i];
  if (text::StartsWith(s.substr(i), "\xE2\x99\xAA") || text::StartsWith(s.substr(i), "\xE2\x99\xAB")) return 3;   // ♪ ♫
  std::string_view close;
  if (b == '[') close = "]";
  else if (b == '(') close = ")";
  else if (text::StartsWith(s.substr(i), "\xEF\xBC\x88")) close = "\xEF\xBC\x89";   // （ ）
  else return 0;
  const size_t e = s.find(close, i + 1);
  if (e == std::string_view::npos || e - i > 64) return 0;
  const size_t len = e + close.size() - i;
  return IsNoiseMark(s.substr(i, len)) ? len : 0;
}

bool HasWordOrIdeograph(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const char32_t c = utf8::Decode(s, i);
    if (IsWordLetter(c) || IsDigit(c) || utf8::IsCjkIdeograph(c) || utf8::IsKana(c) || utf8::IsHangul(c)) return true;
  }
  return false;
}

}  // namespace

// ---------------------------------------------------------------------------------------------- sentences

std::vector<Span> SplitSentences(std::string_view s, size_t max_code_points) {
  std::vector<Span> out;
  if (max_code_points < 8) max_code_points = 8;
  size_t start = 0;
  size_t count = 0;                   // code points since `start`
  size_t last_comma = 0, last_space = 0;   // byte offsets (after the comma / of the space) since `start`, 0: none
  auto emit = [&](size_t b, size_t e) {
    std::string_view piece = s.substr(b, e - b);
    std::string_view trimmed = text::Trim(piece);
    if (trimmed.empty() || !HasWordOrIdeograph(trimmed)) return;
    const size_t tb = b + (size_t)(trimmed.data() - piece.data());
    out.push_back({tb, tb + trimmed.size()});
  };
  auto restart = [&](size_t at) { start = at; count = 0; last_comma = last_space = 0; };
  size_t i = 0;
  while (i < s.size()) {
    if (const size_t noise = NoiseMarkAt(s, i)) {
      emit(start, i);
      i += noise;
      restart(i);
      continue;
    }
    const size_t at = i;
    const char32_t c = utf8::Decode(s, i);
    ++count;
    if (c == ',' || c == U'，' || c == U'、' || c == ';' || c == U'；' || c == ':' || c == U'：') last_comma = i;
    else if (utf8::IsSpace(c)) last_space = at;
    if (IsEndMark(c)) {
      bool ends = true;
      if (!IsCjkEndMark(c)) {
        if (c == '.' && !PeriodEndsSentence(s, at)) ends = false;
        // Latin marks end a sentence only before a space, the end, a closing mark or a wide character.
        size_t j = i;
        while (j < s.size() && (IsEndMark(PeekAt(s, j)) || IsClosing(PeekAt(s, j)))) utf8::Decode(s, j);
        const char32_t next = PeekAt(s, j);
        if (!(next == 0 || utf8::IsSpace(next) || utf8::IsWide(next))) ends = false;
      }
      if (ends) {
        while (i < s.size()) {   // absorb "?!", "...", closing quotes and brackets
          size_t j = i;
          const char32_t n = utf8::Decode(s, j);
          if (!(IsEndMark(n) || IsClosing(n))) break;
          i = j;
        }
        emit(start, i);
        restart(i);
        continue;
      }
    }
    if (count > max_code_points) {
      size_t cut = last_comma > start ? last_comma : last_space > start ? last_space : i;
      emit(start, cut);
      restart(cut);
      i = cut;
    }
  }
  emit(start, s.size());
  return out;
}

// ---------------------------------------------------------------------------------------------- whitespace and noise

std::string CollapseWhitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < s.size()) {
    const size_t b = i;
    const char32_t c = utf8::Decode(s, i);
    if (utf8::IsSpace(c)) { pending_space = !out.empty(); continue; }
    if (pending_space) {
      const char32_t prev = PeekBefore(out, out.size());
      if (!(utf8::IsWide(prev) && utf8::IsWide(c))) out += ' ';
      pending_space = false;
    }
    out.append(s.data() + b, i - b);
  }
  return out;
}

std::string WithoutNoiseMarks(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    if (const size_t noise = NoiseMarkAt(s, i)) { out += ' '; i += noise; continue; }
    out += s[i++];
  }
  return CollapseWhitespace(out);
}

// ---------------------------------------------------------------------------------------------- word lists

std::string LanguageLists::Text(const std::string& key) const {
  auto it = text.find(key);
  return it == text.end() ? std::string() : it->second;
}

namespace {

std::string BaseLanguage(std::string_view language) {
  std::string c = text::ToLowerAscii(language);
  const size_t dash = c.find_first_of("-_");
  return dash == std::string::npos ? c : c.substr(0, dash);
}

LanguageLists ParseLists(std::string code, std::string_view data) {
  LanguageLists l;
  l.code = std::move(code);
  std::string section;
  for (std::string_view raw : text::SplitLines(data)) {
    std::string_view line = text::Trim(raw);
    if (line.empty() || line[0] == '#') continue;
    if (line.front() == '[' && line.back() == ']') { section = std::string(line.substr(1, line.size() - 2)); continue; }
    if (section == "stop" || section == "numbers") {
      size_t p = 0;
      while (p < line.size()) {
        while (p < line.size() && line[p] == ' ') ++p;
        size_t e = line.find(' ', p);
        if (e == std::string_view::npos) e = line.size();
        if (e > p) {
          std::string w = text::ToLowerAscii(line.substr(p, e - p));
          if (section == "numbers") l.numbers.push_back(w);
          {   // number words are no topic either
            size_t k = 0;
            const char32_t first = utf8::Decode(w, k);
            if (k == w.size() && (utf8::IsCjkIdeograph(first) || utf8::IsKana(first))) l.stop_chars.insert(first);
            l.stop.insert(std::move(w));
          }
        }
        p = e;
      }
    } else if (section == "housekeeping") l.housekeeping.push_back(text::ToLowerAscii(line));
    else if (section == "sponsor") l.sponsor.push_back(text::ToLowerAscii(line));
    else if (section == "claims") l.claims.push_back(text::ToLowerAscii(line));
    else if (section == "text") {
      const size_t eq = line.find('=');
      if (eq != std::string_view::npos)
        l.text[std::string(text::Trim(line.substr(0, eq)))] = std::string(text::Trim(line.substr(eq + 1)));
    }
  }
  l.housekeeping_set = PhraseList(l.housekeeping);
  l.sponsor_set = PhraseList(l.sponsor);
  l.claims_set = PhraseList(l.claims);
  l.numbers_set = PhraseList(l.numbers);
  return l;
}

const std::map<std::string, LanguageLists>& AllLists() {
  static const std::map<std::string, LanguageLists> lists = [] {
    std::map<std::string, LanguageLists> m;
    for (const EmbeddedAsset& a : EmbeddedAssets()) {
      if (!text::StartsWith(a.path, "language/") || !text::EndsWith(a.path, ".txt")) continue;
      std::string code(a.path.substr(9, a.path.size() - 9 - 4));
      m.emplace(code, ParseLists(code, a.data));
    }
    return m;
  }();
  return lists;
}

}  // namespace

const LanguageLists& ListsFor(std::string_view language) {
  static const LanguageLists kNone;
  const auto& all = AllLists();
  auto it = all.find(BaseLanguage(language));
  return it == all.end() ? kNone : it->second;
}

std::string TermLanguage(std::string_view sample) {
  const ScriptCounts sc = CountScripts(sample);
  const size_t cjk = sc.han + sc.kana + sc.hangul;
  // One CJK character carries about as much as a short Latin word (~5 letters).
  if (cjk * 3 > sc.latin) {
    if (sc.hangul > sc.han + sc.kana) return "ko";
    if (sc.kana * 10 > sc.han) return "ja";
    return "zh";
  }
  // Space-separated: the language whose stop words occur most often.
  std::map<std::string, int> hits;
  size_t words = 0;
  size_t i = 0;
  std::string w;
  auto flush = [&]() {
    if (w.empty()) return;
    ++words;
    for (const auto& [code, lists] : AllLists())
      if (!lists.stop.empty() && lists.stop.count(w)) ++hits[code];
    w.clear();
  };
  while (i < sample.size() && words < 4000) {
    const size_t b = i;
    const char32_t c = utf8::Decode(sample, i);
    if (IsWordLetter(c) || c == '\'') {
      if (IsAsciiLetter(c)) w += (char)(c | 0x20);
      else w.append(sample.data() + b, i - b);
    } else flush();
  }
  flush();
  std::string best = "en";
  int best_hits = 0;
  for (const auto& [code, n] : hits) {
    if (code == "zh" || code == "ja" || code == "ko") continue;
    if (n > best_hits || (n == best_hits && code == "en")) { best = code; best_hits = n; }
  }
  return best;
}

namespace {
bool IsPhraseWordByte(char c) { return (c >= 'a' && c <= 'z') || c == '\''; }
bool PhraseAt(std::string_view low, size_t at, const std::string& p) {
  if (low.compare(at, p.size(), p) != 0) return false;
  const size_t e = at + p.size();
  return e >= low.size() || !IsAsciiLetter((unsigned char)low[e]);
}
}  // namespace

PhraseList::PhraseList(const std::vector<std::string>& phrases) {
  for (const std::string& p : phrases) {
    if (p.empty()) continue;
    if (!IsAsciiLetter((unsigned char)p[0])) {
      size_t i = 0;
      const char32_t c = utf8::Decode(p, i);
      anywhere_[c].push_back(p);
      first_bits_[(c >> 6) & 63] |= 1ull << (c & 63);
      continue;
    }
    size_t e = 0;
    while (e < p.size() && IsPhraseWordByte(p[e])) ++e;
    by_first_[p.substr(0, e)].push_back(p);
  }
}

bool PhraseList::In(std::string_view low) const {
  if (!anywhere_.empty()) {
    size_t i = 0;
    while (i < low.size()) {
      const size_t at = i;
      const char32_t c = utf8::Decode(low, i);
      if (!(first_bits_[(c >> 6) & 63] >> (c & 63) & 1)) continue;
      auto it = anywhere_.find(c);
      if (it == anywhere_.end()) continue;
      for (const std::string& p : it->second)
        if (low.compare(at, p.size(), p) == 0) return true;
    }
  }
  if (by_first_.empty()) return false;
  std::string word;
  size_t i = 0;
  while (i < low.size()) {
    if (!IsAsciiLetter((unsigned char)low[i]) || (i > 0 && IsAsciiLetter((unsigned char)low[i - 1]))) { ++i; continue; }
    size_t e = i;
    while (e < low.size() && IsPhraseWordByte(low[e])) ++e;
    word.assign(low.data() + i, e - i);
    auto it = by_first_.find(word);
    if (it == by_first_.end() && !word.empty() && word.back() == '\'') it = by_first_.find(word.substr(0, word.size() - 1));
    if (it != by_first_.end())
      for (const std::string& p : it->second)
        if (PhraseAt(low, i, p)) return true;
    i = e;
  }
  return false;
}

bool ContainsPhrase(std::string_view s, const std::vector<std::string>& phrases) {
  if (phrases.empty()) return false;
  const std::string low = text::ToLowerAscii(s);
  for (const std::string& p : phrases) {
    if (p.empty()) continue;
    const bool latin = IsAsciiLetter((unsigned char)p[0]);
    for (size_t at = low.find(p); at != std::string::npos; at = low.find(p, at + 1)) {
      if (!latin) return true;
      const bool start_ok = at == 0 || !IsAsciiLetter((unsigned char)low[at - 1]);
      const size_t e = at + p.size();
      const bool end_ok = e >= low.size() || !IsAsciiLetter((unsigned char)low[e]);
      if (start_ok && end_ok) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------- terms

int Vocabulary::Intern(std::string_view term, std::string_view surface, bool mid_sentence) {
  auto [it, inserted] = ids_.emplace(std::string(term), (int)terms_.size());
  if (inserted) {
    terms_.emplace_back(term);
    surfaces_.emplace_back();
    variants_.emplace_back();
    capitalized_.push_back(0);
    lower_.push_back(0);
    variant_count_.push_back(0);
  }
  const size_t id = (size_t)it->second;
  const bool caps = std::any_of(surface.begin(), surface.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
  if (mid_sentence) {
    if (caps) {
      ++capitalized_[id];
      if (surfaces_[id].empty()) surfaces_[id] = std::string(surface);
    } else {
      ++lower_[id];
    }
  }
  if (!caps && surface != term) {
    if (variants_[id].empty()) variants_[id] = std::string(surface);
    variant_count_[id] += surface == variants_[id] ? 1 : 0;
  }
  return it->second;
}

std::string Vocabulary::Display(int id) const {
  const size_t i = (size_t)id;
  if (capitalized_[i] > lower_[i] && !surfaces_[i].empty()) return surfaces_[i];
  if (variant_count_[i] * 2 > capitalized_[i] + lower_[i] && !variants_[i].empty()) return variants_[i];
  return terms_[i];
}

namespace {

// English plural folding, enough to count "model" and "models" as one term.
std::string FoldEnglish(std::string w) {
  if (w.size() > 4 && text::EndsWith(w, "ies")) return w.substr(0, w.size() - 3) + "y";
  if (w.size() > 3 && w.back() == 's' && !text::EndsWith(w, "ss") && !text::EndsWith(w, "us") && !text::EndsWith(w, "is"))
    return w.substr(0, w.size() - 1);
  return w;
}

enum class RunKind { None, Han, Kana, Katakana, Hangul };
RunKind KindOf(char32_t c) {
  if (utf8::IsCjkIdeograph(c)) return RunKind::Han;
  if (c >= 0x30A0 && c <= 0x30FF) return RunKind::Katakana;
  if (utf8::IsKana(c)) return RunKind::Kana;
  if (utf8::IsHangul(c)) return RunKind::Hangul;
  return RunKind::None;
}

}  // namespace

void AppendTerms(std::string_view s, const LanguageLists& lists, Vocabulary& vocab, std::vector<int>* out) {
  const bool cjk = lists.code == "zh" || lists.code == "ja" || lists.code == "ko";
  const LanguageLists& words = cjk || lists.code.empty() ? ListsFor("en") : lists;
  const bool english = words.code == "en";
  bool first_word = true;
  std::vector<char32_t> run;
  std::string term, surface;
  auto flush_run = [&]() {
    for (size_t k = 0; k + 1 < run.size(); ++k) {
      if (lists.stop_chars.count(run[k]) || lists.stop_chars.count(run[k + 1])) continue;
      term.clear();
      utf8::Append(term, run[k]);
      utf8::Append(term, run[k + 1]);
      if (lists.stop.count(term)) continue;
      out->push_back(vocab.Intern(term, term, true));
    }
    run.clear();
  };
  size_t i = 0;
  while (i < s.size()) {
    const size_t b = i;
    const char32_t c = utf8::Decode(s, i);
    const RunKind kind = KindOf(c);
    // Runs of ideographs (Chinese), kanji and katakana (Japanese: hiragana are mostly grammar), hangul.
    const bool in_run = kind == RunKind::Han || kind == RunKind::Hangul ||
                        (lists.code == "ja" ? kind == RunKind::Katakana : kind == RunKind::Kana || kind == RunKind::Katakana);
    if (in_run) {
      if (!run.empty() && (KindOf(run.back()) == RunKind::Hangul) != (kind == RunKind::Hangul)) flush_run();
      run.push_back(c);
      first_word = false;
      continue;
    }
    flush_run();
    if (!(IsWordLetter(c) || IsDigit(c))) continue;
    // A word: letters and digits, with inner apostrophes and hyphens.
    term.clear();
    size_t e = b;
    size_t letters = 0;
    bool digits_only = true;
    while (e < s.size()) {
      size_t n = e;
      const char32_t d = utf8::Decode(s, n);
      if (IsWordLetter(d) || IsDigit(d)) {
        if (d < 0x80) term += (char)((d >= 'A' && d <= 'Z') ? (d | 0x20) : d);
        else if (d >= 0xC0 && d <= 0xDE && d != 0xD7) utf8::Append(term, d + 0x20);
        else utf8::Append(term, d);
        digits_only = digits_only && IsDigit(d);
        ++letters;
        e = n;
        continue;
      }
      if ((d == '\'' || d == U'’' || d == '-') && IsWordLetter(PeekAt(s, n))) {
        term += d == '-' ? '-' : '\'';
        e = n;
        continue;
      }
      break;
    }
    surface.assign(s.data() + b, e - b);
    i = e;
    const bool mid = !first_word;
    first_word = false;
    if (digits_only || letters < 2 || words.stop.count(term)) continue;
    if (text::EndsWith(term, "'s")) term.resize(term.size() - 2);
    // French elision: "l'économie" is "économie".
    const size_t apostrophe = term.find('\'');
    if (words.code == "fr" && apostrophe != std::string::npos && apostrophe <= 2) term.erase(0, apostrophe + 1);
    if (english) term = FoldEnglish(term);
    if (term.size() < 2 || words.stop.count(term)) continue;
    out->push_back(vocab.Intern(term, surface, mid));
  }
  flush_run();
}

double TermCosine(const std::vector<int>& a, const std::vector<int>& b) {
  if (a.empty() || b.empty()) return 0;
  std::vector<int> x = a, y = b;
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  auto counts = [](const std::vector<int>& v) {
    std::vector<std::pair<int, double>> c;
    for (int id : v) {
      if (!c.empty() && c.back().first == id) c.back().second += 1;
      else c.push_back({id, 1});
    }
    return c;
  };
  const auto cx = counts(x), cy = counts(y);
  double dot = 0, nx = 0, ny = 0;
  for (const auto& p : cx) nx += p.second * p.second;
  for (const auto& p : cy) ny += p.second * p.second;
  size_t i = 0, j = 0;
  while (i < cx.size() && j < cy.size()) {
    if (cx[i].first < cy[j].first) ++i;
    else if (cx[i].first > cy[j].first) ++j;
    else dot += cx[i++].second * cy[j++].second;
  }
  return dot / std::sqrt(nx * ny);
}

// ---------------------------------------------------------------------------------------------- topic segmentation

namespace {

struct Gap { size_t at; double depth; size_t off_grid; };

// Unit-length tf-idf vectors (sublinear tf) as sorted (term, weight) lists.
std::vector<std::vector<std::pair<int, double>>> UnitVectors(const std::vector<std::vector<int>>& units, size_t vocab_size) {
  const size_t n = units.size();
  std::vector<int> df(vocab_size, 0);
  std::vector<std::vector<std::pair<int, double>>> vec(n);
  for (size_t u = 0; u < n; ++u) {
    std::vector<int> ids = units[u];
    std::sort(ids.begin(), ids.end());
    for (size_t k = 0; k < ids.size();) {
      size_t e = k;
      while (e < ids.size() && ids[e] == ids[k]) ++e;
      vec[u].push_back({ids[k], (double)(e - k)});
      ++df[(size_t)ids[k]];
      k = e;
    }
  }
  for (size_t u = 0; u < n; ++u) {
    double norm = 0;
    for (auto& [id, w] : vec[u]) {
      w = (1 + std::log(w)) * std::log(1.0 + (double)n / df[(size_t)id]);
      norm += w * w;
    }
    norm = std::sqrt(norm);
    for (auto& p : vec[u]) p.second /= norm > 0 ? norm : 1;
  }
  return vec;
}

std::vector<size_t> ChooseCohesive(const std::vector<std::vector<int>>& units, size_t vocab_size, const std::vector<Gap>& ranked,
                                   size_t want, const std::vector<bool>* preferred) {
  const size_t n = units.size();
  const size_t kMaxCandidates = std::clamp<size_t>(16 * (want + 1), 48, 160);   // each costs one pass over the terms
  std::vector<size_t> cand;
  for (const Gap& g : ranked) {
    if (cand.size() >= kMaxCandidates) break;
    if (preferred && ranked.size() > kMaxCandidates / 2 && !(g.at < preferred->size() && (*preferred)[g.at])) continue;
    cand.push_back(g.at);
  }
  if (cand.size() < want) return {};
  cand.push_back(0);
  cand.push_back(n);
  std::sort(cand.begin(), cand.end());
  cand.erase(std::unique(cand.begin(), cand.end()), cand.end());
  const size_t m = cand.size();
  const auto vec = UnitVectors(units, vocab_size);
  // score[a][b]: cohesion of the segment from candidate a to candidate b, built by extending from a.
  std::vector<double> score(m * m, 0);
  std::vector<double> sum(vocab_size, 0);
  for (size_t a = 0; a + 1 < m; ++a) {
    double norm2 = 0;
    size_t filled = 0;
    std::vector<int> touched;
    size_t b = a + 1;
    for (size_t u = cand[a]; u < n; ++u) {
      for (const auto& [id, w] : vec[u]) {
        double& s = sum[(size_t)id];
        if (s == 0) touched.push_back(id);
        norm2 += 2 * s * w + w * w;
        s += w;
      }
      filled += !vec[u].empty();
      if (u + 1 == cand[b]) {
        score[a * m + b] = norm2 / (double)std::max<size_t>(1, filled);
        if (++b == m) break;
      }
    }
    for (int id : touched) sum[(size_t)id] = 0;
  }
  const size_t segments = want + 1;
  const double kNone = -1e300;
  for (size_t min_len = std::max<size_t>(1, n / (segments * 3));; min_len = std::max<size_t>(1, min_len / 2)) {
    // best[k][j]: the best k-segment split of units [0, cand[j]); from[k][j] the previous boundary.
    std::vector<std::vector<double>> best(segments + 1, std::vector<double>(m, kNone));
    std::vector<std::vector<size_t>> from(segments + 1, std::vector<size_t>(m, 0));
    best[0][0] = 0;
    for (size_t k = 1; k <= segments; ++k)
      for (size_t j = 1; j < m; ++j)
        for (size_t i = 0; i < j; ++i) {
          if (best[k - 1][i] == kNone || cand[j] - cand[i] < min_len) continue;
          const double v = best[k - 1][i] + score[i * m + j];
          if (v > best[k][j]) { best[k][j] = v; from[k][j] = i; }
        }
    if (best[segments][m - 1] != kNone) {
      std::vector<size_t> out;
      size_t j = m - 1;
      for (size_t k = segments; k > 1; --k) {
        j = from[k][j];
        out.push_back(cand[j]);
      }
      std::sort(out.begin(), out.end());
      return out;
    }
    if (min_len == 1) return {};
  }
}

}  // namespace

std::vector<size_t> SegmentTopics(const std::vector<std::vector<int>>& all_units, size_t vocab_size, const SegmentOptions& o) {
  const size_t n = all_units.size();
  // A term said in one unit only links nothing; it only dilutes the similarities.
  std::vector<std::vector<int>> units(n);
  {
    std::vector<int> df(vocab_size, 0), last(vocab_size, -1);
    for (size_t u = 0; u < n; ++u)
      for (int id : all_units[u])
        if (last[(size_t)id] != (int)u) { last[(size_t)id] = (int)u; ++df[(size_t)id]; }
    for (size_t u = 0; u < n; ++u)
      for (int id : all_units[u])
        if (df[(size_t)id] >= 2) units[u].push_back(id);
  }
  const size_t want = o.count > 1 ? (size_t)o.count - 1 : 0;
  if (n < 2 || want == 0) return {};
  if (n <= want + 1) {   // as many segments as units, or fewer
    std::vector<size_t> all;
    for (size_t g = 1; g < n; ++g) all.push_back(g);
    return all;
  }
  const size_t segments = want + 1;
  // The units' terms as one stream; the windows left and right of a gap hold `w` terms each, so short and
  // long sentences weigh what they say. The cosine of their term counts is updated incrementally as the
  // gap slides: every term enters and leaves each window once.
  std::vector<int> stream;
  std::vector<size_t> pos(n + 1, 0);   // pos[g]: stream offset of unit g
  for (size_t u = 0; u < n; ++u) {
    pos[u] = stream.size();
    stream.insert(stream.end(), units[u].begin(), units[u].end());
  }
  pos[n] = stream.size();
  const size_t total = stream.size();
  const size_t w = std::clamp<size_t>(total / (segments * 4), 40, 2000);
  std::vector<long long> left(vocab_size, 0), right(vocab_size, 0);
  long long dot = 0, nl = 0, nr = 0;
  auto move = [&](std::vector<long long>& side, const std::vector<long long>& other, long long& norm, size_t from, size_t to, int sign) {
    for (size_t p = from; p < to; ++p) {
      const size_t id = (size_t)stream[p];
      long long& v = side[id];
      norm += sign > 0 ? 2 * v + 1 : -2 * v + 1;
      dot += sign * other[id];
      v += sign;
    }
  };
  // Window state for gap g: left = stream[max(0, pos[g]-w), pos[g]), right = stream[pos[g], min(total, pos[g]+w)).
  size_t l_from = 0, l_to = 0, r_from = 0, r_to = 0;
  std::vector<double> sim(n, 0), fill(n, 1);
  for (size_t g = 1; g < n; ++g) {
    const size_t p = pos[g];
    const size_t nl_from = p > w ? p - w : 0, nr_to = std::min(total, p + w);
    move(right, left, nr, r_from, std::min(p, r_to), -1);            // leaves the right window ...
    move(left, right, nl, std::max(l_to, nl_from), p, +1);           // ... and enters the left one
    move(left, right, nl, l_from, std::min(nl_from, l_to), -1);      // falls out of the left window
    move(right, left, nr, std::max(r_to, p), nr_to, +1);             // comes into the right window
    l_from = nl_from; l_to = p; r_from = p; r_to = nr_to;
    sim[g] = nl > 0 && nr > 0 ? (double)dot / std::sqrt((double)nl * (double)nr) : 0;
    // Near the ends a window is not full: its dips say little.
    fill[g] = std::min(1.0, 2.0 * (double)std::min(p - nl_from, nr_to - p) / (double)w);
  }
  // Smoothing: moving average over a few gaps.
  const size_t radius = std::max<size_t>(1, n / (segments * 16));
  std::vector<double> smooth(n, 0);
  {
    std::vector<double> prefix(n + 1, 0);
    for (size_t g = 1; g < n; ++g) prefix[g + 1] = prefix[g] + sim[g];
    for (size_t g = 1; g < n; ++g) {
      const size_t a = g > radius ? g - radius : 1, b = std::min(n - 1, g + radius);
      smooth[g] = (prefix[b + 1] - prefix[a]) / (double)(b - a + 1);
    }
  }
  // Depth: climb to the nearest peak on each side (linear with running peaks).
  std::vector<double> left_peak(n, 0), right_peak(n, 0);
  for (size_t g = 1; g < n; ++g) left_peak[g] = g > 1 && smooth[g - 1] >= smooth[g] ? left_peak[g - 1] : smooth[g];
  for (size_t g = n - 1; g >= 1; --g) right_peak[g] = g + 1 < n && smooth[g + 1] >= smooth[g] ? right_peak[g + 1] : smooth[g];
  size_t preferred = 0;
  for (size_t u = 0; u < n && u < o.preferred_start.size(); ++u) preferred += o.preferred_start[u];
  const bool prefer = preferred >= 2 * segments;
  std::vector<Gap> gaps;
  gaps.reserve(n);
  for (size_t g = 1; g < n; ++g) {
    double depth = ((left_peak[g] - smooth[g]) + (right_peak[g] - smooth[g])) * fill[g];
    if (prefer && !(g < o.preferred_start.size() && o.preferred_start[g])) depth *= 0.5;
    // Ties (flat text) go to the gap nearest an even split.
    const double pos = (double)g * (double)segments / (double)n;
    const size_t off = (size_t)(std::fabs(pos - std::round(pos)) * 1000);
    gaps.push_back({g, depth, off});
  }
  std::sort(gaps.begin(), gaps.end(), [](const Gap& a, const Gap& b) {
    if (a.depth != b.depth) return a.depth > b.depth;
    if (a.off_grid != b.off_grid) return a.off_grid < b.off_grid;
    return a.at < b.at;
  });
  // Choice: among the deepest gaps (all of them in a short text), the boundaries that make the segments most
  // cohesive: the largest sum over segments of |sum of the units' unit-length tf-idf vectors|² / units,
  // which is k-means in term space constrained to contiguous segments. Dynamic programming over the
  // candidates; segments shorter than a minimum are not allowed.
  std::vector<size_t> chosen = ChooseCohesive(units, vocab_size, gaps, want, prefer ? &o.preferred_start : nullptr);
  for (size_t min_len = std::max<size_t>(1, n / (segments * 3)); chosen.size() < want; min_len = std::max<size_t>(1, min_len / 2)) {
    for (const Gap& g : gaps) {
      if (chosen.size() >= want) break;
      if (g.at < min_len || n - g.at < min_len) continue;
      bool ok = true;
      for (size_t c : chosen) ok = ok && (c > g.at ? c - g.at : g.at - c) >= min_len;
      if (ok) chosen.push_back(g.at);
    }
    if (min_len == 1) break;
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

// ---------------------------------------------------------------------------------------------- centrality

Centrality SentenceCentrality(const std::vector<std::vector<int>>& units, size_t vocab_size, int window) {
  const size_t n = units.size();
  Centrality c;
  c.rank.assign(n, 0);
  c.centroid.assign(n, 0);
  if (n == 0) return c;
  const std::vector<std::vector<std::pair<int, double>>> vec = UnitVectors(units, vocab_size);
  std::vector<double> total(vocab_size, 0);
  for (const auto& v : vec)
    for (const auto& [id, w] : v) total[(size_t)id] += w;
  double total_norm = 0;
  for (double t : total) total_norm += t * t;
  total_norm = std::sqrt(total_norm);
  for (size_t u = 0; u < n; ++u) {
    double d = 0;
    for (const auto& [id, w] : vec[u]) d += w * total[(size_t)id];
    c.centroid[u] = total_norm > 0 ? d / total_norm : 0;
  }
  // Graph: each unit linked to the units at most `window` positions away.
  auto cosine = [&](size_t a, size_t b) {
    double d = 0;
    size_t i = 0, j = 0;
    const auto &x = vec[a], &y = vec[b];
    while (i < x.size() && j < y.size()) {
      if (x[i].first < y[j].first) ++i;
      else if (x[i].first > y[j].first) ++j;
      else d += x[i++].second * y[j++].second;
    }
    return d;
  };
  std::vector<std::vector<std::pair<size_t, double>>> adj(n);
  std::vector<double> out_weight(n, 0);
  const size_t w = (size_t)std::max(1, window);
  for (size_t a = 0; a < n; ++a) {
    if (vec[a].empty()) continue;
    for (size_t b = a + 1; b < n && b <= a + w; ++b) {
      if (vec[b].empty()) continue;
      const double s = cosine(a, b);
      if (s <= 0) continue;
      adj[a].push_back({b, s});
      adj[b].push_back({a, s});
      out_weight[a] += s;
      out_weight[b] += s;
    }
  }
  size_t with_terms = 0;
  for (size_t u = 0; u < n; ++u) with_terms += !vec[u].empty();
  if (with_terms == 0) return c;
  const double d = 0.85;
  std::vector<double> pr(n, 0), next(n, 0);
  for (size_t u = 0; u < n; ++u) pr[u] = vec[u].empty() ? 0 : 1.0 / (double)with_terms;
  for (int iter = 0; iter < 20; ++iter) {
    for (size_t u = 0; u < n; ++u) {
      if (vec[u].empty()) { next[u] = 0; continue; }
      double sum = 0;
      for (const auto& [v, s] : adj[u]) sum += s / out_weight[v] * pr[v];
      next[u] = (1 - d) / (double)with_terms + d * sum;
    }
    pr.swap(next);
  }
  double sum = 0;
  for (double p : pr) sum += p;
  for (size_t u = 0; u < n; ++u) c.rank[u] = sum > 0 ? pr[u] * (double)with_terms / sum : 0;
  return c;
}

}  // namespace tp::seg
