// Text analysis for extractive drafting, pure and deterministic, near-linear in the text's length:
// sentence splitting that suits CJK and Latin scripts, per-language word lists (assets/language/<code>.txt),
// content terms (words for space-separated scripts, character bigrams for Chinese, Japanese and Korean),
// TextTiling-style topic segmentation by lexical cohesion between neighbouring windows, and TextRank-style
// sentence centrality on a graph whose edges are capped to nearby sentences.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace tp::seg {

// ---- sentences ----
struct Span {
  size_t begin = 0, end = 0;   // byte range [begin, end) in the text that was split
};
// Sentences of `text` as trimmed byte ranges, in order. A sentence ends after . ! ? … 。！？ (with closing
// quotes and brackets after them; "Dr.", "e.g.", "3.5" and initials do not end one), at a line break that
// follows such a mark, and at a noise mark ("[Music]", "(laughs)"), which belongs to no sentence. A run with
// no end mark longer than `max_code_points` is cut at its last comma, then space, before the limit, so even
// one huge unpunctuated line yields sentences. Every span is a verbatim part of `text`.
std::vector<Span> SplitSentences(std::string_view text, size_t max_code_points = 240);
// True when `text` ends with end punctuation (closing quotes and spaces after it allowed).
bool EndsSentence(std::string_view text);

// Whitespace runs (including line breaks) as one space, or as nothing between two wide (CJK) characters;
// trimmed. The form in which sentences are shown and compared with the transcript.
std::string CollapseWhitespace(std::string_view s);
// The text without noise marks, whitespace collapsed (the cleaned dialogue line).
std::string WithoutNoiseMarks(std::string_view s);

// ---- word lists ----
// Phrases to look for in lower-cased text, indexed by their first word so that a sentence costs one hash
// lookup per word. Latin phrases match whole words; CJK phrases match anywhere.
class PhraseList {
 public:
  PhraseList() = default;
  explicit PhraseList(const std::vector<std::string>& phrases);
  bool In(std::string_view lower) const;   // `lower`: text after text::ToLowerAscii
  bool empty() const { return by_first_.empty() && anywhere_.empty(); }

 private:
  std::unordered_map<std::string, std::vector<std::string>> by_first_;   // first word -> whole phrases
  std::unordered_map<char32_t, std::vector<std::string>> anywhere_;   // first code point -> phrases
  uint64_t first_bits_[64] = {};   // a filter on those first code points (4096 buckets), most text skips the lookup
};

// One language's lists from assets/language/<code>.txt. Sections: [stop] words left out of terms (a single
// CJK character there is a function character no bigram may contain); [housekeeping] phrases of greetings,
// thanks, sign-offs and plugs; [sponsor] phrases of a sponsor read; [claims] words of a strong claim;
// [numbers] number words; [text] "key = value" templates (list, and, title.question, title.statement,
// title.hook, section, note, note.hant).
struct LanguageLists {
  std::string code;                           // "en", "zh", ...; "" when no file exists for the language
  std::unordered_set<std::string> stop;       // lower case
  std::unordered_set<char32_t> stop_chars;    // the single Han or kana characters of [stop] and [numbers]
  std::vector<std::string> housekeeping, sponsor, claims, numbers;
  PhraseList housekeeping_set, sponsor_set, claims_set, numbers_set;
  std::unordered_map<std::string, std::string> text;
  std::string Text(const std::string& key) const;   // "" when missing
};
// The lists for a language code ("en", "zh-Hans" → "zh"); an empty set of lists when none ship.
const LanguageLists& ListsFor(std::string_view language);
// The code whose lists fit `sample` best: "zh", "ja" or "ko" by script, otherwise the space-separated
// language whose stop words occur most often ("en" when no list matches).
std::string TermLanguage(std::string_view sample);
// True when lower-cased `s` contains one of `phrases` (Latin phrases only at word boundaries).
bool ContainsPhrase(std::string_view s, const std::vector<std::string>& phrases);

// ---- terms ----
// Content terms get dense ids in order of first appearance, so everything built on them is deterministic.
class Vocabulary {
 public:
  int Intern(std::string_view term, std::string_view surface, bool mid_sentence);
  size_t size() const { return terms_.size(); }
  const std::string& Term(int id) const { return terms_[(size_t)id]; }
  // How the term reads in a heading: its written form when it is mostly written with capitals in
  // mid-sentence (names, acronyms), otherwise its commonest lower-case form ("models" for "model").
  std::string Display(int id) const;

 private:
  std::unordered_map<std::string, int> ids_;
  std::vector<std::string> terms_, surfaces_, variants_;   // variants_: a lower-case form other than the term ("models")
  std::vector<int> capitalized_, lower_, variant_count_;
};

// Appends the content terms of `sentence` to `out` (repeats kept: counts matter). Space-separated words are
// lower-cased, stop words and one-letter words dropped, English plurals folded; Han/Kana/Hangul runs give
// character bigrams without stop characters (kana in Japanese only within katakana runs). Latin words inside
// CJK text use the English lists.
void AppendTerms(std::string_view sentence, const LanguageLists& lists, Vocabulary& vocab, std::vector<int>* out);

// ---- topic segmentation ----
struct SegmentOptions {
  int count = 4;                        // segments wanted
  std::vector<bool> preferred_start;    // per unit: a boundary before it is preferred (a turn starts there)
};
// TextTiling-style: the cosine similarity of term counts in windows of equal term count left and right of
// every gap between units, smoothed, scored by depth (how far it dips below the nearest peaks on both sides).
// The deepest gaps (at most 160; turn starts when `preferred_start` marks enough of them) are candidates;
// dynamic programming picks the count-1 candidates that make the segments most cohesive (the sum over
// segments of |sum of unit tf-idf vectors|² / units: k-means constrained to contiguous segments), with a
// minimum segment length. Terms found in one unit only are ignored. Returns the indices of the units that
// start segments 2..count, ascending; fewer when there are fewer units than segments.
// O(terms + units log units + candidates · terms + count · candidates²).
std::vector<size_t> SegmentTopics(const std::vector<std::vector<int>>& unit_terms, size_t vocab_size,
                                  const SegmentOptions& options);

// ---- centrality ----
struct Centrality {
  std::vector<double> rank;       // TextRank score per unit, mean 1 over units with terms
  std::vector<double> centroid;   // cosine similarity of the unit's tf-idf vector with the whole text's
};
// TextRank over tf-idf cosine similarities, each unit linked to units at most `window` positions away (so the
// graph has at most n·2·window edges); 20 power iterations with damping 0.85.
Centrality SentenceCentrality(const std::vector<std::vector<int>>& unit_terms, size_t vocab_size, int window = 12);

// Cosine similarity of two term lists (counts), for de-duplication.
double TermCosine(const std::vector<int>& a, const std::vector<int>& b);

}  // namespace tp::seg
