// Credentials, TLS and a misbehaving proxy, through a loopback recording proxy in front of the
// real MLflow server (MLflow itself checks neither tokens nor TLS).
#include <catch2/catch.hpp>

#include "proxy_process.h"
#include "tracking_test_util.h"

using namespace mlflow;
using namespace mlflow::testing;

namespace {

constexpr const char* kToken = "tok-5ecr3t-never-print-me";

// Runs several failing calls and checks that none of their messages shows the token.
void CheckTokenNeverShown(MlflowClient& client) {
  std::vector<Status> failures;
  failures.push_back(client.tracking().GetRun("00000000000000000000000000000000").status());
  failures.push_back(client.tracking().GetExperiment("987654321").status());
  failures.push_back(client.tracking().LogParam("00000000000000000000000000000000", "bad key!", "v"));
  for (const Status& status : failures) {
    REQUIRE_FALSE(status.ok());
    CHECK(status.ToString().find(kToken) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("the bearer token arrives as Authorization: Bearer", "[integration][auth]") {
  auto proxy = ProxyProcess::Start(TrackingUri());
  MlflowClient client = TestClient(proxy->uri(), {{"MLFLOW_TRACKING_TOKEN", kToken}});
  std::string id = NewExperiment(client.tracking(), "auth-bearer");
  REQUIRE(client.tracking().GetExperiment(id).ok());
  auto requests = proxy->Requests();
  REQUIRE(requests.size() == 2);
  for (const auto& request : requests) {
    CHECK(request["headers"]["authorization"] == std::string("Bearer ") + kToken);
    CHECK(request["headers"]["user-agent"] == "mlflow-cpp");
  }
  CHECK(requests[0]["method"] == "POST");
  CHECK(requests[0]["headers"]["content-type"] == "application/json");
  CheckTokenNeverShown(client);
}

TEST_CASE("basic auth arrives as Authorization: Basic", "[integration][auth]") {
  auto proxy = ProxyProcess::Start(TrackingUri());
  MlflowClient client =
      TestClient(proxy->uri(), {{"MLFLOW_TRACKING_USERNAME", "alice"}, {"MLFLOW_TRACKING_PASSWORD", "wonder:land"}});
  REQUIRE(client.tracking().GetExperiment("0").ok());
  auto requests = proxy->Requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0]["headers"]["authorization"] == "Basic YWxpY2U6d29uZGVyOmxhbmQ=");  // alice:wonder:land
}

TEST_CASE("the token wins over basic auth; no credentials send no header", "[integration][auth]") {
  auto proxy = ProxyProcess::Start(TrackingUri());
  MlflowClient both = TestClient(
      proxy->uri(),
      {{"MLFLOW_TRACKING_TOKEN", kToken}, {"MLFLOW_TRACKING_USERNAME", "alice"}, {"MLFLOW_TRACKING_PASSWORD", "pw"}});
  REQUIRE(both.tracking().GetExperiment("0").ok());
  MlflowClient none = TestClient(proxy->uri());
  REQUIRE(none.tracking().GetExperiment("0").ok());
  auto requests = proxy->Requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0]["headers"]["authorization"] == std::string("Bearer ") + kToken);
  CHECK_FALSE(requests[1]["headers"].contains("authorization"));
}

