// The article structure the user configures (ArticleSpec), as versioned JSON with validation errors a
// person understands, plus localized section labels and the built-in presets.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nlohmann/json_fwd.hpp"

namespace tp {

enum class TitleStyle { Question, Statement, Hook };
enum class EmojiPlacement { Off, End, Start };
enum class DialogueMode { Off, Cleaned, Translated };   // cleaned original / translated into the output language
enum class DialogueRender { Paragraphs, Fenced };
// How much of the conversation the article carries: all of it, only the exchanges the outline marks as
// key (for platforms that cap an article's length), or none (the chosen mode is kept for later).
enum class DialogueLength { Full, KeyExchanges, Off };
enum class LengthUnit { Words, Characters };

// Headings and labels an article uses; empty fields fall back to the output language's defaults.
struct SectionLabels {
  std::string highlights, introduction, conclusion, dialogue, source, quotes, links;
  std::string separator;   // between a label and its subtitle: "：" in Chinese, ": " in English
  // Shown above dialogue turns left in the transcript's own words because their part failed.
  std::string untranslated;
};

// Body section length range (in the spec's unit), shared by the Structure tab's slider and the validator.
constexpr int kSectionLengthMin = 50;
constexpr int kSectionLengthMax = 5000;

struct ArticleSpec {
  static constexpr int kVersion = 1;
  int version = kVersion;
  std::string name = "WeChat long read (Chinese)";
  std::string output_language = "zh-Hans";   // BCP 47: zh-Hans, zh-Hant, en, ja, ko, es, fr, de, ...
  TitleStyle title_style = TitleStyle::Question;
  EmojiPlacement title_emoji = EmojiPlacement::End;
  bool lead = true;
  int highlights = 4;
  bool introduction = true;
  bool introduction_subtitle = true;
  int section_count = 4;                       // used when section_headings is empty
  std::vector<std::string> section_headings;   // the user's own headings, in order
  int section_length = 450;                    // per body section, in `length_unit`
  LengthUnit length_unit = LengthUnit::Characters;
  bool conclusion = true;
  bool conclusion_subtitle = true;
  int quotes = 0;                              // a section of verbatim quotes (show notes)
  bool links = false;                          // a "links mentioned" section (show notes)
  DialogueMode dialogue = DialogueMode::Translated;
  DialogueRender dialogue_render = DialogueRender::Fenced;
  DialogueLength dialogue_length = DialogueLength::Full;
  bool timestamps_in_headings = false;
  bool timestamps_in_dialogue = false;
  bool source_link = true;
  bool chinese_typography = false;             // normalize spacing, punctuation and quotes of Chinese output
  std::string tone = "insightful, vivid, accessible";
  std::string audience = "general readers curious about technology and business";
  std::string instructions;
  SectionLabels labels;                        // overrides; see ResolvedLabels()

  // The dialogue appears in the article (a mode other than off, and a length other than off).
  bool HasDialogue() const { return dialogue != DialogueMode::Off && dialogue_length != DialogueLength::Off; }
  int BodySectionCount() const { return section_headings.empty() ? section_count : (int)section_headings.size(); }
};

struct ValidationIssue {
  std::string field;     // JSON key path, e.g. "highlights" or "section_headings[2]"
  std::string message;   // a sentence a person can act on
};

struct ValidationResult {
  std::vector<ValidationIssue> errors;     // the spec cannot be used as is
  std::vector<ValidationIssue> warnings;   // usable, but probably not what the user meant
  bool ok() const { return errors.empty(); }
};

// Reads a spec from JSON. Missing fields keep their defaults; wrong types and out-of-range values are
// errors (the field keeps its default). Unknown keys are warnings.
ValidationResult SpecFromJson(const nlohmann::json& j, ArticleSpec* out);
ValidationResult SpecFromJsonText(std::string_view text, ArticleSpec* out);
nlohmann::json SpecToJson(const ArticleSpec& spec);
ValidationResult ValidateSpec(const ArticleSpec& spec);

// Labels for the spec's output language with the spec's overrides applied.
SectionLabels ResolvedLabels(const ArticleSpec& spec);
SectionLabels DefaultLabels(std::string_view language);
// "Simplified Chinese", "English", ... named explicitly in prompts.
std::string LanguageDisplayName(std::string_view language);
bool IsCjkLanguage(std::string_view language);

// ---- presets ----
struct Preset {
  std::string id;      // file stem: "wechat_long_read_zh"
  ArticleSpec spec;
};
// The presets shipped in assets/presets (embedded at build time). The first is the default.
const std::vector<Preset>& BuiltinPresets();
// The default preset's id (its file stem) and its spec alone: a new project starts from it, and reading
// one file instead of every preset keeps the others off the start-up path.
constexpr const char* kDefaultPresetId = "wechat_long_read_zh";
ArticleSpec DefaultPresetSpec();
const Preset* FindPreset(std::string_view id_or_name);

const char* ToString(TitleStyle v);
const char* ToString(EmojiPlacement v);
const char* ToString(DialogueMode v);
const char* ToString(DialogueRender v);
const char* ToString(LengthUnit v);
const char* ToString(DialogueLength v);

}  // namespace tp
