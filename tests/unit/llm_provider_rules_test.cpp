// The rules that make real providers work: base URLs from what users paste, structured output by
// capability with its fallback, JSON extraction and validation, inline reasoning, Ollama's native chat,
// the model catalog and budgets, error summaries, retries and the per-provider circuit.
#include <set>

#include "core/json_util.h"
#include "core/llm.h"
#include "core/llm_call.h"
#include "core/model_catalog.h"
#include "core/pipeline_budget.h"
#include "core/provider_session.h"
#include "core/structured_output.h"
#include "core/url.h"
#include "doctest/doctest.h"
#include "platform/native/scripted_transport.h"

using namespace tp;
using nlohmann::json;

namespace {
// Every test starts with a fresh page: nothing learned about any provider.
struct FreshProviderSessions : doctest::IReporter {
  explicit FreshProviderSessions(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats&) override {}
  void test_case_start(const doctest::TestCaseData&) override { ResetProviderSessions(); }
  void test_case_reenter(const doctest::TestCaseData&) override { ResetProviderSessions(); }
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}
};
}  // namespace
DOCTEST_REGISTER_LISTENER("fresh-provider-sessions", 1, FreshProviderSessions);

namespace {
ProviderConfig ForPreset(const char* id, const char* model = nullptr) {
  ProviderConfig p;
  const ProviderPreset* pr = FindProviderPreset(id);
  REQUIRE(pr);
  p.kind = pr->kind;
  p.preset_id = id;
  p.base_url = *pr->base_url ? pr->base_url : "https://relay.example/api.moonshot.cn/v1";
  p.model = model ? model : pr->default_model;
  p.api_key = "sk-test";
  return p;
}

const nlohmann::ordered_json kSchema = nlohmann::ordered_json::parse(R"({"type":"object","properties":{"title":{"type":"string","minLength":1},
  "points":{"type":"array","items":{"type":"string"},"minItems":2,"maxItems":2}},"required":["title","points"],
  "additionalProperties":false})");

struct Net {
  test::ManualScheduler sched;
  test::ScriptedTransport net{sched};
  LlmResult Run(const ProviderConfig& p, const LlmRequest& r, bool honour = false) {
    LlmResult out;
    LlmCall call(net, sched, p, r);
    call.honour_open_circuit = honour;
    call.on_done = [&](const LlmResult& res) { out = res; };
    call.Start();
    sched.RunUntilIdle();
    return out;
  }
  json Body(size_t i) const { return json::parse(net.requests.at(i).body); }
};

test::ScriptedResponse Error(int status, const std::string& body, const std::string& retry_after = "") {
  test::ScriptedResponse r;
  r.status = status;
  r.retry_after = retry_after;
  r.chunks = {body};
  return r;
}
test::ScriptedResponse Ok(const std::vector<std::string>& pieces, const char* finish = "stop") {
  return {200, "", {test::OpenAiSse(pieces, finish)}};
}
}  // namespace

// ---------------------------------------------------------------------------------------------- base URLs

TEST_CASE("base URLs: what users paste becomes the endpoint the provider serves") {
  struct Case { const char* pasted; ApiPathStyle style; const char* preset_base; const char* base; };
  const Case cases[] = {
      {"https://api.openai.com/v1", ApiPathStyle::OpenAICompatible, "", "https://api.openai.com/v1"},
      {"https://api.openai.com/v1/", ApiPathStyle::OpenAICompatible, "", "https://api.openai.com/v1"},
      {"https://api.openai.com", ApiPathStyle::OpenAICompatible, "", "https://api.openai.com/v1"},
      {"  api.openai.com/v1/chat/completions  ", ApiPathStyle::OpenAICompatible, "", "https://api.openai.com/v1"},
      {"https://api.deepseek.com", ApiPathStyle::OpenAICompatible, "https://api.deepseek.com/v1", "https://api.deepseek.com/v1"},
      {"https://api.groq.com", ApiPathStyle::OpenAICompatible, "https://api.groq.com/openai/v1", "https://api.groq.com/openai/v1"},
      {"https://open.bigmodel.cn/api/paas/v4/chat/completions", ApiPathStyle::OpenAICompatible, "", "https://open.bigmodel.cn/api/paas/v4"},
      {"https://openrouter.ai/api/v1/models?x=1#f", ApiPathStyle::OpenAICompatible, "", "https://openrouter.ai/api/v1"},
      {"https://generativelanguage.googleapis.com/v1beta/openai/", ApiPathStyle::OpenAICompatible, "", "https://generativelanguage.googleapis.com/v1beta/openai"},
      {"localhost:1234/v1", ApiPathStyle::OpenAICompatible, "", "http://localhost:1234/v1"},
      {"192.168.1.20:8000", ApiPathStyle::OpenAICompatible, "", "http://192.168.1.20:8000/v1"},
      {"https://generativelanguage.googleapis.com/v1beta", ApiPathStyle::Gemini, "", "https://generativelanguage.googleapis.com"},
      {"https://generativelanguage.googleapis.com/v1beta/models/gemini-3.5-flash:generateContent", ApiPathStyle::Gemini, "", "https://generativelanguage.googleapis.com"},
      {"https://generativelanguage.googleapis.com/", ApiPathStyle::Gemini, "", "https://generativelanguage.googleapis.com"},
      {"https://api.anthropic.com/v1", ApiPathStyle::Anthropic, "", "https://api.anthropic.com"},
      {"https://api.anthropic.com/v1/messages", ApiPathStyle::Anthropic, "", "https://api.anthropic.com"},
      {"https://api.minimax.io/anthropic", ApiPathStyle::Anthropic, "", "https://api.minimax.io/anthropic"},
      {"http://localhost:11434/v1", ApiPathStyle::Ollama, "", "http://localhost:11434"},
      {"http://192.168.1.20:11434/api/chat", ApiPathStyle::Ollama, "", "http://192.168.1.20:11434"},
      {"", ApiPathStyle::OpenAICompatible, "", ""},
      {"ftp://example.com/v1", ApiPathStyle::OpenAICompatible, "", ""},
  };
  for (const Case& c : cases) CHECK_MESSAGE(NormalizeBaseUrl(c.pasted, c.style, c.preset_base) == c.base, c.pasted);
  CHECK(IsLocalNetworkUrl("http://10.0.0.5:11434"));
  CHECK(IsLocalNetworkUrl("http://172.20.1.1"));
  CHECK_FALSE(IsLocalNetworkUrl("http://172.32.1.1"));
  CHECK_FALSE(IsLocalNetworkUrl("https://api.openai.com"));
}

