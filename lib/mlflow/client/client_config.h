// ClientConfig: where the server is and how to talk to it, usually read from the environment.
//
// FromEnvironment() honours the variables the Python client does:
//   MLFLOW_TRACKING_URI, MLFLOW_TRACKING_USERNAME / _PASSWORD, MLFLOW_TRACKING_TOKEN (wins over
//   basic auth), MLFLOW_TRACKING_INSECURE_TLS, MLFLOW_TRACKING_SERVER_CERT_PATH,
//   MLFLOW_TRACKING_CLIENT_CERT_PATH, MLFLOW_HTTP_REQUEST_MAX_RETRIES, _BACKOFF_FACTOR,
//   _BACKOFF_JITTER, MLFLOW_HTTP_REQUEST_TIMEOUT, MLFLOW_EXPERIMENT_NAME / _ID, MLFLOW_RUN_ID.
// Booleans accept true/false/1/0/yes/no in any case. A malformed value (a non-numeric retry
// count, an unsupported URI scheme) is an INVALID_PARAMETER_VALUE status naming the variable.
#pragma once

#include <functional>
#include <string>

#include "mlflow/core/result.h"
#include "mlflow/transport/retry_policy.h"
#include "mlflow/transport/transport_options.h"

namespace mlflow {

// Looks up an environment variable; nullptr when unset. Tests pass a fake.
using EnvLookup = std::function<const char*(const char*)>;
EnvLookup ProcessEnvironment();

struct ClientConfig {
  std::string tracking_uri;  // http(s)://host[:port][/prefix]; trailing '/' ignored
  transport::TransportOptions transport;
  transport::RetryPolicy retry;
  std::string experiment_name;  // MLFLOW_EXPERIMENT_NAME: default experiment (wins over the id)
  std::string experiment_id;    // MLFLOW_EXPERIMENT_ID
  std::string run_id;           // MLFLOW_RUN_ID: attach to this run instead of starting one

  // `tracking_uri_override`, when not empty, wins over MLFLOW_TRACKING_URI.
  static Result<ClientConfig> FromEnvironment(const std::string& tracking_uri_override = "",
                                              const EnvLookup& env = ProcessEnvironment());
};

// Checks that `uri` is an http(s) URI this client can talk to.
Status ValidateTrackingUri(const std::string& uri);

}  // namespace mlflow
