// libFuzzer target, differential: the compact replacements of cmark's case fold, entity decoder and
// scanners (src/cmark/) against cmark's own code, kept under other names in native builds
// (cmake/ThirdParty.cmake). Any difference in output is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "support/cmark_originals.h"

namespace {

template <class Fn>
std::string Into(Fn fn, const uint8_t* data, size_t size) {
  cmark_strbuf buf = CMARK_BUF_INIT(cmark_get_default_mem_allocator());
  const int changed = fn(&buf, data, static_cast<bufsize_t>(size));
  std::string out = std::to_string(changed) + ":" + std::string(reinterpret_cast<const char*>(buf.ptr), static_cast<size_t>(buf.size));
  cmark_strbuf_free(&buf);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  const auto fold_new = [](cmark_strbuf* b, const uint8_t* s, bufsize_t n) { cmark_utf8proc_case_fold(b, s, n); return 1; };
  const auto fold_old = [](cmark_strbuf* b, const uint8_t* s, bufsize_t n) { cmark_utf8proc_case_fold_switch(b, s, n); return 1; };
  if (Into(fold_new, data, size) != Into(fold_old, data, size)) __builtin_trap();
  // The entity decoder and the scanners get text as cmark gives it to them: each line checked first, invalid
  // UTF-8 and NUL bytes replaced by U+FFFD (cmark's scanners are UTF-8 automata, and its entity lookup reads
  // past the end of a name that holds a NUL), then NUL-terminated (cmark's _scan_at).
  cmark_strbuf checked = CMARK_BUF_INIT(cmark_get_default_mem_allocator());
  cmark_utf8proc_check(&checked, data, static_cast<bufsize_t>(size));
  const std::string text(reinterpret_cast<const char*>(checked.ptr), static_cast<size_t>(checked.size));
  cmark_strbuf_free(&checked);
  const auto* t = reinterpret_cast<const uint8_t*>(text.data());
  if (Into(houdini_unescape_html, t, text.size()) != Into(cmark_houdini_unescape_html_table, t, text.size())) __builtin_trap();
  const auto* p = reinterpret_cast<const unsigned char*>(text.c_str());
  if (_scan_autolink_email(p) != cmark_scan_autolink_email_re2c(p)) __builtin_trap();
  if (_scan_html_block_start(p) != cmark_scan_html_block_start_re2c(p)) __builtin_trap();
  if (_scan_html_block_end_1(p) != cmark_scan_html_block_end_1_re2c(p)) __builtin_trap();
  return 0;
}
