// The history store in memory, for tests: the same contract as IndexedDB, failures switchable.
#include "platform/history_store.h"
#include "platform/native/native_platform.h"

namespace tp::platform {

namespace native {
HistoryRecords& TheHistoryStore() {
  static HistoryRecords store;
  return store;
}
}  // namespace native

void HistoryPut(const std::string& id, const std::string& record_json, HistoryDone done) {
  auto& s = native::TheHistoryStore();
  if (!s.fail_writes.empty()) { if (done) done(false, s.fail_writes); return; }
  s.records[id] = record_json;
  if (done) done(true, "");
}

void HistoryDelete(const std::string& id, HistoryDone done) {
  native::TheHistoryStore().records.erase(id);
  if (done) done(true, "");
}

void HistoryLoadAll(HistoryLoaded done) {
  std::vector<std::string> out;
  for (const auto& [id, json] : native::TheHistoryStore().records) out.push_back(json);
  if (done) done(true, "", std::move(out));
}

}  // namespace tp::platform
