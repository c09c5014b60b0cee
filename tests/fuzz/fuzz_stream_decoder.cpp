// libFuzzer target: provider responses (any bytes, streamed and whole, every wire format) and error
// classification must never crash; JSON of unexpected shapes included (exceptions are off).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/llm.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  for (tp::ProviderKind k : {tp::ProviderKind::OpenAI, tp::ProviderKind::Anthropic, tp::ProviderKind::Gemini}) {
    for (bool streaming : {true, false}) {
      tp::StreamDecoder d(k, streaming);
      for (size_t i = 0; i < in.size(); i += 5) d.Feed(in.substr(i, 5));
      d.Finish();
    }
    tp::ProviderConfig p;
    p.kind = k;
    tp::ClassifyHttpError(p, 400 + (int)(size % 200), in.substr(0, 8), in);
    std::string err;
    tp::ParseModelList(k, in, &err);
  }
  return 0;
}
