// The promotion gate's decision rule: MLflow MetricThreshold semantics.
#include <catch2/catch.hpp>

#include "mlflow/pipeline/metric_threshold.h"

using mlflow::pipeline::EvaluateGate;
using mlflow::pipeline::GateResult;
using mlflow::pipeline::MetricThreshold;
using mlflow::pipeline::MetricValues;
using mlflow::pipeline::NamedThreshold;

namespace {

MetricThreshold Threshold(std::optional<double> threshold, std::optional<double> abs_change = std::nullopt,
                          std::optional<double> rel_change = std::nullopt, bool greater_is_better = true) {
  MetricThreshold t;
  t.threshold = threshold;
  t.min_absolute_change = abs_change;
  t.min_relative_change = rel_change;
  t.greater_is_better = greater_is_better;
  return t;
}

GateResult Gate(const MetricThreshold& t, const MetricValues& candidate, const std::optional<MetricValues>& baseline) {
  return EvaluateGate({NamedThreshold{"macro_recall", t}}, candidate, baseline).value();
}

}  // namespace

TEST_CASE("threshold: greater is better needs candidate >= threshold", "[gate]") {
  CHECK(Gate(Threshold(0.6), {{"macro_recall", 0.6}}, std::nullopt).Passed());
  CHECK(Gate(Threshold(0.6), {{"macro_recall", 0.61}}, std::nullopt).Passed());
  auto refused = Gate(Threshold(0.6), {{"macro_recall", 0.59}}, std::nullopt);
  CHECK(!refused.Passed());
  REQUIRE(refused.Failures().size() == 1);
  CHECK(refused.Failures()[0].find("value threshold check failed") != std::string::npos);
}

TEST_CASE("threshold: lower is better needs candidate <= threshold", "[gate]") {
  auto t = Threshold(0.5, std::nullopt, std::nullopt, false);
  CHECK(Gate(t, {{"macro_recall", 0.5}}, std::nullopt).Passed());
  CHECK(!Gate(t, {{"macro_recall", 0.51}}, std::nullopt).Passed());
}

TEST_CASE("min_absolute_change compares with the champion", "[gate]") {
  auto t = Threshold(std::nullopt, 0.01);
  CHECK(Gate(t, {{"macro_recall", 0.72}}, MetricValues{{"macro_recall", 0.70}}).Passed());
  CHECK(!Gate(t, {{"macro_recall", 0.705}}, MetricValues{{"macro_recall", 0.70}}).Passed());
  auto lower = Threshold(std::nullopt, 0.1, std::nullopt, false);
  CHECK(Gate(lower, {{"macro_recall", 0.39}}, MetricValues{{"macro_recall", 0.5}}).Passed());
  CHECK(!Gate(lower, {{"macro_recall", 0.45}}, MetricValues{{"macro_recall", 0.5}}).Passed());
}

TEST_CASE("min_relative_change uses the champion's magnitude", "[gate]") {
  auto t = Threshold(std::nullopt, std::nullopt, 0.05);
  CHECK(Gate(t, {{"macro_recall", 0.64}}, MetricValues{{"macro_recall", 0.60}}).Passed());   // +6.7%
  CHECK(!Gate(t, {{"macro_recall", 0.62}}, MetricValues{{"macro_recall", 0.60}}).Passed());  // +3.3%
  // A negative baseline: -0.2 -> -0.18 is a 10% improvement of the magnitude.
  CHECK(Gate(t, {{"macro_recall", -0.18}}, MetricValues{{"macro_recall", -0.2}}).Passed());
  auto lower = Threshold(std::nullopt, std::nullopt, 0.1, false);
  CHECK(Gate(lower, {{"macro_recall", 0.44}}, MetricValues{{"macro_recall", 0.5}}).Passed());
  CHECK(!Gate(lower, {{"macro_recall", 0.46}}, MetricValues{{"macro_recall", 0.5}}).Passed());
}

TEST_CASE("min_relative_change with a zero champion falls back to strictly better", "[gate]") {
  auto t = Threshold(std::nullopt, std::nullopt, 0.5);
  CHECK(Gate(t, {{"macro_recall", 1e-9}}, MetricValues{{"macro_recall", 0.0}}).Passed());
  CHECK(!Gate(t, {{"macro_recall", 0.0}}, MetricValues{{"macro_recall", 0.0}}).Passed());
}

