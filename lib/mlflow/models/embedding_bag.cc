#include "mlflow/models/embedding_bag.h"

#include <algorithm>
#include <cmath>

#include "mlflow/models/linear_model.h"
#include "mlflow/models/random.h"

namespace mlflow::models {
namespace {
constexpr uint32_t kEmbeddingTag = 0x454D4247;  // "EMBG"
}

EmbeddingBagModel::EmbeddingBagModel(int64_t features, int dim, int classes)
    : features_(features),
      dim_(dim),
      classes_(classes),
      input_(static_cast<size_t>(features) * dim, 0.0f),
      output_(static_cast<size_t>(classes) * dim, 0.0f),
      bias_(classes, 0.0f) {}

void EmbeddingBagModel::Score(const int32_t* columns, const float* values, size_t count, float* hidden,
                              float* scores) const {
  std::fill(hidden, hidden + dim_, 0.0f);
  for (size_t k = 0; k < count; ++k) {
    const float* embedding = &input_[static_cast<size_t>(columns[k]) * dim_];
    const float v = values[k];
    for (int d = 0; d < dim_; ++d) hidden[d] += v * embedding[d];
  }
  for (int c = 0; c < classes_; ++c) {
    const float* row = &output_[static_cast<size_t>(c) * dim_];
    float s = bias_[c];
    for (int d = 0; d < dim_; ++d) s += row[d] * hidden[d];
    scores[c] = s;
  }
}

void EmbeddingBagModel::Save(BinaryWriter* out) const {
  out->U32(kEmbeddingTag);
  out->U64(static_cast<uint64_t>(features_));
  out->I32(dim_);
  out->I32(classes_);
  out->PodVector(input_);
  out->PodVector(output_);
  out->PodVector(bias_);
}

Result<EmbeddingBagModel> EmbeddingBagModel::Load(BinaryReader* in) {
  EmbeddingBagModel m;
  uint32_t tag = 0;
  uint64_t features = 0;
  bool ok = in->U32(&tag) && (tag == kEmbeddingTag || in->Fail("embedding-bag section missing")) &&
            in->U64(&features) && in->I32(&m.dim_) && in->I32(&m.classes_) && in->PodVector(&m.input_, 1ull << 32) &&
            in->PodVector(&m.output_, 1ull << 24) && in->PodVector(&m.bias_, 1024);
  if (!ok) return in->status();
  if (m.dim_ < 1 || m.dim_ > 4096 || m.classes_ < 2 || m.classes_ > 1024 ||
      m.input_.size() != features * static_cast<uint64_t>(m.dim_) ||
      m.output_.size() != static_cast<size_t>(m.classes_) * m.dim_ ||
      m.bias_.size() != static_cast<size_t>(m.classes_)) {
    return InvalidArgument("model file: inconsistent embedding-bag dimensions");
  }
  m.features_ = static_cast<int64_t>(features);
  return m;
}

class EmbeddingBagTrainer {
 public:
  static Result<EmbeddingBagModel> Train(const SparseMatrix& x, const std::vector<int>& labels, int classes,
                                         const EmbeddingBagOptions& options, const EmbeddingBagProgress& progress) {
    EmbeddingBagModel m(x.cols(), options.dim, classes);
    Random rng(options.seed);
    const float range = 1.0f / static_cast<float>(options.dim);
    for (float& value : m.input_) value = static_cast<float>(rng.Uniform(-range, range));
    const size_t rows = labels.size();
    std::vector<uint32_t> order(rows);
    for (size_t i = 0; i < rows; ++i) order[i] = static_cast<uint32_t>(i);
    std::vector<float> hidden(options.dim);
    std::vector<float> hidden_gradient(options.dim);
    std::vector<float> scores(classes);
    const double total_steps = static_cast<double>(rows) * options.epochs;
    double step = 0.0;
    const int32_t* outer = x.outerIndexPtr();
    const int32_t* inner = x.innerIndexPtr();
    const float* values = x.valuePtr();
    const int dim = options.dim;
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
      rng.Shuffle(&order);
      double epoch_loss = 0.0;
      double epoch_weight = 0.0;
      for (uint32_t i : order) {
        const double lr = options.learning_rate * std::max(0.0, 1.0 - step / total_steps);
        step += 1.0;
        const int y = labels[i];
        const double weight = options.class_weights.empty() ? 1.0 : options.class_weights[y];
        const size_t count = static_cast<size_t>(outer[i + 1] - outer[i]);
        m.Score(inner + outer[i], values + outer[i], count, hidden.data(), scores.data());
        Softmax(scores.data(), classes);
        epoch_loss += -weight * std::log(std::max(scores[y], 1e-30f));
        epoch_weight += weight;
        std::fill(hidden_gradient.begin(), hidden_gradient.end(), 0.0f);
        for (int c = 0; c < classes; ++c) {
          const auto g = static_cast<float>(lr * weight * (scores[c] - (c == y ? 1.0f : 0.0f)));
          float* row = &m.output_[static_cast<size_t>(c) * dim];
          for (int d = 0; d < dim; ++d) {
            hidden_gradient[d] += g * row[d];
            row[d] -= g * hidden[d];
          }
          m.bias_[c] -= g;
        }
        for (int32_t k = outer[i]; k < outer[i + 1]; ++k) {
          float* embedding = &m.input_[static_cast<size_t>(inner[k]) * dim];
          const float v = values[k];
          for (int d = 0; d < dim; ++d) embedding[d] -= v * hidden_gradient[d];
        }
      }
      if (progress) progress(epoch, epoch_loss / std::max(epoch_weight, 1e-30), m);
    }
    return m;
  }
};

Result<EmbeddingBagModel> TrainEmbeddingBag(const SparseMatrix& x, const std::vector<int>& labels, int classes,
                                            const EmbeddingBagOptions& options, const EmbeddingBagProgress& progress) {
  if (static_cast<size_t>(x.rows()) != labels.size() || labels.empty()) {
    return InvalidArgument("embedding bag: need one label per row and at least one row");
  }
  if (classes < 2) return InvalidArgument("embedding bag: need at least two classes");
  if (options.dim < 1 || options.dim > 4096) return InvalidArgument("embedding bag: dim must be in 1..4096");
  if (options.epochs < 1) return InvalidArgument("embedding bag: epochs must be >= 1");
  if (!(options.learning_rate > 0.0)) return InvalidArgument("embedding bag: learning rate must be positive");
  if (!options.class_weights.empty() && options.class_weights.size() != static_cast<size_t>(classes)) {
    return InvalidArgument("embedding bag: one class weight per class expected");
  }
  for (int label : labels) {
    if (label < 0 || label >= classes) return InvalidArgument("embedding bag: label out of range");
  }
  return EmbeddingBagTrainer::Train(x, labels, classes, options, progress);
}

}  // namespace mlflow::models
