#include "core/json_util.h"

namespace tp::js {

nlohmann::json Parse(std::string_view text) { return nlohmann::json::parse(text.begin(), text.end(), nullptr, false); }

}  // namespace tp::js
