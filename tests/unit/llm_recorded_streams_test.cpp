// Recorded real streams (tests/fixtures/streams: payloads recorded by the Vercel AI SDK from OpenAI,
// DeepSeek, Groq, Mistral, xAI, Moonshot, Qwen, Anthropic and Gemini) replayed through the decoders,
// whole and split at every size: the answer text and finish reason must be the recording's, and
// reasoning must be kept apart from the answer.
#include "core/json_util.h"
#include "core/llm.h"
#include "doctest/doctest.h"
#include "test_util.h"

using namespace tp;
using nlohmann::json;

namespace {
// The SDK stores one payload per line; the wire framing is each provider's documented one.
std::string Frame(const std::string& chunks, const std::string& wire) {
  std::string out;
  size_t pos = 0;
  while (pos < chunks.size()) {
    size_t nl = chunks.find('\n', pos);
    if (nl == std::string::npos) nl = chunks.size();
    std::string line = chunks.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (wire == "gemini") out += "data: " + line + "\r\n\r\n";   // Gemini's SSE ends lines with CRLF
    else if (wire.rfind("anthropic", 0) == 0) {
      json j = json::parse(line, nullptr, false);
      out += "event: " + js::Str(j, "type") + "\ndata: " + line + "\n\n";
    } else out += "data: " + line + "\n\n";
  }
  if (wire == "openai") out += "data: [DONE]\n\n";
  return out;
}

ProviderKind KindOf(const std::string& wire) {
  if (wire == "gemini") return ProviderKind::Gemini;
  if (wire.rfind("anthropic", 0) == 0) return ProviderKind::Anthropic;
  return ProviderKind::OpenAI;
}
}  // namespace

TEST_CASE("recorded provider streams decode to the recorded text and finish reason, split anywhere") {
  const json expected = json::parse(test::Fixture("streams/expected.json"), nullptr, false);
  REQUIRE(expected.is_object());
  REQUIRE(expected.size() >= 20);
  int reasoning_streams = 0;
  for (auto it = expected.begin(); it != expected.end(); ++it) {
    CAPTURE(it.key());
    const std::string wire = js::Str(*it, "wire");
    const std::string chunks = test::Fixture("streams/" + it.key() + ".chunks.txt");
    REQUIRE(!chunks.empty());
    const std::string body = Frame(chunks, wire);
    for (size_t step : {(size_t)0, (size_t)1, (size_t)3, (size_t)64, (size_t)4093}) {
      CAPTURE(step);
      StreamDecoder d(KindOf(wire), true);
      d.tool_answer = wire == "anthropic-tool";
      if (step == 0) d.Feed(body);
      else for (size_t i = 0; i < body.size(); i += step) d.Feed(std::string_view(body).substr(i, step));
      d.Finish();
      CHECK(d.text == js::Str(*it, "text"));
      CHECK(std::string(FinishReasonName(d.finish)) == js::Str(*it, "finish"));
      CHECK(d.reasoning.size() == (size_t)js::Int(*it, "reasoning_bytes"));
      if (js::Str(*it, "finish") == "content_filter") CHECK(d.error.kind == ErrorKind::ContentFilter);
      else CHECK(d.error.ok());
      CHECK(d.usage.input_tokens > 0);
    }
    reasoning_streams += js::Int(*it, "reasoning_bytes") > 0;
  }
  CHECK(reasoning_streams >= 7);   // reasoning_content, reasoning, Mistral thinking parts, Anthropic thinking
}

TEST_CASE("a recorded Gemini 429 with RetryInfo asks for its own delay") {
  ProviderConfig p;
  p.kind = ProviderKind::Gemini;
  p.base_url = "https://generativelanguage.googleapis.com";
  const LlmError e = ClassifyHttpError(p, 429, "", test::Fixture("streams/gemini-429-retry-info.json"));
  CHECK(e.kind == ErrorKind::RateLimit);
  CHECK(e.retry_after_sec == doctest::Approx(34.4));
  CHECK(e.provider_message == "You exceeded your current quota, please check your plan.");
}
