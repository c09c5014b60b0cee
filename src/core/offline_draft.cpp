// Index: sentences and their scores · lengths · quoted paragraphs · terms for headings and titles ·
// selection (introduction, conclusion, bodies, lead, highlights, quotes) · dialogue and links · BuildOfflineDraft.
#include "core/offline_draft.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "core/segment.h"
#include "core/text_util.h"
#include "core/utf8.h"

namespace tp {

namespace {

// ---------------------------------------------------------------------------------------------- sentences

struct Sentence {
  size_t turn = 0;               // index in Transcript::turns
  seg::Span span;                // bytes in that turn's text
  std::string text;              // the span, whitespace collapsed
  std::vector<int> terms;
  bool turn_start = false;       // first sentence of its turn
  bool housekeeping = false;     // greeting, thanks, sign-off, plug
  bool sponsor = false;          // part of a sponsor read
  bool question = false;
  bool number = false, name = false, claim = false;
  double words = 0;              // length in words (a CJK character is half a word)
  double length = 0;             // length in the spec's unit
  double quality = 0;            // 0: never chosen; 1: a full, substantive statement
  double central = 0;            // centrality weighted by quality
};

bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }

// Words: runs of letters/digits (a CJK character counts as half a word, Chinese words averaging two
// characters). Characters: code points other than whitespace.
double TextLength(std::string_view s, LengthUnit unit) {
  size_t cps = 0, cjk = 0, words = 0;
  bool in_word = false;
  size_t i = 0;
  while (i < s.size()) {
    const char32_t c = utf8::Decode(s, i);
    if (utf8::IsSpace(c)) { in_word = false; continue; }
    ++cps;
    if (utf8::IsCjkIdeograph(c) || utf8::IsKana(c)) { ++cjk; in_word = false; continue; }
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x52F) ||
                       utf8::IsHangul(c);
    if (alnum && !in_word) ++words;
    in_word = alnum || (in_word && (c == '\'' || c == U'’' || c == '-'));
  }
  return unit == LengthUnit::Characters ? (double)cps : (double)words + cjk / 2.0;
}

bool HasNameWord(std::string_view s, bool cjk_text) {
  // A capitalised word that does not start the sentence (Latin text), or any capitalised Latin word in CJK text.
  bool first = true;
  size_t i = 0;
  while (i < s.size()) {
    if (!std::isalpha((unsigned char)s[i])) { ++i; continue; }
    size_t e = i;
    while (e < s.size() && (std::isalnum((unsigned char)s[e]) || s[e] == '\'')) ++e;
    std::string_view w = s.substr(i, e - i);
    const bool caps = IsAsciiUpper(w[0]) && w.size() >= 2 && w != "I'm" && w != "I've" && w != "I'd" && w != "I'll";
    if (caps && (!first || cjk_text)) return true;
    first = false;
    i = e;
  }
  return false;
}

bool HasDigit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) || s.find("\xEF\xBC\x85") != std::string_view::npos;
}

bool IsQuestion(std::string_view s) {
  return text::EndsWith(s, "?") || text::EndsWith(s, "\xEF\xBC\x9F") || text::EndsWith(s, "?\"") || text::EndsWith(s, "?\xE2\x80\x9D");
}

double Quality(const Sentence& s) {
  if (s.housekeeping || s.sponsor || s.terms.empty()) return 0;
  double q = s.words < 5 ? 0.1 : s.words < 8 ? 0.5 : s.words > 70 ? 0.5 : 1.0;
  if (s.question) q *= 0.5;
  return q;
}

// ---------------------------------------------------------------------------------------------- the draft

class Drafter {
 public:
  Drafter(const Transcript& t, const ArticleSpec& spec) : t_(t), spec_(spec), labels_(ResolvedLabels(spec)) {}
  OfflineDraft Build();

 private:
  struct Rendered {
    std::string body;
    std::vector<QuoteEvidence> quotes;
    std::vector<int> cited;
  };

  void ReadSentences();
  std::string Speaker(size_t s) const;
  Rendered RenderQuoted(std::vector<size_t> picked, int section) const;
  std::vector<size_t> Fill(const std::vector<size_t>& candidates, double budget) const;
  std::string DisplayTerm(int id, const std::vector<size_t>& context) const;
  std::vector<std::string> TopTerms(const std::vector<double>& score, size_t k, const std::vector<size_t>& context) const;
  std::string JoinTerms(const std::vector<std::string>& terms) const;
  std::string Capitalized(std::string s) const;
  QuoteEvidence Evidence(size_t s, int section) const;