TEST_CASE("the resolved endpoint of every preset, and of pasted full endpoints") {
  CHECK(ResolvedEndpoint(ForPreset("openai")) == "https://api.openai.com/v1/chat/completions");
  CHECK(ResolvedEndpoint(ForPreset("anthropic")) == "https://api.anthropic.com/v1/messages");
  CHECK(ResolvedEndpoint(ForPreset("gemini")) == "https://generativelanguage.googleapis.com/v1beta/models/gemini-3.5-flash:streamGenerateContent?alt=sse");
  CHECK(ResolvedEndpoint(ForPreset("ollama")) == "http://localhost:11434/api/chat");
  CHECK(ResolvedEndpoint(ForPreset("glm")) == "https://open.bigmodel.cn/api/paas/v4/chat/completions");
  ProviderConfig p = ForPreset("openai");
  p.base_url = "https://api.openai.com/v1/chat/completions/";
  CHECK(ResolvedEndpoint(p) == "https://api.openai.com/v1/chat/completions");
  p = ForPreset("gemini");
  p.base_url = "https://generativelanguage.googleapis.com/v1beta/";
  CHECK(BuildModelsRequest(p).url == "https://generativelanguage.googleapis.com/v1beta/models?pageSize=1000");
  for (const ProviderPreset& pr : ProviderPresets()) {
    CAPTURE(pr.id);
    if (!*pr.base_url) continue;
    ProviderConfig c = ForPreset(pr.id);
    CHECK(ResolvedEndpoint(c).find("//", 8) == std::string::npos);   // never a doubled path segment
  }
}

// ---------------------------------------------------------------------------------------------- presets

TEST_CASE("presets say which providers refuse browsers and how to reach their models") {
  std::set<std::string> ids;
  for (const ProviderPreset& pr : ProviderPresets()) {
    CAPTURE(pr.id);
    CHECK(ids.insert(pr.id).second);
    CHECK(*pr.name);
    if (pr.browser == BrowserAccess::Blocked) {
      CHECK_FALSE(pr.browser_ok);
      CHECK_FALSE(pr.reach.empty());
      for (const std::string& r : pr.reach) CHECK((r == "relay" || FindProviderPreset(r)));
    }
  }
  for (const char* blocked : {"moonshot", "dashscope", "doubao", "minimax"}) {
    CAPTURE(blocked);
    REQUIRE(FindProviderPreset(blocked));
    CHECK(FindProviderPreset(blocked)->browser == BrowserAccess::Blocked);
    const LlmError e = NetworkError(ForPreset(blocked), "Failed to fetch");
    CHECK(e.message.find("does not accept requests from web pages") != std::string::npos);
    CHECK(e.message.find("relay") != std::string::npos);
  }
  CHECK(NetworkError(ForPreset("moonshot"), "").message.find("OpenRouter") != std::string::npos);
  CHECK(NetworkError(ForPreset("dashscope"), "").message.find("SiliconFlow") != std::string::npos);
  for (const char* aggregator : {"openrouter", "siliconflow"}) CHECK(FindProviderPreset(aggregator)->browser == BrowserAccess::Ok);
  ProviderConfig lan = ForPreset("ollama");
  lan.base_url = "http://192.168.1.20:11434";
  CHECK(NetworkError(lan, "").message.find("OLLAMA_ORIGINS") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------- structured output

TEST_CASE("structured output: the mode follows the provider and the model") {
  CHECK(DefaultStructuredMode(ForPreset("openai")) == StructuredMode::JsonSchema);
  CHECK(DefaultStructuredMode(ForPreset("deepseek")) == StructuredMode::JsonObject);
  CHECK(DefaultStructuredMode(ForPreset("anthropic")) == StructuredMode::Tool);
  CHECK(DefaultStructuredMode(ForPreset("ollama")) == StructuredMode::OllamaFormat);
  CHECK(DefaultStructuredMode(ForPreset("gemini")) == StructuredMode::JsonSchema);
  CHECK(DefaultStructuredMode(ForPreset("groq", "openai/gpt-oss-120b")) == StructuredMode::JsonSchema);
  CHECK(DefaultStructuredMode(ForPreset("groq", "llama-3.3-70b-versatile")) == StructuredMode::JsonObject);
  CHECK(DefaultStructuredMode(ForPreset("openrouter", "deepseek/deepseek-v4-flash")) == StructuredMode::JsonSchema);
  CHECK(DefaultStructuredMode(ForPreset("minimax")) == StructuredMode::PromptOnly);

  LlmRequest r;
  r.system = "You plan articles.";
  r.user = "Plan.";
  r.schema = kSchema;
  json b = json::parse(BuildChatRequest(ForPreset("deepseek"), r).body);
  CHECK(b["response_format"] == json({{"type", "json_object"}}));
  const std::string sys = b["messages"][0]["content"];
  CHECK(sys.find("JSON") != std::string::npos);               // json_object needs the word
  CHECK(sys.find("\"points\":[\"…\"]") != std::string::npos);  // and an example of the shape
  CHECK(sys.find("minItems") != std::string::npos);            // the full schema, for the model to follow

  b = json::parse(BuildChatRequest(ForPreset("groq", "openai/gpt-oss-120b"), r).body);
  const json sent = b["response_format"]["json_schema"]["schema"];
  CHECK(b["response_format"]["json_schema"]["strict"] == true);
  CHECK_FALSE(sent["properties"]["points"].contains("minItems"));   // Groq rejects these: we check them ourselves
  CHECK_FALSE(sent["properties"]["title"].contains("minLength"));
  b = json::parse(BuildChatRequest(ForPreset("openai"), r).body);
  CHECK(b["response_format"]["json_schema"]["schema"]["properties"]["points"]["maxItems"] == 2);

  b = json::parse(BuildChatRequest(ForPreset("ollama"), r).body);
  CHECK(b["format"]["type"] == "object");
  r.structured = StructuredMode::PromptOnly;
  b = json::parse(BuildChatRequest(ForPreset("openai"), r).body);
  CHECK_FALSE(b.contains("response_format"));
  CHECK(b["messages"][0]["content"].get<std::string>().find("JSON Schema") != std::string::npos);
}

TEST_CASE("schema preparation: keywords left out, strict shape, example") {
  using ojson = nlohmann::ordered_json;
  const ojson s = ojson::parse(R"({"$schema":"x","type":"object","properties":{"format":{"type":"string","format":"date"},
    "n":{"type":"integer","minimum":1},"list":{"type":"array","items":{"type":"object","properties":{"a":{"type":"string"}}}}}})");
  const ojson stripped = StripAdvancedKeywords(s);
  CHECK_FALSE(stripped.contains("$schema"));
  CHECK(stripped["properties"].contains("format"));   // a property named like a keyword stays
  CHECK_FALSE(stripped["properties"]["format"].contains("format"));
  CHECK_FALSE(stripped["properties"]["n"].contains("minimum"));
  const ojson strict = StrictSchema(s);
  CHECK(strict["additionalProperties"] == false);
  CHECK(strict["required"] == ojson({"format", "n", "list"}));   // in the order the properties are listed
  CHECK(strict["properties"]["list"]["items"]["required"] == ojson({"a"}));
  CHECK(SchemaExample(kSchema) == ojson({{"title", "…"}, {"points", {"…"}}}));
}

