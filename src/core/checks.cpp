// Index: finding kinds · text helpers · turn markers and quotes · transcript index · structure (spec,
// title/lead vs body, repetition, empty/short, script) · quotes · numbers · names · dialogue · coverage ·
// VerifyArticle · results and JSON.
#include "core/checks.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/article.h"
#include "core/json_util.h"
#include "core/numbers.h"
#include "core/text_util.h"
#include "core/utf8.h"

namespace tp {

// Finding kinds (the `kind` field), by family:
//   quote.invented quote.wrong_turn quote.wrong_speaker quote.unverified quote.number quote.no_turn
//   number.unsupported number.elsewhere name.unknown highlight.untraceable
//   title.off_topic lead.off_topic section.repeated section.empty section.short
//   dialogue.empty dialogue.missing_turns dialogue.extra_turns dialogue.summarised dialogue.language
//   language.wrong language.script language.stray_english
//   structure.missing structure.count structure.order structure.emoji structure.extra
//   coverage.gap coverage.uncovered

const char* ToString(Severity s) {
  switch (s) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "warning";
}

namespace {

// ---------------------------------------------------------------------------------------------- text helpers

bool IsLatinLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7); }
bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsCjk(char32_t c) { return utf8::IsCjkIdeograph(c) || utf8::IsKana(c) || utf8::IsHangul(c); }
char32_t LowerCp(char32_t c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : (c >= 0xC0 && c <= 0xDE && c != 0xD7) ? c + 32 : c; }

bool MostlyCjk(std::string_view s) {
  ScriptCounts c = CountScripts(s);
  return (c.han + c.kana + c.hangul) * 3 > c.latin;
}

bool IsFiller(std::string_view w) {
  static const char* const kFillers[] = {"um", "uh", "umm", "uhm", "erm", "er", "ah", "hmm", "mm", "mhm", "eh"};
  for (const char* f : kFillers) if (w == f) return true;
  return false;
}
bool IsCjkFiller(char32_t c) { return c == U'嗯' || c == U'呃' || c == U'额' || c == U'唔'; }

// Matching form of a text: lower-case Latin words and digit runs, and single CJK characters, each followed
// by one space; punctuation, spacing and ASR filler ("um", "uh", 嗯, 呃) dropped. "don't" -> "dont".
std::string MatchForm(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::string word;
  auto flush = [&]() {
    if (!word.empty() && !IsFiller(word)) { out += word; out += ' '; }
    word.clear();
  };
  size_t i = 0;
  while (i < s.size()) {
    const size_t b = i;
    const char32_t c = utf8::Decode(s, i);
    if (IsLatinLetter(c) || IsAsciiDigit(c)) { utf8::Append(word, LowerCp(c)); continue; }
    if ((c == '\'' || c == 0x2019) && !word.empty() && i < s.size() && std::isalpha((unsigned char)s[i])) continue;
    flush();
    if (IsCjk(c) && !IsCjkFiller(c)) { out.append(s.data() + b, i - b); out += ' '; }
  }
  flush();
  return out;
}

std::vector<std::string_view> Tokens(std::string_view form) {
  std::vector<std::string_view> out;
  size_t b = 0;
  for (size_t i = 0; i < form.size(); ++i)
    if (form[i] == ' ') { if (i > b) out.push_back(form.substr(b, i - b)); b = i + 1; }
  return out;
}

// The parts of a quotation around ellipses ("…", "...", "⋯"), each to be found in order.
std::vector<std::string> Fragments(std::string_view q) {
  std::vector<std::string> out;
  std::string cur;
  size_t i = 0;
  while (i < q.size()) {
    if (q.compare(i, 3, "\xE2\x80\xA6") == 0 || q.compare(i, 3, "\xE2\x8B\xAF") == 0) { out.push_back(cur); cur.clear(); i += 3; continue; }
    if (q.compare(i, 3, "...") == 0) { out.push_back(cur); cur.clear(); i += 3; continue; }
    if (q[i] == '[') {   // an editorial insertion, "[the companies]": a gap like an ellipsis
      const size_t close = q.find(']', i);
      if (close != std::string_view::npos && close - i < 60) { out.push_back(cur); cur.clear(); i = close + 1; continue; }
    }
    cur += q[i++];
  }
  out.push_back(cur);
  std::vector<std::string> forms;
  for (const std::string& f : out) {
    std::string m = MatchForm(f);
    if (Tokens(m).size() >= 2) forms.push_back(" " + m);
  }
  return forms;
}

// True when every fragment occurs in `hay` (a MatchForm with a leading space), in order.
bool FragmentsIn(const std::vector<std::string>& frags, std::string_view hay) {
  if (frags.empty()) return false;
  size_t from = 0;
  for (const std::string& f : frags) {
    const size_t p = hay.find(f, from);
    if (p == std::string_view::npos) return false;
    from = p + f.size() - 1;
  }
  return true;
}

// Share of the quote's token bigrams that occur in `hay` (close wording: a dropped word, a fixed ASR error).
double BigramShare(std::string_view quote_form, const std::unordered_set<std::string>& hay_bigrams) {
  std::vector<std::string_view> t = Tokens(quote_form);
  if (t.size() < 2) return 0;
  int found = 0;
  for (size_t k = 0; k + 1 < t.size(); ++k) found += hay_bigrams.count(std::string(t[k]) + " " + std::string(t[k + 1])) > 0;
  return (double)found / (double)(t.size() - 1);
}
std::unordered_set<std::string> Bigrams(std::string_view form) {
  std::unordered_set<std::string> out;
  std::vector<std::string_view> t = Tokens(form);
  for (size_t k = 0; k + 1 < t.size(); ++k) out.insert(std::string(t[k]) + " " + std::string(t[k + 1]));
  return out;
}

// Characters that carry no topic: function words and question words in Chinese.
bool IsCjkFunctionChar(char32_t c) {
  static const char32_t kFunction[] = U"的了是在和与及或也都就还把被这那个们么吗呢吧啊如何为什怎样哪谁一不有我你他她它之而其于以并且但很更最所对从到让将会能要该已又再每些得地着过";
  for (const char32_t* p = kFunction; *p; ++p) if (*p == c) return true;
  return false;
}
bool IsEnglishStopWord(std::string_view w) {
  static const std::unordered_set<std::string_view> kStop = {
      "the", "a", "an", "and", "or", "but", "so", "if", "in", "on", "at", "to", "for", "of", "with", "as", "by", "from", "it",
      "its", "this", "that", "these", "those", "what", "why", "how", "when", "where", "who", "which", "we", "you", "he", "she",
      "they", "his", "her", "their", "our", "my", "your", "not", "no", "yes", "is", "are", "was", "were", "be", "been", "do",
      "does", "did", "can", "will", "would", "should", "could", "about", "than", "then", "there", "here", "all", "more",
      "most", "into", "out", "up", "down", "over", "just", "also", "very", "really", "i", "me", "us", "them", "him", "has",
      "have", "had", "one", "new", "get", "gets", "make", "makes", "every", "some", "any", "each", "own", "only", "other"};
  return kStop.count(w) > 0;
}

// Key terms of a title or lead: content words (Latin) and content characters (CJK), each with the
// neighbour it forms a word with, so a term is "found" when the body uses the same word.
struct KeyTerm { std::string a, b; };   // Latin: a = word; CJK: a = left bigram, b = right bigram
std::vector<KeyTerm> KeyTerms(std::string_view s) {
  std::vector<KeyTerm> out;
  std::vector<char32_t> run;
  auto flush_run = [&]() {
    for (size_t k = 0; k < run.size(); ++k) {
      if (IsCjkFunctionChar(run[k])) continue;
      KeyTerm t;
      if (k > 0) { utf8::Append(t.a, run[k - 1]); utf8::Append(t.a, run[k]); }
      if (k + 1 < run.size()) { utf8::Append(t.b, run[k]); utf8::Append(t.b, run[k + 1]); }
      if (!t.a.empty() || !t.b.empty()) out.push_back(t);
    }
    run.clear();
  };
  std::string word;
  auto flush_word = [&]() {
    if (word.size() >= 3 && !IsEnglishStopWord(word)) out.push_back({word, ""});
    word.clear();
  };
  size_t i = 0;
  while (i < s.size()) {
    const char32_t c = utf8::Decode(s, i);
    if (IsLatinLetter(c) || IsAsciiDigit(c)) { flush_run(); utf8::Append(word, LowerCp(c)); continue; }
    flush_word();
    if (utf8::IsCjkIdeograph(c)) run.push_back(c);
    else flush_run();
  }
  flush_word();
  flush_run();
  return out;
}

// Lower-cased text for finding key terms (Latin words matched on word boundaries by the caller).
std::string LowerText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) out += (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
  return out;
}
bool ContainsWord(std::string_view hay, std::string_view w) {
  for (size_t p = hay.find(w); p != std::string_view::npos; p = hay.find(w, p + 1)) {
    const bool start = p == 0 || !std::isalnum((unsigned char)hay[p - 1]);
    const bool end = p + w.size() >= hay.size() || !std::isalnum((unsigned char)hay[p + w.size()]);
    if (start && end) return true;
  }
  return false;
}
// Share of key terms the body uses; -1 when the text has too few terms to judge.
double TermShareIn(std::string_view text, std::string_view body_lower) {
  std::vector<KeyTerm> terms = KeyTerms(text);
  if (terms.size() < 2) return -1;
  int found = 0;
  for (const KeyTerm& t : terms) {
    if (t.b.empty() && !t.a.empty() && (unsigned char)t.a[0] < 0x80) { found += ContainsWord(body_lower, t.a); continue; }
    found += (!t.a.empty() && body_lower.find(t.a) != std::string::npos) || (!t.b.empty() && body_lower.find(t.b) != std::string::npos);
  }
  return (double)found / (double)terms.size();
}

// Shingles for repetition: CJK character 4-grams and Latin word 3-grams.
std::unordered_set<uint64_t> Shingles(std::string_view s) {
  std::unordered_set<uint64_t> out;
  std::vector<uint64_t> cjk, words;
  auto hash = [](uint64_t h, uint64_t v) { return (h ^ v) * 1099511628211ull; };
  auto emit = [&](std::vector<uint64_t>& seq, size_t n) {
    for (size_t k = 0; k + n <= seq.size(); ++k) {
      uint64_t h = 1469598103934665603ull + n;
      for (size_t j = 0; j < n; ++j) h = hash(h, seq[k + j]);
      out.insert(h);
    }
    seq.clear();
  };
  std::string word;
  size_t i = 0;
  while (i < s.size()) {
    const char32_t c = utf8::Decode(s, i);
    if (IsLatinLetter(c) || IsAsciiDigit(c)) { utf8::Append(word, LowerCp(c)); continue; }
    if (!word.empty()) { words.push_back(std::hash<std::string>()(word)); word.clear(); }
    if (utf8::IsCjkIdeograph(c)) cjk.push_back(c);
    else if (c == '\n') { emit(cjk, 4); emit(words, 3); }
  }
  if (!word.empty()) words.push_back(std::hash<std::string>()(word));
  emit(cjk, 4);
  emit(words, 3);
  return out;
}
double Containment(const std::unordered_set<uint64_t>& a, const std::unordered_set<uint64_t>& b) {
  const auto& small = a.size() <= b.size() ? a : b;
  const auto& large = a.size() <= b.size() ? b : a;
  if (small.size() < 8) return 0;
  size_t n = 0;
  for (uint64_t h : small) n += large.count(h);
  return (double)n / (double)small.size();
}

