#include "core/transcript_input.h"

#include "core/text_util.h"

namespace tp {

namespace {
bool IsStrayControl(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f'; }
}  // namespace

std::string TranscriptInputProblem(std::string_view text) {
  if (text.size() > kMaxTranscriptBytes)
    return "This transcript is " + std::to_string((text.size() + (1u << 20) - 1) >> 20) + " MB; TalkPress reads up to " +
           std::to_string(kMaxTranscriptBytes >> 20) + " MB (about 100 hours of talk). Split it into parts; your saved "
           "transcript is unchanged.";
  // A BOM alone is empty too.
  std::string_view t = text::Trim(text);
  while (t.substr(0, 3) == "\xEF\xBB\xBF") t = text::Trim(t.substr(3));
  if (t.empty()) return "The new transcript is empty, so it was not used; your saved transcript is unchanged.";
  return "";
}

std::string CleanTranscriptInput(std::string& text) {
  size_t count = 0, first = 0;
  for (size_t i = 0; i < text.size(); ++i)
    if (IsStrayControl((unsigned char)text[i]) && count++ == 0) first = i;
  if (!count) return "";
  std::string out;
  out.reserve(text.size() + 2 * count);
  int line = 1, first_line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = (unsigned char)text[i];
    if (i < first && (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n')))) ++line;
    if (i == first) first_line = line;
    if (IsStrayControl(c)) out += "\xEF\xBF\xBD";
    else out += (char)c;
  }
  text = std::move(out);
  return "Line " + std::to_string(first_line) + ": " + std::to_string(count) +
         (count == 1 ? " control character (such as NUL) was" : " control characters (such as NUL) were") +
         " replaced with \xEF\xBF\xBD; the rest of the text is kept.";
}

}  // namespace tp
