// The whole prediction server over real sockets, abused: hot reloads every few milliseconds
// under concurrent load, malformed JSON, nesting a million levels deep, invalid UTF-8, bodies
// over the limit, a wrong content type, clients that stall mid-request or vanish. Every bad
// request gets its 4xx, no good request fails, and the server stays healthy throughout. The
// model is the server tests' keyword FakePredictor, so no MLflow server is needed; under
// ThreadSanitizer this is the reload-versus-request race check.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "mlflow/server/prediction_server.h"
#include "mlflow/transport/curl_transport.h"
#include "support/fault_proxy/socket_io.h"
#include "unit/server/fake_predictor.h"

namespace mlflow::testing {
namespace {

using namespace std::chrono_literals;

// Every Resolve() names a new version, so the reloader swaps the model at each poll.
class FlippingSource final : public server::ModelSource {
 public:
  Result<server::ModelIdentity> Resolve() override {
    server::ModelIdentity identity;
    identity.name = "tweet-sentiment";
    identity.version = std::to_string(++resolves_);
    return identity;
  }
  Result<server::LoadedModel> Load(const server::ModelIdentity& identity) override {
    return server::testing::MakeModel(identity.version);
  }
  bool follows_changes() const override { return true; }
  std::string Describe() const override { return "flipping test source"; }
  int resolves() const { return resolves_; }

 private:
  std::atomic<int> resolves_{0};
};

class RunningServer {
 public:
  explicit RunningServer(double poll_seconds) : source_(std::make_shared<FlippingSource>()) {
    server::PredictionServerOptions options;
    options.http.port = 0;
    options.http.threads = 24;
    options.http.read_timeout_seconds = 1;
    options.http.max_body_bytes = 1u << 20;
    options.reload.poll_interval_seconds = poll_seconds;
    options.monitoring_run = false;
    server_ = server::PredictionServer::Create(options, source_, nullptr, nullptr,
                                               server::ServerLog([](server::LogLevel, const std::string&) {}))
                  .value();
    serving_ = std::thread([this] { (void)server_->Run(); });
    for (int i = 0; i < 500 && !server_->slot().ready(); ++i) std::this_thread::sleep_for(10ms);
    REQUIRE(server_->slot().ready());
  }
  ~RunningServer() {
    server_->Stop();
    serving_.join();
  }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
  }
  int port() const { return server_->port(); }
  const FlippingSource& source() const { return *source_; }

  Result<transport::HttpResponse> Post(const std::string& body, const std::string& content_type = "application/json") {
    transport::HttpRequest request;
    request.method = transport::HttpMethod::kPost;
    request.url = url("/invocations");
    request.headers["Content-Type"] = content_type;
    request.body = body;
    return curl_.Send(request);
  }
  int Get(const std::string& path) {
    transport::HttpRequest request;
    request.url = url(path);
    auto response = curl_.Send(request);
    return response.ok() ? response->status : -1;
  }

