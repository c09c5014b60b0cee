// WebVTT conformance: the W3C web-platform-tests file-parsing cases (webvtt/parsing/file-parsing), run as
// data. Each case is an input file in tests/fixtures/wpt_webvtt/ and the values the suite asserts, listed in
// expected.json: cue count, per-cue id/text/times/settings/region, or that the signature must be rejected.
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/webvtt.h"
#include "doctest/doctest.h"
#include "nlohmann/json.hpp"
#include "test_util.h"

using nlohmann::json;
using namespace tp;

namespace {

// The value a WebVTT API would expose for `field` of a cue ("region.lines" reads the cue's region).
json CueField(const webvtt::File& f, const webvtt::Cue& c, const std::string& field) {
  if (field == "id") return c.id;
  if (field == "text") return c.text;
  if (field == "start") return c.start;
  if (field == "end") return c.end;
  if (field == "align") return c.align;
  if (field == "line") return c.line_auto ? json("auto") : json(c.line);
  if (field == "snapToLines") return c.snap_to_lines;
  if (field == "lineAlign") return c.line_align;
  if (field == "position") return c.position_auto ? json("auto") : json(c.position);
  if (field == "positionAlign") return c.position_align;
  if (field == "size") return c.size;
  if (field == "vertical") return c.vertical;
  if (field == "region") return c.region < 0 ? json(nullptr) : json(f.regions[c.region].id);
  if (field.rfind("region.", 0) == 0) {
    if (c.region < 0) return json("no region");
    const webvtt::Region& r = f.regions[c.region];
    const std::string k = field.substr(7);
    if (k == "lines") return r.lines;
    if (k == "width") return r.width;
    if (k == "regionAnchorX") return r.region_anchor_x;
    if (k == "regionAnchorY") return r.region_anchor_y;
    if (k == "viewportAnchorX") return r.viewport_anchor_x;
    if (k == "viewportAnchorY") return r.viewport_anchor_y;
    if (k == "scroll") return r.scroll_up ? "up" : "";
  }
  return json("unknown field " + field);
}

bool SameValue(const json& got, const json& want) {
  if (got.is_number() && want.is_number()) {
    const double a = got.get<double>(), b = want.get<double>();
    return a == b || std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
  }
  return got == want;
}

}  // namespace

TEST_CASE("WebVTT: web-platform-tests file-parsing cases") {
  const json expected = json::parse(test::Fixture("wpt_webvtt/expected.json"), nullptr, false);
  REQUIRE(expected.is_object());
  REQUIRE(expected.size() == 48);
  int passed = 0;
  for (auto it = expected.begin(); it != expected.end(); ++it) {
    const std::string name = it.key();
    const json& want = it.value();
    CAPTURE(name);
    const std::string input = test::Fixture("wpt_webvtt/" + name + ".vtt");
    const webvtt::File f = webvtt::Parse(input);
    bool ok = true;
    const bool valid = want.value("valid", true);
    CHECK(f.ok == valid);
    ok &= f.ok == valid;
    if (!valid) {
      CHECK_FALSE(f.signature_error.empty());
      ok &= !f.signature_error.empty();
      passed += ok;
      continue;
    }
    const size_t cues = want.value("cues", 0);
    CHECK(f.cues.size() == cues);
    ok &= f.cues.size() == cues;
    if (want.contains("stylesheets")) {
      CHECK(f.stylesheets.size() == want["stylesheets"].get<size_t>());
      ok &= f.stylesheets.size() == want["stylesheets"].get<size_t>();
    }
    if (want.contains("checks")) {
      for (const json& check : want["checks"]) {
        const size_t index = check[0].get<size_t>();
        const std::string field = check[1].get<std::string>();
        CAPTURE(index);
        CAPTURE(field);
        REQUIRE(index < f.cues.size());
        const json got = CueField(f, f.cues[index], field);
        CAPTURE(got.dump());
        CAPTURE(check[2].dump());
        CHECK(SameValue(got, check[2]));
        ok &= SameValue(got, check[2]);
      }
    }
    passed += ok;
  }
  MESSAGE("web-platform-tests WebVTT file-parsing: " << passed << " of " << expected.size() << " cases pass");
  CHECK(passed == (int)expected.size());
}

