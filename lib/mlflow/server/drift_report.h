// Drift evaluation: a live window compared with the reference, signal by signal, against
// thresholds. Pure functions over value types; thread-safe.
//
// Signals (names are stable: metric keys, alert names and gauge labels use them):
//   prediction_drift  JS distance >= js_distance (reference of > chi_square_max_reference
//                     rows), else chi-square p-value < chi_square_p_value (Evidently's rule)
//   psi               PSI of the predicted-class mix >= psi
//   confidence_shift  |mean top probability - reference| >= confidence_shift
//   entropy_shift     |mean entropy - reference| >= entropy_shift (nats)
//   oov_rate_shift    |mean OOV rate - reference| >= oov_rate_shift
//   length_shift      |mean length - reference| / reference std >= length_shift
//   feedback_accuracy / feedback_macro_recall   rolling value < the minimum (needs
//                     feedback_min_labels labels)
// A threshold <= 0 disables its signal; a statistic that cannot be computed (no reference
// value, too few observations) is NaN and never breaches.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mlflow/server/feedback_tracker.h"
#include "mlflow/server/reference_distribution.h"
#include "mlflow/server/traffic_summary.h"

namespace mlflow::server {

struct DriftThresholds {
  double js_distance = 0.1;          // Default 0.1 (Evidently, reference > 1000 rows).
  double chi_square_p_value = 0.05;  // Default 0.05 (Evidently, reference <= 1000 rows).
  int64_t chi_square_max_reference = 1000;
  double psi = 0.25;                       // Default 0.25 ("act").
  double confidence_shift = 0.1;           // Default 0.1 of probability.
  double entropy_shift = 0.2;              // Default 0.2 nats.
  double oov_rate_shift = 0.1;             // Default 0.1 (ten points of OOV rate).
  double length_shift = 0.5;               // Default 0.5 reference standard deviations.
  double min_feedback_accuracy = 0;        // Default 0: off.
  double min_feedback_macro_recall = 0.5;  // Default 0.5 (a 3-class guesser scores 0.33).
  uint64_t feedback_min_labels = 200;      // Default 200 labels before feedback signals count.
  uint64_t min_window = 200;               // Default 200 texts before drift signals count.
};

struct Signal {
  std::string name;
  double value;      // the statistic compared (NaN when not computable)
  double threshold;  // what it was compared with
  bool breached = false;
  bool below = false;  // true: breached when value < threshold (p-values, accuracy)
};

struct DriftReport {
  uint64_t window = 0;  // texts in the live window
  std::vector<std::string> classes;
  std::vector<double> live_class_fractions;
  double js_distance, psi, chi_square_statistic, chi_square_p_value;
  double mean_confidence, confidence_shift, mean_entropy, entropy_shift;
  double oov_rate, oov_rate_shift, mean_length, length_shift;
  FeedbackStats feedback;
  std::vector<Signal> signals;  // every signal, breached or not, in a fixed order

  DriftReport();
  const Signal* Find(const std::string& name) const;
  size_t BreachedCount() const;
};

DriftReport EvaluateDrift(const ReferenceDistribution* reference, const TrafficSummary& live,
                          std::vector<std::string> classes, const FeedbackStats& feedback,
                          const DriftThresholds& thresholds);

}  // namespace mlflow::server
