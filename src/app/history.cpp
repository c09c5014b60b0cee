// History of past articles. Index: HistoryEntry (JSON) · History (list, store calls) · App glue.
#include "app/history.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "app/app.h"
#include "core/json_util.h"
#include "core/spec.h"
#include "platform/history_store.h"

namespace tp {

using nlohmann::json;

json HistoryEntry::ToJson() const {
  return json{{"talkpressHistory", 1}, {"id", id},           {"title", title},       {"created", created_ms},
              {"transcript", transcript}, {"spec", spec},     {"provider", provider}, {"article", article},
              {"checks", checks}};
}

bool HistoryEntry::FromJson(const json& j, HistoryEntry* out) {
  if (!j.is_object() || js::Int(j, "talkpressHistory") != 1 || js::Str(j, "id").empty()) return false;
  out->id = js::Str(j, "id");
  out->title = js::Str(j, "title");
  out->created_ms = j.contains("created") && j["created"].is_number() ? j["created"].get<double>() : 0;
  out->transcript = js::Str(j, "transcript");
  out->spec = js::At(j, "spec");
  out->provider = History::ProviderWithoutKey(js::At(j, "provider"));   // an older or edited record cannot bring a key in
  out->article = js::Str(j, "article");
  out->checks = js::At(j, "checks");
  return true;
}

json HistoryEntry::Summary() const {
  return json{{"id", id}, {"title", title}, {"created", created_ms}, {"chars", article.size()},
              {"model", js::Str(provider, "model")}};
}

json History::ProviderWithoutKey(const json& p) {
  json out = json::object();
  for (const char* k : {"kind", "preset", "baseUrl", "model"})
    if (p.is_object() && p.contains(k) && p[k].is_string()) out[k] = p[k];
  return out;
}

void History::Load() {
  platform::HistoryLoadAll([this](bool ok, const std::string& error, std::vector<std::string> records) {
    loaded_ = true;
    ++version_;
    if (!ok) {
      report_("Past articles could not be read from this browser's storage: " + error, true);
      return;
    }
    for (const std::string& r : records) {
      HistoryEntry e;
      if (!HistoryEntry::FromJson(js::Parse(r), &e)) continue;
      if (!Find(e.id)) entries_.push_back(std::move(e));
    }
    std::sort(entries_.begin(), entries_.end(), [](const HistoryEntry& a, const HistoryEntry& b) {
      return a.created_ms != b.created_ms ? a.created_ms > b.created_ms : a.id > b.id;
    });
  });
}

const HistoryEntry* History::Find(const std::string& id) const {
  for (const HistoryEntry& e : entries_)
    if (e.id == id) return &e;
  return nullptr;
}

void History::Save(const HistoryEntry& e, const char* what) {
  const std::string title = e.title;
  platform::HistoryPut(e.id, e.ToJson().dump(-1, ' ', false, json::error_handler_t::replace),
                       [this, title, what](bool ok, const std::string& error) {
                         if (!ok)
                           report_(std::string("History: \"") + title + "\" could not be " + what +
                                       " in this browser's storage (" + error +
                                       "). It stays in the list until the page closes; download it to keep it.",
                                   true);
                       });
}

std::string History::Add(HistoryEntry e) {
  if (e.created_ms <= 0)
    e.created_ms = (double)std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  char id[48];
  std::snprintf(id, sizeof id, "a%013.0f-%d", e.created_ms, next_serial_++);
  e.id = id;
  e.provider = ProviderWithoutKey(e.provider);
  entries_.insert(entries_.begin(), e);
  ++version_;
  Save(entries_.front(), "saved");
  return e.id;
}

bool History::Rename(const std::string& id, const std::string& title) {
  for (HistoryEntry& e : entries_)
    if (e.id == id) {
      e.title = title;
      ++version_;
      Save(e, "renamed");
      return true;
    }
  return false;
}

bool History::Remove(const std::string& id) {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const HistoryEntry& e) { return e.id == id; });
  if (it == entries_.end()) return false;
  const std::string title = it->title;
  entries_.erase(it);
  ++version_;
  platform::HistoryDelete(id, [this, title](bool ok, const std::string& error) {
    if (!ok) report_("History: \"" + title + "\" could not be deleted from this browser's storage (" + error + ").", true);
  });
  return true;
}

std::string History::ExportAllJson() const {
  json all = json::array();
  for (const HistoryEntry& e : entries_) all.push_back(e.ToJson());
  return json{{"talkpressHistory", 1}, {"entries", all}}.dump(1, ' ', false, json::error_handler_t::replace);
}

// ------------------------------------------------------------------------------------------ App glue

HistoryEntry CurrentArticleEntry(const App& app) {
  HistoryEntry e;
  e.title = app.ArticleTitle();
  e.transcript = app.project().transcript_text;
  e.spec = SpecToJson(app.project().spec);
  e.provider = History::ProviderWithoutKey(js::At(app.SettingsJson(), "provider"));
  e.article = app.article();
  e.checks = app.checks();
  return e;
}

bool OpenHistoryEntry(App& app, const std::string& id, std::string* why) {
  const HistoryEntry* found = app.past_articles().Find(id);
  if (!found) { *why = "No past article with id \"" + id + "\"."; return false; }
  const HistoryEntry e = *found;   // the calls below may change the list
  TranscriptOrigin origin;
  origin.status = "Opened \"" + e.title + "\" from history.";
  app.ReplaceTranscript(e.transcript, origin);
  ArticleSpec spec = app.project().spec;
  if (e.spec.is_object()) {
    ArticleSpec saved;
    SpecFromJson(e.spec, &saved);   // fields it cannot read keep their defaults
    spec = saved;
  }
  app.UpdateSpec(spec);
  app.ReplaceArticle(e.article, "Opened from history");
  app.Say("Opened \"" + e.title + "\" from history (Ctrl/Cmd+Z brings back the article before it).");
  return true;
}

// ------------------------------------------------------------------------------- automation API

namespace history_api {
namespace {
json NotFound(const std::string& id) {
  return json{{"error", {{"code", "not_found"}, {"message", "No past article with id \"" + id + "\"."}}}};
}
}  // namespace

json List(App& app, const json&) {
  json entries = json::array();
  for (const HistoryEntry& e : app.past_articles().entries()) entries.push_back(e.Summary());
  return json{{"loaded", app.past_articles().loaded()}, {"entries", entries}};
}

json Open(App& app, const json& a) {
  std::string why;
  const std::string id = js::Str(a, "id");
  if (!OpenHistoryEntry(app, id, &why)) return NotFound(id);
  return json{{"ok", true}, {"title", app.past_articles().Find(id) ? app.past_articles().Find(id)->title : ""}};
}

json Delete(App& app, const json& a) {
  const std::string id = js::Str(a, "id");
  if (!app.past_articles().Remove(id)) return NotFound(id);
  return json{{"ok", true}};
}

json Rename(App& app, const json& a) {
  const std::string id = js::Str(a, "id");
  if (!app.past_articles().Rename(id, js::Str(a, "title"))) return NotFound(id);
  return json{{"ok", true}};
}

json ExportAll(App& app, const json&) {
  return json{{"json", app.past_articles().ExportAllJson()}, {"fileName", "talkpress-history.json"}};
}
}  // namespace history_api

}  // namespace tp
