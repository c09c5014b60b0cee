// Spec options for article quality: dialogue length and Chinese typography, in JSON, presets, the
// skeleton and assembly (the note over dialogue left in the transcript's words).
#include <string>

#include "core/article.h"
#include "core/spec.h"
#include "doctest/doctest.h"
#include "nlohmann/json.hpp"

using namespace tp;

TEST_CASE("dialogue length and Chinese typography round-trip through JSON, with clear errors") {
  ArticleSpec s;
  REQUIRE(SpecFromJsonText(R"({"dialogue_length":"key_exchanges","chinese_typography":true})", &s).ok());
  CHECK(s.dialogue_length == DialogueLength::KeyExchanges);
  CHECK(s.chinese_typography);
  ArticleSpec back;
  REQUIRE(SpecFromJson(SpecToJson(s), &back).ok());
  CHECK(back.dialogue_length == DialogueLength::KeyExchanges);
  CHECK(back.chinese_typography);
  const ValidationResult bad = SpecFromJsonText(R"({"dialogue_length":"half"})", &s);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.errors[0].message.find("\"full\", \"key_exchanges\", \"off\"") != std::string::npos);
  // Typography asked of an English article: a warning, not an error.
  const ValidationResult en = SpecFromJsonText(R"({"output_language":"en","chinese_typography":true})", &s);
  CHECK(en.ok());
  CHECK(en.warnings.size() == 1);
}

TEST_CASE("the WeChat preset normalizes Chinese typography; dialogue off by length keeps the chosen mode") {
  const Preset* wechat = FindPreset("wechat_long_read_zh");
  REQUIRE(wechat);
  CHECK(wechat->spec.chinese_typography);
  CHECK(wechat->spec.dialogue_length == DialogueLength::Full);
  CHECK_FALSE(FindPreset("blog_post_en")->spec.chinese_typography);
  ArticleSpec s = wechat->spec;
  CHECK(s.HasDialogue());
  s.dialogue_length = DialogueLength::Off;
  CHECK_FALSE(s.HasDialogue());
  CHECK(s.dialogue == DialogueMode::Translated);
  bool heading = false;
  for (const SkeletonItem& i : Skeleton(s)) heading |= i.text.find("详细对话") != std::string::npos;
  CHECK_FALSE(heading);
  s.dialogue_length = DialogueLength::KeyExchanges;
  for (const SkeletonItem& i : Skeleton(s)) heading |= i.text == "详细对话 (key exchanges)";
  CHECK(heading);
}

TEST_CASE("dialogue left in the transcript's words is shown under a note, fenced or as paragraphs") {
  ArticleSpec s = FindPreset("wechat_long_read_zh")->spec;
  ArticleContent c;
  c.title = "标题";
  c.dialogue = {{"A", -1, "你好", false}, {"B", -1, "Hello there", true}, {"A", -1, "Still English", true}, {"B", -1, "好的", false}};
  const std::string fenced = AssembleMarkdown(s, c);
  const std::string note = ResolvedLabels(s).untranslated;
  REQUIRE(!note.empty());
  CHECK(fenced.find("\n" + note + "\n\nB：Hello there") != std::string::npos);
  CHECK(fenced.find(note) == fenced.rfind(note));   // once per run of such turns
  s.dialogue_render = DialogueRender::Paragraphs;
  const std::string paras = AssembleMarkdown(s, c);
  CHECK(paras.find("_" + note + "_\n\n**B**：Hello there") != std::string::npos);
  for (const char* lang : {"en", "zh-Hant", "ja", "ko", "es", "fr", "de", "pt"}) {
    CAPTURE(lang);
    CHECK(!DefaultLabels(lang).untranslated.empty());
  }
}