TEST_CASE("a 400 about structured output falls back once, is remembered, and is logged") {
  Net n;
  const ProviderConfig p = ForPreset("custom", "some-model");
  ProviderConfig q = p;
  q.base_url = "https://llm.example/v1";
  LlmRequest r;
  r.user = "Plan.";
  r.schema = kSchema;
  n.net.queue.push_back(Error(400, R"({"error":{"message":"This response_format type is unavailable now","type":"invalid_request_error"}})"));
  n.net.queue.push_back(Ok({"{\"title\":\"T\",\"points\":[\"a\",\"b\"]}"}));
  LlmResult res = n.Run(q, r);
  CHECK(res.ok);
  CHECK(res.structured_mode == StructuredMode::JsonObject);
  REQUIRE(n.net.requests.size() == 2);
  CHECK(n.Body(0)["response_format"]["type"] == "json_schema");
  CHECK(n.Body(1)["response_format"]["type"] == "json_object");
  REQUIRE(res.notes.size() == 1);
  CHECK(res.notes[0].find("json_object") != std::string::npos);
  // The next request starts with what works.
  n.net.queue.push_back(Ok({"{\"title\":\"T\",\"points\":[\"a\",\"b\"]}"}));
  res = n.Run(q, r);
  CHECK(res.ok);
  CHECK(n.Body(2)["response_format"]["type"] == "json_object");
  CHECK(ProviderStateJson(q, 0)["log"].size() == 1);
  CHECK(ProviderStateJson(q, 0)["structuredMode"] == "json_object");
  // A 400 about something else is not a fallback.
  n.net.queue.push_back(Error(400, R"({"error":{"message":"messages must not be empty"}})"));
  res = n.Run(q, r);
  CHECK(res.error.kind == ErrorKind::BadRequest);
  CHECK(n.net.requests.size() == 4);
}

TEST_CASE("json_object then prompt-only when the server accepts neither; a keyword 400 strips keywords") {
  Net n;
  ProviderConfig q = ForPreset("custom", "m");
  q.base_url = "https://llm.example/v1";
  LlmRequest r;
  r.user = "Plan.";
  r.schema = kSchema;
  n.net.queue.push_back(Error(400, R"({"error":{"message":"Invalid schema: 'minItems' is not permitted."}})"));
  n.net.queue.push_back(Error(422, R"({"detail":"response_format json_schema is not supported"})"));
  n.net.queue.push_back(Error(400, R"({"error":{"message":"response_format.type json_object is not supported by this model"}})"));
  n.net.queue.push_back(Ok({"Sure! ```json\n{\"title\":\"T\",\"points\":[\"a\",\"b\",]}\n```"}));
  LlmResult res = n.Run(q, r);
  REQUIRE(n.net.requests.size() == 4);
  CHECK_FALSE(n.Body(1)["response_format"]["json_schema"]["schema"]["properties"]["points"].contains("minItems"));
  CHECK(n.Body(2)["response_format"]["type"] == "json_object");
  CHECK_FALSE(n.Body(3).contains("response_format"));
  CHECK(res.ok);
  CHECK(res.json_found);
  CHECK(json::parse(res.text) == json({{"title", "T"}, {"points", {"a", "b"}}}));
  CHECK(res.schema_problems.empty());
  CHECK(res.notes.size() == 3);
}

TEST_CASE("JSON is found in what weaker modes return") {
  struct Case { const char* text; const char* json; };
  const Case cases[] = {
      {R"({"a":1})", R"({"a":1})"},
      {"```json\n{\"a\": [1, 2]}\n```", R"({"a":[1,2]})"},
      {"Here is the outline:\n```\n{\"a\": 1}\n```\nHope it helps!", R"({"a":1})"},
      {"<think>The user wants {x}. Let me think.</think>\n\n{\"a\": \"b\"}", R"({"a":"b"})"},
      {"reasoning without an opening tag</think>{\"a\": 2}", R"({"a":2})"},
      {"Sure. {\"a\": {\"b\": [1, 2, ],}, } Done.", R"({"a":{"b":[1,2]}})"},
      {"The set {1, 2} is not JSON, but {\"k\": \"}\"} is.", R"({"k":"}"})"},
      {"[{\"turn_id\": 3}]", R"([{"turn_id":3}])"},
      {"  \n {\"中文\": \"引号“内”\"}  ", R"({"中文":"引号“内”"})"},
  };
  for (const Case& c : cases) {
    const std::string text = c.text;
    CAPTURE(text);
    json got;
    REQUIRE(ExtractJson(c.text, &got));
    CHECK(got == json::parse(c.json));
  }
  json none;
  for (const char* bad : {"", "   ", "no json here", "{\"a\": ", "<think>{\"a\":1}</think>"}) CHECK_FALSE(ExtractJson(bad, &none));
}

TEST_CASE("validation enforces the schema the provider did not see") {
  CHECK(ValidateAgainstSchema(json::parse(R"({"title":"T","points":["a","b"]})"), kSchema).empty());
  const auto p = ValidateAgainstSchema(json::parse(R"({"title":"","points":["a"],"extra":1})"), kSchema);
  REQUIRE(p.size() == 3);
  CHECK(p[0] == "$.extra is not expected");
  CHECK(p[1] == "$.points has 1 items, at least 2 expected");
  CHECK(p[2] == "$.title is shorter than 1 characters");
  CHECK(ValidateAgainstSchema(json::parse(R"({"points":[1,2]})"), kSchema) ==
        std::vector<std::string>{"$.title is missing", "$.points[0] should be string", "$.points[1] should be string"});
  CHECK(ValidateAgainstSchema(json::parse(R"([])"), kSchema) == std::vector<std::string>{"$ should be object"});
}

TEST_CASE("rejections about structured output are told apart from other 400s") {
  struct Case { int status; const char* body; bool structured; bool keyword; };
  const Case cases[] = {
      {400, R"({"error":{"message":"This response_format type is unavailable now"}})", true, false},
      {400, R"({"error":{"message":"'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'."}})", true, false},
      {400, R"({"error":{"message":"json_schema response format is not supported by this model"}})", true, false},
      {400, R"({"error":{"message":"Invalid JSON schema: keyword 'maxItems' is not supported"}})", true, true},
      {400, R"({"error":"invalid format: expected \"json\" or a JSON schema"})", true, false},
      {400, R"({"error":{"message":"tool_choice forced is not supported in thinking mode"}})", true, false},
      {400, R"({"error":{"message":"max_tokens is too large"}})", false, false},
      {500, R"({"error":{"message":"response_format failed"}})", false, false},
  };
  for (const Case& c : cases) {
    const std::string body = c.body;
    CAPTURE(body);
    CHECK(IsStructuredOutputRejection(c.status, c.body) == c.structured);
    CHECK(IsSchemaKeywordRejection(c.body) == c.keyword);
  }
}

// ---------------------------------------------------------------------------------------------- reasoning

