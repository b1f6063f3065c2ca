#include "mlflow/models/linear_svm.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "mlflow/models/parallel.h"
#include "mlflow/models/random.h"

namespace mlflow::models {
namespace {

// The state of one class's binary problem, apart from its weights (interleaved per group).
struct BinaryProblem {
  double b = 0.0;               // weight of the constant feature
  std::vector<double> alpha;    // dual variables, one per row
  std::vector<double> q_ii;     // x_i . x_i + bias^2 + D_ii
  std::vector<uint8_t> active;  // 1 while the row takes part (shrinking)
  size_t active_count = 0;
  // The projected-gradient range of the previous epoch, for shrinking (LIBLINEAR's rule).
  double pg_max_old = std::numeric_limits<double>::infinity();
  double pg_min_old = -std::numeric_limits<double>::infinity();
  bool converged = false;
};

// The binary problems of a group of consecutive classes, solved in the same passes over the
// rows: a row's indices and values are read once for the whole group, and its features' weights
// for the group's classes share a cache line (w[j * group + g]). The rows come in one random
// order per epoch drawn from the seed alone, and each class skips the rows it has shrunk away,
// so a class's updates do not depend on which classes share its group (or on the thread count).
class GroupSolver {
 public:
  GroupSolver(const SparseMatrix& x, const std::vector<int>& labels, const LinearSvmOptions& options, int first_class,
              int classes)
      : x_(x), labels_(labels), options_(options), first_(first_class), size_(classes), problems_(classes) {}

  void Init() {
    const size_t rows = labels_.size();
    const int64_t cols = x_.cols();
    w_.assign(static_cast<size_t>(cols) * size_, 0.0);
    if (options_.column_scales) {
      scales_.resize(static_cast<size_t>(cols) * size_);
      for (int64_t j = 0; j < cols; ++j) {
        for (int g = 0; g < size_; ++g) scales_[j * size_ + g] = (*options_.column_scales)[first_ + g][j];
      }
    }
    d_ii_.resize(rows);
    for (size_t i = 0; i < rows; ++i) {
      const double weight = options_.class_weights.empty() ? 1.0 : options_.class_weights[labels_[i]];
      d_ii_[i] = 1.0 / (2.0 * options_.c * weight);
    }
    const double bias2 = options_.intercept_scaling * options_.intercept_scaling;
    auto squared_norm = [&](size_t i, int g) {
      double norm2 = bias2;
      for (int32_t k = Begin(i); k < End(i); ++k) {
        const double v = Value(k, g);
        norm2 += v * v;
      }
      return norm2;
    };
    for (int g = 0; g < size_; ++g) {
      BinaryProblem& p = problems_[g];
      p.alpha.assign(rows, 0.0);
      p.q_ii.resize(rows);
      p.active.assign(rows, 1);
      p.active_count = rows;
      // Without NB scales every class sees the same rows: the first class's norms serve all.
      for (size_t i = 0; i < rows; ++i) {
        p.q_ii[i] = g > 0 && scales_.empty() ? problems_[0].q_ii[i] : squared_norm(i, g) + d_ii_[i];
      }
    }
    order_.resize(rows);
    for (size_t i = 0; i < rows; ++i) order_[i] = static_cast<uint32_t>(i);
    rng_ = Random(options_.seed);
  }

  // One pass of coordinate descent over a fresh permutation of the rows. Shrinking as in
  // LIBLINEAR: a row at alpha = 0 whose gradient exceeds the previous epoch's largest projected
  // gradient leaves that class's active set; once its active rows meet the tolerance, every row
  // is checked again before the class counts as converged.
  void Epoch() {
    rng_.Shuffle(&order_);
    if (AllConverged()) return;
    // A fixed group size lets the compiler keep the margins and steps in registers.
    switch (size_) {
      case 1:
        return Pass<1>();
      case 2:
        return Pass<2>();
      case 3:
        return Pass<3>();
      default:
        return Pass<0>();
    }
  }

  bool AllConverged() const {
    return std::all_of(problems_.begin(), problems_.end(), [](const BinaryProblem& p) { return p.converged; });
  }

