// Helpers of the tracking integration tests (real MLflow server from the CTest fixture).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "mlflow/mlflow.h"
#include "support/test_env.h"

namespace mlflow::testing {

// An environment lookup over a fixed map (the process environment is left alone).
inline EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [shared](const char* name) -> const char* {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

// A client for `uri` (default: the shared test server) configured from `env`, with quick
// retries so a failing test fails fast.
inline MlflowClient TestClient(const std::string& uri = "", std::map<std::string, std::string> env = {}) {
  env.emplace("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "2");
  env.emplace("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "0.05");
  env.emplace("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", "0");
  ClientConfig config = ClientConfig::FromEnvironment(uri.empty() ? TrackingUri() : uri, FakeEnv(env)).value();
  return MlflowClient::Create(config).value();
}

inline std::string NewExperiment(TrackingApi& api, const std::string& prefix) {
  return api.CreateExperiment(UniqueName(prefix)).value();
}

inline std::string NewRun(TrackingApi& api, const std::string& experiment_id, const std::string& name = "") {
  CreateRunRequest request;
  request.experiment_id = experiment_id;
  request.run_name = name;
  return api.CreateRun(request).value().info.run_id;
}

// Runs a Python snippet (official mlflow client) and parses the JSON it prints.
inline Json PythonJson(const std::string& script) {
  std::string out = RunPython(script);
  auto parsed = ParseJson(out, "python output");
  if (!parsed.ok()) throw Error(parsed.status());
  return *parsed;
}

}  // namespace mlflow::testing
