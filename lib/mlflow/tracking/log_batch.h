// runs/log-batch support: whole-batch validation, the request body, and chunking.
//
// TrackingApi::LogBatch validates the whole batch (ValidateLogBatch) before it sends the
// first chunk, so a bad entry never leaves a half-logged batch behind. ChunkLogBatch
// (declared in tracking_api.h) fills each request greedily in order — params, then tags,
// then metrics — up to 100 params, 100 tags, 1000 metrics, 1000 entities in total, a body of
// at most 1,000,000 bytes as EncodeLogBatch serialises it, and never the same param key
// twice in one request. Pure functions, thread-safe.
#pragma once

#include "mlflow/core/json.h"
#include "mlflow/tracking/tracking_api.h"

namespace mlflow {

// Run id, every metric/param/tag with MLflow's rules, and params: a key given twice must
// carry the same value (params are write-once). Messages name the entry ("params[3]: ...").
Status ValidateLogBatch(const LogBatchRequest& request);

// {"metrics": [...], "params": [...], "run_id": "...", "tags": [...]} (all arrays present).
Json EncodeLogBatch(const LogBatchRequest& request);

}  // namespace mlflow
