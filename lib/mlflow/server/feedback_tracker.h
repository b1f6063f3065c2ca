// FeedbackTracker: true labels for earlier predictions → rolling accuracy and macro-recall.
//
// Every scored request is remembered by its request id (its predicted class per text, the
// model generation and classes) until `capacity` predictions are held, oldest dropped first.
// POST /feedback then supplies the true labels; the pairs enter a window of the last `window`
// labelled texts of the current model generation. Reset() (on a hot swap) empties the window:
// accuracy is per served version; feedback for an older generation is accepted but not counted.
//
// Errors are Status values: unknown or expired request id → 404; a label count that does not
// match the request → 400; a label outside the model's classes → 400; feedback already given
// for that request → 409. Thread-safe (one mutex).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "mlflow/core/result.h"

namespace mlflow::server {

struct FeedbackStats {
  uint64_t labelled = 0;        // texts in the window
  double accuracy;              // NaN when the window is empty
  double macro_recall;          // mean recall over the classes present among the true labels
  uint64_t total_received = 0;  // labels counted since the last Reset
  FeedbackStats();
};

struct FeedbackOutcome {
  size_t accepted = 0;   // labels matched to predictions
  bool counted = false;  // false: the prediction came from an earlier model generation
  FeedbackStats stats;
};

class FeedbackTracker {
 public:
  FeedbackTracker(size_t capacity_predictions, size_t window);

  // Starts a new window for `generation` whose classes are `classes`.
  void Reset(uint64_t generation, std::shared_ptr<const std::vector<std::string>> classes);
  void Remember(const std::string& request_id, uint64_t generation,
                std::shared_ptr<const std::vector<std::string>> classes, const std::vector<int>& predicted);
  // `labels[i]` is the true label of text i, or nullopt when unknown.
  Result<FeedbackOutcome> Record(const std::string& request_id, const std::vector<std::optional<std::string>>& labels);
  FeedbackStats Stats() const;

 private:
  struct Entry {
    uint64_t generation;
    std::shared_ptr<const std::vector<std::string>> classes;
    std::vector<int> predicted;
    bool answered = false;
  };
  FeedbackStats StatsLocked() const;

  const size_t capacity_;
  const size_t window_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::deque<std::string> order_;  // insertion order, for eviction
  size_t held_ = 0;                // predictions held in entries_
  uint64_t generation_ = 0;
  size_t classes_ = 0;
  std::deque<std::pair<int, int>> pairs_;  // (true, predicted) of the current generation
  uint64_t total_ = 0;
};

}  // namespace mlflow::server