// Length of a text in "words": Latin words, and CJK characters at 1.7 per English word, so a translation
// can be compared with its source.
double WordLength(std::string_view s) {
  double words = 0, cjk = 0;
  bool in_word = false;
  size_t i = 0;
  while (i < s.size()) {
    const char32_t c = utf8::Decode(s, i);
    const bool letter = IsLatinLetter(c) || IsAsciiDigit(c);
    if (letter && !in_word) ++words;
    in_word = letter || (in_word && c == '\'');
    if (IsCjk(c)) cjk += 1;
  }
  return words + cjk / 1.7;
}

// Longest run of Latin words with at least three in lower case: English prose, not a name or a term.
struct LatinRun { size_t begin = 0, end = 0; int words = 0; };
LatinRun LongestEnglishRun(std::string_view s) {
  LatinRun best, cur;
  int lower = 0;
  bool in_word = false;
  size_t i = 0;
  auto close = [&]() {
    if (cur.words >= best.words && lower >= 3) best = cur;
    cur = LatinRun{};
    lower = 0;
  };
  while (i < s.size()) {
    const size_t b = i;
    const char32_t c = utf8::Decode(s, i);
    if (IsLatinLetter(c)) {
      if (!in_word) {
        if (cur.words == 0) cur.begin = b;
        ++cur.words;
        lower += c >= 'a' && c <= 'z';
      }
      in_word = true;
      cur.end = i;
      continue;
    }
    in_word = false;
    if (c == ' ' || c == '\'' || c == 0x2019 || c == ',' || c == '-' || (IsAsciiDigit(c) && cur.words > 0)) continue;
    if ((c == '.' || c == '?' || c == '!' || c == ';' || c == ':') && cur.words > 0) continue;
    close();
  }
  close();
  return best;
}

// ---------------------------------------------------------------------------------------------- markers, quotes

// Turn ids in a marker body: "T12", "T12, T13", "T12-T14", "T12、T13".
bool ParseMarkerBody(std::string_view body, std::vector<int>* ids) {
  std::vector<int> out;
  size_t i = 0;
  int range_from = -1;
  while (i < body.size()) {
    while (i < body.size() && (body[i] == ' ' || body[i] == ',')) ++i;
    if (body.compare(i, 3, "，") == 0 || body.compare(i, 3, "、") == 0) { i += 3; continue; }
    if (i >= body.size()) break;
    if (body[i] == '-' || body.compare(i, 3, "–") == 0 || body.compare(i, 3, "—") == 0 || body.compare(i, 3, "～") == 0) {
      if (out.empty()) return false;
      range_from = out.back();
      i += body[i] == '-' ? 1 : 3;
      continue;
    }
    if (body[i] != 'T' && body[i] != 't') return false;
    ++i;
    if (i >= body.size() || !std::isdigit((unsigned char)body[i])) return false;
    int v = 0;
    while (i < body.size() && std::isdigit((unsigned char)body[i]) && v < 10000000) v = v * 10 + (body[i++] - '0');
    if (range_from > 0 && v > range_from && v - range_from <= 200) {
      for (int k = range_from + 1; k <= v; ++k) out.push_back(k);
    } else {
      out.push_back(v);
    }
    range_from = -1;
  }
  if (out.empty()) return false;
  *ids = out;
  return true;
}

struct MarkerPair { const char* open; const char* close; };
const MarkerPair kMarkerPairs[] = {{"[", "]"}, {"【", "】"}, {"（", "）"}, {"(", ")"}, {"〔", "〕"}};

// A turn marker starting at i (after optional spaces): returns its end and fills ids, else returns i.
size_t ReadMarker(std::string_view s, size_t i, std::vector<int>* ids) {
  size_t j = i;
  while (j < s.size() && s[j] == ' ') ++j;
  for (const MarkerPair& p : kMarkerPairs) {
    const size_t ol = std::strlen(p.open);
    if (s.compare(j, ol, p.open) != 0) continue;
    const size_t close = s.find(p.close, j + ol);
    if (close == std::string_view::npos || close - j > 80) continue;
    if (ParseMarkerBody(s.substr(j + ol, close - j - ol), ids)) return close + std::strlen(p.close);
  }
  return i;
}

struct QuotedSpan {
  std::string text;           // inside the quotation marks (a trailing marker inside removed)
  size_t begin = 0, end = 0;  // in the block's plain text, marks (and marker) included
  std::vector<int> turns;
};

std::vector<QuotedSpan> FindQuotedSpans(std::string_view s) {
  static const MarkerPair kQuotes[] = {{"\xE2\x80\x9C", "\xE2\x80\x9D"}, {"\xE3\x80\x8C", "\xE3\x80\x8D"}, {"\xE3\x80\x8E", "\xE3\x80\x8F"},
                                       {"\xC2\xAB", "\xC2\xBB"}, {"\"", "\""}};
  std::vector<QuotedSpan> out;
  for (const MarkerPair& qp : kQuotes) {
    const size_t ol = std::strlen(qp.open), cl = std::strlen(qp.close);
    size_t p = 0;
    while ((p = s.find(qp.open, p)) != std::string_view::npos) {
      const size_t b = p + ol;
      const size_t e = s.find(qp.close, b);
      if (e == std::string_view::npos) break;
      QuotedSpan q;
      q.text = std::string(s.substr(b, e - b));
      q.begin = p;
      q.end = ReadMarker(s, e + cl, &q.turns);
      if (q.end == e + cl) q.end = e + cl;
      // A marker inside the marks: “…[T12]”.
      for (const MarkerPair& mp : kMarkerPairs) {
        const size_t at = q.text.rfind(mp.open);
        if (at == std::string::npos || !q.turns.empty()) continue;
        std::vector<int> ids;
        if (ReadMarker(q.text, at, &ids) == q.text.size()) { q.turns = ids; q.text.resize(at); }
      }
      bool overlaps = false;
      for (const QuotedSpan& o : out) overlaps |= q.begin < o.end && o.begin < q.end;
      if (!overlaps) out.push_back(std::move(q));
      p = e + cl;
    }
  }
  std::sort(out.begin(), out.end(), [](const QuotedSpan& a, const QuotedSpan& b) { return a.begin < b.begin; });
  return out;
}

// Every marker in a text (cited turns), quotes or not.
void CollectMarkers(std::string_view s, std::set<int>* ids) {
  for (size_t i = 0; i < s.size(); ++i) {
    for (const MarkerPair& p : kMarkerPairs) {
      if (s.compare(i, std::strlen(p.open), p.open) != 0) continue;
      std::vector<int> got;
      if (ReadMarker(s, i, &got) > i) ids->insert(got.begin(), got.end());
    }
  }
}

// ---------------------------------------------------------------------------------------------- transcript index

struct NameVariant { std::string text; std::string speaker; };   // a way the article may name a speaker

struct TranscriptIndex {
  const Transcript* t = nullptr;
  std::unordered_map<int, size_t> by_id;
  std::vector<std::string> forms;                 // MatchForm per turn, with a leading space
  std::vector<std::vector<Quantity>> quantities;  // per turn
  std::unordered_set<std::string> latin_words;    // lower-case words of the transcript, speakers, glossary
  std::string cjk_text;                           // transcript + glossary renderings, for Chinese names
  std::vector<NameVariant> speaker_variants;      // longest first
  std::vector<std::string> glossary_renderings;
  std::unordered_set<std::string> speaker_words;  // lower-case words of speakers' names
  bool cjk = false;                               // the transcript is mostly CJK

  const Turn* Find(int id) const {
    auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : &t->turns[it->second];
  }
};

void AddLatinWords(std::string_view s, std::unordered_set<std::string>* words) {
  std::string w;
  size_t i = 0;
  while (i <= s.size()) {
    const char32_t c = i < s.size() ? utf8::Decode(s, i) : (++i, U' ');
    if (IsLatinLetter(c) || IsAsciiDigit(c)) { utf8::Append(w, LowerCp(c)); continue; }
    if (!w.empty()) words->insert(w);
    w.clear();
  }
}

std::vector<std::string> NameParts(std::string_view name) {
  std::vector<std::string> out;
  std::string cur;
  size_t i = 0;
  auto flush = [&]() {
    const size_t cps = utf8::CountCodePoints(cur);
    const bool cjk = !cur.empty() && (unsigned char)cur[0] >= 0x80;
    if ((cjk && cps >= 2) || (!cjk && cur.size() >= 3)) out.push_back(cur);
    cur.clear();
  };
  while (i < name.size()) {
    const size_t b = i;
    const char32_t c = utf8::Decode(name, i);
    if (c == ' ' || c == 0xB7 || c == 0x30FB || c == 0x2022 || c == '.' || c == '-' || c == 0xFF0E) { flush(); continue; }
    cur.append(name.data() + b, i - b);
  }
  flush();
  return out;
}

TranscriptIndex BuildIndex(const Transcript& t, const Glossary& glossary) {
  TranscriptIndex x;
  x.t = &t;
  std::string sample;
  for (size_t k = 0; k < t.turns.size(); ++k) {
    const Turn& turn = t.turns[k];
    x.by_id[turn.id] = k;
    x.forms.push_back(" " + MatchForm(turn.text));
    x.quantities.push_back(ReadQuantities(turn.text));
    AddLatinWords(turn.text, &x.latin_words);
    if (sample.size() < 20000) sample += turn.text;
    for (size_t i = 0; i < turn.text.size();) {
      if ((unsigned char)turn.text[i] >= 0x80) { x.cjk_text += turn.text; x.cjk_text += '\n'; break; }
      ++i;
    }
  }
  x.cjk = MostlyCjk(sample);
  AddLatinWords(t.meta.title, &x.latin_words);
  std::map<std::string, std::string> variants;   // text -> speaker label
  for (const Speaker& s : t.speakers) {
    AddLatinWords(s.name, &x.latin_words);
    AddLatinWords(s.label, &x.latin_words);
    for (const std::string& n : {s.name, s.label}) {
      if (n.empty()) continue;
      variants[n] = s.label;
      for (const std::string& part : NameParts(n)) variants.emplace(part, s.label);
    }
  }
  for (const GlossaryEntry& g : glossary) {
    AddLatinWords(g.source, &x.latin_words);
    AddLatinWords(g.rendering, &x.latin_words);
    x.glossary_renderings.push_back(g.rendering);
    x.cjk_text += g.source + "\n" + g.rendering + "\n";
    // A glossary entry for a speaker (or a part of a speaker's name) names that speaker too.
    for (const Speaker& s : t.speakers) {
      bool same = g.source == s.name || g.source == s.label;
      for (const std::string& part : NameParts(s.name)) same |= g.source == part;
      if (!same || g.rendering.empty()) continue;
      variants[g.rendering] = s.label;
      for (const std::string& part : NameParts(g.rendering)) variants.emplace(part, s.label);
    }
  }
  for (auto& [text, label] : variants) x.speaker_variants.push_back({text, label});
  for (const Speaker& s : t.speakers) { AddLatinWords(s.name, &x.speaker_words); AddLatinWords(s.label, &x.speaker_words); }
  std::sort(x.speaker_variants.begin(), x.speaker_variants.end(),
            [](const NameVariant& a, const NameVariant& b) { return a.text.size() > b.text.size(); });
  return x;
}

// ---------------------------------------------------------------------------------------------- check context

struct Ctx {
  const std::string& md;
  const Transcript& t;
  const ArticleSpec& spec;
  const ArticleEvidence& ev;
  const SectionLabels L;
  ArticleView view;
  TranscriptIndex idx;
  ArticleChecks out;
  std::vector<std::pair<int, int>> legacy_ranges;   // from the older entry point
  bool legacy = false;

  Ctx(const std::string& m, const Transcript& tr, const ArticleSpec& s, const ArticleEvidence& e)
      : md(m), t(tr), spec(s), ev(e), L(ResolvedLabels(s)) {}

