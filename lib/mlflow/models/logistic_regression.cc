#include "mlflow/models/logistic_regression.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// A chunk's float copy of the weights with its gradient beside them: feature j's K weights
// and K partial derivatives share one record (padded to a 32-byte, cache-line-aligned record
// for K = 3), so the backward pass finds in cache the line the forward pass just loaded for
// the same feature instead of missing on a separate gradient array. The intercepts form one
// more record after the features'.
class WeightsAndGradient {
 public:
  // Floats in each half of a record.
  static constexpr int HalfRecord(int classes) { return classes == 3 ? 4 : classes; }

  WeightsAndGradient(int64_t features, int classes) : half_(HalfRecord(classes)), records_(features + 1) {
    // data_ points into storage_: not copyable.
    constexpr size_t kLineFloats = 64 / sizeof(float);
    storage_.assign(static_cast<size_t>(records_) * 2 * half_ + kLineFloats, 0.0f);
    const auto address = reinterpret_cast<uintptr_t>(storage_.data());
    data_ = storage_.data() + (64 - address % 64) % 64 / sizeof(float);
  }
  WeightsAndGradient(const WeightsAndGradient&) = delete;
  WeightsAndGradient& operator=(const WeightsAndGradient&) = delete;
  int stride() const { return 2 * half_; }
  int half() const { return half_; }
  float* record(int64_t j) { return data_ + j * stride(); }
  const float* record(int64_t j) const { return data_ + j * stride(); }
  void ClearGradient() {
    for (int64_t j = 0; j < records_; ++j) std::fill(record(j) + half_, record(j) + 2 * half_, 0.0f);
  }

 private:
  int half_;
  int64_t records_;
  std::vector<float> storage_;
  float* data_ = nullptr;  // cache-line aligned, in storage_
};