  const Transcript& t_;
  const ArticleSpec& spec_;
  const SectionLabels labels_;
  std::string language_;           // the transcript's: "en", "zh", ...
  bool spaced_ = true;             // words separated by spaces (not Chinese or Japanese)
  const seg::LanguageLists* lists_ = nullptr;
  seg::Vocabulary vocab_;
  std::vector<Sentence> sentences_;
};

std::string Drafter::Speaker(size_t s) const {
  const Turn& turn = t_.turns[sentences_[s].turn];
  return turn.speaker.empty() ? std::string() : t_.DisplayName(turn.speaker);
}

void Drafter::ReadSentences() {
  std::string sample;
  for (const Turn& turn : t_.turns) {
    if (sample.size() > 20000) break;
    sample += turn.text;
    sample += '\n';
  }
  language_ = seg::TermLanguage(sample);
  spaced_ = language_ != "zh" && language_ != "ja";
  lists_ = &seg::ListsFor(language_);
  const bool cjk = !spaced_ || language_ == "ko";
  for (size_t ti = 0; ti < t_.turns.size(); ++ti) {
    const std::string& text = t_.turns[ti].text;
    const bool sponsor = lists_->sponsor_set.In(text::ToLowerAscii(text));
    bool first = true;
    for (const seg::Span& span : seg::SplitSentences(text)) {
      Sentence s;
      s.turn = ti;
      s.span = span;
      s.text = seg::CollapseWhitespace(std::string_view(text).substr(span.begin, span.end - span.begin));
      s.turn_start = first;
      first = false;
      s.sponsor = sponsor;
      s.words = TextLength(s.text, LengthUnit::Words);
      s.length = TextLength(s.text, spec_.length_unit);
      const std::string low = text::ToLowerAscii(s.text);
      s.housekeeping = s.words < 30 && lists_->housekeeping_set.In(low);
      s.question = IsQuestion(s.text);
      s.number = HasDigit(s.text) || lists_->numbers_set.In(low);
      s.name = HasNameWord(s.text, cjk);
      s.claim = lists_->claims_set.In(low);
      if (!sponsor) seg::AppendTerms(s.text, *lists_, vocab_, &s.terms);
      s.quality = Quality(s);
      sentences_.push_back(std::move(s));
    }
  }
}

QuoteEvidence Drafter::Evidence(size_t s, int section) const {
  QuoteEvidence q;
  q.rendered = q.original = sentences_[s].text;
  q.turn_id = t_.turns[sentences_[s].turn].id;
  q.speaker = Speaker(s);
  q.section = section;
  return q;
}

// Paragraphs of the picked sentences in transcript order, one per turn: "**Name**: “run” … “run”" (no name
// when the speaker is unknown), where a run is consecutive sentences of the turn quoted as they stand.
Drafter::Rendered Drafter::RenderQuoted(std::vector<size_t> picked, int section) const {
  std::sort(picked.begin(), picked.end());
  picked.erase(std::unique(picked.begin(), picked.end()), picked.end());
  const char* open = language_ == "ja" ? "「" : "“";
  const char* close = language_ == "ja" ? "」" : "”";
  const char* gap = spaced_ ? " … " : "……";
  Rendered r;
  size_t k = 0;
  while (k < picked.size()) {
    const size_t turn = sentences_[picked[k]].turn;
    const std::string& text = t_.turns[turn].text;
    const std::string who = Speaker(picked[k]);
    std::string para = who.empty() ? std::string() : "**" + who + "**" + labels_.separator;
    bool first_run = true;
    while (k < picked.size() && sentences_[picked[k]].turn == turn) {
      // A run: the next sentence follows with only whitespace between them in the source.
      size_t e = k;
      while (e + 1 < picked.size() && picked[e + 1] == picked[e] + 1 && sentences_[picked[e + 1]].turn == turn &&
             text::Trim(std::string_view(text).substr(sentences_[picked[e]].span.end,
                                                      sentences_[picked[e + 1]].span.begin - sentences_[picked[e]].span.end)).empty())
        ++e;
      const size_t b = sentences_[picked[k]].span.begin, end = sentences_[picked[e]].span.end;
      const std::string run = seg::CollapseWhitespace(std::string_view(text).substr(b, end - b));
      if (!first_run) para += gap;
      para += open + run + close;
      first_run = false;
      QuoteEvidence q = Evidence(picked[k], section);
      q.rendered = q.original = run;
      r.quotes.push_back(q);
      k = e + 1;
    }
    const int id = t_.turns[turn].id;
    if (r.cited.empty() || r.cited.back() != id) r.cited.push_back(id);
    if (!r.body.empty()) r.body += "\n\n";
    r.body += para;
  }
  return r;
}

