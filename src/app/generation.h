// The app's article generation: runs the core Pipeline with the chosen provider, publishes progress to
// the UI and the automation API, puts the result in the article pane, and saves finished steps so a
// reload resumes instead of starting over.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/pipeline.h"

namespace tp {

struct Generation {
  std::unique_ptr<Pipeline> pipeline;
  std::string started_for;   // fingerprint of transcript + spec the pipeline was built for
  std::function<void(bool ok)> on_finish_once;   // the API's pending generate() Promise

  // Starts (or continues, when transcript and spec are unchanged) a run. False with *why when it cannot start.
  bool Start(std::string* why);
  void Cancel();
  bool Running() const { return pipeline && pipeline->status() == Pipeline::Status::Running; }
  nlohmann::json StateJson() const;
  PipelinePlan Plan() const;

  // Persistence (localStorage): the project and finished steps.
  void SaveProgress() const;
  void RestoreProgress();

 private:
  int saved_done_ = -1;
  mutable std::string plan_key_;
  mutable PipelinePlan plan_;
};

Generation& Gen();
std::string ProjectFingerprint();

}  // namespace tp
