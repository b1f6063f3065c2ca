// ReferenceDistribution: what live traffic is expected to look like — the predicted-class
// mix, mean confidence and entropy, OOV rate and text length on data the model was validated
// on. It ships in the model directory and can be replaced by a file (`--reference`).
//
// JSON form (ReferenceToJson / ParseReference):
//   {"format": "mlflowcpp-reference/1", "count": 1000,
//    "classes": ["negative", "neutral", "positive"],
//    "predicted_class_fractions": {"negative": 0.16, "neutral": 0.5, "positive": 0.34},
//    "confidence": {"mean": 0.71}, "entropy": {"mean": 0.62},
//    "oov_rate": {"mean": 0.08}, "text_length": {"mean": 92.4, "std": 31.0}}
// ParseReference also reads the models library's reference_distribution.json ("labels",
// "predicted_class_fraction" [...], "rows", "mean_confidence", "oov_rate",
// "text_length_chars": {"mean", "stddev"}), so a model directory's own reference works as a
// --reference file too. Missing statistics (that file has no entropy) are NaN and are simply
// not compared. Plain value type; the functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mlflow/core/json.h"
#include "mlflow/server/traffic_summary.h"

namespace mlflow::server {

struct ReferenceDistribution {
  std::vector<std::string> classes;
  std::vector<double> class_fractions;  // aligned with classes, sums to 1
  int64_t count = 0;                    // rows it was computed on (chooses the drift test)
  double mean_confidence;
  double mean_entropy;
  double mean_oov_rate;
  double mean_length;
  double std_length;
  std::string source;  // where it came from, for logs and the monitoring run

  ReferenceDistribution();
};

ReferenceDistribution ReferenceFromSummary(const TrafficSummary& summary, std::vector<std::string> classes,
                                           std::string source);
Json ReferenceToJson(const ReferenceDistribution& reference);
// INVALID_PARAMETER_VALUE when the document lacks a class mix or it does not cover `classes`
// (pass empty `classes` to accept any). Fractions are re-ordered to `classes`.
Result<ReferenceDistribution> ParseReference(const Json& document, const std::vector<std::string>& classes,
                                             std::string source);
Result<ReferenceDistribution> LoadReferenceFile(const std::string& path, const std::vector<std::string>& classes);
// Writes ReferenceToJson(reference), pretty-printed.
Status SaveReferenceFile(const ReferenceDistribution& reference, const std::string& path);

// Scores `texts` with `predictor` in batches and summarises them: the reference of a
// data set as this model sees it.
Result<ReferenceDistribution> ComputeReference(const Predictor& predictor, const std::vector<std::string>& texts,
                                               std::string source, size_t batch_size = 512);

}  // namespace mlflow::server
