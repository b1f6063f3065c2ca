#include "mlflow/server/drift_report.h"

#include <cmath>
#include <limits>

#include "mlflow/server/drift_math.h"

namespace mlflow::server {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double AbsDiff(double live, double reference) {
  return std::isfinite(live) && std::isfinite(reference) ? std::fabs(live - reference) : kNaN;
}

// Breach when value >= threshold (or <= for `below`), only for enabled, computable signals.
Signal Make(const char* name, double value, double threshold, bool enabled, bool below = false) {
  Signal s{name, value, threshold, false, below};
  if (enabled && threshold > 0 && std::isfinite(value)) s.breached = below ? value < threshold : value >= threshold;
  return s;
}

}  // namespace

DriftReport::DriftReport()
    : js_distance(kNaN),
      psi(kNaN),
      chi_square_statistic(kNaN),
      chi_square_p_value(kNaN),
      mean_confidence(kNaN),
      confidence_shift(kNaN),
      mean_entropy(kNaN),
      entropy_shift(kNaN),
      oov_rate(kNaN),
      oov_rate_shift(kNaN),
      mean_length(kNaN),
      length_shift(kNaN) {}

const Signal* DriftReport::Find(const std::string& name) const {
  for (const Signal& s : signals) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

size_t DriftReport::BreachedCount() const {
  size_t n = 0;
  for (const Signal& s : signals) n += s.breached ? 1 : 0;
  return n;
}

DriftReport EvaluateDrift(const ReferenceDistribution* reference, const TrafficSummary& live,
                          std::vector<std::string> classes, const FeedbackStats& feedback, const DriftThresholds& t) {
  DriftReport r;
  r.window = static_cast<uint64_t>(live.count);
  r.classes = std::move(classes);
  r.live_class_fractions = live.ClassFractions();
  r.mean_confidence = live.MeanConfidence();
  r.mean_entropy = live.MeanEntropy();
  r.oov_rate = live.MeanOovRate();
  r.mean_length = live.MeanLength();
  r.feedback = feedback;

  bool use_chi_square = false;
  if (reference && live.count > 0 && reference->class_fractions.size() == live.class_counts.size()) {
    std::vector<double> observed(live.class_counts.begin(), live.class_counts.end());
    r.js_distance = JensenShannonDistance(reference->class_fractions, observed);
    r.psi = PopulationStabilityIndex(reference->class_fractions, observed);
    ChiSquareResult chi = ChiSquareGoodnessOfFit(observed, reference->class_fractions);
    r.chi_square_statistic = chi.statistic;
    r.chi_square_p_value = chi.p_value;
    use_chi_square = reference->count > 0 && reference->count <= t.chi_square_max_reference;
  }
  if (reference) {
    r.confidence_shift = AbsDiff(r.mean_confidence, reference->mean_confidence);
    r.entropy_shift = AbsDiff(r.mean_entropy, reference->mean_entropy);
    r.oov_rate_shift = AbsDiff(r.oov_rate, reference->mean_oov_rate);
    double diff = AbsDiff(r.mean_length, reference->mean_length);
    r.length_shift = reference->std_length > 0 ? diff / reference->std_length : kNaN;
  }
  const bool enough = live.count > 0 && static_cast<uint64_t>(live.count) >= t.min_window;
  if (use_chi_square) {
    r.signals.push_back(Make("prediction_drift", r.chi_square_p_value, t.chi_square_p_value, enough, true));
  } else {
    r.signals.push_back(Make("prediction_drift", r.js_distance, t.js_distance, enough));
  }
  r.signals.push_back(Make("psi", r.psi, t.psi, enough));
  r.signals.push_back(Make("confidence_shift", r.confidence_shift, t.confidence_shift, enough));
  r.signals.push_back(Make("entropy_shift", r.entropy_shift, t.entropy_shift, enough));
  r.signals.push_back(Make("oov_rate_shift", r.oov_rate_shift, t.oov_rate_shift, enough));
  r.signals.push_back(Make("length_shift", r.length_shift, t.length_shift, enough));
  const bool labelled = feedback.labelled >= t.feedback_min_labels && feedback.labelled > 0;
  r.signals.push_back(Make("feedback_accuracy", feedback.accuracy, t.min_feedback_accuracy, labelled, true));
  r.signals.push_back(
      Make("feedback_macro_recall", feedback.macro_recall, t.min_feedback_macro_recall, labelled, true));
  return r;
}

}  // namespace mlflow::server
