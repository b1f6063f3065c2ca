// The promotion gate's decision rule: MLflow's MetricThreshold semantics
// (mlflow.models.MetricThreshold / validate_evaluation_results), reimplemented exactly.
//
// Per metric, with `better(a, b)` meaning a >= b when greater is better, a <= b otherwise:
//   threshold            better(candidate, threshold)
//   min_absolute_change  (> 0)       better(candidate, baseline ± change)
//   min_relative_change  (in [0, 1]) (candidate - baseline) / |baseline| >= change (signs
//                        swapped when lower is better); baseline 0: better(candidate,
//                        baseline ± 1e-10)
// A metric missing from the candidate fails; with a baseline, a metric missing from it fails
// the comparison checks. Every failed check is reported, not only the first.
// One deliberate difference: with no baseline at all (no champion yet), the comparison checks
// are not applicable and only `threshold` applies, so the first candidate can become
// champion. Pure functions, thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mlflow/core/json.h"
#include "mlflow/core/result.h"

namespace mlflow::pipeline {

struct MetricThreshold {
  std::optional<double> threshold;
  std::optional<double> min_absolute_change;
  std::optional<double> min_relative_change;
  bool greater_is_better = true;

  // MLflow's constructor rules: min_absolute_change > 0, min_relative_change in [0, 1], and
  // at least one of the three set. Violations are kInvalidParameterValue.
  Status Validate() const;
  // "Threshold: 0.6. Minimum Absolute Change: 0.01. Greater value is better."
  std::string ToString() const;
  Json ToJson() const;
};

struct NamedThreshold {
  std::string metric;
  MetricThreshold threshold;
};

using MetricValues = std::map<std::string, double>;

struct MetricCheck {
  std::string metric;
  MetricThreshold threshold;
  std::optional<double> candidate;
  std::optional<double> baseline;
  bool missing_candidate = false;
  bool missing_baseline = false;
  bool threshold_failed = false;
  bool min_absolute_change_failed = false;
  bool min_relative_change_failed = false;

  bool Passed() const;
  // One message per failed check, worded like MLflow's.
  std::vector<std::string> Failures() const;
};

struct GateResult {
  std::vector<MetricCheck> checks;
  bool has_baseline = false;

  bool Passed() const;
  std::vector<std::string> Failures() const;
  Json ToJson() const;
};

// Fails only on invalid thresholds (Validate) or an empty threshold list.
Result<GateResult> EvaluateGate(const std::vector<NamedThreshold>& thresholds, const MetricValues& candidate,
                                const std::optional<MetricValues>& baseline);

}  // namespace mlflow::pipeline
