// ValidateData: runs every check of validation_checks.h over data files (and optionally a
// reference file) and assembles the report with the configured severities.
//
// The data files are validated as one dataset (duplicates across files count, which is how
// a leak between a training and a validation file shows up); the reference is only read for
// the class-balance and overlap checks, which are skipped without one. Labels allowed:
// options.allowed_labels, else the format's (SemEval's three); a generic table without a
// label list skips the labels check and compares the labels it finds.
//
// Failures: kIoError when a file cannot be read; bad data is never an error, it is a finding.
// Thread-safe (no shared state).
#pragma once

#include <string>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/pipeline/data_source.h"
#include "mlflow/pipeline/validation_options.h"
#include "mlflow/pipeline/validation_report.h"

namespace mlflow::pipeline {

struct ValidationInput {
  std::vector<std::string> data_paths;
  std::string reference_path;  // empty: no reference
  DataFormat format;           // for the data and the reference
};

Result<ValidationReport> ValidateData(const ValidationInput& input, const ValidationOptions& options);

}  // namespace mlflow::pipeline
