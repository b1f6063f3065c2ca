#include "mlflow/models/linear_svm.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "mlflow/models/parallel.h"
#include "mlflow/models/random.h"

namespace mlflow::models {
namespace {

// The state of one class's binary problem.
struct BinaryProblem {
  std::vector<double> w;        // features
  double b = 0.0;               // weight of the constant feature
  std::vector<double> alpha;    // dual variables, one per row
  std::vector<double> q_ii;     // x_i . x_i + bias^2 + D_ii
  std::vector<double> d_ii;     // 1 / (2 C_i)
  std::vector<uint32_t> order;  // the active rows first: order[0 .. active)
  size_t active = 0;
  // The projected-gradient range of the previous epoch, for shrinking (LIBLINEAR's rule).
  double pg_max_old = std::numeric_limits<double>::infinity();
  double pg_min_old = -std::numeric_limits<double>::infinity();
  Random rng{0};
  bool converged = false;
};

class SvmTrainer {
 public:
  SvmTrainer(const SparseMatrix& x, const std::vector<int>& labels, int classes, const LinearSvmOptions& options)
      : x_(x), labels_(labels), classes_(classes), options_(options), problems_(classes) {}

  void Init(int c) {
    BinaryProblem& p = problems_[c];
    const size_t rows = labels_.size();
    const float* scale = Scale(c);
    p.w.assign(x_.cols(), 0.0);
    p.alpha.assign(rows, 0.0);
    p.q_ii.resize(rows);
    p.d_ii.resize(rows);
    p.order.resize(rows);
    p.rng = Random(Random::Derive(options_.seed, static_cast<uint64_t>(c)));
    const double bias2 = options_.intercept_scaling * options_.intercept_scaling;
    for (size_t i = 0; i < rows; ++i) {
      double weight = options_.class_weights.empty() ? 1.0 : options_.class_weights[labels_[i]];
      p.d_ii[i] = 1.0 / (2.0 * options_.c * weight);
      double norm2 = bias2;
      for (int32_t k = Begin(i); k < End(i); ++k) {
        double v = Value(k, scale);
        norm2 += v * v;
      }
      p.q_ii[i] = norm2 + p.d_ii[i];
      p.order[i] = static_cast<uint32_t>(i);
    }
    p.active = rows;
  }

  // One pass of coordinate descent over a fresh permutation of the active rows. Shrinking as
  // in LIBLINEAR: a row at alpha = 0 whose gradient exceeds the previous epoch's largest
  // projected gradient leaves the active set; once the active rows meet the tolerance, every
  // row is checked again before the problem counts as converged.
  void Epoch(int c) {
    BinaryProblem& p = problems_[c];
    if (p.converged) return;
    const float* scale = Scale(c);
    const double bias = options_.intercept_scaling;
    p.rng.Shuffle(&p.order, p.active);
    double pg_max = -std::numeric_limits<double>::infinity();
    double pg_min = std::numeric_limits<double>::infinity();
    for (size_t s = 0; s < p.active; ++s) {
      const uint32_t i = p.order[s];
      PrefetchAhead(p, s);
      const double y = labels_[i] == c ? 1.0 : -1.0;
      double margin = p.b * bias;
      for (int32_t k = Begin(i), end = End(i); k < end; ++k) {
        if (k + kPrefetchDistance < end) __builtin_prefetch(&p.w[Column(k + kPrefetchDistance)]);
        margin += p.w[Column(k)] * Value(k, scale);
      }
      const double g = y * margin - 1.0 + p.d_ii[i] * p.alpha[i];
      double pg = g;
      if (p.alpha[i] == 0.0) {
        if (g > p.pg_max_old) {
          std::swap(p.order[s], p.order[--p.active]);
          --s;
          continue;
        }
        pg = std::min(g, 0.0);
      }
      pg_max = std::max(pg_max, pg);
      pg_min = std::min(pg_min, pg);
      if (std::abs(pg) < 1e-12) continue;
      const double old_alpha = p.alpha[i];
      p.alpha[i] = std::max(old_alpha - g / p.q_ii[i], 0.0);
      const double delta = (p.alpha[i] - old_alpha) * y;
      for (int32_t k = Begin(i); k < End(i); ++k) p.w[Column(k)] += delta * Value(k, scale);
      p.b += delta * bias;
    }
    if (pg_max - pg_min < options_.tolerance) {
      if (p.active == p.order.size()) {
        p.converged = true;
        return;
      }
      p.active = p.order.size();
      p.pg_max_old = std::numeric_limits<double>::infinity();
      p.pg_min_old = -std::numeric_limits<double>::infinity();
      return;
    }
    p.pg_max_old = pg_max > 0.0 ? pg_max : std::numeric_limits<double>::infinity();
    p.pg_min_old = pg_min < 0.0 ? pg_min : -std::numeric_limits<double>::infinity();
  }

  bool AllConverged() const {
    return std::all_of(problems_.begin(), problems_.end(), [](const BinaryProblem& p) { return p.converged; });
  }

