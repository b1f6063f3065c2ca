// Every protocol shape and every bad-input class over real HTTP, against a real trained model
// served from a directory; keep-alive latency; a graceful drain.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>

#include "mlflow/server/sentiment_predictor.h"
#include "serving_fixture.h"

using namespace mlflow::server;
using namespace mlflow::server::testing;
using mlflow::DumpJson;
using mlflow::Json;

namespace {

std::shared_ptr<ModelSource> DirectorySource() {
  return std::make_shared<DirectoryModelSource>(TrainedModelDir(), "tweet-sentiment", SentimentModelLoader());
}

// A raw TCP connection, for what an HTTP client library will not send.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawConnection() { ::close(fd_); }
  bool connected() const { return connected_; }
  void Send(const std::string& data) { REQUIRE(::send(fd_, data.data(), data.size(), MSG_NOSIGNAL) >= 0); }
  // Everything until the peer closes or `seconds` pass.
  std::string ReadAll(double seconds) {
    timeval timeout{static_cast<time_t>(seconds),
                    static_cast<suseconds_t>((seconds - static_cast<int>(seconds)) * 1e6)};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string out;
    char buffer[4096];
    while (true) {
      ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      out.append(buffer, static_cast<size_t>(n));
    }
    return out;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

}  // namespace

TEST_CASE("every scoring-protocol and KServe V2 shape over HTTP", "[server][http]") {
  RunningServer running(TestOptions(), DirectorySource());
  REQUIRE(running.WaitReady());
  mlflow::transport::CurlTransport http;
  const std::string url = running.url();
  const std::vector<std::string> two = {"I love this phone, best day ever :)", "worst service ever, so angry"};

  CHECK(Http(http, "GET", url + "/ping").status == 200);
  CHECK(Http(http, "GET", url + "/health").status == 200);
  CHECK_FALSE(Http(http, "GET", url + "/version").body.empty());

  const std::vector<std::pair<std::string, std::string>> shapes = {
      {"application/json",
       R"j({"dataframe_split": {"columns": ["text"], "data": [["I love this phone, best day ever :)"], ["worst service ever, so angry"]]}})j"},
      {"application/json",
       R"j({"dataframe_records": [{"text": "I love this phone, best day ever :)"}, {"text": "worst service ever, so angry"}]})j"},
      {"application/json",
       R"j({"instances": ["I love this phone, best day ever :)", "worst service ever, so angry"]})j"},
      {"application/json", R"j({"inputs": ["I love this phone, best day ever :)", "worst service ever, so angry"]})j"},
      {"application/json",
       R"j({"inputs": {"text": ["I love this phone, best day ever :)", "worst service ever, so angry"]}})j"},
      {"application/json; charset=utf-8",
       R"j({"inputs": ["I love this phone, best day ever :)", "worst service ever, so angry"], "params": {"return_probabilities": true}})j"},
      {"text/csv", "text\n\"I love this phone, best day ever :)\"\n\"worst service ever, so angry\"\n"},
  };
  std::string first_labels;
  for (const auto& [type, body] : shapes) {
    INFO(body);
    Reply reply = Http(http, "POST", url + "/invocations", body, type);
    REQUIRE(reply.status == 200);
    Json doc = reply.json();
    REQUIRE(doc["predictions"].size() == 2);
    CHECK(doc["model_name"] == "tweet-sentiment");
    CHECK(doc["model_version"] == "local");
    CHECK(reply.headers.count("x-request-id") == 1);
    std::string labels =
        doc["predictions"][0]["label"].get<std::string>() + doc["predictions"][1]["label"].get<std::string>();
    if (first_labels.empty()) first_labels = labels;
    CHECK(labels == first_labels);  // every shape scores the same texts the same way
    double sum = 0;
    for (const auto& [cls, p] : doc["predictions"][0]["probabilities"].items()) sum += p.get<double>();
    CHECK(sum == Approx(1.0).epsilon(1e-3));
  }
  CHECK(first_labels == "positivenegative");

  CHECK(Http(http, "GET", url + "/v2/health/live").status == 200);
  CHECK(Http(http, "GET", url + "/v2/health/ready").status == 200);
  CHECK(Http(http, "GET", url + "/v2").json()["name"] == "mlflow-cpp");
  Json meta = Http(http, "GET", url + "/v2/models/tweet-sentiment").json();
  CHECK(meta["versions"][0] == "local");
  CHECK(meta["parameters"]["classes"] == Json::array({"negative", "neutral", "positive"}));
  CHECK(Http(http, "GET", url + "/v2/models/tweet-sentiment/ready").status == 200);
  Json infer =
      Http(http, "POST", url + "/v2/models/tweet-sentiment/infer",
           DumpJson(Json{{"id", "v2-1"},
                         {"inputs", {{{"name", "text"}, {"datatype", "BYTES"}, {"shape", {2}}, {"data", two}}}}}))
          .json();
  CHECK(infer["id"] == "v2-1");
  CHECK(infer["outputs"][0]["data"] == Json::array({"positive", "negative"}));
  CHECK(infer["outputs"][1]["shape"] == Json::array({2, 3}));
  Json text_metrics = Json(Http(http, "GET", url + "/metrics").body);
  CHECK_THAT(text_metrics.get<std::string>(),
             Catch::Contains("mlflowcpp_http_requests_total{route=\"invocations\",status=\"200\"} 7"));
}