// Adds the weighted cross-entropy gradient of rows [begin, end) to block's gradient (zeroed
// here) and returns their weighted loss.
template <int K>
double LossGradientKernel(const SparseMatrix& x, const std::vector<int>& labels,
                          const std::vector<double>& sample_weight, int classes, WeightsAndGradient* block,
                          size_t begin, size_t end) {
  const int k_classes = K > 0 ? K : classes;
  const int64_t features = x.cols();
  block->ClearGradient();
  const int32_t* outer = x.outerIndexPtr();
  const int32_t* inner = x.innerIndexPtr();
  const float* values = x.valuePtr();
  constexpr int kStride = 2 * WeightsAndGradient::HalfRecord(K);  // K > 0
#if defined(__SSE2__)
  constexpr bool kFourLanes = K == 3;  // 16-byte record halves, the fourth lane padding
#else
  constexpr bool kFourLanes = false;
#endif
  const int stride = K > 0 ? kStride : block->stride();
  const int half = K > 0 ? kStride / 2 : block->half();
  float* base = block->record(0);
  const float* intercepts = block->record(features);
  float* intercept_gradient = block->record(features) + half;
  double loss = 0.0;
  float z[64] = {};
  // The record of the feature kPrefetchDistance non-zeros ahead (in this row or the next ones)
  // is requested early: these scattered accesses dominate the cost.
  constexpr int32_t kPrefetchDistance = 16;
  const auto last_nonzero = static_cast<int32_t>(outer[end] - 1);
  auto ahead = [&](int32_t k) { return static_cast<int64_t>(inner[std::min(k + kPrefetchDistance, last_nonzero)]); };
  for (size_t i = begin; i < end; ++i) {
    if constexpr (kFourLanes) {
#if defined(__SSE2__)
      // One record half per vector: the same multiplications and additions, class by class, as
      // the scalar loop (the fourth lane is padding).
      __m128 acc = _mm_loadu_ps(intercepts);
      for (int32_t k = outer[i]; k < outer[i + 1]; ++k) {
        __builtin_prefetch(base + ahead(k) * kStride);
        const float* wj = base + static_cast<int64_t>(inner[k]) * kStride;
        acc = _mm_add_ps(acc, _mm_mul_ps(_mm_set1_ps(values[k]), _mm_load_ps(wj)));
      }
      _mm_storeu_ps(z, acc);
#endif
    } else if constexpr (K > 0) {
      // Register accumulators: the compiler keeps a fixed-size array out of memory.
      float acc[K > 0 ? K : 1];
      for (int c = 0; c < K; ++c) acc[c] = intercepts[c];
      for (int32_t k = outer[i]; k < outer[i + 1]; ++k) {
        __builtin_prefetch(base + ahead(k) * kStride);
        const float* wj = base + static_cast<int64_t>(inner[k]) * kStride;
        const float v = values[k];
#pragma GCC unroll 8
        for (int c = 0; c < K; ++c) acc[c] += v * wj[c];
      }
      for (int c = 0; c < K; ++c) z[c] = acc[c];
    } else {
      for (int c = 0; c < k_classes; ++c) z[c] = intercepts[c];
      for (int32_t k = outer[i]; k < outer[i + 1]; ++k) {
        const float* wj = base + static_cast<int64_t>(inner[k]) * stride;
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
    if constexpr (kFourLanes) {
#if defined(__SSE2__)
      z[3] = 0.0f;  // the padding lane's gradient stays 0
      const __m128 scaled = _mm_loadu_ps(z);
      for (int32_t k = outer[i]; k < outer[i + 1]; ++k) {
        float* gj = base + static_cast<int64_t>(inner[k]) * kStride + kStride / 2;
        _mm_store_ps(gj, _mm_add_ps(_mm_load_ps(gj), _mm_mul_ps(_mm_set1_ps(values[k]), scaled)));
      }
#endif
    } else {
      for (int32_t k = outer[i]; k < outer[i + 1]; ++k) {
        float* gj = base + static_cast<int64_t>(inner[k]) * stride + half;
        const float v = values[k];
#pragma GCC unroll 8
        for (int c = 0; c < k_classes; ++c) gj[c] += v * z[c];
      }
    }
  }
  return loss;
}

double AccumulateLossGradient(const SparseMatrix& x, const std::vector<int>& labels,
                              const std::vector<double>& sample_weight, int classes, WeightsAndGradient* block,
                              size_t begin, size_t end) {
  switch (classes) {
    case 2:
      return LossGradientKernel<2>(x, labels, sample_weight, classes, block, begin, end);
    case 3:
      return LossGradientKernel<3>(x, labels, sample_weight, classes, block, begin, end);
    default:
      return LossGradientKernel<0>(x, labels, sample_weight, classes, block, begin, end);
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
  // Each chunk reads the weights as floats and accumulates its gradient in floats, beside them:
  // half the memory traffic of doubles on the random feature accesses that dominate the cost.
  std::vector<std::unique_ptr<WeightsAndGradient>> blocks;
  for (int k = 0; k < chunks; ++k) blocks.push_back(std::make_unique<WeightsAndGradient>(features, classes));
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
  const int param_chunks = ChunkCount(static_cast<size_t>(params), threads);
  std::vector<double> partial_norms(param_chunks);
  auto objective = [&](const Eigen::VectorXd& u, Eigen::VectorXd* gradient) {
    // Elementwise passes over the parameters are fused and split across the threads too: at
    // ~10^5-10^6 parameters they would otherwise cost a good part of an evaluation.
    const double* u_data = u.data();
    const double* scale_data = scale.data();
    // By record: feature j's parameters are p = j * classes + c, the intercepts record `features`.
    ParallelFor(static_cast<size_t>(features + 1), threads, [&](size_t begin, size_t end, int) {
      for (auto j = static_cast<int64_t>(begin); j < static_cast<int64_t>(end); ++j) {
        const double* uj = u_data + j * classes;
        const double* sj = scale_data + j * classes;
        for (auto& block : blocks) {
          float* record = block->record(j);
          for (int c = 0; c < classes; ++c) record[c] = static_cast<float>(uj[c] * sj[c]);
        }
      }
    });
    ParallelFor(rows, threads, [&](size_t begin, size_t end, int chunk) {
      partial_losses[chunk] =
          AccumulateLossGradient(x, labels, sample_weight, classes, blocks[chunk].get(), begin, end);
    });
    double* g = gradient->data();
    // By parameter, as the squared norm's partial sums have always been grouped (the same
    // doubles added in the same order, for any thread count).
    ParallelFor(static_cast<size_t>(params), threads, [&](size_t begin, size_t end, int chunk) {
      double norm = 0.0;
      auto j = static_cast<int64_t>(begin / classes);
      auto c = static_cast<int>(begin % classes);
      for (size_t p = begin; p < end; ++p) {
        double sum = 0.0;
        for (int k = 0; k < chunks; ++k) sum += blocks[k]->record(j)[blocks[k]->half() + c];
        if (j < features) {  // the intercepts are not penalised
          const double weight = u_data[p] * scale_data[p];
          sum += lambda * weight;
          norm += weight * weight;
        }
        g[p] = sum * scale_data[p];
        if (++c == classes) c = 0, ++j;
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
