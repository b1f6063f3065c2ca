// TextVectorizer: raw text -> sparse TF-IDF rows (word and character n-gram blocks).
//
// Fit tokenizes every text, counts in how many documents each n-gram occurs (df), keeps
// those with min_df <= df <= max_df_fraction * documents, and orders the kept features by
// decreasing df, then key (word block first, then character block): the result depends only
// on the data and the options, never on the thread count, and the frequent features share
// cache lines in every weight table. Weights follow scikit-learn's TfidfVectorizer:
// tf = count (or 1 + ln count when sublinear, or 1 when binary), smooth idf =
// ln((1 + n) / (1 + df)) + 1, then each block is normalised on its own (L2 by default), as
// in a FeatureUnion of two vectorizers.
//
// Feature identity: with hash_bits == 0 a feature is its 64-bit n-gram key (an exact
// vocabulary up to 64-bit collisions, ~1e-8 for a million features); with hash_bits = b > 0 it
// is one of 2^b buckets per block (the hashing trick, df counted per bucket).
//
// A fitted vectorizer is immutable; Transform, TransformOne and Weigh are const and thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/models/occurrence_counts.h"
#include "mlflow/models/position_marks.h"
#include "mlflow/models/binary_io.h"
#include "mlflow/models/flat_hash_map.h"
#include "mlflow/models/ngram_keys.h"
#include "mlflow/models/sparse.h"
#include "mlflow/models/tokenizer.h"

namespace mlflow::models {

enum class RowNorm { kNone = 0, kL1 = 1, kL2 = 2 };

struct VectorizerOptions {
  TokenizerOptions tokenizer;
  NgramRange word_ngrams{1, 2};  // Default: unigrams and bigrams.
  NgramRange char_ngrams{0, 0};  // Default: off ({2, 5} mirrors char_wb (2, 5)).
  int min_df = 2;                // Default: 2.
  double max_df_fraction = 1.0;  // Default: 1.0 (no upper cut).
  bool sublinear_tf = true;      // Default: true.
  bool binary_tf = false;        // tf = 1 for present n-grams. Default: false.
  bool use_idf = true;           // Default: true.
  RowNorm norm = RowNorm::kL2;   // per block. Default: L2.
  int hash_bits = 0;             // 0 = exact vocabulary; 10..26 = 2^bits buckets per block.
};

// Per-row counts TransformOne reports, for monitoring (OOV rate).
struct RowStats {
  uint32_t tokens = 0;          // tokens the tokenizer produced
  uint32_t known_unigrams = 0;  // tokens whose unigram feature is in the vocabulary
};

class TextVectorizer {
 public:
  // The distinct features of one block of one text, in no particular order: value = tf * idf
  // before normalisation; the block's normalised values are value * scale.
  struct BlockFeatures {
    std::vector<int32_t> columns;
    std::vector<float> values;
    float scale = 1.0f;
  };

  // Scratch buffers for TransformOne and Weigh; one per thread.
  struct Workspace {
    // Set by callers that weigh many texts in a row here (Transform, FitTransform, batch
    // prediction): repeated features are then merged by a count per column (2 bytes per
    // feature, kept in this workspace), faster than the marks once those counts are in cache.
    // Default: false (the marks: a few KB).
    bool dense_counts = false;
    TokenList tokens;
    std::vector<uint64_t> keys;
    std::vector<uint32_t> counts;           // occurrences of columns[i] (marks; sized for the block)
    OccurrenceCounts<int32_t> occurrences;  // occurrences by column (dense_counts)
    PositionMarks marks;                    // column -> position in blocks[b]
    std::vector<uint64_t> sorted;           // column << 32 | value bits, and its radix-sort scratch
    std::vector<uint64_t> sort_scratch;
    BlockFeatures blocks[2];
  };

  // Fails with kInvalidParameterValue on bad options or when no feature survives min_df.
  static Result<TextVectorizer> Fit(const std::vector<std::string>& texts, const VectorizerOptions& options,
                                    int threads = 1);

  // Fit then Transform of the same texts, tokenizing them once: the training path. Holds an
  // id of every n-gram of the corpus (4 bytes each) until the matrix is built, and reserves the
  // matrix at 8 bytes per n-gram (repeats included), of which only the non-zeros are written. The matrix goes to
  // *matrix (non-null), swapped in: its previous contents are freed on success and left as they
  // were on error. Eigen's SparseMatrix has no move constructor, so returning it inside a pair
  // or Result would copy it.
  static Result<TextVectorizer> FitTransform(const std::vector<std::string>& texts, const VectorizerOptions& options,
                                             int threads, SparseMatrix* matrix);