TEST_CASE("every failed threshold is reported, not only the first", "[gate]") {
  auto t = Threshold(0.65, 0.01, 0.02);
  auto result = Gate(t, {{"macro_recall", 0.60}}, MetricValues{{"macro_recall", 0.62}});
  CHECK(!result.Passed());
  auto failures = result.Failures();
  REQUIRE(failures.size() == 3);
  CHECK(failures[0].find("threshold") != std::string::npos);
  CHECK(failures[1].find("minimum absolute change") != std::string::npos);
  CHECK(failures[2].find("minimum relative change") != std::string::npos);
  auto json = result.ToJson();
  CHECK(json["passed"] == false);
  CHECK(json["failures"].size() == 3);
  CHECK(json["metrics"][0]["champion"] == 0.62);
}

TEST_CASE("several metrics: each is checked and reported", "[gate]") {
  std::vector<NamedThreshold> thresholds{{"macro_recall", Threshold(0.6)},
                                         {"f1_pn", Threshold(0.7)},
                                         {"loss", Threshold(0.3, std::nullopt, std::nullopt, false)}};
  auto result = EvaluateGate(thresholds, {{"macro_recall", 0.5}, {"f1_pn", 0.6}, {"loss", 0.2}}, std::nullopt).value();
  CHECK(result.Failures().size() == 2);
  CHECK(result.checks[2].Passed());
}

TEST_CASE("a metric missing from the candidate fails", "[gate]") {
  auto result = Gate(Threshold(0.5), {{"accuracy", 0.9}}, std::nullopt);
  CHECK(!result.Passed());
  CHECK(result.checks[0].missing_candidate);
  CHECK(result.Failures()[0].find("missing from the evaluation result of the candidate") != std::string::npos);
}

TEST_CASE("a metric missing from the champion fails the comparison checks", "[gate]") {
  auto result = Gate(Threshold(0.5, 0.01), {{"macro_recall", 0.9}}, MetricValues{{"accuracy", 0.8}});
  CHECK(!result.Passed());
  CHECK(result.checks[0].missing_baseline);
  CHECK(!result.checks[0].threshold_failed);
}

TEST_CASE("no champion: only the absolute threshold applies (the first candidate can be promoted)", "[gate]") {
  auto t = Threshold(0.5, 0.01, 0.05);
  auto result = Gate(t, {{"macro_recall", 0.55}}, std::nullopt);
  CHECK(result.Passed());
  CHECK(!result.has_baseline);
  CHECK(!Gate(t, {{"macro_recall", 0.45}}, std::nullopt).Passed());
}

TEST_CASE("threshold validation follows MLflow's constructor", "[gate]") {
  CHECK(Threshold(std::nullopt).Validate().code() == mlflow::ErrorCode::kInvalidParameterValue);  // nothing set
  CHECK(!Threshold(std::nullopt, 0.0).Validate().ok());                                           // must be > 0
  CHECK(!Threshold(std::nullopt, -0.1).Validate().ok());
  CHECK(!Threshold(std::nullopt, std::nullopt, 1.5).Validate().ok());
  CHECK(Threshold(std::nullopt, std::nullopt, 0.0).Validate().ok());
  CHECK(Threshold(0.5).Validate().ok());
  auto status = EvaluateGate({NamedThreshold{"m", Threshold(std::nullopt, -1.0)}}, {{"m", 1}}, std::nullopt).status();
  CHECK(status.message().find("metric m") != std::string::npos);
  CHECK(!EvaluateGate({}, {{"m", 1}}, std::nullopt).ok());
}

TEST_CASE("threshold description reads like MLflow's", "[gate]") {
  CHECK(Threshold(0.6, 0.01).ToString() == "Threshold: 0.6. Minimum Absolute Change: 0.01. Greater value is better.");
  CHECK(Threshold(0.3, std::nullopt, std::nullopt, false).ToString() == "Threshold: 0.3. Lower value is better.");
}
