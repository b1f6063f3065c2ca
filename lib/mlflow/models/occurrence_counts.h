// OccurrenceCounts: merges a text block's repeated features through a dense count per feature
// index (a table slot or a column), where PositionMarks hashes them.
//
// Counting an occurrence is an increment and a conditional advance, with no probe loop and no
// branch on whether the feature was seen before: those branches mispredict about as often as
// a tweet repeats a character n-gram, and cost more than the lookups they follow. The counts
// are zero outside a block: Count adds, and Take reads a count back and zeroes it, so a block
// must Take every distinct index it listed, and nothing may throw between Begin and the last
// Take (Begin allocates all the block needs). Memory: 2 bytes per index below the largest bound
// seen (1 MB for a 2^19-slot table), grown on demand and kept. A block may hold at most
// kMaxBlock occurrences (so no count can overflow) and indices below kMaxBound (at most 2 MB
// per workspace); callers use PositionMarks beyond. Not thread-safe: one per workspace.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mlflow::models {

template <typename Index>  // uint32_t or int32_t; indices are never negative
class OccurrenceCounts {
 public:
  static constexpr size_t kMaxBlock = 65535;
  static constexpr size_t kMaxBound = size_t{1} << 20;  // 2 MB of counts

  static bool Applies(size_t bound, size_t occurrences) { return bound <= kMaxBound && occurrences <= kMaxBlock; }

  // Prepares a block of up to `occurrences` features with indices below `bound` (Applies must
  // hold): *distinct is resized to hold them all, so counting never allocates.
  void Begin(size_t bound, size_t occurrences, std::vector<Index>* distinct) {
    if (counts_.size() < bound) counts_.resize(bound, 0);
    distinct->resize(occurrences);
    distinct_ = distinct->data();
    listed_ = 0;
  }
  // One occurrence of `index`; its first is appended to the distinct list.
  void Count(Index index) {
    distinct_[listed_] = index;
    listed_ += counts_[static_cast<size_t>(index)]++ == 0 ? 1 : 0;
  }
  // Distinct indices counted since Begin, in first-seen order at the front of the list.
  size_t listed() const { return listed_; }
  // The occurrences of `index`, which is zeroed for the next block.
  uint32_t Take(Index index) {
    const uint32_t count = counts_[static_cast<size_t>(index)];
    counts_[static_cast<size_t>(index)] = 0;
    return count;
  }

 private:
  std::vector<uint16_t> counts_;
  Index* distinct_ = nullptr;
  size_t listed_ = 0;
};

}  // namespace mlflow::models