// The best candidates (already ordered best first) that fit in `budget`; at least one when any exists.
std::vector<size_t> Drafter::Fill(const std::vector<size_t>& candidates, double budget) const {
  std::vector<size_t> out;
  double used = 0;
  for (size_t s : candidates) {
    const double len = sentences_[s].length;
    if (!out.empty() && used + len > budget) continue;
    out.push_back(s);
    used += len;
    if (used >= budget) break;
  }
  return out;
}

// How a term reads in `context` (sentence indices): a Chinese or Japanese bigram grows by a character that
// stands next to it in most of its occurrences ("啡馆" → "咖啡馆"); a word keeps its written form.
std::string Drafter::DisplayTerm(int id, const std::vector<size_t>& context) const {
  std::string term = vocab_.Display(id);
  if (spaced_ || (unsigned char)term[0] < 0x80) return term;
  for (int round = 0; round < 2; ++round) {
    std::map<char32_t, int> before, after;
    int occurrences = 0;
    for (size_t i : context) {
      if (occurrences >= 64) break;   // enough to see which neighbours dominate
      const std::vector<int>& terms = sentences_[i].terms;
      if (std::find(terms.begin(), terms.end(), id) == terms.end()) continue;
      const std::string& s = sentences_[i].text;
      for (size_t p = s.find(term); p != std::string::npos; p = s.find(term, p + term.size())) {
        ++occurrences;
        if (p > 0) {
          size_t b = p;
          ++before[utf8::DecodeBefore(s, b)];
        }
        size_t e = p + term.size();
        if (e < s.size()) ++after[utf8::Decode(s, e)];
      }
    }
    auto dominant = [&](const std::map<char32_t, int>& m) -> char32_t {
      for (const auto& [c, k] : m)
        if (k * 10 >= occurrences * 7 && occurrences >= 2 && (utf8::IsCjkIdeograph(c) || (c >= 0x30A0 && c <= 0x30FF)) &&
            !lists_->stop_chars.count(c))
          return c;
      return 0;
    };
    const char32_t l = dominant(before), r = dominant(after);
    if (!l && !r) break;
    std::string grown;
    if (l) utf8::Append(grown, l);
    grown += term;
    if (r) utf8::Append(grown, r);
    term = grown;
  }
  return term;
}

std::vector<std::string> Drafter::TopTerms(const std::vector<double>& score, size_t k, const std::vector<size_t>& context) const {
  std::vector<int> ids;
  for (size_t id = 0; id < score.size(); ++id)
    if (score[id] > 0) ids.push_back((int)id);
  std::sort(ids.begin(), ids.end(), [&](int a, int b) { return score[(size_t)a] != score[(size_t)b] ? score[(size_t)a] > score[(size_t)b] : a < b; });
  std::vector<std::string> out;
  for (size_t rank = 0; rank < ids.size() && rank < 4 * k + 8 && out.size() < k; ++rank) {
    const std::string term = DisplayTerm(ids[rank], context);
    const std::string low = text::ToLowerAscii(term);
    bool overlaps = false;
    for (const std::string& o : out) {
      const std::string other = text::ToLowerAscii(o);
      // A term inside another, or bigrams sharing a character ("实时", "时数"), say the same thing twice.
      overlaps = overlaps || other.find(low) != std::string::npos || low.find(other) != std::string::npos;
      size_t first = 0;
      if (!spaced_ || utf8::IsHangul(utf8::Decode(low, first))) {
        size_t i = 0;
        while (i < low.size() && !overlaps) {
          const size_t b = i;
          utf8::Decode(low, i);
          overlaps = other.find(low.substr(b, i - b)) != std::string::npos;
        }
      }
    }
    if (!overlaps) out.push_back(term);
  }
  return out;
}

std::string Drafter::JoinTerms(const std::vector<std::string>& terms) const {
  const seg::LanguageLists& en = seg::ListsFor("en");
  std::string list = lists_->Text("list"), conj = lists_->Text("and");
  if (list.empty()) list = en.Text("list");
  if (conj.empty()) conj = en.Text("and");
  if (spaced_) { list += " "; conj = " " + conj + " "; }
  std::string out;
  for (size_t i = 0; i < terms.size(); ++i) {
    if (i > 0) out += i + 1 == terms.size() ? conj : list;
    out += terms[i];
  }
  return out;
}

