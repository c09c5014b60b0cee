// Providers: request builders, recorded-shape stream decoding, error taxonomy, retry policy, model
// lists, and a whole call through the scripted transport.
#include "core/llm.h"
#include "core/llm_call.h"
#include "doctest/doctest.h"
#include "platform/native/scripted_transport.h"

using namespace tp;
using nlohmann::json;

namespace {
ProviderConfig Cfg(ProviderKind k, const char* preset = "") {
  ProviderConfig p;
  p.kind = k;
  p.preset_id = preset;
  if (const ProviderPreset* pr = FindProviderPreset(preset)) { p.base_url = pr->base_url; p.model = pr->default_model; }
  p.api_key = "sk-test";
  return p;
}
std::string Header(const HttpRequest& h, const std::string& name) {
  for (const auto& [k, v] : h.headers) if (k == name) return v;
  return "";
}
StreamDecoder Decode(ProviderKind k, const std::string& body, size_t step = 0, bool tool_answer = false) {
  StreamDecoder d(k, true);
  d.tool_answer = tool_answer;
  if (step == 0) d.Feed(body);
  else for (size_t i = 0; i < body.size(); i += step) d.Feed(body.substr(i, step));
  d.Finish();
  return d;
}
}  // namespace

TEST_CASE("request builders: plain headers, each wire format") {
  LlmRequest r;
  r.system = "You write articles.";
  r.user = "Hello";
  r.max_output_tokens = 1000;
  SUBCASE("OpenAI-compatible") {
    ProviderConfig p = Cfg(ProviderKind::OpenAI, "openai");
    p.use_max_completion_tokens = true;
    HttpRequest h = BuildChatRequest(p, r);
    CHECK(h.url == "https://api.openai.com/v1/chat/completions");
    CHECK(Header(h, "Authorization") == "Bearer sk-test");
    CHECK(h.headers.size() == 2);   // nothing but Authorization and Content-Type: SDK headers break CORS
    json b = json::parse(h.body);
    CHECK(b["stream"] == true);
    CHECK(b["stream_options"]["include_usage"] == true);
    // gpt-5.4-mini reasons, and reasoning shares the completion budget: room for both.
    CHECK(b["max_completion_tokens"] == 1000 + 8192);
    CHECK_FALSE(b.contains("max_tokens"));
    CHECK_FALSE(b.contains("temperature"));
    CHECK(b["messages"][0]["role"] == "system");
    r.schema = {{"type", "object"}};
    b = json::parse(BuildChatRequest(p, r).body);
    CHECK(b["response_format"]["type"] == "json_schema");
    CHECK(b["response_format"]["json_schema"]["strict"] == true);
    p.use_max_completion_tokens = false;
    p.preset_id = "";
    p.model = "llama3.1";
    p.base_url = "http://localhost:11434/v1/";
    p.api_key = "";
    h = BuildChatRequest(p, r);
    CHECK(h.url == "http://localhost:11434/v1/chat/completions");
    CHECK(Header(h, "Authorization").empty());
    CHECK(json::parse(h.body)["max_tokens"] == 1000);
  }
  SUBCASE("Anthropic") {
    HttpRequest h = BuildChatRequest(Cfg(ProviderKind::Anthropic, "anthropic"), r);
    CHECK(h.url == "https://api.anthropic.com/v1/messages");
    CHECK(Header(h, "x-api-key") == "sk-test");
    CHECK(Header(h, "anthropic-version") == "2023-06-01");
    CHECK(Header(h, "anthropic-dangerous-direct-browser-access") == "true");
    json b = json::parse(h.body);
    CHECK(b["system"] == "You write articles.");
    CHECK(b["max_tokens"] == 1000);
    r.schema = {{"type", "object"}};
    b = json::parse(BuildChatRequest(Cfg(ProviderKind::Anthropic, "anthropic"), r).body);
    CHECK(b["tool_choice"]["type"] == "tool");
    CHECK(b["tools"][0]["input_schema"]["type"] == "object");
  }
  SUBCASE("Gemini") {
    HttpRequest h = BuildChatRequest(Cfg(ProviderKind::Gemini, "gemini"), r);
    CHECK(h.url == "https://generativelanguage.googleapis.com/v1beta/models/gemini-3.5-flash:streamGenerateContent?alt=sse");
    CHECK(h.url.find("key=") == std::string::npos);   // the key never goes into a URL
    CHECK(Header(h, "x-goog-api-key") == "sk-test");
    json b = json::parse(h.body);
    CHECK(b["systemInstruction"]["parts"][0]["text"] == "You write articles.");
    // gemini-3.5-flash always thinks, and thinking shares maxOutputTokens: room for both.
    CHECK(b["generationConfig"]["maxOutputTokens"] == 1000 + 8192);
    r.schema = {{"type", "object"}};
    b = json::parse(BuildChatRequest(Cfg(ProviderKind::Gemini, "gemini"), r).body);
    CHECK(b["generationConfig"]["responseMimeType"] == "application/json");
    CHECK(b["generationConfig"]["responseJsonSchema"]["type"] == "object");
  }
}

