#include "mlflow/pipeline/evaluate_stage.h"

#include <filesystem>

#include <fmt/format.h>

#include "mlflow/mlmodel/mlmodel.h"
#include "mlflow/models/confusion_matrix_svg.h"
#include "mlflow/models/model_directory.h"
#include "mlflow/pipeline/model_source.h"
#include "mlflow/pipeline/run_logging.h"
#include "mlflow/pipeline/stage_run.h"

namespace mlflow::pipeline {
namespace {

Status LogEvaluateRun(MlflowClient& client, const EvaluateStageOptions& options, const std::string& model_dir,
                      const models::Dataset& data, const models::Evaluation& evaluation) {
  StageRunOptions run_options;
  run_options.stage = "evaluate";
  run_options.experiment = options.experiment;
  run_options.inputs = options.data;
  run_options.inputs.push_back(options.model);
  run_options.tags.push_back({"pipeline.model", options.model});
  auto mlmodel = mlmodel::MLmodel::Load(model_dir);
  if (mlmodel.ok() && !mlmodel.value().run_id.empty()) {
    run_options.tags.push_back({"pipeline.model_run_id", mlmodel.value().run_id});
  }
  MLFLOW_ASSIGN_OR_RETURN(ActiveRun run, StartStageRun(client, run_options));
  MLFLOW_RETURN_IF_ERROR(run.LogParam("model", options.model));
  std::string files;
  for (const auto& path : options.data) files += (files.empty() ? "" : ",") + path;
  MLFLOW_RETURN_IF_ERROR(run.LogParam("data", files.substr(0, 6000)));
  for (const auto& [key, value] : evaluation.ToMetricMap()) MLFLOW_RETURN_IF_ERROR(run.LogMetric(key, value));
  MLFLOW_RETURN_IF_ERROR(run.LogMetric("rows", static_cast<double>(data.size())));
  MLFLOW_RETURN_IF_ERROR(LogDatasetInput(client, run.run_id(), data, options.data.front(), "evaluation"));
  MLFLOW_RETURN_IF_ERROR(LogTextArtifact(client, run.run_id(), "confusion_matrix.json", evaluation.ToJson()));
  models::SvgOptions svg;
  svg.title = fmt::format("{} on {}", std::filesystem::path(options.model).filename().string(), data.name);
  MLFLOW_RETURN_IF_ERROR(
      LogTextArtifact(client, run.run_id(), "confusion_matrix.svg", models::RenderConfusionMatrixSvg(evaluation, svg)));
  return run.End();
}

}  // namespace

Result<Json> RunEvaluate(const EvaluateStageOptions& options, MlflowClient* client) {
  if (options.output_path.empty()) return InvalidArgument("evaluate: no output path given");
  MLFLOW_ASSIGN_OR_RETURN(std::string model_dir, ResolveModelDirectory(options.model, client));
  auto model = models::LoadModelDirectory(model_dir);
  if (!model.ok()) return model.status().WithContext("loading model '" + options.model + "'");
  MLFLOW_ASSIGN_OR_RETURN(models::Dataset data, LoadDataset(options.data, options.format));
  MLFLOW_ASSIGN_OR_RETURN(models::Evaluation evaluation, model.value().Evaluate(data, options.threads));
  Json metrics = Json::object();
  for (const auto& [key, value] : evaluation.ToMetricMap()) metrics[key] = EncodeDouble(value);
  metrics["rows"] = data.size();
  MLFLOW_RETURN_IF_ERROR(WriteJsonFile(options.output_path, metrics));
  if (client) {
    MLFLOW_RETURN_IF_ERROR(
        LogEvaluateRun(*client, options, model_dir, data, evaluation).WithContext("evaluate: logging to MLflow"));
  }
  return metrics;
}

}  // namespace mlflow::pipeline