std::string Drafter::Capitalized(std::string s) const {
  if (spaced_ && !s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = (char)(s[0] - 'a' + 'A');
  return s;
}

OfflineDraft Drafter::Build() {
  OfflineDraft d;
  d.evidence.extractive = true;
  if (t_.turns.empty()) {
    d.notes.push_back("The transcript is empty: paste, drop or open a transcript to draft an article.");
    return d;
  }
  ReadSentences();
  if (sentences_.empty()) {
    d.notes.push_back("The transcript has no sentences to draft from (only noise marks or punctuation).");
    return d;
  }
  const size_t n = sentences_.size();
  const seg::LanguageLists& en = seg::ListsFor("en");
  auto text_or_en = [&](const std::string& key) {
    std::string v = lists_->Text(key);
    return v.empty() ? en.Text(key) : v;
  };

  // Sections: topic segmentation into the spec's number of sections (fewer when there are fewer sentences).
  const size_t wanted = (size_t)std::max(1, spec_.BodySectionCount());
  const size_t count = std::min(wanted, n);
  // Greetings, thanks and sponsor reads say nothing about topics: only statements with content terms are
  // segmented, and what lies between two segments joins the earlier one.
  std::vector<std::vector<int>> units(n);
  for (size_t i = 0; i < n; ++i) units[i] = sentences_[i].terms;
  std::vector<size_t> topical;   // sentence index of each unit segmented
  for (size_t i = 0; i < n; ++i)
    if (!sentences_[i].terms.empty() && !sentences_[i].housekeeping) topical.push_back(i);
  if (topical.size() < count) {
    topical.resize(n);
    for (size_t i = 0; i < n; ++i) topical[i] = i;
  }
  seg::SegmentOptions so;
  so.count = (int)count;
  // Units: whole turns when there are enough of them (a turn is where a topic changes in a conversation,
  // and more words per unit make steadier similarities), otherwise sentences.
  std::vector<size_t> unit_first;   // index in `topical` of each unit's first sentence
  size_t topical_turns = 0;
  for (size_t u = 0; u < topical.size(); ++u)
    topical_turns += u == 0 || sentences_[topical[u]].turn != sentences_[topical[u - 1]].turn;
  const bool by_turn = topical_turns >= 4 * count;
  std::vector<std::vector<int>> topic_units;
  for (size_t u = 0; u < topical.size(); ++u) {
    const bool new_turn = u == 0 || sentences_[topical[u]].turn != sentences_[topical[u - 1]].turn;
    if (!by_turn || new_turn) {
      unit_first.push_back(u);
      topic_units.emplace_back();
      so.preferred_start.push_back(new_turn);
    }
    const auto& terms = sentences_[topical[u]].terms;
    topic_units.back().insert(topic_units.back().end(), terms.begin(), terms.end());
  }
  std::vector<size_t> starts;
  for (size_t unit : seg::SegmentTopics(topic_units, vocab_.size(), so)) {
    const size_t u = unit_first[unit];
    // From the start of the turn when the turn opens with what was left out ("Thanks. So, ...").
    size_t at = topical[u];
    while (at > 0 && (u == 0 || at > topical[u - 1] + 1) && sentences_[at - 1].turn == sentences_[at].turn) --at;
    starts.push_back(at);
  }
  starts.insert(starts.begin(), 0);
  starts.push_back(n);
  const size_t sections = starts.size() - 1;
  if (sections < wanted)
    d.notes.push_back("The transcript is too short for " + std::to_string(wanted) + " sections; the draft has " +
                      std::to_string(sections) + ".");
  std::vector<size_t> section_of(n, 0);
  for (size_t s = 0; s < sections; ++s)
    for (size_t i = starts[s]; i < starts[s + 1]; ++i) section_of[i] = s;

  // Centrality: TextRank on a capped graph, weighted by similarity to the whole text and by quality.
  const seg::Centrality c = seg::SentenceCentrality(units, vocab_.size());
  for (size_t i = 0; i < n; ++i) sentences_[i].central = sentences_[i].quality * c.rank[i] * (0.05 + c.centroid[i]);
  auto by_central = [&](std::vector<size_t>& v) {
    std::sort(v.begin(), v.end(), [&](size_t a, size_t b) {
      return sentences_[a].central != sentences_[b].central ? sentences_[a].central > sentences_[b].central : a < b;
    });
  };
  std::vector<bool> used(n, false);
  // A budget in characters set for Chinese or Japanese prose holds about three times as many Latin
  // characters for the same content, when the transcript (and so the draft) is in a Latin script.
  const bool cjk_budget_on_latin = spec_.length_unit == LengthUnit::Characters && spaced_ && IsCjkLanguage(spec_.output_language);
  const double budget = std::max(1, spec_.section_length) * (cjk_budget_on_latin ? 3.0 : 1.0);
  ArticleContent& content = d.content;
  ArticleEvidence& ev = d.evidence;

  // Introduction and conclusion: the opening and closing substance, in order, greetings and thanks left out.
  std::vector<size_t> intro, outro;
  // Drawn from the first half of the first section and the second half of the last one, so the sections
  // keep their substance.
  auto opening = [&](bool from_start) {
    const size_t lo = from_start ? 0 : starts[sections - 1] + (n - starts[sections - 1]) / 2;
    const size_t hi = from_start ? std::max<size_t>(1, starts[1] / 2) : n;
    std::vector<size_t> out;
    double len = 0;
    for (size_t k = lo; k < hi; ++k) {
      const size_t i = from_start ? k : hi - 1 - (k - lo);
      if (used[i] || sentences_[i].quality < 0.5) continue;
      if (!out.empty() && len + sentences_[i].length > budget / 2) break;
      out.push_back(i);
      used[i] = true;
      len += sentences_[i].length;
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  if (spec_.introduction) intro = opening(true);
  if (spec_.conclusion) outro = opening(false);
  // A short opening of greetings only: the first statement of the first section.
  if (spec_.introduction && intro.empty())
    for (size_t i = 0; i < starts[1] && intro.empty(); ++i)
      if (!used[i] && sentences_[i].quality >= 0.5 && starts[1] - i > 1) { intro.push_back(i); used[i] = true; }

  // Headings: each section's most distinctive terms (frequent in it, rare elsewhere).
  const size_t vocab = vocab_.size();
  std::vector<double> tf_all(vocab, 0), df(vocab, 0);
  std::vector<std::vector<double>> tf_section(sections, std::vector<double>(vocab, 0));
  for (size_t i = 0; i < n; ++i) {
    if (sentences_[i].housekeeping) continue;   // "Welcome to ..." names no topic
    std::vector<int> uniq = sentences_[i].terms;
    std::sort(uniq.begin(), uniq.end());
    uniq.erase(std::unique(uniq.begin(), uniq.end()), uniq.end());
    for (int id : uniq) df[(size_t)id] += 1;
    for (int id : sentences_[i].terms) {
      tf_all[(size_t)id] += 1;
      tf_section[section_of[i]][(size_t)id] += 1;
    }
  }
  auto idf = [&](size_t id) { return std::log(1.0 + (double)n / std::max(1.0, df[id])); };
  // Speakers' names are said often but are not what a part is about.
  std::vector<bool> name_term(vocab, false);
  {
    std::string names = " ";
    for (const auto& sp : t_.speakers) names += text::ToLowerAscii(sp.label + " " + sp.name) + " ";
    for (size_t id = 0; id < vocab; ++id) {
      const std::string& term = vocab_.Term((int)id);
      const size_t at = names.find(term);
      const bool wide = (unsigned char)term[0] >= 0x80;
      name_term[id] = at != std::string::npos && (wide || (names[at - 1] == ' ' && names[at + term.size()] == ' '));
    }
  }
  // A bigram that is a word keeps company with itself: "咖啡" is most of what follows "咖", while "家店"
  // (from "三家店") is a small part of what ends in "店". Headings and titles weigh bigrams by that share.
  std::vector<double> cohesion(vocab, 1.0);
  if (!spaced_ || language_ == "ko") {
    std::map<char32_t, double> first_total, last_total;
    std::vector<std::pair<char32_t, char32_t>> chars(vocab, {0, 0});
    for (size_t id = 0; id < vocab; ++id) {
      const std::string& term = vocab_.Term((int)id);
      size_t i = 0;
      const char32_t a = utf8::Decode(term, i);
      if (a < 0x80 || i >= term.size()) continue;
      const char32_t b = utf8::Decode(term, i);
      if (i != term.size()) continue;
      chars[id] = {a, b};
      first_total[a] += tf_all[id];
      last_total[b] += tf_all[id];
    }
    for (size_t id = 0; id < vocab; ++id)
      if (chars[id].first) cohesion[id] = tf_all[id] / std::max({1.0, first_total[chars[id].first], last_total[chars[id].second]});
  }
  std::set<std::string> headings_seen;
  for (size_t s = 0; s < sections; ++s) {
    ArticleContent::Section sec;
    sec.start = t_.turns[sentences_[starts[s]].turn].start;
    if (s < spec_.section_headings.size()) {
      sec.heading = spec_.section_headings[s];
    } else {
      std::vector<double> score(vocab, 0);
      for (size_t id = 0; id < vocab; ++id) {
        const double tf = tf_section[s][id];
        if (tf < 1 || name_term[id]) continue;
        score[id] = tf * (tf / tf_all[id]) * idf(id) * cohesion[id] * (tf >= 2 ? 1.0 : 0.3);
      }
      std::vector<size_t> context;
      for (size_t i = starts[s]; i < starts[s + 1]; ++i) context.push_back(i);
      const std::vector<std::string> top = TopTerms(score, 5, context);
      for (size_t alt = 2; alt < std::max<size_t>(3, top.size()) && sec.heading.empty(); ++alt) {
        // The three most distinctive terms; the third replaced by the next ones when that repeats a heading.
        std::vector<std::string> three(top.begin(), top.begin() + std::min<size_t>(2, top.size()));
        if (alt < top.size()) three.push_back(top[alt]);
        const std::string h = Capitalized(JoinTerms(three));
        if (!h.empty() && !headings_seen.count(h)) sec.heading = h;
      }
      if (sec.heading.empty()) sec.heading = text::Replace(text_or_en("section"), "{n}", std::to_string(s + 1));
    }
    headings_seen.insert(sec.heading);
    content.sections.push_back(sec);
  }

  // Bodies: each section's most central sentences within the length budget, in transcript order.
  for (size_t s = 0; s < sections; ++s) {
    std::vector<size_t> cand;
    for (double floor : {0.5, 0.01}) {
      if (!cand.empty()) break;
      for (size_t i = starts[s]; i < starts[s + 1]; ++i)
        if (!used[i] && sentences_[i].quality >= floor) cand.push_back(i);
    }
    if (cand.empty())   // a tiny transcript: the section repeats what it has rather than stay empty
      for (size_t i = starts[s]; i < starts[s + 1]; ++i) cand.push_back(i);
    by_central(cand);
    const std::vector<size_t> picked = Fill(cand, budget);
    for (size_t i : picked) used[i] = true;
    Rendered r = RenderQuoted(picked, (int)s);
    content.sections[s].body = r.body;
    SectionEvidence se;
    se.heading = content.sections[s].heading;
    for (size_t i = starts[s]; i < starts[s + 1]; ++i) {
      const int id = t_.turns[sentences_[i].turn].id;
      if (se.source_turn_ids.empty() || se.source_turn_ids.back() != id) se.source_turn_ids.push_back(id);
    }
    se.cited_turn_ids = r.cited;
    se.quotes = r.quotes;
    ev.sections.push_back(se);
  }

  if (!intro.empty()) {
    Rendered r = RenderQuoted(intro, -1);
    content.introduction.body = r.body;
    ev.front_quotes.insert(ev.front_quotes.end(), r.quotes.begin(), r.quotes.end());
  }
  if (!outro.empty()) {
    Rendered r = RenderQuoted(outro, -1);
    content.conclusion.body = r.body;
    ev.front_quotes.insert(ev.front_quotes.end(), r.quotes.begin(), r.quotes.end());
  }

  // Lead: the two most central statements, from different sections when possible.
  std::vector<bool> front(n, false);
  for (size_t i : intro) front[i] = true;
  for (size_t i : outro) front[i] = true;
  std::vector<size_t> ranked;
  for (size_t i = 0; i < n; ++i)
    if (!front[i] && sentences_[i].quality >= 0.5 && !sentences_[i].question) ranked.push_back(i);
  if (ranked.empty())
    for (size_t i = 0; i < n; ++i)
      if (sentences_[i].quality > 0 || n <= 2) ranked.push_back(i);
  by_central(ranked);
  if (spec_.lead && !ranked.empty()) {
    std::vector<size_t> lead = {ranked[0]};
    for (size_t i : ranked)
      if (i != ranked[0] && section_of[i] != section_of[ranked[0]]) { lead.push_back(i); break; }
    if (lead.size() < 2 && ranked.size() > 1) lead.push_back(ranked[1]);
    std::sort(lead.begin(), lead.end());
    for (size_t i : lead) {
      // Two passages without end punctuation (an unpunctuated transcript) stay visibly apart.
      if (!content.lead.empty() && !seg::EndsSentence(content.lead)) content.lead += spaced_ ? " …" : "……";
      if (!content.lead.empty() && spaced_) content.lead += ' ';
      content.lead += sentences_[i].text;
      front[i] = true;
      ev.front_quotes.push_back(Evidence(i, -1));
    }
  }

  // Highlights: statements with figures, names or strong claims, no two saying the same thing.
  auto pick_distinct = [&](std::vector<size_t> cand, size_t k, std::vector<size_t> chosen) {
    const size_t before = chosen.size();
    for (size_t i : cand) {
      if (chosen.size() - before >= k) break;
      if (std::find(chosen.begin(), chosen.end(), i) != chosen.end()) continue;
      bool similar = false;
      for (size_t o : chosen) similar = similar || seg::TermCosine(sentences_[i].terms, sentences_[o].terms) > 0.3;
      if (!similar) chosen.push_back(i);
    }
    return std::vector<size_t>(chosen.begin() + (long)before, chosen.end());
  };
  std::vector<size_t> highlights;
  if (spec_.highlights > 0) {
    std::vector<size_t> cand, fallback;
    for (size_t i : ranked) {
      if (front[i]) continue;
      const Sentence& s = sentences_[i];
      if (s.words > 45) continue;
      (s.number || s.name || s.claim ? cand : fallback).push_back(i);
    }
    std::stable_sort(cand.begin(), cand.end(), [&](size_t a, size_t b) {
      auto boost = [&](const Sentence& s) { return s.central * (1 + 0.8 * s.number + 0.4 * s.name + 0.4 * s.claim); };
      return boost(sentences_[a]) > boost(sentences_[b]);
    });
    cand.insert(cand.end(), fallback.begin(), fallback.end());
    // A short transcript: the lead, introduction and conclusion may give highlights too.
    for (size_t i : ranked)
      if (front[i] && sentences_[i].words <= 45) cand.push_back(i);
    highlights = pick_distinct(cand, (size_t)spec_.highlights, {});
    std::sort(highlights.begin(), highlights.end());
    for (size_t i : highlights) {
      content.highlights.push_back(sentences_[i].text);
      ev.highlight_turn_ids.push_back(t_.turns[sentences_[i].turn].id);
      ev.front_quotes.push_back(Evidence(i, -1));
      front[i] = true;
    }
    if (highlights.size() < (size_t)spec_.highlights)
      d.notes.push_back("Only " + std::to_string(highlights.size()) + " of " + std::to_string(spec_.highlights) +
                        " highlights: the transcript has no more distinct statements.");
  }

  // Quotes: strong, short statements not already in the front matter.
  if (spec_.quotes > 0) {
    std::vector<size_t> cand;
    for (size_t i : ranked)
      if (!front[i] && sentences_[i].words <= 40) cand.push_back(i);
    std::stable_sort(cand.begin(), cand.end(), [&](size_t a, size_t b) {
      return sentences_[a].central * (1 + sentences_[a].claim) > sentences_[b].central * (1 + sentences_[b].claim);
    });
    std::vector<size_t> quotes = pick_distinct(cand, (size_t)spec_.quotes, highlights);
    std::sort(quotes.begin(), quotes.end());
    for (size_t i : quotes) {
      const Turn& turn = t_.turns[sentences_[i].turn];
      content.quotes.push_back({sentences_[i].text, Speaker(i), turn.id, turn.start});
      ev.front_quotes.push_back(Evidence(i, -1));
    }
  }

  // Title: the dominant terms (frequent and spread over the sections); subtitles: the terms of each part.
  {
    std::vector<double> score(vocab, 0);
    for (size_t id = 0; id < vocab; ++id) {
      if (df[id] < 2 || name_term[id]) continue;
      double spread = 0;
      for (size_t s = 0; s < sections; ++s) spread += tf_section[s][id] > 0;
      score[id] = tf_all[id] * cohesion[id] * spread / (double)sections;
    }
    std::vector<size_t> all(n);
    for (size_t i = 0; i < n; ++i) all[i] = i;
    const std::string terms = JoinTerms(TopTerms(score, 3, all));
    std::string tmpl = terms.empty() ? std::string() : lists_->Text(std::string("title.") + ToString(spec_.title_style));
    if (tmpl.empty()) tmpl = "{terms}";
    content.title = Capitalized(text::Replace(tmpl, "{terms}", terms));
    if (text::Trim(content.title).empty()) content.title = t_.meta.title.empty() ? sentences_[ranked.empty() ? 0 : ranked[0]].text : t_.meta.title;
  }
  auto subtitle = [&](const std::vector<size_t>& part) {
    std::vector<double> score(vocab, 0);
    for (size_t i : part)
      for (int id : sentences_[i].terms) score[(size_t)id] += name_term[(size_t)id] ? 0 : idf((size_t)id) * cohesion[(size_t)id];
    return Capitalized(JoinTerms(TopTerms(score, 2, part)));
  };
  if (spec_.introduction && spec_.introduction_subtitle) content.introduction.subtitle = subtitle(intro);
  if (spec_.conclusion && spec_.conclusion_subtitle) content.conclusion.subtitle = subtitle(outro);
  if (spec_.title_emoji != EmojiPlacement::Off) content.emoji = "\xF0\x9F\x93\x9D";   // 📝 a draft

  // Dialogue: the cleaned transcript, noise marks removed, speakers by their chosen names.
  if (spec_.dialogue != DialogueMode::Off) {
    for (const Turn& turn : t_.turns) {
      std::string line = seg::WithoutNoiseMarks(turn.text);
      if (line.empty()) continue;
      content.dialogue.push_back({turn.speaker.empty() ? "" : t_.DisplayName(turn.speaker), turn.start, line});
      ev.dialogue_turn_ids.push_back(turn.id);
    }
    if (spec_.dialogue == DialogueMode::Translated)
      d.notes.push_back("The dialogue is the cleaned transcript in its own language; translating it needs a model.");
  }
  // Links: only addresses said or shown in the transcript.
  if (spec_.links) {
    std::set<std::string> seen;
    for (const Turn& turn : t_.turns) {
      const std::string& s = turn.text;
      for (size_t p = s.find("http"); p != std::string::npos; p = s.find("http", p + 4)) {
        if (s.compare(p, 7, "http://") != 0 && s.compare(p, 8, "https://") != 0) continue;
        size_t e = p;
        while (e < s.size() && !std::isspace((unsigned char)s[e]) && s[e] != ')' && s[e] != '"' && (unsigned char)s[e] < 0x80) ++e;
        while (e > p && (s[e - 1] == '.' || s[e - 1] == ',')) --e;
        const std::string url = s.substr(p, e - p);
        if (seen.insert(url).second) content.links.push_back({url, url});
      }
    }
  }
  content.source_url = t_.meta.source_url;

  // Turns left out on purpose: sponsor reads and turns of greetings and thanks only.
  {
    std::vector<int> substantive(t_.turns.size(), 0);
    for (const Sentence& s : sentences_) substantive[s.turn] += !(s.housekeeping || s.sponsor);
    for (size_t ti = 0; ti < t_.turns.size(); ++ti)
      if (!substantive[ti]) ev.excluded_turn_ids.push_back(t_.turns[ti].id);
  }

  // Markdown, with the draft's note under the title and lead.
  d.markdown = AssembleMarkdown(spec_, content);
  const seg::LanguageLists& out_lists = seg::ListsFor(spec_.output_language);
  std::string note = LanguageDisplayName(spec_.output_language) == "Traditional Chinese" ? out_lists.Text("note.hant") : "";
  if (note.empty()) note = out_lists.Text("note");
  if (note.empty()) note = en.Text("note");
  size_t at = d.markdown.find("\n\n");
  if (at != std::string::npos && d.markdown.compare(at + 2, 1, ">") == 0) at = d.markdown.find("\n\n", at + 2);
  if (at == std::string::npos) d.markdown += "\n_" + note + "_\n";
  else d.markdown.insert(at + 2, "_" + note + "_\n\n");

  // Notes for the user.
  std::string shifts;
  for (size_t s = 1; s < sections; ++s) shifts += (shifts.empty() ? "T" : ", T") + std::to_string(t_.turns[sentences_[starts[s]].turn].id);
  d.notes.insert(d.notes.begin(), "Offline draft from " + std::to_string(n) + " sentences in " + std::to_string(t_.turns.size()) +
                                      " turns: " + std::to_string(sections) + " section(s)" +
                                      (shifts.empty() ? std::string(".") : ", topics change at " + shifts + "."));
  const std::string out_language = seg::ListsFor(spec_.output_language).code;
  if (!out_language.empty() && out_language != language_)
    d.notes.push_back("The transcript is in " + LanguageDisplayName(language_) + " and the draft keeps its words (no translation); add an API key for an article in " +
                      LanguageDisplayName(spec_.output_language) + ".");
  return d;
}

}  // namespace

OfflineDraft BuildOfflineDraft(const Transcript& t, const ArticleSpec& spec) { return Drafter(t, spec).Build(); }

}  // namespace tp
