// Index: PartialJsonString (a lenient reader for cut JSON) · ArticlePreviewMarkdown (steps -> content
// -> the spec's template).
#include "core/article_preview.h"

#include "core/article.h"
#include "core/checks.h"
#include "core/json_util.h"
#include "core/utf8.h"

namespace tp {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads four hex digits at `at`; -1 when cut or invalid.
long Hex4(std::string_view s, size_t at) {
  if (at + 4 > s.size()) return -1;
  long v = 0;
  for (size_t i = at; i < at + 4; ++i) {
    const int h = HexValue(s[i]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

// Without a multi-byte character cut at the end of a stream, and valid UTF-8 throughout.
std::string WholeCharacters(std::string s) {
  size_t lead = s.size();
  for (int back = 0; back < 4 && lead > 0; ++back) {
    const unsigned char c = (unsigned char)s[lead - 1];
    if ((c & 0xC0) != 0x80) {   // the last character's first byte
      const size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      if (s.size() - (lead - 1) < need) s.resize(lead - 1);
      break;
    }
    --lead;
  }
  return utf8::Repair(s);
}

// A finished answer parsed whole (its JSON object, wherever it sits in the text); null otherwise.
nlohmann::json FinishedJson(const Step* s) {
  if (!s || s->state != StepState::Done) return nlohmann::json();
  const size_t a = s->text.find('{'), b = s->text.rfind('}');
  if (a == std::string::npos || b == std::string::npos || b <= a) return nlohmann::json();
  return js::Parse(std::string_view(s->text).substr(a, b - a + 1));
}

const Step* FindStep(const Pipeline& run, const std::string& id) {
  for (const Step& s : run.steps())
    if (s.id == id) return &s;
  return nullptr;
}

}  // namespace

std::string PartialJsonString(std::string_view j, std::string_view key) {
  const std::string quoted = "\"" + std::string(key) + "\"";
  size_t at = 0;
  while ((at = j.find(quoted, at)) != std::string_view::npos) {
    size_t i = at + quoted.size();
    while (i < j.size() && (j[i] == ' ' || j[i] == '\n' || j[i] == '\r' || j[i] == '\t')) ++i;
    if (i >= j.size()) return "";
    if (j[i] != ':') { at = i; continue; }   // the key's text appeared as a value
    ++i;
    while (i < j.size() && (j[i] == ' ' || j[i] == '\n' || j[i] == '\r' || j[i] == '\t')) ++i;
    if (i >= j.size() || j[i] != '"') return "";
    ++i;
    std::string out;
    while (i < j.size() && j[i] != '"') {
      if (j[i] != '\\') { out += j[i++]; continue; }
      if (i + 1 >= j.size()) break;   // an escape cut in half
      const char e = j[i + 1];
      i += 2;
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': break;
        case 'b': case 'f': break;
        case 'u': {
          long cp = Hex4(j, i);
          if (cp < 0) return WholeCharacters(out);
          i += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF) {   // a surrogate pair
            if (i + 6 > j.size() || j[i] != '\\' || j[i + 1] != 'u') return WholeCharacters(out);
            const long lo = Hex4(j, i + 2);
            if (lo < 0xDC00 || lo > 0xDFFF) return WholeCharacters(out);
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          }
          utf8::Append(out, (char32_t)cp);
          break;
        }
        default: out += e;   // \" \\ \/
      }
    }
    return WholeCharacters(out);
  }
  return "";
}

std::string ArticlePreviewMarkdown(const Pipeline& run, std::string_view waiting, std::string_view writing) {
  const std::string wait(waiting), write(writing);
  ArticleContent c;
  const nlohmann::json outline = FinishedJson(FindStep(run, "outline"));
  const nlohmann::json front = FinishedJson(FindStep(run, "front"));

  // Front matter is written last, from the finished sections.
  if (front.is_object()) {
    c.title = js::Str(front, "title");
    c.emoji = js::Str(front, "emoji");
    c.lead = js::Str(front, "lead");
    for (const auto& h : js::At(front, "highlights")) c.highlights.push_back(h.is_string() ? h.get<std::string>() : js::Str(h, "text"));
    c.introduction = {js::Str(js::At(front, "introduction"), "subtitle"), js::Str(js::At(front, "introduction"), "body")};
    c.conclusion = {js::Str(js::At(front, "conclusion"), "subtitle"), js::Str(js::At(front, "conclusion"), "body")};
  } else {
    c.title = wait;
    c.lead = wait;
    c.highlights = {wait};
    c.introduction.body = wait;
    c.conclusion.body = wait;
  }

  // Body sections in the outline's order: finished, streaming, or still to come.
  const nlohmann::json& themes = js::At(outline, "sections");
  for (size_t i = 0; themes.is_array() && i < themes.size(); ++i) {
    ArticleContent::Section sec;
    sec.heading = js::Str(themes[i], "heading");
    const Step* s = FindStep(run, "section-" + std::to_string(i));
    if (s && s->state == StepState::Done) {
      const nlohmann::json a = FinishedJson(s);
      sec.body = js::Str(a, "body");
    } else if (s && (s->state == StepState::Streaming || s->state == StepState::Running)) {
      sec.body = PartialJsonString(s->partial, "body");
      if (sec.body.empty()) sec.body = write;
    }
    if (sec.body.empty()) sec.body = wait;
    c.sections.push_back(std::move(sec));
  }
  if (!themes.is_array() || themes.empty()) c.sections.push_back({wait, wait, -1});

  // The dialogue is shown once the article is assembled; until then one line says it is coming.
  bool has_dialogue = false;
  for (const Step& s : run.steps()) has_dialogue |= s.kind == StepKind::Dialogue;
  if (has_dialogue) c.dialogue.push_back({"", -1, wait, false});
  c.source_url = run.transcript().meta.source_url;
  return StripTurnMarkers(AssembleMarkdown(run.spec(), c));   // readers never see the turn markers
}

}  // namespace tp
