// The statistics behind drift monitoring, as pure functions (thread-safe, no allocation
// beyond their inputs, never throw). Conventions follow Evidently/scipy:
//   - distributions may be given as counts or proportions; they are normalised here;
//   - logarithms are natural;
//   - an empty distribution (all zeros) or mismatched sizes give NaN.
#pragma once

#include <vector>

namespace mlflow::server {

// Jensen–Shannon distance: sqrt of the JS divergence, in [0, sqrt(ln 2)] (scipy's
// `distance.jensenshannon(p, q)` with the default base e).
double JensenShannonDistance(const std::vector<double>& p, const std::vector<double>& q);

// Population Stability Index sum((a - e) * ln(a / e)) over proportions, zeros replaced by
// `epsilon` (Evidently's 0.0001). Rules of thumb: < 0.1 stable, 0.1–0.25 watch, > 0.25 act.
double PopulationStabilityIndex(const std::vector<double>& expected, const std::vector<double>& actual,
                                double epsilon = 1e-4);

struct ChiSquareResult {
  double statistic = 0;
  int degrees_of_freedom = 0;
  double p_value = 1;
};
// Goodness of fit of observed counts to expected proportions (scipy.stats.chisquare with
// f_exp = proportions * sum(observed)). Categories expected with probability 0 get `epsilon`.
ChiSquareResult ChiSquareGoodnessOfFit(const std::vector<double>& observed_counts,
                                       const std::vector<double>& expected_proportions, double epsilon = 1e-4);

// P(X > x) for X ~ chi-square with `dof` degrees of freedom: the regularised upper incomplete
// gamma Q(dof/2, x/2). Accurate to ~1e-12 (series / continued fraction).
double ChiSquareSurvival(double x, int dof);

// Shannon entropy (nats) of a probability vector; zero entries contribute 0.
double Entropy(const float* probabilities, int classes);

}  // namespace mlflow::server
