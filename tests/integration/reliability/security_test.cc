// Security defaults against live servers: TLS certificates are verified unless explicitly
// disabled; credentials never appear in a Status message or in the CLI's output, whatever
// fails (refused connection, 503s, resets, timeouts, TLS errors, MLflow errors, a server
// that echoes the request's headers); responses larger than the configured bound are refused.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "mlflow/transport/auth.h"
#include "reliability_support.h"
#include "support/test_env.h"

namespace mlflow::testing {
namespace {

const std::string kToken = "tok-SECRET-9f8e7d6c";
const std::string kUser = "alice";
const std::string kPassword = "pw-SECRET-1a2b3c";

// tests/integration/reliability/stub_server.py in the background; killed on scope exit.
class StubServer {
 public:
  explicit StubServer(const std::string& mode) : dir_(MakeTempDir("stub-" + mode)) {
    std::string extra;
    if (mode == "tls") {
      REQUIRE(RunCommand("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
                         "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
                         dir_ + "/key.pem' -out '" + dir_ + "/cert.pem' >/dev/null 2>&1") == 0);
      extra = " '" + dir_ + "/cert.pem' '" + dir_ + "/key.pem'";
    }
    std::string pid;
    const std::string script = MLFLOWCPP_SOURCE_DIR "/tests/integration/reliability/stub_server.py";
    RunCommand("'" + VenvPython() + "' '" + script + "' " + mode + " '" + dir_ + "/port'" + extra + " >'" + dir_ +
                   "/log' 2>&1 & echo $!",
               &pid);
    pid_ = std::stoi(pid);
    for (int i = 0; i < 300 && port_ == 0; ++i) {
      std::ifstream(dir_ + "/port") >> port_;
      if (port_ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE(port_ != 0);
  }
  ~StubServer() { RunCommand("kill " + std::to_string(pid_) + " 2>/dev/null"); }
  StubServer(const StubServer&) = delete;
  StubServer& operator=(const StubServer&) = delete;

  std::string url(const std::string& scheme) const { return scheme + "://127.0.0.1:" + std::to_string(port_); }
  std::string cert() const { return dir_ + "/cert.pem"; }

 private:
  std::string dir_;
  int pid_ = 0;
  int port_ = 0;
};

MlflowClient ClientWith(const std::string& uri, const std::function<void(ClientConfig&)>& adjust) {
  ClientConfig config = ClientConfig::FromEnvironment(uri, EmptyEnvironment()).value();
  config.retry.max_retries = 1;
  config.retry.backoff_factor = 0.01;
  config.retry.backoff_jitter = 0.0;
  config.transport.timeout_seconds = 1;
  adjust(config);
  return MlflowClient::Create(config).value();
}

TEST_CASE("TLS certificates are verified unless explicitly disabled", "[reliability][security][tls]") {
  StubServer stub("tls");
  auto verified = ClientWith(stub.url("https"), [](ClientConfig&) {}).tracking().GetExperiment("0");
  REQUIRE_FALSE(verified.ok());  // self-signed: refused by default
  CHECK(verified.status().code() == ErrorCode::kTlsError);
  CHECK_THAT(verified.status().message(), Catch::Contains("certificate"));

  auto trusted = ClientWith(stub.url("https"), [&](ClientConfig& c) { c.transport.tls.ca_bundle_path = stub.cert(); });
  auto with_ca = trusted.tracking().GetExperiment("0");
  INFO(with_ca.status().ToString());
  CHECK(with_ca.ok());  // the same server, trusted through MLFLOW_TRACKING_SERVER_CERT_PATH

  auto insecure_config = ClientConfig::FromEnvironment(stub.url("https"), [](const char* name) -> const char* {
    return std::string(name) == "MLFLOW_TRACKING_INSECURE_TLS" ? "true" : nullptr;
  });
  REQUIRE(insecure_config.ok());
  insecure_config->retry.max_retries = 1;  // a failure here must fail fast, not back off for minutes
  insecure_config->retry.backoff_factor = 0.01;
  insecure_config->transport.timeout_seconds = 5;
  auto insecure = MlflowClient::Create(*insecure_config).value().tracking().GetExperiment("0");
  INFO(insecure.status().ToString());
  CHECK(insecure.ok());  // only when explicitly asked for
}

// Every secret form that could leak: the token, the password, the Basic credentials.
void CheckNoSecrets(const std::string& text) {
  INFO(text);
  CHECK(text.find(kToken) == std::string::npos);
  CHECK(text.find(kPassword) == std::string::npos);
  CHECK(text.find(transport::Base64Encode(kUser + ":" + kPassword)) == std::string::npos);
  CHECK(text.find("Bearer") == std::string::npos);
  CHECK(text.find("Authorization") == std::string::npos);
}

TEST_CASE("credentials never appear in Status messages, whatever fails", "[reliability][security][secrets]") {
  auto proxy = StartFaultProxy(TrackingUri(), {});
  StubServer tls("tls");
  StubServer echo("echo");
  int dead_port = 0;
  {
    auto gone = StartFaultProxy(TrackingUri(), {});
    dead_port = gone->port();
  }
  struct Target {
    std::string name;
    std::string uri;
    fault::FaultKind fault;
  };
  const std::vector<Target> targets = {
      {"refused", "http://127.0.0.1:" + std::to_string(dead_port), fault::FaultKind::kNone},
      {"503", proxy->url(), fault::FaultKind::kServiceUnavailable},
      {"reset", proxy->url(), fault::FaultKind::kResetBeforeForward},
      {"truncated", proxy->url(), fault::FaultKind::kTruncateResponse},
      {"malformed", proxy->url(), fault::FaultKind::kMalformedBody},
      {"timeout", proxy->url(), fault::FaultKind::kHang},
      {"mlflow error", proxy->url(), fault::FaultKind::kNone},
      {"tls", tls.url("https"), fault::FaultKind::kNone},
      {"echoing server", echo.url("http"), fault::FaultKind::kNone},
  };
  int failures = 0;
  for (const Target& target : targets) {
    fault::FaultOptions faults;
    faults.rate = target.fault == fault::FaultKind::kNone ? 0.0 : 1.0;
    faults.weights = {{target.fault, 1.0}};
    faults.hang_ms = 5000;
    proxy->plan().Reconfigure(faults);
    for (bool bearer : {true, false}) {
      INFO(target.name << (bearer ? " (bearer token)" : " (basic auth)"));
      MlflowClient client = ClientWith(target.uri, [&](ClientConfig& c) {
        if (bearer) c.transport.auth.bearer_token = kToken;
        c.transport.auth.username = kUser;
        c.transport.auth.password = kPassword;
      });
      std::vector<Status> statuses;
      statuses.push_back(client.tracking().GetRun("0123456789abcdef0123456789abcdef").status());
      statuses.push_back(client.tracking().LogMetric("0123456789abcdef0123456789abcdef", MakeMetric("m", 1.0, 1, 0)));
      statuses.push_back(client.tracking().GetOrCreateExperiment("secrets-" + target.name).status());
      for (const Status& status : statuses) {
        if (!status.ok()) ++failures;
        CheckNoSecrets(status.ToString());
      }
    }
  }
  CHECK(failures >= 40);  // the failures did happen (the TLS stub may answer nothing else)

  // Credentials in the tracking URI itself are not echoed either (whether the URI is refused
  // or used).
  std::string uri = "http://" + kUser + ":" + kPassword + "@127.0.0.1:" + std::to_string(dead_port);
  auto config = ClientConfig::FromEnvironment(uri, EmptyEnvironment());
  if (!config.ok()) {
    CheckNoSecrets(config.status().ToString());
  } else {
    config->retry.max_retries = 1;  // the dead port refuses at once: no need to back off for minutes
    config->retry.backoff_factor = 0.01;
    auto client = MlflowClient::Create(*config);
    CheckNoSecrets(client.ok() ? client->tracking().GetExperiment("0").status().ToString()
                               : client.status().ToString());
  }
}

TEST_CASE("the CLI never prints credentials, whatever fails", "[reliability][security][secrets][cli]") {
  const std::string cli = MLFLOWCPP_BINARY_DIR "/bin/mlflow-cpp";
  if (!std::filesystem::exists(cli)) {
    WARN("mlflow-cpp not built in this tree (e.g. the TSan build): CLI check skipped");
    return;
  }
  fault::FaultOptions always503;
  always503.rate = 1.0;
  always503.weights = {{fault::FaultKind::kServiceUnavailable, 1.0}};
  auto failing = StartFaultProxy(TrackingUri(), always503);
  StubServer echo("echo");
  std::string journal = MakeTempDir("cli-secrets-journal");
  const std::string env = "MLFLOW_TRACKING_TOKEN='" + kToken + "' MLFLOW_TRACKING_USERNAME='" + kUser +
                          "' MLFLOW_TRACKING_PASSWORD='" + kPassword +
                          "' MLFLOW_HTTP_REQUEST_MAX_RETRIES=1 MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR=0.01 "
                          "MLFLOW_HTTP_REQUEST_TIMEOUT=3 ";
  const std::vector<std::string> uris = {failing->url(), echo.url("http"), "http://127.0.0.1:1",
                                         "http://" + kUser + ":" + kPassword + "@127.0.0.1:1", TrackingUri()};
  const std::string run = "--run-id 0123456789abcdef0123456789abcdef";
  const std::vector<std::string> commands = {"experiments get --experiment-id 0", "runs get " + run,
                                             "runs log-metric " + run + " --key m --value 1", "experiments search",
                                             "sync --journal '" + journal + "'"};
  int failed_runs = 0;
  for (const auto& uri : uris) {
    for (const auto& command : commands) {
      std::string output;
      int rc = RunCommand(env + "'" + cli + "' --tracking-uri '" + uri + "' " + command + " 2>&1", &output);
      INFO(uri << " " << command << " -> exit " << rc);
      if (rc != 0) ++failed_runs;
      CheckNoSecrets(output);
    }
  }
  CHECK(failed_runs >= 12);
}

TEST_CASE("responses larger than the configured bound are refused, not buffered", "[reliability][security]") {
  MlflowClient client = ClientWith(TrackingUri(), [](ClientConfig& c) { c.transport.max_response_bytes = 4096; });
  MlflowClient normal = MakeClient(TrackingUri());
  std::string experiment = normal.tracking().GetOrCreateExperiment(UniqueName("reliability-bounds")).value();
  CreateRunRequest create;
  create.experiment_id = experiment;
  std::string run_id = normal.tracking().CreateRun(create).value().info.run_id;
  REQUIRE(normal.tracking().SetTag(run_id, "big", std::string(8000, 'b')).ok());
  auto run = client.tracking().GetRun(run_id);
  REQUIRE_FALSE(run.ok());
  CHECK(run.status().code() == ErrorCode::kResourceExhausted);
  CHECK_THAT(run.status().message(), Catch::Contains("4096"));
  CHECK(normal.tracking().GetRun(run_id).ok());
}

}  // namespace
}  // namespace mlflow::testing
