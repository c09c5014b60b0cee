// libFuzzer target: the quantity reader (digits, Chinese numerals, English words, units) and the verifier
// on arbitrary text; every quantity's byte range lies inside the input and SameQuantity is symmetric.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/checks.h"
#include "core/numbers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  const std::vector<tp::Quantity> q = tp::ReadQuantities(in);
  size_t last = 0;
  for (const tp::Quantity& x : q) {
    if (x.begin > x.end || x.end > in.size() || x.begin < last) std::abort();
    if (!(x.lo <= x.hi) && !(x.lo != x.lo)) std::abort();
    last = x.begin;
  }
  for (size_t i = 0; i + 1 < q.size() && i < 16; ++i)
    if (tp::SameQuantity(q[i], q[i + 1]) != tp::SameQuantity(q[i + 1], q[i])) std::abort();
  tp::StripTurnMarkers(in);
  static const tp::Transcript t = tp::ParseTranscript("A: ten days and 300万 users\nB: 三十天 a few hundred million\n");
  static const tp::ArticleSpec spec;
  tp::VerifyArticle(in, t, spec, tp::ArticleEvidence{});
  return 0;
}
