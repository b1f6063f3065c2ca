#include "mlflow/models/ngram_keys.h"

#include <algorithm>
#include <cstring>

#include "mlflow/models/avx512.h"
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
// Appending collects each key's unmixed value, and one pass at the end of the text mixes them all
// (eight at a time where the CPU can).
inline uint64_t CharStep(uint64_t h, unsigned char byte) { return (h ^ byte) * 0x100000001B3ULL; }
inline uint64_t CharUnmixed(uint64_t h, size_t code_points) { return h ^ (kCharSeed + code_points * kGoldenGamma); }
inline uint64_t CharMix(uint64_t unmixed) { return NonZero(HashMix(unmixed)); }

namespace {

uint64_t CharNgramUnmixed(std::string_view ngram) {
  uint64_t h = kCharSeed;
  size_t code_points = 0;
  for (char c : ngram) {
    h = CharStep(h, static_cast<unsigned char>(c));
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++code_points;
  }
  return CharUnmixed(h, code_points);
}

}  // namespace

uint64_t CharNgramKey(std::string_view ngram) { return CharMix(CharNgramUnmixed(ngram)); }

namespace {

// The keys of the n-grams that start at tokens [begin, count), from the tokens' hashes, written
// from `out`.
void WordKeysPortable(const uint64_t* hashes, size_t begin, size_t count, NgramRange range, uint64_t* out) {
  for (size_t i = begin; i < count; ++i) {
    uint64_t key = hashes[i];
    for (int n = 1; n <= range.max && i + n <= count; ++n) {
      if (n > 1) key = HashCombine(key, hashes[i + n - 1]);
      if (n >= range.min) *out++ = NonZero(n == 1 ? key : HashCombine(key, static_cast<uint64_t>(n)));
    }
  }
}

void TokenHashesPortable(const TokenList& tokens, uint64_t* hashes) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string_view token = tokens[i];
    hashes[i] = HashPaddedBytes(token.data(), token.size(), kWordSeed);  // TokenList pads its tokens
  }
}

#if MLFLOWCPP_AVX512

// The mask of the first min(n, 8) lanes.
inline __mmask8 FirstLanes(size_t n) { return static_cast<__mmask8>((1u << std::min<size_t>(n, 8)) - 1); }

// HashMix, HashCombine and NonZero on eight keys at once: the same integer arithmetic, lane by lane.
MLFLOWCPP_TARGET_AVX512 inline __m512i MixLanes(__m512i x) {
  x = _mm512_xor_si512(x, _mm512_srli_epi64(x, 33));
  x = _mm512_mullo_epi64(x, _mm512_set1_epi64(static_cast<long long>(0xFF51AFD7ED558CCDULL)));
  x = _mm512_xor_si512(x, _mm512_srli_epi64(x, 33));
  x = _mm512_mullo_epi64(x, _mm512_set1_epi64(static_cast<long long>(0xC4CEB9FE1A85EC53ULL)));
  return _mm512_xor_si512(x, _mm512_srli_epi64(x, 33));
}

MLFLOWCPP_TARGET_AVX512 inline __m512i CombineLanes(__m512i seed, __m512i value) {
  const __m512i sum = _mm512_add_epi64(_mm512_add_epi64(value, _mm512_set1_epi64(static_cast<long long>(kGoldenGamma))),
                                       _mm512_add_epi64(_mm512_slli_epi64(seed, 6), _mm512_srli_epi64(seed, 2)));
  return MixLanes(_mm512_xor_si512(seed, sum));
}

MLFLOWCPP_TARGET_AVX512 inline __m512i NonZeroLanes(__m512i keys) {
  return _mm512_mask_mov_epi64(keys, _mm512_cmpeq_epi64_mask(keys, _mm512_setzero_si512()), _mm512_set1_epi64(1));
}

