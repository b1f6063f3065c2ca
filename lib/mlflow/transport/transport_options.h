// Options of the HTTP transport: timeouts, TLS and authentication.
#pragma once

#include <cstdint>
#include <string>

namespace mlflow::transport {

struct TlsOptions {
  bool verify = true;            // Default: verify the server certificate and host name.
  std::string ca_bundle_path;    // MLFLOW_TRACKING_SERVER_CERT_PATH; empty: system store
  std::string client_cert_path;  // MLFLOW_TRACKING_CLIENT_CERT_PATH (PEM, may hold the key)
  std::string client_key_path;   // when the key is a separate file
};

// Credentials are sent on every request and never appear in logs or Status messages.
struct AuthOptions {
  std::string bearer_token;  // MLFLOW_TRACKING_TOKEN; wins over basic auth
  std::string username;      // MLFLOW_TRACKING_USERNAME
  std::string password;      // MLFLOW_TRACKING_PASSWORD
};

struct TransportOptions {
  double timeout_seconds = 120;  // whole request; MLFLOW_HTTP_REQUEST_TIMEOUT
  double connect_timeout_seconds = 10;
  int64_t max_response_bytes = 256LL << 20;  // a larger in-memory body is an error (streams are unbounded)
  int max_idle_connections = 16;             // kept-alive handles kept for reuse
  TlsOptions tls;
  AuthOptions auth;
  std::string user_agent = "mlflow-cpp";
};

}  // namespace mlflow::transport
