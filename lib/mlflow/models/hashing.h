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

// The body shared by HashBytes and HashPaddedBytes: the whole 8-byte words, then the 1-7 tail
// bytes as a little-endian word from load_tail(tail, rest).
template <typename LoadTail>
inline uint64_t HashBytesWith(const char* data, size_t size, uint64_t seed, LoadTail load_tail) {
  uint64_t h = seed ^ (size * kGoldenGamma);
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word = 0;
    std::memcpy(&word, data + i, 8);
    h = (h ^ HashMix(word)) * kGoldenGamma;
    h = (h << 31) | (h >> 33);
  }
  if (const size_t rest = size - i; rest > 0) h = (h ^ HashMix(load_tail(data + i, rest) ^ 0xA5)) * kGoldenGamma;
  return HashMix(h);
}

inline uint64_t HashBytes(std::string_view bytes, uint64_t seed = kHashSeed) {
  // Fixed-size loads for the tail: two 4-byte ones that may overlap (the overlapping bytes are the
  // same) or, below 4, three single bytes that may repeat. A variable-length memcpy would be a
  // libc call.
  return HashBytesWith(bytes.data(), bytes.size(), seed, [](const char* tail, size_t rest) {
    if (rest >= 4) {
      uint32_t low = 0;
      uint32_t high = 0;
      std::memcpy(&low, tail, 4);
      std::memcpy(&high, tail + rest - 4, 4);
      return low | (uint64_t{high} << (8 * (rest - 4)));
    }
    return static_cast<unsigned char>(tail[0]) |
           uint64_t{static_cast<unsigned char>(tail[rest / 2])} << (8 * (rest / 2)) |
           uint64_t{static_cast<unsigned char>(tail[rest - 1])} << (8 * (rest - 1));
  });
}

// HashBytes of data[0, size) for a buffer that can be read 8 bytes past the last whole word
// (the 8 bytes at data + size / 8 * 8): the tail is one load with the bytes past `size` masked
// off, without HashBytes' branch on the tail's length.
inline uint64_t HashPaddedBytes(const char* data, size_t size, uint64_t seed) {
  return HashBytesWith(data, size, seed, [](const char* tail, size_t rest) {
    uint64_t word = 0;
    std::memcpy(&word, tail, 8);
    return word & (~uint64_t{0} >> (8 * (8 - rest)));
  });
}

// Order-sensitive combination (hash of a sequence).
inline uint64_t HashCombine(uint64_t seed, uint64_t value) {
  return HashMix(seed ^ (value + kGoldenGamma + (seed << 6) + (seed >> 2)));
}

}  // namespace mlflow::models
