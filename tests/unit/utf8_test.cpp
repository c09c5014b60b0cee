#include "core/utf8.h"

#include "doctest/doctest.h"

using namespace tp;

TEST_CASE("Repair keeps valid UTF-8 and strips a BOM") {
  utf8::RepairReport r;
  CHECK(utf8::Repair("\xEF\xBB\xBFHello 世界 👍", &r) == "Hello 世界 👍");
  CHECK(r.invalid_sequences == 0);
}

TEST_CASE("Repair replaces invalid sequences with U+FFFD and reports the first offset") {
  struct Case { const char* name; std::string in; std::string out; size_t invalid; size_t first; };
  const Case cases[] = {
      {"lone continuation", "ab\x80" "c", "ab\xEF\xBF\xBD" "c", 1, 2},
      {"truncated 3-byte", "x\xE4\xB8", "x\xEF\xBF\xBD\xEF\xBF\xBD", 2, 1},
      {"overlong slash", "\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD", 2, 0},
      {"surrogate", "\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 3, 0},
      {"beyond U+10FFFF", "\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 4, 0},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    utf8::RepairReport r;
    CHECK(utf8::Repair(c.in, &r) == c.out);
    CHECK(r.invalid_sequences == c.invalid);
    CHECK(r.first_invalid_byte == c.first);
  }
}

TEST_CASE("Repair replaces NUL bytes with U+FFFD and counts them") {
  utf8::RepairReport r;
  CHECK(utf8::Repair(std::string("a\0b\0", 4), &r) == "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
  CHECK(r.nul_bytes == 2);
  CHECK(r.first_nul_byte == 1);
}

TEST_CASE("Script classes") {
  CHECK(utf8::IsCjkIdeograph(U'中'));
  CHECK(utf8::IsKana(U'の'));
  CHECK(utf8::IsHangul(U'한'));
  CHECK(utf8::IsWide(U'，'));
  CHECK_FALSE(utf8::IsWide(U'a'));
  CHECK(utf8::CountCodePoints("a中👍") == 3);
}

TEST_CASE("DecodeBefore steps back one whole code point, and one byte over a broken one") {
  const std::string s = "a世👍";
  struct Step { char32_t cp; size_t at; };
  const Step steps[] = {{U'👍', 4}, {U'世', 1}, {U'a', 0}, {0, 0}};   // then 0 at the start
  size_t i = s.size();
  for (const Step& step : steps) {
    CHECK(utf8::DecodeBefore(s, i) == step.cp);
    CHECK(i == step.at);
  }
  const std::string broken = "x\x80\x80\x80\x80\x80";   // continuation bytes with no lead byte
  size_t j = broken.size();
  CHECK(utf8::DecodeBefore(broken, j) == 0xFFFD);
  CHECK(j == broken.size() - 1);
}

// One emoji test for the title check, the title's emoji and line breaking. The versions it replaced
// disagreed: one missed flags, mahjong and U+1F100–U+1F2FF, two missed the star U+2B50.
TEST_CASE("emoji: pictographs and whole sequences") {
  struct Case { const char* name; std::string text; size_t length; };
  const Case cases[] = {
      {"plain", "🚀 launch", 4},
      {"star (U+2B50)", "⭐", 3},
      {"sun with VS16", "☀️x", 6},
      {"flag", "🇯🇵🇫🇷", 8},
      {"mahjong tile", "🀄", 4},
      {"skin tone", "👍🏽!", 8},
      {"ZWJ family", "👨‍👩‍👧", 18},
      {"tag sequence (England)", "🏴󠁧󠁢󠁥󠁮󠁧󠁿", 28},
      {"ZWJ before text is not joined", "👍\u200Dx", 4},
      {"CJK is not emoji", "中", 0},
      {"letters are not emoji", "A", 0},
      {"empty", "", 0},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(utf8::EmojiLength(c.text, 0) == c.length);
  }
  CHECK(utf8::IsEmoji(U'🀄'));
  CHECK(utf8::IsEmoji(U'⭐'));
  CHECK_FALSE(utf8::IsEmoji(U'中'));
  CHECK_FALSE(utf8::IsEmoji(0xFE0F));
}

static utf8::Utf16Splice Splice(size_t start, size_t removed, size_t total, std::string inserted) {
  utf8::Utf16Splice s;
  s.start_units = start;
  s.removed_units = removed;
  s.total_units = total;
  s.inserted = std::move(inserted);
  return s;
}

TEST_CASE("ApplyUtf16Splice applies a text box's edit, counted in UTF-16 units, to the UTF-8 text it showed") {
  // "é" is one unit (2 bytes), "中" one unit (3 bytes), "👍" two units (4 bytes).
  struct Case { const char* name; std::string text; size_t start, removed, total; std::string inserted; std::string out; };
  const Case cases[] = {
      {"type at the end", "abc", 3, 0, 3, "d", "abcd"},
      {"type at the start", "abc", 0, 0, 3, "x", "xabc"},
      {"type in the middle", "abc", 1, 0, 3, "x", "axbc"},
      {"delete one", "abc", 1, 1, 3, "", "ac"},
      {"replace everything", "abc", 0, 3, 3, "\xE4\xB8\xAD", "\xE4\xB8\xAD"},
      {"clear everything", "abc", 0, 3, 3, "", ""},
      {"type into an empty box", "", 0, 0, 0, "Alice: hi", "Alice: hi"},
      {"after a two-byte character", "caf\xC3\xA9!", 4, 0, 5, "s", "caf\xC3\xA9s!"},
      {"before a three-byte character", "a\xE4\xB8\xAD" "b", 1, 0, 3, "x", "ax\xE4\xB8\xAD" "b"},
      {"delete a three-byte character", "a\xE4\xB8\xAD" "b", 1, 1, 3, "", "ab"},
      {"after an emoji (two units)", "\xF0\x9F\x91\x8D" "b", 2, 0, 3, "x", "\xF0\x9F\x91\x8D" "xb"},
      {"delete an emoji", "a\xF0\x9F\x91\x8D" "b", 1, 2, 4, "", "ab"},
      {"emoji at the very end", "a\xF0\x9F\x91\x8D", 3, 0, 3, "\xF0\x9F\x98\x80", "a\xF0\x9F\x91\x8D\xF0\x9F\x98\x80"},
      {"CRLF kept as two units", "a\r\nb", 3, 0, 4, "c", "a\r\ncb"},
      {"a newline between CR and LF", "a\r\nb", 2, 0, 4, "\n", "a\r\n\nb"},
      {"U+FFFD counts one unit", "\xEF\xBF\xBDz", 1, 1, 2, "y", "\xEF\xBF\xBDy"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    std::string t = c.text;
    CHECK(utf8::ApplyUtf16Splice(&t, Splice(c.start, c.removed, c.total, c.inserted)));
    CHECK(t == c.out);
  }
}

TEST_CASE("ApplyUtf16Splice refuses an edit the text cannot have been shown as, and leaves the text") {
  struct Case { const char* name; std::string text; size_t start, removed, total; };
  const Case cases[] = {
      {"another length", "abc", 1, 0, 4},
      {"past the end", "abc", 2, 2, 3},
      {"start inside an emoji", "a\xF0\x9F\x91\x8D" "b", 2, 0, 4},
      {"end inside an emoji", "a\xF0\x9F\x91\x8D" "b", 1, 1, 4},
      {"invalid UTF-8 (shown as U+FFFD)", "a\x80" "b", 1, 0, 3},
      {"truncated sequence at the end", "ab\xE4\xB8", 2, 0, 3},
      {"a NUL byte (the box never showed what follows it)", std::string("a\0b", 3), 1, 0, 3},
      {"a leading BOM (the box's decoder drops it)", "\xEF\xBB\xBF" "ab", 1, 0, 3},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    std::string t = c.text;
    CHECK_FALSE(utf8::ApplyUtf16Splice(&t, Splice(c.start, c.removed, c.total, "x")));
    CHECK(t == c.text);
  }
}
