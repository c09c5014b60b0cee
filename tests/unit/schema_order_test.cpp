// Structured-output schemas reach every provider with their properties in the designed order: models
// fill fields in the order the schema lists them, so "evidence" must come before "claim", and an
// article's sections before its title. Checked on the serialised request body, as the provider reads it.
#include <string>
#include <vector>

#include "core/llm.h"
#include "core/prompts.h"
#include "core/spec.h"
#include "core/structured_output.h"
#include "doctest/doctest.h"

using namespace tp;
using ojson = nlohmann::ordered_json;

namespace {

// Keys in the reverse of alphabetical order, nested, so sorting anywhere on the way shows.
ojson DesignedSchema() {
  ojson item = ojson::object();
  item["type"] = "object";
  item["properties"] = ojson::object();
  item["properties"]["zeta_quote"] = {{"type", "string"}};
  item["properties"]["alpha_turn"] = {{"type", "integer"}};
  item["required"] = {"zeta_quote", "alpha_turn"};
  ojson s = ojson::object();
  s["type"] = "object";
  s["properties"] = ojson::object();
  s["properties"]["evidence"] = {{"type", "array"}, {"items", item}, {"minItems", 2}, {"maxItems", 2}};
  s["properties"]["claim"] = {{"type", "string"}};
  s["properties"]["bottom_line"] = {{"type", "string"}};
  s["required"] = {"evidence", "claim", "bottom_line"};
  s["additionalProperties"] = false;
  return s;
}

// Each key appears as a JSON object key, in this order, after `from` in the body.
void CheckOrder(const std::string& body, const std::string& from, const std::vector<std::string>& keys) {
  CAPTURE(from);
  size_t at = body.find(from);
  REQUIRE(at != std::string::npos);
  for (const std::string& k : keys) {
    CAPTURE(k);
    const size_t next = body.find("\"" + k + "\":", at);
    REQUIRE(next != std::string::npos);
    at = next;
  }
}

ProviderConfig Provider(ProviderKind kind, const char* preset) {
  ProviderConfig p;
  p.kind = kind;
  p.preset_id = preset;
  p.base_url = "https://llm.example";
  p.model = "m";
  p.api_key = "k";
  return p;
}

struct Wire {
  const char* name;
  ProviderKind kind;
  const char* preset;
  StructuredMode mode;
  const char* schema_field;   // where the schema starts in the body
};

const Wire kWires[] = {
    {"OpenAI json_schema", ProviderKind::OpenAI, "openai", StructuredMode::JsonSchema, "\"json_schema\":{"},
    {"OpenAI-compatible tool call", ProviderKind::OpenAI, "openai", StructuredMode::Tool, "\"parameters\":{"},
    {"OpenAI-compatible json_object (schema in the prompt)", ProviderKind::OpenAI, "openai", StructuredMode::JsonObject, "JSON Schema:"},
    {"Anthropic tool input_schema", ProviderKind::Anthropic, "anthropic", StructuredMode::Tool, "\"input_schema\":{"},
    {"Gemini responseJsonSchema", ProviderKind::Gemini, "gemini", StructuredMode::JsonSchema, "\"responseJsonSchema\":{"},
    {"Ollama format", ProviderKind::Ollama, "ollama", StructuredMode::OllamaFormat, "\"format\":{"},
};

}  // namespace

