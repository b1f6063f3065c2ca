// Predictor: what the prediction server needs from a text classifier, and nothing more.
//
// The server is written against this small interface so that the HTTP, reload and
// monitoring layers are testable with hand-written fakes; sentiment_predictor.h adapts the
// library's SentimentModel to it. A Predictor is immutable once loaded and PredictBatch()
// must be safe to call from many threads at once (the server calls it from every worker).
// Failures are values: PredictBatch returns a Status (the server answers 500 with it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mlflow/core/result.h"

namespace mlflow::server {

// The predictions for a batch of n texts over k classes.
struct PredictionBatch {
  std::vector<int> labels;           // n class indices into Predictor::classes()
  std::vector<float> probabilities;  // n*k, row-major; each row sums to 1
  // Token statistics for monitoring (the OOV rate is unknown_tokens / tokens, token-weighted
  // like the models library's reference): both empty when the predictor does not report them.
  std::vector<uint32_t> tokens;          // n token counts
  std::vector<uint32_t> unknown_tokens;  // n counts of tokens outside the model's vocabulary
};

class Predictor {
 public:
  virtual ~Predictor() = default;
  // Class names in probability-column order, e.g. {"negative", "neutral", "positive"}.
  virtual const std::vector<std::string>& classes() const = 0;
  // Texts are valid UTF-8 (the server checks). An empty batch gives an empty result.
  virtual Result<PredictionBatch> PredictBatch(const std::vector<std::string>& texts) const = 0;
};

// Checks that a batch has the shape its predictor promised (guards the server against a
// misbehaving model: wrong row count, wrong width, out-of-range label).
Status ValidatePredictionBatch(const PredictionBatch& batch, size_t texts, size_t classes);

}  // namespace mlflow::server
