// Small string helpers shared by the core parsers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tp::text {

std::string_view Trim(std::string_view s);   // ASCII whitespace, NBSP and ideographic space
bool StartsWith(std::string_view s, std::string_view p);
bool EndsWith(std::string_view s, std::string_view p);
std::string ToLowerAscii(std::string_view s);
// Splits on \n, \r\n and \r.
std::vector<std::string_view> SplitLines(std::string_view s);
// Joins two pieces of running text: a space between Latin words, nothing between CJK characters.
void AppendJoined(std::string& out, std::string_view piece);
// Collapses runs of spaces/tabs to one space and trims.
std::string CollapseSpaces(std::string_view s);
// True when the text ends a sentence (. ! ? … 。 ！ ？ and closing quotes after them).
bool EndsSentence(std::string_view s);
std::string Replace(std::string_view s, std::string_view from, std::string_view to);

}  // namespace tp::text