TEST_CASE("OpenAI stream (recorded shape): text, finish, usage, [DONE]; any chunking") {
  const std::string body =
      "data: {\"id\":\"chatcmpl-9rnyX\",\"object\":\"chat.completion.chunk\",\"created\":1722610517,\"model\":\"gpt-4o-so\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
      "data: {\"id\":\"chatcmpl-9rnyX\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"{\\\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
      "data: {\"id\":\"chatcmpl-9rnyX\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"city 中文\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
      ": keep-alive\n\n"
      "data: {\"id\":\"chatcmpl-9rnyX\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n"
      "data: {\"id\":\"chatcmpl-9rnyX\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":71,\"completion_tokens\":10,\"total_tokens\":81}}\n\n"
      "data: [DONE]\n\n";
  for (size_t step : {0, 1, 2, 3, 7, 64}) {
    CAPTURE(step);
    StreamDecoder d = Decode(ProviderKind::OpenAI, body, step);
    CHECK(d.text == "{\"city 中文");
    CHECK(d.finish == FinishReason::Stop);
    CHECK(d.usage.input_tokens == 71);
    CHECK(d.usage.output_tokens == 10);
    CHECK(d.error.ok());
  }
}

TEST_CASE("stream endings and faults") {
  SUBCASE("no [DONE] means the answer was cut") {
    StreamDecoder d = Decode(ProviderKind::OpenAI, test::OpenAiSse({"Hello"}, "stop", false));
    CHECK(d.error.kind == ErrorKind::Truncated);
    CHECK(d.text == "Hello");
  }
  SUBCASE("finish_reason length") {
    StreamDecoder d = Decode(ProviderKind::OpenAI, test::OpenAiSse({"Hel"}, "length"));
    CHECK(d.error.ok());
    CHECK(d.finish == FinishReason::Length);
  }
  SUBCASE("OpenAI error object inside a 200 stream") {
    StreamDecoder d = Decode(ProviderKind::OpenAI, "data: {\"choices\":[{\"delta\":{\"content\":\"A\"}}]}\n\n"
                                                   "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n");
    CHECK(d.error.kind == ErrorKind::Overloaded);
    CHECK(d.error.provider_message == "The server had an error");
  }
  SUBCASE("OpenAI refusal") {
    StreamDecoder d = Decode(ProviderKind::OpenAI, "data: {\"choices\":[{\"delta\":{\"refusal\":\"I can't\"}}]}\n\n"
                                                   "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
    CHECK(d.error.kind == ErrorKind::ContentFilter);
  }
  SUBCASE("OpenRouter finish_reason error") {
    StreamDecoder d = Decode(ProviderKind::OpenAI, ": OPENROUTER PROCESSING\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"x\"},\"finish_reason\":\"error\"}]}\n\ndata: [DONE]\n\n");
    CHECK(d.error.kind == ErrorKind::Overloaded);
  }
}

TEST_CASE("Anthropic stream (recorded shape): named events, ping, usage, message_stop") {
  const std::string body =
      "event: message_start\ndata: {\"type\": \"message_start\", \"message\": {\"id\": \"msg_1\", \"type\": \"message\", \"role\": \"assistant\", \"content\": [], \"model\": \"claude-3-5-sonnet-20241022\", \"stop_reason\": null, \"usage\": {\"input_tokens\": 25, \"output_tokens\": 1}}}\n\n"
      "event: content_block_start\ndata: {\"type\": \"content_block_start\", \"index\": 0, \"content_block\": {\"type\": \"text\", \"text\": \"\"}}\n\n"
      "event: ping\ndata: {\"type\": \"ping\"}\n\n"
      "event: content_block_delta\ndata: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \"Hello\"}}\n\n"
      "event: content_block_delta\ndata: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \"!\"}}\n\n"
      "event: content_block_stop\ndata: {\"type\": \"content_block_stop\", \"index\": 0}\n\n"
      "event: message_delta\ndata: {\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"end_turn\", \"stop_sequence\":null}, \"usage\": {\"output_tokens\": 15}}\n\n"
      "event: message_stop\ndata: {\"type\": \"message_stop\"}\n\n";
  for (size_t step : {0, 1, 5}) {
    StreamDecoder d = Decode(ProviderKind::Anthropic, body, step);
    CHECK(d.text == "Hello!");
    CHECK(d.usage.input_tokens == 25);
    CHECK(d.usage.output_tokens == 15);
    CHECK(d.finish == FinishReason::Stop);
    CHECK(d.error.ok());
  }
  StreamDecoder err = Decode(ProviderKind::Anthropic,
                             "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n");
  CHECK(err.error.kind == ErrorKind::Overloaded);
  StreamDecoder tool = Decode(ProviderKind::Anthropic,
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"title\\\": \"}}\n\n"
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"X\\\"}\"}}\n\n"
      "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},\"usage\":{\"output_tokens\":9}}\n\n"
      "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", 0, true);
  CHECK(tool.text == "{\"title\": \"X\"}");
  CHECK(tool.finish == FinishReason::Length);
  StreamDecoder refusal = Decode(ProviderKind::Anthropic,
      "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"refusal\"}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
  CHECK(refusal.error.kind == ErrorKind::ContentFilter);
}

TEST_CASE("Gemini stream (recorded shape): no terminator, finishReason ends it; safety blocks") {
  const std::string body =
      "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Certainly\"}],\"role\": \"model\"}}],\"usageMetadata\": {\"promptTokenCount\": 399,\"totalTokenCount\": 399},\"modelVersion\": \"gemini-1.5-pro-002\"}\r\n\r\n"
      "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"! I'll\", \"thought\": false}, {\"text\": \"(thinking)\", \"thought\": true}],\"role\": \"model\"},\"safetyRatings\": []}],\"usageMetadata\": {\"promptTokenCount\": 399,\"totalTokenCount\": 399}}\r\n\r\n"
      "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"\"}],\"role\": \"model\"},\"finishReason\": \"STOP\"}],\"usageMetadata\": {\"promptTokenCount\": 399,\"candidatesTokenCount\": 191,\"totalTokenCount\": 590}}\r\n\r\n";
  StreamDecoder d = Decode(ProviderKind::Gemini, body, 3);
  CHECK(d.text == "Certainly! I'll");
  CHECK(d.usage.output_tokens == 191);
  CHECK(d.error.ok());
  StreamDecoder cut = Decode(ProviderKind::Gemini, body.substr(0, body.find("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"\"}")));
  CHECK(cut.error.kind == ErrorKind::Truncated);
  StreamDecoder safety = Decode(ProviderKind::Gemini, "data: {\"candidates\": [{\"finishReason\": \"RECITATION\"}]}\n\n");
  CHECK(safety.error.kind == ErrorKind::ContentFilter);
  StreamDecoder blocked = Decode(ProviderKind::Gemini, "data: {\"promptFeedback\": {\"blockReason\": \"SAFETY\"}}\n\n");
  CHECK(blocked.error.kind == ErrorKind::ContentFilter);
  StreamDecoder length = Decode(ProviderKind::Gemini, "data: {\"candidates\": [{\"content\":{\"parts\":[{\"text\":\"ab\"}]},\"finishReason\": \"MAX_TOKENS\"}]}\n\n");
  CHECK(length.finish == FinishReason::Length);
}

TEST_CASE("non-streamed responses") {
  StreamDecoder o(ProviderKind::OpenAI, false);
  o.Feed("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}");
  o.Finish();
  CHECK(o.text == "Hi");
  CHECK(o.error.ok());
  StreamDecoder a(ProviderKind::Anthropic, false);
  a.Feed("{\"id\":\"msg\",\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"Yo\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":2,\"output_tokens\":1}}");
  a.Finish();
  CHECK(a.text == "Yo");
  StreamDecoder bad(ProviderKind::OpenAI, false);
  bad.Feed("<html>502 Bad Gateway</html>");
  bad.Finish();
  CHECK(bad.error.kind == ErrorKind::BadResponse);
}

TEST_CASE("error taxonomy from each provider's documented error bodies") {
  struct Case { ProviderKind kind; int status; const char* retry_after; const char* body; ErrorKind want; double retry; };
  const Case cases[] = {
      {ProviderKind::OpenAI, 401, "", R"({"error":{"message":"Incorrect API key provided: sk-VKMIs***wjh3.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})", ErrorKind::Auth, -1},
      {ProviderKind::OpenAI, 429, "6", R"({"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}})", ErrorKind::RateLimit, 6},
      {ProviderKind::OpenAI, 429, "", R"({"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}})", ErrorKind::Billing, -1},
      {ProviderKind::OpenAI, 400, "", R"({"error":{"message":"This model's maximum context length is 8192 tokens. However, your messages resulted in 8227 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}})", ErrorKind::ContextLength, -1},
      {ProviderKind::OpenAI, 404, "", R"({"error":{"message":"The model `gpt-4o` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}})", ErrorKind::InvalidModel, -1},
      {ProviderKind::OpenAI, 403, "", R"({"error":{"message":"Country, region, or territory not supported","code":"unsupported_country_region_territory"}})", ErrorKind::Permission, -1},
      {ProviderKind::OpenAI, 402, "", R"({"error":{"message":"Insufficient credits","code":402}})", ErrorKind::Billing, -1},
      {ProviderKind::OpenAI, 429, "", R"({"error":{"message":"Rate limit reached for model. Please try again in 5.289s.","type":"tokens","code":"rate_limit_exceeded"}})", ErrorKind::RateLimit, 5.289},
      {ProviderKind::OpenAI, 503, "", "<html><body>503 Service Unavailable</body></html>", ErrorKind::Overloaded, -1},
      {ProviderKind::OpenAI, 498, "", R"({"error":{"message":"Capacity exceeded"}})", ErrorKind::Overloaded, -1},
      {ProviderKind::OpenAI, 404, "", R"({"error":"model 'llama9' not found"})", ErrorKind::InvalidModel, -1},
      {ProviderKind::Anthropic, 401, "", R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_1"})", ErrorKind::Auth, -1},
      {ProviderKind::Anthropic, 529, "", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})", ErrorKind::Overloaded, -1},
      {ProviderKind::Anthropic, 429, "30", R"({"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}})", ErrorKind::RateLimit, 30},
      {ProviderKind::Anthropic, 429, "", R"({"type":"error","error":{"type":"rate_limit_error","message":"Spend limit reached","details":{"error_code":"enforced_spend_limit_reached"}}})", ErrorKind::Billing, -1},
      {ProviderKind::Anthropic, 400, "", R"({"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}})", ErrorKind::ContextLength, -1},
      {ProviderKind::Anthropic, 404, "", R"({"type":"error","error":{"type":"not_found_error","message":"model: claude-9"}})", ErrorKind::InvalidModel, -1},
      // A wrong base URL: the path is unknown, not the model (the quoted path may name models).
      {ProviderKind::Anthropic, 404, "", R"({"type":"error","error":{"type":"not_found_error","message":"Not Found"},"request_id":"req_1"})", ErrorKind::WrongEndpoint, -1},
      {ProviderKind::OpenAI, 404, "", R"j({"error":{"message":"Invalid URL (POST /v9/chat/completions)","type":"invalid_request_error","param":null,"code":null}})j", ErrorKind::WrongEndpoint, -1},
      {ProviderKind::Gemini, 404, "", R"j({"error":{"message":"Invalid URL (POST /v9/v1beta/models/gemini-2.5-flash:streamGenerateContent)","type":"invalid_request_error"}})j", ErrorKind::WrongEndpoint, -1},
      {ProviderKind::Gemini, 404, "", R"({"error":{"code":404,"message":"models/gemini-9 is not found for API version v1beta, or is not supported for generateContent.","status":"NOT_FOUND"}})", ErrorKind::InvalidModel, -1},
      {ProviderKind::Ollama, 404, "", R"({"error":"model \"nope\" not found, try pulling it first"})", ErrorKind::InvalidModel, -1},
      {ProviderKind::Ollama, 404, "", "404 page not found", ErrorKind::WrongEndpoint, -1},
      {ProviderKind::Anthropic, 403, "", R"({"type":"error","error":{"type":"permission_error","message":"CORS requests are not allowed for this Organization because of its settings."}})", ErrorKind::Permission, -1},
      {ProviderKind::Gemini, 400, "", R"({"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}})", ErrorKind::Auth, -1},
      {ProviderKind::Gemini, 429, "", R"({"error":{"code":429,"message":"Quota exceeded for metric. Please retry in 37.82626638s.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"}]}})", ErrorKind::RateLimit, 37},
      {ProviderKind::Gemini, 503, "", R"({"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}})", ErrorKind::Overloaded, -1},
      {ProviderKind::Gemini, 400, "", R"({"error":{"code":400,"message":"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).","status":"INVALID_ARGUMENT"}})", ErrorKind::ContextLength, -1},
      {ProviderKind::Gemini, 400, "", R"({"error":{"code":400,"message":"Invalid value at 'generation_config.temperature'","status":"INVALID_ARGUMENT"}})", ErrorKind::BadRequest, -1},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    LlmError e = ClassifyHttpError(Cfg(c.kind), c.status, c.retry_after, c.body);
    CHECK(e.kind == c.want);
    CHECK(e.retry_after_sec == doctest::Approx(c.retry));
    CHECK_FALSE(e.message.empty());
    CHECK(e.http_status == c.status);
  }
  LlmError auth = ClassifyHttpError(Cfg(ProviderKind::OpenAI, "openai"), 401, "", R"({"error":{"message":"Incorrect API key provided"}})");
  CHECK(auth.message.find("OpenAI rejected the API key (HTTP 401)") == 0);
  CHECK(auth.message.find("Incorrect API key provided") != std::string::npos);
}

