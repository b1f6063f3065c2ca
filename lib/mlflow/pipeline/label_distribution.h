// Label distributions and the Jensen–Shannon distance between two of them.
//
// JensenShannonDistance follows scipy.spatial.distance.jensenshannon with the default base e:
// sqrt(0.5 * KL(p || m) + 0.5 * KL(q || m)), m = (p + q) / 2, in [0, sqrt(ln 2) ≈ 0.833].
// Inputs may be counts or proportions (normalised here); an empty distribution or a size
// mismatch gives NaN. Pure and thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace mlflow::pipeline {

double JensenShannonDistance(const std::vector<double>& p, const std::vector<double>& q);

// Counts per label in `labels` order (labels not in the list are ignored).
std::vector<double> CountLabels(const std::vector<std::string>& observed, const std::vector<std::string>& labels);

// Proportions summing to 1 (all zeros stay zeros).
std::vector<double> Normalize(const std::vector<double>& counts);

}  // namespace mlflow::pipeline
