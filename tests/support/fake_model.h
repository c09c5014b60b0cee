// A fake model for native pipeline tests and the pipeline benchmark: it answers each request from
// what the request contains (sentences of the transcript lines it was given; JSON that follows the
// request's schema), and lets a test change one answer or inject a fault.
#pragma once

#include <functional>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "core/json_util.h"
#include "core/llm.h"
#include "nlohmann/json.hpp"
#include "platform/native/scripted_transport.h"

namespace tp::test {

using nlohmann::json;

struct Lines { std::vector<int> ids; std::vector<std::string> texts; };

// "[T12] Name (00:12): text" lines in a prompt.
inline Lines TurnLines(const std::string& prompt) {
  Lines out;
  // The first ": " after the id ends the speaker and time ("[T1] Maya Chen (00:04): text").
  static const std::regex re(R"(\[T(\d+)\][^\n]*?: ([^\n]+))");
  for (std::sregex_iterator it(prompt.begin(), prompt.end(), re), end; it != end; ++it) {
    out.ids.push_back(std::stoi((*it)[1]));
    out.texts.push_back((*it)[2]);
  }
  return out;
}

struct FakeModel {
  // Hooks a test sets to change one answer; return "" to answer normally.
  std::function<std::string(const std::string& kind, const json& body)> override_answer;
  std::function<ScriptedResponse(const std::string& kind, const json& body, int n)> fault;
  std::map<std::string, int> calls;
  std::vector<std::string> prompts;   // every user prompt, in order
  std::vector<std::string> kinds;     // the kind of each request, in order
  std::vector<long> prompt_sizes;     // bytes of system + user prompt, per request
  // Timing of an answer (benchmarks): latency and streaming rate.
  std::function<void(const std::string& kind, const std::string& answer, ScriptedResponse* r)> shape;
  long prompt_bytes = 0;

  static std::string Kind(const json& body) {
    const std::string schema = js::Str(js::At(js::At(body, "response_format"), "json_schema"), "name");
    if (!schema.empty()) return schema;
    const std::string user = body["messages"].back()["content"];
    if (user.rfind("Write the introduction", 0) == 0) return "introduction";
    if (user.rfind("Write the conclusion", 0) == 0) return "conclusion";
    return "section";
  }

  std::string Answer(const std::string& kind, const json& body) {
    const std::string user = body["messages"].back()["content"];
    const Lines lines = TurnLines(user);
    if (kind == "outline") {
      const json& schema = body["response_format"]["json_schema"]["schema"]["properties"];
      const int highlights = schema["highlights"]["minItems"];
      const int sections = schema["sections"]["minItems"];
      json o = {{"title", "What real-time data means for AI"}, {"emoji", "🚀"}, {"lead", "A conversation about data and speed."},
                {"introduction", {{"subtitle", "Why now"}, {"points", {"data", "speed"}}}},
                {"conclusion", {{"subtitle", "What to do"}, {"points", {"move fast"}}}}};
      o["highlights"] = json::array();
      for (int i = 0; i < highlights; ++i) o["highlights"].push_back("Highlight " + std::to_string(i + 1));
      if (schema.contains("quotes")) {
        o["quotes"] = json::array();
        for (int i = 0; i < (int)schema["quotes"]["minItems"]; ++i)
          o["quotes"].push_back({{"speaker", "Daniel Okafor"}, {"text", lines.texts.empty() ? "x" : lines.texts[std::min<size_t>(i * 2 + 1, lines.texts.size() - 1)]},
                                 {"turn_id", lines.ids.empty() ? 1 : lines.ids[std::min<size_t>(i * 2 + 1, lines.ids.size() - 1)]}});
      }
      o["sections"] = json::array();
      int n = lines.ids.empty() ? 1 : lines.ids.back();
      const size_t at = user.find("Turns are numbered T1 to T");
      if (at != std::string::npos) n = std::stoi(user.substr(at + 26));
      for (int i = 0; i < sections; ++i)
        o["sections"].push_back({{"heading", "Theme " + std::to_string(i + 1)}, {"points", {"a point"}},
                                 {"first_turn", 1 + i * n / sections}, {"last_turn", (i + 1) * n / sections}});
      return o.dump();
    }
    if (kind == "notes") {
      json n = {{"topics", {"data"}}, {"claims", json::array()}, {"quotes", json::array()}, {"numbers", json::array()},
                {"names", {{{"name", "Daniel Okafor"}, {"rendering", "丹尼尔·奥卡福"}}}}};
      return n.dump();
    }
    if (kind == "dialogue") {
      json d = {{"turns", json::array()}};
      for (size_t i = 0; i < lines.ids.size(); ++i) d["turns"].push_back({{"turn_id", lines.ids[i]}, {"text", "译：" + lines.texts[i]}});
      return d.dump();
    }
    // Writing steps: sentences from the lines given (faithful by construction).
    std::string out;
    for (size_t i = 0; i < lines.texts.size() && i < 3; ++i) out += lines.texts[i] + (i % 2 ? "\n\n" : " ");
    return out.empty() ? "Paragraph." : out;
  }

  ScriptedResponse Respond(const HttpRequest& req) {
    json body = json::parse(req.body);
    const std::string kind = Kind(body);
    const int n = ++calls[kind];
    prompts.push_back(body["messages"].back()["content"]);
    kinds.push_back(kind);
    long size = 0;
    for (const auto& m : body["messages"]) size += (long)js::Str(m, "content").size();
    prompt_bytes += size;
    prompt_sizes.push_back(size);
    if (fault) {
      ScriptedResponse f = fault(kind, body, n);
      if (f.status != 0) return f;
    }
    std::string answer = override_answer ? override_answer(kind, body) : "";
    if (answer.empty()) answer = Answer(kind, body);
    ScriptedResponse r;
    size_t half = answer.size() / 2;
    while (half > 0 && ((unsigned char)answer[half] & 0xC0) == 0x80) --half;   // split between characters
    r.chunks = {OpenAiSse({answer.substr(0, half), answer.substr(half)})};
    if (shape) shape(kind, answer, &r);
    return r;
  }
};

}  // namespace tp::test