  template <int K>
  void Pass() {
    constexpr int kMaxGroup = K > 0 ? K : 8;
    const int size = K > 0 ? K : size_;
    double pg_max[kMaxGroup];
    double pg_min[kMaxGroup];
    bool live[kMaxGroup];
    for (int g = 0; g < size; ++g) {
      pg_max[g] = -std::numeric_limits<double>::infinity();
      pg_min[g] = std::numeric_limits<double>::infinity();
      live[g] = !problems_[g].converged;
    }
    const double bias = options_.intercept_scaling;
    const size_t rows = order_.size();
    for (size_t s = 0; s < rows; ++s) {
      const uint32_t i = order_[s];
      bool any = false;
      for (int g = 0; g < size; ++g) any |= live[g] && problems_[g].active[i];
      if (!any) continue;
      PrefetchAhead(s);
      double margin[kMaxGroup];
      for (int g = 0; g < size; ++g) margin[g] = problems_[g].b * bias;
      for (int32_t k = Begin(i), end = End(i); k < end; ++k) {
        if (k + kPrefetchDistance < end) __builtin_prefetch(&w_[Column(k + kPrefetchDistance) * size]);
        const double* wj = &w_[Column(k) * size];
        for (int g = 0; g < size; ++g) margin[g] += wj[g] * Value(k, g);
      }
      double delta[kMaxGroup];
      bool update = false;
      for (int g = 0; g < size; ++g) {
        delta[g] = 0.0;
        BinaryProblem& p = problems_[g];
        if (!live[g] || !p.active[i]) continue;
        const double y = labels_[i] == first_ + g ? 1.0 : -1.0;
        const double gradient = y * margin[g] - 1.0 + d_ii_[i] * p.alpha[i];
        double pg = gradient;
        if (p.alpha[i] == 0.0) {
          if (gradient > p.pg_max_old) {
            p.active[i] = 0;
            --p.active_count;
            continue;
          }
          pg = std::min(gradient, 0.0);
        }
        pg_max[g] = std::max(pg_max[g], pg);
        pg_min[g] = std::min(pg_min[g], pg);
        if (std::abs(pg) < 1e-12) continue;
        const double old_alpha = p.alpha[i];
        p.alpha[i] = std::max(old_alpha - gradient / p.q_ii[i], 0.0);
        delta[g] = (p.alpha[i] - old_alpha) * y;
        p.b += delta[g] * bias;
        update |= delta[g] != 0.0;
      }
      if (!update) continue;
      for (int32_t k = Begin(i), end = End(i); k < end; ++k) {
        double* wj = &w_[Column(k) * size];
        for (int g = 0; g < size; ++g) wj[g] += delta[g] * Value(k, g);
      }
    }
    for (int g = 0; g < size; ++g) {
      BinaryProblem& p = problems_[g];
      if (!live[g]) continue;
      if (pg_max[g] - pg_min[g] < options_.tolerance) {
        if (p.active_count == rows) {
          p.converged = true;
          continue;
        }
        std::fill(p.active.begin(), p.active.end(), 1);
        p.active_count = rows;
        p.pg_max_old = std::numeric_limits<double>::infinity();
        p.pg_min_old = -std::numeric_limits<double>::infinity();
        continue;
      }
      p.pg_max_old = pg_max[g] > 0.0 ? pg_max[g] : std::numeric_limits<double>::infinity();
      p.pg_min_old = pg_min[g] < 0.0 ? pg_min[g] : -std::numeric_limits<double>::infinity();
    }
  }

  // 0.5 ||w||^2 + sum_i C_i max(0, 1 - y_i f_i)^2 of the group's g-th class, divided by the
  // number of rows.
  double PrimalObjective(int g) const {
    const BinaryProblem& p = problems_[g];
    double objective = 0.0;
    for (int64_t j = 0; j < x_.cols(); ++j) objective += 0.5 * w_[j * size_ + g] * w_[j * size_ + g];
    objective += 0.5 * p.b * p.b;
    for (size_t i = 0; i < labels_.size(); ++i) {
      const double y = labels_[i] == first_ + g ? 1.0 : -1.0;
      double margin = p.b * options_.intercept_scaling;
      for (int32_t k = Begin(i); k < End(i); ++k) margin += w_[Column(k) * size_ + g] * Value(k, g);
      double hinge = std::max(0.0, 1.0 - y * margin);
      objective += hinge * hinge / (2.0 * d_ii_[i]);
    }
    return objective / static_cast<double>(labels_.size());
  }

