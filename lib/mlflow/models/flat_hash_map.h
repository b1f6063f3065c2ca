// FlatHashMap: open-addressing map from non-zero 64-bit keys (already hashed) to small values.
//
// Keys are feature hashes, so no further hashing is done: the low bits pick the slot and
// probing is linear. Key and value share a slot, so a lookup usually touches one cache line.
// Key 0 marks an empty slot; callers map a zero hash to another value. The table doubles
// when three quarters full. Not thread-safe for writes; concurrent reads are fine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mlflow::models {

template <typename Value>
class FlatHashMap {
 public:
  FlatHashMap() { Rehash(16); }

  size_t size() const { return size_; }

  // Room for `count` keys at half load (sparser than growth leaves it: fewer probes for the
  // tables that are built once and then only read).
  void Reserve(size_t count) {
    size_t capacity = 16;
    while (capacity < count * 2) capacity *= 2;
    if (capacity > slots_.size()) Rehash(capacity);
  }

  // The value for `key`, or nullptr.
  const Value* Find(uint64_t key) const {
    size_t mask = slots_.size() - 1;
    for (size_t slot = key & mask;; slot = (slot + 1) & mask) {
      if (slots_[slot].key == key) return &slots_[slot].value;
      if (slots_[slot].key == 0) return nullptr;
    }
  }

  // Asks the CPU to start loading the slot where the probe for `key` begins: issued a few keys
  // ahead of Find or FindOrInsert, it overlaps the cache misses of a batch of lookups.
  void Prefetch(uint64_t key) const { __builtin_prefetch(&slots_[key & (slots_.size() - 1)]); }

  // The value for `key`, inserted as `initial` when missing.
  Value& FindOrInsert(uint64_t key, Value initial) {
    if ((size_ + 1) * 4 > slots_.size() * 3) Rehash(slots_.size() * 2);
    size_t mask = slots_.size() - 1;
    for (size_t slot = key & mask;; slot = (slot + 1) & mask) {
      Slot& s = slots_[slot];
      if (s.key == key) return s.value;
      if (s.key == 0) {
        s.key = key;
        s.value = initial;
        ++size_;
        return s.value;
      }
    }
  }

  // Calls fn(key, value) for every entry, in slot order.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (const Slot& s : slots_) {
      if (s.key != 0) fn(s.key, s.value);
    }
  }

 private:
  struct Slot {
    uint64_t key = 0;
    Value value{};
  };

  void Rehash(size_t capacity) {
    std::vector<Slot> old(capacity);
    old.swap(slots_);
    size_t mask = capacity - 1;
    for (const Slot& s : old) {
      if (s.key == 0) continue;
      size_t slot = s.key & mask;
      while (slots_[slot].key != 0) slot = (slot + 1) & mask;
      slots_[slot] = s;
    }
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace mlflow::models
