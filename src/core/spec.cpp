// ArticleSpec JSON, validation, labels and presets. Index: enum names · labels · languages ·
// SpecFromJson (field table) · SpecToJson · ValidateSpec · presets.
#include "core/spec.h"

#include <algorithm>
#include <functional>
#include <set>

#include "core/embedded_assets.h"
#include "core/text_util.h"
#include "nlohmann/json.hpp"

namespace tp {

using nlohmann::json;

const char* ToString(TitleStyle v) {
  switch (v) { case TitleStyle::Question: return "question"; case TitleStyle::Statement: return "statement"; case TitleStyle::Hook: return "hook"; }
  return "question";
}
const char* ToString(EmojiPlacement v) {
  switch (v) { case EmojiPlacement::Off: return "off"; case EmojiPlacement::End: return "end"; case EmojiPlacement::Start: return "start"; }
  return "off";
}
const char* ToString(DialogueMode v) {
  switch (v) { case DialogueMode::Off: return "off"; case DialogueMode::Cleaned: return "cleaned"; case DialogueMode::Translated: return "translated"; }
  return "off";
}
const char* ToString(DialogueRender v) { return v == DialogueRender::Fenced ? "fenced" : "paragraphs"; }
const char* ToString(DialogueLength v) {
  switch (v) { case DialogueLength::Full: return "full"; case DialogueLength::KeyExchanges: return "key_exchanges"; case DialogueLength::Off: return "off"; }
  return "full";
}
const char* ToString(LengthUnit v) { return v == LengthUnit::Words ? "words" : "characters"; }

// ---------------------------------------------------------------------------------------------- labels

namespace {
struct LanguageInfo {
  const char* code;
  const char* display;
  SectionLabels labels;
};

const LanguageInfo kLanguages[] = {
    {"zh-Hans", "Simplified Chinese", {"亮点", "引言", "结论", "详细对话", "原链接", "金句", "相关链接", "：", "以下几段保留原文：这部分对话未能处理，可在进度列表中单独重试。"}},
    {"zh-Hant", "Traditional Chinese", {"亮點", "引言", "結論", "詳細對話", "原連結", "金句", "相關連結", "：", "以下幾段保留原文：這部分對話未能處理，可在進度列表中單獨重試。"}},
    {"en", "English", {"Highlights", "Introduction", "Conclusion", "The full conversation", "Source", "Quotes", "Links mentioned", ": ", "The following turns are as in the transcript: this part could not be processed; retry it from the progress list."}},
    {"ja", "Japanese", {"ハイライト", "はじめに", "まとめ", "対話全文", "元リンク", "名言", "関連リンク", "：", "以下は原文のままです。この部分は処理できませんでした。進行状況の一覧から再試行できます。"}},
    {"ko", "Korean", {"하이라이트", "들어가며", "결론", "전체 대화", "원문 링크", "인용", "관련 링크", ": ", "다음 발언은 원문 그대로입니다. 이 부분은 처리하지 못했으며 진행 목록에서 다시 시도할 수 있습니다."}},
    {"es", "Spanish", {"Puntos clave", "Introducción", "Conclusión", "La conversación completa", "Fuente", "Citas", "Enlaces", ": ", "Los siguientes turnos aparecen como en la transcripción: esta parte no se pudo procesar; vuelve a intentarlo desde la lista de progreso."}},
    {"fr", "French", {"Points clés", "Introduction", "Conclusion", "La conversation complète", "Source", "Citations", "Liens", " : ", "Les interventions suivantes sont telles que dans la transcription : cette partie n’a pas pu être traitée ; relancez-la depuis la liste de progression."}},
    {"de", "German", {"Highlights", "Einleitung", "Fazit", "Das ganze Gespräch", "Quelle", "Zitate", "Links", ": ", "Die folgenden Beiträge stehen wie im Transkript: Dieser Teil konnte nicht verarbeitet werden; wiederholen Sie ihn in der Fortschrittsliste."}},
    {"pt", "Portuguese", {"Destaques", "Introdução", "Conclusão", "A conversa completa", "Fonte", "Citações", "Links", ": ", "As falas seguintes estão como na transcrição: esta parte não pôde ser processada; tente de novo na lista de progresso."}},
};

const LanguageInfo* FindLanguage(std::string_view code) {
  std::string c = text::ToLowerAscii(code);
  // Accept common spellings: zh, zh-CN, zh-cn, zh-Hans-CN → zh-Hans; zh-TW, zh-HK → zh-Hant; en-US → en.
  if (c == "zh" || text::StartsWith(c, "zh-hans") || c == "zh-cn" || c == "zh-sg") c = "zh-hans";
  else if (text::StartsWith(c, "zh-hant") || c == "zh-tw" || c == "zh-hk" || c == "zh-mo") c = "zh-hant";
  else {
    size_t dash = c.find('-');
    if (dash != std::string::npos) c = c.substr(0, dash);
  }
  for (const LanguageInfo& l : kLanguages)
    if (text::ToLowerAscii(l.code) == c) return &l;
  return nullptr;
}
}  // namespace

SectionLabels DefaultLabels(std::string_view language) {
  const LanguageInfo* l = FindLanguage(language);
  return l ? l->labels : kLanguages[2].labels;   // English labels for languages without a table
}

std::string LanguageDisplayName(std::string_view language) {
  const LanguageInfo* l = FindLanguage(language);
  return l ? l->display : std::string(language);
}

bool IsCjkLanguage(std::string_view language) {
  std::string c = text::ToLowerAscii(language);
  return text::StartsWith(c, "zh") || text::StartsWith(c, "ja") || text::StartsWith(c, "ko");
}

SectionLabels ResolvedLabels(const ArticleSpec& spec) {
  SectionLabels d = DefaultLabels(spec.output_language);
  const SectionLabels& o = spec.labels;
  auto pick = [](const std::string& over, const std::string& def) { return over.empty() ? def : over; };
  return {pick(o.highlights, d.highlights), pick(o.introduction, d.introduction), pick(o.conclusion, d.conclusion),
          pick(o.dialogue, d.dialogue),     pick(o.source, d.source),             pick(o.quotes, d.quotes),
          pick(o.links, d.links),           pick(o.separator, d.separator),       pick(o.untranslated, d.untranslated)};
}

// ---------------------------------------------------------------------------------------------- JSON

namespace {

struct Reader {
  const json& j;
  ValidationResult& r;
  std::set<std::string> seen;