TEST_CASE("billing: every provider's out-of-credit answer says where to add credit, whatever its status") {
  // Bodies as the providers document or were recorded sending them (research llm_apis.md §3 and §4.1).
  struct Case { ProviderKind kind; const char* preset; int status; const char* body; const char* console; };
  const Case cases[] = {
      {ProviderKind::Anthropic, "anthropic", 400, R"({"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."},"request_id":"req_011"})", "console.anthropic.com"},
      {ProviderKind::Anthropic, "", 400, R"({"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."}})", "console.anthropic.com"},
      {ProviderKind::Anthropic, "anthropic", 429, R"({"type":"error","error":{"type":"rate_limit_error","message":"Spend limit reached","details":{"error_code":"enforced_spend_limit_reached"}}})", "console.anthropic.com"},
      {ProviderKind::OpenAI, "openai", 429, R"({"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}})", "platform.openai.com"},
      {ProviderKind::OpenAI, "openai", 400, R"({"error":{"message":"Billing hard limit has been reached","type":"invalid_request_error","code":"billing_hard_limit_reached"}})", "platform.openai.com"},
      {ProviderKind::OpenAI, "deepseek", 402, R"({"error":{"message":"Insufficient Balance","type":"unknown_error","param":null,"code":"invalid_request_error"}})", "platform.deepseek.com"},
      {ProviderKind::OpenAI, "openrouter", 402, R"({"error":{"code":402,"message":"Insufficient credits. Add more using https://openrouter.ai/credits"}})", "openrouter.ai"},
      {ProviderKind::OpenAI, "moonshot", 403, R"({"error":{"message":"Your account is suspended due to insufficient balance","type":"exceeded_current_quota_error"}})", ""},
      {ProviderKind::OpenAI, "moonshot", 429, R"({"error":{"message":"Your account is suspended due to insufficient balance, please recharge your account","type":"exceeded_current_quota_error"}})", ""},
      {ProviderKind::OpenAI, "dashscope", 400, R"({"error":{"code":"Arrearage","message":"Access denied, please make sure your account is in good standing."}})", ""},
      {ProviderKind::OpenAI, "siliconflow", 403, R"({"code":30001,"message":"Sorry, your account balance is insufficient","data":null})", "cloud.siliconflow.cn"},
      {ProviderKind::Gemini, "gemini", 400, R"({"error":{"code":400,"message":"Gemini API free tier is not available in your country. Please enable billing on your project in Google AI Studio.","status":"FAILED_PRECONDITION"}})", "aistudio.google.com"},
      {ProviderKind::OpenAI, "", 402, R"({"error":{"message":"Payment required"}})", ""},
      // GLM answers an account in arrears with 429 and code 1113 (docs.bigmodel.cn, API error codes).
      {ProviderKind::OpenAI, "glm", 429, R"({"error":{"code":"1113","message":"您的账户已欠费，请充值后重试。"}})", "open.bigmodel.cn"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    const LlmError e = ClassifyHttpError(Cfg(c.kind, c.preset), c.status, "", c.body);
    CHECK(e.kind == ErrorKind::Billing);
    CHECK(std::string(ErrorCode(e.kind)) == "billing");
    CHECK(e.Persistent());
    CHECK(e.message.find("Add credit") != std::string::npos);
    if (*c.console) CHECK(e.message.find(std::string("Add credit at ") + c.console) != std::string::npos);
    else CHECK(e.message.find("Add credit at") == std::string::npos);
  }
  // Not about credit: the same statuses keep their own kinds (GLM's code is a word, not part of a number).
  CHECK(ClassifyHttpError(Cfg(ProviderKind::OpenAI, "glm"), 429, "", R"({"error":{"code":"1302","message":"您当前使用该API的并发数过高，请降低并发，或联系客服增加限额。"}})").kind == ErrorKind::RateLimit);
  CHECK(ClassifyHttpError(Cfg(ProviderKind::OpenAI, "glm"), 400, "", R"({"error":{"code":"1214","message":"max_tokens 11130 is above the limit"}})").kind == ErrorKind::BadRequest);
  CHECK(ClassifyHttpError(Cfg(ProviderKind::Anthropic, "anthropic"), 400, "", R"({"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}})").kind == ErrorKind::BadRequest);
  CHECK(ClassifyHttpError(Cfg(ProviderKind::Gemini, "gemini"), 429, "", R"({"error":{"code":429,"message":"Quota exceeded for metric. Please retry in 3s.","status":"RESOURCE_EXHAUSTED"}})").kind == ErrorKind::RateLimit);
  CHECK(ClassifyHttpError(Cfg(ProviderKind::OpenAI, "openai"), 403, "", R"({"error":{"message":"Country, region, or territory not supported"}})").kind == ErrorKind::Permission);
}

