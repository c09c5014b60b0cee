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