  Finding& Add(std::string kind, Severity sev, std::string message, size_t offset, ArticlePart part, int section) {
    Finding f;
    f.kind = std::move(kind);
    f.severity = sev;
    f.message = std::move(message);
    f.offset = std::min(offset, md.size());
    f.line = view.LineOf(f.offset);
    f.part = part;
    f.section = section;
    out.findings.push_back(std::move(f));
    return out.findings.back();
  }
};

// Where a piece of a block's plain text sits in the Markdown: the first match of its opening characters
// inside the block's bytes, else the block start.
size_t Locate(const std::string& md, const ArticleBlock& b, std::string_view piece) {
  std::string_view head = piece.substr(0, std::min<size_t>(piece.size(), 24));
  while (!head.empty() && ((unsigned char)head.back() & 0xC0) == 0x80) head.remove_suffix(1);
  if (!head.empty() && (unsigned char)head.back() >= 0xC0) head.remove_suffix(1);
  if (head.empty()) return b.begin;
  const size_t p = std::string_view(md).substr(b.begin, b.end - b.begin).find(head);
  return p == std::string_view::npos ? b.begin : b.begin + p;
}

std::string TurnList(const std::vector<int>& ids) {
  std::string s;
  for (size_t k = 0; k < ids.size() && k < 8; ++k) s += (k ? ", T" : "T") + std::to_string(ids[k]);
  if (ids.size() > 8) s += ", …";
  return s;
}

// ---------------------------------------------------------------------------------------------- structure

std::string SectionName(const ArticleSection& s) { return "\"" + s.heading + "\""; }

