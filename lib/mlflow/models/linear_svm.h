// Linear SVM, one-vs-rest, trained by dual coordinate descent (Hsieh et al., ICML 2008).
//
// Each class c solves min_w 0.5 ||w||^2 + sum_i C_i max(0, 1 - y_i (w . x_i + b))^2 (the
// squared hinge, as in scikit-learn's LinearSVC) with y_i = +1 for class c and -1 otherwise,
// C_i = C * class_weight[label_i], and the intercept learned as the weight of a constant
// feature `intercept_scaling` (so it is regularised, as in liblinear). Optional per-class
// column scales turn it into NB-SVM: class c sees r_c .* x. The classes are split into one
// group per thread; a group's problems are solved in the same passes over the rows (each row
// read once for all of them, their weights interleaved per feature). Every epoch visits the rows
// in one order drawn from `seed`, and each class skips the rows it has shrunk away, so the
// result is identical for a given seed whatever the thread count.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/models/linear_model.h"
#include "mlflow/models/sparse.h"

namespace mlflow::models {

struct LinearSvmOptions {
  double c = 0.1;                     // Default: 0.1.
  std::vector<double> class_weights;  // one per class; empty = all 1. Default: empty.
  double intercept_scaling = 1.0;     // Default: 1.
  int max_epochs = 50;                // Default: 50.
  double tolerance = 0.05;            // stop when the projected-gradient spread < tolerance. Default: 0.05.
  uint64_t seed = 42;                 // Default: 42.
  int threads = 1;                    // <= 0: all hardware threads. Default: 1.
  // NB-SVM: per-class feature scales (classes x features), and the interpolation
  // w' = (1 - nb_interpolation) * mean|w| + nb_interpolation * w. Default: none, 1.
  const std::vector<std::vector<float>>* column_scales = nullptr;
  double nb_interpolation = 1.0;
};

// Called after each epoch with the mean primal objective over classes (divided by the
// number of rows) and the current model (scales folded in).
using SvmProgress = std::function<void(int epoch, double loss, const LinearModel& model)>;

Result<LinearModel> TrainLinearSvm(const SparseMatrix& x, const std::vector<int>& labels, int classes,
                                   const LinearSvmOptions& options, const SvmProgress& progress = {});

}  // namespace mlflow::models
