// KServe V2 / Open Inference Protocol bodies for a text classifier.
//
// Request (POST /v2/models/{name}/infer):
//   {"id": "r1", "inputs": [{"name": "text", "datatype": "BYTES", "shape": [2],
//                            "data": ["great day", "awful"]}],
//    "outputs": [{"name": "label"}]}                       ("outputs" optional)
// data may be flat or nested row-major; shape's product must equal the number of texts
// ([N] or [N, 1]). The input is the one named limits.text_column, or the only one.
// Response:
//   {"model_name": "tweet-sentiment", "model_version": "3", "id": "r1",
//    "parameters": {"classes": ["negative", "neutral", "positive"]},
//    "outputs": [{"name": "label", "datatype": "BYTES", "shape": [2], "data": [...]},
//                {"name": "probabilities", "datatype": "FP32", "shape": [2, 3], "data": [...]}]}
// Parse failures are 400 Status values (malformed JSON, wrong datatype or shape, non-string
// data, unknown output, empty/oversized batch). Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/server/input_limits.h"
#include "mlflow/server/loaded_model.h"
#include "mlflow/server/predictor.h"

namespace mlflow::server {

struct InferRequest {
  std::string id;  // echoed; also the request id for /feedback when given
  std::vector<std::string> texts;
  bool want_labels = true;
  bool want_probabilities = true;
};

Result<InferRequest> ParseInferRequest(std::string_view body, const InputLimits& limits);

std::string FormatInferResponse(const PredictionBatch& batch, const std::vector<std::string>& classes,
                                const ModelIdentity& model, std::string_view id, bool labels, bool probabilities);
// GET /v2
std::string FormatServerMetadata(std::string_view server_version);
// GET /v2/models/{name}
std::string FormatModelMetadata(const ModelIdentity& model, const std::vector<std::string>& classes,
                                const InputLimits& limits);

}  // namespace mlflow::server
