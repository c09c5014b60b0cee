// libFuzzer target: the offline draft must accept any transcript with any preset without crashing, be
// deterministic, make a draft whenever there is a sentence, and quote only the transcript's own words.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/offline_draft.h"
#include "core/segment.h"
#include "core/spec.h"
#include "core/transcript.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto& presets = tp::BuiltinPresets();
  tp::ArticleSpec spec = presets[data[0] % presets.size()].spec;
  spec.section_count = 1 + data[0] / 32;   // 1..8 sections
  std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);
  const tp::Transcript t = tp::ParseTranscript(in);
  const tp::OfflineDraft a = tp::BuildOfflineDraft(t, spec);
  const tp::OfflineDraft b = tp::BuildOfflineDraft(t, spec);
  if (a.markdown != b.markdown) __builtin_trap();
  if (!a.ok() && a.notes.empty()) __builtin_trap();
  std::vector<std::string> turns;
  for (const tp::Turn& turn : t.turns) turns.push_back(tp::seg::CollapseWhitespace(turn.text));
  auto quoted = [&](const tp::QuoteEvidence& q) {
    for (size_t i = 0; i < t.turns.size(); ++i)
      if (t.turns[i].id == q.turn_id) return q.rendered == q.original && turns[i].find(q.original) != std::string::npos;
    return false;
  };
  for (const tp::QuoteEvidence& q : a.evidence.front_quotes)
    if (!quoted(q)) __builtin_trap();
  for (const tp::SectionEvidence& s : a.evidence.sections)
    for (const tp::QuoteEvidence& q : s.quotes)
      if (!quoted(q)) __builtin_trap();
  for (const tp::seg::Span& s : tp::seg::SplitSentences(in, 64))
    if (s.begin >= s.end || s.end > in.size()) __builtin_trap();
  return 0;
}
