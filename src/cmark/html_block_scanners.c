// Two of cmark's HTML block scanners written out instead of its re2c automata (~10 KB of WebAssembly for
// case-insensitive tag names): where an HTML block starts (its kind, 1-6) and where a <script>, <pre>,
// <style> or <textarea> block ends. The build compiles scanners.c with its own definitions renamed
// (cmake/ThirdParty.cmake), so these are the ones cmark calls; the test suite compares the two. The
// patterns, from cmark's scanners.re ('...' is case-insensitive there):
//   start: [<] ('script'|'pre'|'textarea'|'style') (spacechar | [>])        -> 1
//          '<!--' -> 2    '<?' -> 3    '<!' [A-Z] -> 4    '<![CDATA[' -> 5
//          [<] [/]? blocktagname (spacechar | [/]? [>])                     -> 6, else 0
//   end 1: [^\n\x00]* [<] [/] ('script'|'pre'|'textarea'|'style') [>]      -> its length (the longest)
// p ends with a NUL (cmark's _scan_at puts one there), which no pattern contains, and is valid UTF-8 (cmark
// checks each line first): the same results as cmark's automata, which are UTF-8 ones, need nothing more.
#include <stddef.h>

#include "scanners.h"

static int is_space_char(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n';
}

static int is_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

// Whether p[0..len) is word, ignoring ASCII case (word is lower case).
static int equals_ci(const unsigned char *p, size_t len, const char *word) {
  size_t i = 0;
  for (; i < len && word[i]; i++)
    if (lower(p[i]) != (unsigned char)word[i]) return 0;
  return i == len && word[i] == 0;
}

static int in_list(const unsigned char *p, size_t len, const char *const *list) {
  for (; *list; list++)
    if (equals_ci(p, len, *list)) return 1;
  return 0;
}

static const char *const raw_text_tags[] = {"script", "pre", "textarea", "style", NULL};
static const char *const block_tags[] = {
    "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col",
    "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
    "html", "iframe", "legend", "li", "link", "main", "menu", "menuitem", "nav", "noframes", "ol",
    "optgroup", "option", "p", "param", "section", "source", "title", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "track", "ul", NULL};

bufsize_t _scan_html_block_start(const unsigned char *p) {
  if (p[0] != '<') return 0;
  if (p[1] == '!') {
    if (p[2] == '-' && p[3] == '-') return 2;
    if (p[2] >= 'A' && p[2] <= 'Z') return 4;
    if (p[2] == '[' && equals_ci(p + 3, 6, "cdata[")) return 5;
    return 0;
  }
  if (p[1] == '?') return 3;
  // A tag name is a whole run of letters and digits: every pattern wants a space, '/' or '>' after it.
  const int closing = p[1] == '/';
  const unsigned char *name = p + 1 + closing;
  size_t len = 0;
  while (is_alnum(name[len])) len++;
  const unsigned char after = name[len];
  if (!closing && in_list(name, len, raw_text_tags) && (is_space_char(after) || after == '>')) return 1;
  if (in_list(name, len, block_tags) &&
      (is_space_char(after) || after == '>' || (after == '/' && name[len + 1] == '>')))
    return 6;
  return 0;
}

bufsize_t _scan_html_block_end_1(const unsigned char *p) {
  bufsize_t end = 0;   // the end of the last closing tag on the line: the longest match
  for (const unsigned char *q = p; *q && *q != '\n'; q++) {
    if (q[0] != '<' || q[1] != '/') continue;
    size_t len = 0;
    while (is_alnum(q[2 + len])) len++;
    if (q[2 + len] == '>' && in_list(q + 2, len, raw_text_tags)) end = (bufsize_t)(q + 2 + len + 1 - p);
  }
  return end;
}
