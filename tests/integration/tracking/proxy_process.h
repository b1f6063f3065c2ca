// ProxyProcess: runs tests/support/recording_proxy.py in front of the test MLflow server.
//
// Start() spawns the proxy with the venv interpreter, waits until it writes its port, and
// returns the proxy; the destructor stops it (SIGTERM to its pid, then waits). Requests()
// reads what the proxy recorded so far. Not thread-safe; one per test.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "mlflow/core/json.h"

namespace mlflow::testing {

struct ProxyOptions {
  std::string cert_path;  // with key_path: serve HTTPS
  std::string key_path;
  int fail_first = 0;  // answer the first N requests with a non-JSON 503
};

class ProxyProcess {
 public:
  static std::unique_ptr<ProxyProcess> Start(const std::string& upstream_uri, const ProxyOptions& options = {});
  ~ProxyProcess();
  ProxyProcess(const ProxyProcess&) = delete;
  ProxyProcess& operator=(const ProxyProcess&) = delete;

  // "http://127.0.0.1:PORT" or "https://127.0.0.1:PORT".
  const std::string& uri() const { return uri_; }
  // Every request recorded so far: {"method", "path", "headers": {lower-case name: value}}.
  std::vector<Json> Requests() const;

 private:
  ProxyProcess() = default;
  pid_t pid_ = -1;
  std::string uri_;
  std::string record_path_;
};

// A self-signed certificate for 127.0.0.1 and localhost, made with the openssl CLI in `dir`.
// Returns false when openssl failed.
bool MakeSelfSignedCertificate(const std::string& dir, std::string* cert_path, std::string* key_path);

}  // namespace mlflow::testing
