// JSON <-> tracking entities, with the field names of MLflow's service.proto.
//
// Encoders produce exactly what the server expects (optional fields left out when empty,
// metric values through EncodeDouble so NaN/±Inf travel as "NaN"/"Infinity"/"-Infinity").
// Decoders accept every form the server sends (int64 as number or string, run_id or the
// legacy run_uuid) and fail with INVALID_RESPONSE naming the field when a required one is
// missing or malformed. Pure functions, thread-safe.
//
// Metric values: the SQL store clamps ±Infinity to ±DBL_MAX (±1.7976931348623157e308) and
// returns NaN as "NaN". DecodeMetricValue reads ±DBL_MAX back as ±Infinity, so NaN and ±Inf
// round-trip; the price is that a genuine ±DBL_MAX also reads back as ±Infinity.
#pragma once

#include "mlflow/core/json.h"
#include "mlflow/tracking/entities.h"

namespace mlflow::codec {

Json EncodeMetric(const Metric& metric);  // key, value, timestamp, step [, model_id, dataset_*]
Json EncodeParam(const Param& param);
Json EncodeRunTag(const RunTag& tag);
Json EncodeExperimentTag(const ExperimentTag& tag);
Json EncodeDatasetInput(const DatasetInput& input);  // {"tags": [...], "dataset": {...}}
Json EncodeModelOutput(const ModelOutput& output);

Result<double> DecodeMetricValue(const Json& value);
Result<Metric> DecodeMetric(const Json& json);
Result<Experiment> DecodeExperiment(const Json& json);
Result<RunInfo> DecodeRunInfo(const Json& json);
Result<Run> DecodeRun(const Json& json);
Result<DatasetInput> DecodeDatasetInput(const Json& json);

}  // namespace mlflow::codec
