// cmark's HTML entity decoding (&amp; &ouml; &#233; &#xE9; in text, link destinations and titles) over a
// compact table: cmark's own houdini_html_u.c keeps its 2,125 entities as an array of pointers to names
// plus value bytes, ~40 KB of WebAssembly data, ~17 KB gzipped. The build compiles that file with its
// three functions renamed (cmake/ThirdParty.cmake), so these definitions are the ones cmark calls and the
// linker drops the old table; the test suite compares the two on every entity. Same rules as cmark's:
// a numeric reference of 1-7 decimal or 1-6 hex digits (0, surrogates and values past U+10FFFF become
// U+FFFD), or a named one of at most 31 characters ending in ';' with no space before it.
#include <string.h>

#include "houdini.h"
#include "utf8.h"

#include "entity_table.h"

// The UTF-8 value of the entity named by name[0..len), or NULL.
static const char *lookup_entity(const uint8_t *name, bufsize_t len) {
  const uint8_t first = name[0];
  int group;
  if (first >= 'A' && first <= 'Z') group = first - 'A';
  else if (first >= 'a' && first <= 'z') group = 26 + (first - 'a');
  else return NULL;
  const char *record = tp_entity_records + tp_entity_group_start[group];
  const char *end = tp_entity_records + tp_entity_group_start[group + 1];
  while (record < end) {
    const size_t name_len = strlen(record);
    const char *value = record + name_len + 1;
    if ((bufsize_t)name_len == len && memcmp(record, name, (size_t)len) == 0) return value;
    record = value + strlen(value) + 1;
  }
  return NULL;
}

bufsize_t houdini_unescape_ent(cmark_strbuf *ob, const uint8_t *src, bufsize_t size) {
  bufsize_t i = 0;
  if (size >= 3 && src[0] == '#') {
    int codepoint = 0, digits = 0, max_digits = 7;
    if (_isdigit(src[1])) {
      for (i = 1; i < size && _isdigit(src[i]); ++i) {
        codepoint = codepoint * 10 + (src[i] - '0');
        if (codepoint >= 0x110000) codepoint = 0x110000;   // keeps counting digits without overflow
      }
      digits = i - 1;
    } else if (src[1] == 'x' || src[1] == 'X') {
      for (i = 2; i < size && _isxdigit(src[i]); ++i) {
        codepoint = codepoint * 16 + ((src[i] | 32) % 39 - 9);
        if (codepoint >= 0x110000) codepoint = 0x110000;
      }
      digits = i - 2;
      max_digits = 6;
    }
    if (digits >= 1 && digits <= max_digits && i < size && src[i] == ';') {
      if (codepoint == 0 || (codepoint >= 0xD800 && codepoint < 0xE000) || codepoint >= 0x110000) codepoint = 0xFFFD;
      cmark_utf8proc_encode_char(codepoint, ob);
      return i + 1;
    }
    return 0;
  }
  // Named: the ';' must come within the longest name, after at least two characters and no space.
  const bufsize_t limit = size > TP_ENTITY_MAX_NAME + 1 ? TP_ENTITY_MAX_NAME + 1 : size;
  for (i = 2; i < limit; ++i) {
    if (src[i] == ' ') break;
    if (src[i] == ';') {
      const char *value = lookup_entity(src, i);
      if (!value) break;
      cmark_strbuf_puts(ob, value);
      return i + 1;
    }
  }
  return 0;
}

int houdini_unescape_html(cmark_strbuf *ob, const uint8_t *src, bufsize_t size) {
  bufsize_t i = 0;
  while (i < size) {
    const bufsize_t start = i;
    while (i < size && src[i] != '&') i++;
    if (i > start) {
      if (start == 0) {
        if (i >= size) return 0;   // nothing to decode: the caller copies the text as it is
        cmark_strbuf_grow(ob, HOUDINI_UNESCAPED_SIZE(size));
      }
      cmark_strbuf_put(ob, src + start, i - start);
    }
    if (i >= size) break;
    i++;
    const bufsize_t consumed = houdini_unescape_ent(ob, src + i, size - i);
    i += consumed;
    if (consumed == 0) cmark_strbuf_putc(ob, '&');   // not an entity: the '&' stays
  }
  return 1;
}

void houdini_unescape_html_f(cmark_strbuf *ob, const uint8_t *src, bufsize_t size) {
  if (!houdini_unescape_html(ob, src, size)) cmark_strbuf_put(ob, src, size);
}
