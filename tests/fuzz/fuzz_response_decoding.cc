// Fuzz target: MLflow server responses -> entities. A server (or a proxy in front of it) may
// answer anything; decoding must give a value or a Status, never crash or throw.
// Input: byte 0 picks the HTTP status of the error-body path, the rest is the response body.
#include "fuzz/fuzz_target.h"
#include "mlflow/core/json.h"
#include "mlflow/logged_models/logged_model_codec.h"
#include "mlflow/registry/registry_codec.h"
#include "mlflow/tracking/entity_codec.h"
#include "mlflow/transport/rest_channel.h"

namespace {

using mlflow::Json;

// Every decoder on one JSON value; results are discarded, only crashes matter.
void DecodeAll(const Json& json) {
  (void)mlflow::codec::DecodeExperiment(json);
  (void)mlflow::codec::DecodeRun(json);
  (void)mlflow::codec::DecodeRunInfo(json);
  (void)mlflow::codec::DecodeMetric(json);
  (void)mlflow::codec::DecodeMetricValue(json);
  (void)mlflow::codec::DecodeDatasetInput(json);
  (void)mlflow::DecodeDouble(json, "value");
  (void)mlflow::DecodeInt64(json, "value");
  (void)mlflow::registry::DecodeModelVersion(json);
  (void)mlflow::registry::DecodeRegisteredModel(json);
  (void)mlflow::registry::VersionString(json);
  (void)mlflow::logged_models::DecodeLoggedModel(json);
}

// The shapes responses wrap entities in: {"run": {...}}, {"runs": [...]}, ...
void DecodeResponse(const Json& body) {
  DecodeAll(body);
  if (!body.is_object()) return;
  for (const char* single : {"run", "experiment", "registered_model", "model_version", "model", "metric"}) {
    DecodeAll(mlflow::GetObject(body, single));
  }
  for (const char* list : {"runs", "experiments", "metrics", "registered_models", "model_versions", "models"}) {
    for (const Json& element : mlflow::GetArray(body, list)) DecodeAll(element);
  }
  (void)mlflow::GetString(body, "next_page_token");
  (void)mlflow::GetInt64(body, "experiment_id");
  (void)mlflow::GetOptionalInt64(body, "end_time");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view body = mlflow::testing::AsText(data + 1, size - 1);
  auto parsed = mlflow::ParseJson(body);
  if (parsed.ok()) {
    DecodeResponse(*parsed);
    (void)mlflow::DumpJson(*parsed);
  }
  mlflow::transport::HttpResponse response;
  response.status = 400 + data[0] % 200;
  response.body = std::string(body);
  response.headers["retry-after"] = std::string(body.substr(0, 8));
  (void)mlflow::transport::StatusFromErrorResponse(response, "POST /api/2.0/mlflow/runs/log-batch");
  return 0;
}
