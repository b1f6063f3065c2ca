// Where a stage's MODEL argument points: a local model directory, or a model URI
// (models:/name@alias, models:/name/3, runs:/<id>/model, ...) downloaded through the
// client's model cache. Plus the evaluator the promotion gate uses.
//
// Failures: kInvalidParameterValue when MODEL is neither an existing path nor a model URI, or
// is a URI but no client (tracking URI) is available; download and load errors as returned.
// Thread-safe as the client is.
#pragma once

#include <string>

#include "mlflow/client/mlflow_client.h"
#include "mlflow/core/result.h"
#include "mlflow/models/dataset.h"
#include "mlflow/models/sentiment_model.h"
#include "mlflow/pipeline/metric_threshold.h"

namespace mlflow::pipeline {

// True for "models:/..." and "runs:/..." (the schemes a model URI may have here).
bool IsModelUri(const std::string& model);

// A local directory holding the model: `model` itself when it exists locally, else the
// cached download of the URI.
Result<std::string> ResolveModelDirectory(const std::string& model, MlflowClient* client);

// ResolveModelDirectory + LoadModelDirectory.
Result<models::SentimentModel> LoadModel(const std::string& model, MlflowClient* client);

// The flat metrics (Evaluation::ToMetricMap: macro_recall, f1_pn, accuracy, ...) of the
// model in `model_dir` on `data`, computed on `threads` threads (<= 0: all).
Result<MetricValues> EvaluateModelDirectory(const std::string& model_dir, const models::Dataset& data, int threads);

}  // namespace mlflow::pipeline
