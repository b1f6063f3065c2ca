// ArtifactsOptions: how ArtifactsApi moves bytes. Defaults follow the Python client.
#pragma once

#include <cstdint>

#include "mlflow/client/client_config.h"
#include "mlflow/core/result.h"

namespace mlflow {

struct ArtifactsOptions {
  // Try a multipart upload (mpu/create) for files at least this large; a server that answers
  // NOT_IMPLEMENTED (any local artifact store) gets a single streamed PUT instead, and is not
  // asked again by this ArtifactsApi. MLFLOW_ENABLE_MULTIPART_UPLOAD (default true).
  bool multipart_upload = true;
  // MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE. Default 500 MiB.
  int64_t multipart_threshold_bytes = 500LL << 20;
  // MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE. Default 10 MiB (S3 needs at least 5 MiB but the last).
  int64_t multipart_part_bytes = 10LL << 20;
  // Parts uploaded at the same time. Default 4.
  int max_parallel_parts = 4;
  // Timeout of one file (or one part) transfer; 0 = none. Default 1 hour.
  double transfer_timeout_seconds = 3600;

  // Reads the variables above; a malformed value is INVALID_PARAMETER_VALUE naming it.
  static Result<ArtifactsOptions> FromEnvironment(const EnvLookup& env = ProcessEnvironment());
};

}  // namespace mlflow
