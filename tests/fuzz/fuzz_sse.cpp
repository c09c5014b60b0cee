// libFuzzer target: the SSE parser and NDJSON reader must give the same result however the input is
// chunked (the first byte of the input picks a chunk size).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/sse.h"

static std::string Run(std::string_view in, size_t step) {
  std::string out;
  tp::SseParser p;
  p.on_event = [&](const tp::SseEvent& e) { out += e.event + '\x1f' + e.data + '\x1f' + e.id + '\x1e'; };
  p.on_comment = [&](std::string_view c) { out += "#"; out.append(c.data(), c.size()); out += '\x1e'; };
  for (size_t i = 0; i < in.size(); i += step) p.Feed(in.substr(i, step));
  p.Finish();
  tp::NdjsonReader r;
  r.on_line = [&](std::string_view l) { out += "L"; out.append(l.data(), l.size()); };
  for (size_t i = 0; i < in.size(); i += step) r.Feed(in.substr(i, step));
  r.Finish();
  return out;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t step = 1 + data[0] % 7;
  std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);
  if (Run(in, step) != Run(in, in.size() + 1)) __builtin_trap();
  return 0;
}
