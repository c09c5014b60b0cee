#include "core/project.h"

#include "core/text_util.h"

namespace tp {

ArticleSpec Project::DefaultSpec() { return DefaultPresetSpec(); }

void Project::Reparse() { Adopt(ParseTranscript(transcript_text, parse_options)); }

void Project::Adopt(Transcript parsed) {
  transcript = std::move(parsed);
  if (!text::Trim(title).empty()) transcript.meta.title = title;
  if (!text::Trim(source_url).empty()) transcript.meta.source_url = source_url;
  if (!language_override.empty()) transcript.meta.language = language_override;
  for (const auto& [label, r] : renames) transcript.RenameSpeaker(label, r.name, r.role);
}

bool Project::RenameSpeaker(const std::string& label, const std::string& name, const std::string& role) {
  if (!transcript.RenameSpeaker(label, name, role)) return false;
  renames[label] = {name, role};
  return true;
}

const Preset* Project::FindAnyPreset(std::string_view id_or_name) const {
  for (const Preset& p : user_presets)
    if (p.id == id_or_name || p.spec.name == id_or_name) return &p;
  return FindPreset(id_or_name);
}

bool Project::SaveUserPreset(std::string_view name, std::string* error) {
  const std::string n(text::Trim(name));
  if (n.empty()) { *error = "Give the preset a name."; return false; }
  if (n.size() > 200) { *error = "The preset name is too long."; return false; }
  if (FindPreset(n)) { *error = "\"" + n + "\" is the name of a built-in preset; choose another name."; return false; }
  const ValidationResult v = ValidateSpec(spec);
  if (!v.ok()) { *error = "The structure has a problem: " + v.errors[0].message; return false; }
  Preset p;
  p.id = "user:" + n;
  p.spec = spec;
  p.spec.name = n;
  for (Preset& existing : user_presets)
    if (existing.spec.name == n) { existing = p; spec.name = n; preset_id = p.id; return true; }
  user_presets.push_back(p);
  spec.name = n;
  preset_id = p.id;
  return true;
}

bool Project::DeleteUserPreset(std::string_view id_or_name) {
  for (size_t i = 0; i < user_presets.size(); ++i)
    if (user_presets[i].id == id_or_name || user_presets[i].spec.name == id_or_name) {
      user_presets.erase(user_presets.begin() + (long)i);
      return true;
    }
  return false;
}

nlohmann::json Project::UserPresetsJson() const {
  nlohmann::json out = nlohmann::json::array();
  for (const Preset& p : user_presets) out.push_back(SpecToJson(p.spec));
  return out;
}

void Project::LoadUserPresets(const nlohmann::json& j) {
  user_presets.clear();
  if (!j.is_array()) return;
  for (const nlohmann::json& x : j) {
    Preset p;
    if (!SpecFromJson(x, &p.spec).ok() || text::Trim(p.spec.name).empty() || FindPreset(p.spec.name)) continue;
    p.id = "user:" + p.spec.name;
    user_presets.push_back(p);
  }
}

bool Project::ApplyPreset(std::string_view id_or_name) {
  const Preset* p = FindAnyPreset(id_or_name);
  if (!p) return false;
  spec = p->spec;
  preset_id = p->id;
  return true;
}

}  // namespace tp
