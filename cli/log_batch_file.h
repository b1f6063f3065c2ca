// Reads `runs log-batch` input: a JSON file in MLflow's log-batch body format,
//   {"run_id": "...", "metrics": [{"key", "value", "timestamp", "step"}],
//    "params": [{"key", "value"}], "tags": [{"key", "value"}]}
// run_id is optional (--run-id may give it). A metric without "timestamp" gets `now_millis`,
// without "step" gets 0; values may be numbers or "NaN"/"Infinity"/"-Infinity". Param and tag
// values must be strings (numbers and booleans are taken as their JSON text).
//
// Failures: an unreadable file throws mlflow::Error (IO_ERROR, exit 3); content that is not
// valid JSON or not of this shape throws CheckFailed naming the entry (exit 1).
#pragma once

#include <optional>
#include <string>

#include "cli_common.h"

namespace mlflow::cli {

LogBatchRequest ReadLogBatchFile(const std::string& path, int64_t now_millis);

// "1.5", "-3e-7", "NaN", "Infinity", "-Infinity", "inf" (any case) -> value; else nullopt.
std::optional<double> ParseMetricValue(const std::string& text);

}  // namespace mlflow::cli
