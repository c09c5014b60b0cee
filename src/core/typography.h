// Chinese typography for Markdown text written in Chinese: a space between Chinese characters and Latin
// letters or digits, full-width punctuation (，。！？：；（）) inside Chinese text, “” for straight double
// quotes around Chinese, "……" for "..." after Chinese, full-width letters and digits made half-width.
// Nothing is touched inside code (fenced blocks, `inline code`), URLs, link destinations or turn
// markers ([T12]); Markdown line syntax (#, >, -, 1.) is left as it is. Deterministic and idempotent.
#pragma once

#include <string>
#include <string_view>

namespace tp {

std::string NormalizeChineseTypography(std::string_view markdown);

}  // namespace tp
