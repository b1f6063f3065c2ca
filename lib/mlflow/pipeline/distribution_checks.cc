// Dataset-level checks: row-count floor, text-length outliers, class balance vs a reference.
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "mlflow/core/utf8.h"
#include "mlflow/models/unicode_classes.h"
#include "mlflow/pipeline/label_distribution.h"
#include "mlflow/pipeline/validation_checks.h"

namespace mlflow::pipeline {
namespace {

// Below this many texts the median/MAD bound is not applied (too few to estimate it).
constexpr size_t kMinRowsForStatistics = 20;

size_t CodePoints(const std::string& text) {
  size_t pos = 0, count = 0;
  while (pos < text.size()) {
    DecodeUtf8(text, &pos);
    ++count;
  }
  return count;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  double lower = *std::max_element(values.begin(), values.begin() + mid);
  return 0.5 * (lower + upper);
}

Json Shares(const std::vector<double>& counts, const std::vector<std::string>& labels) {
  Json out = Json::object();
  auto p = Normalize(counts);
  for (size_t i = 0; i < labels.size(); ++i) out[labels[i]] = std::round(p[i] * 1e4) / 1e4;
  return out;
}

}  // namespace

Finding CheckRowCount(const Records& records, size_t min_rows) {
  Finding finding;
  finding.check = kCheckRowCount;
  finding.count = records.size() < min_rows ? 1 : 0;
  finding.details = Json{{"rows", records.size()}, {"min_rows", min_rows}};
  finding.message = fmt::format("{} row(s), floor {}", records.size(), min_rows);
  return finding;
}

Finding CheckTextLength(const Records& records, size_t max_text_length, double mad_factor) {
  Finding finding;
  finding.check = kCheckTextLength;
  std::vector<double> lengths;
  lengths.reserve(records.size());
  for (const auto& record : records) lengths.push_back(static_cast<double>(CodePoints(record.text)));
  double median = Median(lengths);
  std::vector<double> deviations;
  deviations.reserve(lengths.size());
  for (double length : lengths) deviations.push_back(std::fabs(length - median));
  double robust_sd = 1.4826 * Median(deviations);
  bool statistical = lengths.size() >= kMinRowsForStatistics && robust_sd > 0 && mad_factor > 0;
  double low = statistical ? median - mad_factor * robust_sd : -1;
  double high = statistical ? median + mad_factor * robust_sd : std::numeric_limits<double>::infinity();
  if (max_text_length > 0) high = std::min(high, static_cast<double>(max_text_length));
  for (size_t i = 0; i < records.size(); ++i) {
    double length = lengths[i];
    if (records[i].text.empty() || (length >= low && length <= high)) continue;
    ++finding.count;
    finding.AddExample(MakeExample(records[i], fmt::format("{} code points", length)));
  }
  finding.details = Json{{"median", median},
                         {"robust_sd", std::round(robust_sd * 100) / 100},
                         {"low", statistical ? Json(std::round(low * 100) / 100) : Json(nullptr)},
                         {"high", std::isfinite(high) ? Json(std::round(high * 100) / 100) : Json(nullptr)},
                         {"max_text_length", max_text_length},
                         {"mad_factor", mad_factor}};
  std::string bounds = std::isfinite(high) ? fmt::format("[{:.0f}, {:.0f}]", std::max(low, 0.0), high) : "unbounded";
  finding.message =
      finding.count == 0
          ? fmt::format("every text length is within {} code points (median {:.0f})", bounds, median)
          : fmt::format("{} text(s) outside {} code points (median {:.0f})", finding.count, bounds, median);
  return finding;
}

Finding CheckClassBalance(const Records& records, const Records& reference, const std::vector<std::string>& labels,
                          double max_distance) {
  Finding finding;
  finding.check = kCheckClassBalance;
  std::vector<std::string> canonical_labels, data_labels, reference_labels;
  for (const auto& label : labels) canonical_labels.push_back(CanonicalLabel(label));
  for (const auto& record : records) data_labels.push_back(CanonicalLabel(record.label));
  for (const auto& record : reference) reference_labels.push_back(CanonicalLabel(record.label));
  auto data_counts = CountLabels(data_labels, canonical_labels);
  auto reference_counts = CountLabels(reference_labels, canonical_labels);
  double distance = JensenShannonDistance(data_counts, reference_counts);
  finding.details =
      Json{{"js_distance", std::isfinite(distance) ? Json(std::round(distance * 1e6) / 1e6) : Json(nullptr)},
           {"max_distance", max_distance},
           {"data", Shares(data_counts, labels)},
           {"reference", Shares(reference_counts, labels)}};
  if (!std::isfinite(distance)) {
    finding.count = 1;
    finding.message = "no labelled rows to compare with the reference";
    return finding;
  }
  finding.count = distance > max_distance ? 1 : 0;
  finding.message = fmt::format("Jensen-Shannon distance to the reference {:.4f} ({} {:.4f})", distance,
                                finding.count ? ">" : "<=", max_distance);
  return finding;
}

}  // namespace mlflow::pipeline
