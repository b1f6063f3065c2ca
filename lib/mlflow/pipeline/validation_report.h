// The result of data validation: one Finding per check, with a count, a message, up to five
// example rows and check-specific details, and the report JSON the validate stage writes.
//
// Report JSON (stable; DVC tracks it, so it holds no timestamps):
//   {"passed": bool, "rows": N, "label_counts": {label: n}, "failed": [check...],
//    "warned": [check...], "data": [{"path", "rows", "sha256"}], "reference": {...}|null,
//    "checks": [{"check", "severity", "status", "count", "message", "examples": [{"file",
//    "line", "id", "label", "text", "note"}], "details": {...}}]}
// status is "pass" (count 0), "warn", "fail" or "skipped" (severity off, or the check's input
// is missing, e.g. no reference). Plain values; not synchronised.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mlflow/core/json.h"
#include "mlflow/pipeline/validation_options.h"

namespace mlflow::pipeline {

struct ExampleRow {
  std::string file;
  size_t line = 0;
  std::string id;
  std::string label;
  std::string text;  // truncated to kMaxExampleText code points
  std::string note;  // why this row is an example ("first seen at a.tsv:12")
};

struct Finding {
  static constexpr size_t kMaxExamples = 5;
  static constexpr size_t kMaxExampleText = 200;

  std::string check;
  Severity severity = Severity::kFail;  // the configured severity
  size_t count = 0;                     // offending rows (or 1 for a dataset-level breach)
  bool skipped = false;                 // not run: severity off, or its input is missing
  std::string message;
  std::vector<ExampleRow> examples;
  Json details = Json::object();

  // Keeps the first kMaxExamples examples; the text is shortened on a code-point boundary.
  void AddExample(ExampleRow row);
  // "pass", "warn", "fail" or "skipped".
  std::string StatusName() const;
  bool Failed() const { return !skipped && count > 0 && severity == Severity::kFail; }
  bool Warned() const { return !skipped && count > 0 && severity == Severity::kWarn; }
};

struct DataFileSummary {
  std::string path;
  size_t rows = 0;
  std::string sha256;
};

struct ValidationReport {
  std::vector<DataFileSummary> data;
  std::optional<DataFileSummary> reference;
  size_t rows = 0;
  std::map<std::string, size_t> label_counts;
  std::vector<Finding> findings;

  bool Passed() const;
  std::vector<std::string> FailedChecks() const;
  std::vector<std::string> WarnedChecks() const;
  const Finding* Find(const std::string& check) const;
  Json ToJson() const;
  // A few lines for a terminal: one per check that warned or failed, then the verdict.
  std::string Summary() const;
};

}  // namespace mlflow::pipeline
