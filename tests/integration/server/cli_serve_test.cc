// `mlflow-cpp serve` as a process: it serves, and SIGTERM drains in-flight requests and exits 0.
// `mlflow-cpp serve-reference` writes a reference file that `serve --reference` accepts.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <iterator>

#include "serving_fixture.h"
#include "support/test_env.h"

extern char** environ;

using namespace mlflow::server::testing;
using mlflow::Json;

namespace {

const std::string kCli = MLFLOWCPP_BINARY_DIR "/bin/mlflow-cpp";

int FreePort() {
  std::string out;
  mlflow::testing::RunCommand(
      "'" + mlflow::testing::VenvPython() +
          "' -c 'import socket; s=socket.socket(); s.bind((\"127.0.0.1\",0)); print(s.getsockname()[1])'",
      &out);
  return std::stoi(out);
}

pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(rc == 0);
  return pid;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("mlflow-cpp serve drains on SIGTERM and exits 0", "[server][cli][drain]") {
  REQUIRE(std::ifstream(kCli).good());
  const std::string dir = TrainedModelDir();
  const std::string scratch = mlflow::testing::MakeTempDir("cli-serve");
  const std::string reference = scratch + "/reference.json";
  std::string out;
  INFO(out);
  REQUIRE(mlflow::testing::RunCommand(kCli + " serve-reference --model '" + dir + "' --data '" +
                                          mlflow::testing::DataDir() +
                                          "/twitter-2016test-A.tsv' --rows 0:2000 --out '" + reference + "' 2>&1",
                                      &out) == 0);
  CHECK(Json::parse(ReadFile(reference))["count"] == 2000);

  const int port = FreePort();
  const std::string log = scratch + "/serve.log";
  pid_t pid = Spawn(
      {kCli, "serve", "--model", dir, "--port", std::to_string(port), "--reference", reference, "--no-monitoring-run"},
      log);
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  mlflow::transport::CurlTransport http;
  bool ready = false;
  for (int i = 0; i < 600 && !ready; ++i) {
    ready = Http(http, "GET", url + "/ping").status == 200;
    if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  INFO(ReadFile(log));
  REQUIRE(ready);
  CHECK(Http(http, "POST", url + "/invocations", InputsBody({"what a lovely day"})).json()["predictions"][0]["label"] ==
        "positive");

  // A large request in flight when SIGTERM arrives is still answered.
  std::vector<std::string> many;
  const auto& data = Test2016();
  for (size_t i = 0; i < 10000 && i < data.size(); ++i) many.push_back(data.examples[i].text);
  Reply big;
  std::thread client([&] {
    mlflow::transport::CurlTransport own;
    big = Http(own, "POST", url + "/invocations", InputsBody(many));
  });
  // Signal once the request is being handled (in flight: it and this /metrics request).
  for (int i = 0; i < 2000; ++i) {
    if (Http(http, "GET", url + "/metrics").body.find("mlflowcpp_http_requests_in_flight 2") != std::string::npos)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  REQUIRE(::kill(pid, SIGTERM) == 0);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  client.join();
  std::string stderr_text = ReadFile(log);
  INFO(stderr_text);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK_THAT(stderr_text, Catch::Contains("draining") && Catch::Contains("stopped"));
  CHECK(big.status == 200);
  CHECK(big.json()["predictions"].size() == many.size());
  CHECK(Http(http, "GET", url + "/ping").status == 0);
}

TEST_CASE("mlflow-cpp serve refuses what it cannot serve", "[server][cli]") {
  std::string out;
  CHECK(mlflow::testing::RunCommand(kCli + " serve --model /no/such/dir 2>&1", &out) == 2);
  CHECK_THAT(out, Catch::Contains("neither a model URI"));
  CHECK(mlflow::testing::RunCommand("env -u MLFLOW_TRACKING_URI " + kCli + " serve --model models:/x@champion 2>&1",
                                    &out) == 2);
  CHECK_THAT(out, Catch::Contains("tracking-uri"));
}
