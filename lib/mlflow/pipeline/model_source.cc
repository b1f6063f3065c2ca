#include "mlflow/pipeline/model_source.h"

#include <filesystem>

#include <fmt/format.h>

#include "mlflow/models/model_directory.h"

namespace mlflow::pipeline {

bool IsModelUri(const std::string& model) { return model.rfind("models:/", 0) == 0 || model.rfind("runs:/", 0) == 0; }

Result<std::string> ResolveModelDirectory(const std::string& model, MlflowClient* client) {
  std::error_code ec;
  if (std::filesystem::exists(model, ec)) return model;
  if (!IsModelUri(model)) {
    return InvalidArgument(
        fmt::format("model '{}' is neither a local path nor a model URI (models:/..., runs:/...)", model));
  }
  if (!client) {
    return InvalidArgument(
        fmt::format("model URI '{}' needs a tracking URI (--tracking-uri or MLFLOW_TRACKING_URI)", model));
  }
  return client->model_uris().DownloadCached(model);
}

Result<models::SentimentModel> LoadModel(const std::string& model, MlflowClient* client) {
  MLFLOW_ASSIGN_OR_RETURN(std::string dir, ResolveModelDirectory(model, client));
  auto loaded = models::LoadModelDirectory(dir);
  if (!loaded.ok()) return loaded.status().WithContext("loading model '" + model + "'");
  return loaded;
}

Result<MetricValues> EvaluateModelDirectory(const std::string& model_dir, const models::Dataset& data, int threads) {
  MLFLOW_ASSIGN_OR_RETURN(models::SentimentModel model, models::LoadModelDirectory(model_dir));
  MLFLOW_ASSIGN_OR_RETURN(models::Evaluation evaluation, model.Evaluate(data, threads));
  MetricValues metrics;
  for (const auto& [key, value] : evaluation.ToMetricMap()) metrics[key] = value;
  return metrics;
}

}  // namespace mlflow::pipeline
