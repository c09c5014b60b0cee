// Pipeline. Index: names · construction/plan · scheduling (Pump, Ready, Launch) · prompts per step ·
// results per step (OnStepDone: outline validation and repair, continuation, dialogue count checks) ·
// cancel/retry/regenerate · assembly and checks · save/restore · state JSON.
#include "core/pipeline.h"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <set>

#include "core/json_util.h"
#include "core/provider_session.h"
#include "core/text_util.h"
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
    case StepKind::Introduction: return "introduction";
    case StepKind::Conclusion: return "conclusion";
    case StepKind::Dialogue: return "dialogue";
  }
  return "section";
}

// ---------------------------------------------------------------------------------------------- plan

Pipeline::Pipeline(Transport& transport, Scheduler& scheduler, ProviderConfig provider, ArticleSpec spec,
                   Transcript transcript, PipelineOptions options)
    : transport_(transport), scheduler_(scheduler), provider_(std::move(provider)), spec_(std::move(spec)),
      transcript_(std::move(transcript)), options_(options) {
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

namespace {
int OutputTokensFor(const ArticleSpec& spec) {
  // Characters of CJK are ~1 token; words ~1.35 tokens; room for Markdown and quote markers.
  const double per_unit = spec.length_unit == LengthUnit::Words ? 1.35 : 1.0;
  return (int)(spec.section_length * per_unit * 1.6) + 200;
}
}  // namespace

PipelinePlan Pipeline::Plan() const {
  PipelinePlan p;
  const TokenizerFamily fam = provider_.Tokenizer();
  std::string all;
  for (const Turn& t : transcript_.turns) { all += RenderTurnLine(transcript_, t); all += '\n'; }
  p.transcript_tokens = EstimateTokens(all, fam);
  p.chunked = p.transcript_tokens + 4000 > options_.context_tokens * 6 / 10;
  if (p.chunked) p.notes_steps = (int)ChunkTranscript(transcript_, options_.chunk_tokens, fam).size();
  p.section_steps = spec_.BodySectionCount() + (spec_.introduction ? 1 : 0) + (spec_.conclusion ? 1 : 0);
  if (spec_.dialogue != DialogueMode::Off) p.dialogue_steps = (int)ChunkTranscript(transcript_, options_.dialogue_chunk_tokens, fam).size();
  p.requests = p.notes_steps + 1 + p.section_steps + p.dialogue_steps;
  const int overhead = 700;
  int in = p.chunked ? p.transcript_tokens + p.notes_steps * overhead + p.notes_steps * 1500 + overhead   // notes, then outline on notes
                     : p.transcript_tokens * 6 / 10 + overhead;                                             // outline on a condensed transcript
  in += p.transcript_tokens + p.section_steps * (overhead + 600);   // each section reads its own turns
  if (p.dialogue_steps) in += p.transcript_tokens + p.dialogue_steps * 300;
  int out = 1500 + p.notes_steps * 1500 + p.section_steps * OutputTokensFor(spec_);
  if (p.dialogue_steps) out += (int)(p.transcript_tokens * (spec_.dialogue == DialogueMode::Translated ? 1.2 : 0.9));
  p.estimated_input_tokens = in;
  p.estimated_output_tokens = out;
  if (options_.usd_per_million_input > 0 || options_.usd_per_million_output > 0)
    p.estimated_cost_usd = in / 1e6 * options_.usd_per_million_input + out / 1e6 * options_.usd_per_million_output;
  p.summary = std::to_string(p.requests) + " requests (" + (p.chunked ? std::to_string(p.notes_steps) + " note chunks, " : std::string()) +
              "1 outline, " + std::to_string(p.section_steps) + " sections" +
              (p.dialogue_steps ? ", " + std::to_string(p.dialogue_steps) + " dialogue chunks" : std::string()) + "), about " +
              std::to_string(in / 1000) + "k tokens in and " + std::to_string(out / 1000) + "k out";
  return p;
}

// ---------------------------------------------------------------------------------------------- scheduling

Step* Pipeline::Find(const std::string& id) {
  for (Step& s : steps_) if (s.id == id) return &s;
  return nullptr;
}

bool Pipeline::Ready(const Step& s) const {
  if (s.not_before_ms > scheduler_.NowMs()) return false;
  switch (s.kind) {
    case StepKind::Notes:
    case StepKind::Dialogue: return true;
    case StepKind::Outline:
      return std::all_of(steps_.begin(), steps_.end(), [](const Step& x) { return x.kind != StepKind::Notes || x.state == StepState::Done; });
    default: return outline_ready_;
  }
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
  // One step per chunk of the transcript, for notes (long talks) and the dialogue.
  auto add_chunks = [&](const char* prefix, StepKind kind, int tokens) {
    std::vector<Chunk> chunks = ChunkTranscript(transcript_, tokens, provider_.Tokenizer());
    for (size_t i = 0; i < chunks.size(); ++i) {
      Step s;
      s.id = prefix + std::to_string(i);
      s.kind = kind;
      s.index = (int)i;
      s.turn_ids = chunks[i].turn_ids;
      steps_.push_back(s);
    }
  };
  if (plan.chunked) add_chunks("notes-", StepKind::Notes, options_.chunk_tokens);
  Step o;
  o.id = "outline";
  o.kind = StepKind::Outline;
  steps_.push_back(o);
  if (spec_.dialogue != DialogueMode::Off) add_chunks("dialogue-", StepKind::Dialogue, options_.dialogue_chunk_tokens);
}

void Pipeline::Pump() {
  if (status_ != Status::Running) return;
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
    failed |= s.state == StepState::Failed;
  }
  if (queued && !failed) return;   // requeued steps wait for their timer, which pumps again
  if (failed) {
    for (const Step& s : steps_)
      if (s.state == StepState::Failed) { error_ = s.error; break; }
    status_ = Status::Failed;
    result_.elapsed_ms = scheduler_.NowMs() - started_ms_;
    Changed();
    if (on_finish) on_finish();
    return;
  }
  Finish();
}

