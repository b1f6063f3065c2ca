// Client-side validation with MLflow's own rules (mlflow/utils/validation.py, MLflow 3.18).
//
// Every check returns OK or an INVALID_PARAMETER_VALUE Status whose message names what is
// wrong: the kind of field, the offending key or a truncated preview of the value, and the
// limit. Checks are pure functions, thread-safe, and never contact a server.
//
// Lengths count Unicode code points of UTF-8 text, as Python's len() does. Key characters
// follow `^[/\w.\- :]*$`; Python's \w also admits non-ASCII letters, so any non-ASCII
// character is accepted here and left to the server (the client never rejects a key the
// server would take). A key must also be a normalised relative path: not empty, no leading
// '/', no '.'/'..' segments, no '//' and no trailing '/'.
//
// Where MLflow 3.18's server differs from older documentation, the server wins: experiment
// tag values may hold 20,000 characters and registry tag values 100,000.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mlflow/core/result.h"

namespace mlflow::validation {

// Limits, named as in mlflow/utils/validation.py.
inline constexpr size_t kMaxEntityKeyLength = 250;
inline constexpr size_t kMaxParamValueLength = 6000;
inline constexpr size_t kMaxRunTagValueLength = 8000;
inline constexpr size_t kMaxExperimentNameLength = 500;
inline constexpr size_t kMaxExperimentTagKeyLength = 250;
inline constexpr size_t kMaxExperimentTagValueLength = 20000;
inline constexpr size_t kMaxRegistryTagKeyLength = 250;
inline constexpr size_t kMaxRegistryTagValueLength = 100000;
inline constexpr size_t kMaxDatasetNameLength = 500;
inline constexpr size_t kMaxDatasetDigestLength = 36;
inline constexpr size_t kMaxDatasetSourceLength = 65535;
inline constexpr size_t kMaxDatasetSchemaLength = 1048575;
inline constexpr size_t kMaxDatasetProfileLength = 16777215;
inline constexpr size_t kMaxInputTagKeyLength = 255;
inline constexpr size_t kMaxInputTagValueLength = 500;
inline constexpr size_t kMaxRunIdLength = 256;

// Batch limits of runs/log-batch (the server rejects larger requests).
inline constexpr size_t kMaxMetricsPerBatch = 1000;
inline constexpr size_t kMaxParamsPerBatch = 100;
inline constexpr size_t kMaxTagsPerBatch = 100;
inline constexpr size_t kMaxEntitiesPerBatch = 1000;
inline constexpr size_t kMaxBatchBodyBytes = 1000000;
inline constexpr size_t kMaxDatasetsPerRequest = 1000;

// `text` shortened for an error message: at most 40 code points, then "...".
std::string Preview(std::string_view text);
// Python's posixpath.normpath.
std::string NormalizePosixPath(std::string_view path);

// A metric, param or tag key; `what` names it in the message ("param key").
Status ValidateKey(std::string_view what, std::string_view key, size_t max_length = kMaxEntityKeyLength);
// `what` ("param value for key 'lr'") at most `limit` code points.
Status ValidateMaxLength(std::string_view what, std::string_view value, size_t limit);

// Any double is a legal value (NaN, ±Inf included) and any step; the timestamp must be >= 0.
Status ValidateMetric(std::string_view key, int64_t timestamp);
Status ValidateParam(std::string_view key, std::string_view value);
Status ValidateRunTag(std::string_view key, std::string_view value);
Status ValidateExperimentTag(std::string_view key, std::string_view value);
Status ValidateRegistryTag(std::string_view key, std::string_view value);
// Not empty or blank, at most 500 code points.
Status ValidateExperimentName(std::string_view name);
// `^[a-zA-Z0-9][\w\-]{0,255}$`.
Status ValidateRunId(std::string_view run_id);
// Not empty (MLflow ids are decimal strings, but other stores use other shapes).
Status ValidateExperimentId(std::string_view experiment_id);

}  // namespace mlflow::validation
