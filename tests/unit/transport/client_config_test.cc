// ClientConfig::FromEnvironment and the Authorization header: the variables the Python
// client honours, with a fake environment.
#include <catch2/catch.hpp>

#include <map>

#include "mlflow/client/client_config.h"
#include "mlflow/client/mlflow_client.h"
#include "mlflow/transport/auth.h"

using namespace mlflow;

namespace {

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [shared](const char* name) -> const char* {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

}  // namespace

TEST_CASE("defaults follow the Python client", "[config]") {
  auto config = ClientConfig::FromEnvironment("", FakeEnv({{"MLFLOW_TRACKING_URI", "http://127.0.0.1:5000/"}}));
  REQUIRE(config.ok());
  CHECK(config->tracking_uri == "http://127.0.0.1:5000");
  CHECK(config->retry.max_retries == 7);
  CHECK(config->retry.backoff_factor == 2.0);
  CHECK(config->retry.backoff_jitter == 1.0);
  CHECK(config->transport.timeout_seconds == 120.0);
  CHECK(config->transport.tls.verify);
  CHECK(config->transport.auth.bearer_token.empty());
  CHECK(config->experiment_name.empty());
}

TEST_CASE("the override wins over MLFLOW_TRACKING_URI", "[config]") {
  auto config =
      ClientConfig::FromEnvironment("https://mlflow.example:8443", FakeEnv({{"MLFLOW_TRACKING_URI", "http://other"}}));
  REQUIRE(config.ok());
  CHECK(config->tracking_uri == "https://mlflow.example:8443");
}

TEST_CASE("every variable is read", "[config]") {
  auto config = ClientConfig::FromEnvironment("", FakeEnv({{"MLFLOW_TRACKING_URI", "https://h"},
                                                           {"MLFLOW_TRACKING_USERNAME", "alice"},
                                                           {"MLFLOW_TRACKING_PASSWORD", "pw"},
                                                           {"MLFLOW_TRACKING_TOKEN", "tok"},
                                                           {"MLFLOW_TRACKING_SERVER_CERT_PATH", "/ca.pem"},
                                                           {"MLFLOW_TRACKING_CLIENT_CERT_PATH", "/client.pem"},
                                                           {"MLFLOW_HTTP_REQUEST_MAX_RETRIES", "3"},
                                                           {"MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "0.5"},
                                                           {"MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", "0"},
                                                           {"MLFLOW_HTTP_REQUEST_TIMEOUT", "30"},
                                                           {"MLFLOW_EXPERIMENT_NAME", "demo"},
                                                           {"MLFLOW_EXPERIMENT_ID", "4"},
                                                           {"MLFLOW_RUN_ID", "abc"}}));
  REQUIRE(config.ok());
  CHECK(config->transport.auth.username == "alice");
  CHECK(config->transport.auth.password == "pw");
  CHECK(config->transport.auth.bearer_token == "tok");
  CHECK(config->transport.tls.ca_bundle_path == "/ca.pem");
  CHECK(config->transport.tls.client_cert_path == "/client.pem");
  CHECK(config->retry.max_retries == 3);
  CHECK(config->retry.backoff_factor == 0.5);
  CHECK(config->retry.backoff_jitter == 0.0);
  CHECK(config->transport.timeout_seconds == 30.0);
  CHECK(config->experiment_name == "demo");
  CHECK(config->experiment_id == "4");
  CHECK(config->run_id == "abc");
}

TEST_CASE("MLFLOW_TRACKING_INSECURE_TLS parses booleans and rejects anything else", "[config]") {
  for (const char* yes : {"true", "True", "1", "YES"}) {
    auto config = ClientConfig::FromEnvironment("https://h", FakeEnv({{"MLFLOW_TRACKING_INSECURE_TLS", yes}}));
    REQUIRE(config.ok());
    CHECK_FALSE(config->transport.tls.verify);
  }
  for (const char* no : {"false", "0", "No"}) {
    auto config = ClientConfig::FromEnvironment("https://h", FakeEnv({{"MLFLOW_TRACKING_INSECURE_TLS", no}}));
    REQUIRE(config.ok());
    CHECK(config->transport.tls.verify);
  }
  auto bad = ClientConfig::FromEnvironment("https://h", FakeEnv({{"MLFLOW_TRACKING_INSECURE_TLS", "maybe"}}));
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.status().message(), Catch::Contains("MLFLOW_TRACKING_INSECURE_TLS"));
  CHECK_THAT(bad.status().message(), Catch::Contains("maybe"));
}

TEST_CASE("insecure TLS and a CA bundle together are refused", "[config]") {
  auto config = ClientConfig::FromEnvironment(
      "https://h", FakeEnv({{"MLFLOW_TRACKING_INSECURE_TLS", "true"}, {"MLFLOW_TRACKING_SERVER_CERT_PATH", "/ca"}}));
  REQUIRE_FALSE(config.ok());
  CHECK(config.status().code() == ErrorCode::kInvalidParameterValue);
}

TEST_CASE("malformed numbers name the variable", "[config]") {
  struct Case {
    const char* name;
    const char* value;
  };
  for (Case c : {Case{"MLFLOW_HTTP_REQUEST_MAX_RETRIES", "seven"}, Case{"MLFLOW_HTTP_REQUEST_MAX_RETRIES", "-1"},
                 Case{"MLFLOW_HTTP_REQUEST_MAX_RETRIES", "3.5"}, Case{"MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "x"},
                 Case{"MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "-2"}, Case{"MLFLOW_HTTP_REQUEST_TIMEOUT", "nan"},
                 Case{"MLFLOW_HTTP_REQUEST_TIMEOUT", "inf"}}) {
    auto config = ClientConfig::FromEnvironment("http://h", FakeEnv({{c.name, c.value}}));
    INFO(c.name << "=" << c.value);
    REQUIRE_FALSE(config.ok());
    CHECK(config.status().code() == ErrorCode::kInvalidParameterValue);
    CHECK_THAT(config.status().message(), Catch::Contains(c.name));
  }
}

TEST_CASE("tracking URIs must be http(s) with a host", "[config]") {
  CHECK(ValidateTrackingUri("http://127.0.0.1:5000").ok());
  CHECK(ValidateTrackingUri("https://mlflow.example/prefix").ok());
  CHECK_THAT(ValidateTrackingUri("").message(), Catch::Contains("MLFLOW_TRACKING_URI"));
  CHECK_THAT(ValidateTrackingUri("file:///tmp/mlruns").message(), Catch::Contains("unsupported"));
  CHECK_THAT(ValidateTrackingUri("http:///x").message(), Catch::Contains("no host"));
  CHECK_FALSE(MlflowClient::Create(ClientConfig{}).ok());
}

TEST_CASE("the bearer token wins over basic auth", "[config][auth]") {
  auto config = ClientConfig::FromEnvironment("http://h", FakeEnv({{"MLFLOW_TRACKING_USERNAME", "alice"},
                                                                   {"MLFLOW_TRACKING_PASSWORD", "pw"},
                                                                   {"MLFLOW_TRACKING_TOKEN", "tok-123"}}));
  REQUIRE(config.ok());
  CHECK(transport::AuthorizationHeader(config->transport.auth) == "Bearer tok-123");

  auto basic = ClientConfig::FromEnvironment(
      "http://h", FakeEnv({{"MLFLOW_TRACKING_USERNAME", "alice"}, {"MLFLOW_TRACKING_PASSWORD", "s3cr:et"}}));
  REQUIRE(basic.ok());
  CHECK(transport::AuthorizationHeader(basic->transport.auth) == "Basic YWxpY2U6czNjcjpldA==");
  CHECK(transport::AuthorizationHeader({}).empty());
}

TEST_CASE("base64 follows RFC 4648", "[auth]") {
  CHECK(transport::Base64Encode("").empty());
  CHECK(transport::Base64Encode("f") == "Zg==");
  CHECK(transport::Base64Encode("fo") == "Zm8=");
  CHECK(transport::Base64Encode("foo") == "Zm9v");
  CHECK(transport::Base64Encode("foob") == "Zm9vYg==");
  CHECK(transport::Base64Encode("fooba") == "Zm9vYmE=");
  CHECK(transport::Base64Encode("foobar") == "Zm9vYmFy");
  CHECK(transport::Base64Encode(std::string("\xff\x00\x10", 3)) == "/wAQ");
}