TEST_CASE("<think> blocks in content are reasoning, split at any byte") {
  struct Case { const char* content; const char* answer; const char* reasoning; };
  const Case cases[] = {
      {"<think>\nPlan it.\n</think>\n\nThe answer.", "The answer.", "\nPlan it.\n"},
      {"  <think>a</think>b", "b", "a"},
      {"No thinking here.", "No thinking here.", ""},
      {"Plan silently.</think>\n\nAnswer", "Answer", "Plan silently."},   // template swallowed the opening tag
      {"<thinking is a word> stays", "<thinking is a word> stays", ""},
      {"<think>unfinished", "", "unfinished"},
      {"Answer with a < sign and </b>", "Answer with a < sign and </b>", ""},
  };
  for (const Case& c : cases) {
    const std::string s = c.content;
    for (size_t step = 1; step <= s.size(); ++step) {
      CAPTURE(s);
      CAPTURE(step);
      StreamDecoder d(ProviderKind::OpenAI, true);
      std::string body;
      for (size_t i = 0; i < s.size(); i += step)
        body += "data: " + js::Dump(json{{"choices", {{{"index", 0}, {"delta", {{"content", s.substr(i, step)}}}}}}}) + "\n\n";
      body += "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
      d.Feed(body);
      d.Finish();
      CHECK(d.text == c.answer);
      CHECK(d.reasoning == c.reasoning);
    }
  }
}

TEST_CASE("reasoning fields of every name stay out of the answer and count as activity") {
  const std::string body =
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"A\"}}]}\n\n"
      ": keep-alive\n\n"
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"B\",\"content\":\"\"}}]}\n\n"
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"C\"}]}}]}\n\n"
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"D\"}]},{\"type\":\"text\",\"text\":\"Answer\"}]}}]}\n\n"
      "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":9,\"completion_tokens_details\":{\"reasoning_tokens\":7}}}\n\n"
      "data: [DONE]\n\n";
  StreamDecoder d(ProviderKind::OpenAI, true);
  d.Feed(body.substr(0, 120));
  CHECK(d.text.empty());
  CHECK(d.reasoning == "A");
  CHECK_FALSE(d.content_started);
  d.Feed(body.substr(120));
  d.Finish();
  CHECK(d.text == "Answer");
  CHECK(d.reasoning == "ABCD");
  CHECK(d.usage.reasoning_tokens == 7);
  CHECK(d.activity >= 7);   // six events and a keep-alive
}

TEST_CASE("Anthropic: thinking, text and a forced tool call are kept apart") {
  const std::string body =
      "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n"
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Let me plan.\"}}\n\n"
      "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Here is the outline.\"}}\n\n"
      "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"name\":\"outline\",\"input\":{}}}\n\n"
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"title\\\":\\\"T\\\"}\"}}\n\n"
      "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":20}}\n\n"
      "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
  StreamDecoder tool(ProviderKind::Anthropic, true);
  tool.tool_answer = true;
  tool.Feed(body);
  tool.Finish();
  CHECK(tool.text == "{\"title\":\"T\"}");
  CHECK(tool.aside == "Here is the outline.");
  CHECK(tool.reasoning == "Let me plan.");
  StreamDecoder prose(ProviderKind::Anthropic, true);
  prose.Feed(body);
  prose.Finish();
  CHECK(prose.text == "Here is the outline.");   // a tool the model chose is not part of a free-text answer
}

TEST_CASE("Gemini thought parts are reasoning; thinking tokens count as output") {
  StreamDecoder d(ProviderKind::Gemini, true);
  d.Feed("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Considering.\",\"thought\":true}],\"role\":\"model\"}}]}\r\n\r\n"
         "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Answer.\"}],\"role\":\"model\"},\"finishReason\":\"STOP\"}],"
         "\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":3,\"thoughtsTokenCount\":40}}\r\n\r\n");
  d.Finish();
  CHECK(d.text == "Answer.");
  CHECK(d.reasoning == "Considering.");
  CHECK(d.usage.output_tokens == 43);
  CHECK(d.usage.reasoning_tokens == 40);
}

// ---------------------------------------------------------------------------------------------- Ollama

TEST_CASE("Ollama native chat: NDJSON with thinking, num_ctx sized to the prompt, format") {
  StreamDecoder d(ProviderKind::Ollama, true);
  const std::string body =
      "{\"model\":\"qwen3:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"Hmm.\"},\"done\":false}\n"
      "{\"model\":\"qwen3:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"done\":false}\n"
      "{\"model\":\"qwen3:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"lo 中文\"},\"done\":false}\n"
      "{\"model\":\"qwen3:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"length\",\"prompt_eval_count\":2048,\"eval_count\":12}";
  for (size_t i = 0; i < body.size(); i += 5) d.Feed(body.substr(i, 5));
  d.Finish();
  CHECK(d.text == "Hello 中文");
  CHECK(d.reasoning == "Hmm.");
  CHECK(d.finish == FinishReason::Length);
  CHECK(d.usage.input_tokens == 2048);
  CHECK(d.error.ok());
  StreamDecoder cut(ProviderKind::Ollama, true);
  cut.Feed("{\"message\":{\"content\":\"Hi\"},\"done\":false}\n");
  cut.Finish();
  CHECK(cut.error.kind == ErrorKind::Truncated);
  StreamDecoder err(ProviderKind::Ollama, true);
  err.Feed("{\"error\":\"model 'x' not found\"}\n");
  err.Finish();
  CHECK_FALSE(err.error.ok());

  ProviderConfig p = ForPreset("ollama");
  LlmRequest r;
  r.user = std::string(60000, 'a') + " end";
  r.max_output_tokens = 4000;
  r.schema = kSchema;
  const HttpRequest h = BuildChatRequest(p, r);
  CHECK(h.url == "http://localhost:11434/api/chat");
  const json b = json::parse(h.body);
  const int ctx = b["options"]["num_ctx"];
  CHECK(ctx >= EstimateTokens(r.user, p.Tokenizer()) + 4000);
  CHECK(ctx > 2048);   // Ollama's default would cut the prompt
  CHECK(b["format"]["type"] == "object");
  CHECK(b["think"] == false);   // qwen3 thinks: not while producing the schema
  r.user = "short";
  r.schema = nullptr;
  CHECK(json::parse(BuildChatRequest(p, r).body)["options"]["num_ctx"] == 8192);
  CHECK(BuildModelsRequest(p).url == "http://localhost:11434/api/tags");
  std::string e;
  auto models = ParseModelList(ProviderKind::Ollama, R"({"models":[{"name":"qwen3:8b","model":"qwen3:8b","size":5}]})", &e);
  REQUIRE(models.size() == 1);
  CHECK(models[0].id == "qwen3:8b");
}

// ---------------------------------------------------------------------------------------------- catalog and budgets

