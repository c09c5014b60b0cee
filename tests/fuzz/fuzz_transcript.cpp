// libFuzzer target: the transcript parser (every format, both noise options) and the chunker must
// accept any bytes without crashing, and never lose a turn's text when chunking.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/transcript.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  for (int f = 0; f <= (int)tp::TranscriptFormat::WhisperJson; ++f) {
    tp::ParseOptions o;
    o.format = (tp::TranscriptFormat)f;
    o.remove_noise = (size & 1) != 0;
    tp::Transcript t = tp::ParseTranscript(in, o);
    if (f == 0) {
      std::vector<tp::Chunk> chunks = tp::ChunkTranscript(t, 64);
      size_t turns_seen = 0;
      int last = 0;
      for (const tp::Chunk& c : chunks)
        for (int id : c.turn_ids) if (id != last) { ++turns_seen; last = id; }
      if (turns_seen != t.turns.size()) __builtin_trap();
    }
  }
  double s;
  tp::ParseTimestamp(in.substr(0, 40), &s);
  tp::DetectLanguage(in);
  return 0;
}
