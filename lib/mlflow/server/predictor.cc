#include "mlflow/server/predictor.h"

#include <string>

namespace mlflow::server {

Status ValidatePredictionBatch(const PredictionBatch& batch, size_t texts, size_t classes) {
  if (classes == 0) return InternalError("the model has no classes");
  if (batch.labels.size() != texts) {
    return InternalError("the model returned " + std::to_string(batch.labels.size()) + " labels for " +
                         std::to_string(texts) + " texts");
  }
  if (batch.probabilities.size() != texts * classes) {
    return InternalError("the model returned " + std::to_string(batch.probabilities.size()) +
                         " probabilities; expected " + std::to_string(texts * classes));
  }
  if (batch.tokens.size() != batch.unknown_tokens.size() || (!batch.tokens.empty() && batch.tokens.size() != texts)) {
    return InternalError("the model returned token statistics for " + std::to_string(batch.tokens.size()) + "/" +
                         std::to_string(batch.unknown_tokens.size()) + " of " + std::to_string(texts) + " texts");
  }
  for (int label : batch.labels) {
    if (label < 0 || static_cast<size_t>(label) >= classes) {
      return InternalError("the model returned class index " + std::to_string(label) + " out of range");
    }
  }
  return Status::Ok();
}

}  // namespace mlflow::server