void StructureFindings(Ctx& c) {
  const ArticleSpec& spec = c.spec;
  const SectionLabels& L = c.L;
  const ArticleView& v = c.view;
  auto add = [&](const char* kind, Severity sev, const std::string& msg, size_t off, ArticlePart part = ArticlePart::Article,
                 int section = -1) { return &c.Add(kind, sev, msg, off, part, section); };

  // Title.
  if (!v.has_title) add("structure.missing", Severity::Error, "The article has no title (a line starting with \"# \").", 0, ArticlePart::Title);
  else {
    const std::string& tt = v.title;
    const bool starts_with_emoji = utf8::EmojiLength(tt, 0) > 0;
    bool ends_with_emoji = false;
    for (size_t k = 0; k < tt.size();) {
      const size_t n = utf8::EmojiLength(tt, k);
      ends_with_emoji = n > 0;
      if (n) k += n;
      else utf8::Decode(tt, k);
    }
    if (spec.title_emoji == EmojiPlacement::End && !ends_with_emoji)
      add("structure.emoji", Severity::Warning, "The title should end with an emoji.", v.title_begin, ArticlePart::Title);
    if (spec.title_emoji == EmojiPlacement::Start && !starts_with_emoji)
      add("structure.emoji", Severity::Warning, "The title should start with an emoji.", v.title_begin, ArticlePart::Title);
    if (spec.title_emoji == EmojiPlacement::Off && (starts_with_emoji || ends_with_emoji))
      add("structure.emoji", Severity::Warning, "The spec asks for no emoji in the title.", v.title_begin, ArticlePart::Title);
  }
  if (spec.lead && v.has_title && v.lead.empty())
    add("structure.missing", Severity::Warning, "The lead (a \"> \" blockquote right after the title) is missing.", v.title_begin, ArticlePart::Lead);

  // Expected level-2 parts in order: labels matched by prefix, body sections fill the gaps.
  struct Expect { ArticlePart part; std::string label; };
  std::vector<Expect> expect;
  if (spec.highlights > 0) expect.push_back({ArticlePart::Highlights, L.highlights});
  if (spec.introduction) expect.push_back({ArticlePart::Introduction, L.introduction});
  const int body_count = spec.BodySectionCount();
  for (int i = 0; i < body_count; ++i) expect.push_back({ArticlePart::Body, i < (int)spec.section_headings.size() ? spec.section_headings[i] : ""});
  if (spec.quotes > 0) expect.push_back({ArticlePart::Quotes, L.quotes});
  if (spec.conclusion) expect.push_back({ArticlePart::Conclusion, L.conclusion});
  if (spec.links) expect.push_back({ArticlePart::Links, L.links});
  if (spec.dialogue != DialogueMode::Off) expect.push_back({ArticlePart::Dialogue, L.dialogue});

  const std::vector<ArticleSection>& h2 = v.sections;
  const int actual_body = v.BodyCount();
  if (actual_body != body_count)
    add("structure.count", Severity::Warning, "The article has " + std::to_string(actual_body) + " body section(s); the spec asks for " +
                                             std::to_string(body_count) + ".", h2.empty() ? 0 : h2.front().heading_begin);
  auto strip_ts = [](const std::string& h) {
    if (!h.empty() && h[0] == '[') { size_t e = h.find("] "); if (e != std::string::npos) return h.substr(e + 2); }
    return h;
  };
  size_t k = 0;
  for (const Expect& e : expect) {
    if (e.part == ArticlePart::Body) {
      if (k < h2.size() && h2[k].part == ArticlePart::Body) {
        if (!e.label.empty() && strip_ts(h2[k].heading) != e.label)
          add("structure.order", Severity::Warning, "Expected the section \"" + e.label + "\" but found " + SectionName(h2[k]) + ".",
              h2[k].heading_begin, ArticlePart::Body, h2[k].body_index);
        ++k;
      }
      continue;
    }
    size_t found = k;
    while (found < h2.size() && h2[found].part != e.part) ++found;
    if (found < h2.size()) {
      for (size_t b = k; b < found; ++b)
        if (h2[b].part == ArticlePart::Body) {
          add("structure.order", Severity::Warning, "The section " + SectionName(h2[found]) + " should come before " + SectionName(h2[b]) + ".",
              h2[found].heading_begin, e.part);
          break;
        }
      k = found + 1;
      continue;
    }
    const bool anywhere = std::any_of(h2.begin(), h2.end(), [&](const ArticleSection& s) { return s.part == e.part; });
    add(anywhere ? "structure.order" : "structure.missing", Severity::Warning,
        anywhere ? "The section \"" + e.label + "\" is out of order." : "The section \"" + e.label + "\" is missing.",
        h2.empty() ? c.md.size() : h2.back().heading_begin, e.part);
  }
  for (size_t i = 0; i < h2.size(); ++i) {
    if (h2[i].part != ArticlePart::Body) continue;
    for (size_t j = i + 1; j < h2.size(); ++j)
      if (h2[i].heading == h2[j].heading)
        add("structure.extra", Severity::Warning, "The heading " + SectionName(h2[i]) + " appears twice.", h2[j].heading_begin, ArticlePart::Body, h2[j].body_index);
  }
  // Highlights: list items under the heading.
  for (const ArticleSection& s : h2) {
    if (s.part != ArticlePart::Highlights || spec.highlights <= 0) continue;
    int bullets = 0;
    for (const ArticleBlock& b : s.blocks) bullets += b.list_item && b.list_depth == 1;
    if (bullets != spec.highlights)
      add("structure.count", Severity::Warning, "There are " + std::to_string(bullets) + " highlights; the spec asks for " +
                                               std::to_string(spec.highlights) + ".", s.heading_begin, ArticlePart::Highlights);
  }
  if (spec.source_link && !v.has_source_line)
    add("structure.missing", Severity::Warning, "The source link line (\"_" + L.source + L.separator + "…_\") is missing.", c.md.size(), ArticlePart::Source);

  // Empty and short parts. Section length is per body section, in the spec's unit.
  for (const ArticleSection& s : h2) {
    if (s.part == ArticlePart::Dialogue) {
      bool any = false;
      for (const ArticleBlock& b : s.blocks) any |= !text::Trim(b.text).empty();
      if (!any) add("dialogue.empty", Severity::Error, "The \"" + L.dialogue + "\" section is empty.", s.heading_begin, ArticlePart::Dialogue);
      continue;
    }
    if (s.part == ArticlePart::Links || s.part == ArticlePart::Quotes) continue;
    std::string prose;
    for (const ArticleBlock& b : s.blocks) if (b.type != MdBlockType::Heading) prose += b.prose;
    const bool empty = text::Trim(prose).empty();
    if (empty) {
      Finding* f = add("section.empty", Severity::Error, "The section " + SectionName(s) + " is empty.", s.heading_begin, s.part, s.body_index);
      f->repairable = s.part == ArticlePart::Body;
      continue;
    }
    if (s.part != ArticlePart::Body || spec.section_length <= 0) continue;
    const double length = spec.length_unit == LengthUnit::Words ? WordLength(prose)
                                                                : (double)utf8::CountCodePoints(text::CollapseSpaces(prose));
    if (length < spec.section_length * 0.2) {
      Finding* f = add("section.short", Severity::Warning,
                       "The section " + SectionName(s) + " is very short (" + std::to_string((int)length) + " of about " +
                           std::to_string(spec.section_length) + (spec.length_unit == LengthUnit::Words ? " words)." : " characters)."),
                       s.heading_begin, ArticlePart::Body, s.body_index);
      f->repairable = true;
    }
  }

  // Title and lead about the body: their key terms appear in the sections.
  std::string body;
  for (const ArticleSection& s : h2)
    if (s.part == ArticlePart::Body || s.part == ArticlePart::Introduction || s.part == ArticlePart::Conclusion ||
        s.part == ArticlePart::Highlights) { body += s.heading; body += '\n'; body += s.Prose(); body += '\n'; }
  const std::string body_lower = LowerText(body);
  if (v.has_title && actual_body > 0) {
    const double share = TermShareIn(v.title, body_lower);
    if (share >= 0 && share < 0.5)
      add("title.off_topic", Severity::Error, "The title is not about the body: most of its key words appear in no section.",
          v.title_begin, ArticlePart::Title)->subject = v.title;
    else {
      // A name the title promises (a capitalised word other than a speaker's name) should be what the
      // sections discuss, not what one of them mentions.
      std::string word;
      std::vector<std::string> names;
      const std::string& tt = v.title;
      // In a Title Case title every word is capitalised: only words written like names count (SpaceX, AI).
      int long_words = 0, capitalised = 0;
      for (size_t i = 0, b = 0; i <= tt.size(); ++i) {
        if (i < tt.size() && std::isalpha((unsigned char)tt[i])) continue;
        if (i - b >= 4) { ++long_words; capitalised += std::isupper((unsigned char)tt[b]) != 0; }
        b = i + 1;
      }
      const bool title_case = long_words >= 2 && capitalised * 5 >= long_words * 3;
      for (size_t i = 0; i <= tt.size(); ++i) {
        const char ch = i < tt.size() ? tt[i] : ' ';
        if (std::isalnum((unsigned char)ch)) { word += ch; continue; }
        bool caps = !word.empty() && std::isupper((unsigned char)word[0]) && word.size() >= 2;
        bool inner = false;
        for (size_t k = 1; k < word.size(); ++k) inner |= std::isupper((unsigned char)word[k]) || std::isdigit((unsigned char)word[k]);
        const bool first_word = names.empty() && tt.find(word) == tt.find_first_not_of(" #*_");
        if (caps && (inner || (!first_word && !title_case) || IsCjkLanguage(spec.output_language)) && !IsEnglishStopWord(LowerText(word)) &&
            !c.idx.speaker_words.count(LowerText(word)))
          names.push_back(LowerText(word));
        word.clear();
      }
      for (const std::string& name : names) {
        int sections_with = 0;
        for (const ArticleSection& s : h2)
          if (s.part == ArticlePart::Body) sections_with += ContainsWord(LowerText(s.heading + "\n" + s.Prose()), name);
        if (actual_body >= 3 && sections_with * 2 < actual_body) {
          add("title.off_topic", Severity::Error, "The title is about \"" + name + "\", but " + std::to_string(actual_body - sections_with) +
                                                      " of " + std::to_string(actual_body) + " sections never mention it.",
              v.title_begin, ArticlePart::Title)->subject = v.title;
          break;
        }
      }
    }
  }
  if (!v.lead.empty() && actual_body > 0) {
    std::string lead;
    for (const ArticleBlock& b : v.lead) lead += b.prose + "\n";
    const double share = TermShareIn(lead, body_lower);
    if (share >= 0 && share < 0.4)
      add("lead.off_topic", Severity::Warning, "The lead is not about the body: most of its key words appear in no section.",
          v.lead.front().begin, ArticlePart::Lead);
  }

  // Repetition: sections sharing many shingles, or a paragraph repeated in another section.
  struct Shingled { const ArticleSection* s; std::unordered_set<uint64_t> all; std::vector<std::unordered_set<uint64_t>> paras, sentences; };
  auto sentences_of = [](const std::string& p) {
    std::vector<std::string> out;
    std::string cur;
    size_t i = 0;
    while (i < p.size()) {
      const size_t b = i;
      const char32_t ch = utf8::Decode(p, i);
      cur.append(p.data() + b, i - b);
      if (ch == U'。' || ch == U'！' || ch == U'？' || ((ch == '.' || ch == '!' || ch == '?') && (i >= p.size() || p[i] == ' '))) { out.push_back(cur); cur.clear(); }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
  };
  std::vector<Shingled> sh;
  for (const ArticleSection& s : h2) {
    if (s.part != ArticlePart::Body && s.part != ArticlePart::Introduction && s.part != ArticlePart::Conclusion) continue;
    Shingled x{&s, Shingles(s.Prose()), {}};
    for (const ArticleBlock& b : s.blocks) {
      if (b.type != MdBlockType::Paragraph) continue;
      x.paras.push_back(Shingles(b.prose));
      for (const std::string& sentence : sentences_of(b.prose)) {
        std::unordered_set<uint64_t> one = Shingles(sentence);
        if (one.size() >= 16) x.sentences.push_back(std::move(one));
      }
    }
    sh.push_back(std::move(x));
  }
  for (size_t i = 0; i < sh.size(); ++i) {
    for (size_t j = i + 1; j < sh.size(); ++j) {
      double share = Containment(sh[i].all, sh[j].all);
      for (const auto& p : sh[j].paras) share = std::max(share, Containment(p, sh[i].all) >= 0.6 ? 0.6 : 0.0);
      for (const auto& p : sh[i].paras) share = std::max(share, Containment(p, sh[j].all) >= 0.6 ? 0.6 : 0.0);
      // A long sentence copied word for word.
      for (const auto& one : sh[j].sentences) share = std::max(share, Containment(one, sh[i].all) >= 0.8 ? 0.35 : 0.0);
      for (const auto& one : sh[i].sentences) share = std::max(share, Containment(one, sh[j].all) >= 0.8 ? 0.35 : 0.0);
      // Faithful sections share almost no four-character (three-word) runs; the seed's two sections about
      // X and LLMs share 15%; a copied section or paragraph shares most of them.
      if (share < 0.12) continue;
      const ArticleSection& later = *sh[j].s;
      const bool copied = share >= 0.35;
      Finding* f = add("section.repeated", copied ? Severity::Error : Severity::Warning,
                       "The sections " + SectionName(*sh[i].s) + " and " + SectionName(later) + (copied ? " repeat each other (" : " overlap in wording (") +
                           std::to_string((int)std::lround(share * 100)) + "% shared wording).",
                       later.heading_begin, later.part, later.body_index);
      f->repairable = later.part == ArticlePart::Body;
    }
  }

  // Language: the script of the prose vs the output language (code excluded).
  std::string prose = v.title + "\n";
  for (const ArticleBlock& b : v.lead) prose += b.prose + "\n";
  for (const ArticleSection& s : h2) {
    if (s.part == ArticlePart::Dialogue) continue;
    prose += s.heading + "\n" + s.Prose() + "\n";
  }
  ScriptCounts sc = CountScripts(prose);
  const size_t cjk = sc.han + sc.kana + sc.hangul;
  const std::string lang = text::ToLowerAscii(spec.output_language);
  if (IsCjkLanguage(lang)) {
    const bool all_latin = sc.latin > 200 && sc.latin / 5.0 > 2.0 * (cjk / 1.5);
    if (all_latin)
      add("language.wrong", Severity::Error, "The article reads as Latin-script text, but the spec asks for " + LanguageDisplayName(spec.output_language) + ".", 0);
    if (text::StartsWith(lang, "zh")) {
      ChineseScriptCounts cs = CountChineseScripts(prose);
      const bool want_simplified = LanguageDisplayName(spec.output_language) == "Simplified Chinese";
      if (want_simplified && cs.traditional_only > 0 && cs.traditional_only * 10 > cs.simplified_only)
        add("language.script", Severity::Error, std::to_string(cs.traditional_only) + " Traditional Chinese character(s) appear in a Simplified Chinese article.", 0);
      if (!want_simplified && cs.simplified_only > 0 && cs.simplified_only * 10 > cs.traditional_only)
        add("language.script", Severity::Error, std::to_string(cs.simplified_only) + " Simplified Chinese character(s) appear in a Traditional Chinese article.", 0);
    }
    // English sentences left in a CJK article (names and terms are single capitalised words).
    auto scan = [&](const ArticleBlock& b, ArticlePart part, int section) {
      if (b.type == MdBlockType::CodeBlock || b.type == MdBlockType::HtmlBlock) return;
      std::string p = b.prose;
      for (size_t h = p.find("http"); h != std::string::npos; h = p.find("http", h)) {
        size_t e = h;
        while (e < p.size() && !std::isspace((unsigned char)p[e]) && (unsigned char)p[e] < 0x80) ++e;
        p.replace(h, e - h, std::string(e - h, ' '));
      }
      // Quotations may keep the speaker's own words.
      for (const QuotedSpan& q : FindQuotedSpans(p))
        for (size_t k = q.begin; k < q.end && k < p.size(); ++k) p[k] = ' ';
      LatinRun r = LongestEnglishRun(p);
      if (r.words < 5) return;
      const std::string piece = p.substr(r.begin, r.end - r.begin);
      Finding* f = &c.Add("language.stray_english", Severity::Error, "English text in a " + LanguageDisplayName(spec.output_language) + " article: \"" +
                                                                      piece.substr(0, 80) + (piece.size() > 80 ? "…" : "") + "\"",
                          Locate(c.md, b, piece), part, section);
      f->subject = piece;
      f->length = piece.size();
      f->repairable = part == ArticlePart::Body;
    };
    if (all_latin) return;   // one finding for the whole article, not one per paragraph
    for (const ArticleBlock& b : v.lead) scan(b, ArticlePart::Lead, -1);
    for (const ArticleSection& s : h2) {
      if (s.part == ArticlePart::Dialogue || s.part == ArticlePart::Links) continue;
      for (const ArticleBlock& b : s.blocks) scan(b, s.part, s.body_index);
    }
  } else if (cjk > 50 && cjk / 1.5 > sc.latin / 5.0) {
    add("language.wrong", Severity::Error, "The article is mostly Chinese, Japanese or Korean text, but the spec asks for " +
                                               LanguageDisplayName(spec.output_language) + ".", 0);
  }
}

// ---------------------------------------------------------------------------------------------- quotes

const QuoteEvidence* FindEvidenceQuote(const ArticleEvidence& ev, const std::string& form) {
  if (form.empty()) return nullptr;
  const QuoteEvidence* best = nullptr;
  auto consider = [&](const QuoteEvidence& q) {
    const std::string f = MatchForm(q.rendered);
    if (f.empty()) return;
    if (f == form) { best = &q; return; }
    // The user trimmed or extended the quote a little: containment with most of the words.
    const size_t small = std::min(f.size(), form.size()), large = std::max(f.size(), form.size());
    if (!best && small * 10 >= large * 7 && (f.find(form) != std::string::npos || form.find(f) != std::string::npos)) best = &q;
  };
  for (const SectionEvidence& s : ev.sections) for (const QuoteEvidence& q : s.quotes) consider(q);
  for (const QuoteEvidence& q : ev.front_quotes) consider(q);
  return best;
}

// The speaker an article names for a quote: the nearest name in the same sentence before it, else just after.
std::string AttributedSpeaker(const Ctx& c, std::string_view text, size_t qbegin, size_t qend) {
  size_t from = qbegin > 120 ? qbegin - 120 : 0;
  for (size_t k = qbegin; k > from; --k) {
    const char ch = text[k - 1];
    if (ch == '.' || ch == '!' || ch == '?' || ch == '\n') { from = k; break; }
    if (k >= 3 && (text.compare(k - 3, 3, "。") == 0 || text.compare(k - 3, 3, "！") == 0 || text.compare(k - 3, 3, "？") == 0)) { from = k; break; }
  }
  while (from < qbegin && ((unsigned char)text[from] & 0xC0) == 0x80) ++from;
  std::string_view before = text.substr(from, qbegin - from);
  std::string best;
  size_t best_pos = std::string::npos;
  for (const NameVariant& nv : c.idx.speaker_variants) {
    const size_t p = before.rfind(nv.text);
    if (p == std::string_view::npos) continue;
    if (best_pos == std::string::npos || p + nv.text.size() > best_pos) { best_pos = p + nv.text.size(); best = nv.speaker; }
  }
  if (!best.empty()) return best;
  std::string_view after = text.substr(qend, std::min<size_t>(60, text.size() - qend));
  size_t first = std::string::npos;
  for (const NameVariant& nv : c.idx.speaker_variants) {
    const size_t p = after.find(nv.text);
    if (p != std::string_view::npos && p < first) { first = p; best = nv.speaker; }
  }
  return best;
}

// Turns to look in for words cited from `ids`: the turns and their neighbours by the same speaker (a long
// turn is split into pieces with their own ids).
std::string CitedForm(const Ctx& c, const std::vector<int>& ids) {
  std::string hay;
  for (int id : ids) {
    auto it = c.idx.by_id.find(id);
    if (it == c.idx.by_id.end()) continue;
    const size_t k = it->second;
    if (k > 0 && c.t.turns[k - 1].speaker == c.t.turns[k].speaker) hay += c.idx.forms[k - 1];
    hay += c.idx.forms[k];
    if (k + 1 < c.t.turns.size() && c.t.turns[k + 1].speaker == c.t.turns[k].speaker) hay += c.idx.forms[k + 1];
  }
  return hay;
}

// Where words said in the transcript's language are: the cited turns first, then anywhere.
struct WordsFound { bool in_cited = false; int turn = 0; bool close = false; };
// Close wording (a dropped word, a fixed transcription error) is accepted only for original words recorded
// beside a translation; words shown to readers as a quotation must match exactly.
WordsFound FindWords(const Ctx& c, std::string_view words, const std::vector<int>& cited, bool allow_close) {
  WordsFound r;
  const std::vector<std::string> frags = Fragments(words);
  if (frags.empty()) {
    // A one-word quote ("Exactly.") is too common to look for across the talk, but the turn it cites confirms it.
    const std::string m = MatchForm(words);
    if (!cited.empty() && !Tokens(m).empty() && CitedForm(c, cited).find(" " + m) != std::string::npos) {
      r.in_cited = true;
      r.turn = cited.front();
    }
    return r;
  }
  if (!cited.empty() && FragmentsIn(frags, CitedForm(c, cited))) { r.in_cited = true; r.turn = cited.front(); return r; }
  for (size_t k = 0; k < c.t.turns.size(); ++k) {
    std::string hay = c.idx.forms[k];
    if (k + 1 < c.t.turns.size()) hay += c.idx.forms[k + 1];
    if (FragmentsIn(frags, hay)) { r.turn = c.t.turns[k].id; return r; }
  }
  const std::string form = MatchForm(words);
  if (!allow_close || Tokens(form).size() < 6) return r;
  if (!cited.empty() && BigramShare(form, Bigrams(CitedForm(c, cited))) >= 0.85) { r.in_cited = true; r.turn = cited.front(); r.close = true; return r; }
  for (size_t k = 0; k < c.t.turns.size(); ++k) {
    if (BigramShare(form, Bigrams(c.idx.forms[k])) >= 0.85) { r.turn = c.t.turns[k].id; r.close = true; return r; }
  }
  return r;
}

bool QuantityIn(const Quantity& q, const std::vector<Quantity>& pool) {
  for (const Quantity& p : pool) if (SameQuantity(q, p)) return true;
  return false;
}

// Checks one quotation. `text` is the block's plain text, `span` the quote in it.
void CheckQuote(Ctx& c, const ArticleBlock& b, const QuotedSpan& span, ArticlePart part, int section, std::string attributed_override = "") {
  const std::string form = MatchForm(span.text);
  const QuoteEvidence* ev = FindEvidenceQuote(c.ev, form);
  QuoteCheck qc;
  qc.text = span.text;
  qc.turn_ids = span.turns;
  if (qc.turn_ids.empty() && ev && ev->turn_id > 0) qc.turn_ids = {ev->turn_id};
  qc.turn_id = qc.turn_ids.empty() ? 0 : qc.turn_ids.front();
  qc.offset = Locate(c.md, b, span.text);
  qc.line = c.view.LineOf(qc.offset);
  std::string speaker = attributed_override.empty() ? AttributedSpeaker(c, b.text, span.begin, span.end) : attributed_override;
  if (speaker.empty() && ev && !ev->speaker.empty()) {
    for (const Speaker& s : c.t.speakers) if (s.name == ev->speaker || s.label == ev->speaker) speaker = s.label;
  }
  qc.speaker = speaker.empty() ? "" : c.t.DisplayName(speaker);
  auto finding = [&](const char* kind, Severity sev, const std::string& msg, std::vector<int> turns) {
    Finding& f = c.Add(kind, sev, msg, qc.offset, part, section);
    f.length = span.end - span.begin;
    f.turn_ids = std::move(turns);
    f.subject = span.text;
    f.repairable = part == ArticlePart::Body;
  };
  const std::string short_text = utf8::CountCodePoints(span.text) > 40 ? span.text.substr(0, span.text.size() > 60 ? 60 : span.text.size()) + "…" : span.text;
  for (int id : qc.turn_ids) {
    if (!c.idx.Find(id)) {
      qc.status = "failed";
      qc.note = "cites T" + std::to_string(id) + ", which does not exist";
      finding("quote.no_turn", Severity::Error, "The quote “" + short_text + "” cites T" + std::to_string(id) + ", which is not in the transcript.", qc.turn_ids);
      c.out.quotes.push_back(qc);
      return;
    }
  }
  const bool same_language = MostlyCjk(span.text) == c.idx.cjk;
  int source_turn = 0;
  // The words the quote stands for (its own, or the recorded original of a translated quote) looked up in
  // the transcript: verified in the turn it cites, said in another turn, or not said at all.
  auto judge_words = [&](const std::string& words, bool translated) {
    qc.original = words;
    WordsFound w = FindWords(c, words, qc.turn_ids, translated);
    const std::string turn = "T" + std::to_string(w.turn);
    if (w.in_cited || (w.turn && qc.turn_ids.empty())) {
      qc.ok = true;
      qc.status = "verified";
      source_turn = w.turn;
      if (qc.turn_ids.empty()) qc.turn_ids = {w.turn};
      qc.note = (translated ? "translated from " : w.close ? "close to " : "found in ") + turn;
    } else if (w.turn) {
      qc.status = "failed";
      source_turn = w.turn;
      qc.note = (translated ? "original words found in " : "found in ") + turn + ", not in " + TurnList(qc.turn_ids);
      finding("quote.wrong_turn", Severity::Warning,
              "The quote “" + short_text + (translated ? "” translates " : "” is from ") + turn + ", not " + TurnList(qc.turn_ids) + ".", {w.turn});
    } else {
      qc.status = "failed";
      qc.note = translated ? "its original words are not in the transcript" : "these words are not in the transcript";
      finding("quote.invented", Severity::Error,
              (translated ? "The original words of the quote “" + short_text + "” are not in the transcript"
                          : "The quote “" + short_text + "” is not in the transcript") +
                  (qc.turn_ids.empty() ? "." : " (it cites " + TurnList(qc.turn_ids) + ")."),
              qc.turn_ids);
    }
  };
  if (same_language) {
    judge_words(span.text, false);
  } else if (!ev || text::Trim(ev->original).empty()) {
    qc.status = "unverified";
    qc.note = ev ? "translated quote recorded without its original words" : "translated quote with no recorded original words";
    finding("quote.unverified", Severity::Warning, "The translated quote “" + short_text + "” cannot be verified: its original words are unknown" +
                                                       (qc.turn_ids.empty() ? "." : " (it cites " + TurnList(qc.turn_ids) + ")."), qc.turn_ids);
    source_turn = qc.turn_id;
  } else {
    judge_words(ev->original, true);
  }
  // A translation keeps roughly the length of what it translates; a quote much longer than its original
  // words says things the speaker did not.
  if (!same_language && qc.status == "verified") {
    const double said = WordLength(qc.original), shown = WordLength(span.text);
    if (said >= 4 && (shown > said * 1.8 + 2 || shown < said * 0.45)) {
      qc.ok = false;
      qc.status = "failed";
      qc.note = shown > said ? "much longer than the words it translates" : "much shorter than the words it translates";
      finding("quote.mismatch", Severity::Error, "The quote “" + short_text + "” is " + qc.note + " in " + TurnList(qc.turn_ids) + ".", qc.turn_ids);
    }
  }
  // Numbers in a quote match the words it renders (and the turn it cites).
  if (!same_language && (qc.status != "failed")) {
    std::vector<Quantity> pool = ReadQuantities(qc.original);
    for (int id : qc.turn_ids) {
      auto it = c.idx.by_id.find(id);
      if (it != c.idx.by_id.end()) pool.insert(pool.end(), c.idx.quantities[it->second].begin(), c.idx.quantities[it->second].end());
    }
    if (!pool.empty() || !qc.turn_ids.empty() || !qc.original.empty()) {
      for (const Quantity& q : ReadQuantities(span.text)) {
        if (q.Trivial() || QuantityIn(q, pool)) continue;
        const std::string said = span.text.substr(q.begin, q.end - q.begin);
        qc.ok = false;
        qc.status = "failed";
        qc.note = "the number " + said + " is not in " + (qc.turn_ids.empty() ? std::string("its original words") : TurnList(qc.turn_ids));
        finding("quote.number", Severity::Error, "The quote “" + short_text + "” says " + said + ", which " +
                                                     (qc.turn_ids.empty() ? std::string("its original words do not say") : TurnList(qc.turn_ids) + " does not say") + ".",
                qc.turn_ids);
        break;
      }
    }
  }
  // The speaker the article names said it.
  if (!speaker.empty() && source_turn) {
    const Turn* turn = c.idx.Find(source_turn);
    if (turn && !turn->speaker.empty() && turn->speaker != speaker) {
      qc.ok = false;
      qc.status = "failed";
      qc.note = "said by " + c.t.DisplayName(turn->speaker) + ", not " + c.t.DisplayName(speaker);
      finding("quote.wrong_speaker", Severity::Error, "The quote “" + short_text + "” is attributed to " + c.t.DisplayName(speaker) + ", but T" +
                                                          std::to_string(source_turn) + " is " + c.t.DisplayName(turn->speaker) + "'s.", {source_turn});
    }
  }
  c.out.quotes.push_back(qc);
}

bool LooksLikeQuotation(const QuotedSpan& s, const ArticleEvidence& ev) {
  if (!s.turns.empty()) return true;
  if (s.text.find('\n') != std::string::npos) return false;
  const std::string form = MatchForm(s.text);
  if (FindEvidenceQuote(ev, form)) return true;
  // Short quoted words ("AI", “不可能”) are terms, not speech.
  return MostlyCjk(s.text) ? utf8::CountCodePoints(s.text) >= 12 : Tokens(form).size() >= 6;
}

// ---------------------------------------------------------------------------------------------- numbers, names

// True when a unit of time, money or measure follows a number ("two years", "三天", "2 倍").
bool FollowedByUnit(std::string_view s, size_t i) {
  while (i < s.size() && s[i] == ' ') ++i;
  static const char* const kUnits[] = {"天", "年", "月", "周", "星期", "小时", "分钟", "秒", "倍", "岁", "代", "次", "轮", "万", "亿", "千", "百",
                                       "day", "week", "month", "year", "hour", "minute", "second", "decade", "time", "percent",
                                       "dollar", "million", "billion", "thousand", "round", "quarter"};
  for (const char* u : kUnits) {
    const size_t n = std::strlen(u);
    if (s.size() - i < n) continue;
    bool match = true;
    for (size_t k = 0; k < n && match; ++k) match = std::tolower((unsigned char)s[i + k]) == (unsigned char)u[k];
    if (match) return true;
  }
  return false;
}

// Checks the quantities of a block against a pool of turns (all turns when `scope` is empty).
void CheckNumbers(Ctx& c, const ArticleBlock& b, const std::vector<int>& scope, const std::vector<std::pair<size_t, size_t>>& skip,
                  ArticlePart part, int section) {
  for (const Quantity& q : ReadQuantities(b.prose)) {
    if (q.Trivial()) continue;
    bool skipped = false;
    for (const auto& [s, e] : skip) skipped |= q.begin >= s && q.end <= e;
    if (skipped) continue;
    const std::string said = b.prose.substr(q.begin, q.end - q.begin);
    FactCheck fc;
    fc.value = said;
    fc.offset = Locate(c.md, b, said);
    fc.line = c.view.LineOf(fc.offset);
    for (int id : scope) {
      auto it = c.idx.by_id.find(id);
      if (it != c.idx.by_id.end() && QuantityIn(q, c.idx.quantities[it->second])) { fc.ok = true; fc.turn_ids.push_back(id); break; }
    }
    int elsewhere = 0;
    if (!fc.ok) {
      for (size_t k = 0; k < c.t.turns.size() && !elsewhere; ++k)
        if (QuantityIn(q, c.idx.quantities[k])) elsewhere = c.t.turns[k].id;
      if (elsewhere && scope.empty()) { fc.ok = true; fc.turn_ids.push_back(elsewhere); }
    }
    if (!fc.ok) {
      // "two risks", "三个原因", "a few companies": a small count of things the article itself enumerates, not
      // an amount the speaker gave. Noted, not counted as a problem; amounts with a unit (days, years, 倍, %) still are.
      const bool small_count = q.kind == QuantityKind::Plain && ((!q.vague && q.lo == q.hi && (q.lo == 2 || q.lo == 3)) || (q.vague && q.hi <= 9)) &&
                               !FollowedByUnit(b.prose, q.end);
      Finding* f;
      if (small_count) {
        fc.ok = true;
        fc.note = "a count the article makes";
        f = &c.Add("number.count", Severity::Info, "The count " + said + " is the article's own; the transcript does not give it.", fc.offset, part, section);
      } else if (elsewhere) {
        fc.note = "said in T" + std::to_string(elsewhere) + ", not in the turns this part was written from";
        f = &c.Add("number.elsewhere", Severity::Warning, "The number " + said + " is not in the turns this part was written from (it is in T" +
                                                             std::to_string(elsewhere) + ").", fc.offset, part, section);
        f->turn_ids = {elsewhere};
      } else {
        fc.note = "not in the transcript";
        f = &c.Add("number.unsupported", Severity::Error, "The number " + said + " (" + Describe(q) + ") is not in the transcript" +
                                                              (scope.empty() ? "." : " turns this part was written from."), fc.offset, part, section);
        f->turn_ids = scope.size() <= 12 ? scope : std::vector<int>(scope.begin(), scope.begin() + 12);
      }
      f->length = said.size();
      f->subject = said;
      f->repairable = part == ArticlePart::Body;
    }
    c.out.numbers.push_back(fc);
  }
}

// Transliterated names in Chinese ("马斯克", "丹尼尔·奥卡福"): runs of characters used for foreign sounds.
bool IsTransliterationChar(char32_t ch) {
  static const char32_t kChars[] = U"翰逊斐茜琪露黛芙薇娅丽阿埃艾爱安奥巴拜班邦贝本比彼宾波伯布查达戴丹道德迪蒂丁杜顿多厄恩尔法菲费芬弗福盖戈格哥贡古哈海汉豪赫亨胡怀霍基吉加贾杰金卡凯坎康柯科克肯库拉莱赖兰朗劳勒雷蕾里利莉林琳卢鲁路伦罗洛马玛迈麦曼梅门蒙米密敏莫姆穆纳娜奈内尼妮努诺欧帕佩彭皮普齐奇乔切琼萨塞桑瑟森沙莎珊尚舍什史斯苏索塔泰坦汤唐特提汀托瓦威韦维温沃乌西希锡席夏辛休雅亚扬伊因尤约泽扎詹兹佐";
  static const std::unordered_set<char32_t> set(std::begin(kChars), std::end(kChars) - 1);
  return set.count(ch) > 0;
}
bool IsStrongTransliterationChar(char32_t ch) {
  static const char32_t kChars[] = U"斯克尔夫娜丝莉蒂奥福乔丹杰詹姆森顿默伊蕾琳妮莎塞瑟赫弗茨兹普";
  for (const char32_t* p = kChars; *p; ++p) if (*p == ch) return true;
  return false;
}

struct NameSpan { std::string text; size_t begin, end; };

std::vector<NameSpan> ChineseNames(std::string_view s) {
  std::vector<NameSpan> out;
  std::vector<std::pair<char32_t, size_t>> cps;   // code point, byte offset
  for (size_t i = 0; i < s.size();) { const size_t b = i; cps.push_back({utf8::Decode(s, i), b}); }
  cps.push_back({0, s.size()});
  size_t k = 0;
  while (k + 1 < cps.size()) {
    if (!IsTransliterationChar(cps[k].first)) { ++k; continue; }
    size_t e = k;
    int strong = 0;
    while (e + 1 < cps.size() && (IsTransliterationChar(cps[e].first) || ((cps[e].first == 0xB7 || cps[e].first == 0x30FB) && IsTransliterationChar(cps[e + 1].first)))) {
      strong += IsStrongTransliterationChar(cps[e].first);
      ++e;
    }
    const size_t len = e - k;
    bool dotted = false;
    for (size_t j = k; j < e; ++j) dotted |= cps[j].first == 0xB7 || cps[j].first == 0x30FB;
    if ((len >= 3 && strong >= 2) || (dotted && len >= 4)) {
      // Not part of a longer ordinary word on either side.
      const bool left_ok = k == 0 || !utf8::IsCjkIdeograph(cps[k - 1].first) || dotted;
      if (left_ok || strong >= 2) out.push_back({std::string(s.substr(cps[k].second, cps[e].second - cps[k].second)), cps[k].second, cps[e].second});
    }
    k = e + 1;
  }
  // Any two CJK runs joined by a middle dot are a foreign name ("约翰·史密斯").
  for (size_t d = 1; d + 1 < cps.size(); ++d) {
    if (cps[d].first != 0xB7 && cps[d].first != 0x30FB && cps[d].first != 0x2022) continue;
    if (!utf8::IsCjkIdeograph(cps[d - 1].first) || !utf8::IsCjkIdeograph(cps[d + 1].first)) continue;
    bool inside = false;
    for (const NameSpan& o : out) inside |= o.begin <= cps[d].second && cps[d].second < o.end;
    if (inside) continue;
    size_t b = d, e = d + 1;
    while (b > 0 && d - b < 4 && utf8::IsCjkIdeograph(cps[b - 1].first)) --b;
    while (e + 1 < cps.size() && e - d <= 4 && utf8::IsCjkIdeograph(cps[e].first)) ++e;
    NameSpan n{std::string(s.substr(cps[b].second, cps[e].second - cps[b].second)), cps[b].second, cps[e].second};
    bool dup = false;
    for (const NameSpan& o : out) dup |= o.begin <= n.begin && n.end <= o.end;
    if (!dup) out.push_back(n);
  }
  return out;
}

bool ChineseNameKnown(const Ctx& c, const std::string& name) {
  if (c.idx.cjk_text.find(name) != std::string::npos) return true;
  for (const std::string& r : c.idx.glossary_renderings) {
    if (r.empty()) continue;
    if (r.find(name) != std::string::npos || name.find(r) != std::string::npos) return true;
    for (const std::string& part : NameParts(r)) if (name.find(part) != std::string::npos && part.size() >= 6) return true;
  }
  for (const NameVariant& v : c.idx.speaker_variants) if (v.text == name || (v.text.size() >= 6 && name.find(v.text) != std::string::npos)) return true;
  return false;
}

bool IsCommonCapitalised(std::string_view w) {
  static const std::unordered_set<std::string_view> kCommon = {
      "I", "OK", "Mr", "Mrs", "Ms", "Dr", "St", "Q", "A", "TV", "CEO", "CTO", "CFO", "PhD", "FAQ", "AM", "PM", "VS"};
  return kCommon.count(w) > 0;
}

void CheckNames(Ctx& c, const ArticleBlock& b, ArticlePart part, int section, bool heading) {
  const std::string s = StripTurnMarkers(b.prose);
  const bool cjk_article = IsCjkLanguage(c.spec.output_language);
  std::set<std::string> seen;
  auto report = [&](const std::string& name, size_t at) {
    if (!seen.insert(name).second) return;
    FactCheck fc;
    fc.value = name;
    fc.offset = Locate(c.md, b, std::string_view(s).substr(at));
    fc.line = c.view.LineOf(fc.offset);
    fc.ok = false;
    fc.note = "not in the transcript or the glossary";
    Finding& f = c.Add("name.unknown", Severity::Warning, "The name " + name + " is not in the transcript or the glossary.", fc.offset, part, section);
    f.subject = name;
    f.length = name.size();
    c.out.names.push_back(fc);
  };
  auto known = [&](const std::string& name) {
    FactCheck fc;
    fc.value = name;
    fc.ok = true;
    fc.offset = Locate(c.md, b, name);
    fc.line = c.view.LineOf(fc.offset);
    if (seen.insert(name).second) c.out.names.push_back(fc);
  };
  // Latin names: capitalised words not at a sentence start (any capitalised word in a CJK article).
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char ch = (unsigned char)s[i];
    if (!(ch >= 'A' && ch <= 'Z') || (i > 0 && (std::isalnum((unsigned char)s[i - 1]) || s[i - 1] == '-' || s[i - 1] == '\''))) { ++i; continue; }
    size_t e = i;
    while (e < s.size() && (std::isalnum((unsigned char)s[e]) || ((s[e] == '-' || s[e] == '.' || s[e] == '&') && e + 1 < s.size() && std::isalnum((unsigned char)s[e + 1])))) ++e;
    std::string word = s.substr(i, e - i);
    const size_t at = i;
    i = e;
    bool sentence_start = true;
    for (size_t k = at; k > 0; --k) {
      const char p = s[k - 1];
      if (p == ' ' || p == '*' || p == '_' || p == '"' || p == '(' || p == '\'') continue;
      if ((unsigned char)p == 0x9C && k >= 3 && s.compare(k - 3, 3, "\xE2\x80\x9C") == 0) { sentence_start = true; break; }
      sentence_start = p == '.' || p == '!' || p == '?' || p == '\n' || p == '#' || p == '>' || p == '-' || p == ':' || p == ';';
      break;
    }
    bool camel = false;
    for (size_t k = 1; k < word.size(); ++k) camel |= std::isupper((unsigned char)word[k]) || std::isdigit((unsigned char)word[k]);
    if (word.size() < 2 || IsCommonCapitalised(word)) continue;
    if (!cjk_article && (sentence_start || heading) && !camel) continue;
    if (!cjk_article && IsEnglishStopWord(text::ToLowerAscii(word))) continue;
    std::string low = text::ToLowerAscii(word);
    bool ok = c.idx.latin_words.count(low) > 0;
    if (!ok && low.size() > 1 && low.back() == 's') ok = c.idx.latin_words.count(low.substr(0, low.size() - 1)) > 0;   // plurals
    if (!ok) {
      // Hyphenated or dotted parts each known ("GPT-4", "U.S").
      std::unordered_set<std::string> parts;
      AddLatinWords(word, &parts);
      ok = !parts.empty() && std::all_of(parts.begin(), parts.end(), [&](const std::string& p) { return c.idx.latin_words.count(p) > 0; });
    }
    if (ok) known(word);
    else report(word, at);
  }
  if (!cjk_article) return;
  for (const NameSpan& n : ChineseNames(s)) {
    if (ChineseNameKnown(c, n.text)) known(n.text);
    else report(n.text, n.begin);
  }
}

