#include <catch2/catch.hpp>

#include <cmath>

#include "mlflow/server/alert.h"
#include "mlflow/server/drift_report.h"

using namespace mlflow::server;

namespace {

ReferenceDistribution Reference(int64_t count) {
  ReferenceDistribution ref;
  ref.classes = {"negative", "neutral", "positive"};
  ref.class_fractions = {0.16, 0.5, 0.34};
  ref.count = count;
  ref.mean_confidence = 0.7;
  ref.mean_entropy = 0.6;
  ref.mean_oov_rate = 0.1;
  ref.mean_length = 90;
  ref.std_length = 30;
  return ref;
}

TrafficSummary Live(std::vector<int64_t> counts, float confidence = 0.7f, float entropy = 0.6f, uint32_t unknown = 1,
                    uint32_t length = 90) {
  TrafficSummary s(counts.size());
  for (size_t c = 0; c < counts.size(); ++c) {
    for (int64_t i = 0; i < counts[c]; ++i) {
      s.Add(TextObservation{static_cast<int>(c), confidence, entropy, length, /*tokens=*/10, unknown});
    }
  }
  return s;
}

const std::vector<std::string> kClasses = {"negative", "neutral", "positive"};

}  // namespace

TEST_CASE("traffic like the reference breaches nothing", "[drift]") {
  auto ref = Reference(10000);
  auto report = EvaluateDrift(&ref, Live({170, 490, 340}), kClasses, FeedbackStats(), DriftThresholds());
  CHECK(report.window == 1000);
  CHECK(report.js_distance < 0.02);
  CHECK(report.BreachedCount() == 0);
  CHECK(report.Find("prediction_drift")->threshold == 0.1);
}

TEST_CASE("a class-mix shift breaches JS distance and PSI (large reference)", "[drift]") {
  auto ref = Reference(10000);
  auto report = EvaluateDrift(&ref, Live({800, 100, 100}), kClasses, FeedbackStats(), DriftThresholds());
  CHECK(report.js_distance == Approx(0.47307320999678254));
  const Signal* drift = report.Find("prediction_drift");
  REQUIRE(drift);
  CHECK(drift->breached);
  CHECK_FALSE(drift->below);
  CHECK(report.Find("psi")->breached);
  CHECK_FALSE(report.Find("confidence_shift")->breached);
}

TEST_CASE("a small reference switches prediction drift to the chi-square test", "[drift]") {
  auto ref = Reference(800);
  auto report = EvaluateDrift(&ref, Live({180, 480, 340}), kClasses, FeedbackStats(), DriftThresholds());
  const Signal* drift = report.Find("prediction_drift");
  CHECK(drift->value == Approx(0.19204990862075405));  // scipy, see drift_math_test
  CHECK(drift->below);
  CHECK_FALSE(drift->breached);
  report = EvaluateDrift(&ref, Live({300, 400, 300}), kClasses, FeedbackStats(), DriftThresholds());
  CHECK(report.Find("prediction_drift")->breached);
}

TEST_CASE("descriptor shifts: confidence, entropy, OOV rate, length", "[drift]") {
  auto ref = Reference(10000);
  auto report =
      EvaluateDrift(&ref, Live({160, 500, 340}, 0.5f, 0.9f, 3, 150), kClasses, FeedbackStats(), DriftThresholds());
  CHECK(report.confidence_shift == Approx(0.2).epsilon(1e-5));
  CHECK(report.entropy_shift == Approx(0.3).epsilon(1e-5));
  CHECK(report.oov_rate_shift == Approx(0.2).epsilon(1e-5));
  CHECK(report.length_shift == Approx(2.0));  // (150 - 90) / 30
  for (const char* name : {"confidence_shift", "entropy_shift", "oov_rate_shift", "length_shift"}) {
    INFO(name);
    CHECK(report.Find(name)->breached);
  }
}

TEST_CASE("too few observations, no reference or a zero threshold breach nothing", "[drift]") {
  auto ref = Reference(10000);
  auto report = EvaluateDrift(&ref, Live({100, 0, 0}), kClasses, FeedbackStats(), DriftThresholds());
  CHECK(report.js_distance > 0.1);
  CHECK(report.BreachedCount() == 0);  // 100 < min_window 200
  report = EvaluateDrift(nullptr, Live({800, 100, 100}), kClasses, FeedbackStats(), DriftThresholds());
  CHECK(std::isnan(report.js_distance));
  CHECK(report.BreachedCount() == 0);
  DriftThresholds off;
  off.js_distance = 0;
  off.psi = 0;
  report = EvaluateDrift(&ref, Live({800, 100, 100}), kClasses, FeedbackStats(), off);
  CHECK(report.BreachedCount() == 0);
}

TEST_CASE("feedback signals need enough labels", "[drift]") {
  auto ref = Reference(10000);
  FeedbackStats poor;
  poor.labelled = 500;
  poor.accuracy = 0.3;
  poor.macro_recall = 0.3;
  auto report = EvaluateDrift(&ref, Live({160, 500, 340}), kClasses, poor, DriftThresholds());
  CHECK(report.Find("feedback_macro_recall")->breached);
  CHECK_FALSE(report.Find("feedback_accuracy")->breached);  // off by default
  poor.labelled = 10;
  report = EvaluateDrift(&ref, Live({160, 500, 340}), kClasses, poor, DriftThresholds());
  CHECK_FALSE(report.Find("feedback_macro_recall")->breached);
}

TEST_CASE("alerts are edge-triggered", "[drift][alerts]") {
  auto ref = Reference(10000);
  AlertState alerts;
  auto calm = EvaluateDrift(&ref, Live({160, 500, 340}), kClasses, FeedbackStats(), DriftThresholds());
  auto drifted = EvaluateDrift(&ref, Live({800, 100, 100}), kClasses, FeedbackStats(), DriftThresholds());
  CHECK(alerts.Update(calm, 0, 0).empty());
  auto raised = alerts.Update(drifted, 1, 0);
  REQUIRE(raised.size() == 2);  // prediction_drift and psi
  CHECK(raised[0].signal == "prediction_drift");
  CHECK(raised[0].raised);
  CHECK_THAT(raised[0].Describe(), Catch::Contains("prediction_drift raised") && Catch::Contains(">= 0.1"));
  CHECK(alerts.Update(drifted, 2, 0).empty());  // still breached: no new alert
  CHECK(alerts.active("prediction_drift"));
  auto cleared = alerts.Update(calm, 3, 0);
  REQUIRE(cleared.size() == 2);
  CHECK_FALSE(cleared[0].raised);
  CHECK(alerts.raised_count("prediction_drift") == 1);
}