TEST_CASE("what DeepSeek, GLM, Qwen, Kimi, OpenRouter, Groq and local servers answer is read as they mean it") {
  // Bodies as documented or recorded (research llm_apis.md §3; docs.bigmodel.cn API codes; openrouter.ai
  // errors; llama.cpp server exceed_context_size_error; Groq rate limits).
  struct Case { const char* preset; int status; const char* body; ErrorKind want; };
  const Case cases[] = {
      // A refused input: moderation, not the key's permission; never persistent.
      {"dashscope", 400, R"({"error":{"code":"data_inspection_failed","param":null,"message":"Input data may contain inappropriate content.","type":"data_inspection_failed"},"id":"chatcmpl-1"})", ErrorKind::ContentFilter},
      {"openrouter", 403, R"({"error":{"code":403,"message":"openai/gpt-5.4-mini requires moderation on OpenAI. Your input was flagged for \"harassment\". No credits were charged.","metadata":{"reasons":["harassment"],"flagged_input":"...","provider_name":"OpenAI","model_slug":"openai/gpt-5.4-mini"}}})", ErrorKind::ContentFilter},
      {"glm", 400, R"({"error":{"code":"1301","message":"系统检测到输入或生成内容可能包含不安全或敏感内容，请您避免输入易产生敏感内容的提示语，感谢您的配合。"}})", ErrorKind::ContentFilter},
      // Too long for the window, in each server's words.
      {"glm", 400, R"({"error":{"code":"1261","message":"Prompt 超长"}})", ErrorKind::ContextLength},
      {"dashscope", 400, R"({"error":{"code":"invalid_parameter_error","param":null,"message":"<400> InternalError.Algo.InvalidParameter: Range of input length should be [1, 129024]","type":"invalid_request_error"}})", ErrorKind::ContextLength},
      {"moonshot", 400, R"({"error":{"message":"Invalid request: Your request exceeded model token limit: 8192","type":"invalid_request_error"}})", ErrorKind::ContextLength},
      {"custom", 400, R"({"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_prompt_tokens":5120,"n_ctx":4096}})", ErrorKind::ContextLength},
      {"custom", 400, R"({"error":{"message":"This model's maximum prompt length is 131072 but the request contains 140012 tokens.","type":"invalid_request_error"}})", ErrorKind::ContextLength},
      {"custom", 422, R"({"error":"Input validation error: `inputs` tokens + `max_new_tokens` must be <= 8192. Given: 7900 `inputs` tokens and 1000 `max_new_tokens`","error_type":"validation"})", ErrorKind::ContextLength},
      // An unknown model, said in a 400.
      {"glm", 400, R"({"error":{"code":"1211","message":"模型不存在，请检查模型代码。"}})", ErrorKind::InvalidModel},
      {"dashscope", 400, R"({"code":"InvalidParameter","message":"Model not exist.","request_id":"a1b2"})", ErrorKind::InvalidModel},
      {"mistral", 400, R"({"object":"error","message":"Invalid model: mistral-huge-9","type":"invalid_model","param":null,"code":"1500"})", ErrorKind::InvalidModel},
      // OpenRouter: a model with no provider now is an unknown model, not a wrong base URL.
      {"openrouter", 404, R"({"error":{"message":"No endpoints found for nousresearch/hermes-3-llama-3.1-405b:free.","code":404}})", ErrorKind::InvalidModel},
      {"openrouter", 404, R"({"error":{"message":"No endpoints found that support tool use. To learn more about provider routing, visit: https://openrouter.ai/docs/guides/routing/provider-selection","code":404}})", ErrorKind::BadRequest},
      // Still what they were.
      {"glm", 429, R"({"error":{"code":"1302","message":"您当前使用该API的并发数过高，请降低并发，或联系客服增加限额。"}})", ErrorKind::RateLimit},
      {"deepseek", 503, R"({"error":{"message":"Server overloaded, please try again later.","type":"server_error"}})", ErrorKind::Overloaded},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    const ProviderPreset* pr = FindProviderPreset(c.preset);
    REQUIRE(pr);
    const LlmError e = ClassifyHttpError(Cfg(pr->kind, c.preset), c.status, "", c.body);
    CHECK(std::string(ErrorCode(e.kind)) == ErrorCode(c.want));
    CHECK_FALSE(e.message.empty());
    if (c.want == ErrorKind::ContentFilter) CHECK_FALSE(e.Persistent());
  }
  // Groq's 413: one request is over the plan's tokens per minute. It is not the context window, and no
  // wait makes it fit: the message says which limit and what to change.
  const LlmError tpm = ClassifyHttpError(Cfg(ProviderKind::OpenAI, "groq"), 413, "",
      R"({"error":{"message":"Request too large for model `openai/gpt-oss-120b` in organization `org_01` service tier `on_demand` on tokens per minute (TPM): Limit 8000, Requested 10544, please reduce your message size and try again. Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing","type":"tokens","code":"rate_limit_exceeded"}})");
  CHECK(tpm.kind == ErrorKind::ContextLength);
  CHECK(tpm.message.find("tokens per minute") != std::string::npos);
  CHECK(tpm.message.find("Groq") == tpm.message.find("One request to Groq") + 15);
  CHECK(tpm.message.find("context window") == std::string::npos);
  CHECK_FALSE(DecideRetry(tpm, 1, false, 0.5).retry);
  // A plain 413 from a proxy is still a request too long for the model.
  CHECK(ClassifyHttpError(Cfg(ProviderKind::OpenAI, "custom"), 413, "", "<html><title>413 Request Entity Too Large</title></html>").message.find("context window") != std::string::npos);
}

