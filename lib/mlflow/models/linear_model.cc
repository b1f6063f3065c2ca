#include "mlflow/models/linear_model.h"

#include <algorithm>
#include <cmath>

namespace mlflow::models {
namespace {
constexpr uint32_t kLinearTag = 0x4C494E52;  // "LINR"
}

std::vector<float> LinearModel::ScoreMatrix(const SparseMatrix& x) const {
  std::vector<float> scores(static_cast<size_t>(x.rows()) * classes_);
  const int32_t* outer = x.outerIndexPtr();
  for (int64_t r = 0; r < x.rows(); ++r) {
    Score(x.innerIndexPtr() + outer[r], x.valuePtr() + outer[r], static_cast<size_t>(outer[r + 1] - outer[r]),
          &scores[static_cast<size_t>(r) * classes_]);
  }
  return scores;
}

void LinearModel::Accumulate(const int32_t* columns, const float* values, size_t count, float scale,
                             float* scores) const {
  constexpr size_t kPrefetchDistance = 8;
  constexpr int kLocalClasses = 8;
  float sums[kLocalClasses] = {};
  const int local = std::min(classes_, kLocalClasses);
  for (size_t k = 0; k < std::min(count, kPrefetchDistance); ++k) {
    __builtin_prefetch(&weights_[static_cast<size_t>(columns[k]) * classes_]);
  }
  for (size_t k = 0; k < count; ++k) {
    if (k + kPrefetchDistance < count) {
      __builtin_prefetch(&weights_[static_cast<size_t>(columns[k + kPrefetchDistance]) * classes_]);
    }
    const float* row = &weights_[static_cast<size_t>(columns[k]) * classes_];
    for (int c = 0; c < local; ++c) sums[c] += values[k] * row[c];
    for (int c = local; c < classes_; ++c) scores[c] += scale * values[k] * row[c];
  }
  for (int c = 0; c < local; ++c) scores[c] += scale * sums[c];
}

void LinearModel::Save(BinaryWriter* out) const {
  out->U32(kLinearTag);
  out->U64(static_cast<uint64_t>(features_));
  out->I32(classes_);
  out->PodVector(weights_);
  out->PodVector(bias_);
}

Result<LinearModel> LinearModel::Load(BinaryReader* in) {
  LinearModel model;
  uint32_t tag = 0;
  uint64_t features = 0;
  bool ok = in->U32(&tag) && (tag == kLinearTag || in->Fail("linear model section missing")) && in->U64(&features) &&
            in->I32(&model.classes_) && in->PodVector(&model.weights_, 1ull << 32) && in->PodVector(&model.bias_, 1024);
  if (!ok) return in->status();
  if (model.classes_ < 2 || model.classes_ > 1024 || model.bias_.size() != static_cast<size_t>(model.classes_) ||
      model.weights_.size() != features * static_cast<uint64_t>(model.classes_)) {
    return InvalidArgument("model file: inconsistent linear model dimensions");
  }
  model.features_ = static_cast<int64_t>(features);
  return model;
}

double Softmax(float* scores, int n) {
  float max_score = *std::max_element(scores, scores + n);
  double sum = 0.0;
  for (int c = 0; c < n; ++c) {
    scores[c] = std::exp(scores[c] - max_score);
    sum += scores[c];
  }
  for (int c = 0; c < n; ++c) scores[c] = static_cast<float>(scores[c] / sum);
  return max_score + std::log(sum);
}

}  // namespace mlflow::models
