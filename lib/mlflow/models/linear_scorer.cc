#include "mlflow/models/linear_scorer.h"

#include <cmath>

#include "mlflow/models/ngram_keys.h"

namespace mlflow::models {
namespace {

// As in TextVectorizer::WeighBlock: far enough ahead to overlap a handful of cache misses.
constexpr size_t kPrefetchDistance = 16;

}  // namespace

std::unique_ptr<const LinearScorer> LinearScorer::Build(const TextVectorizer& vectorizer, const LinearModel& model) {
  const VectorizerOptions& options = vectorizer.options();
  if (options.hash_bits > 0 || model.classes() < 1 || model.classes() > kMaxClasses ||
      model.features() != static_cast<int64_t>(vectorizer.num_features())) {
    return nullptr;
  }
  std::unique_ptr<LinearScorer> scorer(new LinearScorer());
  scorer->tokenizer_ = TweetTokenizer(options.tokenizer);
  scorer->options_ = options;
  scorer->classes_ = model.classes();
  for (int c = 0; c < model.classes(); ++c) scorer->bias_.push_back(model.bias(c));
  for (int block = 0; block < 2; ++block) {
    const size_t begin = block == 0 ? 0 : vectorizer.num_word_features();
    const size_t end = block == 0 ? vectorizer.num_word_features() : vectorizer.num_features();
    size_t capacity = 16;
    while (capacity < 2 * (end - begin)) capacity *= 2;
    Table& table = scorer->tables_[block];
    table.slots.assign(capacity, Slot());
    table.mask = capacity - 1;
    vectorizer.ForEachFeature(block, [&](uint64_t key, int32_t column, float idf) {
      size_t slot = key & table.mask;
      while (table.slots[slot].key != 0) slot = (slot + 1) & table.mask;
      Slot& s = table.slots[slot];
      s.key = key;
      s.idf = idf;
      for (int c = 0; c < model.classes(); ++c) s.weights[c] = model.weight(column, c);
    });
  }
  return scorer;
}

RowStats LinearScorer::WordStats(const TokenList& tokens) const {
  RowStats stats;
  stats.tokens = static_cast<uint32_t>(tokens.size());
  const Table& table = tables_[0];
  for (size_t t = 0; t < tokens.size(); ++t) {
    const uint64_t key = WordUnigramKey(tokens[t]);
    size_t slot = key & table.mask;
    while (table.slots[slot].key != key && table.slots[slot].key != 0) slot = (slot + 1) & table.mask;
    if (table.slots[slot].key != 0) ++stats.known_unigrams;
  }
  return stats;
}

size_t LinearScorer::memory_bytes() const { return (tables_[0].slots.size() + tables_[1].slots.size()) * sizeof(Slot); }

void LinearScorer::Score(std::string_view text, Workspace* ws, float* scores) const {
  for (int c = 0; c < classes_; ++c) scores[c] = bias_[c];
  tokenizer_.Tokenize(text, &ws->tokens);
  for (int block = 0; block < 2; ++block) {
    ws->keys.clear();
    if (block == 0) {
      AppendWordNgramKeys(ws->tokens, options_.word_ngrams, &ws->keys);
    } else {
      AppendCharNgramKeys(ws->tokens, options_.char_ngrams, &ws->keys);
    }
    if (!ws->keys.empty()) {
      AccumulateBlock(tables_[block], ws->keys.data(), ws->keys.size(), ws, scores);
    } else {
      for (int c = 0; c < classes_; ++c) scores[c] += 0.0f;  // what an empty block adds: -0 becomes +0
    }
  }
}

void LinearScorer::AccumulateBlock(const Table& table, const uint64_t* keys, size_t count, Workspace* ws,
                                   float* scores) const {
  // A fixed class count keeps the per-class sums in registers.
  switch (classes_) {
    case 2:
      return AccumulateBlockFor<2>(table, keys, count, ws, scores);
    case 3:
      return AccumulateBlockFor<3>(table, keys, count, ws, scores);
    default:
      return AccumulateBlockFor<0>(table, keys, count, ws, scores);
  }
}

template <int kClasses>
void LinearScorer::AccumulateBlockFor(const Table& table, const uint64_t* keys, size_t count, Workspace* ws,
                                      float* scores) const {
  const int classes = kClasses > 0 ? kClasses : classes_;
  const Slot* slots = table.slots.data();
  // Whether keys[k] is in the vocabulary, and its slot; requests a later key's slot in time.
  auto find = [&](size_t k, size_t* slot) {
    if (k + kPrefetchDistance < count) __builtin_prefetch(&slots[keys[k + kPrefetchDistance] & table.mask]);
    size_t s = keys[k] & table.mask;
    while (slots[s].key != keys[k] && slots[s].key != 0) s = (s + 1) & table.mask;
    *slot = s;
    return slots[s].key != 0;
  };
  for (size_t k = 0; k < std::min(count, kPrefetchDistance); ++k) __builtin_prefetch(&slots[keys[k] & table.mask]);
  const bool dense = ws->dense_counts && OccurrenceCounts<uint32_t>::Applies(table.slots.size(), count);
  if (dense) {
    ws->occurrences.Begin(table.slots.size(), count, &ws->distinct);
    for (size_t k = 0, slot = 0; k < count; ++k) {
      if (find(k, &slot)) ws->occurrences.Count(static_cast<uint32_t>(slot));
    }
    ws->distinct.resize(ws->occurrences.listed());
  } else {
    ws->distinct.resize(count);
    ws->counts.resize(count);
    ws->marks.Begin(count);
    size_t listed = 0;
    for (size_t k = 0, slot = 0; k < count; ++k) {
      if (find(k, &slot)) ws->marks.Count(static_cast<uint32_t>(slot), ws->distinct.data(), ws->counts.data(), &listed);
    }
    ws->distinct.resize(listed);
  }
  // The same arithmetic, in the same order, as WeighBlock then LinearModel::Accumulate.
  double norm = 0.0;
  float sums[kMaxClasses] = {};
  for (size_t i = 0; i < ws->distinct.size(); ++i) {
    const Slot& s = slots[ws->distinct[i]];
    const uint32_t occurrences = dense ? ws->occurrences.Take(ws->distinct[i]) : ws->counts[i];
    float tf = 1.0f;
    if (occurrences > 1 && !options_.binary_tf) {
      tf = options_.sublinear_tf ? 1.0f + std::log(static_cast<float>(occurrences)) : static_cast<float>(occurrences);
    }
    const float value = tf * s.idf;
    norm += options_.norm == RowNorm::kL1 ? value : static_cast<double>(value) * value;
    for (int c = 0; c < classes; ++c) sums[c] += value * s.weights[c];
  }
  float scale = 1.0f;
  if (options_.norm != RowNorm::kNone && norm > 0.0) {
    scale = static_cast<float>(1.0 / (options_.norm == RowNorm::kL2 ? std::sqrt(norm) : norm));
  }
  for (int c = 0; c < classes; ++c) scores[c] += scale * sums[c];
}

}  // namespace mlflow::models
