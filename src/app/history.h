// History of past articles on this device: every finished generation is kept with its transcript, spec,
// provider (kind, preset, base URL, model — never the key), article and checks, in the history store
// (IndexedDB in the browser). The user lists, opens, renames, deletes and exports them all. A store
// failure (quota, blocked storage) is reported through `report`, never dropped; the list in memory stays
// correct for this tab either way.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace tp {

class App;

struct HistoryEntry {
  std::string id;                 // unique on this device, sortable by creation time
  std::string title;
  double created_ms = 0;          // Unix time
  std::string transcript;
  nlohmann::json spec;            // SpecToJson
  nlohmann::json provider;        // ProviderWithoutKey
  std::string article;            // Markdown
  nlohmann::json checks;          // null when none

  nlohmann::json ToJson() const;
  static bool FromJson(const nlohmann::json& j, HistoryEntry* out);   // false: not a history record
  nlohmann::json Summary() const;   // {id, title, created, chars} for lists (the API's history())
};

class History {
 public:
  // report(message, is_error): what the user should see on the status line.
  using Report = std::function<void(const std::string& message, bool is_error)>;
  explicit History(Report report) : report_(std::move(report)) {}

  void Load();                    // once at start; entries arrive with the store's answer
  bool loaded() const { return loaded_; }
  const std::vector<HistoryEntry>& entries() const { return entries_; }   // newest first
  const HistoryEntry* Find(const std::string& id) const;
  int version() const { return version_; }   // changes with every change of the list

  std::string Add(HistoryEntry entry);                          // the new id
  bool Rename(const std::string& id, const std::string& title);
  bool Remove(const std::string& id);
  std::string ExportAllJson() const;   // {"talkpressHistory":1, "entries":[...]} for a download

  // The provider settings a history entry may hold: kind, preset, base URL and model, nothing else.
  static nlohmann::json ProviderWithoutKey(const nlohmann::json& provider_settings);

 private:
  void Save(const HistoryEntry& e, const char* what);
  Report report_;
  std::vector<HistoryEntry> entries_;
  bool loaded_ = false;
  int version_ = 0;
  int next_serial_ = 0;
};

// The app's current article as a history entry (after a run finishes).
HistoryEntry CurrentArticleEntry(const App& app);
// Brings an entry back: its transcript, spec and article replace the current ones (the previous article
// can be brought back with undo). False with a reason when there is no such entry.
bool OpenHistoryEntry(App& app, const std::string& id, std::string* why);

// The automation API's history methods (rows in ApiMethods()); errors as {"error": {code, message}}.
namespace history_api {
nlohmann::json List(App& app, const nlohmann::json& args);     // history() -> {loaded, entries: [Summary]}
nlohmann::json Open(App& app, const nlohmann::json& args);     // openHistory(id) -> {ok, title}
nlohmann::json Delete(App& app, const nlohmann::json& args);   // deleteHistory(id) -> {ok}
nlohmann::json Rename(App& app, const nlohmann::json& args);   // renameHistory(id, title) -> {ok}
nlohmann::json ExportAll(App& app, const nlohmann::json& args);   // exportHistory() -> {json, fileName}
}  // namespace history_api

}  // namespace tp
