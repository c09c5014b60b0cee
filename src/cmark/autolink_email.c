// cmark's scanner for e-mail autolinks (<user@example.com>, after the '<'), written out instead of cmark's
// re2c automaton, which unrolls the 63-character limit on a domain label into ~12 KB of WebAssembly. The
// build compiles scanners.c with its own _scan_autolink_email renamed (cmake/ThirdParty.cmake), so this is
// the one cmark calls; the test suite compares the two. The pattern, from cmark's scanners.re:
//   [a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+ [@] label ([.] label)* [>]
//   label = [a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?
// Returns the length matched, '>' included, or 0. p ends with a NUL (cmark's _scan_at puts one there),
// which no class contains.
#include <string.h>

#include "scanners.h"

static int is_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_local(unsigned char c) {
  return c != 0 && (is_alnum(c) || strchr(".!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

bufsize_t _scan_autolink_email(const unsigned char *p) {
  const unsigned char *q = p;
  while (is_local(*q)) q++;
  if (q == p || *q != '@') return 0;
  q++;
  for (;;) {
    // A label is a whole run of letters, digits and hyphens: what follows it must be '.' or '>'.
    const unsigned char *label = q;
    while (is_alnum(*q) || *q == '-') q++;
    const bufsize_t len = (bufsize_t)(q - label);
    if (len < 1 || len > 63 || !is_alnum(label[0]) || !is_alnum(q[-1])) return 0;
    if (*q == '>') return (bufsize_t)(q + 1 - p);
    if (*q != '.') return 0;
    q++;
  }
}
