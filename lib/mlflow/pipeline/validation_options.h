// What data validation checks and how strictly: the check names, their severities and the
// thresholds of the statistical checks.
//
// Every check yields one finding. A finding with a non-zero count takes its check's severity:
// kFail makes the whole validation fail (exit 1 in the CLI), kWarn is reported only, kOff
// skips the check. Defaults (DefaultSeverity): schema, labels, empty_text, invalid_utf8,
// conflicting_labels and row_count fail; duplicate_ids, duplicate_texts, text_length,
// class_balance and reference_overlap warn. Plain values; thread safety is that of a struct.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mlflow/core/result.h"

namespace mlflow::pipeline {

enum class Severity { kOff, kWarn, kFail };
const char* SeverityName(Severity severity);  // "off", "warn", "fail"

// Check names, in report order.
inline constexpr const char* kCheckSchema = "schema";                         // columns present, field counts
inline constexpr const char* kCheckLabels = "labels";                         // label outside the allowed set
inline constexpr const char* kCheckEmptyText = "empty_text";                  // empty or white-space text
inline constexpr const char* kCheckInvalidUtf8 = "invalid_utf8";              // malformed bytes, lone surrogates
inline constexpr const char* kCheckDuplicateIds = "duplicate_ids";            // same id more than once
inline constexpr const char* kCheckDuplicateTexts = "duplicate_texts";        // same text more than once
inline constexpr const char* kCheckConflictingLabels = "conflicting_labels";  // same text, different labels
inline constexpr const char* kCheckRowCount = "row_count";                    // fewer rows than the floor
inline constexpr const char* kCheckTextLength = "text_length";                // length outliers
inline constexpr const char* kCheckClassBalance = "class_balance";            // label mix vs the reference
inline constexpr const char* kCheckReferenceOverlap = "reference_overlap";    // ids/texts also in the reference

const std::vector<std::string>& AllChecks();
Severity DefaultSeverity(const std::string& check);

struct ValidationOptions {
  // Allowed labels (compared trimmed and case-insensitively). Default (empty): the data
  // format's labels, SemEval's negative/neutral/positive.
  std::vector<std::string> allowed_labels;
  // Row-count floor over all data files together. Default: 1.
  size_t min_rows = 1;
  // Text-length outliers, in code points of the cleaned text: longer than max_text_length
  // (0 = no hard bound; default 0), or further than `text_length_mad_factor` robust standard
  // deviations (1.4826 * median absolute deviation) from the median. Default factor: 6.
  size_t max_text_length = 0;
  double text_length_mad_factor = 6.0;
  // Class-balance shift: Jensen–Shannon distance (natural log, square root of the divergence)
  // between the data's label mix and the reference's above this fails the check. Default 0.1.
  double max_class_distance = 0.1;
  // A generic table's header may hold columns besides id/label/text. Default: false.
  bool allow_extra_columns = false;
  // Per-check severity overrides; checks not named keep DefaultSeverity().
  std::map<std::string, Severity> severities;

  Severity SeverityOf(const std::string& check) const;
  // Sets every check in a comma-separated list ("duplicate_ids,text_length") to `severity`;
  // an unknown name is kInvalidParameterValue.
  Status SetSeverities(const std::string& comma_separated, Severity severity);
};

}  // namespace mlflow::pipeline
