// PositionMarks: the scratch table that merges a text block's repeated features.
//
// Scoring a block maps each feature it finds (a slot or column number) to its position in the
// block's list of distinct features, by open addressing in a power-of-two table sized for the
// block. A mark counts only when its stamp is the current block's, so starting a block costs
// nothing instead of clearing the table (several KB for a tweet's character n-grams). Not
// thread-safe: one per workspace.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mlflow::models {

struct PositionMarks {
  struct Mark {
    uint32_t stamp = 0;
    int32_t position = 0;
  };

  // Starts a block of up to `count` features; returns the mask of the table to probe, whose
  // marks are all stale until set with the returned stamp.
  size_t Begin(size_t count) {
    size_t capacity = 16;
    while (capacity < 2 * count) capacity *= 2;
    if (marks.size() < capacity) {
      marks.assign(capacity, Mark{});
      stamp = 0;
    }
    if (++stamp == 0) {  // wrapped: a stale mark could carry the new stamp
      std::fill(marks.begin(), marks.end(), Mark{});
      stamp = 1;
    }
    return capacity - 1;
  }

  std::vector<Mark> marks;
  uint32_t stamp = 0;  // the current block's
};

}  // namespace mlflow::models