TEST_CASE("WebVTT: the parser reports what the algorithm drops, with lines") {
  const webvtt::File f = webvtt::Parse(
      "WEBVTT\n\n00:00:01.000 --> 00:0x:02.000\nlost text\n\nstray words\n\n"
      "00:00:03.000 --> 00:00:04.000\nkept\n\nSTYLE\n::cue { color: red }\n");
  REQUIRE(f.cues.size() == 1);
  CHECK(f.cues[0].text == "kept");
  REQUIRE(f.issues.size() == 3);
  CHECK(f.issues[0].line == 3);
  CHECK(f.issues[0].message.find("not a valid cue timing") != std::string::npos);
  CHECK(f.issues[1].line == 6);
  CHECK(f.issues[1].message.find("stray words") != std::string::npos);
  CHECK(f.issues[2].line == 11);
  CHECK(f.issues[2].message.find("STYLE") != std::string::npos);
}

TEST_CASE("WebVTT: lenient timestamps (Teams, one-digit minutes) only when asked") {
  const char* vtt = "WEBVTT\n\n0:0:0.210 --> 0:0:3.5\nhello\n\n0:04.000 --> 0:05.000\nagain\n";
  CHECK(webvtt::Parse(vtt).cues.empty());
  webvtt::Options o;
  o.lenient_timestamps = true;
  const webvtt::File f = webvtt::Parse(vtt, o);
  REQUIRE(f.cues.size() == 2);
  CHECK(f.cues[0].start == doctest::Approx(0.21));
  CHECK(f.cues[0].end == doctest::Approx(3.5));
  CHECK(f.cues[1].start == doctest::Approx(4));
  CHECK(f.issues.size() == 2);
  CHECK(f.issues[0].line == 3);
  // Garbage stays garbage.
  CHECK(webvtt::Parse("WEBVTT\n\n00:00:00.000x --> 00:00:01.000\nno\n", o).cues.empty());
}

// webvtt::Reader in slices of any size gives exactly what Parse gives at once, for every wpt case and for
// line endings and NULs that a slice can end between (CR, CRLF, NUL, BOM).
TEST_CASE("WebVTT: a file read in slices of any size is the file read at once") {
  const json expected = json::parse(test::Fixture("wpt_webvtt/expected.json"), nullptr, false);
  REQUIRE(expected.is_object());
  std::vector<std::pair<std::string, std::string>> inputs;
  for (auto it = expected.begin(); it != expected.end(); ++it)
    inputs.emplace_back(it.key(), test::Fixture("wpt_webvtt/" + it.key() + ".vtt"));
  inputs.emplace_back("line endings", std::string("\xEF\xBB\xBFWEBVTT title\r\nKind: captions\r\rREGION\rid:r1 width:40%\r\n\r\n"
                                                  "a\r\n00:00.000 --> 00:01.000 region:r1\r\nline\0one\r\nline two\r\r"
                                                  "00:01.000 --> 00:02.000\nx\n\nNOTE skip\n\n00:0x --> bad\ny\n", 171));
  for (const auto& [name, input] : inputs) {
    const auto& input_name = name;   // CAPTURE's lambda cannot use a structured binding in C++17 (clang)
    CAPTURE(input_name);
    for (bool ignore_signature : {false, true}) {
      webvtt::Options o;
      o.ignore_signature = ignore_signature;
      o.lenient_timestamps = ignore_signature;
      const webvtt::File whole = webvtt::Parse(input, o);
      for (size_t budget : {(size_t)1, (size_t)2, (size_t)5, (size_t)64}) {
        CAPTURE(budget);
        webvtt::Reader r(input, o);
        int steps = 0;
        double last = r.Progress();
        while (!r.Step(budget)) {
          ++steps;
          CHECK(r.Progress() >= last);
          last = r.Progress();
          REQUIRE(steps < 1000000);
        }
        if (budget == 1 && input.size() > 40) CHECK(steps > 3);   // it really was spread
        const webvtt::File f = r.Take();
        CHECK(f.ok == whole.ok);
        CHECK(f.signature_error == whole.signature_error);
        CHECK(f.title == whole.title);
        CHECK(f.header_lines == whole.header_lines);
        CHECK(f.stylesheets == whole.stylesheets);
        CHECK(f.regions.size() == whole.regions.size());
        REQUIRE(f.issues.size() == whole.issues.size());
        for (size_t k = 0; k < f.issues.size(); ++k) {
          CHECK(f.issues[k].line == whole.issues[k].line);
          CHECK(f.issues[k].message == whole.issues[k].message);
        }
        REQUIRE(f.cues.size() == whole.cues.size());
        for (size_t k = 0; k < f.cues.size(); ++k) {
          CHECK(f.cues[k].id == whole.cues[k].id);
          CHECK(f.cues[k].text == whole.cues[k].text);
          CHECK(f.cues[k].start == whole.cues[k].start);
          CHECK(f.cues[k].end == whole.cues[k].end);
          CHECK(f.cues[k].timing_line == whole.cues[k].timing_line);
          CHECK(f.cues[k].region == whole.cues[k].region);
        }
      }
    }
  }
}