TEST_CASE("every bad-input class over HTTP leaves the server healthy", "[server][http][bad-input]") {
  PredictionServerOptions options = TestOptions();
  options.http.max_body_bytes = 1 << 20;
  options.http.read_timeout_seconds = 1;
  // After answering a stalled request, httplib keeps the connection until the keep-alive idle
  // timeout: 1 s here, so "cut off" means answered and closed within ~2 s.
  options.http.keep_alive_timeout_seconds = 1;
  options.service.limits.max_batch = 100;
  RunningServer running(options, DirectorySource());
  REQUIRE(running.WaitReady());
  mlflow::transport::CurlTransport http;
  const std::string url = running.url();
  auto expect = [&](const Reply& reply, int status, const std::string& code, const std::string& words) {
    INFO(reply.body << reply.error);
    CHECK(reply.status == status);
    Json body = reply.json();
    CHECK(body["error_code"] == code);
    CHECK_THAT(body["message"].get<std::string>(), Catch::Contains(words));
  };
  expect(Http(http, "POST", url + "/invocations", "{\"inputs\": [\"a\",", "application/json"), 400, "BAD_REQUEST",
         "malformed JSON");
  expect(Http(http, "POST", url + "/invocations", R"({"inputs": ["a"]})", "text/plain"), 415, "BAD_REQUEST",
         "not supported");
  expect(Http(http, "POST", url + "/invocations", R"({"inputs": ["a"]})", "application/json; charset=iso-8859-1"), 415,
         "BAD_REQUEST", "charset");
  expect(Http(http, "POST", url + "/invocations", std::string(2 << 20, ' '), "application/json"), 413,
         "RESOURCE_EXHAUSTED", "limit of 1048576 bytes");
  expect(Http(http, "POST", url + "/invocations", "{\"inputs\": [\"caf\xC3\"]}"), 400, "BAD_REQUEST", "UTF-8");
  expect(Http(http, "POST", url + "/invocations", R"({"inputs": []})"), 400, "INVALID_PARAMETER_VALUE", "empty");
  expect(Http(http, "POST", url + "/invocations", InputsBody(std::vector<std::string>(101, "x"))), 400,
         "INVALID_PARAMETER_VALUE", "101 texts; the limit is 100");
  expect(Http(http, "POST", url + "/invocations", std::string(200000, '[') + std::string(200000, ']')), 400,
         "BAD_REQUEST", "nests deeper");
  expect(Http(http, "POST", url + "/invocations", R"({"inputs": [42]})"), 400, "INVALID_PARAMETER_VALUE",
         "must be a string");
  expect(Http(http, "GET", url + "/nope"), 404, "ENDPOINT_NOT_FOUND", "no endpoint");
  Reply wrong = Http(http, "GET", url + "/invocations");
  expect(wrong, 405, "BAD_REQUEST", "use POST");
  CHECK(wrong.headers["allow"] == "POST");
  Reply v2 = Http(http, "POST", url + "/v2/models/tweet-sentiment/infer", "{]");
  CHECK(v2.status == 400);
  CHECK(v2.json().contains("error"));

  SECTION("a malformed request line and a client that stalls are cut off") {
    RawConnection garbage(running.server().port());
    REQUIRE(garbage.connected());
    garbage.Send("THIS IS NOT HTTP\r\n\r\n");
    CHECK_THAT(garbage.ReadAll(5), Catch::StartsWith("HTTP/1.1 400"));
    RawConnection slow(running.server().port());
    REQUIRE(slow.connected());
    slow.Send(
        "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"in");
    auto started = std::chrono::steady_clock::now();
    std::string answer = slow.ReadAll(10);  // the server gives up after its 1 s read timeout
    double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    CHECK(waited < 5);
    CHECK(answer.find("HTTP/1.1 200") == std::string::npos);
  }
  // Still healthy after all of it.
  CHECK(Http(http, "POST", url + "/invocations", InputsBody({"still here"})).status == 200);
  CHECK(Http(http, "GET", url + "/ping").status == 200);
  CHECK_THAT(Http(http, "GET", url + "/metrics").body, Catch::Contains("route=\"invocations\",status=\"413\"} 1"));
}

TEST_CASE("keep-alive requests answer in well under the 40 ms of Nagle + delayed ACK", "[server][http]") {
  RunningServer running(TestOptions(), DirectorySource());
  REQUIRE(running.WaitReady());
  mlflow::transport::CurlTransport http;  // reuses one keep-alive connection
  std::vector<double> millis;
  for (int i = 0; i < 200; ++i) {
    auto started = std::chrono::steady_clock::now();
    REQUIRE(Http(http, "POST", running.url() + "/invocations", InputsBody({"good morning everyone"})).status == 200);
    millis.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
  }
  std::sort(millis.begin(), millis.end());
  INFO("p50 " << millis[100] << " ms, p90 " << millis[180] << " ms");
  CHECK(millis[100] < 10);
  CHECK(millis[180] < 30);
}

namespace {
// Slows every prediction down, to have requests in flight at shutdown.
class SlowPredictor final : public Predictor {
 public:
  explicit SlowPredictor(std::shared_ptr<const Predictor> inner) : inner_(std::move(inner)) {}
  const std::vector<std::string>& classes() const override { return inner_->classes(); }
  mlflow::Result<PredictionBatch> PredictBatch(const std::vector<std::string>& texts) const override {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    return inner_->PredictBatch(texts);
  }

 private:
  std::shared_ptr<const Predictor> inner_;
};
}  // namespace

TEST_CASE("Stop drains: requests in flight are answered, new connections are refused", "[server][http][drain]") {
  ModelLoader slow_loader = [](const std::string& dir) -> mlflow::Result<LoadedModel> {
    MLFLOW_ASSIGN_OR_RETURN(LoadedModel model, SentimentModelLoader()(dir));
    model.predictor = std::make_shared<SlowPredictor>(model.predictor);
    return model;
  };
  RunningServer running(TestOptions(),
                        std::make_shared<DirectoryModelSource>(TrainedModelDir(), "tweet-sentiment", slow_loader));
  REQUIRE(running.WaitReady());
  const std::string url = running.url();
  std::vector<std::thread> clients;
  std::vector<int> statuses(4, 0);
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back([&, i] {
      mlflow::transport::CurlTransport http;
      statuses[i] = Http(http, "POST", url + "/invocations", InputsBody({"in flight at shutdown"})).status;
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(150));  // all four are being scored
  auto started = std::chrono::steady_clock::now();
  running.Stop();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (auto& c : clients) c.join();
  CHECK(statuses == std::vector<int>{200, 200, 200, 200});
  CHECK(seconds < 5);
  CHECK(running.result().ok());
  mlflow::transport::CurlTransport http;
  CHECK(Http(http, "GET", url + "/ping").status == 0);  // nobody listens any more
}
