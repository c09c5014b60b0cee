// History store seam: past articles as JSON records by id, in the browser's IndexedDB (room for many
// transcripts, unlike localStorage); natively in memory. Every operation answers later, through its
// callback, on the main thread; a failure (quota exceeded, storage blocked) comes back as a message for
// the user, never silently.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace tp::platform {

using HistoryDone = std::function<void(bool ok, const std::string& error)>;
using HistoryLoaded = std::function<void(bool ok, const std::string& error, std::vector<std::string> records)>;

void HistoryPut(const std::string& id, const std::string& record_json, HistoryDone done);
void HistoryDelete(const std::string& id, HistoryDone done);
void HistoryLoadAll(HistoryLoaded done);   // every record, in no particular order

}  // namespace tp::platform
