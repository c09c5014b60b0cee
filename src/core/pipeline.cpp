// Pipeline. Index: names · long turns into pieces · construction/plan · scheduling (Pump, Ready, Launch) ·
// prompts per step · outline parsing · results per step (OnStepDone) · check-and-repair round ·
// cancel/retry/regenerate · glossary corrections · dialogue length · assembly, evidence and checks ·
// save/restore · state JSON.
#include "core/pipeline.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <unordered_set>

#include "core/json_util.h"
#include "core/provider_session.h"
#include "core/step_inputs.h"
#include "core/text_util.h"
#include "core/turn_markers.h"
#include "core/typography.h"
#include "core/utf8.h"

namespace tp {

using nlohmann::json;

const char* StepStateName(StepState s) {
  switch (s) {
    case StepState::Queued: return "queued";
    case StepState::Running: return "running";
    case StepState::Streaming: return "streaming";
    case StepState::Done: return "done";
    case StepState::Failed: return "failed";
    case StepState::Cancelled: return "cancelled";
  }
  return "queued";
}

const char* StepKindName(StepKind k) {
  switch (k) {
    case StepKind::Notes: return "notes";
    case StepKind::Outline: return "outline";
    case StepKind::Section: return "section";
    case StepKind::FrontMatter: return "front";
    case StepKind::Dialogue: return "dialogue";
  }
  return "section";
}

namespace {

bool IsClosingQuote(char32_t c) { return c == 0x201D || c == '"' || c == 0x300D || c == 0x300F || c == 0x2019 || c == 0x00BB; }
char32_t OpeningFor(char32_t c) {
  switch (c) {
    case 0x201D: return 0x201C; case 0x300D: return 0x300C; case 0x300F: return 0x300E; case 0x2019: return 0x2018; case 0x00BB: return 0x00AB;
  }
  return c;
}

// The JSON object in an answer (models sometimes wrap it in a code fence or add a sentence).
json ParseAnswerJson(const std::string& text) {
  std::string body = text;
  const size_t a = body.find('{'), b = body.rfind('}');
  if (a != std::string::npos && b != std::string::npos && b > a) body = body.substr(a, b - a + 1);
  return js::Parse(body);
}

// Sentences of a turn, punctuation kept (. ! ? … and their full-width forms, closing quotes after them).
std::vector<std::string> SplitSentences(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0, i = 0;
  while (i < s.size()) {
    const char32_t c = utf8::Decode(s, i);
    const bool end = c == '.' || c == '!' || c == '?' || c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0x2026;
    if (!end) continue;
    size_t j = i;
    while (j < s.size()) {
      size_t k = j;
      const char32_t d = utf8::Decode(s, k);
      if (d == '"' || d == 0x201D || d == 0x2019 || d == ')' || d == '.' || d == 0x3002) j = k; else break;
    }
    const bool boundary = j >= s.size() || s[j] == ' ' || c >= 0x3000 || (unsigned char)s[j] >= 0x80;
    if (!boundary) continue;
    out.push_back(std::string(text::Trim(s.substr(start, j - start))));
    start = i = j;
  }
  if (start < s.size() && !text::Trim(s.substr(start)).empty()) out.push_back(std::string(text::Trim(s.substr(start))));
  return out;
}

// Replaces each of `from` with `to` where it stands as a term (not inside a longer Latin word), in one
// pass: text just put in is never matched again (the earliest match wins, then the longest).
std::string ReplaceTerms(const std::string& s, const std::vector<std::string>& from, const std::string& to) {
  auto word = [](char c) { return std::isalnum((unsigned char)c) || c == '_'; };
  auto stands_alone = [&](const std::string& f, size_t p) {
    return !(word(f.front()) && p > 0 && word(s[p - 1])) && !(word(f.back()) && p + f.size() < s.size() && word(s[p + f.size()]));
  };
  std::string out;
  size_t last = 0;
  for (;;) {
    size_t best = std::string::npos, len = 0;
    for (const std::string& f : from) {
      if (f.empty() || f == to) continue;
      size_t p = s.find(f, last);
      while (p != std::string::npos && !stands_alone(f, p)) p = s.find(f, p + 1);
      if (p != std::string::npos && (p < best || (p == best && f.size() > len))) { best = p; len = f.size(); }
    }
    if (best == std::string::npos) break;
    out.append(s, last, best - last);
    out += to;
    last = best + len;
  }
  if (last == 0) return s;
  out.append(s, last, std::string::npos);
  return out;
}
std::string ReplaceTerm(const std::string& s, const std::string& from, const std::string& to) { return ReplaceTerms(s, {from}, to); }

// Replaces terms in every string of a stored answer: a JSON document (its string values), or plain text.
void ReplaceInJson(json& j, const std::vector<std::string>& from, const std::string& to) {
  if (j.is_string()) j = ReplaceTerms(j.get<std::string>(), from, to);
  else if (j.is_array() || j.is_object()) for (json& x : j) ReplaceInJson(x, from, to);
}
std::string ReplaceInAnswer(const std::string& text, const std::vector<std::string>& from, const std::string& to) {
  json j = js::Parse(text);
  if (j.is_discarded() || !(j.is_object() || j.is_array())) return ReplaceTerms(text, from, to);
  ReplaceInJson(j, from, to);
  return js::Dump(j);
}

bool SameScript(const std::string& a, const std::string& b) {
  const ScriptCounts x = CountScripts(a), y = CountScripts(b);
  const bool a_cjk = x.han + x.kana + x.hangul > x.latin, b_cjk = y.han + y.kana + y.hangul > y.latin;
  return a_cjk == b_cjk;
}

// An outline's glossary with the user's corrections in place of (or added to) its entries.
Glossary WithCorrections(Glossary glossary, const std::vector<GlossaryEntry>& corrections) {
  for (const GlossaryEntry& c : corrections) {
    auto it = std::find_if(glossary.begin(), glossary.end(), [&](const GlossaryEntry& e) { return e.source == c.source; });
    if (it != glossary.end()) *it = c; else glossary.push_back(c);
  }
  return glossary;
}

int OutputTokensFor(const ArticleSpec& spec) {
  // Characters of CJK are ~1 token; words ~1.35 tokens; room for Markdown, markers and the quotes list.
  const double per_unit = spec.length_unit == LengthUnit::Words ? 1.35 : 1.0;
  return (int)(spec.section_length * per_unit * 1.6) + 500;
}

// Length of prose in the spec's unit: words, or characters without spaces.
int LengthIn(LengthUnit unit, const std::string& s) {
  int n = 0;
  if (unit == LengthUnit::Words) {
    bool in_word = false;
    for (size_t i = 0; i < s.size();) {
      const char32_t c = utf8::Decode(s, i);
      if (utf8::IsCjkIdeograph(c) || utf8::IsKana(c)) { ++n; in_word = false; continue; }
      const bool w = !utf8::IsSpace(c);
      if (w && !in_word) ++n;
      in_word = w;
    }
    return n;
  }
  for (size_t i = 0; i < s.size();) if (!utf8::IsSpace(utf8::Decode(s, i))) ++n;
  return n;
}

// Whether `words` occur in `text`, ignoring spacing, ASCII case and quotation marks around them.
bool ContainsLoosely(const std::string& text, const std::string& words) {
  auto squeeze = [](const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size();) {
      const size_t b = i;
      const char32_t c = utf8::Decode(s, i);
      if (utf8::IsSpace(c) || c == '"' || c == 0x201C || c == 0x201D || c == 0x300C || c == 0x300D) continue;
      if (c < 0x80) out += (char)std::tolower((int)c); else out.append(s, b, i - b);
    }
    return out;
  };
  const std::string w = squeeze(words);
  return !w.empty() && squeeze(text).find(w) != std::string::npos;
}

// The sentences of a turn around a quotation from it (one before, one after), "…" where the turn goes on:
// enough for a writer to render the words in context. The whole turn when the words are not found.
std::string QuoteExcerpt(const std::string& text, const std::string& words) {
  const size_t at = words.empty() ? std::string::npos : text.find(words);
  if (at == std::string::npos) return text;
  const std::vector<std::string> ss = SplitSentences(text);
  int first = -1, last = -1;
  size_t from = 0;
  for (size_t i = 0; i < ss.size(); ++i) {
    const size_t p = text.find(ss[i], from);
    if (p == std::string::npos) return text;
    from = p + ss[i].size();
    if (first < 0 && from > at) first = (int)i;
    if (p < at + words.size()) last = (int)i;
  }
  if (first < 0 || last < first) return text;
  first = std::max(0, first - 1);
  last = std::min((int)ss.size() - 1, last + 1);
  std::string out = first > 0 ? "…" : "";
  for (int i = first; i <= last; ++i) text::AppendJoined(out, ss[i]);
  if (last + 1 < (int)ss.size()) text::AppendJoined(out, "…");
  return out;
}

// Shingles for spotting repetition between sections: Han character 6-grams, or Latin word 4-grams.
std::unordered_set<std::string> Shingles(const std::string& s) {
  std::vector<std::string> units;
  std::string word;
  auto flush = [&] { if (!word.empty()) { units.push_back(word); word.clear(); } };
  std::vector<std::string> han;
  for (size_t i = 0; i < s.size();) {
    const size_t b = i;
    const char32_t c = utf8::Decode(s, i);
    if (utf8::IsCjkIdeograph(c) || utf8::IsKana(c) || utf8::IsHangul(c)) { flush(); han.push_back(s.substr(b, i - b)); continue; }
    if (c < 0x80 && std::isalnum((int)c)) word += (char)std::tolower((int)c);
    else if (c >= 0x80 && !utf8::IsSpace(c) && !utf8::IsWide(c)) word += s.substr(b, i - b);
    else flush();
  }
  flush();
  std::unordered_set<std::string> out;
  for (size_t i = 0; i + 6 <= han.size(); ++i) {
    std::string g;
    for (size_t k = 0; k < 6; ++k) g += han[i + k];
    out.insert(g);
  }
  for (size_t i = 0; i + 4 <= units.size(); ++i) out.insert(units[i] + " " + units[i + 1] + " " + units[i + 2] + " " + units[i + 3]);
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------- pieces

Transcript SplitLongTurns(const Transcript& t, int max_tokens, TokenizerFamily family, std::vector<int>* origin) {
  Transcript out = t;
  out.turns.clear();
  if (origin) origin->clear();
  auto add = [&](const Turn& base, std::string text, bool first) {
    Turn p = base;
    p.id = (int)out.turns.size() + 1;
    p.text = std::move(text);
    if (!first) p.start = -1;
    out.turns.push_back(p);
    if (origin) origin->push_back(base.id);
  };
  for (const Turn& turn : t.turns) {
    if (max_tokens <= 0 || EstimateTokens(turn.text, family) <= max_tokens) { add(turn, turn.text, true); continue; }
    std::string acc;
    bool first = true;
    for (const std::string& sentence : SplitSentences(turn.text)) {
      std::string trial = acc;
      text::AppendJoined(trial, sentence);
      if (!acc.empty() && EstimateTokens(trial, family) > max_tokens) {
        add(turn, acc, first);
        first = false;
        trial = sentence;
      }
      acc = trial;
    }
    if (!acc.empty() || first) add(turn, acc, first);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- plan

Pipeline::Pipeline(Transport& transport, Scheduler& scheduler, ProviderConfig provider, ArticleSpec spec,
                   Transcript transcript, PipelineOptions options)
    : transport_(transport), scheduler_(scheduler), provider_(std::move(provider)), spec_(std::move(spec)), options_(options) {
  given_turns_ = transcript.turns.size();
  transcript_tokens_ = TranscriptTokens(transcript, provider_.Tokenizer());
  transcript_ = SplitLongTurns(transcript, options_.piece_tokens, provider_.Tokenizer(), &origin_);
  limit_ = std::max(1, provider_.concurrency);
  // Prices the caller did not give come from the model catalog, so the plan shows a cost.
  const ModelSpec model = ModelFor(provider_);
  if (options_.usd_per_million_input == 0 && options_.usd_per_million_output == 0 && model.usd_in >= 0) {
    options_.usd_per_million_input = model.usd_in;
    options_.usd_per_million_output = model.usd_out;
  }
}

Pipeline::~Pipeline() {
  on_change = nullptr;
  on_finish = nullptr;
  calls_.clear();   // each LlmCall aborts its request without calling back
}

std::string PlanSizesKey(const PipelineOptions& o) {
  return std::to_string(o.context_tokens) + "/" + std::to_string(o.max_output_tokens) + "/" + std::to_string(o.chunk_tokens) + "/" +
         std::to_string(o.dialogue_chunk_tokens) + "/" + std::to_string(o.piece_tokens);
}

PipelinePlan Pipeline::Plan() const {
  PipelinePlan p;
  const TokenizerFamily fam = provider_.Tokenizer();
  std::string spoken;
  for (const Turn& t : transcript_.turns) { spoken += t.text; spoken += '\n'; }
  p.transcript_tokens = transcript_tokens_;
  // The outline reads the whole transcript when it fits beside its instructions and its answer.
  const int outline_room = options_.context_tokens * 85 / 100 - 2500 - std::min(options_.max_output_tokens, 4000);
  p.chunked = p.transcript_tokens > outline_room;
  if (p.chunked) {
    p.notes_steps = (int)ChunkTranscript(transcript_, options_.chunk_tokens, fam).size();
    // The notes on every part, condensed in groups first when the outline's request has no room for them all.
    const int target = NotesTargetTokens(p.notes_steps);
    const long notes_tokens = (long)p.notes_steps * (target ? target : kNaturalNotesTokens);
    const int cap = std::max(kLeastNotesTokens, CondenseNotesRoom());
    if (notes_tokens > OutlineNotesRoom() && OutlineNotesRoom() >= kLeastNotesTokens) p.condense_steps = (int)((notes_tokens + cap - 1) / cap);
  }
  p.section_steps = spec_.BodySectionCount();
  p.front_steps = 1;
  const double dialogue_share = spec_.dialogue_length == DialogueLength::KeyExchanges ? 0.2 : 1.0;
  if (spec_.HasDialogue())
    p.dialogue_steps = std::max(1, (int)std::ceil(ChunkTranscript(transcript_, DialogueChunkTokens(), fam).size() * dialogue_share));
  p.requests = p.notes_steps + p.condense_steps + 1 + p.section_steps + p.front_steps + p.dialogue_steps;
  const int overhead = 900;
  int in = p.chunked ? p.transcript_tokens + p.notes_steps * (overhead + 1500) + overhead : p.transcript_tokens + overhead;
  in += p.condense_steps * (overhead + std::max(kLeastNotesTokens, CondenseNotesRoom()));
  // Each section reads the outline's notes on its theme and, in full, the few turns it quotes.
  in += p.section_steps * (overhead + 500 + 3 * std::min(options_.piece_tokens, 250));
  in += p.section_steps * OutputTokensFor(spec_) + overhead + 500;                  // the front matter reads the sections
  if (p.dialogue_steps) in += (int)(p.transcript_tokens * dialogue_share) + p.dialogue_steps * 400;
  int out = 2000 + p.section_steps * 400 + (p.notes_steps + p.condense_steps) * 1500 + p.section_steps * OutputTokensFor(spec_) + OutputTokensFor(spec_) * 2;
  if (p.dialogue_steps)
    out += (int)(p.transcript_tokens * dialogue_share * (spec_.dialogue == DialogueMode::Translated ? 1.2 : 0.9));
  p.estimated_input_tokens = in;
  p.estimated_output_tokens = out;
  if (options_.usd_per_million_input > 0 || options_.usd_per_million_output > 0)
    p.estimated_cost_usd = in / 1e6 * options_.usd_per_million_input + out / 1e6 * options_.usd_per_million_output;

  // Expected length: the body as the spec asks; the dialogue from the talk's length (a translation into
  // Chinese runs ~1.7 characters per English word; cleaning removes ~10%).
  const bool words = spec_.length_unit == LengthUnit::Words;
  p.length_unit = words ? "words" : "characters";
  const int L = spec_.section_length;
  p.article_length = p.section_steps * L + (spec_.introduction ? L * 6 / 10 : 0) + (spec_.conclusion ? L * 6 / 10 : 0) +
                     spec_.highlights * (words ? 20 : 40) + (spec_.lead ? (words ? 60 : 120) : 0) + (words ? 12 : 20);
  if (spec_.HasDialogue()) {
    const ScriptCounts sc = CountScripts(spoken);
    const int source_words = LengthIn(LengthUnit::Words, spoken) - (int)(sc.han + sc.kana);
    const int source_cjk = (int)(sc.han + sc.kana + sc.hangul);
    double len;
    if (words) len = source_words * 0.9 + source_cjk / 1.7;
    else if (IsCjkLanguage(spec_.output_language) || spec_.dialogue == DialogueMode::Cleaned) len = source_cjk * 0.9 + source_words * (IsCjkLanguage(spec_.output_language) ? 1.7 : 5.0);
    else len = source_words * 5.0 + source_cjk * 1.5;
    p.dialogue_length = (int)(len * dialogue_share);
  }
  auto k = [](int tokens) { return std::to_string((tokens + 500) / 1000) + "k"; };
  p.summary = std::to_string(p.requests) + " requests (" + (p.chunked ? std::to_string(p.notes_steps) + " note chunks, " : std::string()) +
              (p.condense_steps ? "about " + std::to_string(p.condense_steps) + " condensing them, " : std::string()) +
              "1 outline of the whole " + (p.chunked ? "set of notes" : "transcript") + ", " + std::to_string(p.section_steps) +
              " sections, 1 front matter" + (p.dialogue_steps ? ", " + std::to_string(p.dialogue_steps) + " dialogue chunks" : std::string()) +
              "), about " + k(in) + " tokens in and " + k(out) + " out; article about " + std::to_string(p.article_length) + " " +
              p.length_unit + (p.dialogue_length ? " plus the dialogue, about " + std::to_string(p.dialogue_length) + " " + p.length_unit : std::string());
  return p;
}

// ---------------------------------------------------------------------------------------------- condensing notes
// A transcript too long for one request is read in parts, and the outline reads the notes on every part. When
// those notes are too long for the outline's request too (a small context window; a free plan's tokens a minute,
// which hold the prompt and the answer's room together), each part's notes are asked to be shorter, and once
// they are written, consecutive notes are condensed in groups, level by level, until the outline can read them.

int Pipeline::NotesRoom(const prompts::Prompt& empty, int answer_tokens, double scale) const {
  LlmRequest r;
  r.system = empty.system;
  r.user = empty.user;
  r.schema = empty.schema;
  // Kept 15% short of the limit, with room for the answer and the provider's margin.
  return (int)((options_.context_tokens * 85 / 100 - std::min(options_.max_output_tokens, answer_tokens) - 64) / scale) -
         PromptTokens(provider_, r);
}

// The outline writes every section's points, quotations and the glossary, with some thinking; a condensing step
// writes a share of the notes (at most half its room: the rest is for thinking), and is sent with that room.
constexpr int kOutlineAnswerTokens = 3000;
int Pipeline::CondenseAnswerTokens() const { return std::min(options_.max_output_tokens, 2500); }

// Whether notes fit a request: our estimate, corrected by what the provider counted (prompt_token_scale).
static double CountedScale(const ProviderConfig& p) { return std::max(1.0, SessionFor(p).prompt_token_scale); }
int Pipeline::OutlineNotesRoom() const {
  return NotesRoom(prompts::Outline(spec_, transcript_, "", true), kOutlineAnswerTokens, CountedScale(provider_));
}
int Pipeline::CondenseNotesRoom() const {
  return NotesRoom(prompts::CondenseNotes(spec_, "", 1, 1, 1), CondenseAnswerTokens(), CountedScale(provider_));
}

// The room the lengths asked are shares of: an outline's for the output language alone, as we estimate it, less
// 15% (models write a little over the length asked). Another shape of article (sections, tone, instructions), or
// a provider found to count more, does not change a length asked, so nothing written is asked for again.
int Pipeline::NotesLengthRoom() const {
  ArticleSpec shape_free;
  shape_free.output_language = spec_.output_language;
  return NotesRoom(prompts::Outline(shape_free, transcript_, "", true), kOutlineAnswerTokens, 1.0) * 85 / 100;
}

// A length is asked of each part's notes only when the outline could not read them at their natural length: a
// share of the room, never under kLeastNotesTokens (shorter keeps too little of a part; condensing follows).
int Pipeline::NotesTargetTokens(int parts) const {
  const int room = NotesLengthRoom();
  if (parts <= 0 || (long)parts * kNaturalNotesTokens <= room) return 0;
  return std::max(kLeastNotesTokens, room / parts);
}

std::vector<const Step*> Pipeline::TopNotes() const {
  std::set<std::string> read;
  for (const Step& s : steps_) if (s.kind == StepKind::Notes) read.insert(s.sources.begin(), s.sources.end());
  std::vector<const Step*> top;
  for (const Step& s : steps_)
    if (s.kind == StepKind::Notes && !read.count(s.id) && !s.turn_ids.empty()) top.push_back(&s);
  std::stable_sort(top.begin(), top.end(), [](const Step* a, const Step* b) { return a->turn_ids.front() < b->turn_ids.front(); });
  return top;
}

std::string Pipeline::NotesMaterial(const std::vector<const Step*>& notes) const {
  std::string material;
  for (size_t i = 0; i < notes.size(); ++i)
    material += "Part " + std::to_string(i + 1) + " (turns T" + std::to_string(notes[i]->turn_ids.front()) + " to T" +
                std::to_string(notes[i]->turn_ids.back()) + "):\n" + notes[i]->text + "\n\n";
  return material;
}

bool Pipeline::AddCondenseSteps() {
  const Step* outline = Find("outline");
  if (!outline || outline->state != StepState::Queued) return false;
  const std::vector<const Step*> top = TopNotes();
  if (top.empty()) return false;
  int level = 0;
  long total = 0, before = 0;
  std::vector<int> tokens;
  for (const Step* n : top) {
    if (n->state != StepState::Done) return false;
    level = std::max(level, n->level);
    tokens.push_back(EstimateTokens(NotesMaterial({n}), provider_.Tokenizer()));
    total += tokens.back();
    for (const std::string& id : n->sources)
      if (const Step* src = Find(id)) before += EstimateTokens(NotesMaterial({src}), provider_.Tokenizer());
  }
  // Condensing cannot help when the outline's instructions alone fill its request: it then fails with the limit.
  const int room = OutlineNotesRoom();
  if (total <= room || room < kLeastNotesTokens || level >= kMaxCondenseLevels) return false;
  // A level that did not shorten the notes by a tenth is not followed by another: the outline reads them as they are.
  if (level > 0 && total * 10 > before * 9) return false;
  // Consecutive notes in groups that fit a condensing request, each asked for its share of the room, and for no
  // more than half of its answer's room (the rest is for thinking).
  const int cap = std::max(kLeastNotesTokens, CondenseNotesRoom());
  const int share_of = NotesLengthRoom();
  std::vector<Step> added;
  int next = 0;
  for (const Step& s : steps_) next += s.kind == StepKind::Notes && s.level > 0;
  long group_tokens = 0;
  for (size_t i = 0; i < top.size(); ++i) {
    if (added.empty() || group_tokens + tokens[i] > cap) {
      Step c;
      c.id = "condense-" + std::to_string(next);
      c.kind = StepKind::Notes;
      c.index = next++;
      c.level = level + 1;
      added.push_back(c);
      group_tokens = 0;
    }
    Step& c = added.back();
    c.sources.push_back(top[i]->id);
    c.turn_ids.insert(c.turn_ids.end(), top[i]->turn_ids.begin(), top[i]->turn_ids.end());
    group_tokens += tokens[i];
    c.target_tokens = std::max(kLeastNotesTokens / 2, std::min(CondenseAnswerTokens() / 2, (int)((long)share_of * group_tokens / total)));
  }
  for (Step& c : added) std::sort(c.turn_ids.begin(), c.turn_ids.end());
  auto at = std::find_if(steps_.begin(), steps_.end(), [](const Step& s) { return s.kind == StepKind::Outline; });
  steps_.insert(at, added.begin(), added.end());
  return true;
}

// ---------------------------------------------------------------------------------------------- scheduling

Step* Pipeline::Find(const std::string& id) {
  for (Step& s : steps_) if (s.id == id) return &s;
  return nullptr;
}
const Step* Pipeline::Find(const std::string& id) const {
  for (const Step& s : steps_) if (s.id == id) return &s;
  return nullptr;
}

bool Pipeline::Ready(const Step& s) const {
  if (s.not_before_ms > scheduler_.NowMs()) return false;
  switch (s.kind) {
    case StepKind::Notes:
      return std::all_of(s.sources.begin(), s.sources.end(), [this](const std::string& id) { const Step* x = Find(id); return x && x->state == StepState::Done; });
    case StepKind::Outline:
      return std::all_of(steps_.begin(), steps_.end(), [](const Step& x) { return x.kind != StepKind::Notes || x.state == StepState::Done; });
    case StepKind::Section:
    case StepKind::Dialogue: return outline_ready_;   // both need the glossary
    case StepKind::FrontMatter:
      return outline_ready_ && repairs_checked_ &&
             std::all_of(steps_.begin(), steps_.end(), [](const Step& x) { return x.kind != StepKind::Section || x.state == StepState::Done; });
  }
  return false;
}

void Pipeline::Start() {
  if (status_ == Status::Running) return;
  if (transcript_.turns.empty()) {
    error_ = LlmError();
    error_.kind = ErrorKind::BadRequest;
    error_.message = "The transcript is empty: paste or open one first.";
    status_ = Status::Failed;
    if (on_finish) on_finish();
    return;
  }
  started_ms_ = scheduler_.NowMs();
  SessionFor(provider_).circuit.Reset();   // the user starts again on purpose: the provider gets a new chance
  if (steps_.empty()) BuildSteps();
  // Continuing (after Restore, Cancel or a failure): unfinished steps run again.
  for (Step& s : steps_)
    if (s.state != StepState::Done) { s.state = StepState::Queued; s.partial.clear(); s.error = LlmError(); }
  if (outline_ready_) AddWritingSteps();
  status_ = Status::Running;
  error_ = LlmError();
  Changed();
  Pump();
}

void Pipeline::BuildSteps() {
  const PipelinePlan plan = Plan();
  if (plan.chunked) {
    std::vector<Chunk> chunks = ChunkTranscript(transcript_, options_.chunk_tokens, provider_.Tokenizer());
    const int target = NotesTargetTokens((int)chunks.size());
    for (size_t i = 0; i < chunks.size(); ++i) {
      Step s;
      s.id = "notes-" + std::to_string(i);
      s.kind = StepKind::Notes;
      s.index = (int)i;
      s.target_tokens = target;
      s.turn_ids = chunks[i].turn_ids;
      steps_.push_back(s);
    }
  }
  Step o;
  o.id = "outline";
  o.kind = StepKind::Outline;
  steps_.push_back(o);
  if (spec_.HasDialogue() && spec_.dialogue_length == DialogueLength::Full) {
    std::vector<int> all;
    for (const Turn& t : transcript_.turns) all.push_back(t.id);
    AddDialogueSteps(all);
  }
}

// Dialogue chunk size: the option's, smaller when the talk would make too few chunks to keep every
// request slot busy (at least three per slot), never under 400 tokens.
int Pipeline::DialogueChunkTokens() const {
  const int total = transcript_tokens_;
  return std::max(std::min(400, options_.dialogue_chunk_tokens), std::min(options_.dialogue_chunk_tokens, total / (std::max(1, provider_.concurrency) * 3)));
}

// Dialogue chunks for these turns (those not yet covered by a dialogue step), at the end of the list.
void Pipeline::AddDialogueSteps(const std::vector<int>& wanted) {
  std::set<int> covered;
  int next_index = 0;
  for (const Step& s : steps_)
    if (s.kind == StepKind::Dialogue) { covered.insert(s.turn_ids.begin(), s.turn_ids.end()); next_index = std::max(next_index, s.index + 1); }
  Transcript part = transcript_;
  part.turns.clear();
  for (const Turn& t : transcript_.turns)
    if (!covered.count(t.id) && std::binary_search(wanted.begin(), wanted.end(), t.id)) part.turns.push_back(t);
  if (part.turns.empty()) return;
  // Chunks never join turns that are not next to each other (key exchanges are separate runs).
  std::vector<std::vector<Turn>> runs;
  for (const Turn& t : part.turns) {
    if (runs.empty() || runs.back().back().id + 1 != t.id) runs.emplace_back();
    runs.back().push_back(t);
  }
  for (const auto& run : runs) {
    Transcript r = transcript_;
    r.turns = run;
    for (const Chunk& c : ChunkTranscript(r, DialogueChunkTokens(), provider_.Tokenizer())) {
      Step s;
      s.id = "dialogue-" + std::to_string(next_index);
      s.kind = StepKind::Dialogue;
      s.index = next_index++;
      s.turn_ids = c.turn_ids;
      steps_.push_back(s);
    }
  }
}

void Pipeline::Pump() {
  if (status_ != Status::Running) return;
  if (!outline_ready_) AddCondenseSteps();   // when the notes are written and too long for the outline
  // The check-and-repair round runs once, when every body section is written.
  if (outline_ready_ && !repairs_checked_ &&
      std::all_of(steps_.begin(), steps_.end(), [](const Step& x) { return x.kind != StepKind::Section || x.state == StepState::Done; }))
    QueueRepairs();
  int in_flight = 0;
  for (const Step& s : steps_) in_flight += s.state == StepState::Running || s.state == StepState::Streaming;
  for (size_t i = 0; i < steps_.size() && in_flight < limit_; ++i) {
    if (steps_[i].state != StepState::Queued || !Ready(steps_[i])) continue;
    Launch(steps_[i]);
    ++in_flight;
    if (status_ != Status::Running) return;
  }
  if (in_flight > 0) return;
  bool queued = false, failed = false;
  for (const Step& s : steps_) {
    queued |= s.state == StepState::Queued;
    failed |= s.state == StepState::Failed && s.kind != StepKind::Dialogue;   // a failed dialogue chunk is a gap, not a failure
  }
  if (queued && !failed) {
    // Requeued steps wait for their timer, which pumps again; a step that can never become ready is a bug
    // in the plan, reported rather than left waiting.
    const bool waiting = std::any_of(steps_.begin(), steps_.end(), [&](const Step& s) { return s.state == StepState::Queued && s.not_before_ms > scheduler_.NowMs(); });
    if (waiting) return;
  }
  if (failed || queued) {
    for (const Step& s : steps_)
      if (s.state == StepState::Failed && s.kind != StepKind::Dialogue) { error_ = s.error; break; }
    if (!failed) { error_ = LlmError(); error_.kind = ErrorKind::BadResponse; error_.message = "Some steps could not start: retry the run."; }
    status_ = Status::Failed;
    result_.elapsed_ms = scheduler_.NowMs() - started_ms_;
    Changed();
    if (on_finish) on_finish();
    return;
  }
  Finish();
}

// ---------------------------------------------------------------------------------------------- prompts

std::string Pipeline::TurnsText(const std::vector<int>& ids) const {
  std::string out;
  int prev = 0;
  for (int id : ids) {
    if (id < 1 || id > (int)transcript_.turns.size()) continue;
    if (prev && id != prev + 1) out += "[…]\n";   // a gap between the ranges a theme draws on
    out += prompts::TurnLine(transcript_, transcript_.turns[id - 1]);
    out += '\n';
    prev = id;
  }
  return out;
}

prompts::Prompt Pipeline::PromptFor(const Step& s) const {
  auto active = active_prompts_.find(s.id);
  if (active != active_prompts_.end()) return active->second;
  switch (s.kind) {
    case StepKind::Notes: {
      const int words = s.target_tokens / 2;   // the JSON around the words costs about as many tokens again
      if (s.level > 0) {
        std::vector<const Step*> sources;
        for (const std::string& id : s.sources) if (const Step* x = Find(id)) sources.push_back(x);
        return prompts::CondenseNotes(spec_, NotesMaterial(sources), s.turn_ids.front(), s.turn_ids.back(), words);
      }
      const int count = (int)std::count_if(steps_.begin(), steps_.end(), [](const Step& x) { return x.kind == StepKind::Notes && x.level == 0; });
      return prompts::Notes(spec_, TurnsText(s.turn_ids), s.index, count, words);
    }
    case StepKind::Outline: {
      // The whole transcript when it fits; otherwise the notes on every part of it (condensed, if need be).
      // Never cut turns.
      const std::vector<const Step*> notes = TopNotes();
      std::string material = NotesMaterial(notes);
      if (notes.empty())
        for (const Turn& t : transcript_.turns) material += prompts::TurnLine(transcript_, t) + "\n";
      return prompts::Outline(spec_, transcript_, material, !notes.empty());
    }
    case StepKind::Section: {
      // The outline's reading of the theme as notes, and in full only the turns the writer needs in the
      // speakers' own words (quoted, or covered by no point): the transcript is not read a second time.
      prompts::SectionBrief b;
      const Theme& th = outline_.sections[s.index];
      b.heading = th.heading;
      for (const Point& p : th.points) {
        std::string turns;
        for (const auto& [a, z] : p.ranges)
          turns += (turns.empty() ? "T" : ", T") + std::to_string(a) + (z > a ? "-T" + std::to_string(z) : std::string());
        b.points.push_back(p.text + (turns.empty() ? "" : " [" + turns + "]"));
      }
      // Lines in turn order: whole turns, and the sentences around each chosen quotation.
      std::map<int, std::string> shown;
      // A rewrite because the section came out empty or far too short: the notes were not enough, so its
      // writer reads every turn of the theme (the only case a section reads its turns again).
      bool too_short = false;
      for (const SectionRewrite& r : result_.repairs)
        if (r.section == s.index && s.repaired)
          for (const std::string& why : r.problems) too_short |= text::StartsWith(why, "it is empty") || text::StartsWith(why, "it is far under");
      for (int id : too_short ? th.turn_ids : th.full_turn_ids) shown[id] = transcript_.turns[id - 1].text;
      std::set<int> excerpted;
      for (const ChosenQuote& q : th.quotes) {
        if (q.words.empty() || std::binary_search(outline_.excluded.begin(), outline_.excluded.end(), q.turn_id)) continue;
        b.quotes.push_back("[T" + std::to_string(q.turn_id) + "] “" + q.words + "”");
        const std::string& whole = transcript_.turns[q.turn_id - 1].text;
        if (shown.count(q.turn_id) && !excerpted.count(q.turn_id)) continue;   // already in full
        // A second quotation from the same turn: the whole turn.
        shown[q.turn_id] = excerpted.insert(q.turn_id).second ? QuoteExcerpt(whole, q.words) : whole;
      }
      int prev = 0;
      for (const auto& [id, words] : shown) {
        if (prev && id != prev + 1) b.source_lines += "[…]\n";
        Turn t = transcript_.turns[id - 1];
        t.text = words;
        b.source_lines += prompts::TurnLine(transcript_, t) + "\n";
        prev = id;
      }
      // What the other sections are about (their headings), not their points: this section's own points
      // are above, and the repair round catches repetition.
      if (!outline_.main_subject.empty()) b.outline_summary = "Main subject: " + outline_.main_subject + "\n";
      for (size_t i = 0; i < outline_.sections.size(); ++i)
        if ((int)i != s.index) b.outline_summary += "- Section " + std::to_string(i + 1) + ": " + outline_.sections[i].heading + "\n";
      std::string read = b.source_lines;
      for (const std::string& p : b.points) read += p + "\n";
      b.glossary = prompts::GlossaryTextFor(glossary_, read);
      b.extra_instruction = s.instruction;
      return prompts::WriteSection(spec_, b);
    }
    case StepKind::FrontMatter: {
      prompts::FrontBrief b;
      if (!outline_.main_subject.empty()) b.outline_summary = "Main subject: " + outline_.main_subject + "\n";
      b.glossary = GlossaryPrompt();
      b.extra_instruction = s.instruction;
      for (size_t i = 0; i < outline_.sections.size(); ++i)
        b.sections += "## " + outline_.sections[i].heading + "\n\n" + SectionResult((int)i).body + "\n\n";
      return prompts::WriteFrontMatter(spec_, b);
    }
    case StepKind::Dialogue: return prompts::Dialogue(spec_, TurnsText(s.turn_ids), s.turn_ids, GlossaryPrompt());
  }
  return {};
}

void Pipeline::Launch(Step& s) {
  prompts::Prompt p = PromptFor(s);
  LlmRequest r;
  r.system = p.system;
  r.user = p.user;
  r.schema = p.schema;
  r.schema_name = p.schema_name.empty() ? "result" : p.schema_name;
  r.stream = true;
  switch (s.kind) {
    case StepKind::Section: r.max_output_tokens = std::min(options_.max_output_tokens, OutputTokensFor(spec_)); break;
    case StepKind::FrontMatter: r.max_output_tokens = std::min(options_.max_output_tokens, OutputTokensFor(spec_) * 2 + 600); break;
    case StepKind::Dialogue: r.max_output_tokens = std::min(options_.max_output_tokens, options_.dialogue_chunk_tokens * 3 + 500); break;
    case StepKind::Notes: r.max_output_tokens = s.level ? CondenseAnswerTokens() : options_.max_output_tokens; break;   // as its room was reserved
    default: r.max_output_tokens = options_.max_output_tokens; break;
  }
  active_prompts_[s.id] = p;
  s.state = StepState::Running;
  s.partial.clear();
  const std::string id = s.id;
  auto call = std::make_unique<LlmCall>(transport_, scheduler_, provider_, r);
  call->honour_open_circuit = true;   // after a key, billing or model error no further step is sent
  call->on_activity = [this] { Changed(); };   // thinking shows in the progress list
  call->on_delta = [this, id](std::string_view, const std::string& all) {
    if (Step* st = Find(id)) { st->state = StepState::Streaming; st->partial = all; }
    Changed();
  };
  call->on_retry = [this](const LlmError& why, int, double) {
    // Adapt to the provider's limits: fewer requests at once after a 429.
    if (why.kind == ErrorKind::RateLimit && limit_ > 1) --limit_;
    Changed();
  };
  call->on_done = [this, id](const LlmResult& res) {
    // The call object outlives this callback; it is released on the next turn of the event loop.
    auto it = calls_.find(id);
    if (it != calls_.end()) {
      std::shared_ptr<LlmCall> dead(std::move(it->second));
      calls_.erase(it);
      scheduler_.After(0, [dead] {});
    }
    OnStepDone(id, res);
  };
  LlmCall* raw = call.get();
  calls_[id] = std::move(call);
  Changed();
  raw->Start();
}

// ---------------------------------------------------------------------------------------------- outline

bool Pipeline::ParseOutline(const std::string& text, Outline* o, std::vector<std::string>* problems) const {
  json j = ParseAnswerJson(text);
  if (j.is_discarded() || !j.is_object()) {
    problems->push_back("The answer is not valid JSON.");
    return false;
  }
  const int n_turns = (int)transcript_.turns.size();
  auto ranges = [&](const json& list, const std::string& owner, std::vector<int>* ids, std::vector<std::pair<int, int>>* pairs = nullptr) {
    for (const json& r : (list.is_array() ? list : json::array())) {
      int a = js::Int(r, "first_turn"), b = js::Int(r, "last_turn");
      if (a < 1 || b < a || a > n_turns) {
        problems->push_back(owner + " has an invalid turn range " + std::to_string(a) + "-" + std::to_string(b) +
                            " (turns are numbered 1 to " + std::to_string(n_turns) + ").");
        continue;
      }
      for (int id = a; id <= std::min(b, n_turns); ++id) ids->push_back(id);
      if (pairs) pairs->push_back({a, std::min(b, n_turns)});
    }
  };
  o->sections.clear();
  for (const json& s : js::At(j, "sections")) {
    Theme th;
    th.heading = std::string(text::Trim(js::Str(s, "heading")));
    if (th.heading.empty()) problems->push_back("A section has no heading.");
    const std::string owner = "Section \"" + th.heading + "\"";
    // Points with the turns they come from; a plain string is a point without turns (its theme's turns,
    // then, are read in full by the writer).
    for (const json& pt : js::At(s, "points")) {
      Point point;
      point.text = std::string(text::Trim(pt.is_string() ? pt.get<std::string>() : js::Str(pt, "text")));
      if (pt.is_object()) ranges(js::At(pt, "turn_ranges"), owner, &th.turn_ids, &point.ranges);
      if (!point.text.empty()) th.points.push_back(point);
    }
    ranges(js::At(s, "turn_ranges"), owner, &th.turn_ids);   // a theme's own ranges, when the outline gives them
    // Quotations chosen for the section: kept with their words only when the words are that turn's.
    for (const json& q : js::At(s, "quotes")) {
      const int id = js::Int(q, "turn_id");
      if (id < 1 || id > n_turns) continue;
      ChosenQuote c{id, std::string(text::Trim(js::Str(q, "words")))};
      if (!c.words.empty() && !ContainsLoosely(transcript_.turns[id - 1].text, c.words)) c.words.clear();
      th.quotes.push_back(c);
    }
    if (th.turn_ids.empty()) problems->push_back(owner + " has no turn ranges.");
    o->sections.push_back(th);
  }
  const int want = spec_.BodySectionCount();
  if ((int)o->sections.size() != want)
    problems->push_back("\"sections\" must have exactly " + std::to_string(want) + " items (got " + std::to_string(o->sections.size()) + ").");
  if (!spec_.section_headings.empty())
    for (size_t i = 0; i < o->sections.size() && i < spec_.section_headings.size(); ++i)
      o->sections[i].heading = spec_.section_headings[i];   // the user's headings are kept as written
  std::set<std::string> headings;
  for (const auto& s : o->sections)
    if (!headings.insert(s.heading).second) problems->push_back("Two sections have the heading \"" + s.heading + "\"; sections must be distinct.");
  o->excluded.clear();
  std::vector<std::string> ignored;
  std::swap(*problems, ignored);   // a bad excluded or key range is dropped, not worth a repair round
  ranges(js::At(j, "excluded"), "An excluded span", &o->excluded);
  o->key_turns.clear();
  ranges(js::At(j, "key_exchanges"), "A key exchange", &o->key_turns);
  std::swap(*problems, ignored);
  o->glossary.clear();
  std::set<std::string> seen;
  for (const json& g : js::At(j, "glossary")) {
    GlossaryEntry e{std::string(text::Trim(js::Str(g, "source"))), std::string(text::Trim(js::Str(g, "rendering"))), js::Str(g, "kind"), js::Str(g, "note")};
    if (e.source.empty() || !seen.insert(e.source).second) continue;
    if (e.rendering.empty()) e.rendering = e.source;
    o->glossary.push_back(e);
  }
  for (const Speaker& s : transcript_.speakers)
    if (!s.name.empty() && seen.insert(s.name).second) o->glossary.push_back({s.name, s.name, "person", s.role});
  o->main_subject = js::Str(j, "main_subject");
  if (!problems->empty()) return false;

  // Themes, cleaned deterministically: excluded spans out; a turn claimed by two sections stays with the
  // first (unless that would leave the second with nothing); substantive turns no section took go to
  // the section whose turns are nearest, so the sections together cover the talk.
  std::sort(o->excluded.begin(), o->excluded.end());
  o->excluded.erase(std::unique(o->excluded.begin(), o->excluded.end()), o->excluded.end());
  const std::set<int> excluded(o->excluded.begin(), o->excluded.end());
  std::vector<int> owner(n_turns + 1, -1);
  for (size_t i = 0; i < o->sections.size(); ++i) {
    std::vector<int>& ids = o->sections[i].turn_ids;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<int> kept;
    for (int id : ids) if (!excluded.count(id) && owner[id] < 0) kept.push_back(id);
    if (kept.empty()) for (int id : ids) if (!excluded.count(id)) kept.push_back(id);
    if (kept.empty()) kept = ids;
    for (int id : kept) if (owner[id] < 0) owner[id] = (int)i;
    ids = kept;
  }
  for (int id = 1; id <= n_turns; ++id) {
    if (owner[id] >= 0 || excluded.count(id)) continue;
    int best = -1, dist = n_turns + 1;
    for (int d = 1; d <= n_turns && best < 0; ++d) {
      if (id - d >= 1 && owner[id - d] >= 0) { best = owner[id - d]; dist = d; }
      else if (id + d <= n_turns && owner[id + d] >= 0) { best = owner[id + d]; dist = d; }
    }
    (void)dist;
    if (best < 0) continue;
    owner[id] = best;
    o->sections[best].turn_ids.insert(std::upper_bound(o->sections[best].turn_ids.begin(), o->sections[best].turn_ids.end(), id), id);
  }
  // What each writer reads in full: the turns it quotes, and the turns of its theme that no point covers
  // (not summarised by the outline, so only their own words carry them).
  for (Theme& th : o->sections) {
    std::set<int> covered;
    for (const Point& p : th.points)
      for (const auto& [a, b] : p.ranges) for (int id = a; id <= b; ++id) covered.insert(id);
    std::set<int> full;
    for (int id : th.turn_ids) if (!covered.count(id)) full.insert(id);
    for (const ChosenQuote& q : th.quotes) if (!excluded.count(q.turn_id) && q.words.empty()) full.insert(q.turn_id);
    th.full_turn_ids.assign(full.begin(), full.end());
  }
  std::sort(o->key_turns.begin(), o->key_turns.end());
  o->key_turns.erase(std::unique(o->key_turns.begin(), o->key_turns.end()), o->key_turns.end());
  o->key_turns.erase(std::remove_if(o->key_turns.begin(), o->key_turns.end(), [&](int id) { return excluded.count(id) > 0; }), o->key_turns.end());
  return true;
}

void Pipeline::AddWritingSteps() {
  // Writing steps go before the dialogue chunks so the article's body is not starved.
  auto add = [&](const std::string& id, StepKind kind, int index) {
    if (Find(id)) return;
    Step s;
    s.id = id;
    s.kind = kind;
    s.index = index;
    auto pos = std::find_if(steps_.begin(), steps_.end(), [](const Step& x) { return x.kind == StepKind::Dialogue; });
    steps_.insert(pos, s);
  };
  for (size_t i = 0; i < outline_.sections.size(); ++i) add("section-" + std::to_string(i), StepKind::Section, (int)i);
  add("front", StepKind::FrontMatter, 0);
  if (spec_.HasDialogue() && spec_.dialogue_length == DialogueLength::KeyExchanges) AddDialogueSteps(outline_.key_turns);
}

void Pipeline::SplitDialogue(Step& s) {
  const std::vector<int> ids = s.turn_ids;
  const size_t half = ids.size() / 2;
  Step a = s, b = s;
  a.id = s.id + ".1";
  b.id = s.id + ".2";
  a.turn_ids.assign(ids.begin(), ids.begin() + half);
  b.turn_ids.assign(ids.begin() + half, ids.end());
  for (Step* x : {&a, &b}) { x->state = StepState::Queued; x->text.clear(); x->partial.clear(); x->attempts = 0; x->usage = Usage(); x->error = LlmError(); }
  const std::string old = s.id;
  active_prompts_.erase(old);
  auto it = std::find_if(steps_.begin(), steps_.end(), [&](const Step& x) { return x.id == old; });
  it = steps_.erase(it);
  it = steps_.insert(it, b);
  steps_.insert(it, a);
}

// ---------------------------------------------------------------------------------------------- results

void Pipeline::OnStepDone(const std::string& id, const LlmResult& r) {
  Step* s = Find(id);
  if (!s) return;
  s->attempts += r.attempts;
  s->ms += r.elapsed_ms;
  s->usage.input_tokens += r.usage.input_tokens;
  s->usage.output_tokens += r.usage.output_tokens;
  s->usage.estimated |= r.usage.estimated;
  if (!r.ok) {
    if (r.error.kind == ErrorKind::Aborted) {
      s->state = StepState::Cancelled;
      s->error = r.error;
      Changed();
      return;   // Cancel() finishes the run
    }
    // A refused or cut dialogue chunk is retried smaller.
    if (s->kind == StepKind::Dialogue && s->turn_ids.size() > 1 &&
        (r.error.kind == ErrorKind::ContentFilter || r.error.kind == ErrorKind::Truncated)) {
      SplitDialogue(*s);
      Changed();
      Pump();
      return;
    }
    // Rate limits and overload that outlast a request's own retries: fewer requests at once, and the
    // step goes back in the queue after a pause (twice at most).
    if ((r.error.kind == ErrorKind::RateLimit || r.error.kind == ErrorKind::Overloaded) && s->requeues < 2 && r.text.empty()) {
      ++s->requeues;
      if (limit_ > 1) --limit_;
      const double wait_ms = std::max(5000.0, r.error.retry_after_sec * 1000) * s->requeues;
      s->state = StepState::Queued;
      s->not_before_ms = scheduler_.NowMs() + wait_ms;
      s->error = r.error;   // shown while it waits
      scheduler_.After(wait_ms, [this] { Pump(); });
      Changed();
      Pump();
      return;
    }
    // A section's answer that broke off after some text (the connection dropped, went quiet past the idle
    // limit, or the provider stopped it for lack of capacity: DeepSeek's "insufficient_system_resource", an
    // overload event mid-stream): continue where it stopped, automatically, as for an answer cut at the
    // output limit.
    if ((s->kind == StepKind::Section || s->kind == StepKind::FrontMatter) && !r.text.empty() && s->continuations < 2 &&
        (r.error.kind == ErrorKind::Network || r.error.kind == ErrorKind::Timeout || r.error.kind == ErrorKind::Overloaded)) {
      ++s->continuations;
      s->text += r.text;
      active_prompts_.erase(id);
      active_prompts_[id] = prompts::Continue(PromptFor(*s), s->text);
      s->state = StepState::Queued;   // quietly, as a retry is: the continuation's own failure is what is shown
      Changed();
      Pump();
      return;
    }
    s->state = StepState::Failed;
    s->error = r.error;
    s->partial = r.text;   // what arrived is kept and shown
    Changed();
    Pump();
    return;
  }
  switch (s->kind) {
    case StepKind::Notes: {
      json j = ParseAnswerJson(r.text);
      if (j.is_discarded() || !j.is_object()) {
        s->state = StepState::Failed;
        s->error.kind = ErrorKind::BadResponse;
        s->error.message = (s->level ? "The condensed notes on turns T" + std::to_string(s->turn_ids.front()) + " to T" + std::to_string(s->turn_ids.back())
                                     : "The notes for part " + std::to_string(s->index + 1)) +
                           " were not valid JSON. Retry this step, or choose a model that supports structured output.";
      } else {
        s->text = js::Dump(j);
        s->state = StepState::Done;
      }
      break;
    }
    case StepKind::Outline: {
      std::vector<std::string> problems;
      if (r.finish == FinishReason::Length) problems.push_back("The answer was cut off at the output limit.");
      Outline o;
      if (problems.empty() && ParseOutline(r.text, &o, &problems)) {
        outline_ = o;
        outline_ready_ = true;
        glossary_ = WithCorrections(outline_.glossary, glossary_corrections_);
        s->text = r.text;
        s->state = StepState::Done;
        active_prompts_.erase(id);
        AddWritingSteps();
      } else if (!s->repaired) {
        s->repaired = true;   // one repair round with what was wrong
        active_prompts_[id] = prompts::OutlineRepair(PromptFor(*s), r.text, problems);
        s->state = StepState::Queued;
      } else {
        s->state = StepState::Failed;
        s->text = r.text;
        s->error.kind = ErrorKind::BadResponse;
        std::string list;
        for (const std::string& p : problems) list += " " + p;
        s->error.message = "The model's outline could not be used, even after one correction:" + list +
                           " Retry the outline, or choose a model that supports structured output.";
      }
      break;
    }
    case StepKind::Section:
    case StepKind::FrontMatter: {
      s->text += r.text;
      if (r.finish == FinishReason::Length && s->continuations < 2) {
        // Cut at the output limit: continue where it stopped, automatically.
        ++s->continuations;
        active_prompts_.erase(id);
        const prompts::Prompt base = PromptFor(*s);
        active_prompts_[id] = prompts::Continue(base, s->text);
        s->state = StepState::Queued;
        break;
      }
      active_prompts_.erase(id);
      // Only meaningful content counts: still cut off after the continuations is a failure.
      if (r.finish == FinishReason::Length) {
        s->state = StepState::Failed;
        s->partial = s->text;
        s->text.clear();
        s->error = LlmError();
        s->error.kind = ErrorKind::Truncated;
        s->error.message = "This part was still cut off at the model's output limit after two continuations. Retry it, "
                           "or choose a model with a larger output limit.";
        break;
      }
      json j = ParseAnswerJson(s->text);
      const bool usable = s->kind == StepKind::Section ? !text::Trim(SectionResult(s->index).body).empty()
                                                       : j.is_object() && !js::Str(j, "title").empty();
      if (!usable) {
        s->state = StepState::Failed;
        s->partial = s->text;
        s->text.clear();
        s->error.kind = text::Trim(s->partial).empty() ? ErrorKind::EmptyAnswer : ErrorKind::BadResponse;
        s->error.message = std::string(s->kind == StepKind::Section ? "Section " + std::to_string(s->index + 1) : std::string("The front matter")) +
                           " came back empty or not as the requested JSON. Retry this step, or choose a model that supports structured output.";
        break;
      }
      s->state = StepState::Done;
      break;
    }
    case StepKind::Dialogue: {
      json j = ParseAnswerJson(r.text);
      std::vector<int> got;
      for (const json& t : js::At(j, "turns")) got.push_back(js::Int(t, "turn_id"));
      const bool complete = got == s->turn_ids && r.finish != FinishReason::Length;
      if (complete) {
        s->text = js::Dump(j);
        s->state = StepState::Done;
      } else if (s->turn_ids.size() > 1) {
        SplitDialogue(*s);   // came back short or cut: the same turns in two smaller requests
        s = nullptr;
      } else if (s->attempts < 3) {
        s->state = StepState::Queued;
      } else {
        s->state = StepState::Failed;
        s->error.kind = ErrorKind::BadResponse;
        s->error.message = "The dialogue for turn T" + std::to_string(s->turn_ids.front()) + " came back " +
                           std::to_string(got.size()) + " times instead of once, three times. It is shown as in the transcript; retry this step.";
      }
      break;
    }
  }
  Changed();
  Pump();
}

// A section step's answer: its Markdown body (markers made canonical) and the quotations it declared.
// An answer that is plain Markdown rather than JSON (a weaker structured mode) is the body itself.
Pipeline::SectionAnswer Pipeline::SectionResult(int index) const {
  SectionAnswer a;
  const Step* s = Find("section-" + std::to_string(index));
  if (!s) return a;
  const std::string& raw = s->state == StepState::Done ? s->text : s->text.empty() ? s->partial : s->text;
  json j = ParseAnswerJson(raw);
  if (j.is_object() && j.contains("body")) {
    a.body = js::Str(j, "body");
    for (const json& q : js::At(j, "quotes")) {
      QuoteEvidence e;
      e.turn_id = js::Int(q, "turn_id");
      e.speaker = js::Str(q, "speaker");
      e.original = js::Str(q, "original");
      e.rendered = js::Str(q, "rendered");
      e.section = index;
      a.quotes.push_back(e);
    }
  } else if (!j.is_object()) {
    a.body = raw;
  }
  a.body = std::string(text::Trim(a.body));
  // A model may start with the heading despite the instructions: it is part of the template.
  if (text::StartsWith(a.body, "#")) {
    const size_t nl = a.body.find('\n');
    a.body = nl == std::string::npos ? "" : std::string(text::Trim(a.body.substr(nl + 1)));
  }
  a.body = CanonicalTurnMarkers(a.body);
  return a;
}

// ---------------------------------------------------------------------------------------------- check and repair

std::map<int, std::vector<std::string>> Pipeline::SectionProblems() {
  std::map<int, std::vector<std::string>> found;
  const int n = (int)outline_.sections.size();
  std::vector<std::string> bodies(n);
  for (int i = 0; i < n; ++i) bodies[i] = RemoveTurnMarkers(SectionResult(i).body);
  const std::string lang = LanguageDisplayName(spec_.output_language);
  const bool cjk_out = IsCjkLanguage(spec_.output_language);
  // Empty or far under its length.
  for (int i = 0; i < n; ++i) {
    const int len = LengthIn(spec_.length_unit, bodies[i]);
    const char* unit = spec_.length_unit == LengthUnit::Words ? "words" : "characters";
    if (len == 0) found[i].push_back("it is empty");
    else if (len * 10 < spec_.section_length * 4)
      found[i].push_back("it is far under its length (" + std::to_string(len) + " " + unit + " where about " +
                         std::to_string(spec_.section_length) + " were asked)");
  }
  // Repetition: a section whose sentences largely reappear, nearly word for word, in another section (a
  // sentence counts when 80% of its shingles are in that section; the section when three sentences do —
  // a copied paragraph — or two that are a quarter of it). The later of the two is rewritten.
  std::vector<std::unordered_set<std::string>> sh(n);
  for (int i = 0; i < n; ++i) sh[i] = Shingles(bodies[i]);
  for (int i = 0; i < n; ++i) {
    const std::vector<std::string> sentences = SplitSentences(text::Replace(bodies[i], "\n", " "));
    for (int k = 0; k < n; ++k) {
      if (k == i || sh[k].empty()) continue;
      int repeated = 0, counted = 0;
      for (const std::string& sentence : sentences) {
        const std::unordered_set<std::string> g = Shingles(sentence);
        if (g.size() < 3) continue;
        ++counted;
        size_t common = 0;
        for (const std::string& x : g) common += sh[k].count(x);
        repeated += common * 10 >= g.size() * 8;
      }
      if (repeated >= 3 || (repeated >= 2 && repeated * 4 >= counted)) {
        const int earlier = std::min(i, k);
        found[std::max(i, k)].push_back("it repeats what section " + std::to_string(earlier + 1) + " (\"" + outline_.sections[earlier].heading +
                                        "\") already says");
        break;
      }
    }
  }
  // Wrong language: a paragraph mostly in another script than the output language.
  for (int i = 0; i < n; ++i) {
    for (const std::string& para : {bodies[i]}) {
      size_t start = 0;
      while (start < para.size()) {
        size_t end = para.find("\n\n", start);
        if (end == std::string::npos) end = para.size();
        const ScriptCounts sc = CountScripts(para.substr(start, end - start));
        const size_t cjk = sc.han + sc.kana + sc.hangul;
        const bool wrong = cjk_out ? sc.latin > 80 && sc.latin > cjk * 3 : cjk > 20 && cjk * 3 > sc.latin;
        if (wrong) { found[i].push_back("a paragraph is not in " + lang); break; }
        start = end + 2;
      }
    }
  }
  // Quotations the checks could not verify against their turns.
  Assemble();
  for (const QuoteCheck& q : result_.checks.quotes) {
    if (q.ok) continue;
    for (int i = 0; i < n; ++i) {
      if (SectionResult(i).body.find(q.text) == std::string::npos) continue;
      found[i].push_back("the quotation “" + q.text + "” is not what turn T" + std::to_string(q.turn_id) + " says" +
                         (q.note.empty() ? "" : " (" + q.note + ")") + "; quote the speaker's own words or paraphrase without quotation marks");
      break;
    }
  }
  for (auto& [i, list] : found) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  return found;
}

void Pipeline::QueueRepairs() {
  repairs_checked_ = true;
  for (auto& [index, problems] : SectionProblems()) {
    Step* s = Find("section-" + std::to_string(index));
    if (!s || s->repaired) continue;
    s->repaired = true;
    s->instruction = prompts::RepairInstruction(problems);
    s->text.clear();
    s->continuations = 0;
    s->state = StepState::Queued;
    active_prompts_.erase(s->id);
    result_.repairs.push_back({index, problems});
  }
}

// ---------------------------------------------------------------------------------------------- control

void Pipeline::Cancel() {
  if (status_ != Status::Running) return;
  status_ = Status::Cancelled;
  std::vector<std::string> ids;
  for (auto& [id, c] : calls_) ids.push_back(id);
  for (const std::string& id : ids) {
    auto it = calls_.find(id);
    if (it != calls_.end()) it->second->Cancel();   // reports Aborted synchronously
  }
  for (Step& s : steps_)
    if (s.state == StepState::Queued || s.state == StepState::Running || s.state == StepState::Streaming) s.state = StepState::Cancelled;
  error_ = AbortedError();
  result_.elapsed_ms = scheduler_.NowMs() - started_ms_;
  Changed();
  if (on_finish) on_finish();
}

bool Pipeline::RetryStep(const std::string& id) {
  Step* s = Find(id);
  if (!s || (s->state != StepState::Failed && s->state != StepState::Cancelled)) return false;
  if (s->kind == StepKind::Outline) { s->repaired = false; active_prompts_.erase(id); }
  s->state = StepState::Queued;
  s->error = LlmError();
  s->attempts = 0;
  SessionFor(provider_).circuit.Reset();
  s->partial.clear();
  if (status_ != Status::Running) {
    status_ = Status::Running;
    started_ms_ = scheduler_.NowMs();
    error_ = LlmError();
    for (Step& x : steps_) if (x.state == StepState::Cancelled) x.state = StepState::Queued;
  }
  Changed();
  Pump();
  return true;
}

bool Pipeline::RegenerateSection(int index, const std::string& instruction) {
  Step* s = Find("section-" + std::to_string(index));
  if (!s || status_ == Status::Running) return false;
  s->instruction = instruction;
  s->text.clear();
  s->continuations = 0;
  s->state = StepState::Queued;
  s->error = LlmError();
  active_prompts_.erase(s->id);
  status_ = Status::Running;
  started_ms_ = scheduler_.NowMs();
  Changed();
  Pump();
  return true;
}

bool Pipeline::UsesGlossaryFixes() const {
  return std::any_of(glossary_corrections_.begin(), glossary_corrections_.end(),
                     [](const GlossaryEntry& e) { return e.source != e.rendering && SameScript(e.source, e.rendering); });
}

bool Pipeline::CorrectGlossary(const GlossaryEntry& entry) {
  GlossaryEntry e = entry;
  e.source = std::string(text::Trim(e.source));
  e.rendering = std::string(text::Trim(e.rendering));
  if (e.source.empty()) return false;
  if (e.rendering.empty()) e.rendering = e.source;
  // What the article now says is replaced once, in one pass: the old rendering, and a misspelling fixed
  // in the same script (a speech-recognition error) wherever it appears. Nothing when the rendering is
  // unchanged: a rendering that contains the old words ("Daniel Okafor" -> "Daniel Okafor Jr.") would
  // otherwise grow again on every pass.
  std::vector<std::string> replace;
  auto it = std::find_if(glossary_.begin(), glossary_.end(), [&](const GlossaryEntry& g) { return g.source == e.source; });
  const std::string old_rendering = it != glossary_.end() ? it->rendering : "";
  if (old_rendering != e.rendering) {
    if (!old_rendering.empty()) replace.push_back(old_rendering);
    if (e.source != e.rendering && SameScript(e.source, e.rendering)) replace.push_back(e.source);
  }
  if (it != glossary_.end()) *it = e; else glossary_.push_back(e);
  auto c = std::find_if(glossary_corrections_.begin(), glossary_corrections_.end(), [&](const GlossaryEntry& g) { return g.source == e.source; });
  if (c != glossary_corrections_.end()) *c = e; else glossary_corrections_.push_back(e);
  for (Step& s : steps_) {
    if (s.kind != StepKind::Section && s.kind != StepKind::FrontMatter && s.kind != StepKind::Dialogue) continue;
    if (!replace.empty()) s.text = ReplaceInAnswer(s.text, replace, e.rendering);
  }
  if (status_ == Status::Done) Assemble();
  Changed();
  return true;
}

bool Pipeline::SetDialogueLength(DialogueLength length) {
  if (status_ == Status::Running) return false;
  spec_.dialogue_length = length;
  if (spec_.HasDialogue()) {
    std::vector<int> wanted;
    if (length == DialogueLength::Full) for (const Turn& t : transcript_.turns) wanted.push_back(t.id);
    else wanted = outline_.key_turns;   // before the outline: its steps are added when the outline arrives
    if (length == DialogueLength::Full || outline_ready_) AddDialogueSteps(wanted);
  } else {
    // Unfinished chunks go; finished ones stay in case the dialogue comes back.
    steps_.erase(std::remove_if(steps_.begin(), steps_.end(), [](const Step& s) { return s.kind == StepKind::Dialogue && s.state != StepState::Done; }),
                 steps_.end());
  }
  const bool missing = std::any_of(steps_.begin(), steps_.end(), [](const Step& s) { return s.state != StepState::Done; });
  if (status_ == Status::Done && !missing) Assemble();
  Changed();
  return true;
}

// ---------------------------------------------------------------------------------------------- assembly

void Pipeline::Finish() {
  Assemble();
  status_ = Status::Done;
  Changed();
  if (on_finish) on_finish();
}

void Pipeline::Assemble() {
  ArticleContent c;
  ArticleEvidence ev;
  const Step* front = Find("front");
  json f = front && front->state == StepState::Done ? ParseAnswerJson(front->text) : json();
  auto quote_list = [&](const json& list, int section, std::vector<QuoteEvidence>* out) {
    for (const json& q : list.is_array() ? list : json::array()) {
      QuoteEvidence e{js::Str(q, "rendered"), js::Str(q, "original"), js::Int(q, "turn_id"), js::Str(q, "speaker"), section};
      if (e.rendered.empty()) e.rendered = js::Str(q, "text");
      if (!e.rendered.empty() || !e.original.empty()) out->push_back(e);
    }
  };
  c.title = js::Str(f, "title");
  // One emoji for the title: the first one in the answer, or a neutral one when the model gave words.
  const std::string e = js::Str(f, "emoji");
  for (size_t i = 0; i < e.size();) {
    if (const size_t n = utf8::EmojiLength(e, i)) { c.emoji = e.substr(i, n); break; }
    utf8::Decode(e, i);
  }
  if (c.emoji.empty() && spec_.title_emoji != EmojiPlacement::Off) c.emoji = "\xE2\x9C\xA8";   // ✨
  c.lead = CanonicalTurnMarkers(js::Str(f, "lead"));
  for (const json& h : js::At(f, "highlights")) {
    const std::string t = h.is_string() ? h.get<std::string>() : js::Str(h, "text");
    if (text::Trim(t).empty()) continue;
    // The highlight's source turn as a marker (for the verifier; readers never see it).
    std::string marked = CanonicalTurnMarkers(t);
    const int turn = js::Int(h, "turn_id");
    if (turn > 0 && FindTurnMarkers(marked).empty()) {
      // Before the final full stop, so that it follows a closing quotation mark the sentence ends with.
      size_t end = marked.size();
      for (const char* stop : {"\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F", ".", "!", "?"})
        if (text::EndsWith(marked, stop)) { end = marked.size() - std::string(stop).size(); break; }
      marked.insert(end, "[T" + std::to_string(turn) + "]");
    }
    c.highlights.push_back(marked);
    ev.highlight_turn_ids.push_back(turn);
  }
  c.introduction = {js::Str(js::At(f, "introduction"), "subtitle"), CanonicalTurnMarkers(js::Str(js::At(f, "introduction"), "body"))};
  c.conclusion = {js::Str(js::At(f, "conclusion"), "subtitle"), CanonicalTurnMarkers(js::Str(js::At(f, "conclusion"), "body"))};
  quote_list(js::At(f, "quotes"), -1, &ev.front_quotes);
  std::vector<QuoteEvidence> featured;
  quote_list(js::At(f, "featured_quotes"), -1, &featured);
  for (const QuoteEvidence& q : featured) {
    ArticleContent::Quote x{q.rendered, q.speaker, q.turn_id, -1};
    if (q.turn_id >= 1 && q.turn_id <= (int)transcript_.turns.size()) x.start = transcript_.turns[q.turn_id - 1].start;
    c.quotes.push_back(x);
    ev.front_quotes.push_back(q);
  }

  // Body sections, with what each drew on, cited and quoted.
  for (size_t i = 0; i < outline_.sections.size(); ++i) {
    const Theme& th = outline_.sections[i];
    const SectionAnswer a = SectionResult((int)i);
    ArticleContent::Section sec;
    sec.heading = th.heading;
    sec.body = a.body;
    if (!th.turn_ids.empty()) {
      // The section's time: the first turn with a time among those it draws on.
      for (int id : th.turn_ids)
        if (transcript_.turns[id - 1].start >= 0) { sec.start = transcript_.turns[id - 1].start; break; }
    }
    c.sections.push_back(sec);
    SectionEvidence se;
    se.heading = th.heading;
    se.source_turn_ids = th.turn_ids;
    std::vector<int> cited = CitedTurnIds(a.body);
    // Quotations in the body: the quoted words right before a marker, matched with the declared originals.
    std::vector<bool> used(a.quotes.size(), false);
    for (const TurnMarker& m : FindTurnMarkers(a.body)) {
      size_t i0 = m.begin;
      if (i0 == 0) continue;
      size_t back = i0;
      const char32_t close = utf8::DecodeBefore(a.body, back);
      if (!IsClosingQuote(close)) continue;
      const std::string open_str = [&] { std::string o; utf8::Append(o, OpeningFor(close)); return o; }();
      const size_t open = a.body.rfind(open_str, back == 0 ? 0 : back - 1);
      if (open == std::string::npos || (open_str == "\"" && open == back)) continue;
      QuoteEvidence q;
      q.rendered = a.body.substr(open + open_str.size(), back - open - open_str.size());
      q.turn_id = m.ids.empty() ? 0 : m.ids.front();
      q.section = (int)i;
      int best = -1;
      for (size_t k = 0; k < a.quotes.size(); ++k) {
        if (used[k] || a.quotes[k].turn_id != q.turn_id) continue;
        if (best < 0 || a.quotes[k].rendered == q.rendered) best = (int)k;
      }
      if (best >= 0) { used[best] = true; q.original = a.quotes[best].original; q.speaker = a.quotes[best].speaker; }
      if (q.speaker.empty() && q.turn_id >= 1 && q.turn_id <= (int)transcript_.turns.size())
        q.speaker = transcript_.DisplayName(transcript_.turns[q.turn_id - 1].speaker);
      se.quotes.push_back(q);
    }
    for (const QuoteEvidence& q : a.quotes) if (q.turn_id > 0) cited.push_back(q.turn_id);
    std::sort(cited.begin(), cited.end());
    cited.erase(std::unique(cited.begin(), cited.end()), cited.end());
    se.cited_turn_ids = cited;
    ev.sections.push_back(se);
  }

  // Dialogue: one paragraph per turn (pieces of one turn joined again), in order, with the speakers'
  // chosen names; turns of a chunk that failed are shown as in the transcript, under a note.
  result_.dialogue_gaps.clear();
  if (spec_.HasDialogue()) {
    std::map<int, std::string> lines;
    std::map<int, bool> untranslated;
    for (const Step& s : steps_) {
      if (s.kind != StepKind::Dialogue) continue;
      if (s.state == StepState::Done) {
        json j = js::Parse(s.text);
        for (const json& t : js::At(j, "turns")) lines[js::Int(t, "turn_id")] = js::Str(t, "text");
      } else if (s.state == StepState::Failed) {
        result_.dialogue_gaps.push_back({s.id, s.turn_ids, s.error.message});
        for (int id : s.turn_ids) {
          if (id < 1 || id > (int)transcript_.turns.size()) continue;
          std::string original = transcript_.turns[id - 1].text;
          for (const GlossaryEntry& g : glossary_corrections_)
            if (g.source != g.rendering && SameScript(g.source, g.rendering)) original = ReplaceTerm(original, g.source, g.rendering);
          lines[id] = original;
          untranslated[id] = true;
        }
      }
    }
    std::set<int> wanted;
    if (spec_.dialogue_length == DialogueLength::KeyExchanges) wanted.insert(outline_.key_turns.begin(), outline_.key_turns.end());
    for (const Turn& t : transcript_.turns) {
      auto it = lines.find(t.id);
      if (it == lines.end() || (spec_.dialogue_length == DialogueLength::KeyExchanges && !wanted.count(t.id))) continue;
      const bool raw = untranslated.count(t.id) > 0;
      ev.dialogue_turn_ids.push_back(t.id);
      const bool same_turn = t.id > 1 && origin_[t.id - 1] == origin_[t.id - 2] && !c.dialogue.empty() &&
                             !ev.dialogue_turn_ids.empty() && ev.dialogue_turn_ids.size() >= 2 &&
                             ev.dialogue_turn_ids[ev.dialogue_turn_ids.size() - 2] == t.id - 1 && c.dialogue.back().untranslated == raw;
      if (same_turn) { text::AppendJoined(c.dialogue.back().text, it->second); continue; }
      // The speaker as the glossary renders the name, so the dialogue and the body agree.
      std::string who = t.speaker.empty() ? "" : transcript_.DisplayName(t.speaker);
      for (const GlossaryEntry& g : glossary_) if (!who.empty() && g.source == who && !g.rendering.empty()) { who = g.rendering; break; }
      ArticleContent::DialogueLine line{who, t.start, it->second, raw};
      c.dialogue.push_back(line);
    }
  }
  c.source_url = transcript_.meta.source_url;
  // Links: only those said or shown in the transcript.
  if (spec_.links) {
    std::set<std::string> seen;
    for (const Turn& t : transcript_.turns) {
      for (size_t p = t.text.find("http"); p != std::string::npos; p = t.text.find("http", p + 4)) {
        if (t.text.compare(p, 7, "http://") != 0 && t.text.compare(p, 8, "https://") != 0) continue;
        size_t e2 = p;
        while (e2 < t.text.size() && !std::isspace((unsigned char)t.text[e2]) && t.text[e2] != ')' && t.text[e2] != '"') ++e2;
        while (e2 > p && (t.text[e2 - 1] == '.' || t.text[e2 - 1] == ',')) --e2;
        const std::string url = t.text.substr(p, e2 - p);
        if (seen.insert(url).second) c.links.push_back({url, url});
      }
    }
  }
  // Chinese typography, on the parts the model wrote (the template's own labels are already correct).
  if (spec_.chinese_typography && text::StartsWith(text::ToLowerAscii(spec_.output_language), "zh")) {
    auto norm = [](std::string& s) { s = NormalizeChineseTypography(s); };
    norm(c.title); norm(c.lead); norm(c.introduction.subtitle); norm(c.introduction.body);
    norm(c.conclusion.subtitle); norm(c.conclusion.body);
    for (std::string& h : c.highlights) norm(h);
    for (auto& s : c.sections) { norm(s.heading); norm(s.body); }
    for (auto& q : c.quotes) norm(q.text);
    for (auto& d : c.dialogue) if (!d.untranslated) norm(d.text);
    for (auto& s : ev.sections) for (auto& q : s.quotes) norm(q.rendered);
  }
  ev.glossary = glossary_;
  ev.excluded_turn_ids = outline_.excluded;
  result_.content = c;
  result_.marked_markdown = AssembleMarkdown(spec_, c);
  result_.markdown = RemoveTurnMarkers(result_.marked_markdown);
  result_.evidence = ev;
  result_.checks = VerifyArticle(result_.marked_markdown, transcript_, spec_, result_.evidence);
  Usage total;
  int requests = 0;
  for (const Step& s : steps_) {
    total.input_tokens += s.usage.input_tokens;
    total.output_tokens += s.usage.output_tokens;
    total.estimated |= s.usage.estimated;
    requests += s.attempts;
  }
  result_.usage = total;
  result_.requests = requests;
  result_.elapsed_ms = scheduler_.NowMs() - started_ms_;
}

// ---------------------------------------------------------------------------------------------- save / restore

const std::string& Pipeline::TranscriptKey() const {
  if (transcript_key_.empty()) {
    std::string all = std::to_string(given_turns_) + "\x1e";
    for (const Speaker& sp : transcript_.speakers) all += sp.label + "=" + sp.name + "/" + sp.role + "\x1f";
    all += "\x1e";
    for (const Turn& t : transcript_.turns) { all += RenderTurnLine(transcript_, t); all += '\n'; }
    transcript_key_ = StableHash(all);
  }
  return transcript_key_;
}

std::string Pipeline::StepKey(const Step& s) const {
  // What the spec does not say: the transcript as numbered, the model, and how the notes cut it (the
  // outline and everything after it read the notes; a notes chunk reads its own turns).
  std::string context = TranscriptKey() + "\x1f" + provider_.model + "\x1f";
  for (const Step& n : steps_) {
    if (n.kind != StepKind::Notes || (s.kind == StepKind::Notes && &n != &s) || n.turn_ids.empty()) continue;
    context += std::to_string(n.turn_ids.front()) + "-" + std::to_string(n.turn_ids.back()) + ",";
    if (n.level) context += "L" + std::to_string(n.level) + "/" + std::to_string(n.target_tokens) + ",";
  }
  if (s.kind == StepKind::Notes && s.turn_ids.empty()) context += "none";
  if (s.kind == StepKind::Notes && s.target_tokens) context += "/" + std::to_string(s.target_tokens);
  // Condensed notes read the notes below them: the same only while those are.
  if (s.kind == StepKind::Notes && s.level) {
    std::vector<const Step*> sources;
    for (const std::string& id : s.sources) if (const Step* x = Find(id)) sources.push_back(x);
    context += StableHash(NotesMaterial(sources));
  }
  return StepInputKey(s.kind, s.index, spec_, context);
}

json Pipeline::Save() const {
  json steps = json::array();
  for (const Step& s : steps_) {
    if (s.state != StepState::Done) continue;
    steps.push_back({{"id", s.id}, {"kind", StepKindName(s.kind)}, {"index", s.index}, {"key", StepKey(s)}, {"turns", s.turn_ids}, {"text", s.text},
                     {"input_tokens", s.usage.input_tokens}, {"output_tokens", s.usage.output_tokens}, {"attempts", s.attempts},
                     {"repaired", s.repaired}});
  }
  json corrections = json::array();
  for (const GlossaryEntry& g : glossary_corrections_)
    corrections.push_back({{"source", g.source}, {"rendering", g.rendering}, {"kind", g.kind}, {"note", g.note}});
  json repairs = json::array();
  for (const SectionRewrite& r : result_.repairs) repairs.push_back({{"section", r.section}, {"problems", r.problems}});
  return json{{"version", 2}, {"prompts", prompts::kVersion}, {"turns", given_turns_}, {"pieces", transcript_.turns.size()},
              {"steps", steps}, {"glossary_corrections", corrections}, {"repairs_checked", repairs_checked_}, {"repairs", repairs}};
}

bool Pipeline::Restore(const json& saved, std::string* error) {
  if (js::Int(saved, "version") != 2) { *error = "Saved progress is from another TalkPress version."; return false; }
  if (js::Int(saved, "turns") != (int)given_turns_ || js::Int(saved, "pieces") != (int)transcript_.turns.size()) {
    *error = "The transcript changed since this progress was saved.";
    return false;
  }
  steps_.clear();
  outline_ready_ = false;
  glossary_corrections_.clear();
  for (const json& g : js::At(saved, "glossary_corrections"))
    glossary_corrections_.push_back({js::Str(g, "source"), js::Str(g, "rendering"), js::Str(g, "kind"), js::Str(g, "note")});
  BuildSteps();   // the step list for this transcript and spec; nothing is sent
  // A step is kept while the inputs it read are the same (progress saved before keys were kept has none:
  // it was saved for this very transcript and spec).
  auto same_inputs = [this](const json& x, const Step& s) { return !x.contains("key") || js::Str(x, "key") == StepKey(s); };
  auto keep = [](const json& x, Step& s) {
    s.text = js::Str(x, "text");
    s.usage.input_tokens = js::Int(x, "input_tokens");
    s.usage.output_tokens = js::Int(x, "output_tokens");
    s.attempts = js::Int(x, "attempts");
    s.repaired = js::Bool(x, "repaired");
    s.state = StepState::Done;
  };
  // The notes next, level by level: the steps condensing them exist once the notes they read are known, and
  // the outline's inputs include how the notes were condensed.
  for (bool more = true; more; more = AddCondenseSteps())
    for (const json& x : js::At(saved, "steps")) {
      Step* s = js::Str(x, "kind") == "notes" ? Find(js::Str(x, "id")) : nullptr;
      if (s && s->state != StepState::Done && same_inputs(x, *s)) keep(x, *s);
    }
  // The outline first: the writing steps exist only once it is known.
  for (const json& x : js::At(saved, "steps")) {
    if (js::Str(x, "id") != "outline") continue;
    std::vector<std::string> problems;
    Outline o;
    Step* s = Find("outline");
    if (s && same_inputs(x, *s) && ParseOutline(js::Str(x, "text"), &o, &problems)) {
      outline_ = o;
      outline_ready_ = true;
      glossary_ = WithCorrections(outline_.glossary, glossary_corrections_);
      keep(x, *s);
      AddWritingSteps();
    }
  }
  for (const json& x : js::At(saved, "steps")) {
    const std::string id = js::Str(x, "id");
    const std::string kind = js::Str(x, "kind");
    if (id == "outline" || kind == "notes") continue;
    if (kind != "dialogue" && !outline_ready_) continue;   // writing without its outline is useless
    Step* s = Find(id);
    if (!s) {
      if (kind != "dialogue") continue;
      // A split dialogue chunk: it replaces the unsplit chunk that covered its turns.
      Step n;
      n.id = id;
      n.kind = StepKind::Dialogue;
      n.index = js::Int(x, "index");
      for (const json& t : js::At(x, "turns")) if (t.is_number_integer()) n.turn_ids.push_back(t.get<int>());
      if (n.turn_ids.empty() || !same_inputs(x, n)) continue;
      const std::string parent = id.substr(0, id.find('.'));
      auto it = std::find_if(steps_.begin(), steps_.end(), [&](const Step& q) { return q.id == parent; });
      if (it != steps_.end()) {
        const std::vector<int> all = it->turn_ids;
        steps_.erase(it);
        std::vector<int> rest;
        for (int t : all) if (std::find(n.turn_ids.begin(), n.turn_ids.end(), t) == n.turn_ids.end()) rest.push_back(t);
        if (!rest.empty() && !Find(parent + ".rest")) {
          Step r = n;
          r.id = parent + ".rest";
          r.turn_ids = rest;
          steps_.push_back(r);
        }
      }
      steps_.push_back(n);
      s = &steps_.back();
    } else if (!same_inputs(x, *s)) {
      continue;
    } else if (s->kind == StepKind::Dialogue) {
      std::vector<int> turns;   // a chunk of another cut of the dialogue is not this one
      for (const json& t : js::At(x, "turns")) if (t.is_number_integer()) turns.push_back(t.get<int>());
      if (turns != s->turn_ids) continue;
    }
    keep(x, *s);
  }
  // A ".rest" step loses the turns a later saved sibling covers.
  std::set<int> covered;
  for (const Step& q : steps_) if (q.kind == StepKind::Dialogue && q.state == StepState::Done) covered.insert(q.turn_ids.begin(), q.turn_ids.end());
  for (Step& s : steps_) {
    if (s.kind != StepKind::Dialogue || s.state == StepState::Done) continue;
    std::vector<int> keep;
    for (int t : s.turn_ids) if (!covered.count(t)) keep.push_back(t);
    s.turn_ids = keep;
  }
  steps_.erase(std::remove_if(steps_.begin(), steps_.end(), [](const Step& q) { return q.kind == StepKind::Dialogue && q.turn_ids.empty(); }), steps_.end());
  std::stable_sort(steps_.begin(), steps_.end(), [](const Step& a, const Step& b) {
    auto rank = [](const Step& s) { return s.kind == StepKind::Notes ? 0 : s.kind == StepKind::Outline ? 1 : s.kind == StepKind::Dialogue ? 3 : 2; };
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    if (a.kind == StepKind::Dialogue) return a.turn_ids.front() < b.turn_ids.front();
    return false;
  });
  // The check-and-repair round runs again when a section is to be written again.
  repairs_checked_ = js::Bool(saved, "repairs_checked") && outline_ready_ &&
                     std::all_of(steps_.begin(), steps_.end(), [](const Step& q) { return q.kind != StepKind::Section || q.state == StepState::Done; });
  result_.repairs.clear();
  for (const json& r : js::At(saved, "repairs")) {
    SectionRewrite x{js::Int(r, "section"), {}};
    for (const json& p : js::At(r, "problems")) if (p.is_string()) x.problems.push_back(p.get<std::string>());
    result_.repairs.push_back(x);
  }
  status_ = Status::Idle;
  error_ = LlmError();
  Changed();
  return true;
}

json Pipeline::StateJson() const {
  json steps = json::array();
  // While the provider's circuit pauses every request (an outage), each unfinished step shows it: those
  // between attempts and those queued, not only a call that asked for admission during the pause.
  const double now = scheduler_.NowMs();
  const ProviderCircuit& circuit = SessionFor(provider_).circuit;
  const bool paused = status_ == Status::Running && circuit.phase(now) == ProviderCircuit::Phase::Paused;
  for (const Step& s : steps_) {
    json j = {{"id", s.id}, {"kind", StepKindName(s.kind)}, {"state", StepStateName(s.state)}, {"attempts", s.attempts},
              {"inputTokens", s.usage.input_tokens}, {"outputTokens", s.usage.output_tokens}, {"ms", s.ms},
              {"chars", utf8::CountCodePoints(s.state == StepState::Done ? s.text : s.partial)}};
    if (!s.error.ok()) j["error"] = {{"code", ErrorCode(s.error.kind)}, {"message", s.error.message}};
    auto call = calls_.find(s.id);
    if (call != calls_.end() && call->second) {   // "waiting for the provider, 34 s", "thinking…"
      CallActivity a = call->second->Activity();
      if (paused && a.phase == CallActivity::Phase::Waiting) a.phase = CallActivity::Phase::Paused;
      j["activity"] = {{"phase", CallPhaseName(a.phase)}, {"waitedMs", a.waited_ms}, {"reasoningChars", a.reasoning_chars}};
    } else if (paused && s.state == StepState::Queued) {
      j["activity"] = {{"phase", CallPhaseName(CallActivity::Phase::Paused)}, {"waitedMs", 0}, {"reasoningChars", 0}};
    }
    if (j.contains("activity") && j["activity"]["phase"] == "paused") j["activity"]["resumeInMs"] = circuit.ResumeInMs(now);
    if (s.kind == StepKind::Section && s.repaired && !s.instruction.empty()) j["repair"] = s.instruction;
    steps.push_back(j);
  }
  const char* st = status_ == Status::Idle ? "idle" : status_ == Status::Running ? "running" : status_ == Status::Done ? "done"
                 : status_ == Status::Failed ? "failed" : "cancelled";
  json out = {{"status", st}, {"steps", steps}, {"concurrency", limit_}};
  out["provider"] = ProviderStateJson(provider_, now);   // circuit, endpoint, structured-output log
  if (!error_.ok()) out["reason"] = {{"code", ErrorCode(error_.kind)}, {"message", error_.message}};
  json gaps = json::array();
  for (const DialogueGap& g : result_.dialogue_gaps) gaps.push_back({{"step", g.step_id}, {"turns", g.turn_ids}, {"reason", g.reason}});
  out["dialogueGaps"] = gaps;
  return out;
}

}  // namespace tp
