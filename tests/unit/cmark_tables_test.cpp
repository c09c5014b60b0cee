// Two of cmark's tables come in a compact form (src/cmark/): the case fold that matches reference-link
// labels ([Foo][] finds [FOO]: /url) and the HTML entity decoder (&ouml; &#233;). Each must give exactly
// what cmark's own code gives, kept natively under other names (cmake/ThirdParty.cmake): every code
// point, every entity, invalid and tricky input, and the CommonMark spec's examples end to end.
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "doctest/doctest.h"
#include "support/cmark_originals.h"
#include "test_util.h"

namespace {

using FoldFn = void (*)(cmark_strbuf*, const uint8_t*, bufsize_t);

std::string Fold(FoldFn fold, const std::string& in) {
  cmark_strbuf buf = CMARK_BUF_INIT(cmark_get_default_mem_allocator());
  fold(&buf, reinterpret_cast<const uint8_t*>(in.data()), static_cast<bufsize_t>(in.size()));
  std::string out(reinterpret_cast<const char*>(buf.ptr), static_cast<size_t>(buf.size));
  cmark_strbuf_free(&buf);
  return out;
}

void AppendUtf8(std::string& s, uint32_t c) {
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string ToHtml(const std::string& markdown) {
  char* html = cmark_markdown_to_html(markdown.data(), markdown.size(), CMARK_OPT_UNSAFE);
  std::string out(html);
  free(html);
  return out;
}

}  // namespace

TEST_CASE("Case fold: every code point folds as cmark's own switch") {
  // In blocks of 4,096 code points (surrogates encoded the generic way are invalid UTF-8, which both
  // must turn into U+FFFD byte by byte); each block is compared whole, and a mismatch is then located.
  size_t folded_differently = 0;
  for (uint32_t block = 0; block < 0x110000; block += 0x1000) {
    std::string in;
    for (uint32_t c = block; c < block + 0x1000; c++) AppendUtf8(in, c);
    if (Fold(cmark_utf8proc_case_fold, in) == Fold(cmark_utf8proc_case_fold_switch, in)) continue;
    for (uint32_t c = block; c < block + 0x1000; c++) {
      std::string one;
      AppendUtf8(one, c);
      if (Fold(cmark_utf8proc_case_fold, one) != Fold(cmark_utf8proc_case_fold_switch, one)) {
        CAPTURE(c);
        CHECK(Fold(cmark_utf8proc_case_fold, one) == Fold(cmark_utf8proc_case_fold_switch, one));
        folded_differently++;
      }
    }
  }
  CHECK(folded_differently == 0);
  // The tables are not empty: a few folds from each kind of entry.
  CHECK(Fold(cmark_utf8proc_case_fold, "ABC xyz") == "abc xyz");
  CHECK(Fold(cmark_utf8proc_case_fold, "Ā ẞ ß İ ﬃ Σ ς К") == "ā ss ss i\xCC\x87 ffi σ σ к");
  CHECK(Fold(cmark_utf8proc_case_fold, "\xF0\x90\x90\x80") == "\xF0\x90\x90\xA8");  // Deseret 𐐀 -> 𐐨
}

TEST_CASE("Case fold: invalid UTF-8 becomes U+FFFD as in cmark's switch") {
  const std::string inputs[] = {
      std::string("a\0B", 3), "\x80", "\xC3", "A\xC3(", "\xC0\xAF", "\xE2\x82", "\xED\xA0\x80",
      "\xF4\x90\x80\x80", "\xF0\x9F\x98", "\xFF\xFE", "\xEF\xBF\xBF\xEF\xBF\xBE",  // U+FFFF, U+FFFE
  };
  for (const std::string& in : inputs) {
    CAPTURE(in);
    CHECK(Fold(cmark_utf8proc_case_fold, in) == Fold(cmark_utf8proc_case_fold_switch, in));
  }
}

TEST_CASE("Case fold: reference links whose labels differ only in case") {
  struct Case { const char* name; const char* used; const char* defined; bool links; };
  const Case cases[] = {
      {"ASCII", "Foo Bar", "FOO BAR", true},
      {"sharp s, capital and small", "ẞ", "SS", true},
      {"sharp s to ss", "Straße", "STRASSE", true},
      {"Greek, final sigma", "ΑΓΩΣ", "αγως", true},
      {"Greek with tonos", "Ἀθῆναι", "ἈΘῆΝΑΙ", true},
      {"Cyrillic", "Толпой", "ТОЛПОЙ", true},
      {"Turkish capital dotted I folds to i + combining dot", "İstanbul", "i̇stanbul", true},
      {"Turkish capital dotted I is not plain i", "İstanbul", "istanbul", false},
      {"Turkish dotless i has no fold", "ı", "I", false},
      {"Kelvin sign", "K", "k", true},
      {"ligature ffi", "ﬃ", "FFI", true},
      {"titlecase digraph", "ǅ", "Ǆ", true},
      {"Armenian ligature", "և", "ԵՒ", true},
      {"Cherokee small folds to capital", "ꭰ", "Ꭰ", true},
      {"Deseret (beyond the BMP)", "𐐀𐐁", "𐐨𐐩", true},
      {"Adlam", "𞤀", "𞤢", true},
      {"fullwidth", "ＡＢＣ", "ａｂｃ", true},
      {"different letters", "Foo", "Fob", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const std::string html = ToHtml(std::string("[") + c.used + "]\n\n[" + c.defined + "]: /url\n");
    CHECK((html.find("<a href=\"/url\">") != std::string::npos) == c.links);
  }
}

TEST_CASE("Case fold: the CommonMark spec's examples render as the spec says") {
  // cmark's copy of the spec (third_party/cmark/test/spec.txt): every example, markdown -> HTML.
  const std::string spec = tp::test::ReadFile("third_party/cmark/test/spec.txt");
  REQUIRE(!spec.empty());
  const std::string fence = "```````````````````````````````` example\n";
  const std::string end = "\n````````````````````````````````\n";
  size_t examples = 0, pos = 0;
  while ((pos = spec.find(fence, pos)) != std::string::npos) {
    const size_t body = pos + fence.size();
    const size_t stop = spec.find(end, body - 1);
    REQUIRE(stop != std::string::npos);
    std::string example = spec.substr(body, stop + 1 - body);
    const size_t split = example.find("\n.\n") != std::string::npos ? example.find("\n.\n") + 1
                                                                     : (example.rfind(".\n", 0) == 0 ? 0 : std::string::npos);
    REQUIRE(split != std::string::npos);
    std::string markdown = example.substr(0, split), html = example.substr(split + 2);
    for (std::string* s : {&markdown, &html}) {
      for (size_t t; (t = s->find("\xE2\x86\x92")) != std::string::npos;) s->replace(t, 3, "\t");  // → is a tab
    }
    examples++;
    CAPTURE(examples);
    CAPTURE(markdown);
    CHECK(ToHtml(markdown) == html);
    pos = stop + end.size();
  }
  CHECK(examples > 600);
}

namespace {

using UnescapeFn = int (*)(cmark_strbuf*, const uint8_t*, bufsize_t);

// The decoded text, or "(unchanged)" when the function reports there was nothing to decode.
std::string Unescape(UnescapeFn unescape, const std::string& in) {
  cmark_strbuf buf = CMARK_BUF_INIT(cmark_get_default_mem_allocator());
  const int changed = unescape(&buf, reinterpret_cast<const uint8_t*>(in.data()), static_cast<bufsize_t>(in.size()));
  std::string out = changed ? std::string(reinterpret_cast<const char*>(buf.ptr), static_cast<size_t>(buf.size)) : "(unchanged)";
  cmark_strbuf_free(&buf);
  return out;
}

}  // namespace

TEST_CASE("Entities: every named entity decodes as in cmark's table") {
  const std::string table = tp::test::ReadFile("third_party/cmark/src/entities.inc");
  REQUIRE(!table.empty());
  size_t names = 0;
  for (size_t at = 0; (at = table.find("{(unsigned char*)\"", at)) != std::string::npos;) {
    at += 18;
    const std::string name = table.substr(at, table.find('"', at) - at);
    names++;
    for (const std::string& in : {"&" + name + ";", "x&" + name + ";y", "&" + name, "&" + name + " ;",
                                  "&" + name + "x;", "&" + name.substr(0, name.size() - 1) + ";"}) {
      CAPTURE(in);
      CHECK(Unescape(houdini_unescape_html, in) == Unescape(cmark_houdini_unescape_html_table, in));
    }
    CHECK(Unescape(houdini_unescape_html, "&" + name + ";") != "&" + name + ";");
  }
  CHECK(names == 2125);
  CHECK(Unescape(houdini_unescape_html, "&ouml; &amp; &NotEqualTilde; &zwnj;") == "\xC3\xB6 & \xE2\x89\x82\xCC\xB8 \xE2\x80\x8C");
}

TEST_CASE("Entities: numeric, malformed and random references decode as in cmark") {
  const char* cases[] = {
      "plain text", "", "&", "&;", "&&amp;", "&#;", "&#x;", "&#X41;", "&#65;", "&#0;", "&#00000065;", "&#1234567;",
      "&#12345678;", "&#x10FFFF;", "&#x110000;", "&#xD800;", "&#xDFFF;", "&#xFFFF;", "&#xFFFE;", "&#x0000041;",
      "&#xaBcDeF;", "&#65", "&Amp;", "&AMP;", "&amp", "&amp ;", "&am p;", "&a;", "&ab;", "&CounterClockwiseContourIntegral;",
      "&CounterClockwiseContourIntegralX;", "&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;", "&1amp;", "&_amp;", "&\xC3\xB6;",
      "a&b&c;&d", "&#x1F600;&#128512;",
  };
  for (const char* in : cases) {
    CAPTURE(in);
    CHECK(Unescape(houdini_unescape_html, in) == Unescape(cmark_houdini_unescape_html_table, in));
  }
  // Random strings from the characters that matter to a reference.
  const std::string alphabet = "&&&#;;xX0123456789aAbBeEfFlLmMpPtTgGqQuUoOsS ";
  std::mt19937 rng(20261127);
  for (int n = 0; n < 20000; n++) {
    std::string in(1 + rng() % 24, ' ');
    for (char& c : in) c = alphabet[rng() % alphabet.size()];
    CAPTURE(in);
    CHECK(Unescape(houdini_unescape_html, in) == Unescape(cmark_houdini_unescape_html_table, in));
  }
}

TEST_CASE("E-mail autolinks: the scanner matches as cmark's automaton") {
  const auto scan = [](const std::string& s) { return _scan_autolink_email(reinterpret_cast<const unsigned char*>(s.c_str())); };
  const auto re2c = [](const std::string& s) { return cmark_scan_autolink_email_re2c(reinterpret_cast<const unsigned char*>(s.c_str())); };
  const std::string label63(63, 'a'), label64(64, 'a');
  const std::string cases[] = {
      "foo@bar.example.com>", "foo+special@Bar.baz-bar0.com>", "a@b>", "@b>", "a@>", "a@b", "a@b.>", "a@-b>", "a@b->",
      "a@b-c>", "a@b--c.d>", "a.b!#$%&'*+/=?^_`{|}~-@x>", "a@b..c>", "a b@c>", "a@b c>", "a@@b>", "a@b@c>",
      "a@" + label63 + ">", "a@" + label64 + ">", "a@x." + label63 + ".y>", "a@x." + label64 + ".y>",
      "a@b>>", "a@b>tail", "\xC3\xA9@b>", "a@\xC3\xA9>", "",
  };
  for (const std::string& s : cases) {
    CAPTURE(s);
    CHECK(scan(s) == re2c(s));
  }
  CHECK(scan("foo@bar.example.com> rest") == 20);
  // Random strings over the characters that matter, with labels near the 63-character limit.
  const std::string alphabet = "aZ9-.@>!_ \x80";
  std::mt19937 rng(42);
  for (int n = 0; n < 50000; n++) {
    std::string s;
    const int parts = 1 + rng() % 6;
    for (int k = 0; k < parts; k++) {
      const int run = rng() % 4 == 0 ? 60 + rng() % 6 : rng() % 5;
      for (int r = 0; r < run; r++) s += rng() % 3 ? alphabet[rng() % 3] : alphabet[rng() % alphabet.size()];
      s += "@.>"[rng() % 3];
    }
    CAPTURE(s);
    CHECK(scan(s) == re2c(s));
  }
  // The spec's autolink examples end to end (the spec test above covers them too).
  CHECK(ToHtml("<foo@bar.example.com>\n") == "<p><a href=\"mailto:foo@bar.example.com\">foo@bar.example.com</a></p>\n");
  CHECK(ToHtml("<foo\\+@bar.example.com>\n") == "<p>&lt;foo+@bar.example.com&gt;</p>\n");
}

TEST_CASE("HTML blocks: the start and <script>/<pre> end scanners match as cmark's automata") {
  using Scanner = bufsize_t (*)(const unsigned char*);
  const auto run = [](Scanner f, const std::string& s) { return f(reinterpret_cast<const unsigned char*>(s.c_str())); };
  const char* names[] = {"script", "SCRIPT", "Pre", "pre", "textarea", "style", "styles", "p", "P", "param", "pa",
                         "h1", "H6", "h7", "h", "col", "colgroup", "colg", "Table", "tbody", "title", "ul", "ulx",
                         "div", "dIv", "x", "", "!--", "!-", "!DOCTYPE", "!doctype", "![CDATA[", "![cdata[", "![CDAT",
                         "?", "?php", "menuitem", "menuitems", "figcaption", "blockquote", "iframe", "track", "1"};
  const char* after[] = {"", " ", "\t", "\v", "\f", "\r", "\n", ">", "/>", "/", "//>", "x", "1", "-", " >", "\x80"};
  size_t starts = 0;
  for (const char* slash : {"", "/"}) {
    for (const char* name : names) {
      for (const char* a : after) {
        const std::string s = std::string("<") + slash + name + a + "rest";
        CAPTURE(s);
        CHECK(run(_scan_html_block_start, s) == run(cmark_scan_html_block_start_re2c, s));
        starts += run(_scan_html_block_start, s) != 0;
      }
    }
  }
  CHECK(starts > 100);   // the cases reach every kind, not only "no block"
  for (const std::string& s : {std::string("x<div>"), std::string(" <div>"), std::string("<"), std::string("")}) {
    CHECK(run(_scan_html_block_start, s) == run(cmark_scan_html_block_start_re2c, s));
  }
  // End of a raw-text block: lines built from text and closing tags, the last one on the line counts.
  std::mt19937 rng(7);
  const char* pieces[] = {"</script>", "</SCRIPT>", "</pre>", "</Pre >", "</style>", "</textarea>", "</textareas>",
                          "</scrip>", "</ script>", "<script>", "</pre", "text", " ", "<", "/", ">", "\n", "\xC3\xA9",
                          "</div>", "<//pre>", "</pre>>"};
  size_t ends = 0;
  for (int n = 0; n < 20000; n++) {
    std::string s;
    for (int k = 0, parts = 1 + rng() % 6; k < parts; k++) s += pieces[rng() % (sizeof pieces / sizeof pieces[0])];
    CAPTURE(s);
    CHECK(run(_scan_html_block_end_1, s) == run(cmark_scan_html_block_end_1_re2c, s));
    ends += run(_scan_html_block_end_1, s) != 0;
  }
  CHECK(ends > 1000);
}
