// Response bodies of the MLflow scoring protocol (POST /invocations).
//
//   {"predictions": [{"label": "positive",
//                     "probabilities": {"negative": 0.02, "neutral": 0.11, "positive": 0.87}}, ...],
//    "model_name": "tweet-sentiment", "model_version": "3", "request_id": "5f0c...-42"}
// `predictions` is what MLflow clients read; the extra top-level keys identify the model and
// the request (use request_id with POST /feedback). Without probabilities (params
// return_probabilities=false) each prediction is {"label": ...}. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mlflow/server/loaded_model.h"
#include "mlflow/server/predictor.h"

namespace mlflow::server {

// `batch` must be consistent with `classes` (ValidatePredictionBatch).
std::string FormatScoringResponse(const PredictionBatch& batch, const std::vector<std::string>& classes,
                                  const ModelIdentity& model, std::string_view request_id, bool with_probabilities);

}  // namespace mlflow::server
