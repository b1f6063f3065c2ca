// Promote: the promotion gate against the Model Registry.
//
//   1. Resolve the candidate (an alias or a version number) and the version the champion
//      alias points at (none is fine).
//   2. Candidate is already the champion -> kAlreadyChampion, nothing changes.
//   3. Load both models (models:/<name>/<version>, through the model cache) and evaluate them
//      with `evaluate` on the same data, in this call.
//   4. Apply the thresholds (metric_threshold.h). No champion -> only absolute thresholds
//      apply and a pass makes the candidate the first champion.
//   5. Unless dry_run: record the decision as tags on the candidate version
//      (promotion_decision.h) and, on a pass, move the champion alias to it.
// Each call logs one MLflow run (stage "promote"): params, both sets of metrics, the decision
// tag and the decision JSON as an artifact.
// A refusal is a decision, not an error: check PromotionDecision::Passed(). Failures:
// registry/artifact errors, kInvalidParameterValue (bad thresholds, unknown alias or version),
// and whatever `evaluate` returns.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "mlflow/client/mlflow_client.h"
#include "mlflow/core/result.h"
#include "mlflow/models/dataset.h"
#include "mlflow/pipeline/metric_threshold.h"
#include "mlflow/pipeline/promotion_decision.h"

namespace mlflow::pipeline {

// Metrics of the model in `model_dir` on `data` (e.g. {"macro_recall": 0.71, ...}).
using ModelEvaluator = std::function<Result<MetricValues>(const std::string& model_dir, const models::Dataset& data)>;

struct PromoteOptions {
  std::string name;       // registered model
  std::string candidate;  // alias ("challenger") or version ("3")
  std::string champion_alias = "champion";
  std::vector<NamedThreshold> thresholds;
  bool dry_run = false;                   // decide and report only
  std::string experiment;                 // for the promote run (stage_run.h defaults)
  std::vector<std::string> data_sources;  // for the run's params and tags (paths)
};

Result<PromotionDecision> Promote(MlflowClient& client, const PromoteOptions& options, const models::Dataset& data,
                                  const ModelEvaluator& evaluate);

// The version `candidate` names: all digits -> that version; otherwise an alias.
Result<ModelVersion> ResolveVersion(RegistryApi& registry, const std::string& name, const std::string& candidate);

}  // namespace mlflow::pipeline
