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