// ---------------------------------------------------------------------------------------------- dialogue

struct DialogueLine { std::string speaker; std::string text; size_t offset = 0; };

std::vector<DialogueLine> ReadDialogue(const Ctx& c, const ArticleSection& s) {
  std::vector<DialogueLine> out;
  auto split = [&](std::string_view line, size_t offset) {
    line = text::Trim(line);
    if (line.empty()) return;
    DialogueLine d;
    d.offset = offset;
    // "Speaker：text", "Speaker [12:34]: text", "Speaker (12:34)：text".
    size_t sep = std::string_view::npos, sep_len = 0;
    for (const char* p : {"：", ": "}) {
      const size_t at = line.find(p);
      if (at != std::string_view::npos && at < 80 && at < sep) { sep = at; sep_len = std::strlen(p); }
    }
    if (!c.L.separator.empty()) {
      const size_t at = line.find(c.L.separator);
      if (at != std::string_view::npos && at < 80 && at < sep) { sep = at; sep_len = c.L.separator.size(); }
    }
    if (sep != std::string_view::npos) {
      std::string who = std::string(text::Trim(line.substr(0, sep)));
      const size_t ts = who.find_first_of("[(");
      if (ts != std::string::npos && ts > 0) who = std::string(text::Trim(who.substr(0, ts)));
      d.speaker = who;
      d.text = std::string(text::Trim(line.substr(sep + sep_len)));
    } else {
      d.text = std::string(line);
    }
    out.push_back(std::move(d));
  };
  for (const ArticleBlock& b : s.blocks) {
    if (b.type == MdBlockType::CodeBlock) {
      for (std::string_view line : text::SplitLines(b.text)) split(line, Locate(c.md, b, line));
    } else if (b.type == MdBlockType::Paragraph) {
      split(b.text, b.begin);
    }
  }
  return out;
}