prompts::Prompt Pipeline::PromptFor(const Step& s) const {
  auto active = active_prompts_.find(s.id);
  if (active != active_prompts_.end()) return active->second;
  switch (s.kind) {
    case StepKind::Notes: {
      const int count = (int)std::count_if(steps_.begin(), steps_.end(), [](const Step& x) { return x.kind == StepKind::Notes; });
      return prompts::Notes(spec_, TurnsText(s.turn_ids), s.index, count);
    }
    case StepKind::Outline: {
      std::string material;
      bool notes = false;
      for (const Step& n : steps_)
        if (n.kind == StepKind::Notes) { notes = true; material += "Part " + std::to_string(n.index + 1) + ":\n" + n.text + "\n\n"; }
      if (!notes) {
        // The outline needs the themes and where they are, not every word: long turns are shortened
        // (sections later read their own turns in full). Short transcripts go whole.
        const PipelinePlan plan = Plan();
        const bool condense = plan.transcript_tokens > 3000;
        for (const Turn& t : transcript_.turns) {
          Turn c = t;
          if (condense && utf8::CountCodePoints(c.text) > 160) {
            size_t cut = 0, n = 0;
            while (cut < c.text.size() && n < 150) { utf8::Decode(c.text, cut); ++n; }
            c.text = c.text.substr(0, cut) + "…";
          }
          material += RenderTurnLine(transcript_, c) + "\n";
        }
      }
      return prompts::Outline(spec_, transcript_, material, notes);
    }
    case StepKind::Section:
    case StepKind::Introduction:
    case StepKind::Conclusion: {
      prompts::SectionBrief b;
      b.outline_summary = OutlineSummary();
      b.glossary = Glossary();
      b.extra_instruction = s.instruction;
      if (s.kind == StepKind::Section) {
        const Outline::Sec& sec = outline_.sections[s.index];
        b.kind = "section";
        b.heading = sec.heading;
        b.points = sec.points;
        b.source_lines = TurnsText(sec.first, sec.last);
      } else {
        const bool intro = s.kind == StepKind::Introduction;
        b.kind = intro ? "introduction" : "conclusion";
        b.heading = intro ? outline_.intro.subtitle : outline_.conclusion.subtitle;
        b.points = intro ? outline_.intro_points : outline_.conclusion_points;
        // The opening (or closing) turns ground the part in what was said.
        const int n = (int)transcript_.turns.size();
        b.source_lines = intro ? TurnsText(1, std::min(n, 6)) : TurnsText(std::max(1, n - 5), n);
      }
      return prompts::WriteSection(spec_, b);
    }
    case StepKind::Dialogue: return prompts::Dialogue(spec_, TurnsText(s.turn_ids), s.turn_ids);
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
    case StepKind::Section: case StepKind::Introduction: case StepKind::Conclusion:
      r.max_output_tokens = std::min(options_.max_output_tokens, OutputTokensFor(spec_));
      break;
    case StepKind::Dialogue:
      r.max_output_tokens = std::min(options_.max_output_tokens, options_.dialogue_chunk_tokens * 3 + 500);
      break;
    default: r.max_output_tokens = options_.max_output_tokens; break;
  }
  active_prompts_[s.id] = p;
  s.state = StepState::Running;
  s.partial.clear();
  ++requests_;
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

// ---------------------------------------------------------------------------------------------- results

std::string Pipeline::TurnsText(int first, int last) const {
  std::string out;
  for (const Turn& t : transcript_.turns)
    if (t.id >= first && t.id <= last) { out += RenderTurnLine(transcript_, t); out += '\n'; }
  return out;
}

std::string Pipeline::TurnsText(const std::vector<int>& ids) const {
  if (ids.empty()) return "";
  return TurnsText(ids.front(), ids.back());
}

std::string Pipeline::OutlineSummary() const {
  std::string s = "Title: " + outline_.title + "\n";
  if (spec_.introduction) s += "Introduction: " + outline_.intro.subtitle + "\n";
  for (size_t i = 0; i < outline_.sections.size(); ++i) {
    s += "Section " + std::to_string(i + 1) + ": " + outline_.sections[i].heading + " —";
    for (const std::string& p : outline_.sections[i].points) s += " " + p + ";";
    s += "\n";
  }
  if (spec_.conclusion) s += "Conclusion: " + outline_.conclusion.subtitle + "\n";
  return s;
}

std::string Pipeline::Glossary() const {
  std::string g;
  std::set<std::string> seen;
  for (const Step& n : steps_) {
    if (n.kind != StepKind::Notes || n.state != StepState::Done) continue;
    json j = json::parse(n.text, nullptr, false);
    for (const json& x : js::At(j, "names")) {
      const std::string name = js::Str(x, "name"), r = js::Str(x, "rendering");
      if (!name.empty() && seen.insert(name).second) g += "- " + name + " → " + (r.empty() ? name : r) + "\n";
    }
  }
  for (const Speaker& s : transcript_.speakers)
    if (seen.insert(s.name).second) g += "- " + s.name + " (speaker" + (s.role.empty() ? "" : ", " + s.role) + ")\n";
  return g;
}

bool Pipeline::ParseOutline(const std::string& text, Outline* o, std::vector<std::string>* problems) const {
  // Models sometimes wrap JSON in a code fence or add a sentence; take the outermost object.
  std::string body = text;
  const size_t a = body.find('{'), b = body.rfind('}');
  if (a != std::string::npos && b != std::string::npos && b > a) body = body.substr(a, b - a + 1);
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    problems->push_back("The answer is not valid JSON.");
    return false;
  }
  o->title = js::Str(j, "title");
  // One emoji for the title: the first one in the answer, or a neutral one when the model gave words.
  o->emoji.clear();
  const std::string e = js::Str(j, "emoji");
  for (size_t i = 0; i < e.size();) {
    const size_t b = i;
    const char32_t c = utf8::Decode(e, i);
    if ((c >= 0x1F300 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF)) {
      o->emoji = e.substr(b, i - b);
      if (i + 3 <= e.size() && e.compare(i, 3, "\xEF\xB8\x8F") == 0) o->emoji += "\xEF\xB8\x8F";   // keep VS16
      break;
    }
  }
  if (o->emoji.empty()) o->emoji = "\xE2\x9C\xA8";   // ✨
  o->lead = js::Str(j, "lead");
  if (text::Trim(o->title).empty()) problems->push_back("\"title\" is missing or empty.");
  o->highlights.clear();
  for (const json& h : js::At(j, "highlights")) if (h.is_string() && !text::Trim(h.get<std::string>()).empty()) o->highlights.push_back(h.get<std::string>());
  if ((int)o->highlights.size() != spec_.highlights)
    problems->push_back("\"highlights\" must have exactly " + std::to_string(spec_.highlights) + " items (got " + std::to_string(o->highlights.size()) + ").");
  auto part = [&](const char* key, ArticleContent::Part* p, std::vector<std::string>* points) {
    const json& x = js::At(j, key);
    p->subtitle = js::Str(x, "subtitle");
    points->clear();
    for (const json& pt : js::At(x, "points")) if (pt.is_string()) points->push_back(pt.get<std::string>());
  };
  part("introduction", &o->intro, &o->intro_points);
  part("conclusion", &o->conclusion, &o->conclusion_points);
  o->sections.clear();
  const int n_turns = (int)transcript_.turns.size();
  for (const json& s : js::At(j, "sections")) {
    Outline::Sec sec;
    sec.heading = js::Str(s, "heading");
    for (const json& pt : js::At(s, "points")) if (pt.is_string()) sec.points.push_back(pt.get<std::string>());
    sec.first = js::Int(s, "first_turn");
    sec.last = js::Int(s, "last_turn");
    if (text::Trim(sec.heading).empty()) problems->push_back("A section has no heading.");
    if (sec.first < 1 || sec.last < sec.first || sec.first > n_turns)
      problems->push_back("Section \"" + sec.heading + "\" has an invalid turn range " + std::to_string(sec.first) + "-" +
                          std::to_string(sec.last) + " (turns are numbered 1 to " + std::to_string(n_turns) + ").");
    sec.last = std::min(sec.last, n_turns);
    o->sections.push_back(sec);
  }
  const int want = spec_.BodySectionCount();
  if ((int)o->sections.size() != want)
    problems->push_back("\"sections\" must have exactly " + std::to_string(want) + " items (got " + std::to_string(o->sections.size()) + ").");
  o->quotes.clear();
  if (spec_.quotes > 0) {
    for (const json& q : js::At(j, "quotes")) {
      ArticleContent::Quote x;
      x.text = js::Str(q, "text");
      x.speaker = js::Str(q, "speaker");
      x.turn_id = js::Int(q, "turn_id");
      for (const Turn& t : transcript_.turns) if (t.id == x.turn_id) x.start = t.start;
      if (!text::Trim(x.text).empty()) o->quotes.push_back(x);
    }
    if ((int)o->quotes.size() != spec_.quotes)
      problems->push_back("\"quotes\" must have exactly " + std::to_string(spec_.quotes) + " items (got " + std::to_string(o->quotes.size()) + ").");
  }
  if (!spec_.section_headings.empty())
    for (size_t i = 0; i < o->sections.size() && i < spec_.section_headings.size(); ++i)
      o->sections[i].heading = spec_.section_headings[i];   // the user's headings are kept as written
  std::set<std::string> headings;
  for (const auto& s : o->sections)
    if (!headings.insert(s.heading).second) problems->push_back("Two sections have the heading \"" + s.heading + "\"; sections must be distinct.");
  if (!problems->empty()) return false;
  // Overlapping ranges are repaired here rather than by the model: each section keeps its start, and
  // ends before the next one starts.
  std::vector<size_t> order(o->sections.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return o->sections[x].first < o->sections[y].first; });
  for (size_t k = 0; k + 1 < order.size(); ++k) {
    auto& cur = o->sections[order[k]];
    const auto& next = o->sections[order[k + 1]];
    if (cur.last >= next.first) cur.last = std::max(cur.first, next.first - 1);
  }
  return true;
}