TEST_CASE("the model catalog: lookup, unknown defaults, budgets, cost") {
  CHECK(!ModelCatalogDate().empty());
  CHECK(ModelCatalog().size() >= 40);
  for (const ModelSpec& m : ModelCatalog()) {
    CAPTURE(m.id);
    CHECK(m.context_tokens >= 32000);
    CHECK(m.max_output_tokens > 0);
    CHECK(m.max_output_tokens <= m.context_tokens);
    CHECK((m.usd_in >= 0 || m.cny_in >= 0));
    CHECK(!m.source.empty());
  }
  const ModelSpec ds = LookupModel("deepseek-v4-flash");
  CHECK(ds.known);
  CHECK(ds.context_tokens == 1048576);
  CHECK(ds.usd_in == doctest::Approx(0.14));
  CHECK(ds.cny_out == doctest::Approx(2));
  CHECK(LookupModel("claude-sonnet-4-5-20250929").id == "claude-sonnet-4-5");   // dated snapshot
  CHECK(LookupModel("doubao-seed-2-1-pro-260628").id == "doubao-seed-2-1-pro");
  CHECK(LookupModel("models/gemini-3.5-flash").id == "gemini-3.5-flash");
  CHECK(LookupModel("DeepSeek-V4-Flash").id == "deepseek-v4-flash");
  CHECK(LookupModel("moonshotai/kimi-k2.6").usd_out == doctest::Approx(3.41));   // the aggregator's own price
  CHECK(LookupModel("gpt-5.5").temperature == false);
  CHECK(LookupModel("gpt-5.4-mini-2026-03-17").id == "gpt-5.4-mini");
  const ModelSpec unknown = LookupModel("my-finetune");
  CHECK_FALSE(unknown.known);
  CHECK(unknown.context_tokens == 32768);
  CHECK(unknown.max_output_tokens == 4096);
  CHECK(CostUsd(unknown, 1000, 1000) < 0);
  CHECK(FormatCost(unknown, 1000, 1000).empty());
  CHECK(WithOverrides(unknown, 131072, 16384).context_tokens == 131072);
  CHECK(OutputBudget(unknown, 10000) == 10000);                                  // an unknown limit is not imposed
  CHECK(OutputBudget(WithOverrides(unknown, 0, 8000), 10000) == 8000);           // the user's limit is

  CHECK(OutputBudget(LookupModel("gpt-4.1"), 3000) == 3000);
  CHECK(OutputBudget(LookupModel("gemini-3.5-flash"), 3000) == 3000 + 8192);     // thinking shares the budget
  CHECK(OutputBudget(LookupModel("deepseek-v4-flash"), 20000) == 40000);
  CHECK(OutputBudget(LookupModel("kimi-k2.6"), 30000) == 32768);                 // capped by the model
  CHECK(TranscriptFits(LookupModel("gpt-4o"), 100000, 2000, 8000));
  CHECK_FALSE(TranscriptFits(LookupModel("gpt-4o"), 120000, 2000, 8000));
  CHECK(CostUsd(ds, 1000000, 1000000) == doctest::Approx(0.42));
  CHECK(FormatCost(ds, 1000000, 500000) == "¥2.00 ($0.280)");
  CHECK(FormatCost(LookupModel("gpt-5.5"), 100000, 10000) == "$0.800");
  const json info = json::parse(ModelSpecJson(ds));
  CHECK(info["contextTokens"] == 1048576);
  CHECK(info["usdPerMillion"][1] == 0.28);
  CHECK(info["structured"] == "json_object");
}

TEST_CASE("requests follow the model: no temperature where rejected, thinking headroom, completion field") {
  LlmRequest r;
  r.user = "x";
  r.max_output_tokens = 2000;
  r.temperature = 0.7;
  json b = json::parse(BuildChatRequest(ForPreset("openai", "gpt-5.5"), r).body);
  CHECK_FALSE(b.contains("temperature"));
  CHECK(b["max_completion_tokens"] == 2000 + 8192);
  b = json::parse(BuildChatRequest(ForPreset("openai", "gpt-4.1"), r).body);
  CHECK(b["temperature"] == 0.7);
  CHECK(b["max_completion_tokens"] == 2000);
  b = json::parse(BuildChatRequest(ForPreset("anthropic", "claude-opus-5"), r).body);
  CHECK_FALSE(b.contains("temperature"));
  b = json::parse(BuildChatRequest(ForPreset("mistral"), r).body);
  CHECK_FALSE(b.contains("stream_options"));   // Mistral rejects it
  b = json::parse(BuildChatRequest(ForPreset("deepseek"), r).body);
  CHECK(b["max_tokens"] == 2000 + 8192);
  // A custom base URL on OpenAI's own or Azure OpenAI's hosts is OpenAI's API: max_completion_tokens.
  for (const char* base : {"https://api.openai.com/v1", "https://my-team.openai.azure.com/openai/v1"}) {
    ProviderConfig custom = ForPreset("custom", "o4-mini");
    custom.base_url = base;
    CAPTURE(base);
    b = json::parse(BuildChatRequest(custom, r).body);
    CHECK(b.contains("max_completion_tokens"));
    CHECK_FALSE(b.contains("max_tokens"));
  }
  ProviderConfig other = ForPreset("custom", "o4-mini");
  other.base_url = "https://openai.azure.com.example.net/v1";
  CHECK(json::parse(BuildChatRequest(other, r).body).contains("max_tokens"));
}

TEST_CASE("OpenRouter routes a structured request only to upstreams that honour the schema") {
  LlmRequest r;
  r.user = "Plan.";
  r.schema = kSchema;
  json b = json::parse(BuildChatRequest(ForPreset("openrouter"), r).body);
  CHECK(b["response_format"]["type"] == "json_schema");
  CHECK(b["provider"]["require_parameters"] == true);
  r.structured = StructuredMode::PromptOnly;   // nothing to honour: any upstream may answer
  CHECK_FALSE(json::parse(BuildChatRequest(ForPreset("openrouter"), r).body).contains("provider"));
  r.structured.reset();
  CHECK_FALSE(json::parse(BuildChatRequest(ForPreset("deepseek"), r).body).contains("provider"));
  LlmRequest plain;
  plain.user = "Write.";
  CHECK_FALSE(json::parse(BuildChatRequest(ForPreset("openrouter"), plain).body).contains("provider"));
  // No upstream honours every parameter: OpenRouter's 404 falls back to the next mode, as a 400 would.
  Net n;
  n.net.queue.push_back(Error(404, R"({"error":{"message":"No endpoints found that can handle the requested parameters.","code":404}})"));
  n.net.queue.push_back(Ok({"{\"title\":\"T\",\"points\":[\"a\",\"b\"]}"}));
  const LlmResult res = n.Run(ForPreset("openrouter"), r);
  CHECK(res.ok);
  REQUIRE(n.net.requests.size() == 2);
  CHECK(n.Body(0)["response_format"]["type"] == "json_schema");
  CHECK(n.Body(1)["response_format"]["type"] == "json_object");
  CHECK(res.notes.size() == 1);
}

