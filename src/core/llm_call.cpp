// One request. Index: lifecycle (Start, circuit admission, Send, Cancel) · HTTP events · structured
// fallback · success (extraction, validation, empty answers) · failure and retries · activity.
#include "core/llm_call.h"

#include <algorithm>

#include "core/provider_session.h"
#include "core/text_util.h"

namespace tp {

const char* CallPhaseName(CallActivity::Phase p) {
  switch (p) {
    case CallActivity::Phase::Waiting: return "waiting";
    case CallActivity::Phase::Paused: return "paused";
    case CallActivity::Phase::Thinking: return "thinking";
    case CallActivity::Phase::Writing: return "writing";
    case CallActivity::Phase::Done: return "done";
  }
  return "waiting";
}

LlmCall::LlmCall(Transport& transport, Scheduler& scheduler, ProviderConfig provider, LlmRequest request)
    : transport_(transport), scheduler_(scheduler), provider_(std::move(provider)), request_(std::move(request)) {}

LlmCall::~LlmCall() {
  if (!done_) {
    done_ = true;   // no callbacks from a destroyed call
    if (http_id_ >= 0) transport_.Abort(http_id_);
    if (timer_id_ >= 0) scheduler_.Cancel(timer_id_);
  }
}

void LlmCall::Start() {
  if (done_) return;   // cancelled before it started (a run cancelled while launching its steps)
  started_ms_ = scheduler_.NowMs();
  Attempt();
}

// Asks the provider's circuit before every attempt: an open circuit fails the call with the error that
// opened it (no request is sent); a paused one makes it wait.
void LlmCall::Attempt() {
  ProviderCircuit::Admission a = SessionFor(provider_).circuit.Admit(scheduler_.NowMs());
  if (a.go || (!a.refused.ok() && !honour_open_circuit)) {
    paused_since_ms_ = -1;
    Send();
    return;
  }
  if (!a.refused.ok()) {
    // Not from inside Start(): callers expect results on a later turn of the event loop.
    LlmError e = a.refused;
    timer_id_ = scheduler_.After(0, [this, e] {
      timer_id_ = -1;
      if (done_) return;
      LlmResult r;
      r.error = e;
      r.attempts = attempts_;
      Finish(std::move(r));
    });
    return;
  }
  if (paused_since_ms_ < 0) paused_since_ms_ = scheduler_.NowMs();
  timer_id_ = scheduler_.After(std::max(50.0, a.wait_ms), [this] {
    timer_id_ = -1;
    if (!done_) Attempt();
  });
}

void LlmCall::Send() {
  ++attempts_;
  status_ = 0;
  retry_after_.clear();
  error_body_.clear();
  no_retry_ = false;
  attempt_ms_ = progress_ms_ = scheduler_.NowMs();
  seen_activity_ = 0;
  seen_reasoning_ = 0;
  LlmRequest wire = request_;
  if (!request_.schema.is_null()) {
    ProviderSession& s = SessionFor(provider_);
    if (!wire.structured) wire.structured = s.structured ? *s.structured : DefaultStructuredMode(provider_);
    if (!wire.strip_schema_keywords && s.strip_schema_keywords) wire.strip_schema_keywords = *s.strip_schema_keywords;
    mode_ = *wire.structured;
    stripping_sent_ = wire.strip_schema_keywords ? *wire.strip_schema_keywords : StripsSchemaKeywords(provider_);
  }
  if (!wire.completion_field && SessionFor(provider_).completion_field) wire.completion_field = SessionFor(provider_).completion_field;
  decoder_ = std::make_unique<StreamDecoder>(provider_.kind, request_.stream);
  decoder_->tool_answer = !request_.schema.is_null() && mode_ == StructuredMode::Tool;
  HttpRequest http = BuildChatRequest(provider_, wire);
  sent_max_tokens_ = provider_.kind == ProviderKind::OpenAI && http.body.find("\"max_tokens\":") != std::string::npos;
  sent_output_tokens_ = RequestedOutputTokens(provider_, wire);
  http_id_ = transport_.Start(std::move(http), timeouts, this);
}

// Ends the request in flight, if any; the transport sends no more events for it.
void LlmCall::AbortRequest() {
  const int id = http_id_;
  http_id_ = -1;
  if (id >= 0) transport_.Abort(id);
}

void LlmCall::Cancel() {
  if (done_) return;
  if (timer_id_ >= 0) { scheduler_.Cancel(timer_id_); timer_id_ = -1; }
  AbortRequest();
  Fail(AbortedError());
}

// ---------------------------------------------------------------------------------------------- HTTP events

void LlmCall::OnResponse(int status, const std::string& retry_after) {
  status_ = status;
  retry_after_ = retry_after;
  if (status == 200) SessionFor(provider_).circuit.OnSuccess();
}

void LlmCall::OnBody(std::string_view bytes) {
  if (done_) return;
  if (status_ != 200) {   // an error body: keep the start of it for the message
    if (error_body_.size() < 65536) error_body_.append(bytes.data(), std::min<size_t>(bytes.size(), 65536));
    return;
  }
  decoder_->Feed(bytes);
  std::string delta = decoder_->TakeDelta();
  const double now = scheduler_.NowMs();
  if (!delta.empty() || decoder_->reasoning.size() != seen_reasoning_) progress_ms_ = now;
  seen_reasoning_ = decoder_->reasoning.size();
  if (!delta.empty() && on_delta) on_delta(delta, decoder_->text);
  else if (delta.empty() && decoder_->activity != seen_activity_ && on_activity) on_activity();
  seen_activity_ = decoder_->activity;
  // Keep-alives reset the transport's idle timer, so an answer that stops and keeps only the connection
  // alive would wait for ever: after answer_stall_ms without text it has stalled, as a silent one has.
  if (decoder_->content_started && decoder_->error.ok() && now - progress_ms_ >= timeouts.answer_stall_ms) {
    AbortRequest();
    Fail(StalledAnswerError(provider_, (now - progress_ms_) / 1000));
    return;
  }
  // An error event inside the 200 stream ends the answer now, whatever follows.
  if (!decoder_->error.ok() && decoder_->error.kind != ErrorKind::BadResponse) {
    AbortRequest();
    LlmError e = decoder_->error;
    Fail(e);
  }
}

void LlmCall::OnEnd() {
  if (done_) return;
  http_id_ = -1;
  if (status_ != 200) {
    if (TryCompletionFieldFallback() || TryStructuredFallback()) return;
    LlmError e = ClassifyHttpError(provider_, status_, retry_after_, error_body_);
    if (TryRequestTokenFallback(&e)) return;
    Fail(e);
    return;
  }
  decoder_->Finish();
  std::string delta = decoder_->TakeDelta();
  if (!delta.empty() && on_delta) on_delta(delta, decoder_->text);
  if (!decoder_->error.ok()) {
    Fail(decoder_->error);
    return;
  }
  Succeed();
}

void LlmCall::OnFail(HttpFailure kind, const std::string& detail) {
  if (done_) return;
  http_id_ = -1;
  switch (kind) {
    case HttpFailure::Aborted: Fail(AbortedError()); break;
    case HttpFailure::Network:   // after a status arrived the server was reached: the connection dropped
      Fail(status_ != 0 ? DroppedConnectionError(provider_, detail) : NetworkError(provider_, detail));
      break;
    case HttpFailure::FirstByteTimeout:
      // The user has waited long enough: report it rather than wait the same again.
      no_retry_ = true;
      Fail(TimeoutError(provider_, true, timeouts.first_byte_ms / 1000));
      break;
    case HttpFailure::IdleTimeout: Fail(TimeoutError(provider_, false, timeouts.idle_ms / 1000)); break;
  }
}

// ---------------------------------------------------------------------------------------------- structured fallback

// A 400 about how the schema was sent: leave out the keywords it named, or use the next mode. What was
// learned holds for every later request to this provider and model.
bool LlmCall::TryStructuredFallback() {
  if (request_.schema.is_null() || fallbacks_ >= 3 || !IsStructuredOutputRejection(status_, error_body_)) return false;
  ProviderSession& s = SessionFor(provider_);
  const bool stripping = request_.strip_schema_keywords ? *request_.strip_schema_keywords
                                                        : s.strip_schema_keywords ? *s.strip_schema_keywords : StripsSchemaKeywords(provider_);
  std::string note;
  const bool learned_mode = s.structured && *s.structured != mode_ && !request_.structured;
  const bool learned_strip = s.strip_schema_keywords && *s.strip_schema_keywords && !stripping_sent_;
  if (learned_mode || learned_strip) {
    // Another request already learned this (they were sent together): follow it, without a second note.
    ++fallbacks_;
    ++free_attempts_;
    Send();
    return true;
  }
  if (IsSchemaKeywordRejection(error_body_) && !stripping && !request_.strip_schema_keywords) {
    s.strip_schema_keywords = true;
    note = "The provider rejected a schema keyword; schemas are now sent without min/max/pattern keywords (TalkPress checks them itself).";
  } else {
    StructuredMode next;
    if (request_.structured || !NextStructuredMode(mode_, &next)) return false;
    if (provider_.kind == ProviderKind::Anthropic && next == StructuredMode::JsonObject) next = StructuredMode::PromptOnly;
    s.structured = next;
    note = std::string("The provider rejected structured output as ") + StructuredModeName(mode_) + "; now using " +
           StructuredModeName(next) + " for " + provider_.model + ".";
  }
  ++fallbacks_;
  ++free_attempts_;
  s.log.push_back(note);
  notes_.push_back(note);
  Send();
  return true;
}

// OpenAI's reasoning models answer max_tokens with 400 "Unsupported parameter: 'max_tokens' is not
// supported with this model. Use 'max_completion_tokens' instead." (a custom base URL or proxy in front of
// OpenAI): send the other field, and keep doing so for this provider and model.
bool LlmCall::TryCompletionFieldFallback() {
  if (status_ != 400 || !sent_max_tokens_ || fallbacks_ >= 3) return false;
  if (text::ToLowerAscii(error_body_).find("max_completion_tokens") == std::string::npos) return false;
  ProviderSession& s = SessionFor(provider_);
  if (!s.completion_field || !*s.completion_field) {   // else a request sent together already learned it: no second note
    s.completion_field = true;
    const std::string note = "The provider asked for max_completion_tokens instead of max_tokens; requests to " + provider_.model + " now send it.";
    s.log.push_back(note);
    notes_.push_back(note);
  }
  ++fallbacks_;
  ++free_attempts_;
  Send();
  return true;
}

// Groq's free tier answers 413 "Request too large … on tokens per minute (TPM): Limit 8000, Requested 10544" when
// the prompt and the room asked for the answer (max_tokens) together pass the plan's limit a minute; a thinking
// model's room alone can. Learn the limit for this provider, model and key, and send again asking for less room,
// when enough is left beside the prompt for an answer. Else the step fails with *e, which says what to do: the
// next plan cuts the transcript into parts that fit (PipelineOptionsFor), or no part can fit.
bool LlmCall::TryRequestTokenFallback(LlmError* e) {
  if (e->request_token_limit <= 0) return false;
  ProviderSession& s = SessionFor(provider_);
  // The provider's count of this prompt (what it counted less the room we asked for) corrects our estimate, within
  // reason: a tokenizer counts at most a few times what ours guesses.
  const int prompt = PromptTokens(provider_, request_);
  if (e->request_tokens_counted > e->request_token_limit && e->request_tokens_counted > sent_output_tokens_ && prompt > 0)
    s.prompt_token_scale = std::min(3.0, std::max(s.prompt_token_scale, 1.05 * (double)(e->request_tokens_counted - sent_output_tokens_) / prompt));
  if (!s.request_tokens || *s.request_tokens > e->request_token_limit) {
    s.request_tokens = e->request_token_limit;
    const std::string note = "The provider allows " + std::to_string(e->request_token_limit) + " tokens a minute on this plan, " +
                             "the room for the answer included; requests to " + provider_.model + " now ask for less.";
    s.log.push_back(note);
    notes_.push_back(note);
  }
  const int room = RequestedOutputTokens(provider_, request_);
  if (fallbacks_ < 3 && room < sent_output_tokens_ && FitsRequestLimit(provider_, request_)) {
    ++fallbacks_;
    ++free_attempts_;
    Send();
    return true;
  }
  if (room >= sent_output_tokens_)   // sent within the limit already: this prompt is too long for it
    e->message = "This step's prompt is too long for the " + std::to_string(e->request_token_limit) + " tokens a minute " +
                 "your plan allows, even with smaller parts. Choose a model with a higher limit, or a paid plan; finished " +
                 "steps are kept. It said: \"" + e->provider_message + "\"";
  return false;
}

// ---------------------------------------------------------------------------------------------- success

void LlmCall::Succeed() {
  LlmResult r;
  r.ok = true;
  r.text = decoder_->text;
  r.reasoning = decoder_->reasoning;
  r.finish = decoder_->finish;
  r.structured_mode = mode_;
  // A structured answer cut at the output limit is left as written: the caller continues it, and the JSON is
  // only whole once the continuation is joined.
  if (!request_.schema.is_null() && r.finish != FinishReason::Length) {
    nlohmann::json value;
    r.json_found = ExtractJson(r.text, &value);
    if (r.json_found) {
      r.text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      r.schema_problems = ValidateAgainstSchema(value, request_.schema);
    }
  }
  // Nothing but whitespace (or thinking) is not an answer: once more, then a failed step.
  if (text::Trim(StripThinkBlocks(r.text)).empty()) {
    if (!empty_retried_) {
      empty_retried_ = true;
      ++free_attempts_;
      // Cut at the limit with nothing written: the model thought its budget away. Room to think, then answer.
      if (r.finish == FinishReason::Length) request_.max_output_tokens += std::max(8192, request_.max_output_tokens);
      Send();
      return;
    }
    LlmError e;
    e.kind = ErrorKind::EmptyAnswer;
    if (r.finish == FinishReason::Length)
      e.provider_message = "the output limit was reached" + std::string(r.reasoning.empty() ? "" : " while thinking");
    Fail(e);
    return;
  }
  r.usage = CompleteUsage(decoder_->usage, request_, r.text, provider_.Tokenizer());
  Finish(std::move(r));
}

// ---------------------------------------------------------------------------------------------- failure

void LlmCall::Fail(LlmError e) {
  if (done_) return;
  DescribeError(provider_, &e);
  const bool started = decoder_ && decoder_->content_started;
  if (e.kind != ErrorKind::Aborted) {
    SessionFor(provider_).circuit.OnFailure(e, scheduler_.NowMs());
    RetryDecision d = no_retry_ ? RetryDecision{} : DecideRetry(e, attempts_ - free_attempts_, started, scheduler_.Random01());
    if (d.retry) {
      if (on_retry) on_retry(e, attempts_ + 1, d.delay_sec);
      timer_id_ = scheduler_.After(d.delay_sec * 1000, [this] {
        timer_id_ = -1;
        if (!done_) Attempt();
      });
      return;
    }
  }
  LlmResult r;
  r.error = e;
  r.text = decoder_ ? decoder_->text : std::string();
  r.reasoning = decoder_ ? decoder_->reasoning : std::string();
  r.finish = decoder_ ? decoder_->finish : FinishReason::None;
  r.structured_mode = mode_;
  r.usage = CompleteUsage(decoder_ ? decoder_->usage : Usage(), request_, r.text, provider_.Tokenizer());
  Finish(std::move(r));
}

void LlmCall::Finish(LlmResult r) {
  done_ = true;
  r.attempts = attempts_;
  r.elapsed_ms = scheduler_.NowMs() - started_ms_;
  r.notes = notes_;
  if (on_done) on_done(r);
}

// ---------------------------------------------------------------------------------------------- activity

// An answer with no new text for this long is shown as waiting, not writing.
constexpr double kQuietAnswerMs = 10000;

CallActivity LlmCall::Activity() const {
  CallActivity a;
  const double now = scheduler_.NowMs();
  if (done_) { a.phase = CallActivity::Phase::Done; return a; }
  if (paused_since_ms_ >= 0) {
    a.phase = CallActivity::Phase::Paused;
    a.waited_ms = now - paused_since_ms_;
    return a;
  }
  if (decoder_) a.reasoning_chars = decoder_->reasoning.size();
  if (decoder_ && decoder_->content_started && now - progress_ms_ >= kQuietAnswerMs) {
    a.phase = CallActivity::Phase::Waiting;   // the answer started, and only keep-alives have come since
    a.waited_ms = now - progress_ms_;
  } else if (decoder_ && decoder_->content_started) a.phase = CallActivity::Phase::Writing;
  else if (a.reasoning_chars > 0) a.phase = CallActivity::Phase::Thinking;
  else {
    a.phase = CallActivity::Phase::Waiting;
    a.waited_ms = now - (attempt_ms_ > 0 ? attempt_ms_ : started_ms_);
  }
  return a;
}

}  // namespace tp
