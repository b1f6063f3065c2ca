// N-gram keys: the 64-bit hashes that identify word and character n-gram features.
//
// Word n-grams are sequences of tokens; character n-grams are taken inside each token padded
// with one space on both sides (scikit-learn's "char_wb"), counting code points: every n-gram
// for n up to the padded length, which itself counts once however large max is. Keys come
// out grouped by start position (order carries no meaning: they are counted). The two kinds hash with different seeds,
// so their keys never meet. Keys are never 0 (0 marks empty slots in FlatHashMap).
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mlflow/models/tokenizer.h"

namespace mlflow::models {

struct NgramRange {
  int min = 1;
  int max = 1;
  bool enabled() const { return min >= 1 && max >= min; }
};

// The instructions keys are computed with. Every kernel gives the same keys; kBest takes
// AVX-512 where the CPU has it (checked at run time) and the portable code elsewhere. The choice
// exists for tests and benchmarks.
enum class KeyKernel { kBest, kPortable, kAvx512 };
// Whether this CPU runs `kernel` (kAvx512 needs CpuHasAvx512(), avx512.h); kAvx512 where it does
// not runs the portable code.
bool KeyKernelSupported(KeyKernel kernel);

// Appends the keys of every word n-gram (min..max tokens) of `tokens` to *keys.
void AppendWordNgramKeys(const TokenList& tokens, NgramRange range, std::vector<uint64_t>* keys,
                         KeyKernel kernel = KeyKernel::kBest);

// Appends the keys of every character n-gram of every token to *keys.
void AppendCharNgramKeys(const TokenList& tokens, NgramRange range, std::vector<uint64_t>* keys,
                         KeyKernel kernel = KeyKernel::kBest);

// The key of one word unigram (used to test whether a token is in a vocabulary).
uint64_t WordUnigramKey(std::string_view token);
// The key of one character n-gram given as bytes (for tests).
uint64_t CharNgramKey(std::string_view ngram);

}  // namespace mlflow::models
