#include "mlflow/artifacts/artifacts_options.h"
#include "mlflow/core/text.h"

#include <cerrno>
#include <cstdlib>
#include <string>

namespace mlflow {
namespace {

Status ReadInt64(const EnvLookup& env, const char* name, int64_t minimum, int64_t* out) {
  const char* raw = env(name);
  if (!raw || !*raw) return Status::Ok();
  char* end = nullptr;
  errno = 0;
  long long value = std::strtoll(raw, &end, 10);
  if (errno != 0 || *end != '\0' || value < minimum) {
    return InvalidArgument(std::string(name) + "='" + raw + "' is not an integer >= " + std::to_string(minimum));
  }
  *out = value;
  return Status::Ok();
}

Status ReadBool(const EnvLookup& env, const char* name, bool* out) {
  const char* raw = env(name);
  if (!raw || !*raw) return Status::Ok();
  const std::string value = AsciiLowercase(raw);
  if (value == "true" || value == "1") {
    *out = true;
  } else if (value == "false" || value == "0") {
    *out = false;
  } else {
    return InvalidArgument(std::string(name) + "='" + raw + "' is not a boolean (true/false)");
  }
  return Status::Ok();
}

}  // namespace

Result<ArtifactsOptions> ArtifactsOptions::FromEnvironment(const EnvLookup& env) {
  ArtifactsOptions options;
  MLFLOW_RETURN_IF_ERROR(ReadBool(env, "MLFLOW_ENABLE_MULTIPART_UPLOAD", &options.multipart_upload));
  MLFLOW_RETURN_IF_ERROR(
      ReadInt64(env, "MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE", 0, &options.multipart_threshold_bytes));
  MLFLOW_RETURN_IF_ERROR(ReadInt64(env, "MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE", 1, &options.multipart_part_bytes));
  return options;
}

}  // namespace mlflow
