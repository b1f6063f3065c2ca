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
//
// Remember runs on every scored request, so it allocates little and touches few cache lines:
// the predictions sit in a queue in arrival order, found by request id through an
// open-addressing index of (id hash, position) pairs; each model generation's classes are
// stored once, copied, and dropped when its last remembered prediction is.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
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
  // Remembers the labels `predicted` for the texts of request `request_id`, scored by model
  // `generation` whose classes are `classes`. An id seen before replaces the older prediction
  // and counts as the newest; an empty id, no labels, or more labels than `capacity` is not
  // remembered (an older prediction under that id is still forgotten).
  void Remember(const std::string& request_id, uint64_t generation, const std::vector<std::string>& classes,
                const std::vector<int>& predicted);
  // `labels[i]` is the true label of text i, or nullopt when unknown.
  Result<FeedbackOutcome> Record(const std::string& request_id, const std::vector<std::optional<std::string>>& labels);
  FeedbackStats Stats() const;

 private:
  struct Entry {
    std::string request_id;
    uint64_t hash = 0;  // HashId(request_id)
    uint64_t generation = 0;
    std::vector<int> predicted;
    bool live = true;  // false once a newer prediction with the same id replaced it
    bool answered = false;
  };
  struct ClassSet {
    uint64_t generation = 0;
    std::vector<std::string> classes;
    size_t entries = 0;  // live entries of this generation
  };
  struct IndexSlot {
    uint64_t hash = 0;  // 0 = empty
    uint64_t sequence = 0;
  };

  uint64_t HashId(const std::string& request_id) const;
  // The index slot of the live entry with this id, or -1.
  int64_t FindSlot(const std::string& request_id, uint64_t hash) const;
  // The index slot of the live entry at `sequence`, whose id hashes to `hash`.
  size_t SlotOf(uint64_t hash, uint64_t sequence) const;
  Entry& EntryAt(size_t slot) { return entries_[index_[slot].sequence - first_sequence_]; }
  void IndexInsert(uint64_t hash, uint64_t sequence);  // the index must have room
  void IndexEraseSlot(size_t slot);
  void RebuildIndex(size_t capacity);
  void DropFront();
  void Compact();
  const ClassSet* FindClassSet(uint64_t generation) const;
  void AcquireClassSet(uint64_t generation, const std::vector<std::string>& classes);
  void ReleaseClassSet(uint64_t generation);
  FeedbackStats StatsLocked() const;

  const size_t capacity_;
  const size_t window_;
  const uint64_t seed_;  // per tracker, random: request ids are chosen by clients
  mutable std::mutex mutex_;
  std::deque<Entry> entries_;  // arrival order; entries_[i] has sequence first_sequence_ + i
  uint64_t first_sequence_ = 0;
  size_t dead_ = 0;               // entries that are no longer live
  std::vector<IndexSlot> index_;  // linear probing, backward-shift deletion; at most half full
  size_t indexed_ = 0;
  std::vector<ClassSet> class_sets_;
  size_t held_ = 0;  // predictions held in entries_
  uint64_t generation_ = 0;
  size_t classes_ = 0;
  std::deque<std::pair<int, int>> pairs_;  // (true, predicted) of the current generation
  uint64_t total_ = 0;
};

}  // namespace mlflow::server
