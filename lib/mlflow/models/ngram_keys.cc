#include "mlflow/models/ngram_keys.h"

#include <algorithm>
#include <cstring>

#include "mlflow/models/hashing.h"

namespace mlflow::models {
namespace {

constexpr uint64_t kWordSeed = 0x776F72645F6B6579ULL;  // "word_key"
constexpr uint64_t kCharSeed = 0x636861725F6B6579ULL;  // "char_key"

uint64_t NonZero(uint64_t key) { return key == 0 ? 1 : key; }

}  // namespace

uint64_t WordUnigramKey(std::string_view token) { return NonZero(HashBytes(token, kWordSeed)); }

// Character n-gram keys are built incrementally (one multiply per byte) so that all n-grams
// starting at one position cost one pass; the finaliser mixes in the length in code points.
inline uint64_t CharStep(uint64_t h, unsigned char byte) { return (h ^ byte) * 0x100000001B3ULL; }
inline uint64_t CharFinish(uint64_t h, size_t code_points) {
  return NonZero(HashMix(h ^ (kCharSeed + code_points * kGoldenGamma)));
}

uint64_t CharNgramKey(std::string_view ngram) {
  uint64_t h = kCharSeed;
  size_t code_points = 0;
  for (char c : ngram) {
    h = CharStep(h, static_cast<unsigned char>(c));
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++code_points;
  }
  return CharFinish(h, code_points);
}

void AppendWordNgramKeys(const TokenList& tokens, NgramRange range, std::vector<uint64_t>* keys) {
  if (!range.enabled()) return;
  const size_t count = tokens.size();
  thread_local std::vector<uint64_t> hashes;
  hashes.resize(count);
  for (size_t i = 0; i < count; ++i) {
    const std::string_view token = tokens[i];
    hashes[i] = HashPaddedBytes(token.data(), token.size(), kWordSeed);  // TokenList pads its tokens
  }
  size_t added = 0;
  for (int n = range.min; n <= range.max && static_cast<size_t>(n) <= count; ++n) added += count - n + 1;
  const size_t first = keys->size();
  keys->resize(first + added);
  uint64_t* out = keys->data() + first;
  for (size_t i = 0; i < count; ++i) {
    uint64_t key = hashes[i];
    for (int n = 1; n <= range.max && i + n <= count; ++n) {
      if (n > 1) key = HashCombine(key, hashes[i + n - 1]);
      if (n >= range.min) *out++ = NonZero(n == 1 ? key : HashCombine(key, static_cast<uint64_t>(n)));
    }
  }
}

namespace {

// The character n-grams of an ASCII token padded with a space on each side, where bytes are
// code points: the general loop below without its code-point boundaries, written straight
// into `keys`. Returns false, appending nothing, when the padded token is no longer than the
// smallest n (the general loop then emits it whole) or too long for the stack buffer.
bool AppendAsciiCharNgramKeys(std::string_view token, NgramRange range, std::vector<uint64_t>* keys) {
  char padded[64];
  const size_t length = token.size() + 2;
  if (length > sizeof(padded) || static_cast<size_t>(range.min) >= length) return false;
  padded[0] = ' ';
  if (!token.empty()) std::memcpy(padded + 1, token.data(), token.size());  // data() may be null when empty
  padded[length - 1] = ' ';
  const auto min = static_cast<size_t>(range.min);
  const auto max = static_cast<size_t>(range.max);
  size_t count = 0;
  for (size_t start = 0; start + min <= length; ++start) count += std::min(max, length - start) - min + 1;
  const size_t first = keys->size();
  keys->resize(first + count);
  uint64_t* out = keys->data() + first;
  for (size_t start = 0; start + min <= length; ++start) {
    uint64_t h = kCharSeed;
    const size_t top = std::min(max, length - start);
    for (size_t n = 1; n <= top; ++n) {
      h = CharStep(h, static_cast<unsigned char>(padded[start + n - 1]));
      if (n >= min) *out++ = CharFinish(h, n);
    }
  }
  return true;
}

bool IsAscii(std::string_view bytes) {
  unsigned char any = 0;
  for (char c : bytes) any |= static_cast<unsigned char>(c);
  return any < 0x80;
}

}  // namespace

void AppendCharNgramKeys(const TokenList& tokens, NgramRange range, std::vector<uint64_t>* keys) {
  if (!range.enabled()) return;
  thread_local std::string padded;
  thread_local std::vector<uint32_t> boundary_storage;
  std::vector<uint32_t>* boundaries = &boundary_storage;
  for (size_t t = 0; t < tokens.size(); ++t) {
    if (IsAscii(tokens[t]) && AppendAsciiCharNgramKeys(tokens[t], range, keys)) continue;
    padded.assign(1, ' ');
    padded.append(tokens[t]);
    padded.push_back(' ');
    boundaries->clear();
    for (uint32_t i = 0; i < padded.size(); ++i) {
      if ((static_cast<unsigned char>(padded[i]) & 0xC0) != 0x80) boundaries->push_back(i);
    }
    boundaries->push_back(static_cast<uint32_t>(padded.size()));
    const size_t code_points = boundaries->size() - 1;
    if (static_cast<size_t>(range.min) >= code_points) {  // shorter than every n: the whole token once
      keys->push_back(CharNgramKey(padded));
      continue;
    }
    for (size_t start = 0; start + range.min <= code_points; ++start) {
      uint64_t h = kCharSeed;
      size_t byte = (*boundaries)[start];
      for (int n = 1; n <= range.max && start + n <= code_points; ++n) {
        for (const size_t stop = (*boundaries)[start + n]; byte < stop; ++byte) {
          h = CharStep(h, static_cast<unsigned char>(padded[byte]));
        }
        if (n >= range.min) keys->push_back(CharFinish(h, static_cast<size_t>(n)));
      }
    }
  }
}

}  // namespace mlflow::models
