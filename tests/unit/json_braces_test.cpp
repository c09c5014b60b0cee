// One-member objects and one-item lists that leave the program. nlohmann::json reads braces by overload
// resolution, and compilers part ways on one element: `json{x}`, `json j = {x}`, `return {x};` and
// `j.push_back({x})` with x itself a JSON value give [x] under GCC (the native tests) and x under Clang
// (the web build). The product therefore builds one-member objects only from a braced key/value pair
// and one-item lists only with json::array(); these cases pin every such shape the product sends or
// stores, whole, against JSON text (which no compiler reads two ways), so the native tests and the
// Clang run of the same tests (scripts/test.sh) agree with what the page does.
#include <doctest/doctest.h>

#include "app/app.h"
#include "core/json_util.h"
#include "core/llm.h"
#include "platform/native/native_platform.h"
#include "support/clean_device.h"

namespace tp {
namespace {

using nlohmann::json;

ProviderConfig Preset(ProviderKind kind, const char* preset) {
  ProviderConfig p;
  p.kind = kind;
  p.preset_id = preset;
  const ProviderPreset* pr = FindProviderPreset(preset);
  REQUIRE(pr);
  p.base_url = pr->base_url;
  p.model = pr->default_model;
  p.api_key = "sk-test";
  return p;
}

json Body(const ProviderConfig& p, const LlmRequest& r) { return json::parse(BuildChatRequest(p, r).body); }

LlmRequest Plain() {
  LlmRequest r;
  r.system = "You write articles.";
  r.user = "Hello";
  return r;
}

LlmRequest Structured(StructuredMode mode) {
  LlmRequest r = Plain();
  r.schema = {{"type", "object"}};
  r.structured = mode;
  r.strip_schema_keywords = false;
  return r;
}

TEST_CASE("request bodies: one-member objects and one-item lists have the wire shape, whole") {
  SUBCASE("OpenAI-compatible") {
    const ProviderConfig p = Preset(ProviderKind::OpenAI, "openai");
    json b = Body(p, Plain());
    CHECK(b["stream_options"] == json::parse(R"({"include_usage": true})"));
    CHECK(b["messages"] == json::parse(R"([{"role": "system", "content": "You write articles."},
                                            {"role": "user", "content": "Hello"}])"));
    b = Body(p, Structured(StructuredMode::JsonObject));
    CHECK(b["response_format"] == json::parse(R"({"type": "json_object"})"));
    b = Body(p, Structured(StructuredMode::Tool));
    CHECK(b["tools"] == json::parse(R"([{"type": "function",
                                         "function": {"name": "result",
                                                      "description": "Return the result in this exact structure.",
                                                      "parameters": {"type": "object"}}}])"));
    CHECK(b["tool_choice"] == json::parse(R"({"type": "function", "function": {"name": "result"}})"));
  }
  SUBCASE("Anthropic") {
    const ProviderConfig p = Preset(ProviderKind::Anthropic, "anthropic");
    json b = Body(p, Plain());
    CHECK(b["messages"] == json::parse(R"([{"role": "user", "content": "Hello"}])"));
    b = Body(p, Structured(StructuredMode::Tool));
    CHECK(b["tools"] == json::parse(R"([{"name": "result", "description": "Return the result in this exact structure.",
                                         "input_schema": {"type": "object"}}])"));
    CHECK(b["tool_choice"] == json::parse(R"({"type": "tool", "name": "result"})"));
  }
  SUBCASE("Gemini") {
    const json b = Body(Preset(ProviderKind::Gemini, "gemini"), Plain());
    CHECK(b["contents"] == json::parse(R"([{"role": "user", "parts": [{"text": "Hello"}]}])"));
    CHECK(b["systemInstruction"] == json::parse(R"({"parts": [{"text": "You write articles."}]})"));
  }
}

TEST_CASE("the first version's single stored item gives back its remembered key as a one-origin key map") {
  test::CleanDevice device;
  platform::native::TheStorage().items["talkpress.project"] = R"({
    "version": 1,
    "transcript": "Maya Chen: Welcome back to the show.\n",
    "article": "# Kept\n",
    "provider": {"kind": "openai", "preset": "openai", "baseUrl": "https://api.openai.com/v1",
                 "apiKey": "sk-first-version-0123456789", "rememberKey": true}
  })";
  App app;
  app.Restore();
  CHECK(app.article() == "# Kept\n");
  CHECK(app.provider().api_key == "sk-first-version-0123456789");
  // Saved again in today's form: the key sits under its origin, in an object, not in a list.
  const json settings = app.SettingsJson();
  CHECK(js::At(js::At(settings, "provider"), "keys") == json::parse(R"({"https://api.openai.com": "sk-first-version-0123456789"})"));
}

}  // namespace
}  // namespace tp
