// The JSON body of runs/log-batch, written directly into a string.
//
// The async logger sends many 1000-metric batches per second; building them through a JSON DOM
// would cost more than the server's own parsing. EncodeLogBatchBody writes the same JSON the
// DOM would (NaN/±Inf as "NaN"/"Infinity"/"-Infinity", shortest round-trip doubles, invalid
// UTF-8 replaced by U+FFFD) and DecodeLogBatchBody reads it back (the journal stores batches in
// this form). The size helpers let a batcher stay under the server's 1 MB body limit without
// encoding twice. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "mlflow/core/json.h"
#include "mlflow/tracking/tracking_api.h"

namespace mlflow::fluent {

// Appends `text` as a JSON string literal (quotes included).
void AppendJsonString(std::string& out, std::string_view text);
// Appends a metric value: a JSON number, or "NaN"/"Infinity"/"-Infinity" as strings.
void AppendJsonDouble(std::string& out, double value);
// Bytes AppendJsonString would append, quotes included.
size_t JsonStringSize(std::string_view text);

// Upper bound of the bytes one metric adds to a body, given its key's JsonStringSize().
inline constexpr size_t MetricBodyBytes(size_t key_json_size) { return key_json_size + 112; }
// Upper bound of the bytes one param or tag adds, given the JsonStringSize() of key and value.
inline constexpr size_t KeyValueBodyBytes(size_t key_json_size, size_t value_json_size) {
  return key_json_size + value_json_size + 24;
}
// Bytes of the envelope around the entities, given JsonStringSize(run_id).
inline constexpr size_t BatchEnvelopeBytes(size_t run_id_json_size) { return run_id_json_size + 64; }

// {"run_id":...,"metrics":[...],"params":[...],"tags":[...]}; empty lists are left out.
std::string EncodeLogBatchBody(const LogBatchRequest& batch);
void EncodeLogBatchBody(const LogBatchRequest& batch, std::string& out);  // reuses out's buffer

// The inverse; a malformed body is a kInvalidResponse status naming the bad field.
Result<LogBatchRequest> DecodeLogBatchBody(const Json& body);

}  // namespace mlflow::fluent