  // Writes the group's classes into `model` (scales folded in).
  void WriteModel(LinearModel* model) const {
    for (int g = 0; g < size_; ++g) {
      const BinaryProblem& p = problems_[g];
      double mean_abs = 0.0;
      if (options_.nb_interpolation != 1.0) {
        for (int64_t j = 0; j < x_.cols(); ++j) mean_abs += std::abs(w_[j * size_ + g]);
        mean_abs /= std::max<double>(1.0, static_cast<double>(x_.cols()));
      }
      const double beta = options_.nb_interpolation;
      for (int64_t j = 0; j < x_.cols(); ++j) {
        const double w = w_[j * size_ + g];
        const double interpolated = beta == 1.0 ? w : (1.0 - beta) * mean_abs + beta * w;
        model->weight(j, first_ + g) =
            static_cast<float>(scales_.empty() ? interpolated : interpolated * scales_[j * size_ + g]);
      }
      model->bias(first_ + g) = static_cast<float>(p.b * options_.intercept_scaling);
    }
  }

  int first_class() const { return first_; }
  int size() const { return size_; }

 private:
  // Rows come in random order, so the hardware prefetcher cannot guess them. The weights of
  // a row's features are requested kPrefetchDistance features ahead; the start of the next
  // row's weights and the row after that's index and value arrays are requested one row early.
  static constexpr int32_t kPrefetchDistance = 16;
  void PrefetchAhead(size_t s) const {
    if (s + 1 < order_.size()) {
      const uint32_t next = order_[s + 1];
      for (int32_t k = Begin(next), end = std::min(End(next), Begin(next) + kPrefetchDistance); k < end; ++k) {
        __builtin_prefetch(&w_[Column(k) * size_]);
      }
    }
    if (s + 2 < order_.size()) {
      const uint32_t after = order_[s + 2];
      __builtin_prefetch(x_.innerIndexPtr() + Begin(after));
      __builtin_prefetch(x_.valuePtr() + Begin(after));
    }
  }
  int32_t Begin(size_t i) const { return x_.outerIndexPtr()[i]; }
  int32_t End(size_t i) const { return x_.outerIndexPtr()[i + 1]; }
  size_t Column(int32_t k) const { return static_cast<size_t>(x_.innerIndexPtr()[k]); }
  double Value(int32_t k, int g) const {
    const double v = x_.valuePtr()[k];
    return scales_.empty() ? v : v * scales_[Column(k) * size_ + g];
  }

  const SparseMatrix& x_;
  const std::vector<int>& labels_;
  const LinearSvmOptions& options_;
  int first_;
  int size_;
  std::vector<BinaryProblem> problems_;
  std::vector<double> w_;      // features x group, interleaved
  std::vector<float> scales_;  // NB-SVM column scales, interleaved as w_; empty otherwise
  std::vector<double> d_ii_;   // 1 / (2 C_i)
  std::vector<uint32_t> order_;
  Random rng_{0};
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
  // One group of classes per thread (at most 8 classes per group).
  const int threads = ResolveThreadCount(options.threads);
  const int groups = std::max(ChunkCount(static_cast<size_t>(classes), threads), (classes + 7) / 8);
  std::vector<std::unique_ptr<GroupSolver>> solvers;
  for (int group = 0; group < groups; ++group) {
    const int first = classes * group / groups;
    const int last = classes * (group + 1) / groups;
    solvers.push_back(std::make_unique<GroupSolver>(x, labels, options, first, last - first));
  }
  const int workers = std::min(threads, groups);
  ParallelFor(solvers.size(), workers, [&](size_t begin, size_t end, int) {
    for (size_t g = begin; g < end; ++g) solvers[g]->Init();
  });
  auto model = [&] {
    LinearModel result(x.cols(), classes);
    for (const auto& solver : solvers) solver->WriteModel(&result);
    return result;
  };
  for (int epoch = 1; epoch <= options.max_epochs; ++epoch) {
    ParallelFor(solvers.size(), workers, [&](size_t begin, size_t end, int) {
      for (size_t g = begin; g < end; ++g) solvers[g]->Epoch();
    });
    if (progress) {
      std::vector<double> objectives(classes);
      ParallelFor(solvers.size(), workers, [&](size_t begin, size_t end, int) {
        for (size_t g = begin; g < end; ++g) {
          const GroupSolver& solver = *solvers[g];
          for (int k = 0; k < solver.size(); ++k) objectives[solver.first_class() + k] = solver.PrimalObjective(k);
        }
      });
      double mean = 0.0;
      for (double o : objectives) mean += o / classes;
      progress(epoch, mean, model());
    }
    if (std::all_of(solvers.begin(), solvers.end(), [](const auto& s) { return s->AllConverged(); })) break;
  }
  return model();
}

}  // namespace mlflow::models