// HashPaddedBytes with kWordSeed for eight tokens of up to 15 bytes (two words): `first` holds
// each token's bytes 0-7 and `second` its bytes 8-15 (both as loaded, past the end included).
MLFLOWCPP_TARGET_AVX512 inline __m512i HashShortTokenLanes(__m512i sizes, __m512i first, __m512i second) {
  const __m512i gamma = _mm512_set1_epi64(static_cast<long long>(kGoldenGamma));
  __m512i h = _mm512_xor_si512(_mm512_set1_epi64(static_cast<long long>(kWordSeed)), _mm512_mullo_epi64(sizes, gamma));
  const __mmask8 whole_word = _mm512_cmpge_epu64_mask(sizes, _mm512_set1_epi64(8));
  const __m512i after_word = _mm512_rol_epi64(_mm512_mullo_epi64(_mm512_xor_si512(h, MixLanes(first)), gamma), 31);
  h = _mm512_mask_mov_epi64(h, whole_word, after_word);
  const __m512i rest = _mm512_and_si512(sizes, _mm512_set1_epi64(7));
  const __m512i rest_mask =  // ~0 >> (64 - 8 * rest); a shift by 64 gives 0 (no tail)
      _mm512_srlv_epi64(_mm512_set1_epi64(-1), _mm512_sub_epi64(_mm512_set1_epi64(64), _mm512_slli_epi64(rest, 3)));
  const __m512i tail = _mm512_and_si512(_mm512_mask_mov_epi64(first, whole_word, second), rest_mask);
  const __m512i after_tail =
      _mm512_mullo_epi64(_mm512_xor_si512(h, MixLanes(_mm512_xor_si512(tail, _mm512_set1_epi64(0xA5)))), gamma);
  h = _mm512_mask_mov_epi64(h, _mm512_test_epi64_mask(rest, rest), after_tail);
  return MixLanes(h);
}

// The tokens' bytes come in by gathers from the list's buffer: built on the stack, the vectors
// would each wait for eight stores to reach the cache. `hashes` has room for count rounded up to 8.
MLFLOWCPP_TARGET_AVX512 void TokenHashesAvx512(const TokenList& tokens, uint64_t* hashes) {
  const size_t count = tokens.size();
  const char* const bytes = tokens.bytes();
  const uint32_t* const ends = tokens.ends();
  const __m512i zero = _mm512_setzero_si512();
  for (size_t begin = 0; begin < count; begin += 8) {
    const __mmask8 lanes = FirstLanes(count - begin);
    const __m512i token_ends = _mm512_cvtepu32_epi64(_mm256_maskz_loadu_epi32(lanes, ends + begin));
    // Each token starts where the one before it ends, the first at 0.
    const __m512i starts = begin == 0 ? _mm512_alignr_epi64(token_ends, zero, 7)
                                      : _mm512_cvtepu32_epi64(_mm256_maskz_loadu_epi32(lanes, ends + begin - 1));
    const __m512i sizes = _mm512_maskz_sub_epi64(lanes, token_ends, starts);
    // Bytes 8-15 are read only from tokens of 8 bytes or more: TokenList pads each token with 8.
    const __mmask8 nonempty = _mm512_test_epi64_mask(sizes, sizes);
    const __mmask8 two_words = _mm512_cmpge_epu64_mask(sizes, _mm512_set1_epi64(8));
    const __m512i first = _mm512_mask_i64gather_epi64(zero, nonempty, starts, bytes, 1);
    const __m512i second_starts = _mm512_mask_add_epi64(starts, two_words, starts, _mm512_set1_epi64(8));
    const __m512i second = _mm512_mask_i64gather_epi64(zero, nonempty, second_starts, bytes, 1);
    _mm512_storeu_si512(hashes + begin, HashShortTokenLanes(sizes, first, second));
    for (unsigned longer = _mm512_cmpge_epu64_mask(sizes, _mm512_set1_epi64(16)); longer != 0; longer &= longer - 1) {
      const size_t i = begin + static_cast<size_t>(__builtin_ctz(longer));
      const std::string_view token = tokens[i];
      hashes[i] = HashPaddedBytes(token.data(), token.size(), kWordSeed);
    }
  }
}

// WordKeysPortable eight start positions at a time; `keys_left` is the number of keys the text
// has. With one or two n per start, the keys that run past the end (the last starts' longer
// n-grams) all come after the kept ones, so every group is written as a prefix of its interleaved
// keys. With more, the starts whose n-grams do not all fit are left to WordKeysPortable: returns
// the first of them. `out` advances past the keys written.
// (The caller makes that call: from here, GCC 12 would jump to it without clearing the upper
// vector registers, and SSE code after that runs at half speed on AMD Zen 5.)
MLFLOWCPP_TARGET_AVX512 size_t WordKeysAvx512(const uint64_t* hashes, size_t count, NgramRange range, size_t keys_left,
                                              uint64_t** out_keys) {
  uint64_t* out = *out_keys;
  const auto per_start = static_cast<size_t>(range.max - range.min + 1);
  __m512i kept[8];  // [n - min]; NgramRange sizes above 8 take the portable path
  size_t begin = 0;
  for (; begin < count; begin += 8) {
    const bool all_fit = begin + 8 + range.max - 1 <= count;
    if (!all_fit && per_start > 2) break;
    __m512i key = _mm512_loadu_si512(hashes + begin);
    for (int n = 1; n <= range.max; ++n) {
      if (n > 1) key = CombineLanes(key, _mm512_loadu_si512(hashes + begin + n - 1));
      if (n >= range.min) kept[n - range.min] = NonZeroLanes(n == 1 ? key : CombineLanes(key, _mm512_set1_epi64(n)));
    }
    if (per_start == 1) {
      const size_t written = std::min<size_t>(8, keys_left);
      _mm512_mask_storeu_epi64(out, FirstLanes(written), kept[0]);
      out += written, keys_left -= written;
    } else if (per_start == 2) {  // the baseline's (1, 2): interleaved
      const __m512i low = _mm512_permutex2var_epi64(kept[0], _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0), kept[1]);
      const __m512i high = _mm512_permutex2var_epi64(kept[0], _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4), kept[1]);
      const size_t written = std::min<size_t>(16, keys_left);
      _mm512_mask_storeu_epi64(out, FirstLanes(written), low);
      if (written > 8) _mm512_mask_storeu_epi64(out + 8, FirstLanes(written - 8), high);
      out += written, keys_left -= written;
    } else {
      alignas(64) uint64_t lanes[8 * 8];
      for (size_t n = 0; n < per_start; ++n) _mm512_store_si512(lanes + 8 * n, kept[n]);
      for (size_t j = 0; j < 8; ++j) {
        for (size_t n = 0; n < per_start; ++n) *out++ = lanes[8 * n + j];
      }
      keys_left -= 8 * per_start;
    }
  }
  *out_keys = out;
  return begin;
}

