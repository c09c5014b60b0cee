// SSE parser per the WHATWG spec, fed in every possible split; NDJSON reader.
#include <string>
#include <vector>

#include "core/sse.h"
#include "doctest/doctest.h"

using namespace tp;

namespace {
struct Collected {
  std::vector<SseEvent> events;
  std::vector<std::string> comments;
};

Collected ParseWhole(std::string_view s, const std::vector<size_t>& cuts = {}) {
  Collected c;
  SseParser p;
  p.on_event = [&](const SseEvent& e) { c.events.push_back(e); };
  p.on_comment = [&](std::string_view x) { c.comments.emplace_back(x); };
  size_t prev = 0;
  for (size_t cut : cuts) { p.Feed(s.substr(prev, cut - prev)); prev = cut; }
  p.Feed(s.substr(prev));
  p.Finish();
  return c;
}

std::string Summary(const Collected& c) {
  std::string out;
  for (const auto& e : c.events) out += "[" + e.event + "|" + e.data + "|" + e.id + "]";
  return out;
}
}  // namespace

TEST_CASE("SSE spec cases") {
  struct Case { const char* name; std::string in; std::string want; };
  const std::vector<Case> cases = {
      {"LF", "data: a\n\ndata: b\n\n", "[message|a|][message|b|]"},
      {"CRLF", "data: a\r\n\r\n", "[message|a|]"},
      {"CR", "data: a\r\rdata: b\r\r", "[message|a|][message|b|]"},
      {"named events", "event: ping\ndata: {}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
       "[ping|{}|][message_stop|{\"type\":\"message_stop\"}|]"},
      {"multi-line data", "data: one\ndata: two\ndata\n\n", "[message|one\ntwo\n|]"},
      {"no space after colon", "data:x\n\n", "[message|x|]"},
      {"only the first space is stripped", "data:  x\n\n", "[message| x|]"},
      {"comments do not dispatch", ": keep-alive\n\n: OPENROUTER PROCESSING\n\ndata: z\n\n", "[message|z|]"},
      {"event without data is not dispatched", "event: x\n\n", ""},
      {"unknown fields ignored", "foo: bar\nretry: 10\ndata: y\n\n", "[message|y|]"},
      {"id carried", "id: 7\ndata: q\n\n", "[message|q|7]"},
      {"unterminated last event dropped", "data: a\n\ndata: b", "[message|a|]"},
      {"BOM", "\xEF\xBB\xBF" "data: a\n\n", "[message|a|]"},
      {"UTF-8 payload", "data: {\"t\":\"中文 👍\"}\n\n", "[message|{\"t\":\"中文 👍\"}|]"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(Summary(ParseWhole(c.in)) == c.want);
  }
  CHECK(ParseWhole(": keep-alive\n\ndata: z\n\n").comments.size() == 1);
}

TEST_CASE("SSE: the same events whatever the chunking, down to every byte boundary") {
  const std::string stream =
      "event: message_start\r\ndata: {\"type\":\"message_start\"}\r\n\r\n: ping\r\n"
      "event: content_block_delta\ndata: {\"text\":\"你好，世界 🌏\"}\n\n"
      "data: line1\rdata: line2\r\rdata: [DONE]\n\n";
  const std::string want = Summary(ParseWhole(stream));
  REQUIRE(want == "[message_start|{\"type\":\"message_start\"}|][content_block_delta|{\"text\":\"你好，世界 🌏\"}|]"
                  "[message|line1\nline2|][message|[DONE]|]");
  for (size_t cut = 1; cut < stream.size(); ++cut) {
    CAPTURE(cut);
    CHECK(Summary(ParseWhole(stream, {cut})) == want);
  }
  std::vector<size_t> every;
  for (size_t i = 1; i < stream.size(); ++i) every.push_back(i);
  CHECK(Summary(ParseWhole(stream, every)) == want);
}

TEST_CASE("SSE: fields the spec ignores reach the caller, without dispatching anything") {
  SseParser p;
  std::vector<std::string> events, others;
  p.on_event = [&](const SseEvent& e) { events.push_back(e.data); };
  p.on_other_field = [&](std::string_view f, std::string_view v) { others.push_back(std::string(f) + "=" + std::string(v)); };
  const std::string stream = "error: {\"code\":400}\n\nretry: 10\nfoo\ndata: [DONE]\n\n";
  for (size_t i = 0; i < stream.size(); ++i) p.Feed(stream.substr(i, 1));
  p.Finish();
  CHECK(events == std::vector<std::string>{"[DONE]"});
  CHECK(others == std::vector<std::string>{"error={\"code\":400}", "foo="});   // "retry" is the spec's own
}

TEST_CASE("NDJSON lines across chunks") {
  std::vector<std::string> lines;
  NdjsonReader r;
  r.on_line = [&](std::string_view l) { lines.emplace_back(l); };
  r.Feed("{\"a\":1}\n{\"b\"");
  r.Feed(":2}\r\n\n{\"done\":true}");
  CHECK(r.Finish());
  REQUIRE(lines.size() == 3);
  CHECK(lines[1] == "{\"b\":2}");
  CHECK(lines[2] == "{\"done\":true}");
}
