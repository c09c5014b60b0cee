// cmark's Unicode case fold (used only to match reference-link labels: [Foo][] finds [FOO]: /url) from
// compact tables instead of cmark's 1,530-case switch, which compiles to ~27 KB of WebAssembly. The
// build compiles cmark's utf8.c with its own cmark_utf8proc_case_fold renamed to
// cmark_utf8proc_case_fold_switch (cmake/ThirdParty.cmake), so this definition is the one cmark calls;
// the test suite compares the two on every code point. Tables: case_fold_table.h, written by
// scripts/gen_cmark_tables.mjs from cmark's switch.
#include "utf8.h"

#include "case_fold_table.h"

#define TP_COUNT(a) (sizeof(a) / sizeof((a)[0]))

// The one-to-many fold of c, or NULL.
static const uint16_t *multi_fold(int32_t c) {
  size_t lo = 0, hi = TP_COUNT(tp_case_fold_multi);
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (tp_case_fold_multi[mid][0] < c) lo = mid + 1;
    else hi = mid;
  }
  return lo < TP_COUNT(tp_case_fold_multi) && tp_case_fold_multi[lo][0] == c ? tp_case_fold_multi[lo] : NULL;
}

// The one-to-one fold of c (c itself when it has none).
static int32_t single_fold(int32_t c) {
  // The last run starting at or before c.
  size_t lo = 0, hi = TP_COUNT(tp_case_fold_runs);
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if ((int32_t)(tp_case_fold_runs[mid].start_count_stride & 0x1FFFFF) <= c) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return c;
  const tp_case_fold_run *run = &tp_case_fold_runs[lo - 1];
  const int32_t start = (int32_t)(run->start_count_stride & 0x1FFFFF);
  const int32_t count = (int32_t)((run->start_count_stride >> 21) & 0x7F) + 1;
  const int32_t stride = (run->start_count_stride >> 28) & 1 ? 2 : 1;
  const int32_t offset = c - start;
  if (offset % stride != 0 || offset / stride >= count) return c;
  return c + run->delta;
}

void cmark_utf8proc_case_fold(cmark_strbuf *dest, const uint8_t *str, bufsize_t len) {
  static const uint8_t replacement[] = {0xEF, 0xBF, 0xBD};  // U+FFFD for invalid UTF-8, as cmark does
  while (len > 0) {
    int32_t c;
    bufsize_t char_len = cmark_utf8proc_iterate(str, len, &c);
    if (char_len < 0) {
      cmark_strbuf_put(dest, replacement, sizeof replacement);
      char_len = -char_len;
    } else if (c < 0x80) {
      cmark_strbuf_putc(dest, c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    } else {
      const uint16_t *many = multi_fold(c);
      if (many) {
        for (int i = 1; i < 4 && many[i]; i++) cmark_utf8proc_encode_char(many[i], dest);
      } else {
        cmark_utf8proc_encode_char(single_fold(c), dest);
      }
    }
    str += char_len;
    len -= char_len;
  }
}
