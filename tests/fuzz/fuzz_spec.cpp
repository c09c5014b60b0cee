// libFuzzer target: spec JSON reading, assembly and the structure checker on arbitrary input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/article.h"
#include "core/checks.h"
#include "core/spec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  tp::ArticleSpec spec;
  tp::SpecFromJsonText(in, &spec);
  tp::Skeleton(spec);
  tp::CheckStructure(spec, in);
  tp::ArticleContent c;
  c.title = std::string(in.substr(0, 64));
  c.lead = std::string(in);
  c.dialogue.push_back({"A", 1, std::string(in)});
  tp::AssembleMarkdown(spec, c);
  return 0;
}
