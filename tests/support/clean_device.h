// A clean native device for the App's tests: empty storage and history, no scripted responses or
// recorded requests, and every request answered by the faithful fake model (support/fake_model.h).
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "app/app.h"
#include "platform/native/native_platform.h"
#include "support/fake_model.h"

namespace tp::test {

struct CleanDevice {
  FakeModel model;
  CleanDevice() {
    platform::native::TheStorage() = platform::native::Storage();
    platform::native::TheHistoryStore() = platform::native::HistoryRecords();
    platform::native::Transport().queue.clear();
    platform::native::Transport().requests.clear();
    platform::native::Transport().responder = [this](const HttpRequest& r) { return model.Respond(r); };
  }
  ~CleanDevice() { platform::native::Transport().responder = nullptr; }
  CleanDevice(const CleanDevice&) = delete;
  CleanDevice& operator=(const CleanDevice&) = delete;
};

// Starts a generation and answers every request until the run ends; the run must end in `expected`.
inline void GenerateToEnd(App& app, Pipeline::Status expected = Pipeline::Status::Done) {
  std::string why;
  REQUIRE_MESSAGE(app.Generate(&why), why);
  platform::native::Scheduler().RunUntilIdle();
  REQUIRE(app.run()->status() == expected);
}

}  // namespace tp::test