 private:
  std::shared_ptr<FlippingSource> source_;
  std::unique_ptr<server::PredictionServer> server_;
  std::thread serving_;
  transport::CurlTransport curl_;
};

TEST_CASE("hot reloads under concurrent load fail no request", "[reliability][server][reload]") {
  RunningServer server(0.005);
  std::atomic<int> failures{0};
  std::atomic<int> answered{0};
  std::mutex versions_mutex;
  std::set<std::string> versions;
  std::vector<std::thread> clients;
  for (int c = 0; c < 6; ++c) {
    clients.emplace_back([&] {
      for (int i = 0; i < 150; ++i) {
        auto response = server.Post("{\"instances\": [\"good day\", \"awful\", \"meh\"]}");
        if (!response.ok() || response->status != 200 || response->body.find("\"predictions\"") == std::string::npos) {
          ++failures;
          continue;
        }
        ++answered;
        std::lock_guard<std::mutex> lock(versions_mutex);
        versions.insert(response->Header("X-Model-Version"));
      }
    });
  }
  for (auto& client : clients) client.join();
  INFO(server.source().resolves() << " resolves, " << versions.size() << " versions seen");
  CHECK(failures == 0);
  CHECK(answered == 900);
  CHECK(server.source().resolves() > 20);
  CHECK(versions.size() > 3);  // requests really were served by different models
}

TEST_CASE("bad requests get their 4xx and the server stays healthy", "[reliability][server][input]") {
  RunningServer server(0);
  auto status_of = [&](const std::string& body, const std::string& type = "application/json") {
    auto response = server.Post(body, type);
    return response.ok() ? response->status : -1;
  };
  CHECK(status_of("{\"instances\": [\"fine\"]}") == 200);
  CHECK(status_of("{\"instances\": [\"unterminated") == 400);
  CHECK(status_of("") == 400);
  CHECK(status_of(std::string(400000, '[') + std::string(400000, ']')) ==
        400);  // no stack overflow (under the 1 MB limit)
  CHECK(status_of(std::string(400000, '{')) == 400);
  CHECK(status_of("{\"instances\": [\"\xff\xfe\xc3\"]}") == 400);
  CHECK(status_of("{\"instances\": []}") == 400);
  CHECK(status_of("{\"instances\": [" + std::string(1200000, ' ') + "\"x\"]}") == 413);
  CHECK(status_of("{\"instances\": [\"x\"]}", "application/xml") == 415);
  CHECK(status_of("{\"instances\": [\"x\"]}", "application/json; charset=latin-1") == 415);
  CHECK(status_of("text\n\"unterminated\n", "text/csv") == 400);
  CHECK(status_of("{\"instances\": [\"x\"], \"params\": {\"evil\": true}}") == 400);
  auto error = server.Post("{");
  REQUIRE(error.ok());
  CHECK(error->body.find("\"error_code\"") != std::string::npos);
  CHECK(server.Get("/health") == 200);
  CHECK(server.Get("/v2/health/ready") == 200);
  CHECK(status_of("{\"instances\": [\"still fine\"]}") == 200);
}

TEST_CASE("stalled and vanishing clients neither block others nor stay forever", "[reliability][server][slow]") {
  RunningServer server(0);
  std::string error;
  std::vector<fault::Socket> stalled;
  for (int i = 0; i < 8; ++i) {  // announce a body, send one byte of it, then stall
    fault::Socket socket = fault::Connect("127.0.0.1", server.port(), 2000, &error);
    REQUIRE(socket.valid());
    REQUIRE(fault::WriteAll(socket,
                            "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            "Content-Length: 100\r\n\r\n{",
                            2000) == fault::IoResult::kOk);
    stalled.push_back(std::move(socket));
  }
  for (int i = 0; i < 4; ++i) {  // send half a request line and vanish
    fault::Socket socket = fault::Connect("127.0.0.1", server.port(), 2000, &error);
    REQUIRE(socket.valid());
    (void)fault::WriteAll(socket, "POST /invoc", 2000);
    socket.Reset();
  }
  auto started = std::chrono::steady_clock::now();
  auto response = server.Post("{\"instances\": [\"good\"]}");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  REQUIRE(response.ok());
  CHECK(response->status == 200);
  CHECK(seconds < 0.5);  // served while the stalled clients hold their connections
  // The 1 s read timeout ends each stalled request: with a 4xx answer (the connection may then
  // idle until the keep-alive timeout) or by closing the connection.
  int ended = 0;
  for (auto& socket : stalled) {
    std::string answer;
    fault::IoResult result = fault::IoResult::kOk;
    while (result == fault::IoResult::kOk && answer.find("\r\n\r\n") == std::string::npos) {
      result = fault::ReadSome(socket, &answer, 5000);
    }
    bool answered = answer.rfind("HTTP/1.1 4", 0) == 0;
    if (answered || result == fault::IoResult::kClosed || result == fault::IoResult::kError) ++ended;
  }
  CHECK(ended == 8);
  CHECK(server.Get("/health") == 200);
}

}  // namespace
}  // namespace mlflow::testing
