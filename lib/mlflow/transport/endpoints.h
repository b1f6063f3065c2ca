// The REST catalogue: every MLflow endpoint this client calls, in one table.
//
// Paths are relative to the server root. `{name}` segments are filled by RestChannel from
// path parameters. Idempotency decides whether the retry loop may resend a call whose
// response was lost: reads, deletes, tag/alias setters and log calls (metric points carry
// their own timestamps; params are write-once with the same value) are safe; creations
// are not.
#pragma once

#include "mlflow/transport/http.h"
#include "mlflow/transport/retry_policy.h"

namespace mlflow::transport {

struct Endpoint {
  HttpMethod method;
  const char* path;
  Idempotency idempotency;
};

namespace endpoints {
using M = HttpMethod;
constexpr Idempotency kSafe = Idempotency::kIdempotent;
constexpr Idempotency kOnce = Idempotency::kNonIdempotent;
#define MLFLOW_API "/api/2.0/mlflow/"

// Experiments
constexpr Endpoint kCreateExperiment{M::kPost, MLFLOW_API "experiments/create", kOnce};
constexpr Endpoint kGetExperiment{M::kGet, MLFLOW_API "experiments/get", kSafe};
constexpr Endpoint kGetExperimentByName{M::kGet, MLFLOW_API "experiments/get-by-name", kSafe};
constexpr Endpoint kSearchExperiments{M::kPost, MLFLOW_API "experiments/search", kSafe};
constexpr Endpoint kUpdateExperiment{M::kPost, MLFLOW_API "experiments/update", kSafe};
constexpr Endpoint kDeleteExperiment{M::kPost, MLFLOW_API "experiments/delete", kSafe};
constexpr Endpoint kRestoreExperiment{M::kPost, MLFLOW_API "experiments/restore", kSafe};
constexpr Endpoint kSetExperimentTag{M::kPost, MLFLOW_API "experiments/set-experiment-tag", kSafe};
constexpr Endpoint kDeleteExperimentTag{M::kPost, MLFLOW_API "experiments/delete-experiment-tag", kSafe};

// Runs
constexpr Endpoint kCreateRun{M::kPost, MLFLOW_API "runs/create", kOnce};
constexpr Endpoint kGetRun{M::kGet, MLFLOW_API "runs/get", kSafe};
constexpr Endpoint kUpdateRun{M::kPost, MLFLOW_API "runs/update", kSafe};
constexpr Endpoint kDeleteRun{M::kPost, MLFLOW_API "runs/delete", kSafe};
constexpr Endpoint kRestoreRun{M::kPost, MLFLOW_API "runs/restore", kSafe};
constexpr Endpoint kSearchRuns{M::kPost, MLFLOW_API "runs/search", kSafe};
constexpr Endpoint kSetTag{M::kPost, MLFLOW_API "runs/set-tag", kSafe};
constexpr Endpoint kDeleteTag{M::kPost, MLFLOW_API "runs/delete-tag", kSafe};
constexpr Endpoint kLogMetric{M::kPost, MLFLOW_API "runs/log-metric", kSafe};
constexpr Endpoint kLogParam{M::kPost, MLFLOW_API "runs/log-parameter", kSafe};
constexpr Endpoint kLogBatch{M::kPost, MLFLOW_API "runs/log-batch", kSafe};
constexpr Endpoint kLogInputs{M::kPost, MLFLOW_API "runs/log-inputs", kSafe};
constexpr Endpoint kLogOutputs{M::kPost, MLFLOW_API "runs/outputs", kSafe};
constexpr Endpoint kGetMetricHistory{M::kGet, MLFLOW_API "metrics/get-history", kSafe};
constexpr Endpoint kGetMetricHistoryBulkInterval{M::kGet, MLFLOW_API "metrics/get-history-bulk-interval", kSafe};
constexpr Endpoint kListArtifacts{M::kGet, MLFLOW_API "artifacts/list", kSafe};

// Logged models (MLflow 3)
constexpr Endpoint kCreateLoggedModel{M::kPost, MLFLOW_API "logged-models", kOnce};
constexpr Endpoint kGetLoggedModel{M::kGet, MLFLOW_API "logged-models/{model_id}", kSafe};
constexpr Endpoint kDeleteLoggedModel{M::kDelete, MLFLOW_API "logged-models/{model_id}", kSafe};
constexpr Endpoint kFinalizeLoggedModel{M::kPatch, MLFLOW_API "logged-models/{model_id}", kSafe};
constexpr Endpoint kSearchLoggedModels{M::kPost, MLFLOW_API "logged-models/search", kSafe};
constexpr Endpoint kSetLoggedModelTags{M::kPatch, MLFLOW_API "logged-models/{model_id}/tags", kSafe};
constexpr Endpoint kDeleteLoggedModelTag{M::kDelete, MLFLOW_API "logged-models/{model_id}/tags/{tag_key}", kSafe};
constexpr Endpoint kLogLoggedModelParams{M::kPost, MLFLOW_API "logged-models/{model_id}/params", kSafe};

// Model registry: registered models
constexpr Endpoint kCreateRegisteredModel{M::kPost, MLFLOW_API "registered-models/create", kOnce};
constexpr Endpoint kRenameRegisteredModel{M::kPost, MLFLOW_API "registered-models/rename", kOnce};
constexpr Endpoint kUpdateRegisteredModel{M::kPatch, MLFLOW_API "registered-models/update", kSafe};
constexpr Endpoint kDeleteRegisteredModel{M::kDelete, MLFLOW_API "registered-models/delete", kSafe};
constexpr Endpoint kGetRegisteredModel{M::kGet, MLFLOW_API "registered-models/get", kSafe};
constexpr Endpoint kSearchRegisteredModels{M::kGet, MLFLOW_API "registered-models/search", kSafe};
constexpr Endpoint kGetLatestVersions{M::kPost, MLFLOW_API "registered-models/get-latest-versions", kSafe};
constexpr Endpoint kSetRegisteredModelTag{M::kPost, MLFLOW_API "registered-models/set-tag", kSafe};
constexpr Endpoint kDeleteRegisteredModelTag{M::kDelete, MLFLOW_API "registered-models/delete-tag", kSafe};
constexpr Endpoint kSetRegisteredModelAlias{M::kPost, MLFLOW_API "registered-models/alias", kSafe};
constexpr Endpoint kDeleteRegisteredModelAlias{M::kDelete, MLFLOW_API "registered-models/alias", kSafe};
constexpr Endpoint kGetModelVersionByAlias{M::kGet, MLFLOW_API "registered-models/alias", kSafe};

// Model registry: model versions
constexpr Endpoint kCreateModelVersion{M::kPost, MLFLOW_API "model-versions/create", kOnce};
constexpr Endpoint kUpdateModelVersion{M::kPatch, MLFLOW_API "model-versions/update", kSafe};
constexpr Endpoint kDeleteModelVersion{M::kDelete, MLFLOW_API "model-versions/delete", kSafe};
constexpr Endpoint kGetModelVersion{M::kGet, MLFLOW_API "model-versions/get", kSafe};
constexpr Endpoint kSearchModelVersions{M::kGet, MLFLOW_API "model-versions/search", kSafe};
constexpr Endpoint kGetModelVersionDownloadUri{M::kGet, MLFLOW_API "model-versions/get-download-uri", kSafe};
constexpr Endpoint kTransitionModelVersionStage{M::kPost, MLFLOW_API "model-versions/transition-stage", kSafe};
constexpr Endpoint kSetModelVersionTag{M::kPost, MLFLOW_API "model-versions/set-tag", kSafe};
constexpr Endpoint kDeleteModelVersionTag{M::kDelete, MLFLOW_API "model-versions/delete-tag", kSafe};

#undef MLFLOW_API
}  // namespace endpoints
}  // namespace mlflow::transport
