// Turn markers: the citations writing steps put after quotes and facts ("“…”[T12]"). Models write them
// in many bracket forms — [T12], 【T12】, （T12）, (T12), ［T12］, [T12, T13], [T12-T14], 【T12，T13】, [t12] —
// so the pipeline brings every form to one ("[T12]", "[T12, T13]", "[T12-T14]") for the verifier, reads
// the turns a text cites, and removes them all for readers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tp {

struct TurnMarker {
  size_t begin = 0, end = 0;   // byte range of the marker, brackets included
  std::vector<int> ids;        // every cited turn, ranges expanded (at most 200 per range)
  std::string canonical;       // "[T12]", "[T12, T13]", "[T12-T14]"
};

std::vector<TurnMarker> FindTurnMarkers(std::string_view text);
// Every marker rewritten in the one form the verifier reads.
std::string CanonicalTurnMarkers(std::string_view text);
// The text without markers (and without the space a marker had before it), for readers.
std::string RemoveTurnMarkers(std::string_view text);
// The turns a text cites, sorted, each once.
std::vector<int> CitedTurnIds(std::string_view text);

}  // namespace tp
