// PositionMarks: the scratch table that merges a text block's repeated features.
//
// Scoring a block maps each feature it finds (a slot or column number, 32 bits) to its position
// in the block's list of distinct features, by open addressing in a power-of-two table sized for
// the block. A mark counts only when its stamp is the current block's, so starting a block costs
// nothing instead of clearing the table (several KB for a tweet's character n-grams). Not
// thread-safe: one per workspace.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mlflow::models {

struct PositionMarks {
  // A feature's mark: its key (a 32-bit slot or column number) and position, current when its
  // stamp is the block's. The key in the mark lets a probe compare without reading the list.
  struct Mark {
    uint32_t stamp = 0;
    uint32_t key = 0;
    uint32_t position = 0;
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

  // The mark for `key` in the current block: current (Listed) when `key` is already listed,
  // else the free mark for Add.
  Mark& Probe(uint32_t key) {
    size_t slot = key & mask;
    while (marks[slot].stamp == stamp && marks[slot].key != key) slot = (slot + 1) & mask;
    return marks[slot];
  }
  bool Listed(const Mark& mark) const { return mark.stamp == stamp; }
  void Add(Mark& mark, uint32_t key, size_t position) { mark = Mark{stamp, key, static_cast<uint32_t>(position)}; }

  // One occurrence of `key`: its count in counts goes up, or, at its first occurrence in the
  // block, it is written at listed[*size] with a count of 1 and *size grows (true is returned).
  // `listed` and `counts` have room for every occurrence of the block.
  template <typename Key>
  bool Count(Key key, Key* listed, uint32_t* counts, size_t* size) {
    static_assert(sizeof(Key) == sizeof(uint32_t), "marks hold 32-bit keys");
    const auto mark_key = static_cast<uint32_t>(key);
    Mark& mark = Probe(mark_key);
    if (Listed(mark)) {
      ++counts[mark.position];
      return false;
    }
    Add(mark, mark_key, *size);
    listed[*size] = key;
    counts[*size] = 1;
    ++*size;
    return true;
  }

  std::vector<Mark> marks;
  uint32_t stamp = 0;  // the current block's
  size_t mask = 0;     // of the current block's table, a prefix of marks
};

}  // namespace mlflow::models
