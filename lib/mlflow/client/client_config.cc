#include "mlflow/client/client_config.h"
#include "mlflow/core/text.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>

namespace mlflow {
namespace {

Status ParseDouble(const EnvLookup& env, const char* name, double* out) {
  const char* value = env(name);
  if (!value || !*value) return Status::Ok();
  char* end = nullptr;
  errno = 0;
  double parsed = std::strtod(value, &end);
  if (*end != '\0' || errno != 0 || !std::isfinite(parsed) || parsed < 0) {
    return InvalidArgument(std::string(name) + " must be a non-negative number, got '" + value + "'");
  }
  *out = parsed;
  return Status::Ok();
}

Status ParseInt(const EnvLookup& env, const char* name, int* out) {
  const char* value = env(name);
  if (!value || !*value) return Status::Ok();
  char* end = nullptr;
  errno = 0;
  long parsed = std::strtol(value, &end, 10);
  if (*end != '\0' || errno != 0 || parsed < 0 || parsed > 1000) {
    return InvalidArgument(std::string(name) + " must be an integer in [0, 1000], got '" + value + "'");
  }
  *out = static_cast<int>(parsed);
  return Status::Ok();
}

Status ParseBool(const EnvLookup& env, const char* name, bool* out) {
  const char* value = env(name);
  if (!value || !*value) return Status::Ok();
  const std::optional<bool> parsed = ParseBoolText(value);
  if (!parsed) return InvalidArgument(std::string(name) + " must be true or false, got '" + value + "'");
  *out = *parsed;
  return Status::Ok();
}

std::string Get(const EnvLookup& env, const char* name) {
  const char* value = env(name);
  return value ? value : "";
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const char* name) -> const char* { return std::getenv(name); };
}

Status ValidateTrackingUri(const std::string& uri) {
  if (uri.empty()) {
    return InvalidArgument(
        "no tracking URI: pass --tracking-uri or set MLFLOW_TRACKING_URI (e.g. http://127.0.0.1:5000)");
  }
  if (uri.rfind("http://", 0) != 0 && uri.rfind("https://", 0) != 0) {
    return InvalidArgument("unsupported tracking URI '" + uri + "': expected http:// or https://");
  }
  size_t host_start = uri.find("://") + 3;
  if (host_start >= uri.size() || uri[host_start] == '/') {
    return InvalidArgument("tracking URI '" + uri + "' has no host");
  }
  return Status::Ok();
}

Result<ClientConfig> ClientConfig::FromEnvironment(const std::string& tracking_uri_override, const EnvLookup& env) {
  ClientConfig config;
  config.tracking_uri = tracking_uri_override.empty() ? Get(env, "MLFLOW_TRACKING_URI") : tracking_uri_override;
  while (!config.tracking_uri.empty() && config.tracking_uri.back() == '/') config.tracking_uri.pop_back();

  auto& auth = config.transport.auth;
  auth.bearer_token = Get(env, "MLFLOW_TRACKING_TOKEN");
  auth.username = Get(env, "MLFLOW_TRACKING_USERNAME");
  auth.password = Get(env, "MLFLOW_TRACKING_PASSWORD");

  auto& tls = config.transport.tls;
  bool insecure = false;
  MLFLOW_RETURN_IF_ERROR(ParseBool(env, "MLFLOW_TRACKING_INSECURE_TLS", &insecure));
  tls.verify = !insecure;
  tls.ca_bundle_path = Get(env, "MLFLOW_TRACKING_SERVER_CERT_PATH");
  tls.client_cert_path = Get(env, "MLFLOW_TRACKING_CLIENT_CERT_PATH");
  if (!tls.verify && !tls.ca_bundle_path.empty()) {
    return InvalidArgument("MLFLOW_TRACKING_INSECURE_TLS and MLFLOW_TRACKING_SERVER_CERT_PATH cannot both be set");
  }

  MLFLOW_RETURN_IF_ERROR(ParseInt(env, "MLFLOW_HTTP_REQUEST_MAX_RETRIES", &config.retry.max_retries));
  MLFLOW_RETURN_IF_ERROR(ParseDouble(env, "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", &config.retry.backoff_factor));
  MLFLOW_RETURN_IF_ERROR(ParseDouble(env, "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", &config.retry.backoff_jitter));
  MLFLOW_RETURN_IF_ERROR(ParseDouble(env, "MLFLOW_HTTP_REQUEST_TIMEOUT", &config.transport.timeout_seconds));
  config.experiment_name = Get(env, "MLFLOW_EXPERIMENT_NAME");
  config.experiment_id = Get(env, "MLFLOW_EXPERIMENT_ID");
  config.run_id = Get(env, "MLFLOW_RUN_ID");
  return config;
}

}  // namespace mlflow
