// Article spec: JSON round trip, validation messages, labels, presets.
#include "core/spec.h"
#include "core/project.h"
#include "doctest/doctest.h"
#include "nlohmann/json.hpp"

using namespace tp;
using nlohmann::json;

namespace {
bool HasError(const ValidationResult& r, const std::string& field, const std::string& needle) {
  for (const auto& e : r.errors)
    if (e.field == field && e.message.find(needle) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("a spec survives a JSON round trip") {
  ArticleSpec s;
  s.output_language = "ja";
  s.title_style = TitleStyle::Hook;
  s.title_emoji = EmojiPlacement::Start;
  s.highlights = 7;
  s.section_headings = {"One", "Two"};
  s.length_unit = LengthUnit::Words;
  s.dialogue = DialogueMode::Cleaned;
  s.dialogue_render = DialogueRender::Paragraphs;
  s.timestamps_in_dialogue = true;
  s.instructions = "Keep it short.";
  s.labels.highlights = "要点";
  ArticleSpec back;
  ValidationResult r = SpecFromJson(SpecToJson(s), &back);
  CHECK(r.ok());
  CHECK(SpecToJson(back) == SpecToJson(s));
  CHECK(back.labels.highlights == "要点");
  CHECK(back.BodySectionCount() == 2);
}

TEST_CASE("validation errors a person understands") {
  struct Case { const char* json; const char* field; const char* message; };
  const Case cases[] = {
      {R"({"highlights": 50})", "highlights", "The number of highlights must be between 0 and 20 (got 50)."},
      {R"({"highlights": "four"})", "highlights", "must be a whole number"},
      {R"({"title_style": "clickbait"})", "title_style", "must be one of \"question\", \"statement\", \"hook\""},
      {R"({"lead": "yes"})", "lead", "must be true or false"},
      {R"({"section_headings": ["A", ""]})", "section_headings[1]", "Heading 2 must be non-empty text."},
      {R"({"version": 7})", "version", "newer TalkPress"},
      {R"({"output_language": ""})", "output_language", "Choose an output language"},
      {R"({"section_count": 0, "highlights": 0, "introduction": false, "conclusion": false, "dialogue": "off"})",
       "section_count", "would be empty"},
      {R"({"labels": {"highlights": 3}})", "labels.highlights", "must be text"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.json);
    ArticleSpec s;
    ValidationResult r = SpecFromJsonText(c.json, &s);
    CHECK_FALSE(r.ok());
    CHECK(HasError(r, c.field, c.message));
  }
  ArticleSpec s;
  ValidationResult bad = SpecFromJsonText("{not json", &s);
  CHECK(bad.errors.at(0).message == "The spec is not valid JSON.");
  CHECK_FALSE(SpecFromJsonText("[1,2]", &s).ok());
}

TEST_CASE("warnings for usable but surprising specs") {
  ArticleSpec s;
  ValidationResult r = SpecFromJsonText(R"({"colour": "red", "output_language": "zh-Hans", "length_unit": "words",
                                            "section_headings": ["A", "A"]})", &s);
  CHECK(r.ok());
  REQUIRE(r.warnings.size() == 3);
  CHECK(r.warnings[0].message == "Unknown setting \"colour\" is ignored.");
}

TEST_CASE("labels per language, overridable") {
  CHECK(DefaultLabels("zh-Hans").highlights == "亮点");
  CHECK(DefaultLabels("zh-CN").dialogue == "详细对话");
  CHECK(DefaultLabels("zh-TW").highlights == "亮點");
  CHECK(DefaultLabels("ja").highlights == "ハイライト");
  CHECK(DefaultLabels("en-US").highlights == "Highlights");
  CHECK(DefaultLabels("xx").highlights == "Highlights");
  CHECK(LanguageDisplayName("zh-Hans") == "Simplified Chinese");
  CHECK(LanguageDisplayName("fr") == "French");
  ArticleSpec s;
  s.labels.conclusion = "写在最后";
  SectionLabels L = ResolvedLabels(s);
  CHECK(L.conclusion == "写在最后");
  CHECK(L.introduction == "引言");
  CHECK(L.separator == "：");
}

TEST_CASE("the shipped presets load, validate, and the seed's long read is the default") {
  const auto& presets = BuiltinPresets();
  REQUIRE(presets.size() >= 5);
  CHECK(presets[0].id == "wechat_long_read_zh");
  for (const Preset& p : presets) {
    CAPTURE(p.id);
    CHECK(ValidateSpec(p.spec).ok());
    CHECK_FALSE(p.spec.name.empty());
  }
  const Preset* d = FindPreset("wechat_long_read_zh");
  REQUIRE(d);
  CHECK(d->spec.output_language == "zh-Hans");
  CHECK(d->spec.title_emoji == EmojiPlacement::End);
  CHECK(d->spec.dialogue_render == DialogueRender::Fenced);
  CHECK(d->spec.highlights == 4);
  CHECK(FindPreset("Podcast show notes (English)") != nullptr);
  CHECK(FindPreset("show_notes_en")->spec.timestamps_in_headings);
  CHECK(FindPreset("nope") == nullptr);
}

TEST_CASE("a new project starts from the default preset, read on its own") {
  const ArticleSpec d = DefaultPresetSpec();
  CHECK(kDefaultPresetId == BuiltinPresets().front().id);
  CHECK(SpecToJson(d) == SpecToJson(BuiltinPresets().front().spec));
  CHECK(SpecToJson(Project().spec) == SpecToJson(d));
  CHECK(Project().preset_id == kDefaultPresetId);
}

#include "core/project.h"
#include "core/summary.h"

TEST_CASE("project: renames survive re-parsing; summary JSON has what the page shows") {
  Project p;
  p.transcript_text = "Speaker 1: Hello there.\nSpeaker 2: Hi.\nSpeaker 1: How are you?";
  p.source_url = "https://example.com/ep1";
  p.Reparse();
  CHECK(p.RenameSpeaker("Speaker 1", "Harry Stebbings", "host"));
  CHECK_FALSE(p.RenameSpeaker("Speaker 9", "X", ""));
  p.transcript_text += "\nSpeaker 2: Fine, thanks.";
  p.Reparse();
  CHECK(p.transcript.DisplayName("Speaker 1") == "Harry Stebbings");
  json s = TranscriptSummaryJson(p.transcript);
  CHECK(s["format"] == "speaker");
  CHECK(s["turns"] == 4);
  CHECK(s["speakers"][0]["name"] == "Harry Stebbings");
  CHECK(s["speakers"][0]["role"] == "host");
  CHECK(s["speakers"][1]["turns"] == 2);
  CHECK(s["sourceUrl"] == "https://example.com/ep1");
  CHECK(s["estimatedTokens"].get<int>() > 5);
  CHECK(s["warnings"].is_array());
  CHECK(p.spec.name == "WeChat long read (Chinese)");
  CHECK(p.ApplyPreset("blog_post_en"));
  CHECK(p.spec.output_language == "en");
  CHECK_FALSE(p.ApplyPreset("nope"));
}

TEST_CASE("users save their own presets, which survive a round trip and never shadow built-in ones") {
  Project p;
  p.ApplyPreset("blog_post_en");
  p.spec.highlights = 7;
  p.spec.tone = "dry and precise";
  std::string err;
  CHECK(p.SaveUserPreset("My engineering blog", &err));
  CHECK(p.preset_id == "user:My engineering blog");
  CHECK_FALSE(p.SaveUserPreset("Blog post (English)", &err));
  CHECK(err.find("built-in preset") != std::string::npos);
  CHECK_FALSE(p.SaveUserPreset("   ", &err));
  p.spec.highlights = 2;
  CHECK(p.SaveUserPreset("My engineering blog", &err));   // replaces
  CHECK(p.user_presets.size() == 1);
  const json saved = p.UserPresetsJson();

  Project q;
  q.LoadUserPresets(saved);
  REQUIRE(q.ApplyPreset("My engineering blog"));
  CHECK(q.spec.highlights == 2);
  CHECK(q.spec.tone == "dry and precise");
  CHECK(q.ApplyPreset("user:My engineering blog"));
  CHECK(q.ApplyPreset("blog_post_en"));
  CHECK(q.spec.highlights == 3);
  CHECK(q.DeleteUserPreset("My engineering blog"));
  CHECK_FALSE(q.ApplyPreset("My engineering blog"));
  q.LoadUserPresets(json::parse(R"J([{"name": "Blog post (English)"}, {"highlights": "x", "name": "bad"}, 5])J"));
  CHECK(q.user_presets.empty());
}
