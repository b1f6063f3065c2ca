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

  // Starts a block of up to `count` features: every mark is stale until set by Add.
  void Begin(size_t count) {
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
    mask = capacity - 1;
  }

  // The mark for `key` in the current block, where listed[position] is the key at each
  // position: current (Listed) when `key` is already listed, else the free mark for Add.
  template <typename Key, typename List>
  Mark& Probe(Key key, const List& listed) {
    size_t slot = static_cast<size_t>(key) & mask;
    while (marks[slot].stamp == stamp && listed[marks[slot].position] != key) slot = (slot + 1) & mask;
    return marks[slot];
  }
  bool Listed(const Mark& mark) const { return mark.stamp == stamp; }
  void Add(Mark& mark, size_t position) { mark = Mark{stamp, static_cast<int32_t>(position)}; }

  // One occurrence of `key`: its count in *counts goes up, or, at its first occurrence in the
  // block, it is appended to *listed with a count of 1 (and true is returned).
  template <typename Key>
  bool Count(Key key, std::vector<Key>* listed, std::vector<uint32_t>* counts) {
    Mark& mark = Probe(key, *listed);
    if (Listed(mark)) {
      ++(*counts)[mark.position];
      return false;
    }
    Add(mark, listed->size());
    listed->push_back(key);
    counts->push_back(1);
    return true;
  }

  std::vector<Mark> marks;
  uint32_t stamp = 0;  // the current block's
  size_t mask = 0;     // of the current block's table, a prefix of marks
};

}  // namespace mlflow::models