TEST_CASE("finish reasons and errors inside the stream, as each provider sends them") {
  struct Case { const char* name; ProviderKind kind; const char* stream; ErrorKind want; FinishReason finish; const char* said; };
  const Case cases[] = {
      {"GLM moderation stop", ProviderKind::OpenAI,
       "data: {\"choices\":[{\"delta\":{\"content\":\"Part\"}}]}\n\ndata: {\"choices\":[{\"delta\":{},\"finish_reason\":\"sensitive\"}]}\n\ndata: [DONE]\n\n",
       ErrorKind::ContentFilter, FinishReason::ContentFilter, "sensitive"},
      {"DeepSeek out of capacity mid-answer", ProviderKind::OpenAI,
       "data: {\"choices\":[{\"delta\":{\"content\":\"Part\"}}]}\n\ndata: {\"choices\":[{\"delta\":{},\"finish_reason\":\"insufficient_system_resource\"}]}\n\ndata: [DONE]\n\n",
       ErrorKind::Overloaded, FinishReason::Error, "insufficient_system_resource"},
      {"OpenRouter upstream error in the choice (numeric code)", ProviderKind::OpenAI,
       ": OPENROUTER PROCESSING\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\",\"error\":{\"code\":502,\"message\":\"This model is currently experiencing high demand.\",\"metadata\":{\"error_type\":\"provider_unavailable\"}}}]}\n\ndata: [DONE]\n\n",
       ErrorKind::Overloaded, FinishReason::Error, "This model is currently experiencing high demand."},
      {"OpenRouter rate limit as a top-level error (numeric code)", ProviderKind::OpenAI,
       "data: {\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: free-models-per-min.\"}}\n\n",
       ErrorKind::RateLimit, FinishReason::Error, "Rate limit exceeded: free-models-per-min."},
      {"DashScope output moderation mid-stream", ProviderKind::OpenAI,
       "data: {\"choices\":[{\"delta\":{\"content\":\"Part\"}}]}\n\ndata: {\"error\":{\"message\":\"Output data may contain inappropriate content.\",\"type\":\"data_inspection_failed\",\"param\":null,\"code\":\"data_inspection_failed\"}}\n\n",
       ErrorKind::ContentFilter, FinishReason::Error, "Output data may contain inappropriate content."},
      {"Anthropic stopped at the context window", ProviderKind::Anthropic,
       "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":5}}}\n\n"
       "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Part\"}}\n\n"
       "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"model_context_window_exceeded\"},\"usage\":{\"output_tokens\":1}}\n\n"
       "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
       ErrorKind::None, FinishReason::Length, ""},
      {"Gemini stopped for a language it does not serve", ProviderKind::Gemini,
       "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Part\"}]},\"finishReason\":\"LANGUAGE\"}]}\r\n\r\n",
       ErrorKind::ContentFilter, FinishReason::ContentFilter, "LANGUAGE"},
      {"Gemini stopped for another reason", ProviderKind::Gemini,
       "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Part\"}]},\"finishReason\":\"OTHER\"}]}\r\n\r\n",
       ErrorKind::ContentFilter, FinishReason::ContentFilter, "OTHER"},
      // llama.cpp before PR #16109: the error in a field of its own (the spec ignores it), then [DONE].
      {"llama.cpp's legacy error field: the context is too small", ProviderKind::OpenAI,
       "error: {\"code\":400,\"message\":\"the request exceeds the available context size. try increasing the context size or enable context shift\",\"type\":\"invalid_request_error\"}\n\ndata: [DONE]\n\n",
       ErrorKind::ContextLength, FinishReason::Error, "the request exceeds the available context size"},
      {"llama.cpp's legacy error field after some text: a server error", ProviderKind::OpenAI,
       "data: {\"choices\":[{\"delta\":{\"content\":\"Part\"}}]}\n\nerror: {\"code\":500,\"message\":\"Failed to decode the batch\",\"type\":\"server_error\"}\n\ndata: [DONE]\n\n",
       ErrorKind::Overloaded, FinishReason::Error, "Failed to decode the batch"},
      {"an error field that is not JSON is still heard", ProviderKind::OpenAI,
       "error: upstream went away\n\n", ErrorKind::BadResponse, FinishReason::Error, "upstream went away"},
      {"vLLM's clean stop by another name", ProviderKind::OpenAI,
       "data: {\"choices\":[{\"delta\":{\"content\":\"Whole\"},\"finish_reason\":\"eos_token\"}]}\n\ndata: [DONE]\n\n",
       ErrorKind::None, FinishReason::Stop, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    for (size_t step : {size_t(0), size_t(7)}) {
      StreamDecoder d = Decode(c.kind, c.stream, step);
      CHECK(std::string(ErrorCode(d.error.kind)) == ErrorCode(c.want));
      CHECK(d.finish == c.finish);
      CHECK(d.error.provider_message.find(c.said) != std::string::npos);
    }
  }
}

