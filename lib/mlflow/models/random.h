// A small, portable pseudo-random generator (SplitMix64 seeding a xoshiro256** state).
//
// Standard library distributions differ between implementations, so everything that must be
// reproducible from a seed (shuffles, folds, initial weights) draws from this class instead.
// Not thread-safe: give each thread its own instance, seeded with Random::Derive(seed, k).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace mlflow::models {

class Random {
 public:
  explicit Random(uint64_t seed) {
    for (auto& word : state_) word = SplitMix(&seed);
  }

  // A seed for the k-th independent stream derived from `seed`.
  static uint64_t Derive(uint64_t seed, uint64_t k) {
    uint64_t x = seed ^ (0x9E3779B97F4A7C15ULL * (k + 1));
    return SplitMix(&x);
  }

  uint64_t NextU64() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(NextU64() >> 11) * 0x1.0p-53; }
  // Uniform in [low, high).
  double Uniform(double low, double high) { return low + (high - low) * Uniform(); }
  // Integer in [0, n), n > 0; the modulo bias is below 2^-32 for n < 2^32.
  uint64_t Below(uint64_t n) { return NextU64() % n; }

  template <typename T>
  void Shuffle(std::vector<T>* items) {
    Shuffle(items, items->size());
  }
  // Shuffles the first `count` items only.
  template <typename T>
  void Shuffle(std::vector<T>* items, size_t count) {
    for (size_t i = count; i > 1; --i) std::swap((*items)[i - 1], (*items)[Below(i)]);
  }

 private:
  static uint64_t SplitMix(uint64_t* x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  uint64_t state_[4];
};

}  // namespace mlflow::models
