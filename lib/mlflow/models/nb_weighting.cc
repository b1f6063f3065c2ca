#include "mlflow/models/nb_weighting.h"

#include <cmath>

namespace mlflow::models {

std::vector<std::vector<float>> NaiveBayesLogCountRatios(const SparseMatrix& x, const std::vector<int>& labels,
                                                         int classes, double smoothing) {
  const int64_t features = x.cols();
  std::vector<std::vector<double>> counts(classes, std::vector<double>(features, 0.0));
  for (int64_t i = 0; i < x.rows(); ++i) {
    for (SparseMatrix::InnerIterator it(x, i); it; ++it) {
      if (it.value() > 0) counts[labels[i]][it.col()] += 1.0;
    }
  }
  std::vector<double> total(features, 0.0);
  for (int c = 0; c < classes; ++c) {
    for (int64_t j = 0; j < features; ++j) total[j] += counts[c][j];
  }
  std::vector<std::vector<float>> ratios(classes, std::vector<float>(features, 0.0f));
  for (int c = 0; c < classes; ++c) {
    double p_norm = 0.0;
    double q_norm = 0.0;
    for (int64_t j = 0; j < features; ++j) {
      p_norm += smoothing + counts[c][j];
      q_norm += smoothing + total[j] - counts[c][j];
    }
    for (int64_t j = 0; j < features; ++j) {
      double p = (smoothing + counts[c][j]) / p_norm;
      double q = (smoothing + total[j] - counts[c][j]) / q_norm;
      ratios[c][j] = static_cast<float>(std::log(p / q));
    }
  }
  return ratios;
}

}  // namespace mlflow::models
