#include "mlflow/pipeline/train_stage.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "mlflow/models/confusion_matrix_svg.h"
#include "mlflow/models/model_directory.h"
#include "mlflow/models/random.h"
#include "mlflow/models/sentiment_model.h"
#include "mlflow/pipeline/data_source.h"
#include "mlflow/pipeline/mlflow_training_observer.h"
#include "mlflow/pipeline/run_logging.h"
#include "mlflow/pipeline/stage_run.h"

namespace mlflow::pipeline {
namespace {

constexpr const char* kModelArtifactPath = "model";

Result<DataFormat> TrainFormat(const Params& params) {
  MLFLOW_ASSIGN_OR_RETURN(std::string name, params.GetString("train.format", "semeval"));
  MLFLOW_ASSIGN_OR_RETURN(DataFormat format, DataFormat::FromName(name));
  if (format.kind == DataFormat::Kind::kTable) {
    MLFLOW_ASSIGN_OR_RETURN(std::string text, params.GetString("train.text_column", "text"));
    MLFLOW_ASSIGN_OR_RETURN(std::string label, params.GetString("train.label_column", "label"));
    MLFLOW_ASSIGN_OR_RETURN(std::string id, params.GetString("train.id_column", ""));
    format.table.text_column = models::ColumnRef::Parse(text);
    format.table.label_column = models::ColumnRef::Parse(label);
    if (!id.empty()) format.table.id_column = models::ColumnRef::Parse(id);
  }
  return format;
}

// Splits `data` into (fit, holdout) with a seeded shuffle; fraction 0 keeps everything.
std::pair<models::Dataset, models::Dataset> HoldOut(const models::Dataset& data, double fraction, uint64_t seed) {
  std::vector<size_t> order(data.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  models::Random random(models::Random::Derive(seed, 0x401d));
  random.Shuffle(&order);
  size_t holdout = static_cast<size_t>(std::llround(fraction * static_cast<double>(data.size())));
  std::vector<size_t> fit_rows(order.begin() + static_cast<std::ptrdiff_t>(holdout), order.end());
  std::vector<size_t> holdout_rows(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(holdout));
  std::sort(fit_rows.begin(), fit_rows.end());
  std::sort(holdout_rows.begin(), holdout_rows.end());
  auto fit = data.Subset(fit_rows);
  auto held = data.Subset(holdout_rows);
  held.name = data.name + "-holdout";
  return {std::move(fit), std::move(held)};
}

Status LogTrainingRun(MlflowClient& client, ActiveRun& run, const TrainStageOptions& options,
                      const models::SentimentModel& model, const models::Dataset& fit, const models::Dataset* holdout,
                      const std::optional<models::Evaluation>& evaluation, const std::string& train_file) {
  const auto& info = model.info();
  MLFLOW_RETURN_IF_ERROR(run.LogMetric("training_seconds", info.training_seconds));
  MLFLOW_RETURN_IF_ERROR(run.LogMetric("num_features", static_cast<double>(info.num_features)));
  MLFLOW_RETURN_IF_ERROR(run.LogMetric("training_examples", static_cast<double>(info.training_examples)));
  MLFLOW_RETURN_IF_ERROR(LogDatasetInput(client, run.run_id(), fit, train_file, "training"));
  if (holdout) MLFLOW_RETURN_IF_ERROR(LogDatasetInput(client, run.run_id(), *holdout, train_file, "holdout"));
  if (evaluation) {
    for (const auto& [key, value] : evaluation->ToMetricMap("holdout_")) {
      MLFLOW_RETURN_IF_ERROR(run.LogMetric(key, value));
    }
    MLFLOW_RETURN_IF_ERROR(LogTextArtifact(client, run.run_id(), "confusion_matrix.json", evaluation->ToJson()));
    models::SvgOptions svg;
    svg.title = fmt::format("{} on the training holdout", options.variant);
    MLFLOW_RETURN_IF_ERROR(LogTextArtifact(client, run.run_id(), "confusion_matrix.svg",
                                           models::RenderConfusionMatrixSvg(*evaluation, svg)));
  }
  MLFLOW_RETURN_IF_ERROR(run.Flush());
  return client.artifacts().LogArtifacts(run.run_id(), options.output_dir, kModelArtifactPath);
}

}  // namespace

Result<std::map<std::string, std::string>> VariantParams(const Params& params, const std::string& variant) {
  const YamlValue* node = params.Find("models");
  if (!node || !node->is_object() || node->empty()) {
    return InvalidArgument(fmt::format("{}: no `models` mapping (one entry per model variant)", params.source()));
  }
  if (!node->contains(variant)) {
    std::string known;
    for (const auto& [key, item] : node->items()) known += (known.empty() ? "" : ", ") + key;
    return InvalidArgument(fmt::format("{}: no model variant '{}' (known: {})", params.source(), variant, known));
  }
  std::map<std::string, std::string> out;
  for (const char* shared : {"seed", "threads"}) {
    if (params.Has(std::string("train.") + shared))
      out[shared] = ScalarText(*params.Find(std::string("train.") + shared));
  }
  for (const auto& [key, value] : params.Flatten("models." + variant)) {
    out[key.substr(std::string("models.").size() + variant.size() + 1)] = value;
  }
  return out;
}

Result<TrainResult> RunTrain(const TrainStageOptions& options, MlflowClient* client) {
  if (options.output_dir.empty()) return InvalidArgument("train: no output directory given");
  const Params& params = options.params;
  std::string variant = options.variant;
  if (variant.empty()) {
    const YamlValue* node = params.Find("models");
    if (node && node->is_object() && !node->empty()) variant = node->begin().key();
  }
  MLFLOW_ASSIGN_OR_RETURN(auto config_params, VariantParams(params, variant));
  auto config = models::TrainingConfig::FromParams(config_params);
  if (!config.ok()) return config.status().WithContext(fmt::format("{}: models.{}", params.source(), variant));
  MLFLOW_RETURN_IF_ERROR(config.value().Validate().WithContext(fmt::format("models.{}", variant)));

  MLFLOW_ASSIGN_OR_RETURN(std::string train_file, params.GetString("train.train_file", "data/prepared/train.tsv"));
  MLFLOW_ASSIGN_OR_RETURN(double fraction, params.GetDouble("train.holdout_fraction", 0.1));
  if (fraction < 0 || fraction >= 0.5) return InvalidArgument("train.holdout_fraction must be in [0, 0.5)");
  MLFLOW_ASSIGN_OR_RETURN(DataFormat format, TrainFormat(params));
  MLFLOW_ASSIGN_OR_RETURN(models::Dataset data, LoadDataset({train_file}, format));
  auto [fit, holdout] = HoldOut(data, fraction, config.value().seed);
  const models::Dataset* monitor = holdout.empty() ? nullptr : &holdout;

  TrainResult result;
  result.variant = variant;
  result.model_type = std::string(models::ModelTypeName(config.value().model_type));
  std::optional<ActiveRun> run;
  if (client) {
    StageRunOptions run_options;
    run_options.stage = "train";
    run_options.experiment = options.experiment;
    run_options.inputs = {train_file};
    run_options.tags = {{"pipeline.variant", variant}, {"model_type", result.model_type}};
    MLFLOW_ASSIGN_OR_RETURN(ActiveRun started, StartStageRun(*client, run_options));
    run.emplace(std::move(started));
    result.run_id = run->run_id();
    MLFLOW_RETURN_IF_ERROR(run->LogParam("pipeline.variant", variant));
    MLFLOW_RETURN_IF_ERROR(run->LogParam("pipeline.train_file", train_file));
    MLFLOW_RETURN_IF_ERROR(run->LogParam("pipeline.holdout_fraction", fmt::format("{}", fraction)));
  }
  models::ConsoleProgress console(stderr, false);
  std::optional<MlflowTrainingObserver> logger;
  if (run) logger.emplace(*run, result.model_type);
  models::ObserverList observers({options.progress ? &console : nullptr, logger ? &*logger : nullptr});
  auto model = models::SentimentModel::Train(config.value(), fit, &observers, monitor);
  if (!model.ok()) {
    if (run) (void)run->End(RunStatus::kFailed);
    return model.status().WithContext("train " + variant);
  }
  if (logger) MLFLOW_RETURN_IF_ERROR(logger->status().WithContext("train: logging to MLflow"));

  models::ModelDirectoryOptions directory;
  if (run) {
    directory.artifact_path = kModelArtifactPath;
    directory.run_id = run->run_id();
  }
  MLFLOW_RETURN_IF_ERROR(models::SaveModelDirectory(model.value(), options.output_dir, directory));
  std::optional<models::Evaluation> evaluation;
  if (monitor) {
    MLFLOW_ASSIGN_OR_RETURN(models::Evaluation e, model.value().Evaluate(holdout, config.value().threads));
    for (const auto& [key, value] : e.ToMetricMap()) result.holdout_metrics[key] = EncodeDouble(value);
    evaluation = std::move(e);
  }
  result.training_seconds = model.value().info().training_seconds;
  if (run) {
    Status logged = LogTrainingRun(*client, *run, options, model.value(), fit, monitor, evaluation, train_file);
    if (!logged.ok()) {
      (void)run->End(RunStatus::kFailed);
      return logged.WithContext("train: logging to MLflow");
    }
    MLFLOW_RETURN_IF_ERROR(run->End());
  }
  return result;
}

}  // namespace mlflow::pipeline
