#include "mlflow/server/drift_math.h"

#include <cmath>
#include <limits>
#include <numeric>

namespace mlflow::server {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Proportions of `values`; empty when the total is not positive.
std::vector<double> Normalise(const std::vector<double>& values) {
  double total = std::accumulate(values.begin(), values.end(), 0.0);
  if (!(total > 0)) return {};
  std::vector<double> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) out[i] = values[i] / total;
  return out;
}

// Regularised lower incomplete gamma P(a, x) by its series (x < a + 1).
double GammaSeries(double a, double x) {
  double sum = 1.0 / a, term = sum, ap = a;
  for (int n = 0; n < 1000; ++n) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (std::fabs(term) < std::fabs(sum) * 1e-15) break;
  }
  return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// Regularised upper incomplete gamma Q(a, x) by Lentz's continued fraction (x >= a + 1).
double GammaContinuedFraction(double a, double x) {
  constexpr double kTiny = 1e-300;
  double b = x + 1 - a, c = 1 / kTiny, d = 1 / b, h = d;
  for (int i = 1; i < 1000; ++i) {
    double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < 1e-15) break;
  }
  return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

}  // namespace

double JensenShannonDistance(const std::vector<double>& p, const std::vector<double>& q) {
  if (p.size() != q.size()) return kNaN;
  std::vector<double> pn = Normalise(p), qn = Normalise(q);
  if (pn.empty() || qn.empty()) return kNaN;
  double divergence = 0;
  for (size_t i = 0; i < pn.size(); ++i) {
    double m = 0.5 * (pn[i] + qn[i]);
    if (pn[i] > 0) divergence += 0.5 * pn[i] * std::log(pn[i] / m);
    if (qn[i] > 0) divergence += 0.5 * qn[i] * std::log(qn[i] / m);
  }
  return std::sqrt(std::max(0.0, divergence));
}

double PopulationStabilityIndex(const std::vector<double>& expected, const std::vector<double>& actual,
                                double epsilon) {
  if (expected.size() != actual.size()) return kNaN;
  std::vector<double> e = Normalise(expected), a = Normalise(actual);
  if (e.empty() || a.empty()) return kNaN;
  double psi = 0;
  for (size_t i = 0; i < e.size(); ++i) {
    double ei = e[i] > 0 ? e[i] : epsilon;
    double ai = a[i] > 0 ? a[i] : epsilon;
    psi += (ai - ei) * std::log(ai / ei);
  }
  return psi;
}

ChiSquareResult ChiSquareGoodnessOfFit(const std::vector<double>& observed_counts,
                                       const std::vector<double>& expected_proportions, double epsilon) {
  ChiSquareResult result;
  if (observed_counts.size() != expected_proportions.size() || observed_counts.size() < 2) {
    result.statistic = result.p_value = kNaN;
    return result;
  }
  std::vector<double> e = Normalise(expected_proportions);
  double n = std::accumulate(observed_counts.begin(), observed_counts.end(), 0.0);
  if (e.empty() || !(n > 0)) {
    result.statistic = result.p_value = kNaN;
    return result;
  }
  for (size_t i = 0; i < e.size(); ++i) {
    double expected = (e[i] > 0 ? e[i] : epsilon) * n;
    double diff = observed_counts[i] - expected;
    result.statistic += diff * diff / expected;
  }
  result.degrees_of_freedom = static_cast<int>(e.size()) - 1;
  result.p_value = ChiSquareSurvival(result.statistic, result.degrees_of_freedom);
  return result;
}

double ChiSquareSurvival(double x, int dof) {
  if (dof <= 0 || std::isnan(x)) return kNaN;
  if (x <= 0) return 1.0;
  if (std::isinf(x)) return 0.0;
  double a = 0.5 * dof, half = 0.5 * x;
  if (half < a + 1) return std::max(0.0, 1.0 - GammaSeries(a, half));
  return GammaContinuedFraction(a, half);
}

double Entropy(const float* probabilities, int classes) {
  double h = 0;
  for (int i = 0; i < classes; ++i) {
    double p = probabilities[i];
    if (p > 0) h -= p * std::log(p);
  }
  return h;
}

}  // namespace mlflow::server
