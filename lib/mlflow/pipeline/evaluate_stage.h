// The `evaluate` stage: scores a model (directory or URI) on labelled data, writes the flat
// metrics JSON that DVC tracks, and logs a run.
//
// metrics JSON: {"macro_recall", "f1_pn", "accuracy", "macro_f1", "macro_precision",
// "recall_<label>", "precision_<label>", "f1_<label>", "rows"} — numbers only, keys sorted,
// so `dvc metrics show/diff` can read it. Logged: the same metrics, the data as an
// "evaluation" input, the confusion matrix as JSON and SVG, tags naming the model and, when
// the model's MLmodel names its training run, pipeline.model_run_id.
// Failures: model resolution/loading, data loading, kIoError writing, MLflow errors.
#pragma once

#include <string>
#include <vector>

#include "mlflow/client/mlflow_client.h"
#include "mlflow/core/json.h"
#include "mlflow/core/result.h"
#include "mlflow/pipeline/data_source.h"

namespace mlflow::pipeline {

struct EvaluateStageOptions {
  std::string model;  // directory or model URI
  std::vector<std::string> data;
  DataFormat format;
  std::string output_path;  // metrics JSON; required
  std::string experiment;
  int threads = 0;  // <= 0: all hardware threads
};

// Returns the metrics JSON written. `client` may be null for a local model: no logging.
Result<Json> RunEvaluate(const EvaluateStageOptions& options, MlflowClient* client);

}  // namespace mlflow::pipeline