std::string SpeakerOfLine(const Ctx& c, const std::string& who) {
  if (who.empty()) return "";
  for (const NameVariant& v : c.idx.speaker_variants) if (v.text == who) return v.speaker;
  for (const NameVariant& v : c.idx.speaker_variants) if (who.find(v.text) != std::string::npos) return v.speaker;
  return "";
}

void CheckDialogue(Ctx& c) {
  if (c.spec.dialogue == DialogueMode::Off) return;
  const ArticleSection* sec = nullptr;
  for (const ArticleSection& s : c.view.sections) if (s.part == ArticlePart::Dialogue) sec = &s;
  if (!sec) return;
  std::vector<DialogueLine> lines = ReadDialogue(c, *sec);
  if (lines.empty()) return;   // reported as dialogue.empty
  std::vector<int> expected = c.ev.dialogue_turn_ids;
  if (expected.empty()) {
    std::set<int> excluded(c.ev.excluded_turn_ids.begin(), c.ev.excluded_turn_ids.end());
    for (const Turn& t : c.t.turns) if (!excluded.count(t.id)) expected.push_back(t.id);
  }
  if (expected.empty()) return;
  auto add = [&](const char* kind, Severity sev, const std::string& msg, size_t off, std::vector<int> turns) {
    Finding& f = c.Add(kind, sev, msg, off, ArticlePart::Dialogue, -1);
    f.turn_ids = std::move(turns);
  };
  // Align lines with turns in order: a line pairs with the next turn of its speaker within a short window.
  std::vector<int> missing;
  std::vector<std::pair<const DialogueLine*, const Turn*>> pairs;
  size_t k = 0;
  int extra = 0;
  for (const DialogueLine& d : lines) {
    const std::string who = SpeakerOfLine(c, d.speaker);
    size_t match = std::string::npos;
    for (size_t j = k; j < expected.size() && j < k + 6; ++j) {
      const Turn* t = c.idx.Find(expected[j]);
      if (!t) continue;
      if (who.empty() || t->speaker.empty() || t->speaker == who) { match = j; break; }
    }
    if (match == std::string::npos) { ++extra; continue; }
    for (size_t j = k; j < match; ++j) missing.push_back(expected[j]);
    pairs.push_back({&d, c.idx.Find(expected[match])});
    k = match + 1;
  }
  for (size_t j = k; j < expected.size(); ++j) missing.push_back(expected[j]);
  if (!missing.empty())
    add("dialogue.missing_turns", Severity::Error,
        "The dialogue leaves out " + std::to_string(missing.size()) + " of " + std::to_string(expected.size()) + " turns (" + TurnList(missing) + ").",
        sec->heading_begin, missing);
  if (extra > 0 && missing.empty())
    add("dialogue.extra_turns", Severity::Warning, std::to_string(extra) + " dialogue line(s) match no turn of the transcript.", sec->heading_begin, {});
  // Per-turn length: a translation or a cleaned turn keeps most of its words; a summary does not.
  std::vector<int> short_turns;
  int substantive = 0;
  double said = 0, written = 0;
  for (const auto& [d, t] : pairs) {
    const double src = WordLength(t->text), out = WordLength(d->text);
    said += src;
    written += out;
    if (src < 12) continue;
    ++substantive;
    if (out < src * 0.4) short_turns.push_back(t->id);
  }
  if ((substantive > 0 && short_turns.size() * 5 > (size_t)substantive) || (said > 60 && written < said * 0.4))
    add("dialogue.summarised", Severity::Error,
        "The dialogue is summarised, not " + std::string(c.spec.dialogue == DialogueMode::Translated ? "translated" : "cleaned") + ": " +
            std::to_string(short_turns.size()) + " turn(s) keep less than 40% of their length (" + TurnList(short_turns) + ").",
        sec->heading_begin, short_turns);
  // Numbers in each dialogue turn match the turn it renders.
  for (const auto& [d, t] : pairs) {
    auto it = c.idx.by_id.find(t->id);
    if (it == c.idx.by_id.end()) continue;
    for (const Quantity& q : ReadQuantities(d->text)) {
      if (q.Trivial() || QuantityIn(q, c.idx.quantities[it->second])) continue;
      const std::string said = d->text.substr(q.begin, q.end - q.begin);
      add("dialogue.number", Severity::Error, "The dialogue turn for T" + std::to_string(t->id) + " says " + said + ", which T" + std::to_string(t->id) + " does not say.",
          d->offset, {t->id});
      c.out.findings.back().subject = said;
      break;
    }
  }
  // Language inside the dialogue, code fence or not.
  if (c.spec.dialogue == DialogueMode::Translated && IsCjkLanguage(c.spec.output_language)) {
    std::vector<int> english;
    size_t first = sec->heading_begin;
    for (const auto& [d, t] : pairs) {
      LatinRun r = LongestEnglishRun(d->text);
      if (r.words >= 5) { if (english.empty()) first = d->offset; english.push_back(t->id); }
    }
    if (!english.empty())
      add("dialogue.language", Severity::Error, std::to_string(english.size()) + " dialogue turn(s) are left in English (" + TurnList(english) + ").", first, english);
  }
}

