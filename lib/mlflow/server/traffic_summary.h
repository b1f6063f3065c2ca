// What monitoring records about each scored text, and aggregates of such records.
//
// A TextObservation is computed once per text on the request path (cheap: the label, the top
// probability, the entropy, the model's OOV rate and the length in code points).
// TrafficSummary aggregates any number of them (class counts, sums and sums of squares) and
// is what both the reference distribution and the live windows are compared through.
// Plain value types; not synchronised (owners lock).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mlflow/server/predictor.h"

namespace mlflow::server {

struct TextObservation {
  int label = 0;
  float confidence = 0;  // the top class probability
  float entropy = 0;     // nats
  uint32_t length = 0;   // code points
  uint32_t tokens = 0;   // 0 when the predictor does not report token statistics
  uint32_t unknown_tokens = 0;
};

// One observation per text of a batch (texts and batch must match; see ValidatePredictionBatch).
std::vector<TextObservation> Observe(const std::vector<std::string>& texts, const PredictionBatch& batch,
                                     size_t classes);

struct TrafficSummary {
  std::vector<int64_t> class_counts;
  int64_t count = 0;
  double confidence_sum = 0;
  double entropy_sum = 0;
  double tokens = 0;  // token statistics, summed
  double unknown_tokens = 0;
  double length_sum = 0;
  double length_square_sum = 0;

  explicit TrafficSummary(size_t classes = 0) : class_counts(classes, 0) {}
  void Add(const TextObservation& observation);
  void Remove(const TextObservation& observation);

  // Means are NaN when nothing was observed. The OOV rate is token-weighted
  // (unknown_tokens / tokens) and NaN when no observation carried token statistics.
  double MeanConfidence() const;
  double MeanEntropy() const;
  double MeanOovRate() const;
  double MeanLength() const;
  double StdLength() const;
  std::vector<double> ClassFractions() const;
};

}  // namespace mlflow::server
