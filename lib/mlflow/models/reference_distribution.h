// ReferenceDistribution: what a model's inputs and outputs looked like on reference data
// (the validation set at training time), saved next to the model so that serving can compare
// live traffic against it (drift in class mix, confidence, vocabulary, text length).
//
// Plain value, JSON round-trip (reference_distribution.json). Thread safety is that of a value.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mlflow/core/result.h"

namespace mlflow::models {

struct NumericSummary {
  double mean = 0.0;
  double stddev = 0.0;
  double min = 0.0;
  double p05 = 0.0;
  double p50 = 0.0;
  double p95 = 0.0;
  double max = 0.0;

  // Summary of `values` (all zeros when empty); percentiles by nearest rank.
  static NumericSummary Of(std::vector<double> values);
};

struct ReferenceDistribution {
  static constexpr int kFormatVersion = 1;
  static constexpr int kConfidenceBins = 10;

  std::string dataset_name;
  std::string dataset_digest;
  size_t rows = 0;
  std::vector<std::string> labels;
  std::vector<double> predicted_class_fraction;  // per label, sums to 1
  std::vector<double> true_class_fraction;       // per label; empty when the data had no labels
  double mean_confidence = 0.0;                  // mean max-probability
  std::vector<double> confidence_histogram;      // kConfidenceBins fractions over [0, 1]
  double oov_rate = 0.0;                         // tokens whose unigram is not in the vocabulary
  NumericSummary text_length_chars;              // UTF-8 code points per text
  NumericSummary token_count;                    // tokenizer tokens per text

  std::string ToJson() const;
  // kInvalidParameterValue on malformed JSON, a missing field or an unknown format_version.
  static Result<ReferenceDistribution> FromJson(std::string_view json);
};

}  // namespace mlflow::models
