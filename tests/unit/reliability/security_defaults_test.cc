// Security defaults that need no MLflow server: TLS verification on unless explicitly turned
// off, bounded response and request sizes, a prediction server on loopback unless told
// otherwise, and artifact downloads that cannot leave their directory whatever a server lists.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "mlflow/artifacts/artifact_paths.h"
#include "mlflow/client/client_config.h"
#include "mlflow/client/mlflow_client.h"
#include "mlflow/server/http_server.h"
#include "mlflow/server/input_limits.h"
#include "mlflow/transport/transport_options.h"
#include "support/fault_proxy/socket_io.h"
#include "support/test_env.h"

namespace mlflow::testing {
namespace {

EnvLookup Env(std::map<std::string, std::string> values) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(values));
  return [shared](const char* name) -> const char* {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

TEST_CASE("TLS certificates are verified unless explicitly disabled", "[reliability][security]") {
  auto defaults = ClientConfig::FromEnvironment("https://mlflow.example.com", Env({})).value();
  CHECK(defaults.transport.tls.verify);
  CHECK(transport::TransportOptions().tls.verify);
  auto verify_with = [](const char* insecure) {
    return ClientConfig::FromEnvironment("https://x", Env({{"MLFLOW_TRACKING_INSECURE_TLS", insecure}}))
        .value()
        .transport.tls.verify;
  };
  for (const char* off : {"false", "0", "no", "FALSE"}) CHECK(verify_with(off));
  CHECK_FALSE(verify_with("true"));
  // A value that is not a boolean is an error, not "insecure".
  auto garbage = ClientConfig::FromEnvironment("https://x", Env({{"MLFLOW_TRACKING_INSECURE_TLS", "maybe"}}));
  REQUIRE_FALSE(garbage.ok());
  CHECK_THAT(garbage.status().message(), Catch::Contains("MLFLOW_TRACKING_INSECURE_TLS"));
}

TEST_CASE("response and request sizes are bounded by default", "[reliability][security]") {
  transport::TransportOptions transport;
  CHECK(transport.max_response_bytes > 0);
  CHECK(transport.max_response_bytes <= (1LL << 30));
  CHECK(transport.timeout_seconds > 0);
  server::InputLimits limits;
  CHECK(limits.max_body_bytes > 0);
  CHECK(limits.max_body_bytes <= (64u << 20));
  CHECK(limits.max_batch > 0);
  CHECK(limits.max_json_depth > 0);
  CHECK(limits.max_json_depth <= 128);
  server::HttpServerOptions http;
  CHECK(http.max_body_bytes > 0);
  CHECK(http.max_body_bytes <= (64u << 20));
  CHECK(http.read_timeout_seconds > 0);
}

// The local address /proc/net/tcp reports for the listening socket on `port` ("0100007F" is
// 127.0.0.1, "00000000" is every interface).
std::string ListeningAddress(int port) {
  std::ifstream table("/proc/net/tcp");
  std::string line;
  char port_hex[8];
  std::snprintf(port_hex, sizeof port_hex, "%04X", port);
  while (std::getline(table, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state;
    fields >> slot >> local >> remote >> state;
    if (state == "0A" && local.size() == 13 && local.substr(9) == port_hex) return local.substr(0, 8);
  }
  return "";
}

TEST_CASE("the prediction server listens on loopback only unless told otherwise", "[reliability][security]") {
  server::HttpServerOptions options;
  CHECK(options.host == "127.0.0.1");
  options.port = 0;
  options.threads = 2;
  auto bound = server::HttpServer::Bind(
      options, [](const server::HttpExchange&) { return server::HttpReply{}; },
      [](const server::HttpExchange&, int status, const std::string& message) {
        server::HttpReply reply;
        reply.status = status;
        reply.body = message;
        return reply;
      });
  REQUIRE(bound.ok());
  CHECK(ListeningAddress((*bound)->port()) == "0100007F");
}

TEST_CASE("request bodies over the limit are refused with 413 before they are read", "[reliability][security]") {
  server::HttpServerOptions options;
  options.port = 0;
  options.threads = 2;
  options.max_body_bytes = 1024;
  std::atomic<int> handled{0};
  auto bound = server::HttpServer::Bind(
      options,
      [&](const server::HttpExchange&) {
        ++handled;
        return server::HttpReply{};
      },
      [](const server::HttpExchange&, int status, const std::string& message) {
        server::HttpReply reply;
        reply.status = status;
        reply.body = message;
        return reply;
      });
  REQUIRE(bound.ok());
  std::unique_ptr<server::HttpServer> http = std::move(bound).value();
  std::thread serving([&] { (void)http->Serve(); });
  std::string error;
  fault::Socket client;
  for (int attempt = 0; attempt < 100 && !client.valid(); ++attempt) {
    client = fault::Connect("127.0.0.1", http->port(), 1000, &error);
    if (!client.valid()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(client.valid());
  // Announces 100 MB and sends only the head: the answer must come without the body.
  std::string head =
      "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 100000000\r\n\r\n";
  REQUIRE(fault::WriteAll(client, head, 2000) == fault::IoResult::kOk);
  std::string answer;
  while (answer.find("\r\n\r\n") == std::string::npos &&
         fault::ReadSome(client, &answer, 5000) == fault::IoResult::kOk) {}
  CHECK(answer.rfind("HTTP/1.1 413", 0) == 0);
  CHECK(handled == 0);
  http->Stop();
  serving.join();
}

TEST_CASE("artifact paths from callers or servers cannot escape their directory", "[reliability][security]") {
  std::filesystem::path dest = MakeTempDir("artifact-escape");
  const std::vector<std::string> evil_paths = {
      "../escape",   "a/../../escape", "/etc/passwd",          "..",
      "a/./../../x", "a\\..\\..\\x",   std::string("a\0b", 3), "a//b/../../.."};
  for (const std::string& evil : evil_paths) {
    INFO("path '" << evil << "'");
    CHECK_FALSE(artifacts::LocalPathFor(dest, evil).ok());
    CHECK_FALSE(artifacts::IsCleanArtifactPath(evil));
    CHECK_FALSE(artifacts::CheckListingEntry("model", evil).ok());
  }
  CHECK(artifacts::CheckListingEntry("model", "model/../../etc").code() == ErrorCode::kInvalidResponse);
  CHECK_FALSE(artifacts::CheckListingEntry("model", "other/file").ok());  // outside the listed directory
  auto fine = artifacts::LocalPathFor(dest, "model/MLmodel");
  REQUIRE(fine.ok());
  CHECK(*fine == dest / "model" / "MLmodel");
  CHECK_FALSE(artifacts::NormalizeArtifactPath("../x", "artifact_path").ok());
}

}  // namespace
}  // namespace mlflow::testing
