// libFuzzer target: Markdown model, HTML export and line breaking on arbitrary input. The export must
// never contain a raw <script> or a javascript: link, whatever the Markdown says.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/linebreak.h"
#include "core/markdown.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  tp::MdDocument d = tp::ParseMarkdown(in);
  for (const tp::MdBlock& b : d.blocks) {
    std::vector<tp::LayoutRun> runs;
    for (const tp::MdRun& r : b.runs) runs.push_back({r.text, r.style});
    tp::BreakLines(runs, 1 + (float)(size % 40), [](char32_t c, int) { return c > 0x2E80 ? 2.0f : 1.0f; });
  }
  std::string html = tp::ExportHtml(in, in.substr(0, 20));
  if (html.find("<script") != std::string::npos || html.find("href=\"javascript") != std::string::npos) __builtin_trap();
  return 0;
}
