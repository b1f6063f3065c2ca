// A fastText-style classifier: the weighted mean of learned feature embeddings, then a
// linear softmax layer (Joulin et al., "Bag of Tricks for Efficient Text Classification").
//
// Input rows are the vectorizer's features (typically word uni+bigram counts, L1-normalised,
// so that the hidden vector is the mean embedding). Training is plain SGD on the softmax
// cross-entropy with a learning rate decaying linearly to 0, examples shuffled each epoch,
// class weights scaling each example's gradient. It runs on one thread: Hogwild-style
// parallel SGD would make results depend on timing, and one epoch over 50k tweets takes
// well under a second. Deterministic for a given seed. A trained model is immutable;
// Score is const and thread-safe (the caller provides the hidden-vector scratch).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/models/binary_io.h"
#include "mlflow/models/sparse.h"

namespace mlflow::models {

struct EmbeddingBagOptions {
  int dim = 50;                       // embedding size. Default: 50.
  int epochs = 10;                    // Default: 10.
  double learning_rate = 0.2;         // initial rate. Default: 0.2.
  std::vector<double> class_weights;  // one per class; empty = all 1. Default: empty.
  uint64_t seed = 42;                 // Default: 42.
};

class EmbeddingBagModel {
 public:
  EmbeddingBagModel() = default;
  EmbeddingBagModel(int64_t features, int dim, int classes);

  int64_t features() const { return features_; }
  int dim() const { return dim_; }
  int classes() const { return classes_; }

  // scores (classes entries) for one sparse row; `hidden` is dim() floats of scratch.
  void Score(const int32_t* columns, const float* values, size_t count, float* hidden, float* scores) const;

  void Save(BinaryWriter* out) const;
  static Result<EmbeddingBagModel> Load(BinaryReader* in);

 private:
  friend class EmbeddingBagTrainer;
  int64_t features_ = 0;
  int dim_ = 0;
  int classes_ = 0;
  std::vector<float> input_;   // features x dim
  std::vector<float> output_;  // classes x dim
  std::vector<float> bias_;    // classes
};

// Called after each epoch with the mean (weighted) training loss and the current model.
using EmbeddingBagProgress = std::function<void(int epoch, double loss, const EmbeddingBagModel& model)>;

Result<EmbeddingBagModel> TrainEmbeddingBag(const SparseMatrix& x, const std::vector<int>& labels, int classes,
                                            const EmbeddingBagOptions& options,
                                            const EmbeddingBagProgress& progress = {});

}  // namespace mlflow::models
