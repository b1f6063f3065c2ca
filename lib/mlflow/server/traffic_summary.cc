#include "mlflow/server/traffic_summary.h"

#include <cmath>
#include <limits>

#include "mlflow/server/drift_math.h"
#include "mlflow/core/utf8.h"

namespace mlflow::server {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

std::vector<TextObservation> Observe(const std::vector<std::string>& texts, const PredictionBatch& batch,
                                     size_t classes) {
  std::vector<TextObservation> out(texts.size());
  const int k = static_cast<int>(classes);
  for (size_t i = 0; i < texts.size(); ++i) {
    const float* row = batch.probabilities.data() + i * classes;
    TextObservation& o = out[i];
    o.label = batch.labels[i];
    o.confidence = 0;
    for (int c = 0; c < k; ++c) o.confidence = std::max(o.confidence, row[c]);
    o.entropy = static_cast<float>(Entropy(row, k));
    if (i < batch.tokens.size() && i < batch.unknown_tokens.size()) {
      o.tokens = batch.tokens[i];
      o.unknown_tokens = batch.unknown_tokens[i];
    }
    o.length = static_cast<uint32_t>(CountCodePoints(texts[i]));
  }
  return out;
}

void TrafficSummary::Add(const TextObservation& o) {
  if (o.label >= 0 && static_cast<size_t>(o.label) < class_counts.size()) ++class_counts[o.label];
  ++count;
  confidence_sum += o.confidence;
  entropy_sum += o.entropy;
  tokens += o.tokens;
  unknown_tokens += o.unknown_tokens;
  length_sum += o.length;
  length_square_sum += static_cast<double>(o.length) * o.length;
}

void TrafficSummary::Remove(const TextObservation& o) {
  if (o.label >= 0 && static_cast<size_t>(o.label) < class_counts.size()) --class_counts[o.label];
  --count;
  confidence_sum -= o.confidence;
  entropy_sum -= o.entropy;
  tokens -= o.tokens;
  unknown_tokens -= o.unknown_tokens;
  length_sum -= o.length;
  length_square_sum -= static_cast<double>(o.length) * o.length;
}

double TrafficSummary::MeanConfidence() const { return count > 0 ? confidence_sum / count : kNaN; }
double TrafficSummary::MeanEntropy() const { return count > 0 ? entropy_sum / count : kNaN; }
double TrafficSummary::MeanOovRate() const { return tokens > 0 ? unknown_tokens / tokens : kNaN; }
double TrafficSummary::MeanLength() const { return count > 0 ? length_sum / count : kNaN; }

double TrafficSummary::StdLength() const {
  if (count <= 0) return kNaN;
  double mean = length_sum / count;
  return std::sqrt(std::max(0.0, length_square_sum / count - mean * mean));
}

std::vector<double> TrafficSummary::ClassFractions() const {
  std::vector<double> out(class_counts.size(), kNaN);
  int64_t total = 0;
  for (int64_t c : class_counts) total += c;
  if (total <= 0) return out;
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<double>(class_counts[i]) / total;
  return out;
}

}  // namespace mlflow::server
