// LinearScorer: a fitted vectorizer's vocabulary fused with a linear model's weights, for
// prediction only.
//
// Each vocabulary slot holds the n-gram key, its idf and the feature's class weights, so
// scoring a feature costs one cache miss (the slot) instead of two (the vocabulary slot, then
// the weight row). That miss dominates prediction once a model outgrows the caches, as the
// served models do between requests. Scores equal TextVectorizer::Weigh followed by
// LinearModel::Accumulate exactly: the same floats, summed in the same order.
//
// Build copies what it needs (tokenizer options, keys, idf, weights, bias) and keeps no reference
// to its arguments; it returns nullptr when the fusion does not apply (a hashing vectorizer, a
// model with fewer than 1 or more than kMaxClasses classes, or one whose feature count is not
// the vectorizer's), and callers keep the generic path. Memory: 32 bytes per slot, twice the
// vocabulary's table. Allocation failure throws std::bad_alloc. Immutable after Build; Score is
// const and thread-safe given one Workspace per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "mlflow/models/linear_model.h"
#include "mlflow/models/occurrence_counts.h"
#include "mlflow/models/position_marks.h"
#include "mlflow/models/tokenizer.h"
#include "mlflow/models/vectorizer.h"

namespace mlflow::models {

class LinearScorer {
 public:
  static constexpr int kMaxClasses = 5;  // key, idf and five weights fill a 32-byte slot

  // Per-thread scratch: the text's tokens and keys, and the distinct slots of one block.
  struct Workspace {
    // As TextVectorizer::Workspace::dense_counts: set when scoring many texts in a row here
    // (2 bytes per table slot, kept in this workspace). Default: false.
    bool dense_counts = false;
    TokenList tokens;
    std::vector<uint64_t> keys;
    std::vector<uint32_t> distinct;          // slot index of each distinct feature, in first-seen order
    std::vector<uint32_t> counts;            // occurrences of distinct[i] (marks; sized for the block)
    OccurrenceCounts<uint32_t> occurrences;  // occurrences by slot index (dense_counts)
    PositionMarks marks;                     // slot index -> position in distinct
  };

  // The fused tables of `vectorizer` and `model`, or nullptr when they cannot be fused.
  static std::unique_ptr<const LinearScorer> Build(const TextVectorizer& vectorizer, const LinearModel& model);

  // scores[c] = bias[c] + the block-normalised features of `text` times the weights; `scores`
  // holds classes() floats, `workspace` is non-null. Never fails: unknown n-grams are skipped.
  void Score(std::string_view text, Workspace* workspace, float* scores) const;

  // TextVectorizer::WordStats from the fused word table: tokens, and tokens whose unigram is a
  // feature. Cheap right after Score, whose lookups left those slots in cache.
  RowStats WordStats(const TokenList& tokens) const;

  int classes() const { return classes_; }
  // Bytes of the fused tables.
  size_t memory_bytes() const;

 private:
  struct alignas(32) Slot {
    uint64_t key = 0;  // 0 = empty
    float idf = 0.0f;
    float weights[kMaxClasses] = {};
  };
  struct Table {
    std::vector<Slot> slots;
    size_t mask = 0;
  };

  LinearScorer() = default;
  // Adds the block's normalised contribution, sum_j x_j W[j][c], to scores.
  void AccumulateBlock(const Table& table, const uint64_t* keys, size_t count, Workspace* ws, float* scores) const;
  template <int kClasses>  // 0: any count up to kMaxClasses
  void AccumulateBlockFor(const Table& table, const uint64_t* keys, size_t count, Workspace* ws, float* scores) const;

  TweetTokenizer tokenizer_;
  VectorizerOptions options_;
  int classes_ = 0;
  std::vector<float> bias_;
  Table tables_[2];
};

}  // namespace mlflow::models
