// LinearModel: class scores = x W + b over sparse features; the shape every linear learner
// (logistic regression, linear SVM, NB-SVM) produces.
//
// W is stored feature-major (one row of `classes` weights per feature) so that scoring a
// sparse row touches one contiguous run per feature. Immutable after training; scoring is
// const and thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/models/binary_io.h"
#include "mlflow/models/sparse.h"

namespace mlflow::models {

class LinearModel {
 public:
  LinearModel() = default;
  LinearModel(int64_t features, int classes)
      : features_(features),
        classes_(classes),
        weights_(static_cast<size_t>(features) * classes, 0.0f),
        bias_(classes, 0.0f) {}

  int64_t features() const { return features_; }
  int classes() const { return classes_; }
  float& weight(int64_t feature, int cls) { return weights_[static_cast<size_t>(feature) * classes_ + cls]; }
  float weight(int64_t feature, int cls) const { return weights_[static_cast<size_t>(feature) * classes_ + cls]; }
  float& bias(int cls) { return bias_[cls]; }
  float bias(int cls) const { return bias_[cls]; }

  // scores[c] = bias[c] + sum_j x_j W[j][c]; `scores` has classes() entries.
  void Score(const int32_t* columns, const float* values, size_t count, float* scores) const {
    for (int c = 0; c < classes_; ++c) scores[c] = bias_[c];
    for (size_t k = 0; k < count; ++k) {
      const float* row = &weights_[static_cast<size_t>(columns[k]) * classes_];
      for (int c = 0; c < classes_; ++c) scores[c] += values[k] * row[c];
    }
  }
  void Score(const SparseRow& row, float* scores) const {
    Score(row.columns.data(), row.values.data(), row.columns.size(), scores);
  }
  // scores[c] += scale * sum_j x_j W[j][c], without the bias: one block of features at a
  // time, columns in any order. Weight rows are prefetched a few features ahead.
  void Accumulate(const int32_t* columns, const float* values, size_t count, float scale, float* scores) const;
  // Scores of every row of `x`, row-major (rows x classes).
  std::vector<float> ScoreMatrix(const SparseMatrix& x) const;

  void Save(BinaryWriter* out) const;
  static Result<LinearModel> Load(BinaryReader* in);

 private:
  int64_t features_ = 0;
  int classes_ = 0;
  std::vector<float> weights_;
  std::vector<float> bias_;
};

// In-place softmax of n scores; returns the log of the normaliser (log-sum-exp).
double Softmax(float* scores, int n);

}  // namespace mlflow::models
