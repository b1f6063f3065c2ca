// Parsing MLflow scoring-protocol requests (POST /invocations) into a batch of texts.
//
// Accepted, as `mlflow models serve` does:
//   application/json (charset utf-8 or none) with exactly one of
//     {"dataframe_split": {"columns": ["text"], "data": [["t1"], ["t2"]]}}   (index ignored)
//     {"dataframe_records": [{"text": "t1"}, {"text": "t2"}]}
//     {"instances": ["t1", "t2"]}  or  {"instances": [{"text": "t1"}]}
//     {"inputs": ["t1", "t2"]}     or  {"inputs": {"text": ["t1", "t2"]}}
//   plus an optional "params" object: {"return_probabilities": bool, "request_id": string}.
//   text/csv with a header line.
// Tabular shapes read limits.text_column, or the only column when there is one.
//
// Failures are Status values: 415 for another content type, 400 for malformed JSON/CSV,
// invalid UTF-8, deep nesting, a wrong shape, a non-string text, an empty or oversized batch,
// an over-long text or an unknown param. Messages say what was expected. Pure, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/server/input_limits.h"

namespace mlflow::server {

enum class BodyFormat { kJson, kCsv };

// Classifies a Content-Type header; anything but JSON (UTF-8) or CSV is a 415 Status.
// `allow_missing` treats an absent header as JSON (KServe clients often omit it).
Result<BodyFormat> ClassifyContentType(std::string_view content_type, bool allow_csv, bool allow_missing);

struct ScoringParams {
  bool return_probabilities = true;
  std::string request_id;  // empty: the server assigns one
};

struct ScoringRequest {
  std::vector<std::string> texts;
  ScoringParams params;
  std::string shape;  // "dataframe_split", "dataframe_records", "instances", "inputs" or "csv"
};

Result<ScoringRequest> ParseScoringRequest(std::string_view content_type, std::string_view body,
                                           const InputLimits& limits);

// Shared by both protocols: an empty batch, too many texts or an over-long text is a 400.
Status CheckBatch(const std::vector<std::string>& texts, const InputLimits& limits);

}  // namespace mlflow::server
