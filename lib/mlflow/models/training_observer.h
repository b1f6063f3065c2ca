// TrainingObserver: how training reports parameters, per-epoch metrics and progress.
//
// SentimentModel::Train calls the observer from the calling thread only, in this order:
// OnParam for every parameter (TrainingConfig::ToParams), then OnProgress and OnEpoch as
// training advances. The models library does not depend on the tracking client; the caller
// plugs MLflow logging in by implementing this interface (e.g. OnEpoch -> log_metric with
// step). Every callback has an empty default. Observers are borrowed, never owned.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace mlflow::models {

struct EpochReport {
  std::string stage;            // "logistic_regression", or "member1.embedding_bag" in an ensemble
  int step = 0;                 // increases by one per report across the whole training
  int epoch = 0;                // epoch / iteration within the stage (1-based)
  double loss = 0.0;            // the stage's mean training objective
  double monitor_macro_recall;  // on the monitor dataset; NaN when none was given
};

class TrainingObserver {
 public:
  virtual ~TrainingObserver() = default;
  virtual void OnParam(const std::string& /*key*/, const std::string& /*value*/) {}
  virtual void OnEpoch(const EpochReport& /*report*/) {}
  // `fraction` of the whole training done, in [0, 1]; `stage` says what runs now.
  virtual void OnProgress(std::string_view /*stage*/, double /*fraction*/) {}
};

// Prints one self-overwriting progress line ("\r") to `out`, only when `out` is a terminal
// (or when `force` is set); prints nothing otherwise. The line is redrawn on OnProgress and
// shows the latest epoch's loss and monitor macro-recall. Not thread-safe (Train calls it
// from one thread).
class ConsoleProgress : public TrainingObserver {
 public:
  explicit ConsoleProgress(std::FILE* out = stderr, bool force = false);
  ~ConsoleProgress() override;
  void OnEpoch(const EpochReport& report) override;
  void OnProgress(std::string_view stage, double fraction) override;

 private:
  void Render();
  std::FILE* out_;
  bool enabled_;
  bool dirty_ = false;
  std::string stage_;
  double fraction_ = 0.0;
  std::string detail_;
};

// Forwards every callback to each observer in order (null entries skipped).
class ObserverList : public TrainingObserver {
 public:
  explicit ObserverList(std::vector<TrainingObserver*> observers) : observers_(std::move(observers)) {}
  void OnParam(const std::string& key, const std::string& value) override;
  void OnEpoch(const EpochReport& report) override;
  void OnProgress(std::string_view stage, double fraction) override;

 private:
  std::vector<TrainingObserver*> observers_;
};

}  // namespace mlflow::models