  const json* Get(const char* key) {
    seen.insert(key);
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? nullptr : &*it;
  }
  void Bool(const char* key, bool* out) {
    if (const json* v = Get(key)) {
      if (v->is_boolean()) *out = v->get<bool>();
      else r.errors.push_back({key, std::string("\"") + key + "\" must be true or false."});
    }
  }
  void Int(const char* key, int* out, int lo, int hi, const char* what) {
    if (const json* v = Get(key)) {
      if (!v->is_number_integer() && !(v->is_number_float() && v->get<double>() == (double)(long long)v->get<double>())) {
        r.errors.push_back({key, std::string("\"") + key + "\" must be a whole number (" + what + ")."});
        return;
      }
      long long x = v->is_number_integer() ? v->get<long long>() : (long long)v->get<double>();
      if (x < lo || x > hi) {
        r.errors.push_back({key, std::string(what) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
                                     " (got " + std::to_string(x) + ")."});
        return;
      }
      *out = (int)x;
    }
  }
  void String(const char* key, std::string* out, size_t max_len = 4000) {
    if (const json* v = Get(key)) {
      if (!v->is_string()) { r.errors.push_back({key, std::string("\"") + key + "\" must be text."}); return; }
      std::string s = v->get<std::string>();
      if (s.size() > max_len) {
        r.errors.push_back({key, std::string("\"") + key + "\" is too long (" + std::to_string(s.size()) +
                                     " bytes; at most " + std::to_string(max_len) + ")."});
        return;
      }
      *out = s;
    }
  }
  template <typename E>
  void Enum(const char* key, E* out, std::initializer_list<E> values) {
    if (const json* v = Get(key)) {
      std::string allowed;
      for (E e : values) allowed += (allowed.empty() ? "" : ", ") + std::string("\"") + ToString(e) + "\"";
      if (v->is_string()) {
        std::string s = text::ToLowerAscii(v->get<std::string>());
        for (E e : values)
          if (s == ToString(e)) { *out = e; return; }
      }
      r.errors.push_back({key, std::string("\"") + key + "\" must be one of " + allowed + "."});
    }
  }
};

}  // namespace

ValidationResult SpecFromJson(const json& j, ArticleSpec* out) {
  ValidationResult r;
  if (!j.is_object()) {
    r.errors.push_back({"", "An article spec must be a JSON object."});
    return r;
  }
  ArticleSpec s;
  Reader rd{j, r, {}};
  rd.Int("version", &s.version, 1, 1000, "The spec version");
  if (s.version > ArticleSpec::kVersion)
    r.errors.push_back({"version", "This spec was written by a newer TalkPress (version " + std::to_string(s.version) +
                                       "); this one reads version " + std::to_string(ArticleSpec::kVersion) + "."});
  rd.String("name", &s.name, 200);
  rd.String("output_language", &s.output_language, 35);
  rd.Enum("title_style", &s.title_style, {TitleStyle::Question, TitleStyle::Statement, TitleStyle::Hook});
  rd.Enum("title_emoji", &s.title_emoji, {EmojiPlacement::Off, EmojiPlacement::End, EmojiPlacement::Start});
  rd.Bool("lead", &s.lead);
  rd.Int("highlights", &s.highlights, 0, 20, "The number of highlights");
  rd.Bool("introduction", &s.introduction);
  rd.Bool("introduction_subtitle", &s.introduction_subtitle);
  rd.Int("section_count", &s.section_count, 0, 20, "The number of body sections");
  if (const json* v = rd.Get("section_headings")) {
    if (!v->is_array()) r.errors.push_back({"section_headings", "\"section_headings\" must be a list of headings."});
    else {
      std::vector<std::string> hs;
      for (size_t i = 0; i < v->size(); ++i) {
        const json& h = (*v)[i];
        std::string field = "section_headings[" + std::to_string(i) + "]";
        if (!h.is_string() || text::Trim(h.get<std::string>()).empty())
          r.errors.push_back({field, "Heading " + std::to_string(i + 1) + " must be non-empty text."});
        else hs.emplace_back(text::Trim(h.get<std::string>()));
      }
      if (hs.size() > 20) r.errors.push_back({"section_headings", "At most 20 section headings are supported."});
      else s.section_headings = hs;
    }
  }
  rd.Int("section_length", &s.section_length, kSectionLengthMin, kSectionLengthMax, "The section length");
  rd.Enum("length_unit", &s.length_unit, {LengthUnit::Words, LengthUnit::Characters});
  rd.Bool("conclusion", &s.conclusion);
  rd.Bool("conclusion_subtitle", &s.conclusion_subtitle);
  rd.Int("quotes", &s.quotes, 0, 20, "The number of quotes");
  rd.Bool("links", &s.links);
  rd.Enum("dialogue", &s.dialogue, {DialogueMode::Off, DialogueMode::Cleaned, DialogueMode::Translated});
  rd.Enum("dialogue_render", &s.dialogue_render, {DialogueRender::Paragraphs, DialogueRender::Fenced});
  rd.Enum("dialogue_length", &s.dialogue_length, {DialogueLength::Full, DialogueLength::KeyExchanges, DialogueLength::Off});
  rd.Bool("timestamps_in_headings", &s.timestamps_in_headings);
  rd.Bool("timestamps_in_dialogue", &s.timestamps_in_dialogue);
  rd.Bool("source_link", &s.source_link);
  rd.Bool("chinese_typography", &s.chinese_typography);
  rd.String("tone", &s.tone, 500);
  rd.String("audience", &s.audience, 500);
  rd.String("instructions", &s.instructions, 8000);
  if (const json* v = rd.Get("labels")) {
    if (!v->is_object()) r.errors.push_back({"labels", "\"labels\" must be an object of label texts."});
    else {
      ValidationResult lr;
      Reader lrd{*v, lr, {}};
      SectionLabels& L = s.labels;
      lrd.String("highlights", &L.highlights, 100);
      lrd.String("introduction", &L.introduction, 100);
      lrd.String("conclusion", &L.conclusion, 100);
      lrd.String("dialogue", &L.dialogue, 100);
      lrd.String("source", &L.source, 100);
      lrd.String("quotes", &L.quotes, 100);
      lrd.String("links", &L.links, 100);
      lrd.String("separator", &L.separator, 10);
      for (auto& e : lr.errors) r.errors.push_back({"labels." + e.field, e.message});
      for (auto it = v->begin(); it != v->end(); ++it)
        if (!lrd.seen.count(it.key())) r.warnings.push_back({"labels." + it.key(), "Unknown label \"" + it.key() + "\" is ignored."});
    }
  }
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!rd.seen.count(it.key())) r.warnings.push_back({it.key(), "Unknown setting \"" + it.key() + "\" is ignored."});
  ValidationResult semantic = ValidateSpec(s);
  r.errors.insert(r.errors.end(), semantic.errors.begin(), semantic.errors.end());
  r.warnings.insert(r.warnings.end(), semantic.warnings.begin(), semantic.warnings.end());
  *out = s;
  return r;
}

