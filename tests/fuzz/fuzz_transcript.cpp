// libFuzzer target: the transcript parser (every format, both noise options), the WebVTT file parser (strict
// and lenient) and the chunker must accept any bytes without crashing, and never lose a turn when chunking;
// a parse spread over small steps (TranscriptParse, as the page reads a large transcript) gives the same turns.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/transcript.h"
#include "core/webvtt.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  for (int f = 0; f <= (int)tp::kLastTranscriptFormat; ++f) {
    tp::ParseOptions o;
    o.format = (tp::TranscriptFormat)f;
    o.remove_noise = (size & 1) != 0;
    tp::Transcript t = tp::ParseTranscript(in, o);
    tp::TranscriptParse sliced(in, o);
    while (!sliced.Step(1 + size % 97)) {}
    const tp::Transcript u = sliced.Take();
    if (u.turns.size() != t.turns.size() || u.warnings != t.warnings || u.speakers.size() != t.speakers.size()) __builtin_trap();
    auto same_time = [](double a, double b) { return a == b || (a != a && b != b); };
    for (size_t k = 0; k < t.turns.size(); ++k)
      if (u.turns[k].text != t.turns[k].text || u.turns[k].speaker != t.turns[k].speaker || !same_time(u.turns[k].start, t.turns[k].start))
        __builtin_trap();
    for (size_t k = 0; k < t.turns.size(); ++k)
      if (t.turns[k].id != (int)k + 1 || t.turns[k].text.empty()) __builtin_trap();   // ids dense, no empty turns
    if (f == 0) {
      std::vector<tp::Chunk> chunks = tp::ChunkTranscript(t, 64);
      size_t turns_seen = 0;
      int last = 0;
      for (const tp::Chunk& c : chunks)
        for (int id : c.turn_ids) if (id != last) { ++turns_seen; last = id; }
      if (turns_seen != t.turns.size()) __builtin_trap();
    }
  }
  for (int lenient = 0; lenient < 2; ++lenient) {
    tp::webvtt::Options o;
    o.lenient_timestamps = o.ignore_signature = lenient != 0;
    tp::webvtt::File f = tp::webvtt::Parse(in, o);
    for (const tp::webvtt::Cue& c : f.cues)
      if (c.region >= (int)f.regions.size() || c.timing_line < 1) __builtin_trap();
  }
  double s;
  tp::ParseTimestamp(in.substr(0, 40), &s);
  tp::webvtt::ParseTimestamp(in.substr(0, 40), &s);
  tp::DetectLanguage(in);
  return 0;
}