  SparseMatrix Transform(const std::vector<std::string>& texts, int threads = 1,
                         std::vector<RowStats>* stats = nullptr) const;
  void TransformOne(std::string_view text, Workspace* workspace, SparseRow* row, RowStats* stats = nullptr) const;
  // The features of `text` without building a row: workspace->blocks[0] (words) and [1]
  // (characters). The prediction fast path: what TransformOne returns, unsorted, with the
  // normalisation left to the caller.
  void Weigh(std::string_view text, Workspace* workspace) const;
  // The token statistics of already tokenized text (what TransformOne reports).
  RowStats WordStats(const TokenList& tokens) const;
  // Tokens only (for models that embed tokens rather than n-gram features).
  void Tokenize(std::string_view text, TokenList* tokens) const { tokenizer_.Tokenize(text, tokens); }

  const VectorizerOptions& options() const { return options_; }
  size_t num_features() const { return idf_.size(); }
  size_t num_word_features() const { return word_features_; }
  size_t num_documents() const { return documents_; }
  // Document frequency of a column (for tests and diagnostics).
  uint32_t document_frequency(int32_t column) const { return df_[column]; }
  float idf(int32_t column) const { return idf_[column]; }
  // The column of a word n-gram key or -1 (exact vocabulary) / bucket (hashing).
  int32_t ColumnOfWordKey(uint64_t key) const { return Lookup(0, key); }
  // Calls fn(key, column, idf) for every feature of `block` (0 words, 1 characters) of an exact
  // vocabulary, in no particular order; calls nothing in hashing mode.
  template <typename Fn>
  void ForEachFeature(int block, Fn&& fn) const {
    vocabulary_[block].ForEach([&](uint64_t key, const Feature& f) { fn(key, f.column, f.idf); });
  }

  void Save(BinaryWriter* out) const;
  static Result<TextVectorizer> Load(BinaryReader* in);

 private:
  // The features of one fit chunk, as the chunk's feature ids (see FitImpl): per document and
  // block, ids[ends[2d+b-1] .. ends[2d+b]); columns[b] maps an exact vocabulary's ids to their
  // column or -1 (hashing: the ids are buckets, mapped by bucket_columns_).
  struct KeyCache {
    std::vector<uint32_t> ids;
    std::vector<size_t> ends;
    std::vector<int32_t> columns[2];
  };
  TextVectorizer() = default;
  static Result<TextVectorizer> FitImpl(const std::vector<std::string>& texts, const VectorizerOptions& options,
                                        int threads, std::vector<KeyCache>* cache);
  // A kept feature: its column and idf, in one hash slot so that a lookup costs one cache line.
  struct Feature {
    int32_t column = -1;
    float idf = 0.0f;
  };
  int32_t Lookup(int block, uint64_t key) const;
  // Fills ws->blocks[block] from the n-gram keys of one text (repeats allowed), looking keys
  // up a few ahead of their use.
  void WeighBlock(int block, const uint64_t* keys, size_t count, Workspace* ws) const;
  // The same from a fit chunk's feature ids and their id -> column table.
  void WeighIds(int block, const uint32_t* ids, size_t count, const int32_t* column_of_id, Workspace* ws) const;
  // Fills ws->blocks[block] from `count` features; resolve(k, &column, &idf) finds the k-th
  // (in order) and returns false for a feature outside the vocabulary.
  template <typename Resolve>
  void WeighFeatures(int block, size_t count, Resolve&& resolve, Workspace* ws) const;
  // Appends ws->blocks[block], sorted by column and normalised, to `row`.
  static void AppendSortedBlock(int block, Workspace* ws, SparseRow* row);
  // Computes idf_ from df_ and documents_, then builds the lookup tables from each column's
  // key (exact) or bucket (hashing). Shared by Fit and Load.
  void BuildTables(const std::vector<uint64_t>& column_keys);

  VectorizerOptions options_;
  TweetTokenizer tokenizer_;
  size_t documents_ = 0;
  size_t word_features_ = 0;
  FlatHashMap<Feature> vocabulary_[2];      // exact mode: key -> column and idf, per block
  std::vector<int32_t> bucket_columns_[2];  // hashing mode: bucket -> column or -1, per block
  std::vector<uint32_t> df_;
  std::vector<float> idf_;
};

Status ValidateVectorizerOptions(const VectorizerOptions& options);

}  // namespace mlflow::models
