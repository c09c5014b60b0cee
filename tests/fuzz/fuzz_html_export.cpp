// libFuzzer target: whatever Markdown a model returns, the exported HTML is inert (tags and attributes
// on an allow-list, links only http/https/mailto, valid UTF-8; support/html_inert.h) and the document
// model for the article view keeps only safe links. The first bytes, up to a newline, are also the title.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/markdown.h"
#include "../support/html_inert.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::string_view title = in.substr(0, std::min(in.find('\n'), (size_t)80));
  const std::string html = tp::ExportHtml(in, title);
  if (!tp::test::WhyNotInert(html).empty()) __builtin_trap();
  const tp::MdDocument d = tp::ParseMarkdown(in);
  for (const std::string& url : d.links) if (!tp::IsSafeUrl(url)) __builtin_trap();
  return 0;
}