ValidationResult SpecFromJsonText(std::string_view text, ArticleSpec* out) {
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) {
    ValidationResult r;
    r.errors.push_back({"", "The spec is not valid JSON."});
    return r;
  }
  return SpecFromJson(j, out);
}

json SpecToJson(const ArticleSpec& s) {
  json labels = json::object();
  const SectionLabels& L = s.labels;
  auto put = [&](const char* k, const std::string& v) { if (!v.empty()) labels[k] = v; };
  put("highlights", L.highlights); put("introduction", L.introduction); put("conclusion", L.conclusion);
  put("dialogue", L.dialogue); put("source", L.source); put("quotes", L.quotes); put("links", L.links);
  put("separator", L.separator);
  return json{{"version", s.version},
              {"name", s.name},
              {"output_language", s.output_language},
              {"title_style", ToString(s.title_style)},
              {"title_emoji", ToString(s.title_emoji)},
              {"lead", s.lead},
              {"highlights", s.highlights},
              {"introduction", s.introduction},
              {"introduction_subtitle", s.introduction_subtitle},
              {"section_count", s.section_count},
              {"section_headings", s.section_headings},
              {"section_length", s.section_length},
              {"length_unit", ToString(s.length_unit)},
              {"conclusion", s.conclusion},
              {"conclusion_subtitle", s.conclusion_subtitle},
              {"quotes", s.quotes},
              {"links", s.links},
              {"dialogue", ToString(s.dialogue)},
              {"dialogue_render", ToString(s.dialogue_render)},
              {"dialogue_length", ToString(s.dialogue_length)},
              {"timestamps_in_headings", s.timestamps_in_headings},
              {"timestamps_in_dialogue", s.timestamps_in_dialogue},
              {"source_link", s.source_link},
              {"chinese_typography", s.chinese_typography},
              {"tone", s.tone},
              {"audience", s.audience},
              {"instructions", s.instructions},
              {"labels", labels}};
}