TEST_CASE("TLS: verification fails by default, passes with the CA path or insecure mode", "[integration][tls]") {
  std::string dir = MakeTempDir("tls");
  std::string cert, key;
  REQUIRE(MakeSelfSignedCertificate(dir, &cert, &key));
  auto proxy = ProxyProcess::Start(TrackingUri(), {cert, key, 0});
  REQUIRE(proxy->uri().rfind("https://", 0) == 0);

  SECTION("default: the self-signed certificate is refused, once, with a hint") {
    MlflowClient client = TestClient(proxy->uri(), {{"MLFLOW_TRACKING_TOKEN", kToken}});
    auto result = client.tracking().GetExperiment("0");
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().code() == ErrorCode::kTlsError);
    CHECK_THAT(result.status().message(), Catch::Contains("certificate"));
    CHECK_THAT(result.status().message(), Catch::Contains("MLFLOW_TRACKING_SERVER_CERT_PATH"));
    CHECK_THAT(result.status().message(), Catch::StartsWith("GET https://127.0.0.1:"));  // not retried
    CHECK(result.status().ToString().find(kToken) == std::string::npos);
    CHECK(proxy->Requests().empty());  // nothing got past the handshake
  }
  SECTION("MLFLOW_TRACKING_SERVER_CERT_PATH trusts it") {
    MlflowClient client =
        TestClient(proxy->uri(), {{"MLFLOW_TRACKING_SERVER_CERT_PATH", cert}, {"MLFLOW_TRACKING_TOKEN", kToken}});
    std::string id = NewExperiment(client.tracking(), "tls-ca");
    CHECK(client.tracking().GetExperiment(id)->experiment_id == id);
    auto requests = proxy->Requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0]["headers"]["authorization"] == std::string("Bearer ") + kToken);
    CheckTokenNeverShown(client);
  }
  SECTION("MLFLOW_TRACKING_INSECURE_TLS=true skips verification") {
    MlflowClient client = TestClient(proxy->uri(), {{"MLFLOW_TRACKING_INSECURE_TLS", "true"}});
    REQUIRE(client.tracking().GetExperiment("0").ok());
    CHECK(proxy->Requests().size() == 1);
  }
  SECTION("a wrong CA bundle path is a clear TLS error") {
    MlflowClient client = TestClient(proxy->uri(), {{"MLFLOW_TRACKING_SERVER_CERT_PATH", dir + "/missing.pem"}});
    auto result = client.tracking().GetExperiment("0");
    CHECK(result.status().code() == ErrorCode::kTlsError);
  }
}

TEST_CASE("a proxy answering 503 with HTML: idempotent calls retry, creations fail clearly", "[integration][retry]") {
  auto proxy = ProxyProcess::Start(TrackingUri(), {"", "", 2});
  MlflowClient client = TestClient(proxy->uri(), {{"MLFLOW_TRACKING_TOKEN", kToken}});
  // Non-idempotent: sent once, the 503 comes back as a clear, coded error.
  auto created = client.tracking().CreateExperiment(UniqueName("proxy-503"));
  REQUIRE_FALSE(created.ok());
  CHECK(created.status().code() == ErrorCode::kTemporarilyUnavailable);
  CHECK(created.status().http_status() == 503);
  CHECK_THAT(created.status().message(), Catch::Contains("answered HTTP 503 (not an MLflow error body)"));
  CHECK_THAT(created.status().message(), Catch::Contains("Service Unavailable"));
  CHECK(created.status().ToString().find(kToken) == std::string::npos);
  CHECK(proxy->Requests().size() == 1);
  // Idempotent: the second 503 is retried and the third attempt reaches MLflow.
  auto experiment = client.tracking().GetExperiment("0");
  REQUIRE(experiment.ok());
  CHECK(experiment->name == "Default");
  CHECK(proxy->Requests().size() == 3);
}

TEST_CASE("an unreachable server is a CONNECTION_ERROR after the configured retries", "[integration][retry]") {
  // A port nobody listens on: bind-and-close gives a free one.
  std::string uri;
  {
    auto proxy = ProxyProcess::Start(TrackingUri());
    uri = proxy->uri();
  }
  MlflowClient client = TestClient(uri, {{"MLFLOW_TRACKING_TOKEN", kToken}, {"MLFLOW_HTTP_REQUEST_MAX_RETRIES", "1"}});
  auto result = client.tracking().GetExperiment("0");
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == ErrorCode::kConnectionError);
  CHECK_THAT(result.status().message(), Catch::StartsWith("after 2 attempts: GET " + uri));
  CHECK(result.status().ToString().find(kToken) == std::string::npos);
}
