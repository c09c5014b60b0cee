// Limits the UI offers and the validators enforce, said once.
#pragma once

#include "core/spec.h"

namespace tp::limits {

// Requests in flight at once against one provider.
constexpr int kMinConcurrency = 1;
constexpr int kMaxConcurrency = 16;
constexpr int kDefaultConcurrency = 4;

// Body section length, in the spec's unit (characters or words).
constexpr int kMinSectionLength = kSectionLengthMin;
constexpr int kMaxSectionLength = kSectionLengthMax;

// Highlights, quotes and body sections a spec may ask for.
constexpr int kMaxHighlights = 20;
constexpr int kMaxSections = 20;
constexpr int kMaxQuotes = 20;

// Article versions kept for undo (generate, regenerate, restore each add one).
constexpr int kArticleHistory = 20;

}  // namespace tp::limits
