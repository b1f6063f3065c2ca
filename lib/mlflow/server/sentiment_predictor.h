// SentimentPredictor: the library's SentimentModel (mlflow/models) behind the server's
// Predictor interface, and the ModelLoader that reads a model directory for serving.
//
// The loader reads what SaveModelDirectory wrote (MLmodel + model.mlcpp, and
// reference_distribution.json when present) and turns the model's reference into the
// server's ReferenceDistribution (class mix, confidence, OOV rate, text length; that
// reference carries no entropy, so the entropy-shift signal needs a --reference file written
// by `mlflow-cpp serve-reference`). Token statistics (OOV rate) are not reported per text by
// SentimentModel's public API, so live OOV rates are unknown and that signal stays off.
// Thread-safe: a SentimentModel is immutable and its predictions are const.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mlflow/models/sentiment_model.h"
#include "mlflow/server/loaded_model.h"
#include "mlflow/server/predictor.h"

namespace mlflow::server {

class SentimentPredictor final : public Predictor {
 public:
  explicit SentimentPredictor(models::SentimentModel model) : model_(std::move(model)) {}

  const std::vector<std::string>& classes() const override { return model_.labels(); }
  Result<PredictionBatch> PredictBatch(const std::vector<std::string>& texts) const override;
  const models::SentimentModel& model() const { return model_; }

 private:
  models::SentimentModel model_;
};

// The models library's reference in the server's terms (entropy unknown).
ReferenceDistribution FromModelReference(const models::ReferenceDistribution& reference, std::string source);

// Loads a model directory (or model file) with models::LoadModelDirectory.
ModelLoader SentimentModelLoader();

}  // namespace mlflow::server
