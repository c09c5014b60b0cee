// libFuzzer target: the NDJSON reader (Ollama and other line-delimited streams) against the plain
// definition: the non-empty lines of the input split at LF, one trailing CR removed, the last line
// delivered at Finish even without its newline. Byte 0 picks how the input is chunked.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/sse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t step = 1 + data[0] % 11;
  const std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<std::string> want;
  for (size_t at = 0; at <= in.size();) {
    size_t nl = in.find('\n', at);
    const bool last = nl == std::string_view::npos;
    if (last) nl = in.size();
    std::string_view line = in.substr(at, nl - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) want.emplace_back(line);
    if (last) break;
    at = nl + 1;
  }
  std::vector<std::string> got;
  tp::NdjsonReader r;
  r.on_line = [&](std::string_view l) { got.emplace_back(l); };
  for (size_t i = 0; i < in.size(); i += step) r.Feed(in.substr(i, step));
  r.Finish();
  if (got != want) __builtin_trap();
  return 0;
}