TEST_CASE("a server that asks for max_completion_tokens gets it, from then on, with one note") {
  Net n;
  ProviderConfig q = ForPreset("custom", "o4-mini");
  q.base_url = "https://gateway.example/openai/v1";   // a proxy in front of OpenAI
  LlmRequest r;
  r.user = "Write.";
  r.max_output_tokens = 1000;
  const char* refusal = R"({"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}})";
  n.net.queue.push_back(Error(400, refusal));
  n.net.queue.push_back(Ok({"Done."}));
  LlmResult res = n.Run(q, r);
  CHECK(res.ok);
  CHECK(res.text == "Done.");
  REQUIRE(n.net.requests.size() == 2);
  CHECK(n.Body(0).contains("max_tokens"));
  CHECK_FALSE(n.Body(1).contains("max_tokens"));
  CHECK(n.Body(1).contains("max_completion_tokens"));
  REQUIRE(res.notes.size() == 1);
  CHECK(res.notes[0].find("max_completion_tokens") != std::string::npos);
  n.net.queue.push_back(Ok({"Again."}));
  res = n.Run(q, r);
  CHECK(res.ok);
  CHECK(n.Body(2).contains("max_completion_tokens"));
  CHECK(ProviderStateJson(q, 0)["log"].size() == 1);
  // Already sent as max_completion_tokens: the same 400 is a bad request, not a loop.
  n.net.queue.push_back(Error(400, refusal));
  res = n.Run(q, r);
  CHECK(res.error.kind == ErrorKind::BadRequest);
  CHECK(n.net.requests.size() == 4);
}

