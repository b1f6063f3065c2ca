#include "mlflow/pipeline/metric_threshold.h"

#include <cmath>

#include <fmt/format.h>

namespace mlflow::pipeline {
namespace {

bool Better(const MetricThreshold& t, double a, double b) { return t.greater_is_better ? a >= b : a <= b; }
double Toward(const MetricThreshold& t, double base, double change) {
  return t.greater_is_better ? base + change : base - change;
}
std::string Num(double v) { return fmt::format("{}", v); }
Json Optional(const std::optional<double>& v) { return v ? EncodeDouble(*v) : Json(nullptr); }

}  // namespace

Status MetricThreshold::Validate() const {
  if (threshold && !std::isfinite(*threshold)) return InvalidArgument("`threshold` must be a finite number");
  if (min_absolute_change && !(*min_absolute_change > 0)) {
    return InvalidArgument("`min_absolute_change` must be a positive number");
  }
  if (min_relative_change && !(*min_relative_change >= 0 && *min_relative_change <= 1)) {
    return InvalidArgument("`min_relative_change` must be between 0 and 1");
  }
  if (!threshold && !min_absolute_change && !min_relative_change) {
    return InvalidArgument(
        "no threshold was specified (give a threshold, a minimum absolute or a minimum relative change)");
  }
  return Status::Ok();
}

std::string MetricThreshold::ToString() const {
  std::string out;
  if (threshold) out += fmt::format("Threshold: {}. ", *threshold);
  if (min_absolute_change) out += fmt::format("Minimum Absolute Change: {}. ", *min_absolute_change);
  if (min_relative_change) out += fmt::format("Minimum Relative Change: {}. ", *min_relative_change);
  out += greater_is_better ? "Greater value is better." : "Lower value is better.";
  return out;
}

Json MetricThreshold::ToJson() const {
  return Json{{"threshold", Optional(threshold)},
              {"min_absolute_change", Optional(min_absolute_change)},
              {"min_relative_change", Optional(min_relative_change)},
              {"greater_is_better", greater_is_better}};
}

bool MetricCheck::Passed() const {
  return !missing_candidate && !missing_baseline && !threshold_failed && !min_absolute_change_failed &&
         !min_relative_change_failed;
}

std::vector<std::string> MetricCheck::Failures() const {
  std::vector<std::string> out;
  if (missing_candidate) {
    out.push_back(fmt::format("metric {} was missing from the evaluation result of the candidate model", metric));
    return out;
  }
  std::string c = candidate ? Num(*candidate) : "?";
  std::string b = baseline ? Num(*baseline) : "?";
  if (threshold_failed) {
    out.push_back(fmt::format("{} value threshold check failed: candidate {} = {}, threshold = {} ({} is better)",
                              metric, metric, c, Num(*threshold.threshold),
                              threshold.greater_is_better ? "greater" : "lower"));
  }
  if (missing_baseline) {
    out.push_back(fmt::format(
        "model comparison failed: metric {} was missing from the evaluation result of the champion", metric));
    return out;
  }
  if (min_absolute_change_failed) {
    out.push_back(fmt::format(
        "{} minimum absolute change check failed: candidate {} = {}, champion {} = {}, minimum absolute change = {}",
        metric, metric, c, metric, b, Num(*threshold.min_absolute_change)));
  }
  if (min_relative_change_failed) {
    out.push_back(fmt::format(
        "{} minimum relative change check failed: candidate {} = {}, champion {} = {}, minimum relative change = {}",
        metric, metric, c, metric, b, Num(*threshold.min_relative_change)));
  }
  return out;
}

bool GateResult::Passed() const {
  for (const auto& check : checks) {
    if (!check.Passed()) return false;
  }
  return true;
}

std::vector<std::string> GateResult::Failures() const {
  std::vector<std::string> out;
  for (const auto& check : checks) {
    for (auto& message : check.Failures()) out.push_back(std::move(message));
  }
  return out;
}

Json GateResult::ToJson() const {
  Json metrics = Json::array();
  for (const auto& check : checks) {
    metrics.push_back(Json{{"metric", check.metric},
                           {"candidate", Optional(check.candidate)},
                           {"champion", Optional(check.baseline)},
                           {"thresholds", check.threshold.ToJson()},
                           {"passed", check.Passed()},
                           {"failures", check.Failures()}});
  }
  return Json{{"passed", Passed()},
              {"compared_to_champion", has_baseline},
              {"metrics", std::move(metrics)},
              {"failures", Failures()}};
}

Result<GateResult> EvaluateGate(const std::vector<NamedThreshold>& thresholds, const MetricValues& candidate,
                                const std::optional<MetricValues>& baseline) {
  if (thresholds.empty()) return InvalidArgument("the gate needs at least one metric threshold");
  GateResult result;
  result.has_baseline = baseline.has_value();
  for (const auto& [metric, t] : thresholds) {
    MLFLOW_RETURN_IF_ERROR(t.Validate().WithContext("metric " + metric));
    MetricCheck check;
    check.metric = metric;
    check.threshold = t;
    auto c = candidate.find(metric);
    if (c != candidate.end()) check.candidate = c->second;
    if (baseline) {
      auto b = baseline->find(metric);
      if (b != baseline->end()) check.baseline = b->second;
    }
    if (!check.candidate) {
      check.missing_candidate = true;
      result.checks.push_back(std::move(check));
      continue;
    }
    double value = *check.candidate;
    if (t.threshold) check.threshold_failed = !Better(t, value, *t.threshold);
    bool compares = t.min_absolute_change || t.min_relative_change;
    if (compares && baseline && !check.baseline) check.missing_baseline = true;
    if (compares && check.baseline) {
      double base = *check.baseline;
      if (t.min_absolute_change)
        check.min_absolute_change_failed = !Better(t, value, Toward(t, base, *t.min_absolute_change));
      if (t.min_relative_change) {
        if (base == 0) {
          check.min_relative_change_failed = !Better(t, value, Toward(t, base, 1e-10));
        } else {
          double change = t.greater_is_better ? (value - base) / std::fabs(base) : (base - value) / std::fabs(base);
          check.min_relative_change_failed = change < *t.min_relative_change;
        }
      }
    }
    result.checks.push_back(std::move(check));
  }
  return result;
}

}  // namespace mlflow::pipeline