// ---------------------------------------------------------------------------------------------- coverage

void CheckCoverage(Ctx& c, const std::set<int>& cited_in_article) {
  std::set<int> used;
  bool known = false;
  if (c.legacy) {
    for (const auto& [a, b] : c.legacy_ranges) for (int id = std::max(1, a); id <= b && id <= (int)c.t.turns.size() + 1; ++id) used.insert(id);
    known = true;
  }
  for (const SectionEvidence& s : c.ev.sections) {
    const std::vector<int>& ids = s.cited_turn_ids.empty() ? s.source_turn_ids : s.cited_turn_ids;
    used.insert(ids.begin(), ids.end());
    for (const QuoteEvidence& q : s.quotes) if (q.turn_id) used.insert(q.turn_id);
    known = true;
  }
  for (int id : c.ev.highlight_turn_ids) if (id) used.insert(id);
  used.insert(c.ev.introduction_turn_ids.begin(), c.ev.introduction_turn_ids.end());
  used.insert(c.ev.conclusion_turn_ids.begin(), c.ev.conclusion_turn_ids.end());
  for (const QuoteEvidence& q : c.ev.front_quotes) if (q.turn_id) used.insert(q.turn_id);
  if (!known && cited_in_article.empty()) return;   // nothing says what the article drew on
  used.insert(cited_in_article.begin(), cited_in_article.end());
  std::set<int> excluded(c.ev.excluded_turn_ids.begin(), c.ev.excluded_turn_ids.end());
  double total = 0, uncovered = 0;
  int last_sub = -10;
  for (const Turn& t : c.t.turns) {
    if (used.count(t.id) || excluded.count(t.id)) continue;
    if (!c.out.uncovered.empty() && c.out.uncovered.back().second == t.id - 1) c.out.uncovered.back().second = t.id;
    else c.out.uncovered.push_back({t.id, t.id});
  }
  for (size_t k = 0; k < c.t.turns.size(); ++k) {
    const Turn& t = c.t.turns[k];
    if (excluded.count(t.id)) continue;
    const double len = WordLength(t.text);
    const bool substantive = len >= 20;
    if (substantive) total += len;
    if (!substantive || used.count(t.id)) continue;
    uncovered += len;
    // Spans of substantive turns, short turns between them included.
    if (!c.out.uncovered_substantive.empty() && last_sub >= 0 && (int)k - last_sub <= 2) c.out.uncovered_substantive.back().second = t.id;
    else c.out.uncovered_substantive.push_back({t.id, t.id});
    last_sub = (int)k;
  }
  for (const auto& [a, b] : c.out.uncovered_substantive) {
    Finding& f = c.Add("coverage.uncovered", Severity::Info, a == b ? "No section uses T" + std::to_string(a) + "." :
                                                                     "No section uses T" + std::to_string(a) + "–T" + std::to_string(b) + ".", 0, ArticlePart::Article, -1);
    for (int id = a; id <= b && f.turn_ids.size() < 50; ++id) f.turn_ids.push_back(id);
  }
  if (total > 0 && uncovered > total * 0.5)
    c.Add("coverage.gap", Severity::Warning, "The sections use less than half of what was said: " + std::to_string((int)std::lround(100 * uncovered / total)) +
                                                 "% of the substantive talk is in no section.", 0, ArticlePart::Article, -1);
}

// ---------------------------------------------------------------------------------------------- run

ArticleChecks Run(Ctx& c) {
  c.view = ReadArticle(c.md, c.L);
  c.idx = BuildIndex(c.t, c.ev.glossary);
  c.out.body_sections = c.view.BodyCount();
  StructureFindings(c);

  // Turns each part may draw numbers from: a body section's recorded turns; highlights their turn; the
  // rest the whole transcript.
  auto section_scope = [&](int body_index, const std::vector<int>& quote_turns) {
    std::vector<int> scope;
    if (body_index < 0 || body_index >= (int)c.ev.sections.size()) return scope;
    const SectionEvidence& s = c.ev.sections[body_index];
    if (s.source_turn_ids.empty() && s.cited_turn_ids.empty()) return scope;
    scope = s.source_turn_ids;
    scope.insert(scope.end(), s.cited_turn_ids.begin(), s.cited_turn_ids.end());
    for (const QuoteEvidence& q : s.quotes) if (q.turn_id) scope.push_back(q.turn_id);
    scope.insert(scope.end(), quote_turns.begin(), quote_turns.end());
    return scope;
  };
  std::set<int> cited;
  auto check_block = [&](const ArticleBlock& b, ArticlePart part, int section, int highlight_index) {
    if (b.type == MdBlockType::CodeBlock || b.type == MdBlockType::HtmlBlock || b.type == MdBlockType::ThematicBreak) return;
    CollectMarkers(b.text, &cited);
    std::vector<std::pair<size_t, size_t>> quote_spans;
    std::vector<int> quote_turns;
    for (const QuotedSpan& q : FindQuotedSpans(b.prose)) {
      if (!LooksLikeQuotation(q, c.ev)) continue;
      CheckQuote(c, b, q, part, section);
      quote_spans.push_back({q.begin, q.end});
      quote_turns.insert(quote_turns.end(), c.out.quotes.back().turn_ids.begin(), c.out.quotes.back().turn_ids.end());
    }
    std::vector<int> scope = section_scope(part == ArticlePart::Body ? section : -1, quote_turns);
    if (part == ArticlePart::Highlights && highlight_index >= 0 && highlight_index < (int)c.ev.highlight_turn_ids.size()) {
      const int id = c.ev.highlight_turn_ids[highlight_index];
      if (id > 0 && !c.idx.Find(id)) {
        Finding& f = c.Add("highlight.untraceable", Severity::Warning, "Highlight " + std::to_string(highlight_index + 1) + " cites T" + std::to_string(id) +
                                                                           ", which is not in the transcript.", b.begin, part, -1);
        f.turn_ids = {id};
      }
      if (id > 0 && c.idx.Find(id)) {
        // A highlight's turn and its neighbours (a fact often spans a question and its answer).
        auto it = c.idx.by_id.find(id);
        for (size_t k = it->second > 2 ? it->second - 2 : 0; k < c.t.turns.size() && k <= it->second + 2; ++k) scope.push_back(c.t.turns[k].id);
      }
    }
    CheckNumbers(c, b, scope, quote_spans, part, section);
    CheckNames(c, b, part, section, b.type == MdBlockType::Heading);
  };
  if (c.view.has_title) {
    ArticleBlock title;
    title.type = MdBlockType::Heading;
    title.text = title.prose = c.view.title;
    title.begin = c.view.title_begin;
    title.end = c.view.title_begin + 1;
    for (size_t e = title.begin; e < c.md.size() && c.md[e] != '\n'; ++e) title.end = e + 1;
    check_block(title, ArticlePart::Title, -1, -1);
  }
  for (const ArticleBlock& b : c.view.lead) check_block(b, ArticlePart::Lead, -1, -1);
  for (const ArticleBlock& b : c.view.preamble) check_block(b, ArticlePart::Article, -1, -1);
  for (const ArticleSection& s : c.view.sections) {
    if (s.part == ArticlePart::Dialogue || s.part == ArticlePart::Links) continue;
    int highlight = -1;
    if (s.part == ArticlePart::Quotes) {
      // A quotes section: each block quote is a quotation, the "— Name" line after it its speaker.
      for (size_t k = 0; k < s.blocks.size(); ++k) {
        const ArticleBlock& b = s.blocks[k];
        if (b.type != MdBlockType::Paragraph || text::StartsWith(text::Trim(b.text), "—")) continue;
        std::string who;
        if (k + 1 < s.blocks.size() && text::StartsWith(text::Trim(s.blocks[k + 1].text), "—")) {
          std::string line = std::string(text::Trim(s.blocks[k + 1].text).substr(3));
          const size_t comma = line.find(',');
          who = std::string(text::Trim(comma == std::string::npos ? line : line.substr(0, comma)));
          who = SpeakerOfLine(c, who);
        }
        QuotedSpan q;
        std::string body = std::string(text::Trim(b.prose));
        const size_t m = body.find_last_of("[【（(");
        std::vector<int> ids;
        if (m != std::string::npos && ReadMarker(body, m, &ids) == body.size()) { q.turns = ids; body.resize(m); }
        if (q.turns.empty()) {
          const QuoteEvidence* ev = FindEvidenceQuote(c.ev, MatchForm(body));
          if (ev && ev->turn_id) q.turns = {ev->turn_id};
        }
        q.text = body;
        q.begin = 0;
        q.end = b.prose.size();
        CheckQuote(c, b, q, ArticlePart::Quotes, -1, who);
        CollectMarkers(b.text, &cited);
      }
      continue;
    }
    for (const ArticleBlock& b : s.blocks) {
      if (s.part == ArticlePart::Highlights && b.list_item && b.list_depth == 1) ++highlight;
      check_block(b, s.part, s.body_index, highlight);
    }
  }
  CheckDialogue(c);
  CheckCoverage(c, cited);
  std::stable_sort(c.out.findings.begin(), c.out.findings.end(), [](const Finding& a, const Finding& b) { return a.offset < b.offset; });
  for (const Finding& f : c.out.findings) {
    // The structure list keeps to conformance with the spec; judgments of the writing (repetition, title
    // vs body, short sections) are findings only.
    const bool structural = f.kind.rfind("structure.", 0) == 0 || f.kind == "section.empty" || f.kind == "language.wrong" ||
                            f.kind == "language.script" || f.kind == "dialogue.empty";
    if (!structural) continue;
    std::string kind = f.kind.substr(f.kind.find('.') + 1);
    if (f.kind == "language.script" || f.kind == "language.wrong" || f.kind == "language.stray_english") kind = "language";
    if (f.kind == "dialogue.empty" || f.kind == "section.empty") kind = "empty";
    c.out.structure.push_back({kind, f.message, f.line, f.section});
  }
  return std::move(c.out);
}

}  // namespace

