// libFuzzer target: the Chinese typography normalizer and the turn-marker parser on arbitrary input.
// Both must return valid UTF-8 and the normalizer must be idempotent.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/turn_markers.h"
#include "core/typography.h"
#include "core/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string in = tp::utf8::Repair(std::string_view(reinterpret_cast<const char*>(data), size));
  const std::string once = tp::NormalizeChineseTypography(in);
  if (tp::utf8::Repair(once) != once) std::abort();
  if (tp::NormalizeChineseTypography(once) != once) std::abort();
  tp::CanonicalTurnMarkers(in);
  tp::RemoveTurnMarkers(in);
  tp::CitedTurnIds(in);
  return 0;
}
