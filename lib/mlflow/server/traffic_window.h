// TrafficWindow: the last N observations of live traffic for one served model, as a ring
// buffer with a running summary (class counts are exact; float sums are re-added from the
// buffer every N insertions so rounding cannot accumulate).
//
// Each window belongs to a model generation: Reset() starts a new one (after a hot swap) and
// Add() drops observations tagged with another generation, so requests still finishing on the
// old model cannot pollute the new model's window. Thread-safe (one mutex; Add is O(batch),
// Snapshot O(classes)).
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "mlflow/server/traffic_summary.h"

namespace mlflow::server {

struct WindowSnapshot {
  TrafficSummary summary;  // over the observations currently in the window
  uint64_t generation = 0;
  uint64_t total_observed = 0;  // since the last Reset, including those that fell out
};

class TrafficWindow {
 public:
  // capacity >= 1 (0 is treated as 1).
  TrafficWindow(size_t capacity, size_t classes);

  void Reset(uint64_t generation, size_t classes);
  // Returns total_observed after adding, or 0 when `generation` is not the current one.
  uint64_t Add(uint64_t generation, const std::vector<TextObservation>& observations);
  WindowSnapshot Snapshot() const;
  size_t capacity() const { return capacity_; }

 private:
  void Resummarise();  // requires mutex_

  const size_t capacity_;
  mutable std::mutex mutex_;
  std::vector<TextObservation> ring_;  // grows to capacity_, then wraps
  size_t next_ = 0;
  uint64_t generation_ = 0;
  uint64_t total_ = 0;
  TrafficSummary summary_;
};

}  // namespace mlflow::server
