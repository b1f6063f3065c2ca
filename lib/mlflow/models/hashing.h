// 64-bit hashing of feature strings (n-grams), fast and stable across runs.
//
// Model files store feature keys as these hashes, so the functions must never change for a
// given format version. Values assume a little-endian host (as does the model format).
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace mlflow::models {

inline constexpr uint64_t kHashSeed = 0x6D6C666C6F77637AULL;  // "mlflowcz"
inline constexpr uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ULL;

// A 64-bit finaliser with full avalanche (the MurmurHash3 fmix64 constants).
inline uint64_t HashMix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xFF51AFD7ED558CCDULL;
  x ^= x >> 33;
  x *= 0xC4CEB9FE1A85EC53ULL;
  x ^= x >> 33;
  return x;
}

inline uint64_t HashBytes(std::string_view bytes, uint64_t seed = kHashSeed) {
  uint64_t h = seed ^ (bytes.size() * kGoldenGamma);
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t word = 0;
    std::memcpy(&word, bytes.data() + i, 8);
    h = (h ^ HashMix(word)) * kGoldenGamma;
    h = (h << 31) | (h >> 33);
  }
  if (const size_t rest = bytes.size() - i; rest > 0) {
    // The 1-7 tail bytes as a little-endian word, from fixed-size loads: two 4-byte ones that may
    // overlap (the overlapping bytes are the same) or, below 4, three single bytes that may
    // repeat. A variable-length memcpy would be a libc call.
    const char* tail = bytes.data() + i;
    uint64_t word = 0;
    if (rest >= 4) {
      uint32_t low = 0;
      uint32_t high = 0;
      std::memcpy(&low, tail, 4);
      std::memcpy(&high, tail + rest - 4, 4);
      word = low | (uint64_t{high} << (8 * (rest - 4)));
    } else {
      word = static_cast<unsigned char>(tail[0]) |
             uint64_t{static_cast<unsigned char>(tail[rest / 2])} << (8 * (rest / 2)) |
             uint64_t{static_cast<unsigned char>(tail[rest - 1])} << (8 * (rest - 1));
    }
    h = (h ^ HashMix(word ^ 0xA5)) * kGoldenGamma;
  }
  return HashMix(h);
}

// Order-sensitive combination (hash of a sequence).
inline uint64_t HashCombine(uint64_t seed, uint64_t value) {
  return HashMix(seed ^ (value + kGoldenGamma + (seed << 6) + (seed >> 2)));
}

}  // namespace mlflow::models
