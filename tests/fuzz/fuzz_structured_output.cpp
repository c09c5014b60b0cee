// libFuzzer target: the parsers for what weaker structured-output modes return, and for pasted base
// URLs. JSON extraction (fences, prose, <think>, trailing commas) and schema validation never crash;
// what extraction returns is an object or array; a normalized base URL normalizes to itself.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/structured_output.h"
#include "core/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  nlohmann::json value;
  if (tp::ExtractJson(in, &value)) {
    if (!value.is_object() && !value.is_array()) __builtin_trap();
    // The input as a schema for what was found, and the found value against itself as a schema (schemas
    // are ordered JSON, so the same text is parsed again in that form).
    const nlohmann::ordered_json schema = nlohmann::ordered_json::parse(value.dump());
    tp::ValidateAgainstSchema(value, schema);
    tp::StripAdvancedKeywords(schema);
    tp::StrictSchema(schema);
    tp::SchemaExample(schema);
  }
  tp::StripThinkBlocks(in);
  tp::IsStructuredOutputRejection(400, in);
  for (tp::ApiPathStyle s : {tp::ApiPathStyle::OpenAICompatible, tp::ApiPathStyle::Anthropic, tp::ApiPathStyle::Gemini, tp::ApiPathStyle::Ollama}) {
    const std::string once = tp::NormalizeBaseUrl(in, s);
    if (!once.empty() && tp::NormalizeBaseUrl(once, s) != once) __builtin_trap();
  }
  return 0;
}
