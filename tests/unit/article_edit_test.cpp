// Sections of an article read through cmark, and a regenerated section put into the user's own text.
#include <doctest/doctest.h>

#include "core/article_edit.h"
#include "core/article_view.h"

namespace tp {

TEST_CASE("sections are read at level-1 and level-2 headings, ATX or setext, never inside code") {
  const std::string md = "# Title\n\n> lead\n\nSetext\n------\n\nText\n\n```\n## not a heading\n```\n\n### Small\n\n## Last\nEnd\n";
  const ArticleView v = ReadArticle(md, SectionLabels{});
  CHECK(v.has_title);
  CHECK(v.title == "Title");
  CHECK(v.title_begin == 0);
  REQUIRE(v.sections.size() == 2);
  CHECK(v.sections[0].heading == "Setext");
  CHECK(v.sections[0].level == 2);
  CHECK(v.sections[1].heading == "Last");
  CHECK(md.substr(v.sections[0].heading_begin, v.sections[1].heading_begin - v.sections[0].heading_begin).find("## not a heading") != std::string::npos);
  CHECK(md.compare(v.sections[1].heading_begin, 7, "## Last") == 0);
}

TEST_CASE("a regenerated section after text with no heading, and a level-1 heading after the sections") {
  std::string out, why;
  REQUIRE(MergeRegeneratedSection("Intro, edited.\n\n## A\nx\n", "Intro.\n\n## A\nx\n", "Intro.\n\n## A\ny\n", &out, &why));
  CHECK(out == "Intro, edited.\n\n## A\ny\n");
  const ArticleView v = ReadArticle("## A\nx\n\n# Later\ny\n", SectionLabels{});
  REQUIRE(v.sections.size() == 2);
  CHECK(v.sections[1].level == 1);
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
