// The data validation checks, one function each. Each returns a Finding with the check's
// name, the count of offending rows, a one-line message, up to five example rows and details;
// the caller (ValidateData) applies the configured severity. Checks never fail: bad data is
// a finding, not an error. Pure functions, thread-safe.
//
// Texts are compared after models::NormalizeForComparison (case, quotes, white space), labels
// trimmed and lower-cased; empty ids and empty texts are never counted as duplicates.
#pragma once

#include <string>
#include <vector>

#include "mlflow/pipeline/validation_options.h"
#include "mlflow/pipeline/validation_report.h"
#include "mlflow/pipeline/validation_table.h"

namespace mlflow::pipeline {

using Records = std::vector<ValidationRecord>;

// record_checks.cc
Finding CheckSchema(const std::vector<SchemaProblem>& problems);
Finding CheckLabels(const Records& records, const std::vector<std::string>& allowed_labels);
Finding CheckEmptyText(const Records& records);
Finding CheckInvalidUtf8(const Records& records);

// duplicate_checks.cc
Finding CheckDuplicateIds(const Records& records);
Finding CheckDuplicateTexts(const Records& records);
Finding CheckConflictingLabels(const Records& records);
Finding CheckReferenceOverlap(const Records& records, const Records& reference);

// distribution_checks.cc
Finding CheckRowCount(const Records& records, size_t min_rows);
Finding CheckTextLength(const Records& records, size_t max_text_length, double mad_factor);
Finding CheckClassBalance(const Records& records, const Records& reference, const std::vector<std::string>& labels,
                          double max_distance);

// Shared helpers.
std::string CanonicalLabel(const std::string& label);  // trimmed, lower-cased
ExampleRow MakeExample(const ValidationRecord& record, std::string note = "");

}  // namespace mlflow::pipeline