// ---------------------------------------------------------------------------------------------- entry points

std::string StripTurnMarkers(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    std::vector<int> ids;
    bool opener = false;
    for (const MarkerPair& p : kMarkerPairs) opener |= s.compare(i, std::strlen(p.open), p.open) == 0;
    if (opener) {
      const size_t e = ReadMarker(s, i, &ids);
      if (e > i) { i = e; continue; }
    }
    out += s[i++];
  }
  return out;
}

ArticleChecks VerifyArticle(const std::string& markdown, const Transcript& t, const ArticleSpec& spec, const ArticleEvidence& evidence) {
  Ctx c(markdown, t, spec, evidence);
  return Run(c);
}

ArticleChecks VerifyArticle(const std::string& marked, const Transcript& t, const ArticleSpec& spec,
                            const std::vector<std::pair<int, int>>& ranges, const std::vector<std::string>& known_names) {
  ArticleEvidence ev;
  for (const std::string& n : known_names) ev.glossary.push_back({n, n, "", ""});
  Ctx c(marked, t, spec, ev);
  c.legacy = !ranges.empty();
  c.legacy_ranges = ranges;
  return Run(c);
}

std::vector<StructureIssue> CheckStructure(const ArticleSpec& spec, std::string_view markdown) {
  static const Transcript kNone;
  static const ArticleEvidence kNoEvidence;
  const std::string md(markdown);
  Ctx c(md, kNone, spec, kNoEvidence);
  c.view = ReadArticle(md, c.L);
  StructureFindings(c);
  std::vector<StructureIssue> out;
  for (const Finding& f : c.out.findings) {
    std::string kind = f.kind.substr(f.kind.find('.') + 1);
    if (f.kind.rfind("language.", 0) == 0) kind = "language";
    if (f.kind == "dialogue.empty" || f.kind == "section.empty") kind = "empty";
    out.push_back({kind, f.message, f.line, f.section});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- evidence JSON

namespace {
nlohmann::json QuoteJson(const QuoteEvidence& q) {
  return {{"rendered", q.rendered}, {"original", q.original}, {"turn_id", q.turn_id}, {"speaker", q.speaker}, {"section", q.section}};
}
QuoteEvidence QuoteFrom(const nlohmann::json& j) {
  return {js::Str(j, "rendered"), js::Str(j, "original"), js::Int(j, "turn_id"), js::Str(j, "speaker"), js::Int(j, "section", -1)};
}
std::vector<int> Ids(const nlohmann::json& j, const char* key, std::vector<std::string>* warnings) {
  std::vector<int> out;
  const nlohmann::json& a = js::At(j, key);
  if (a.is_null()) return out;
  if (!a.is_array()) { if (warnings) warnings->push_back(std::string(key) + " should be a list of turn ids."); return out; }
  for (const auto& x : a) {
    if (x.is_number_integer()) out.push_back((int)std::clamp<long long>(x.get<long long>(), -1, 2000000000));
    else if (warnings) warnings->push_back(std::string(key) + " holds something that is not a turn id.");
  }
  return out;
}
}  // namespace

nlohmann::json EvidenceToJson(const ArticleEvidence& e) {
  using nlohmann::json;
  json sections = json::array(), front = json::array(), glossary = json::array();
  for (const SectionEvidence& s : e.sections) {
    json q = json::array();
    for (const QuoteEvidence& x : s.quotes) q.push_back(QuoteJson(x));
    sections.push_back({{"heading", s.heading}, {"source_turn_ids", s.source_turn_ids}, {"cited_turn_ids", s.cited_turn_ids}, {"quotes", q}});
  }
  for (const QuoteEvidence& x : e.front_quotes) front.push_back(QuoteJson(x));
  for (const GlossaryEntry& g : e.glossary) glossary.push_back({{"source", g.source}, {"rendering", g.rendering}, {"kind", g.kind}, {"note", g.note}});
  return {{"sections", sections}, {"front_quotes", front}, {"highlight_turn_ids", e.highlight_turn_ids}, {"glossary", glossary},
          {"excluded_turn_ids", e.excluded_turn_ids}, {"dialogue_turn_ids", e.dialogue_turn_ids}, {"extractive", e.extractive},
          {"introduction_turn_ids", e.introduction_turn_ids}, {"conclusion_turn_ids", e.conclusion_turn_ids}};
}

ArticleEvidence EvidenceFromJson(const nlohmann::json& j, std::vector<std::string>* warnings) {
  ArticleEvidence e;
  if (!j.is_object()) {
    if (warnings && !j.is_null()) warnings->push_back("The evidence should be an object.");
    return e;
  }
  for (const auto& s : js::At(j, "sections").is_array() ? js::At(j, "sections") : nlohmann::json::array()) {
    SectionEvidence se;
    se.heading = js::Str(s, "heading");
    se.source_turn_ids = Ids(s, "source_turn_ids", warnings);
    se.cited_turn_ids = Ids(s, "cited_turn_ids", warnings);
    for (const auto& q : js::At(s, "quotes").is_array() ? js::At(s, "quotes") : nlohmann::json::array()) se.quotes.push_back(QuoteFrom(q));
    e.sections.push_back(std::move(se));
  }
  for (const auto& q : js::At(j, "front_quotes").is_array() ? js::At(j, "front_quotes") : nlohmann::json::array()) e.front_quotes.push_back(QuoteFrom(q));
  for (const auto& g : js::At(j, "glossary").is_array() ? js::At(j, "glossary") : nlohmann::json::array())
    e.glossary.push_back({js::Str(g, "source"), js::Str(g, "rendering"), js::Str(g, "kind"), js::Str(g, "note")});
  e.highlight_turn_ids = Ids(j, "highlight_turn_ids", warnings);
  e.excluded_turn_ids = Ids(j, "excluded_turn_ids", warnings);
  e.dialogue_turn_ids = Ids(j, "dialogue_turn_ids", warnings);
  e.introduction_turn_ids = Ids(j, "introduction_turn_ids", warnings);
  e.conclusion_turn_ids = Ids(j, "conclusion_turn_ids", warnings);
  e.extractive = js::Bool(j, "extractive");
  return e;
}

// ---------------------------------------------------------------------------------------------- results

int ArticleChecks::Problems() const {
  int n = 0;
  for (const Finding& f : findings) n += f.severity != Severity::Info;
  return n;
}

std::vector<SectionRepair> ArticleChecks::RepairableSections() const {
  std::vector<SectionRepair> out;
  for (const Finding& f : findings) {
    if (!f.repairable || f.section < 0 || f.severity == Severity::Info) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const SectionRepair& r) { return r.section == f.section; });
    if (it == out.end()) { out.push_back({f.section, {}, {}}); it = out.end() - 1; }
    if (std::find(it->kinds.begin(), it->kinds.end(), f.kind) == it->kinds.end()) it->kinds.push_back(f.kind);
    it->messages.push_back(f.message);
  }
  std::sort(out.begin(), out.end(), [](const SectionRepair& a, const SectionRepair& b) { return a.section < b.section; });
  return out;
}

nlohmann::json ArticleChecks::ToJson() const {
  using nlohmann::json;
  json f = json::array(), q = json::array(), n = json::array(), m = json::array(), s = json::array(), u = json::array(), us = json::array(),
       r = json::array();
  for (const Finding& x : findings)
    f.push_back({{"kind", x.kind}, {"severity", ToString(x.severity)}, {"message", x.message}, {"offset", x.offset}, {"length", x.length},
                 {"line", x.line}, {"part", ToString(x.part)}, {"section", x.section}, {"turns", x.turn_ids}, {"subject", x.subject},
                 {"repairable", x.repairable}});
  for (const QuoteCheck& x : quotes)
    q.push_back({{"text", x.text}, {"turn", x.turn_id}, {"turns", x.turn_ids}, {"ok", x.ok}, {"status", x.status.empty() ? (x.ok ? "verified" : "failed") : x.status},
                 {"note", x.note}, {"speaker", x.speaker}, {"original", x.original}, {"offset", x.offset}, {"line", x.line}});
  auto facts = [](const std::vector<FactCheck>& v, json& out) {
    for (const FactCheck& x : v)
      out.push_back({{"value", x.value}, {"ok", x.ok}, {"note", x.note}, {"offset", x.offset}, {"line", x.line}, {"turns", x.turn_ids}});
  };
  facts(numbers, n);
  facts(names, m);
  for (const StructureIssue& x : structure) s.push_back({{"kind", x.kind}, {"message", x.message}, {"line", x.line}, {"section", x.section}});
  for (const auto& [a, b] : uncovered) u.push_back({{"from", a}, {"to", b}});
  for (const auto& [a, b] : uncovered_substantive) us.push_back({{"from", a}, {"to", b}});
  for (const SectionRepair& x : RepairableSections()) r.push_back({{"section", x.section}, {"kinds", x.kinds}, {"messages", x.messages}});
  return json{{"problems", Problems()}, {"findings", f},      {"quotes", q},  {"numbers", n},
              {"names", m},             {"structure", s},     {"uncovered", u}, {"uncovered_substantive", us},
              {"repairs", r},           {"body_sections", body_sections}};
}

}  // namespace tp