ValidationResult ValidateSpec(const ArticleSpec& s) {
  ValidationResult r;
  if (text::Trim(s.output_language).empty())
    r.errors.push_back({"output_language", "Choose an output language (for example \"zh-Hans\" or \"en\")."});
  else if (!FindLanguage(s.output_language))
    r.warnings.push_back({"output_language", "TalkPress has no built-in labels for \"" + s.output_language +
                                                 "\"; English labels are used unless you set your own."});
  if (s.BodySectionCount() == 0 && !s.introduction && !s.conclusion && s.highlights == 0 && s.dialogue == DialogueMode::Off &&
      s.quotes == 0)
    r.errors.push_back({"section_count", "The article would be empty: enable at least one part (sections, "
                                         "introduction, conclusion, highlights, quotes or dialogue)."});
  if (s.chinese_typography && !text::StartsWith(text::ToLowerAscii(s.output_language), "zh"))
    r.warnings.push_back({"chinese_typography", "Chinese typography applies only to Chinese output; it is ignored for " +
                                                    LanguageDisplayName(s.output_language) + "."});
  if (IsCjkLanguage(s.output_language) && s.length_unit == LengthUnit::Words)
    r.warnings.push_back({"length_unit", "Chinese, Japanese and Korean text is usually measured in characters, not words."});
  std::set<std::string> seen;
  for (size_t i = 0; i < s.section_headings.size(); ++i)
    if (!seen.insert(s.section_headings[i]).second)
      r.warnings.push_back({"section_headings[" + std::to_string(i) + "]",
                            "The heading \"" + s.section_headings[i] + "\" appears twice; sections should be distinct."});
  return r;
}

// ---------------------------------------------------------------------------------------------- presets

const std::vector<Preset>& BuiltinPresets() {
  static const std::vector<Preset> presets = [] {
    std::vector<Preset> out;
    // The default preset comes first; the others follow in file-name order.
    const std::string default_id = kDefaultPresetId;
    for (const EmbeddedAsset& a : EmbeddedAssets()) {
      if (!text::StartsWith(a.path, "presets/") || !text::EndsWith(a.path, ".json")) continue;
      Preset p;
      p.id = std::string(a.path.substr(8, a.path.size() - 8 - 5));
      if (!SpecFromJsonText(a.data, &p.spec).ok()) continue;   // a broken preset is caught by the unit tests
      if (p.id == default_id) out.insert(out.begin(), p); else out.push_back(p);
    }
    return out;
  }();
  return presets;
}

ArticleSpec DefaultPresetSpec() {
  const std::string path = std::string("presets/") + kDefaultPresetId + ".json";
  ArticleSpec spec;
  if (!SpecFromJsonText(FindEmbeddedAsset(path), &spec).ok()) return ArticleSpec();   // caught by the unit tests
  return spec;
}

const Preset* FindPreset(std::string_view id_or_name) {
  for (const Preset& p : BuiltinPresets())
    if (p.id == id_or_name || p.spec.name == id_or_name) return &p;
  return nullptr;
}

}  // namespace tp
