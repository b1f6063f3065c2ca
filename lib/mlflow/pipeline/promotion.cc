#include "mlflow/pipeline/promotion.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "mlflow/core/clock.h"
#include "mlflow/pipeline/run_logging.h"
#include "mlflow/pipeline/stage_run.h"

namespace mlflow::pipeline {
namespace {

bool AllDigits(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

Result<MetricValues> EvaluateVersion(MlflowClient& client, const std::string& name, const std::string& version,
                                     const models::Dataset& data, const ModelEvaluator& evaluate) {
  std::string uri = fmt::format("models:/{}/{}", name, version);
  MLFLOW_ASSIGN_OR_RETURN(std::string dir, client.model_uris().DownloadCached(uri));
  auto metrics = evaluate(dir, data);
  if (!metrics.ok()) return metrics.status().WithContext("evaluating " + uri);
  return metrics;
}

Status LogPromoteRun(MlflowClient& client, const PromoteOptions& options, PromotionDecision* decision) {
  StageRunOptions run_options;
  run_options.stage = "promote";
  run_options.experiment = options.experiment;
  run_options.inputs = options.data_sources;
  run_options.tags = {{"gate.decision", PromotionOutcomeName(decision->outcome)},
                      {"gate.registered_model", options.name},
                      {"gate.candidate_version", decision->candidate_version}};
  MLFLOW_ASSIGN_OR_RETURN(ActiveRun run, StartStageRun(client, run_options));
  decision->run_id = run.run_id();
  MLFLOW_RETURN_IF_ERROR(run.LogParam("registered_model", options.name));
  MLFLOW_RETURN_IF_ERROR(run.LogParam("candidate", options.candidate));
  MLFLOW_RETURN_IF_ERROR(run.LogParam("candidate_version", decision->candidate_version));
  MLFLOW_RETURN_IF_ERROR(run.LogParam("champion_alias", options.champion_alias));
  MLFLOW_RETURN_IF_ERROR(run.LogParam("champion_version", decision->champion_version));
  MLFLOW_RETURN_IF_ERROR(run.LogParam("dry_run", options.dry_run ? "true" : "false"));
  for (const auto& check : decision->gate.checks) {
    MLFLOW_RETURN_IF_ERROR(run.LogParam("threshold." + check.metric, check.threshold.ToString()));
  }
  for (const auto& [metric, value] : decision->candidate_metrics) {
    MLFLOW_RETURN_IF_ERROR(run.LogMetric("candidate." + metric, value));
  }
  for (const auto& [metric, value] : decision->champion_metrics) {
    MLFLOW_RETURN_IF_ERROR(run.LogMetric("champion." + metric, value));
  }
  MLFLOW_RETURN_IF_ERROR(run.LogMetric("gate_passed", decision->Passed() ? 1 : 0));
  MLFLOW_RETURN_IF_ERROR(LogJsonArtifact(client, run.run_id(), "promotion_decision.json", decision->ToJson()));
  return run.End();
}

}  // namespace

Result<ModelVersion> ResolveVersion(RegistryApi& registry, const std::string& name, const std::string& candidate) {
  if (candidate.empty()) return InvalidArgument("no candidate given (an alias or a version number)");
  if (AllDigits(candidate)) return registry.GetModelVersion(name, candidate);
  auto version = registry.GetModelVersionByAlias(name, candidate);
  if (!version.ok()) return version.status().WithContext(fmt::format("alias '{}' of model '{}'", candidate, name));
  return version;
}

Result<PromotionDecision> Promote(MlflowClient& client, const PromoteOptions& options, const models::Dataset& data,
                                  const ModelEvaluator& evaluate) {
  if (options.name.empty()) return InvalidArgument("promote: no registered model name given");
  if (options.thresholds.empty()) return InvalidArgument("promote: no metric threshold given");
  for (const auto& named : options.thresholds) {
    MLFLOW_RETURN_IF_ERROR(named.threshold.Validate().WithContext("metric " + named.metric));
  }
  auto& registry = client.registry();
  MLFLOW_ASSIGN_OR_RETURN(RegisteredModel model, registry.GetRegisteredModel(options.name));
  MLFLOW_ASSIGN_OR_RETURN(ModelVersion candidate, ResolveVersion(registry, options.name, options.candidate));

  PromotionDecision decision;
  decision.name = options.name;
  decision.champion_alias = options.champion_alias;
  decision.candidate_version = candidate.version;
  decision.dry_run = options.dry_run;
  decision.data_digest = data.Digest();
  decision.data_rows = data.size();
  auto alias = model.aliases.find(options.champion_alias);
  if (alias != model.aliases.end()) decision.champion_version = alias->second;

  if (decision.champion_version == candidate.version) {
    decision.outcome = PromotionOutcome::kAlreadyChampion;
    MLFLOW_RETURN_IF_ERROR(LogPromoteRun(client, options, &decision).WithContext("promote: logging to MLflow"));
    return decision;
  }

  MLFLOW_ASSIGN_OR_RETURN(decision.candidate_metrics,
                          EvaluateVersion(client, options.name, candidate.version, data, evaluate));
  std::optional<MetricValues> baseline;
  if (!decision.champion_version.empty()) {
    MLFLOW_ASSIGN_OR_RETURN(decision.champion_metrics,
                            EvaluateVersion(client, options.name, decision.champion_version, data, evaluate));
    baseline = decision.champion_metrics;
  }
  MLFLOW_ASSIGN_OR_RETURN(decision.gate, EvaluateGate(options.thresholds, decision.candidate_metrics, baseline));
  if (!decision.gate.Passed())
    decision.outcome = PromotionOutcome::kRefused;
  else if (decision.champion_version.empty())
    decision.outcome = PromotionOutcome::kFirstChampion;
  else
    decision.outcome = PromotionOutcome::kPromoted;

  MLFLOW_RETURN_IF_ERROR(LogPromoteRun(client, options, &decision).WithContext("promote: logging to MLflow"));
  if (options.dry_run) return decision;
  for (const auto& [key, value] : decision.Tags(NowMillis())) {
    MLFLOW_RETURN_IF_ERROR(registry.SetModelVersionTag(options.name, candidate.version, key, value));
  }
  if (decision.MovesAlias()) {
    MLFLOW_RETURN_IF_ERROR(registry.SetAlias(options.name, options.champion_alias, candidate.version));
  }
  return decision;
}

}  // namespace mlflow::pipeline
