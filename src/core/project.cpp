#include "core/project.h"

#include "core/text_util.h"

namespace tp {

ArticleSpec Project::DefaultSpec() {
  const auto& presets = BuiltinPresets();
  return presets.empty() ? ArticleSpec() : presets.front().spec;
}

void Project::Reparse() {
  transcript = ParseTranscript(transcript_text, parse_options);
  transcript_tokens = EstimateTokens(transcript_text);
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

bool Project::ApplyPreset(std::string_view id_or_name) {
  const Preset* p = FindPreset(id_or_name);
  if (!p) return false;
  spec = p->spec;
  preset_id = p->id;
  return true;
}

}  // namespace tp
