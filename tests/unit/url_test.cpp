#include "core/url.h"

#include "doctest/doctest.h"

TEST_CASE("OriginOf: the origin a key is bound to") {
  struct Case { const char* url; const char* origin; };
  const Case cases[] = {
      {"https://api.openai.com/v1", "https://api.openai.com"},
      {"https://API.OpenAI.com:443/v1/", "https://api.openai.com"},
      {"http://192.168.1.20:11434", "http://192.168.1.20:11434"},
      {"http://localhost:80/v1", "http://localhost"},
      {"  https://user:pw@openrouter.ai/api/v1?x=1", "https://openrouter.ai"},
      {"https://generativelanguage.googleapis.com/v1beta#frag", "https://generativelanguage.googleapis.com"},
      {"ftp://example.com", ""},
      {"api.openai.com/v1", ""},
      {"https://", ""},
  };
  for (const Case& c : cases) CHECK_MESSAGE(tp::OriginOf(c.url) == c.origin, c.url);
}

TEST_CASE("OriginOf: a host that cannot be reached is no origin") {
  for (const char* url : {"https://reasoning</think", "https://a b/v1", "https://x:443:443", "https://x:", "https://x:8o80",
                          "https://\"quoted\"/v1", "https://[zz]/v1", "https://`tick`"})
    CHECK_MESSAGE(tp::OriginOf(url).empty(), url);
  CHECK(tp::OriginOf("http://[::1]:11434/api") == "http://[::1]:11434");
  CHECK(tp::OriginOf("https://bücher.example/v1") == "https://bücher.example");
}

TEST_CASE("NormalizeBaseUrl: normalizing a normalized base URL changes nothing") {
  using tp::ApiPathStyle;
  // Found by fuzz_structured_output: a fragment followed by a trailing newline left "…\n" at the end of
  // the path, which the next pass trimmed away.
  const std::string fuzz_crash("reasoning</think>[{\"\xd3tur\n``\x0f\0\0\0`\n#on_id\"hi\"}]", 45);
  const std::string inputs[] = {
      fuzz_crash,
      "https://h.example/a \n/",
      "https://h.example/a\t#x\n",
      "https://api.anthropic.com/v1/v1",
      "https://api.anthropic.com/v1/v1/messages",
      "https://proxy.example/x/models/models",
      "https://proxy.example/v1/chat/completions/chat/completions",
      "http://localhost:11434/v1/v1",
      "https://generativelanguage.googleapis.com/a/v1/v1",
      "https://x:443:443/v1",
      "example.com",
      "https://h.example/a b/v1/",
      std::string("https://h.example/\0/v1", 22),
  };
  for (const std::string& in : inputs)
    for (ApiPathStyle s : {ApiPathStyle::OpenAICompatible, ApiPathStyle::Anthropic, ApiPathStyle::Gemini, ApiPathStyle::Ollama}) {
      const std::string once = tp::NormalizeBaseUrl(in, s);
      CHECK_MESSAGE(tp::NormalizeBaseUrl(once, s) == once, in, " -> ", once);
    }
  CHECK(tp::NormalizeBaseUrl(fuzz_crash, ApiPathStyle::OpenAICompatible).empty());   // its host has '<'
  CHECK(tp::NormalizeBaseUrl("https://api.anthropic.com/v1/v1/messages", ApiPathStyle::Anthropic) == "https://api.anthropic.com");
  CHECK(tp::NormalizeBaseUrl("https://h.example/a \n/", ApiPathStyle::OpenAICompatible) == "https://h.example/a");
  // A preset path that is itself an endpoint suffix stays a fixed point.
  const std::string with_preset = tp::NormalizeBaseUrl("https://p.example", ApiPathStyle::OpenAICompatible, "https://p.example/api/v1/models");
  CHECK(with_preset == "https://p.example/api/v1");
}
