#include "proxy_process.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "support/test_env.h"

extern char** environ;

namespace mlflow::testing {

std::unique_ptr<ProxyProcess> ProxyProcess::Start(const std::string& upstream_uri, const ProxyOptions& options) {
  std::string dir = MakeTempDir("proxy");
  std::string port_file = dir + "/port";
  std::unique_ptr<ProxyProcess> proxy(new ProxyProcess());
  proxy->record_path_ = dir + "/requests.jsonl";

  std::vector<std::string> args = {VenvPython(),   MLFLOWCPP_SOURCE_DIR "/tests/support/recording_proxy.py",
                                   "--upstream",   upstream_uri,
                                   "--record",     proxy->record_path_,
                                   "--port-file",  port_file,
                                   "--fail-first", std::to_string(options.fail_first)};
  if (!options.cert_path.empty()) {
    args.insert(args.end(), {"--cert", options.cert_path, "--key", options.key_path});
  }
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  if (posix_spawn(&proxy->pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
    throw std::runtime_error("cannot start the recording proxy");
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::string port;
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file);
    if (in >> port) break;
    int status = 0;
    if (waitpid(proxy->pid_, &status, WNOHANG) == proxy->pid_) {
      proxy->pid_ = -1;
      throw std::runtime_error("the recording proxy exited during start-up");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (port.empty()) throw std::runtime_error("the recording proxy did not start within 30 s");
  proxy->uri_ = std::string(options.cert_path.empty() ? "http" : "https") + "://127.0.0.1:" + port;
  return proxy;
}

ProxyProcess::~ProxyProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}

std::vector<Json> ProxyProcess::Requests() const {
  std::vector<Json> requests;
  std::ifstream in(record_path_);
  std::string line;
  while (std::getline(in, line)) {
    auto parsed = ParseJson(line, "proxy record");
    if (parsed.ok()) requests.push_back(*parsed);
  }
  return requests;
}

bool MakeSelfSignedCertificate(const std::string& dir, std::string* cert_path, std::string* key_path) {
  *cert_path = dir + "/cert.pem";
  *key_path = dir + "/key.pem";
  std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext 'subjectAltName=IP:127.0.0.1,DNS:localhost' -keyout '" +
      *key_path + "' -out '" + *cert_path + "' >/dev/null 2>&1";
  return RunCommand(command) == 0;
}

}  // namespace mlflow::testing
