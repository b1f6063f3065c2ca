#include "mlflow/pipeline/label_distribution.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace mlflow::pipeline {

std::vector<double> Normalize(const std::vector<double>& counts) {
  double total = std::accumulate(counts.begin(), counts.end(), 0.0);
  std::vector<double> out(counts.size(), 0.0);
  if (total <= 0) return out;
  for (size_t i = 0; i < counts.size(); ++i) out[i] = counts[i] / total;
  return out;
}

double JensenShannonDistance(const std::vector<double>& p_counts, const std::vector<double>& q_counts) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (p_counts.size() != q_counts.size() || p_counts.empty()) return nan;
  auto p = Normalize(p_counts), q = Normalize(q_counts);
  double p_total = std::accumulate(p.begin(), p.end(), 0.0), q_total = std::accumulate(q.begin(), q.end(), 0.0);
  if (p_total <= 0 || q_total <= 0) return nan;
  double divergence = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    double m = 0.5 * (p[i] + q[i]);
    if (p[i] > 0) divergence += 0.5 * p[i] * std::log(p[i] / m);
    if (q[i] > 0) divergence += 0.5 * q[i] * std::log(q[i] / m);
  }
  return std::sqrt(std::max(0.0, divergence));
}

std::vector<double> CountLabels(const std::vector<std::string>& observed, const std::vector<std::string>& labels) {
  std::vector<double> counts(labels.size(), 0.0);
  for (const auto& label : observed) {
    auto it = std::find(labels.begin(), labels.end(), label);
    if (it != labels.end()) counts[it - labels.begin()] += 1;
  }
  return counts;
}

}  // namespace mlflow::pipeline
