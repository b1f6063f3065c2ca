#include "mlflow/models/logistic_regression.h"

#include <algorithm>
#include <cmath>

#include "mlflow/models/lbfgs.h"
#include "mlflow/models/parallel.h"

namespace mlflow::models {
namespace {

LinearModel ToLinearModel(const Eigen::VectorXd& params, int64_t features, int classes) {
  LinearModel model(features, classes);
  for (int64_t j = 0; j < features; ++j) {
    for (int c = 0; c < classes; ++c) model.weight(j, c) = static_cast<float>(params[j * classes + c]);
  }
  for (int c = 0; c < classes; ++c) model.bias(c) = static_cast<float>(params[features * classes + c]);
  return model;
}

// Adds the weighted cross-entropy gradient of rows [begin, end) to `gradient` (zeroed here)
// and returns their weighted loss. Layout: weight[j * K + c], then K intercepts.
template <int K>
double LossGradientKernel(const SparseMatrix& x, const std::vector<int>& labels,
                          const std::vector<double>& sample_weight, int classes, const float* weights, size_t begin,
                          size_t end, float* gradient) {
  const int k_classes = K > 0 ? K : classes;
  const int64_t features = x.cols();
  const int64_t params = features * k_classes + k_classes;
  std::fill(gradient, gradient + params, 0.0f);
  const int32_t* outer = x.outerIndexPtr();
  const int32_t* inner = x.innerIndexPtr();
  const float* values = x.valuePtr();
  const float* intercepts = weights + features * k_classes;
  float* intercept_gradient = gradient + features * k_classes;
  double loss = 0.0;
  float z[64];
  // The weight and gradient rows of the feature kPrefetchDistance non-zeros ahead (in this row
  // or the next ones) are requested early: these scattered accesses dominate the cost.
  constexpr int32_t kPrefetchDistance = 16;
  const auto last_nonzero = static_cast<int32_t>(outer[end] - 1);
  auto ahead = [&](int32_t k) { return static_cast<int64_t>(inner[std::min(k + kPrefetchDistance, last_nonzero)]); };
  for (size_t i = begin; i < end; ++i) {
    if constexpr (K > 0) {
      // Register accumulators: the compiler keeps a fixed-size array out of memory.
      float acc[K > 0 ? K : 1];
      for (int c = 0; c < K; ++c) acc[c] = intercepts[c];
      for (int32_t k = outer[i]; k < outer[i + 1]; ++k) {
        __builtin_prefetch(weights + ahead(k) * K);
        const float* wj = weights + static_cast<int64_t>(inner[k]) * K;
        const float v = values[k];
#pragma GCC unroll 8
        for (int c = 0; c < K; ++c) acc[c] += v * wj[c];
      }
      for (int c = 0; c < K; ++c) z[c] = acc[c];
    } else {
      for (int c = 0; c < k_classes; ++c) z[c] = intercepts[c];
      for (int32_t k = outer[i]; k < outer[i + 1]; ++k) {
        const float* wj = weights + static_cast<int64_t>(inner[k]) * k_classes;
        const float v = values[k];
        for (int c = 0; c < k_classes; ++c) z[c] += v * wj[c];
      }
    }
    float max_z = z[0];
    for (int c = 1; c < k_classes; ++c) max_z = std::max(max_z, z[c]);
    // Single precision, like the scores: each term is at most 1 after the shift.
    float sum = 0.0f;
    float shifted_exp[64];
    for (int c = 0; c < k_classes; ++c) sum += shifted_exp[c] = std::exp(z[c] - max_z);
    const int y = labels[i];
    loss += sample_weight[i] * (static_cast<double>(max_z) + std::log(sum) - z[y]);
    const float inverse_sum = 1.0f / sum;
    const auto row_weight = static_cast<float>(sample_weight[i]);
    for (int c = 0; c < k_classes; ++c) {
      const float p = shifted_exp[c] * inverse_sum;
      z[c] = row_weight * (p - (c == y ? 1.0f : 0.0f));
      intercept_gradient[c] += z[c];
    }
    for (int32_t k = outer[i]; k < outer[i + 1]; ++k) {
      __builtin_prefetch(gradient + ahead(k) * k_classes, 1);
      float* gj = gradient + static_cast<int64_t>(inner[k]) * k_classes;
      const float v = values[k];
#pragma GCC unroll 8
      for (int c = 0; c < k_classes; ++c) gj[c] += v * z[c];
    }
  }
  return loss;
}

double AccumulateLossGradient(const SparseMatrix& x, const std::vector<int>& labels,
                              const std::vector<double>& sample_weight, int classes, const float* weights, size_t begin,
                              size_t end, float* gradient) {
  switch (classes) {
    case 2:
      return LossGradientKernel<2>(x, labels, sample_weight, classes, weights, begin, end, gradient);
    case 3:
      return LossGradientKernel<3>(x, labels, sample_weight, classes, weights, begin, end, gradient);
    default:
      return LossGradientKernel<0>(x, labels, sample_weight, classes, weights, begin, end, gradient);
  }
}

}  // namespace

std::vector<double> BalancedClassWeights(const std::vector<int>& labels, int classes) {
  std::vector<double> counts(classes, 0.0);
  for (int label : labels) counts[label] += 1.0;
  std::vector<double> weights(classes, 1.0);
  for (int c = 0; c < classes; ++c) {
    if (counts[c] > 0) weights[c] = static_cast<double>(labels.size()) / (classes * counts[c]);
  }
  return weights;
}

Result<LinearModel> TrainLogisticRegression(const SparseMatrix& x, const std::vector<int>& labels, int classes,
                                            const LogisticRegressionOptions& options, const LinearProgress& progress) {
  if (static_cast<size_t>(x.rows()) != labels.size() || labels.empty()) {
    return InvalidArgument("logistic regression: need one label per row and at least one row");
  }
  if (classes < 2 || classes > 64) return InvalidArgument("logistic regression: need 2 to 64 classes");
  if (!(options.c > 0.0)) return InvalidArgument("logistic regression: C must be positive");
  if (!options.class_weights.empty() && options.class_weights.size() != static_cast<size_t>(classes)) {
    return InvalidArgument("logistic regression: one class weight per class expected");
  }
  for (int label : labels) {
    if (label < 0 || label >= classes) return InvalidArgument("logistic regression: label out of range");
  }
  const int64_t features = x.cols();
  const int64_t params = features * classes + classes;
  const size_t rows = labels.size();
  std::vector<double> sample_weight(rows);
  double total_weight = 0.0;
  for (size_t i = 0; i < rows; ++i) {
    sample_weight[i] = options.class_weights.empty() ? 1.0 : options.class_weights[labels[i]];
    total_weight += sample_weight[i];
  }
  for (double& w : sample_weight) w /= total_weight;
  const double lambda = 1.0 / (options.c * total_weight);
  const int threads = ResolveThreadCount(options.threads);
  const int chunks = ChunkCount(rows, threads);
  // The weights are read as floats and each chunk accumulates its gradient in floats: half
  // the memory traffic of doubles on the random feature accesses that dominate the cost.
  std::vector<float> weights_f(static_cast<size_t>(params));
  std::vector<std::vector<float>> partial_gradients(chunks, std::vector<float>(static_cast<size_t>(params)));
  std::vector<double> partial_losses(chunks);

  // Diagonal preconditioning by change of variables w = scale .* u, with scale_j =
  // 1 / sqrt(h_j) and h_j = 0.25 * sum_i s_i x_ij^2 + lambda, a bound on the Hessian diagonal.
  // Rare features have curvature ~1e4 times smaller than the intercept; without this L-BFGS
  // spends its first iterations learning that.
  Eigen::VectorXd scale = Eigen::VectorXd::Constant(params, 2.0);
  {
    std::vector<double> curvature(features, 0.0);
    const int32_t* outer = x.outerIndexPtr();
    for (size_t i = 0; i < rows; ++i) {
      for (int32_t k = outer[i]; k < outer[i + 1]; ++k) {
        double v = x.valuePtr()[k];
        curvature[x.innerIndexPtr()[k]] += sample_weight[i] * v * v;
      }
    }
    for (int64_t j = 0; j < features; ++j) {
      double s_j = 1.0 / std::sqrt(0.25 * curvature[j] + lambda);
      for (int c = 0; c < classes; ++c) scale[j * classes + c] = s_j;
    }
  }
  const int64_t penalised = features * classes;  // the intercepts come last and are not penalised
  const int param_chunks = ChunkCount(static_cast<size_t>(params), threads);
  std::vector<double> partial_norms(param_chunks);
  auto objective = [&](const Eigen::VectorXd& u, Eigen::VectorXd* gradient) {
    // Elementwise passes over the parameters are fused and split across the threads too: at
    // ~10^5-10^6 parameters they would otherwise cost a good part of an evaluation.
    const double* u_data = u.data();
    const double* scale_data = scale.data();
    ParallelFor(static_cast<size_t>(params), threads, [&](size_t begin, size_t end, int) {
      for (size_t p = begin; p < end; ++p) weights_f[p] = static_cast<float>(u_data[p] * scale_data[p]);
    });
    ParallelFor(rows, threads, [&](size_t begin, size_t end, int chunk) {
      partial_losses[chunk] = AccumulateLossGradient(x, labels, sample_weight, classes, weights_f.data(), begin, end,
                                                     partial_gradients[chunk].data());
    });
    double* g = gradient->data();
    ParallelFor(static_cast<size_t>(params), threads, [&](size_t begin, size_t end, int chunk) {
      double norm = 0.0;
      for (size_t p = begin; p < end; ++p) {
        double sum = 0.0;
        for (int k = 0; k < chunks; ++k) sum += partial_gradients[k][p];
        if (static_cast<int64_t>(p) < penalised) {
          const double weight = u_data[p] * scale_data[p];
          sum += lambda * weight;
          norm += weight * weight;
        }
        g[p] = sum * scale_data[p];
      }
      partial_norms[chunk] = norm;
    });
    double loss = 0.0;
    for (int k = 0; k < chunks; ++k) loss += partial_losses[k];
    double squared_norm = 0.0;
    for (int k = 0; k < param_chunks; ++k) squared_norm += partial_norms[k];
    return loss + 0.5 * lambda * squared_norm;
  };

  LbfgsOptions lbfgs;
  lbfgs.max_iterations = options.max_iterations;
  lbfgs.gradient_tolerance = options.tolerance;
  // Converged when the gradient in the original weights is below the tolerance, as scikit-learn
  // tests it; in the preconditioned coordinates rare features would need a far smaller one.
  lbfgs.gradient_unscale = scale;
  LbfgsCallback callback;
  if (progress) {
    callback = [&](int iteration, double f, const Eigen::VectorXd& u) {
      progress(iteration, f, ToLinearModel(u.cwiseProduct(scale), features, classes));
      return true;
    };
  }
  LbfgsResult result = MinimizeLbfgs(objective, Eigen::VectorXd::Zero(params), lbfgs, callback);
  return ToLinearModel(result.x.cwiseProduct(scale), features, classes);
}

}  // namespace mlflow::models
