// TalkPress version and build identity, shared by the app, tests and exports.
#pragma once

namespace tp {
inline constexpr const char* kAppName = "TalkPress";
inline constexpr const char* kVersion = "0.1.0";
}  // namespace tp
