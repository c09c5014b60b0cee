// The user's working document: transcript text and how to read it, the parsed transcript, speaker
// names, and the article spec. Shared by the UI panels and the automation API.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "core/spec.h"
#include "core/transcript.h"

namespace tp {

struct SpeakerRename {
  std::string name;
  std::string role;
};

struct Project {
  std::string transcript_text;
  ParseOptions parse_options;
  std::string title;                       // user-given metadata wins over what the file says
  std::string source_url;
  std::string language_override;          // "" = detected
  std::map<std::string, SpeakerRename> renames;   // by speaker label; survive re-parsing
  Transcript transcript;                   // parsed from transcript_text
  ArticleSpec spec = DefaultSpec();
  std::string preset_id = kDefaultPresetId;
  std::vector<Preset> user_presets;        // the user's own, saved on this device

  static ArticleSpec DefaultSpec();
  // Re-parses transcript_text and applies metadata and renames.
  void Reparse();
  // Takes a parse of transcript_text (Reparse, or one read across frames) and applies the user's choices.
  void Adopt(Transcript parsed);
  // Renames a speaker (every later step uses the name); false when no such speaker exists.
  bool RenameSpeaker(const std::string& label, const std::string& name, const std::string& role);
  // Loads a preset (the user's own first, then the built-in ones) by id or name; false when there is none.
  bool ApplyPreset(std::string_view id_or_name);
  const Preset* FindAnyPreset(std::string_view id_or_name) const;
  // Saves the current spec as the user's preset `name` (replacing one of that name). Built-in names
  // cannot be reused.
  bool SaveUserPreset(std::string_view name, std::string* error);
  bool DeleteUserPreset(std::string_view id_or_name);
  nlohmann::json UserPresetsJson() const;
  void LoadUserPresets(const nlohmann::json& j);   // invalid entries are skipped
};

}  // namespace tp
