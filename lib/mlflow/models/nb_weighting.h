// Naive Bayes log-count ratios (Wang & Manning 2012, "Baselines and Bigrams"), the feature
// scaling of NB-SVM.
//
// For class c against the rest, with f_i the binarised features of row i and smoothing a:
//   p = a + sum_{i in c} f_i,  q = a + sum_{i not in c} f_i,  r_c = log((p / |p|_1) / (q / |q|_1)).
// A linear model trained on r_c .* x weighs features by how much more often they occur in c.
// Pure function; thread-safe.
#pragma once

#include <vector>

#include "mlflow/models/sparse.h"

namespace mlflow::models {

// One ratio vector (x.cols() entries) per class.
std::vector<std::vector<float>> NaiveBayesLogCountRatios(const SparseMatrix& x, const std::vector<int>& labels,
                                                         int classes, double smoothing = 1.0);

}  // namespace mlflow::models
