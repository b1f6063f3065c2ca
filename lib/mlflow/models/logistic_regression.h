// Multinomial logistic regression with L2 regularisation, trained by L-BFGS.
//
// Minimises C * sum_i s_i * CE(softmax(x_i W + b), y_i) + 0.5 * ||W||^2 (the intercept is not
// penalised), scikit-learn's LogisticRegression objective; s_i is the weight of example i's
// class (1 unless class_weights are given). L-BFGS runs on diagonally preconditioned
// variables (w_j scaled by 1 / sqrt(0.25 * sum_i s_i x_ij^2 + lambda)), which cuts the
// iterations several-fold on TF-IDF data; `tolerance` bounds the gradient of the mean loss in
// the original weights, as scikit-learn's `tol` does for its L-BFGS solver.
// The loss is evaluated in parallel over row chunks and the partial gradients are summed in
// chunk order: identical results for a given thread count, and across thread counts equal
// up to floating-point rounding.
#pragma once

#include <functional>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/models/linear_model.h"
#include "mlflow/models/sparse.h"

namespace mlflow::models {

struct LogisticRegressionOptions {
  double c = 1.0;                     // inverse regularisation strength. Default: 1.
  std::vector<double> class_weights;  // one per class; empty = all 1. Default: empty.
  int max_iterations = 200;           // L-BFGS iterations. Default: 200.
  double tolerance = 1e-4;            // max |gradient| of the mean loss. Default: 1e-4.
  int threads = 1;                    // <= 0: all hardware threads. Default: 1.
};

// Called after each iteration: step (1-based), mean training loss (the objective divided by
// C * sum s_i) and the current model.
using LinearProgress = std::function<void(int step, double loss, const LinearModel& model)>;

// `labels` are class indices in [0, classes). Fails with kInvalidParameterValue on
// mismatched sizes, out-of-range labels or a non-positive C.
Result<LinearModel> TrainLogisticRegression(const SparseMatrix& x, const std::vector<int>& labels, int classes,
                                            const LogisticRegressionOptions& options,
                                            const LinearProgress& progress = {});

// n / (classes * count_c) per class ("balanced"); classes with no example get 1.
std::vector<double> BalancedClassWeights(const std::vector<int>& labels, int classes);

}  // namespace mlflow::models