TEST_CASE("usage where Kimi and Groq put it; OpenRouter's reasoning counted once") {
  StreamDecoder kimi = Decode(ProviderKind::OpenAI,
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n"
      "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\",\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":13,\"total_tokens\":32}}]}\n\n"
      "data: [DONE]\n\n");
  CHECK(kimi.usage.input_tokens == 19);
  CHECK(kimi.usage.output_tokens == 13);
  StreamDecoder groq = Decode(ProviderKind::OpenAI,
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],\"x_groq\":{\"id\":\"req_1\",\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":2}}}\n\n"
      "data: [DONE]\n\n");
  CHECK(groq.usage.input_tokens == 40);
  CHECK(groq.usage.output_tokens == 2);
  StreamDecoder openrouter = Decode(ProviderKind::OpenAI,
      "data: {\"choices\":[{\"delta\":{\"content\":\"\",\"reasoning\":\"Think.\",\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"Think.\"}]}}]}\n\n"
      "data: {\"choices\":[{\"delta\":{\"content\":\"Answer\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
  CHECK(openrouter.reasoning == "Think.");
  CHECK(openrouter.text == "Answer");
  StreamDecoder minimax = Decode(ProviderKind::OpenAI,
      "data: {\"choices\":[{\"delta\":{\"content\":\"\",\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"Think.\"}]}}]}\n\n"
      "data: {\"choices\":[{\"delta\":{\"content\":\"Answer\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
  CHECK(minimax.reasoning == "Think.");
}

TEST_CASE("a wrong base URL: the message gives the usual address where there is one") {
  struct Case { ProviderKind kind; const char* preset; const char* custom_base; const char* says; };
  const Case cases[] = {
      {ProviderKind::Anthropic, "anthropic", "https://api.anthropic.com/v9", "The usual one for Anthropic is https://api.anthropic.com."},
      {ProviderKind::Anthropic, "", "https://proxy.example/anthropic", "is https://api.anthropic.com."},
      {ProviderKind::Gemini, "", "https://example.com/g", "is https://generativelanguage.googleapis.com."},
      {ProviderKind::Ollama, "", "http://127.0.0.1:11435/v1", "is http://localhost:11434."},
      {ProviderKind::OpenAI, "deepseek", "https://api.deepseek.com/v9", "is https://api.deepseek.com/v1."},
      {ProviderKind::OpenAI, "", "https://llm.example/v9", "for most OpenAI-compatible servers it ends in /v1"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.custom_base);
    ProviderConfig p = Cfg(c.kind, c.preset);
    p.base_url = c.custom_base;
    const LlmError e = ClassifyHttpError(p, 404, "", "<html><body>Not Found</body></html>");
    CHECK(e.kind == ErrorKind::WrongEndpoint);
    CHECK(e.message.find("the base URL looks wrong") != std::string::npos);
    CHECK(e.message.find(c.says) != std::string::npos);
  }
}

TEST_CASE("network errors explain CORS per provider") {
  CHECK(NetworkError(Cfg(ProviderKind::OpenAI, "moonshot"), "Failed to fetch").message.find("does not accept requests from web pages") != std::string::npos);
  CHECK(NetworkError(Cfg(ProviderKind::OpenAI, "ollama"), "Failed to fetch").message.find("OLLAMA_ORIGINS") != std::string::npos);
  CHECK(NetworkError(Cfg(ProviderKind::OpenAI, "openai"), "Failed to fetch").message.find("CORS") != std::string::npos);
}

TEST_CASE("retry policy") {
  LlmError rl; rl.kind = ErrorKind::RateLimit;
  RetryDecision d = DecideRetry(rl, 1, false, 0.0);
  CHECK(d.retry);
  CHECK(d.delay_sec == doctest::Approx(0.75));
  CHECK(DecideRetry(rl, 2, false, 1.0).delay_sec == doctest::Approx(2.0));
  CHECK_FALSE(DecideRetry(rl, 3, false, 0.5).retry);   // at most 2 retries
  CHECK_FALSE(DecideRetry(rl, 1, true, 0.5).retry);    // never after the first content token
  rl.retry_after_sec = 7;
  CHECK(DecideRetry(rl, 1, false, 0.5).delay_sec == 7);
  rl.retry_after_sec = 120;
  CHECK_FALSE(DecideRetry(rl, 1, false, 0.5).retry);   // too long to wait silently
  for (ErrorKind k : {ErrorKind::Auth, ErrorKind::Billing, ErrorKind::ContextLength, ErrorKind::InvalidModel,
                      ErrorKind::ContentFilter, ErrorKind::BadRequest, ErrorKind::Aborted, ErrorKind::Permission}) {
    LlmError e; e.kind = k;
    CHECK_FALSE(DecideRetry(e, 1, false, 0.5).retry);
  }
  LlmError net; net.kind = ErrorKind::Network;
  CHECK(DecideRetry(net, 1, false, 0.5).retry);
  CHECK_FALSE(DecideRetry(net, 2, false, 0.5).retry);
}

TEST_CASE("model lists") {
  std::string err;
  auto openai = ParseModelList(ProviderKind::OpenAI, R"({"object":"list","data":[{"id":"gpt-4o","object":"model"},{"id":"gpt-4.1-mini","object":"model"}]})", &err);
  REQUIRE(openai.size() == 2);
  CHECK(openai[0].id == "gpt-4.1-mini");
  auto router = ParseModelList(ProviderKind::OpenAI, R"({"data":[{"id":"openai/gpt-4o","name":"OpenAI: GPT-4o","context_length":128000,"top_provider":{"max_completion_tokens":16384}}]})", &err);
  CHECK(router[0].context_tokens == 128000);
  CHECK(router[0].max_output_tokens == 16384);
  auto gem = ParseModelList(ProviderKind::Gemini, R"({"models":[{"name":"models/gemini-2.5-flash","displayName":"Gemini 2.5 Flash","inputTokenLimit":1048576,"outputTokenLimit":65536,"supportedGenerationMethods":["generateContent","countTokens"]},{"name":"models/embedding-001","supportedGenerationMethods":["embedContent"]}]})", &err);
  REQUIRE(gem.size() == 1);
  CHECK(gem[0].id == "gemini-2.5-flash");
  CHECK(gem[0].context_tokens == 1048576);
  auto ant = ParseModelList(ProviderKind::Anthropic, R"({"data":[{"id":"claude-sonnet-4-5","display_name":"Claude Sonnet 4.5","type":"model"}],"has_more":false})", &err);
  CHECK(ant[0].name == "Claude Sonnet 4.5");
  CHECK(ParseModelList(ProviderKind::OpenAI, "<html>", &err).empty());
  CHECK_FALSE(err.empty());
}

TEST_CASE("a call through the scripted transport: streaming, 429 then success, cancel, faults") {
  test::ManualScheduler sched;
  test::ScriptedTransport net(sched);
  ProviderConfig p = Cfg(ProviderKind::OpenAI, "openai");
  LlmRequest r;
  r.user = "Say hi";
  auto run = [&](LlmCall& call) {
    LlmResult out;
    call.on_done = [&](const LlmResult& res) { out = res; };
    call.Start();
    sched.RunUntilIdle();
    return out;
  };
  SUBCASE("streamed deltas arrive in order") {
    const std::string body = test::OpenAiSse({"Hel", "lo"});
    const size_t cut = body.find("\n\n") + 2;   // one network chunk per content event
    net.queue.push_back({200, "", {body.substr(0, cut), body.substr(cut)}});
    LlmCall call(net, sched, p, r);
    std::string seen;
    call.on_delta = [&](std::string_view d, const std::string&) { seen += std::string(d) + "|"; };
    LlmResult res = run(call);
    CHECK(res.ok);
    CHECK(res.text == "Hello");
    CHECK(seen == "Hel|lo|");
    CHECK(res.usage.input_tokens == 71);
    CHECK_FALSE(res.usage.estimated);
  }
  SUBCASE("429 with Retry-After, then success") {
    net.queue.push_back({429, "2", {R"({"error":{"message":"slow down","code":"rate_limit_exceeded"}})"}});
    net.queue.push_back({200, "", {test::OpenAiSse({"ok"})}});
    LlmCall call(net, sched, p, r);
    double delay = 0;
    call.on_retry = [&](const LlmError& e, int, double d) { delay = d; CHECK(e.kind == ErrorKind::RateLimit); };
    LlmResult res = run(call);
    CHECK(res.ok);
    CHECK(res.attempts == 2);
    CHECK(delay == 2);
    CHECK(sched.now_ >= 2000);
  }
  SUBCASE("529 storm gives up after two retries with the provider's message") {
    for (int i = 0; i < 3; ++i) net.queue.push_back({529, "", {R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"}});
    LlmCall call(net, sched, Cfg(ProviderKind::Anthropic, "anthropic"), r);
    LlmResult res = run(call);
    CHECK_FALSE(res.ok);
    CHECK(res.error.kind == ErrorKind::Overloaded);
    CHECK(res.attempts == 3);
    CHECK(res.error.message.find("Overloaded") != std::string::npos);
  }
  SUBCASE("no retry once content has streamed; partial text kept") {
    net.queue.push_back({200, "", {"data: {\"choices\":[{\"delta\":{\"content\":\"Part\"}}]}\n\n",
                                   "data: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}\n\n"}});
    LlmCall call(net, sched, p, r);
    LlmResult res = run(call);
    CHECK_FALSE(res.ok);
    CHECK(res.error.kind == ErrorKind::Overloaded);
    CHECK(res.text == "Part");
    CHECK(res.attempts == 1);
  }
  SUBCASE("a stream cut mid-way") {
    net.queue.push_back({200, "", {"data: {\"choices\":[{\"delta\":{\"content\":\"Half\"}}]}\n\n"}});
    LlmCall call(net, sched, p, r);
    LlmResult res = run(call);
    CHECK(res.error.kind == ErrorKind::Truncated);
    CHECK(res.text == "Half");
  }
  SUBCASE("no first byte is reported once the user has waited, not retried") {
    test::ScriptedResponse slow;
    slow.first_byte_delay_ms = 1e9;
    net.queue.push_back(slow);
    net.queue.push_back({200, "", {test::OpenAiSse({"late"})}});
    LlmCall call(net, sched, p, r);
    call.timeouts.first_byte_ms = 5000;
    LlmResult res = run(call);
    CHECK(res.error.kind == ErrorKind::Timeout);
    CHECK(res.attempts == 1);
    CHECK(res.elapsed_ms <= 5000 + 1);
  }
  SUBCASE("a stall after content is an idle timeout, not retried") {
    test::ScriptedResponse stall;
    stall.chunks = {"data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"};
    stall.end = false;
    net.queue.push_back(stall);
    LlmCall call(net, sched, p, r);
    call.timeouts.idle_ms = 3000;
    LlmResult res = run(call);
    CHECK(res.error.kind == ErrorKind::Timeout);
    CHECK(res.text == "Hi");
  }
  SUBCASE("an answer that stops and only keeps the connection alive has stalled; it shows as waiting meanwhile") {
    // Keep-alives every 15 s reset the transport's idle timer: without the answer's own limit this waits for ever.
    test::ScriptedResponse alive;
    alive.chunks = {"data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"};
    for (int i = 0; i < 40; ++i) alive.chunks.push_back(": keep-alive\n\n");
    alive.chunk_delay_ms = 15000;
    alive.end = false;
    net.queue.push_back(alive);
    LlmCall call(net, sched, p, r);
    call.timeouts.idle_ms = 20000;   // the keep-alives come well within it
    std::vector<CallActivity> seen;
    for (double at : {15015.0, 20010.0, 40010.0}) sched.After(at, [&] { seen.push_back(call.Activity()); });
    LlmResult res = run(call);
    CHECK(res.error.kind == ErrorKind::Timeout);
    CHECK(res.error.message.find("sent no text for 60 s in the middle of an answer") != std::string::npos);
    CHECK(res.text == "Hi");
    CHECK(res.elapsed_ms <= 10 + 15000 * 5 + 1);   // the keep-alive 60 s after the text
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].phase == CallActivity::Phase::Writing);   // the text just came
    CHECK(seen[1].phase == CallActivity::Phase::Writing);   // 5 s later: a pause in writing
    CHECK(seen[2].phase == CallActivity::Phase::Waiting);   // 25 s later, keep-alives only
    CHECK(seen[2].waited_ms == doctest::Approx(25000).epsilon(0.01));
  }
  SUBCASE("keep-alives before the answer are a wait (a queued request), however long") {
    test::ScriptedResponse queued;
    for (int i = 0; i < 20; ++i) queued.chunks.push_back(": keep-alive\n\n");
    queued.chunks.push_back(test::OpenAiSse({"Late but whole."}));
    queued.chunk_delay_ms = 15000;
    net.queue.push_back(queued);
    LlmCall call(net, sched, p, r);
    LlmResult res = run(call);
    CHECK(res.ok);
    CHECK(res.text == "Late but whole.");
  }
  SUBCASE("cancel aborts the request") {
    test::ScriptedResponse stall;
    stall.end = false;
    net.queue.push_back(stall);
    LlmCall call(net, sched, p, r);
    LlmResult out;
    call.on_done = [&](const LlmResult& res) { out = res; };
    call.Start();
    call.Cancel();
    sched.RunUntilIdle();
    CHECK(out.error.kind == ErrorKind::Aborted);
    CHECK(net.aborted == 1);
  }
  SUBCASE("a connection that drops mid-answer is reported as a drop, not as a server that cannot be reached") {
    test::ScriptedResponse cut;
    cut.chunks = {test::OpenAiSse({"The first words"}, "stop", false).substr(0, 90)};
    cut.drop = true;
    net.queue.push_back(cut);
    net.queue.push_back(cut);
    LlmCall call(net, sched, Cfg(ProviderKind::OpenAI, "openai"), r);
    LlmResult res = run(call);
    CHECK(res.error.kind == ErrorKind::Network);
    CHECK(res.error.message.find("dropped in the middle of an answer") != std::string::npos);
    CHECK(res.error.message.find("Could not reach") == std::string::npos);
    CHECK(res.error.message.find("CORS") == std::string::npos);
  }
  SUBCASE("a CORS-blocked request is reported as such") {
    test::ScriptedResponse blocked;
    blocked.fail_network = true;
    net.queue.push_back(blocked);
    net.queue.push_back(blocked);
    LlmCall call(net, sched, Cfg(ProviderKind::OpenAI, "dashscope"), r);
    LlmResult res = run(call);
    CHECK(res.error.kind == ErrorKind::Network);
    CHECK(res.error.message.find("does not accept requests from web pages") != std::string::npos);
  }
}

TEST_CASE("fields of unexpected types never crash the decoders (exceptions are off)") {
  const char* bodies[] = {
      "data: {\"error\":{\"message\":\"x\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n",
      "data: {\"error\":{\"message\":5,\"type\":null,\"code\":7}}\n\n",
      "data: {\"choices\":[{\"delta\":{\"content\":5},\"finish_reason\":7}],\"usage\":{\"prompt_tokens\":\"x\"}}\n\n",
      "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":\"none\"}}\n\n",
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":5,\"text\":[1]}}\n\n",
      "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":1,\"thought\":\"yes\"}]},\"finishReason\":3}],\"usageMetadata\":[]}\n\n",
      "data: [1,2,3]\n\ndata: \"str\"\n\ndata: null\n\n",
  };
  for (const char* b : bodies)
    for (ProviderKind k : {ProviderKind::OpenAI, ProviderKind::Anthropic, ProviderKind::Gemini}) {
      CAPTURE(b);
      StreamDecoder d(k, true);
      d.Feed(b);
      d.Finish();
      CHECK((d.terminated || !d.error.ok()));   // a result is either complete or reported as not
    }
  StreamDecoder e = Decode(ProviderKind::OpenAI, bodies[0]);
  CHECK(e.error.kind == ErrorKind::Overloaded);
}
