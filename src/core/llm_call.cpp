#include "core/llm_call.h"

namespace tp {

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
  started_ms_ = scheduler_.NowMs();
  Attempt();
}

void LlmCall::Attempt() {
  ++attempts_;
  status_ = 0;
  retry_after_.clear();
  error_body_.clear();
  decoder_ = std::make_unique<StreamDecoder>(provider_.kind, request_.stream);
  http_id_ = transport_.Start(BuildChatRequest(provider_, request_), timeouts, this);
}

void LlmCall::Cancel() {
  if (done_) return;
  if (timer_id_ >= 0) { scheduler_.Cancel(timer_id_); timer_id_ = -1; }
  const int id = http_id_;
  http_id_ = -1;
  if (id >= 0) transport_.Abort(id);
  Fail(AbortedError());
}

void LlmCall::OnResponse(int status, const std::string& retry_after) {
  status_ = status;
  retry_after_ = retry_after;
}

void LlmCall::OnBody(std::string_view bytes) {
  if (done_) return;
  if (status_ != 200) {   // an error body: keep the start of it for the message
    if (error_body_.size() < 65536) error_body_.append(bytes.data(), std::min<size_t>(bytes.size(), 65536));
    return;
  }
  decoder_->Feed(bytes);
  std::string delta = decoder_->TakeDelta();
  if (!delta.empty() && on_delta) on_delta(delta, decoder_->text);
  // An error event inside the 200 stream ends the answer now, whatever follows.
  if (!decoder_->error.ok() && decoder_->error.kind != ErrorKind::BadResponse) {
    const int id = http_id_;
    http_id_ = -1;
    if (id >= 0) transport_.Abort(id);
    LlmError e = decoder_->error;
    Fail(e);
  }
}

void LlmCall::OnEnd() {
  if (done_) return;
  http_id_ = -1;
  if (status_ != 200) {
    Fail(ClassifyHttpError(provider_, status_, retry_after_, error_body_));
    return;
  }
  decoder_->Finish();
  std::string delta = decoder_->TakeDelta();
  if (!delta.empty() && on_delta) on_delta(delta, decoder_->text);
  if (!decoder_->error.ok()) {
    Fail(decoder_->error);
    return;
  }
  LlmResult r;
  r.ok = true;
  r.text = decoder_->text;
  r.finish = decoder_->finish;
  r.usage = CompleteUsage(decoder_->usage, request_, r.text, provider_.Tokenizer());
  Finish(std::move(r));
}

void LlmCall::OnFail(HttpFailure kind, const std::string& detail) {
  if (done_) return;
  http_id_ = -1;
  switch (kind) {
    case HttpFailure::Aborted: Fail(AbortedError()); break;
    case HttpFailure::Network: Fail(NetworkError(provider_, detail)); break;
    case HttpFailure::FirstByteTimeout: Fail(TimeoutError(provider_, true, timeouts.first_byte_ms / 1000)); break;
    case HttpFailure::IdleTimeout: Fail(TimeoutError(provider_, false, timeouts.idle_ms / 1000)); break;
  }
}

void LlmCall::Fail(LlmError e) {
  if (done_) return;
  DescribeError(provider_, &e);
  const bool started = decoder_ && decoder_->content_started;
  if (e.kind != ErrorKind::Aborted) {
    RetryDecision d = DecideRetry(e, attempts_, started, scheduler_.Random01());
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
  r.finish = decoder_ ? decoder_->finish : FinishReason::None;
  r.usage = CompleteUsage(decoder_ ? decoder_->usage : Usage(), request_, r.text, provider_.Tokenizer());
  Finish(std::move(r));
}

void LlmCall::Finish(LlmResult r) {
  done_ = true;
  r.attempts = attempts_;
  r.elapsed_ms = scheduler_.NowMs() - started_ms_;
  if (on_done) on_done(r);
}

}  // namespace tp
