// PromotionDecision: what the gate decided for one candidate version, as JSON (the promote
// stage's DVC output) and as the tags recorded on the candidate version.
//
// Tags written on the candidate version (registry tag values are capped at 5000 chars):
//   gate.decision            promoted | first_champion | refused | already_champion
//   gate.champion_alias      the alias the gate manages ("champion")
//   gate.champion_version    the champion it was compared with ("" when there was none)
//   gate.previous_champion   on promotion: the version that held the alias before (what
//                            `promote --rollback` moves the alias back to)
//   gate.candidate.<metric>  / gate.champion.<metric>   the metrics of both, same data
//   gate.thresholds          JSON: {metric: {threshold, min_absolute_change, ...}}
//   gate.passed              true | false
//   gate.failures            every failed threshold, one per line
//   gate.data_digest         digest of the evaluation data (Dataset::Digest)
//   gate.run_id              the MLflow run of the promote stage
//   gate.decided_at          milliseconds since the epoch
// Plain values; not synchronised.
#pragma once

#include <map>
#include <string>

#include "mlflow/core/json.h"
#include "mlflow/pipeline/metric_threshold.h"

namespace mlflow::pipeline {

enum class PromotionOutcome { kPromoted, kFirstChampion, kAlreadyChampion, kRefused };
const char* PromotionOutcomeName(PromotionOutcome outcome);

struct PromotionDecision {
  std::string name;
  std::string champion_alias;
  std::string candidate_version;
  std::string champion_version;  // before the decision; empty when there was none
  PromotionOutcome outcome = PromotionOutcome::kRefused;
  GateResult gate;
  MetricValues candidate_metrics;
  MetricValues champion_metrics;
  std::string data_digest;
  size_t data_rows = 0;
  std::string run_id;
  bool dry_run = false;  // decided but nothing written to the registry

  bool Passed() const { return outcome != PromotionOutcome::kRefused; }
  // True when the alias moved (or would have moved, in a dry run).
  bool MovesAlias() const {
    return outcome == PromotionOutcome::kPromoted || outcome == PromotionOutcome::kFirstChampion;
  }
  Json ToJson() const;
  std::map<std::string, std::string> Tags(int64_t decided_at_millis) const;
  // A few human-readable lines: the decision, both metrics, every failure.
  std::string Summary() const;
};

}  // namespace mlflow::pipeline
