// Small helpers the stages share for logging to their MLflow run: dataset inputs, JSON and
// text artifacts, params from params.yaml. Each is a few REST calls; failures are the
// client's statuses. Thread-safe as the client is.
#pragma once

#include <string>
#include <vector>

#include "mlflow/client/mlflow_client.h"
#include "mlflow/core/json.h"
#include "mlflow/core/result.h"
#include "mlflow/fluent/active_run.h"
#include "mlflow/models/dataset.h"
#include "mlflow/pipeline/params_file.h"

namespace mlflow::pipeline {

// Logs `data` as a run input: name, digest (Dataset::Digest), source {"uri": <path>}, a
// schema of the text/label columns, a profile with row and class counts, and the context tag
// mlflow.data.context (e.g. "training", "validation", "evaluation").
Status LogDatasetInput(MlflowClient& client, const std::string& run_id, const models::Dataset& data,
                       const std::string& source_path, const std::string& context);

// Writes `contents` to a temporary directory as `file_name` and uploads it to
// <artifact_dir>/<file_name>.
Status LogTextArtifact(MlflowClient& client, const std::string& run_id, const std::string& file_name,
                       const std::string& contents, const std::string& artifact_dir = "");
Status LogJsonArtifact(MlflowClient& client, const std::string& run_id, const std::string& file_name, const Json& value,
                       const std::string& artifact_dir = "");

// Logs every scalar below `section` of params.yaml as an MLflow param ("models.logreg.c").
Status LogParamsSection(ActiveRun& run, const Params& params, const std::string& section);

// Writes pretty-printed JSON (2-space indent, trailing newline) through a temp file and a
// rename; creates parent directories.
Status WriteJsonFile(const std::string& path, const Json& value);

}  // namespace mlflow::pipeline