  // 0.5 ||w||^2 + sum_i C_i max(0, 1 - y_i f_i)^2, divided by the number of rows.
  double PrimalObjective(int c) const {
    const BinaryProblem& p = problems_[c];
    const float* scale = Scale(c);
    double objective = 0.0;
    for (double w : p.w) objective += 0.5 * w * w;
    objective += 0.5 * p.b * p.b;
    for (size_t i = 0; i < labels_.size(); ++i) {
      const double y = labels_[i] == c ? 1.0 : -1.0;
      double margin = p.b * options_.intercept_scaling;
      for (int32_t k = Begin(i); k < End(i); ++k) margin += p.w[Column(k)] * Value(k, scale);
      double hinge = std::max(0.0, 1.0 - y * margin);
      objective += hinge * hinge / (2.0 * p.d_ii[i]);
    }
    return objective / static_cast<double>(labels_.size());
  }

  LinearModel Model() const {
    LinearModel model(x_.cols(), classes_);
    for (int c = 0; c < classes_; ++c) {
      const BinaryProblem& p = problems_[c];
      const float* scale = Scale(c);
      double mean_abs = 0.0;
      if (options_.nb_interpolation != 1.0) {
        for (double w : p.w) mean_abs += std::abs(w);
        mean_abs /= std::max<double>(1.0, static_cast<double>(p.w.size()));
      }
      const double beta = options_.nb_interpolation;
      for (int64_t j = 0; j < x_.cols(); ++j) {
        double w = beta == 1.0 ? p.w[j] : (1.0 - beta) * mean_abs + beta * p.w[j];
        model.weight(j, c) = static_cast<float>(scale ? w * scale[j] : w);
      }
      model.bias(c) = static_cast<float>(p.b * options_.intercept_scaling);
    }
    return model;
  }

 private:
  // Rows come in random order, so the hardware prefetcher cannot guess them. The weights of
  // a row's features are requested kPrefetchDistance features ahead; the start of the next
  // row's weights and the row after that's index and value arrays are requested one row early.
  static constexpr int32_t kPrefetchDistance = 16;
  void PrefetchAhead(const BinaryProblem& p, size_t s) const {
    if (s + 1 < p.active) {
      const uint32_t next = p.order[s + 1];
      for (int32_t k = Begin(next), end = std::min(End(next), Begin(next) + kPrefetchDistance); k < end; ++k) {
        __builtin_prefetch(&p.w[Column(k)]);
      }
    }
    if (s + 2 < p.active) {
      const uint32_t after = p.order[s + 2];
      __builtin_prefetch(x_.innerIndexPtr() + Begin(after));
      __builtin_prefetch(x_.valuePtr() + Begin(after));
    }
  }
  const float* Scale(int c) const { return options_.column_scales ? (*options_.column_scales)[c].data() : nullptr; }
  int32_t Begin(size_t i) const { return x_.outerIndexPtr()[i]; }
  int32_t End(size_t i) const { return x_.outerIndexPtr()[i + 1]; }
  int32_t Column(int32_t k) const { return x_.innerIndexPtr()[k]; }
  double Value(int32_t k, const float* scale) const {
    double v = x_.valuePtr()[k];
    return scale ? v * scale[Column(k)] : v;
  }

  const SparseMatrix& x_;
  const std::vector<int>& labels_;
  int classes_;
  const LinearSvmOptions& options_;
  std::vector<BinaryProblem> problems_;
};

}  // namespace

Result<LinearModel> TrainLinearSvm(const SparseMatrix& x, const std::vector<int>& labels, int classes,
                                   const LinearSvmOptions& options, const SvmProgress& progress) {
  if (static_cast<size_t>(x.rows()) != labels.size() || labels.empty()) {
    return InvalidArgument("linear SVM: need one label per row and at least one row");
  }
  if (classes < 2) return InvalidArgument("linear SVM: need at least two classes");
  if (!(options.c > 0.0)) return InvalidArgument("linear SVM: C must be positive");
  if (options.max_epochs < 1) return InvalidArgument("linear SVM: max_epochs must be >= 1");
  if (!options.class_weights.empty() && options.class_weights.size() != static_cast<size_t>(classes)) {
    return InvalidArgument("linear SVM: one class weight per class expected");
  }
  if (options.column_scales) {
    if (options.column_scales->size() != static_cast<size_t>(classes))
      return InvalidArgument("linear SVM: one scale vector per class expected");
    for (const auto& scale : *options.column_scales) {
      if (scale.size() != static_cast<size_t>(x.cols()))
        return InvalidArgument("linear SVM: scale vector size mismatch");
    }
  }
  for (int label : labels) {
    if (label < 0 || label >= classes) return InvalidArgument("linear SVM: label out of range");
  }
  SvmTrainer trainer(x, labels, classes, options);
  const int threads = ResolveThreadCount(options.threads);
  ParallelFor(classes, threads, [&](size_t begin, size_t end, int) {
    for (size_t c = begin; c < end; ++c) trainer.Init(static_cast<int>(c));
  });
  for (int epoch = 1; epoch <= options.max_epochs; ++epoch) {
    ParallelFor(classes, threads, [&](size_t begin, size_t end, int) {
      for (size_t c = begin; c < end; ++c) trainer.Epoch(static_cast<int>(c));
    });
    if (progress) {
      std::vector<double> objectives(classes);
      ParallelFor(classes, threads, [&](size_t begin, size_t end, int) {
        for (size_t c = begin; c < end; ++c) objectives[c] = trainer.PrimalObjective(static_cast<int>(c));
      });
      double mean = 0.0;
      for (double o : objectives) mean += o / classes;
      progress(epoch, mean, trainer.Model());
    }
    if (trainer.AllConverged()) break;
  }
  return trainer.Model();
}

}  // namespace mlflow::models
