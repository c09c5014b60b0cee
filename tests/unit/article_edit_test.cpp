// Sections of an article read through cmark, and a regenerated section put into the user's own text.
#include <doctest/doctest.h>

#include "core/article_edit.h"

namespace tp {

TEST_CASE("sections are cut at level-1 and level-2 headings, ATX or setext, never inside code") {
  const std::string md = "# Title\n\n> lead\n\nSetext\n------\n\nText\n\n```\n## not a heading\n```\n\n### Small\n\n## Last\nEnd\n";
  const auto s = SplitSections(md);
  REQUIRE(s.size() == 3);
  CHECK(s[0].heading == "Title");
  CHECK(s[0].level == 1);
  CHECK(s[1].heading == "Setext");
  CHECK(s[1].level == 2);
  CHECK(md.substr(s[1].begin, s[1].end - s[1].begin).find("## not a heading") != std::string::npos);
  CHECK(s[2].heading == "Last");
  CHECK(s[2].end == md.size());
  CHECK(s[0].begin == 0);
}

TEST_CASE("text before the first heading is its own section") {
  const auto s = SplitSections("Intro.\n\n## A\nx\n");
  REQUIRE(s.size() == 2);
  CHECK(s[0].level == 0);
  CHECK(s[1].heading == "A");
}

struct MergeCase { const char* name; const char* current; const char* before; const char* after; const char* expected; };

TEST_CASE("a regenerated section replaces only itself in the user's edited text") {
  const MergeCase cases[] = {
      {"edits elsewhere kept", "# T\n\n## A\nmine\n\n## B\nold b\n\nextra line\n", "# T\n\n## A\na\n\n## B\nold b\n",
       "# T\n\n## A\na\n\n## B\nnew b\n", "# T\n\n## A\nmine\n\n## B\nnew b\n"},
      {"section in the middle", "# T\n\n## A\nold a\n\n## B\nedited b\n", "# T\n\n## A\nold a\n\n## B\nb\n",
       "# T\n\n## A\nnew a\n\n## B\nb\n", "# T\n\n## A\nnew a\n\n## B\nedited b\n"},
      {"renamed heading found by position", "# T\n\n## My A\nold a\n\n## B\nb\n", "# T\n\n## A\nold a\n\n## B\nb\n",
       "# T\n\n## A\nnew a\n\n## B\nb\n", "# T\n\n## A\nnew a\n\n## B\nb\n"},
  };
  for (const MergeCase& c : cases) {
    INFO(c.name);
    std::string out, why;
    REQUIRE(MergeRegeneratedSection(c.current, c.before, c.after, &out, &why));
    CHECK(out == c.expected);
  }
}

TEST_CASE("a section the user removed is reported, and the user's text is untouched") {
  std::string out = "unchanged", why;
  CHECK_FALSE(MergeRegeneratedSection("# T\n\nonly my text\n", "# T\n\n## A\na\n\n## B\nb\n", "# T\n\n## A\nnew\n\n## B\nb\n", &out, &why));
  CHECK(out == "unchanged");
  CHECK(why.find("\"A\"") != std::string::npos);
}

}  // namespace tp
