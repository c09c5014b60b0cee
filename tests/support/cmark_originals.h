// cmark's own case fold, entity decoder and scanners, kept in native builds under other names next to their
// compact replacements in src/cmark/ (cmake/ThirdParty.cmake), so tests and fuzz targets can compare them.
#pragma once

#include <cstdint>

#include "cmark.h"
#include "houdini.h"
#include "utf8.h"

extern "C" {
void cmark_utf8proc_case_fold_switch(cmark_strbuf* dest, const uint8_t* str, bufsize_t len);
int cmark_houdini_unescape_html_table(cmark_strbuf* ob, const uint8_t* src, bufsize_t size);
bufsize_t _scan_autolink_email(const unsigned char* p);
bufsize_t cmark_scan_autolink_email_re2c(const unsigned char* p);
bufsize_t _scan_html_block_start(const unsigned char* p);
bufsize_t cmark_scan_html_block_start_re2c(const unsigned char* p);
bufsize_t _scan_html_block_end_1(const unsigned char* p);
bufsize_t cmark_scan_html_block_end_1_re2c(const unsigned char* p);
}