void Pipeline::AddWritingSteps() {
  auto add = [&](const std::string& id, StepKind kind, int index) {
    if (Find(id)) return;
    Step s;
    s.id = id;
    s.kind = kind;
    s.index = index;
    // Writing steps go before the dialogue chunks so the article's body is not starved.
    auto pos = std::find_if(steps_.begin(), steps_.end(), [](const Step& x) { return x.kind == StepKind::Dialogue && x.state == StepState::Queued; });
    steps_.insert(pos, s);
  };
  if (spec_.introduction) add("introduction", StepKind::Introduction, 0);
  for (size_t i = 0; i < outline_.sections.size(); ++i) add("section-" + std::to_string(i), StepKind::Section, (int)i);
  if (spec_.conclusion) add("conclusion", StepKind::Conclusion, 0);
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
  auto it = std::find_if(steps_.begin(), steps_.end(), [&](const Step& x) { return x.id == old; });
  it = steps_.erase(it);
  it = steps_.insert(it, b);
  steps_.insert(it, a);
}

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
    s->state = StepState::Failed;
    s->error = r.error;
    s->partial = r.text;   // what arrived is kept and shown
    Changed();
    Pump();
    return;
  }
  switch (s->kind) {
    case StepKind::Notes: {
      json j = json::parse(r.text, nullptr, false);
      if (j.is_discarded() || !j.is_object()) {
        s->state = StepState::Failed;
        s->error.kind = ErrorKind::BadResponse;
        s->error.message = "The notes for part " + std::to_string(s->index + 1) + " were not valid JSON. Retry this step, or choose a model that supports structured output.";
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
        s->text = r.text;
        s->state = StepState::Done;
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
    case StepKind::Introduction:
    case StepKind::Conclusion: {
      s->text += r.text;
      if (r.finish == FinishReason::Length && s->continuations < 2) {
        // Cut at the output limit: continue where it stopped, automatically.
        ++s->continuations;
        active_prompts_.erase(id);
        const prompts::Prompt base = PromptFor(*s);
        active_prompts_[id] = prompts::Continue(base, s->text);
        s->state = StepState::Queued;
      } else {
        s->text = std::string(text::Trim(s->text));
        // A model may start with the heading despite the instructions: it is part of the template.
        if (text::StartsWith(s->text, "#")) {
          size_t nl = s->text.find('\n');
          s->text = nl == std::string::npos ? "" : std::string(text::Trim(s->text.substr(nl + 1)));
        }
        active_prompts_.erase(id);
        // Only meaningful content counts: empty, or still cut off after the continuations, is a failure.
        if (s->text.empty() || r.finish == FinishReason::Length) {
          s->partial = s->text;
          s->text.clear();
          s->state = StepState::Failed;
          s->error = LlmError();
          s->error.kind = r.finish == FinishReason::Length ? ErrorKind::Truncated : ErrorKind::EmptyAnswer;
          s->error.message = r.finish == FinishReason::Length
                                 ? "This part was still cut off at the model's output limit after two continuations. Retry it, or choose a model with a larger output limit."
                                 : "The model returned no text for this part. Retry it, or choose another model.";
        } else {
          s->state = StepState::Done;
        }
      }
      break;
    }
    case StepKind::Dialogue: {
      std::string body = r.text;
      const size_t a = body.find('{'), b = body.rfind('}');
      if (a != std::string::npos && b != std::string::npos && b > a) body = body.substr(a, b - a + 1);
      json j = json::parse(body, nullptr, false);
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
                           std::to_string(got.size()) + " times instead of once, three times. Retry this step.";
      }
      break;
    }
  }
  Changed();
  Pump();
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

// ---------------------------------------------------------------------------------------------- assembly

void Pipeline::Finish() {
  Assemble();
  status_ = Status::Done;
  Changed();
  if (on_finish) on_finish();
}

void Pipeline::Assemble() {
  ArticleContent c;
  c.title = outline_.title;
  c.emoji = outline_.emoji;
  c.lead = outline_.lead;
  c.highlights = outline_.highlights;
  c.introduction = outline_.intro;
  c.conclusion = outline_.conclusion;
  std::vector<std::pair<int, int>> ranges;
  for (size_t i = 0; i < outline_.sections.size(); ++i) {
    const Step* s = Find("section-" + std::to_string(i));
    ArticleContent::Section sec;
    sec.heading = outline_.sections[i].heading;
    sec.body = s ? s->text : "";
    for (const Turn& t : transcript_.turns) if (t.id == outline_.sections[i].first) sec.start = t.start;
    c.sections.push_back(sec);
    ranges.push_back({outline_.sections[i].first, outline_.sections[i].last});
  }
  if (const Step* s = Find("introduction")) c.introduction.body = s->text;
  if (const Step* s = Find("conclusion")) c.conclusion.body = s->text;
  // Dialogue: one paragraph per turn, in turn order, with the speakers' chosen names.
  std::map<int, std::string> lines;
  for (const Step& s : steps_) {
    if (s.kind != StepKind::Dialogue || s.state != StepState::Done) continue;
    json j = json::parse(s.text, nullptr, false);
    for (const json& t : js::At(j, "turns")) lines[js::Int(t, "turn_id")] = js::Str(t, "text");
  }
  for (const Turn& t : transcript_.turns) {
    auto it = lines.find(t.id);
    if (it == lines.end()) continue;
    c.dialogue.push_back({t.speaker.empty() ? "" : transcript_.DisplayName(t.speaker), t.start, it->second});
  }
  c.source_url = transcript_.meta.source_url;
  // Quotes are the speakers' words, cited by turn; links are only those said or shown in the transcript.
  c.quotes = outline_.quotes;
  if (spec_.links) {
    std::set<std::string> seen;
    for (const Turn& t : transcript_.turns) {
      for (size_t p = t.text.find("http"); p != std::string::npos; p = t.text.find("http", p + 4)) {
        if (t.text.compare(p, 7, "http://") != 0 && t.text.compare(p, 8, "https://") != 0) continue;
        size_t e = p;
        while (e < t.text.size() && !std::isspace((unsigned char)t.text[e]) && t.text[e] != ')' && t.text[e] != '"') ++e;
        while (e > p && (t.text[e - 1] == '.' || t.text[e - 1] == ',')) --e;
        const std::string url = t.text.substr(p, e - p);
        if (seen.insert(url).second) c.links.push_back({url, url});
      }
    }
  }
  result_.content = c;
  result_.marked_markdown = AssembleMarkdown(spec_, c);
  result_.markdown = StripTurnMarkers(result_.marked_markdown);
  std::vector<std::string> names;
  for (const Speaker& s : transcript_.speakers) names.push_back(s.name);
  result_.checks = VerifyArticle(result_.marked_markdown, transcript_, spec_, ranges, names);
  // The quotes section is checked like inline quotes: against its cited turn.
  for (const ArticleContent::Quote& q : c.quotes) {
    std::string marked = "\u201C" + q.text + "\u201D[T" + std::to_string(q.turn_id) + "]";
    ArticleSpec bare = spec_;
    ArticleChecks one = VerifyArticle(marked, transcript_, bare, {}, names);
    if (!one.quotes.empty()) result_.checks.quotes.push_back(one.quotes[0]);
    else result_.checks.quotes.push_back({q.text, q.turn_id, false, "too short to verify"});
  }
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

json Pipeline::Save() const {
  json steps = json::array();
  for (const Step& s : steps_) {
    if (s.state != StepState::Done) continue;
    steps.push_back({{"id", s.id}, {"kind", StepKindName(s.kind)}, {"index", s.index}, {"turns", s.turn_ids}, {"text", s.text},
                     {"input_tokens", s.usage.input_tokens}, {"output_tokens", s.usage.output_tokens}, {"attempts", s.attempts}});
  }
  return json{{"version", 1}, {"prompts", prompts::kVersion}, {"turns", transcript_.turns.size()}, {"steps", steps}};
}

bool Pipeline::Restore(const json& saved, std::string* error) {
  if (js::Int(saved, "version") != 1) { *error = "Saved progress is from another TalkPress version."; return false; }
  if (js::Int(saved, "turns") != (int)transcript_.turns.size()) { *error = "The transcript changed since this progress was saved."; return false; }
  steps_.clear();
  outline_ready_ = false;
  BuildSteps();   // the step list for this transcript and spec; nothing is sent
  for (const json& x : js::At(saved, "steps")) {
    const std::string id = js::Str(x, "id");
    Step* s = Find(id);
    if (!s) {
      // Split dialogue chunks and writing steps exist only after the run that made them.
      Step n;
      n.id = id;
      const std::string kind = js::Str(x, "kind");
      n.kind = kind == "dialogue" ? StepKind::Dialogue : kind == "section" ? StepKind::Section
             : kind == "introduction" ? StepKind::Introduction : kind == "conclusion" ? StepKind::Conclusion : StepKind::Notes;
      n.index = js::Int(x, "index");
      for (const json& t : js::At(x, "turns")) if (t.is_number_integer()) n.turn_ids.push_back(t.get<int>());
      if (n.kind == StepKind::Dialogue) {
        // Replace the unsplit chunk that covered these turns.
        std::string parent = id.substr(0, id.find('.'));
        auto it = std::find_if(steps_.begin(), steps_.end(), [&](const Step& q) { return q.id == parent; });
        if (it != steps_.end()) {
          const std::vector<int> all = it->turn_ids;
          steps_.erase(it);
          // Keep any turns of the parent that this saved piece does not cover as a queued step.
          std::vector<int> rest;
          for (int t : all) if (std::find(n.turn_ids.begin(), n.turn_ids.end(), t) == n.turn_ids.end()) rest.push_back(t);
          if (!rest.empty() && !Find(parent + ".rest")) {
            Step r = n;
            r.id = parent + ".rest";
            r.turn_ids = rest;
            r.text.clear();
            r.state = StepState::Queued;
            steps_.push_back(r);
          }
        }
      }
      steps_.push_back(n);
      s = &steps_.back();
    }
    s->text = js::Str(x, "text");
    s->usage.input_tokens = js::Int(x, "input_tokens");
    s->usage.output_tokens = js::Int(x, "output_tokens");
    s->attempts = js::Int(x, "attempts");
    s->state = StepState::Done;
    if (s->kind == StepKind::Outline) {
      std::vector<std::string> problems;
      Outline o;
      if (ParseOutline(s->text, &o, &problems)) { outline_ = o; outline_ready_ = true; }
      else s->state = StepState::Queued;
    }
  }
  // A ".rest" step duplicated by a later saved sibling is dropped.
  for (size_t i = 0; i < steps_.size(); ++i) {
    if (steps_[i].id.size() < 5 || steps_[i].id.compare(steps_[i].id.size() - 5, 5, ".rest") != 0) continue;
    std::set<int> covered;
    for (const Step& q : steps_) if (q.kind == StepKind::Dialogue && q.state == StepState::Done) covered.insert(q.turn_ids.begin(), q.turn_ids.end());
    std::vector<int> keep;
    for (int t : steps_[i].turn_ids) if (!covered.count(t)) keep.push_back(t);
    steps_[i].turn_ids = keep;
  }
  steps_.erase(std::remove_if(steps_.begin(), steps_.end(), [](const Step& q) { return q.kind == StepKind::Dialogue && q.turn_ids.empty(); }), steps_.end());
  std::stable_sort(steps_.begin(), steps_.end(), [](const Step& a, const Step& b) {
    auto rank = [](const Step& s) { return s.kind == StepKind::Notes ? 0 : s.kind == StepKind::Outline ? 1 : s.kind == StepKind::Dialogue ? 3 : 2; };
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    if (a.kind == StepKind::Dialogue) return a.turn_ids.front() < b.turn_ids.front();
    return false;
  });
  status_ = Status::Idle;
  error_ = LlmError();
  Changed();
  return true;
}

json Pipeline::StateJson() const {
  json steps = json::array();
  for (const Step& s : steps_) {
    json j = {{"id", s.id}, {"kind", StepKindName(s.kind)}, {"state", StepStateName(s.state)}, {"attempts", s.attempts},
              {"inputTokens", s.usage.input_tokens}, {"outputTokens", s.usage.output_tokens}, {"ms", s.ms},
              {"chars", utf8::CountCodePoints(s.state == StepState::Done ? s.text : s.partial)}};
    if (!s.error.ok()) j["error"] = {{"code", ErrorCode(s.error.kind)}, {"message", s.error.message}};
    auto call = calls_.find(s.id);
    if (call != calls_.end() && call->second) {   // "waiting for the provider, 34 s", "thinking…"
      const CallActivity a = call->second->Activity();
      j["activity"] = {{"phase", CallPhaseName(a.phase)}, {"waitedMs", a.waited_ms}, {"reasoningChars", a.reasoning_chars}};
    }
    steps.push_back(j);
  }
  const char* st = status_ == Status::Idle ? "idle" : status_ == Status::Running ? "running" : status_ == Status::Done ? "done"
                 : status_ == Status::Failed ? "failed" : "cancelled";
  json out = {{"status", st}, {"steps", steps}, {"concurrency", limit_}};
  out["provider"] = ProviderStateJson(provider_, scheduler_.NowMs());   // circuit, endpoint, structured-output log
  if (!error_.ok()) out["reason"] = {{"code", ErrorCode(error_.kind)}, {"message", error_.message}};
  return out;
}

}  // namespace tp