TEST_CASE("Groq's free plan: a 413 naming its tokens a minute is learned, and requests ask for less room from then on") {
  // Groq counts the prompt and max_tokens against the plan's tokens a minute; gpt-oss thinks, so the room asked
  // for its answer alone (8k and more) passes the free plan's 8,000 (console.groq.com/docs/errors, rate-limits).
  const char* too_large = R"({"error":{"message":"Request too large for model `openai/gpt-oss-120b` in organization `org_01` service tier `on_demand` on tokens per minute (TPM): Limit 8000, Requested 12288, please reduce your message size and try again. Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing","type":"tokens","code":"rate_limit_exceeded"}})";
  const ProviderConfig groq = ForPreset("groq", "openai/gpt-oss-120b");
  const LlmError e = ClassifyHttpError(groq, 413, "", too_large);
  CHECK(e.kind == ErrorKind::ContextLength);
  CHECK(e.request_token_limit == 8000);
  CHECK(e.message.find("8000 tokens a minute") != std::string::npos);
  CHECK(ClassifyHttpError(groq, 413, "", R"({"error":{"message":"on tokens per minute (TPM): Limit 6,000, Requested 9,100"}})").request_token_limit == 6000);
  CHECK(ClassifyHttpError(groq, 413, "", R"({"error":{"message":"Request Entity Too Large"}})").request_token_limit == 0);

  Net n;
  LlmRequest r;
  r.system = "Write notes.";
  r.user = std::string(7000, 'a') + ".";   // about 2,000 tokens
  r.max_output_tokens = 4000;
  const int before = RequestedOutputTokens(groq, r);
  CHECK(PromptTokens(groq, r) + before > 8000);   // the model thinks: its room alone is over the limit
  n.net.queue.push_back(Error(413, too_large));
  n.net.queue.push_back(Ok({"Notes."}));
  LlmResult res = n.Run(groq, r);
  CHECK(res.ok);
  REQUIRE(n.net.requests.size() == 2);
  CHECK(n.Body(0)["max_tokens"].get<int>() == before);
  const int room = n.Body(1)["max_tokens"].get<int>();
  CHECK(room < before);
  CHECK(room >= 1024);
  CHECK(PromptTokens(groq, r) + room <= 8000);
  REQUIRE(res.notes.size() == 1);
  CHECK(res.notes[0].find("8000 tokens a minute") != std::string::npos);
  CHECK(ProviderStateJson(groq, 0)["log"].size() == 1);
  // From then on every request to this model fits at once, and the plan reads the transcript in smaller parts.
  n.net.queue.push_back(Ok({"More."}));
  res = n.Run(groq, r);
  CHECK(res.ok);
  CHECK(n.net.requests.size() == 3);
  CHECK(n.Body(2)["max_tokens"].get<int>() == room);
  const PipelineOptions o = PipelineOptionsFor(groq);
  CHECK(o.context_tokens == 8000);
  CHECK(o.chunk_tokens <= 8000 / 3);
  CHECK(o.max_output_tokens <= 4000);
  // Another model (its own limit) and another key (another plan) start afresh.
  CHECK(PipelineOptionsFor(ForPreset("groq", "llama-3.3-70b-versatile")).chunk_tokens > 8000 / 3);

  // The provider's count corrects our estimate of the prompt: Groq counted 3,000 tokens where we guessed about
  // 2,000 (another tokenizer), so the room asked for next leaves space for its count, not ours.
  const ProviderConfig small = ForPreset("groq", "openai/gpt-oss-20b");
  const int first = RequestedOutputTokens(small, r);
  const std::string counted = R"({"error":{"message":"Request too large for model `openai/gpt-oss-20b` on tokens per minute (TPM): Limit 8000, Requested )" +
                              std::to_string(first + 3000) + R"(, please reduce your message size.","type":"tokens","code":"rate_limit_exceeded"}})";
  n.net.queue.push_back(Error(413, counted));
  n.net.queue.push_back(Ok({"Notes."}));
  res = n.Run(small, r);
  CHECK(res.ok);
  const int calibrated = json::parse(n.net.requests.back().body)["max_tokens"].get<int>();
  CHECK(3000 + calibrated <= 8000);
  CHECK(calibrated >= kLeastAnswerTokens);
  CHECK(SessionFor(small).prompt_token_scale > 1.4);

  // A prompt too long for the limit whatever the room: sent once, and the step says why and what to do.
  LlmRequest big = r;
  big.user = std::string(40000, 'a') + ".";   // about 11,000 tokens
  n.net.queue.push_back(Error(413, too_large));
  res = n.Run(groq, big);
  CHECK(res.error.kind == ErrorKind::ContextLength);
  CHECK(n.net.requests.size() == 6);
  CHECK(res.error.message.find("prompt is too long for the 8000 tokens a minute") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------- errors and retries

TEST_CASE("a path 404 is a wrong base URL; HTML error pages are one line") {
  const std::string google404 =
      "<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error 404 (Not Found)!!1</title>\n  <style>*{margin:0}</style>\n"
      "  <p><b>404.</b> <ins>That’s an error.</ins>\n  <p>The requested URL <code>/v1beta/v1beta/models</code> was not found on this server.";
  ProviderConfig p = ForPreset("gemini");
  LlmError e = ClassifyHttpError(p, 404, "", google404);
  CHECK(e.kind == ErrorKind::WrongEndpoint);
  CHECK(std::string(ErrorCode(e.kind)) == "wrong_base_url");
  CHECK(e.provider_message == "an HTML page: Error 404 (Not Found)!!1");
  CHECK(e.message.find("base URL") != std::string::npos);
  CHECK(e.message.find("<") == std::string::npos);
  e = ClassifyHttpError(ForPreset("openai"), 404, "", R"({"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.","type":"invalid_request_error","code":"model_not_found"}})");
  CHECK(e.kind == ErrorKind::InvalidModel);
  e = ClassifyHttpError(ForPreset("openai"), 404, "", "404 page not found");
  CHECK(e.kind == ErrorKind::WrongEndpoint);
  e = ClassifyHttpError(ForPreset("anthropic"), 404, "", R"({"type":"error","error":{"type":"not_found_error","message":"model: claude-x"}})");
  CHECK(e.kind == ErrorKind::InvalidModel);
  CHECK(SummarizeErrorBody("<html><body><h1>502 Bad\n Gateway</h1></body></html>") == "an HTML page: 502 Bad Gateway");
  CHECK(SummarizeErrorBody("plain text\nerror") == "plain text error");
}

TEST_CASE("how long to wait: Retry-After, else the body's hint, else backoff with jitter") {
  CHECK(RetryAfterSeconds("4", "") == 4);
  CHECK(RetryAfterSeconds(" 120 ", "") == 120);
  CHECK(RetryAfterSeconds("Wed, 21 Oct 2026 07:28:00 GMT", "") == -1);
  CHECK(RetryAfterSeconds("", R"({"error":{"message":"Rate limit reached for gpt-5.5. Please try again in 5.289s."}})") == doctest::Approx(5.289));
  CHECK(RetryAfterSeconds("", R"({"error":{"message":"Please try again in 450ms."}})") == doctest::Approx(0.45));
  CHECK(RetryAfterSeconds("2", R"(try again in 9s)") == 2);
  LlmError e;
  e.kind = ErrorKind::Overloaded;
  const RetryDecision a = DecideRetry(e, 1, false, 0.0), b = DecideRetry(e, 1, false, 0.99), c = DecideRetry(e, 2, false, 0.5);
  CHECK(a.retry);
  CHECK(a.delay_sec < b.delay_sec);   // jitter spreads retries
  CHECK(c.delay_sec > b.delay_sec);   // and they back off
  e.retry_after_sec = 4;
  CHECK(DecideRetry(e, 1, false, 0.5).delay_sec == 4);
  CHECK_FALSE(DecideRetry(e, 1, true, 0.5).retry);   // never after the first token
}

TEST_CASE("an empty answer is retried once, then fails with a reason") {
  Net n;
  ProviderConfig p = ForPreset("deepseek");
  LlmRequest r;
  r.user = "Write.";
  n.net.queue.push_back(Ok({"  "}));
  n.net.queue.push_back(Ok({"Text."}));
  LlmResult res = n.Run(p, r);
  CHECK(res.ok);
  CHECK(res.text == "Text.");
  CHECK(res.attempts == 2);
  n.net.queue.push_back(Ok({""}, "length"));
  n.net.queue.push_back(Ok({"<think>all budget spent</think>"}, "length"));
  res = n.Run(p, r);
  CHECK(res.error.kind == ErrorKind::EmptyAnswer);
  CHECK(res.error.message.find("thinking") != std::string::npos);
  CHECK(n.net.requests.size() == 4);
  // Cut at the limit with nothing written: the retry leaves room to think.
  CHECK(n.Body(3)["max_tokens"].get<int>() > n.Body(2)["max_tokens"].get<int>());
}

// ---------------------------------------------------------------------------------------------- circuit

TEST_CASE("the circuit: a key error stops further steps; an outage pauses everyone, then one probe") {
  ProviderCircuit c;
  CHECK(c.Admit(0).go);
  LlmError overload;
  overload.kind = ErrorKind::Overloaded;
  c.OnFailure(overload, 0);
  c.OnFailure(overload, 0);
  CHECK(c.phase(0) == ProviderCircuit::Phase::Closed);
  c.OnFailure(overload, 100);
  CHECK(c.phase(100) == ProviderCircuit::Phase::Paused);
  ProviderCircuit::Admission a = c.Admit(200);
  CHECK_FALSE(a.go);
  CHECK(a.wait_ms == doctest::Approx(ProviderCircuit::kFirstPauseMs - 100));
  c.OnFailure(overload, 300);   // sent before the pause: does not lengthen it
  CHECK(c.ResumeInMs(300) == doctest::Approx(ProviderCircuit::kFirstPauseMs - 200));
  const double t = 100 + ProviderCircuit::kFirstPauseMs;
  CHECK(c.Admit(t).go);          // the probe
  CHECK_FALSE(c.Admit(t).go);    // the rest wait for it
  c.OnFailure(overload, t + 10);   // the probe failed: a longer pause
  CHECK(c.ResumeInMs(t + 10) == doctest::Approx(2 * ProviderCircuit::kFirstPauseMs));
  CHECK(c.Admit(t + 10 + 2 * ProviderCircuit::kFirstPauseMs).go);
  c.OnSuccess();
  CHECK(c.Admit(t + 10 + 2 * ProviderCircuit::kFirstPauseMs).go);
  CHECK(c.Admit(t + 10 + 2 * ProviderCircuit::kFirstPauseMs).go);

  LlmError slow;
  slow.kind = ErrorKind::RateLimit;
  slow.retry_after_sec = 120;   // a long wait asked for: everyone pauses at once
  ProviderCircuit r;
  r.OnFailure(slow, 0);
  CHECK(r.ResumeInMs(0) == doctest::Approx(120000));

  ProviderCircuit k;
  LlmError auth;
  auth.kind = ErrorKind::Auth;
  auth.message = "bad key";
  k.OnFailure(auth, 0);
  CHECK(k.phase(0) == ProviderCircuit::Phase::Open);
  a = k.Admit(1e9);
  CHECK_FALSE(a.go);
  CHECK(a.refused.kind == ErrorKind::Auth);
  k.Reset();
  CHECK(k.Admit(0).go);
}

TEST_CASE("calls wait while the provider is paused and stop when its circuit is open") {
  Net n;
  ProviderConfig p = ForPreset("openai", "gpt-4.1");
  LlmRequest r;
  r.user = "x";
  // Three calls meet an outage together: the third failure pauses the provider for all of them.
  for (int i = 0; i < 3; ++i) n.net.queue.push_back(Error(503, R"({"error":{"message":"overloaded"}})"));
  std::vector<LlmResult> results(3);
  std::vector<std::unique_ptr<LlmCall>> calls;
  for (int i = 0; i < 3; ++i) {
    calls.push_back(std::make_unique<LlmCall>(n.net, n.sched, p, r));
    calls.back()->honour_open_circuit = true;
    calls.back()->on_done = [&results, i](const LlmResult& res) { results[i] = res; };
    calls.back()->Start();
  }
  n.net.responder = [](const HttpRequest&) { return Ok({"fine"}); };
  n.sched.RunUntilIdle();
  for (const LlmResult& res : results) CHECK(res.ok);
  CHECK(n.net.requests.size() == 6);   // three failures, then after the pause a probe and the two others
  CHECK(n.sched.now_ > ProviderCircuit::kFirstPauseMs);

  Net k;
  k.net.queue.push_back(Error(401, R"({"error":{"message":"Incorrect API key provided"}})"));
  LlmResult first = k.Run(p, r, true);
  CHECK(first.error.kind == ErrorKind::Auth);
  LlmResult second = k.Run(p, r, true);
  CHECK(second.error.kind == ErrorKind::Auth);
  CHECK(k.net.requests.size() == 1);   // no request after the key was refused
  CHECK(ProviderStateJson(p, 0)["circuit"] == "open");
  k.net.queue.push_back(Ok({"ok"}));
  CHECK(k.Run(p, r, false).ok);          // the user asks directly: it goes (they may have fixed it)
  ProviderConfig fixed = p;
  fixed.api_key = "sk-new";
  k.net.queue.push_back(Ok({"ok"}));
  CHECK(k.Run(fixed, r, true).ok);       // a new key starts afresh
}

TEST_CASE("what a call is doing: waiting, thinking, writing") {
  Net n;
  ProviderConfig p = ForPreset("deepseek");
  LlmRequest r;
  r.user = "x";
  test::ScriptedResponse slow;
  slow.first_byte_delay_ms = 34000;
  slow.chunks = {"data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Hmm\"}}]}\n\n", test::OpenAiSse({"Hi"})};
  slow.chunk_delay_ms = 1000;
  n.net.queue.push_back(slow);
  LlmCall call(n.net, n.sched, p, r);
  int activity = 0;
  call.on_activity = [&] { ++activity; };
  call.Start();
  n.sched.After(30000, [&] {
    const CallActivity a = call.Activity();
    CHECK(a.phase == CallActivity::Phase::Waiting);
    CHECK(a.waited_ms == doctest::Approx(30000));
  });
  n.sched.After(35500, [&] { CHECK(call.Activity().phase == CallActivity::Phase::Thinking); });
  n.sched.After(36500, [&] { CHECK(call.Activity().phase == CallActivity::Phase::Writing); });
  n.sched.RunUntilIdle();
  CHECK(activity >= 1);
  CHECK(call.Activity().phase == CallActivity::Phase::Done);
}

TEST_CASE("pipeline options and cost come from the catalog") {
  const PipelineOptions o = PipelineOptionsFor(ForPreset("deepseek"));
  CHECK(o.context_tokens == 1048576);
  CHECK(o.max_output_tokens == 16384);
  CHECK(o.usd_per_million_input == doctest::Approx(0.14));
  ProviderConfig local = ForPreset("ollama");
  local.context_tokens = 16384;   // the user's own number for a model the catalog does not know
  CHECK(PipelineOptionsFor(local).context_tokens == 16384);
  CHECK(PipelineOptionsFor(local).usd_per_million_input == 0);
  Usage u;
  u.input_tokens = 200000;
  u.output_tokens = 20000;
  CHECK(RunCost(ForPreset("deepseek"), u) == "¥0.240 ($0.034)");
  CHECK(RunCost(local, u).empty());
  std::string e;
  const auto models = ParseModelList(ProviderKind::OpenAI, R"({"data":[{"id":"gpt-5.5"},{"id":"mystery"}]})", &e);
  REQUIRE(models.size() == 2);
  CHECK(models[0].id == "gpt-5.5");
  CHECK(models[0].context_tokens == 1050000);   // the catalog fills what the list does not say
  CHECK(models[1].context_tokens == 0);
}

TEST_CASE("requests sent together that meet the same refusal fall back once, with one note") {
  Net n;
  ProviderConfig q = ForPreset("custom", "m");
  q.base_url = "https://llm.example/v1";
  LlmRequest r;
  r.user = "Plan.";
  r.schema = kSchema;
  n.net.responder = [](const HttpRequest& h) {
    return json::parse(h.body)["response_format"]["type"] == "json_schema"
               ? Error(400, R"({"error":{"message":"This response_format type is unavailable now"}})")
               : Ok({"{\"title\":\"T\",\"points\":[\"a\",\"b\"]}"});
  };
  std::vector<LlmResult> results(3);
  std::vector<std::unique_ptr<LlmCall>> calls;
  for (int i = 0; i < 3; ++i) {
    calls.push_back(std::make_unique<LlmCall>(n.net, n.sched, q, r));
    calls.back()->on_done = [&results, i](const LlmResult& res) { results[i] = res; };
    calls.back()->Start();
  }
  n.sched.RunUntilIdle();
  for (const LlmResult& res : results) CHECK(res.ok);
  CHECK(n.net.requests.size() == 6);
  CHECK(SessionFor(q).log.size() == 1);
}

TEST_CASE("limits learned from a provider are kept on this device by provider, model and a check of the key, never the key") {
  ProviderConfig groq = ForPreset("groq", "openai/gpt-oss-120b");
  groq.api_key = "gsk_live_0123456789abcdef";
  SessionFor(groq).request_tokens = 6000;
  SessionFor(groq).prompt_token_scale = 1.4;
  const json saved = LearnedLimitsJson();
  REQUIRE(saved.size() == 1);
  CHECK(saved.dump().find("gsk_live") == std::string::npos);
  CHECK(saved.dump().find("0123456789abcdef") == std::string::npos);
  ResetProviderSessions();   // a reload
  CHECK_FALSE(SessionFor(groq).request_tokens);   // made before the saved limits were read: a page's own session
  ResetProviderSessions();
  RememberLearnedLimits(saved);
  REQUIRE(SessionFor(groq).request_tokens);
  CHECK(*SessionFor(groq).request_tokens == 6000);
  CHECK(SessionFor(groq).prompt_token_scale == doctest::Approx(1.4));
  ProviderConfig other_key = groq, other_model = groq;
  other_key.api_key = "gsk_live_fedcba9876543210";
  other_model.model = "llama-3.3-70b-versatile";
  CHECK_FALSE(SessionFor(other_key).request_tokens);
  CHECK_FALSE(SessionFor(other_model).request_tokens);
  CHECK(LearnedLimitsJson().size() == 1);   // remembered, and still saved, whether or not used in this page
  // Whatever storage holds, nothing breaks and nothing absurd is learned.
  ResetProviderSessions();
  for (const char* bad : {"null", "{}", "[1, \"x\", null]", "[{\"provider\": 5, \"requestTokens\": 8000}]",
                          "[{\"provider\": \"p\", \"requestTokens\": -1}]", "[{\"provider\": \"p\", \"requestTokens\": 1e300}]",
                          "[{\"provider\": \"p\", \"requestTokens\": 8000, \"promptTokenScale\": \"big\"}]"})
    RememberLearnedLimits(json::parse(bad));
  const json kept = LearnedLimitsJson();
  REQUIRE(kept.size() == 1);   // the last: a limit with a scale that is not a number (read as the margin)
  CHECK(kept[0]["promptTokenScale"] == doctest::Approx(1.1));
}