TEST_CASE("every provider kind receives the schema's properties in the designed order") {
  for (const Wire& w : kWires) {
    CAPTURE(w.name);
    LlmRequest r;
    r.system = "You check claims.";
    r.user = "Check.";
    r.schema = DesignedSchema();
    r.structured = w.mode;
    r.strip_schema_keywords = false;
    const std::string body = BuildChatRequest(Provider(w.kind, w.preset), r).body;
    // In the prompt form the schema is escaped inside a string: its keys read \"evidence\":.
    if (w.mode == StructuredMode::JsonObject) {
      const size_t at = body.find(w.schema_field);
      REQUIRE(at != std::string::npos);
      const size_t e = body.find("\\\"evidence\\\"", at), c = body.find("\\\"claim\\\"", at), b = body.find("\\\"bottom_line\\\"", at);
      const size_t z = body.find("\\\"zeta_quote\\\"", at), a = body.find("\\\"alpha_turn\\\"", at);
      CHECK(e < c);
      CHECK(c < b);
      CHECK(b != std::string::npos);
      CHECK(z < a);
      CHECK(a != std::string::npos);
      continue;
    }
    CheckOrder(body, w.schema_field, {"evidence", "zeta_quote", "alpha_turn", "claim", "bottom_line"});
    // "required" lists them in the same order (strict mode rebuilds it from the properties).
    const size_t req = body.find("\"required\":[\"evidence\",\"claim\",\"bottom_line\"]");
    CHECK(req != std::string::npos);
  }
}

TEST_CASE("keywords left out for a provider that rejects them keep the order of what remains") {
  LlmRequest r;
  r.user = "Check.";
  r.schema = DesignedSchema();
  r.structured = StructuredMode::JsonSchema;
  r.strip_schema_keywords = true;
  const std::string body = BuildChatRequest(Provider(ProviderKind::OpenAI, "openai"), r).body;
  CHECK(body.find("\"minItems\"") == std::string::npos);   // left out of the wire schema (the prompt still names it)
  CheckOrder(body, "\"json_schema\":{", {"evidence", "zeta_quote", "alpha_turn", "claim", "bottom_line"});
}

TEST_CASE("the article's own schemas reach the wire in the order a writer works") {
  const ArticleSpec spec = FindPreset("wechat_long_read_zh")->spec;
  for (const Wire& w : kWires) {
    if (w.mode == StructuredMode::JsonObject) continue;
    CAPTURE(w.name);
    LlmRequest r;
    r.user = "Plan.";
    r.structured = w.mode;
    r.schema = prompts::OutlineSchema(spec);
    std::string body = BuildChatRequest(Provider(w.kind, w.preset), r).body;
    CheckOrder(body, w.schema_field, {"sections", "heading", "points", "text", "turn_ranges", "quotes", "words", "excluded", "glossary", "main_subject"});
    r.schema = prompts::FrontMatterSchema(spec);
    body = BuildChatRequest(Provider(w.kind, w.preset), r).body;
    CheckOrder(body, w.schema_field, {"highlights", "introduction", "conclusion", "lead", "title"});
    r.schema = prompts::SectionSchema();
    body = BuildChatRequest(Provider(w.kind, w.preset), r).body;
    CheckOrder(body, w.schema_field, {"quotes", "body"});
  }
}

TEST_CASE("validation reads an ordered schema against a plain answer") {
  const ojson schema = DesignedSchema();
  const nlohmann::json ok = nlohmann::json::parse(
      R"({"evidence":[{"zeta_quote":"q","alpha_turn":1},{"zeta_quote":"r","alpha_turn":2}],"claim":"c","bottom_line":"b"})");
  CHECK(ValidateAgainstSchema(ok, schema).empty());
  const nlohmann::json bad = nlohmann::json::parse(R"({"evidence":[{"zeta_quote":1}],"claim":"c","extra":true})");
  const std::vector<std::string> problems = ValidateAgainstSchema(bad, schema);
  CHECK(problems == std::vector<std::string>{"$.bottom_line is missing", "$.evidence has 1 items, at least 2 expected",
                                             "$.evidence[0].alpha_turn is missing", "$.evidence[0].zeta_quote should be string",
                                             "$.extra is not expected"});
  ojson with_enum = {{"type", "string"}, {"enum", {"sponsor", "housekeeping"}}};
  CHECK(ValidateAgainstSchema(nlohmann::json("sponsor"), with_enum).empty());
  CHECK(ValidateAgainstSchema(nlohmann::json("ads"), with_enum) == std::vector<std::string>{"$ should be one of [\"sponsor\",\"housekeeping\"]"});
}
