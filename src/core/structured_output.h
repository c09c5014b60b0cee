// Structured (JSON) answers across providers that support different things. Index: modes and their
// fallback order · schema preparation (keywords a provider rejects, strict-mode shape) · the schema
// described in the prompt (with an example) for the weaker modes · extraction of JSON from free text
// (fences, prose, <think> blocks, trailing commas) · validation against the schema we asked for.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nlohmann/json.hpp"

namespace tp {

// Best first. A provider that rejects a mode with a 400 is asked again with the next one.
enum class StructuredMode {
  JsonSchema,     // response_format json_schema strict (OpenAI and most compatible servers), Gemini responseJsonSchema
  JsonObject,     // response_format json_object (DeepSeek, Kimi, Qwen…) with the schema described in the prompt
  Tool,           // a forced tool call whose arguments are the answer (Anthropic)
  OllamaFormat,   // Ollama native "format": <schema>
  PromptOnly,     // no API feature: the prompt describes the shape, we extract and validate
};
const char* StructuredModeName(StructuredMode m);   // "json_schema", "json_object", "tool", "ollama_format", "prompt"
bool StructuredModeFromName(std::string_view name, StructuredMode* out);
// The mode to try after `m` was rejected; PromptOnly has none (returns false).
bool NextStructuredMode(StructuredMode m, StructuredMode* next);

// Keywords some providers reject or ignore in schemas (Groq, strict modes, Kimi's $schema). Our own
// validation enforces them whether or not the provider saw them.
const std::vector<std::string>& AdvancedSchemaKeywords();
// Schemas are nlohmann::ordered_json end to end: models fill fields in the order the schema lists them,
// so the order the prompts give (evidence before claims, themes before the title) must reach the wire.
// A copy of `schema` without the advanced keywords (and without a top-level $schema).
nlohmann::ordered_json StripAdvancedKeywords(const nlohmann::ordered_json& schema);
// Strict json_schema wants every object closed (additionalProperties false) and every property required.
nlohmann::ordered_json StrictSchema(const nlohmann::ordered_json& schema);

// Text appended to the system prompt in the modes where the API does not carry the schema (or carries
// it without guarantees): names JSON explicitly (DeepSeek and Qwen require the word), gives the schema
// and an example of the shape.
std::string SchemaInstructions(const nlohmann::ordered_json& schema);
// A small example value of the schema's shape ("…" strings, 0 numbers, one array element), keys in order.
nlohmann::ordered_json SchemaExample(const nlohmann::ordered_json& schema);

// Whether an HTTP 400/422 body says the structured-output request itself was refused (response_format,
// json_schema, a schema keyword, tool_choice, format).
bool IsStructuredOutputRejection(int status, std::string_view body);
// Whether the refusal names a schema keyword (so the same mode may work with the keywords left out).
bool IsSchemaKeywordRejection(std::string_view body);

// Drops reasoning a model wrote inline (<think>…</think>, also without the opening tag).
std::string StripThinkBlocks(std::string_view text);
// The JSON value in a model's free-text answer: the text itself, or inside ``` fences, or the first
// balanced {…} / […] with prose around it; tolerates trailing commas. Returns false when none parses.
bool ExtractJson(std::string_view text, nlohmann::json* out);

// Problems of `value` against `schema` (type, required, properties, additionalProperties false, items,
// enum, min/maxItems, min/maxLength, minimum/maximum), each with a JSON path ("$.sections[2].heading").
std::vector<std::string> ValidateAgainstSchema(const nlohmann::json& value, const nlohmann::ordered_json& schema);

}  // namespace tp
