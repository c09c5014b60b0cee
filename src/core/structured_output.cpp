// Structured output. Index: modes · schema preparation · prompt instructions and example · rejection
// detection · think-block stripping · JSON extraction · validation.
#include "core/structured_output.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "core/json_util.h"
#include "core/text_util.h"

namespace tp {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

// ---------------------------------------------------------------------------------------------- modes

const char* StructuredModeName(StructuredMode m) {
  switch (m) {
    case StructuredMode::JsonSchema: return "json_schema";
    case StructuredMode::JsonObject: return "json_object";
    case StructuredMode::Tool: return "tool";
    case StructuredMode::OllamaFormat: return "ollama_format";
    case StructuredMode::PromptOnly: return "prompt";
  }
  return "prompt";
}

bool StructuredModeFromName(std::string_view name, StructuredMode* out) {
  for (StructuredMode m : {StructuredMode::JsonSchema, StructuredMode::JsonObject, StructuredMode::Tool,
                           StructuredMode::OllamaFormat, StructuredMode::PromptOnly})
    if (name == StructuredModeName(m)) { *out = m; return true; }
  return false;
}

bool NextStructuredMode(StructuredMode m, StructuredMode* next) {
  switch (m) {
    case StructuredMode::JsonSchema: *next = StructuredMode::JsonObject; return true;
    case StructuredMode::JsonObject:
    case StructuredMode::Tool:
    case StructuredMode::OllamaFormat: *next = StructuredMode::PromptOnly; return true;
    case StructuredMode::PromptOnly: return false;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------- schema preparation

const std::vector<std::string>& AdvancedSchemaKeywords() {
  static const std::vector<std::string> k = {"minItems", "maxItems", "minLength", "maxLength", "pattern", "format",
                                             "uniqueItems", "minProperties", "maxProperties", "multipleOf", "minimum",
                                             "maximum", "exclusiveMinimum", "exclusiveMaximum"};
  return k;
}

namespace {
ojson StripRec(const ojson& s, bool top) {
  if (s.is_array()) {
    ojson out = ojson::array();
    for (const ojson& e : s) out.push_back(StripRec(e, false));
    return out;
  }
  if (!s.is_object()) return s;
  ojson out = ojson::object();
  const auto& drop = AdvancedSchemaKeywords();
  for (auto it = s.begin(); it != s.end(); ++it) {
    if (top && it.key() == "$schema") continue;
    if (std::find(drop.begin(), drop.end(), it.key()) != drop.end() && !it->is_object()) continue;
    // "properties" maps names to schemas: a property may itself be called "format" or "pattern".
    if (it.key() == "properties" && it->is_object()) {
      ojson props = ojson::object();
      for (auto p = it->begin(); p != it->end(); ++p) props[p.key()] = StripRec(*p, false);
      out[it.key()] = props;
    } else {
      out[it.key()] = StripRec(*it, false);
    }
  }
  return out;
}

ojson StrictRec(const ojson& s) {
  if (s.is_array()) {
    ojson out = ojson::array();
    for (const ojson& e : s) out.push_back(StrictRec(e));
    return out;
  }
  if (!s.is_object()) return s;
  ojson out = ojson::object();
  for (auto it = s.begin(); it != s.end(); ++it) {
    if (it.key() == "properties" && it->is_object()) {
      ojson props = ojson::object();
      for (auto p = it->begin(); p != it->end(); ++p) props[p.key()] = StrictRec(*p);
      out["properties"] = props;
    } else {
      out[it.key()] = StrictRec(*it);
    }
  }
  if (js::Str(out, "type") == "object" || out.contains("properties")) {
    out["additionalProperties"] = false;
    ojson req = ojson::array();
    if (out.contains("properties") && out["properties"].is_object())
      for (auto p = out["properties"].begin(); p != out["properties"].end(); ++p) req.push_back(p.key());
    out["required"] = req;
  }
  return out;
}
}  // namespace

ojson StripAdvancedKeywords(const ojson& schema) { return StripRec(schema, true); }
ojson StrictSchema(const ojson& schema) { return StrictRec(schema); }

// ---------------------------------------------------------------------------------------------- prompt instructions

ojson SchemaExample(const ojson& schema) {
  if (!schema.is_object()) return nullptr;
  if (schema.contains("enum") && schema["enum"].is_array() && !schema["enum"].empty()) return schema["enum"][0];
  std::string type = js::Str(schema, "type");
  if (type.empty() && schema.contains("type") && schema["type"].is_array() && !schema["type"].empty() && schema["type"][0].is_string())
    type = schema["type"][0].get<std::string>();
  if (type.empty() && schema.contains("properties")) type = "object";
  if (type == "object") {
    ojson o = ojson::object();
    const ojson& props = js::At(schema, "properties");
    if (props.is_object())
      for (auto p = props.begin(); p != props.end(); ++p) o[p.key()] = SchemaExample(*p);
    return o;
  }
  if (type == "array") return ojson::array({SchemaExample(js::At(schema, "items"))});
  if (type == "integer" || type == "number") return 0;
  if (type == "boolean") return false;
  if (type == "null") return nullptr;
  return "…";
}

std::string SchemaInstructions(const ojson& schema) {
  return "\n\nAnswer with one JSON object and nothing else: no prose before or after it, no Markdown code fences. "
         "The JSON must follow this JSON Schema:\n" + js::Dump(schema) +
         "\nThe shape, with placeholder values, is:\n" + js::Dump(SchemaExample(schema));
}

// ---------------------------------------------------------------------------------------------- rejection detection

bool IsSchemaKeywordRejection(std::string_view body) {
  for (const std::string& k : AdvancedSchemaKeywords()) {
    // Quoted as in prose ('minItems', `format`), or as inside a JSON string (\"format\").
    if (body.find("'" + k + "'") != std::string_view::npos || body.find("\\\"" + k + "\\\"") != std::string_view::npos ||
        body.find("\"" + k + "\"") != std::string_view::npos ||
        body.find("`" + k + "`") != std::string_view::npos)
      return true;
    // Unquoted only for the camel-case names: "format" and "pattern" are ordinary words in messages.
    const bool camel = std::any_of(k.begin(), k.end(), [](char c) { return std::isupper((unsigned char)c); });
    if (camel && (body.find(" " + k + " ") != std::string_view::npos || body.find(" " + k + ",") != std::string_view::npos ||
                  body.find(" " + k + ".") != std::string_view::npos || body.find(" " + k + ":") != std::string_view::npos))
      return true;
  }
  return false;
}

bool IsStructuredOutputRejection(int status, std::string_view body) {
  const std::string low = text::ToLowerAscii(body);
  // OpenRouter with provider.require_parameters: no upstream honours every parameter of this request.
  if (status == 404) return low.find("no endpoints found that") != std::string::npos;
  if (status != 400 && status != 422) return false;
  for (const char* k : {"response_format", "json_schema", "json_object", "json mode", "responsejsonschema", "response_schema",
                        "responsemimetype", "structured output", "structured_output", "tool_choice", "invalid schema", "invalid format",
                        "schema is invalid", "too many states", "\"format\"", "'format'", "must contain the word 'json'", "additionalproperties"})
    if (low.find(k) != std::string::npos) return true;
  return IsSchemaKeywordRejection(body);
}

// ---------------------------------------------------------------------------------------------- think blocks

std::string StripThinkBlocks(std::string_view t) {
  std::string s(t);
  // A template may drop the opening tag: everything before a lone closing tag is reasoning.
  size_t close = s.find("</think>");
  size_t open = s.find("<think>");
  if (close != std::string::npos && (open == std::string::npos || open > close)) s.erase(0, close + 8);
  for (;;) {
    open = s.find("<think>");
    if (open == std::string::npos) break;
    close = s.find("</think>", open);
    s.erase(open, close == std::string::npos ? std::string::npos : close + 8 - open);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------- extraction

namespace {
// Removes commas that directly precede } or ] (outside strings).
std::string DropTrailingCommas(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool in_str = false, esc = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_str) {
      out += c;
      if (esc) esc = false;
      else if (c == '\\') esc = true;
      else if (c == '"') in_str = false;
      continue;
    }
    if (c == '"') { in_str = true; out += c; continue; }
    if (c == ',') {
      size_t j = i + 1;
      while (j < s.size() && std::isspace((unsigned char)s[j])) ++j;
      if (j < s.size() && (s[j] == '}' || s[j] == ']')) continue;
    }
    out += c;
  }
  return out;
}

bool ParseLenient(std::string_view s, json* out) {
  json j = json::parse(s.begin(), s.end(), nullptr, false);
  if (j.is_discarded()) {
    const std::string fixed = DropTrailingCommas(s);
    j = js::Parse(fixed);
  }
  if (j.is_discarded() || !(j.is_object() || j.is_array())) return false;
  *out = std::move(j);
  return true;
}

// End of the balanced value starting at `start` ('{' or '['), or npos.
size_t BalancedEnd(std::string_view s, size_t start) {
  int depth = 0;
  bool in_str = false, esc = false;
  for (size_t i = start; i < s.size(); ++i) {
    const char c = s[i];
    if (in_str) {
      if (esc) esc = false;
      else if (c == '\\') esc = true;
      else if (c == '"') in_str = false;
      continue;
    }
    if (c == '"') in_str = true;
    else if (c == '{' || c == '[') ++depth;
    else if (c == '}' || c == ']') {
      if (--depth == 0) return i;
    }
  }
  return std::string_view::npos;
}
}  // namespace

bool ExtractJson(std::string_view text_in, json* out) {
  const std::string stripped = StripThinkBlocks(text_in);
  std::string_view t = text::Trim(stripped);
  if (t.empty()) return false;
  if (ParseLenient(t, out)) return true;
  // Fenced blocks: ```json … ``` (the first one that parses).
  for (size_t f = t.find("```"); f != std::string_view::npos; f = t.find("```", f + 3)) {
    size_t body = t.find('\n', f);
    if (body == std::string_view::npos) break;
    size_t end = t.find("```", body);
    if (end == std::string_view::npos) end = t.size();
    if (ParseLenient(text::Trim(t.substr(body + 1, end - body - 1)), out)) return true;
    if (end == t.size()) break;
    f = end;
  }
  // The first balanced object or array with prose around it.
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] != '{' && t[i] != '[') continue;
    const size_t end = BalancedEnd(t, i);
    if (end == std::string_view::npos) continue;
    if (ParseLenient(t.substr(i, end - i + 1), out)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------- validation

namespace {
bool TypeMatches(const json& v, const std::string& type) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "integer") return v.is_number_integer() || v.is_number_unsigned() || (v.is_number_float() && v.get<double>() == (double)(long long)v.get<double>());
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_boolean();
  if (type == "null") return v.is_null();
  return true;
}

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void Validate(const json& v, const ojson& s, const std::string& path, std::vector<std::string>* out) {
  if (!s.is_object() || out->size() > 50) return;
  const ojson& type = js::At(s, "type");
  if (type.is_string() && !TypeMatches(v, type.get<std::string>())) {
    out->push_back(path + " should be " + type.get<std::string>());
    return;
  }
  if (type.is_array()) {
    bool any = false;
    for (const ojson& t : type) any |= t.is_string() && TypeMatches(v, t.get<std::string>());
    if (!any) { out->push_back(path + " has the wrong type"); return; }
  }
  if (s.contains("enum") && s["enum"].is_array()) {
    // The answer is plain JSON and the schema ordered: each option is copied into the answer's type to compare.
    const ojson& options = s["enum"];
    if (std::none_of(options.begin(), options.end(), [&](const ojson& e) { return json(e) == v; }))
      out->push_back(path + " should be one of " + js::Dump(options));
  }
  if (v.is_object()) {
    for (const ojson& r : js::At(s, "required"))
      if (r.is_string() && !v.contains(r.get<std::string>())) out->push_back(path + "." + r.get<std::string>() + " is missing");
    const ojson& props = js::At(s, "properties");
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (props.is_object() && props.contains(it.key())) Validate(*it, props[it.key()], path + "." + it.key(), out);
      else if (s.contains("additionalProperties") && s["additionalProperties"] == false) out->push_back(path + "." + it.key() + " is not expected");
    }
  }
  if (v.is_array()) {
    const int n = (int)v.size();
    if (js::Int(s, "minItems", 0) > n) out->push_back(path + " has " + std::to_string(n) + " items, at least " + std::to_string(js::Int(s, "minItems")) + " expected");
    if (s.contains("maxItems") && js::Int(s, "maxItems") < n) out->push_back(path + " has " + std::to_string(n) + " items, at most " + std::to_string(js::Int(s, "maxItems")) + " expected");
    if (s.contains("items") && s["items"].is_object())
      for (int i = 0; i < n; ++i) Validate(v[i], s["items"], path + "[" + std::to_string(i) + "]", out);
  }
  if (v.is_string()) {
    const int n = (int)CodePoints(v.get<std::string>());
    if (js::Int(s, "minLength", 0) > n) out->push_back(path + " is shorter than " + std::to_string(js::Int(s, "minLength")) + " characters");
    if (s.contains("maxLength") && js::Int(s, "maxLength") < n) out->push_back(path + " is longer than " + std::to_string(js::Int(s, "maxLength")) + " characters");
  }
  if (v.is_number()) {
    const double x = v.get<double>();
    if (s.contains("minimum") && s["minimum"].is_number() && x < s["minimum"].get<double>()) out->push_back(path + " is below " + js::Dump(s["minimum"]));
    if (s.contains("maximum") && s["maximum"].is_number() && x > s["maximum"].get<double>()) out->push_back(path + " is above " + js::Dump(s["maximum"]));
  }
}
}  // namespace

std::vector<std::string> ValidateAgainstSchema(const json& value, const ojson& schema) {
  std::vector<std::string> out;
  Validate(value, schema, "$", &out);
  return out;
}

}  // namespace tp
