// libFuzzer target: provider responses (any bytes, streamed and whole, every wire format incl. Ollama's
// NDJSON, with and without a tool answer) and error classification must never crash; JSON of unexpected
// shapes included (exceptions are off). A streamed body decodes to the same answer, reasoning and finish
// reason however it is chunked (the first byte picks the chunk size), and reasoning never leaks a
// <think> tag into the answer's start.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/llm.h"

namespace {
std::string Decode(tp::ProviderKind k, bool streaming, bool tool, std::string_view in, size_t step) {
  tp::StreamDecoder d(k, streaming);
  d.tool_answer = tool;
  for (size_t i = 0; i < in.size(); i += step) d.Feed(in.substr(i, step));
  d.Finish();
  return d.text + '\x1f' + d.reasoning + '\x1f' + tp::FinishReasonName(d.finish) + '\x1f' + tp::ErrorCode(d.error.kind);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t step = 1 + data[0] % 13;
  std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);
  for (tp::ProviderKind k : {tp::ProviderKind::OpenAI, tp::ProviderKind::Anthropic, tp::ProviderKind::Gemini, tp::ProviderKind::Ollama}) {
    for (bool tool : {false, true}) {
      if (Decode(k, true, tool, in, step) != Decode(k, true, tool, in, in.size() + 1)) __builtin_trap();
      Decode(k, false, tool, in, step);
    }
    tp::ProviderConfig p;
    p.kind = k;
    p.base_url = std::string(in.substr(0, 40));
    tp::ClassifyHttpError(p, 400 + (int)(size % 200), in.substr(0, 8), in);
    std::string err;
    tp::ParseModelList(k, in, &err);
  }
  tp::SummarizeErrorBody(in);
  return 0;
}