// CharMix in place on `count` keys.
MLFLOWCPP_TARGET_AVX512 void CharMixAvx512(uint64_t* keys, size_t count) {
  for (size_t begin = 0; begin < count; begin += 8) {
    const __mmask8 lanes = FirstLanes(count - begin);
    const __m512i unmixed = _mm512_maskz_loadu_epi64(lanes, keys + begin);
    _mm512_mask_storeu_epi64(keys + begin, lanes, NonZeroLanes(MixLanes(unmixed)));
  }
}

#endif

}  // namespace

bool KeyKernelSupported(KeyKernel kernel) { return kernel != KeyKernel::kAvx512 || CpuHasAvx512(); }

namespace {

bool UseAvx512(KeyKernel kernel) { return kernel != KeyKernel::kPortable && CpuHasAvx512(); }

}  // namespace

void AppendWordNgramKeys(const TokenList& tokens, NgramRange range, std::vector<uint64_t>* keys, KeyKernel kernel) {
  if (!range.enabled()) return;
  const size_t count = tokens.size();
  thread_local std::vector<uint64_t> hashes;
  // Room for whole groups of eight and the n-grams that reach past the last one; never read
  // into a kept key, but initialised.
  hashes.resize((count + 7) / 8 * 8 + static_cast<size_t>(range.max));
  size_t added = 0;
  for (int n = range.min; n <= range.max && static_cast<size_t>(n) <= count; ++n) added += count - n + 1;
  const size_t first = keys->size();
  keys->resize(first + added);
#if MLFLOWCPP_AVX512
  if (UseAvx512(kernel) && range.max <= 8) {  // WordKeysAvx512 keeps up to 8 n per start
    TokenHashesAvx512(tokens, hashes.data());
    uint64_t* out = keys->data() + first;
    const size_t rest = WordKeysAvx512(hashes.data(), count, range, added, &out);
    WordKeysPortable(hashes.data(), rest, count, range, out);  // the last starts: n-grams run past the end
    return;
  }
#endif
  TokenHashesPortable(tokens, hashes.data());
  WordKeysPortable(hashes.data(), 0, count, range, keys->data() + first);
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
      if (n >= min) *out++ = CharUnmixed(h, n);
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

void AppendCharNgramKeys(const TokenList& tokens, NgramRange range, std::vector<uint64_t>* keys, KeyKernel kernel) {
  if (!range.enabled()) return;
  const size_t first = keys->size();
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
      keys->push_back(CharNgramUnmixed(padded));
      continue;
    }
    for (size_t start = 0; start + range.min <= code_points; ++start) {
      uint64_t h = kCharSeed;
      size_t byte = (*boundaries)[start];
      for (int n = 1; n <= range.max && start + n <= code_points; ++n) {
        for (const size_t stop = (*boundaries)[start + n]; byte < stop; ++byte) {
          h = CharStep(h, static_cast<unsigned char>(padded[byte]));
        }
        if (n >= range.min) keys->push_back(CharUnmixed(h, static_cast<size_t>(n)));
      }
    }
  }
  uint64_t* const unmixed = keys->data() + first;
  const size_t count = keys->size() - first;
#if MLFLOWCPP_AVX512
  if (UseAvx512(kernel)) {
    CharMixAvx512(unmixed, count);
    return;
  }
#endif
  for (size_t i = 0; i < count; ++i) unmixed[i] = CharMix(unmixed[i]);
}

}  // namespace mlflow::models
