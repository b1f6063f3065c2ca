// Helpers shared by the artifact and registry integration tests: a client for the shared test
// server, fresh runs, file trees and comparisons, a counting channel, the loopback artifact
// server (tests/support/artifact_test_server.py) and peak-RSS measurement.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>

#include "mlflow/mlflow.h"
#include "mlflow/transport/curl_transport.h"
#include "support/test_env.h"

namespace mlflow::testing {
namespace fs = std::filesystem;

inline MlflowClient TestClient() { return MlflowClient::FromEnvironment(TrackingUri()).value(); }

// A new experiment (unique name) with one run; returns {experiment_id, run_id}.
inline std::pair<std::string, std::string> NewRun(MlflowClient& client, const std::string& prefix,
                                                  const std::string& artifact_location = "") {
  std::string experiment_id = client.tracking().CreateExperiment(UniqueName(prefix), artifact_location).value();
  CreateRunRequest request;
  request.experiment_id = experiment_id;
  std::string run_id = client.tracking().CreateRun(request).value().info.run_id;
  return {experiment_id, run_id};
}

inline void WriteText(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

inline std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A tree with nested folders, odd names, an empty file and binary content.
inline void MakeNestedTree(const fs::path& root) {
  WriteText(root / "MLmodel", "artifact_path: model\nflavors: {}\n");
  WriteText(root / "empty.txt", "");
  std::string binary;
  for (int i = 0; i < 70000; ++i) binary.push_back(static_cast<char>((i * 131) % 256));
  WriteText(root / "data" / "weights.bin", binary);
  WriteText(root / "data" / "deeper" / "still" / "vocab.txt", "hello\nworld\n");
  WriteText(root / "sp ace" / "odd & name.txt", "odd names");
  WriteText(root / "data" / "deeper" / "ünïcode.txt", "utf-8 name");
}

// Relative path -> content for every regular file under root.
inline std::map<std::string, std::string> Snapshot(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) files[entry.path().lexically_relative(root).generic_string()] = ReadText(entry.path());
  }
  return files;
}

// Streams both files; true when byte for byte equal.
inline bool SameBytes(const fs::path& a, const fs::path& b) {
  std::ifstream fa(a, std::ios::binary), fb(b, std::ios::binary);
  if (!fa || !fb || fs::file_size(a) != fs::file_size(b)) return false;
  std::vector<char> ba(1 << 20), bb(1 << 20);
  while (fa && fb) {
    fa.read(ba.data(), static_cast<std::streamsize>(ba.size()));
    fb.read(bb.data(), static_cast<std::streamsize>(bb.size()));
    if (fa.gcount() != fb.gcount() || !std::equal(ba.begin(), ba.begin() + fa.gcount(), bb.begin())) return false;
  }
  return true;
}

// Writes `bytes` pseudo-random bytes in 1 MiB blocks (never holds the file in memory).
inline void WriteLargeFile(const fs::path& path, int64_t bytes, uint64_t seed = 7) {
  std::ofstream out(path, std::ios::binary);
  std::mt19937_64 random(seed);
  std::vector<uint64_t> block((1 << 20) / sizeof(uint64_t));
  for (int64_t written = 0; written < bytes;) {
    for (auto& word : block) word = random();
    int64_t n = std::min<int64_t>(bytes - written, static_cast<int64_t>(block.size() * sizeof(uint64_t)));
    out.write(reinterpret_cast<const char*>(block.data()), n);
    written += n;
  }
}

// Peak resident memory of this process, in KiB (VmHWM); ResetPeakRss() restarts the peak.
inline int64_t PeakRssKib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}
inline bool ResetPeakRss() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  return static_cast<bool>(clear);
}

// Wraps a channel and counts raw sends by URL prefix and JSON calls by endpoint path.
class CountingChannel final : public transport::RestChannel {
 public:
  explicit CountingChannel(std::shared_ptr<transport::RestChannel> inner) : inner_(std::move(inner)) {}
  Result<Json> Call(const transport::Endpoint& endpoint, const Json& request,
                    const transport::PathParams& params = {}) override {
    Record(endpoint.path);
    return inner_->Call(endpoint, request, params);
  }
  Result<transport::HttpResponse> Send(transport::HttpRequest request, transport::Idempotency idempotency) override {
    Record(std::string(transport::HttpMethodName(request.method)) + " " + request.url);
    return inner_->Send(std::move(request), idempotency);
  }
  const std::string& base_url() const override { return inner_->base_url(); }
  // Requests whose "<METHOD> <url>" (raw) or endpoint path (JSON) starts with `prefix`.
  int Requests(const std::string& prefix) const {
    std::lock_guard<std::mutex> lock(mutex_);
    int n = 0;
    for (const auto& [key, count] : counts_) {
      if (key.rfind(prefix, 0) == 0) n += count;
    }
    return n;
  }

 private:
  void Record(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++counts_[key];
  }
  std::shared_ptr<transport::RestChannel> inner_;
  mutable std::mutex mutex_;
  std::map<std::string, int> counts_;
};

// tests/support/artifact_test_server.py on a free loopback port, stopped on destruction.
class LoopbackArtifactServer {
 public:
  explicit LoopbackArtifactServer(bool evil_listing = false) {
    root_ = MakeTempDir("loopback-artifacts");
    std::string port_file = root_ + ".port";
    std::string script = std::string(MLFLOWCPP_SOURCE_DIR) + "/tests/support/artifact_test_server.py";
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setpgid(0, 0);
      std::string python = VenvPython();
      const char* evil = evil_listing ? "--evil-listing" : nullptr;
      ::execl(python.c_str(), python.c_str(), script.c_str(), "--root", root_.c_str(), "--port-file", port_file.c_str(),
              evil, static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 200; ++i) {
      std::ifstream in(port_file);
      int port = 0;
      if (in >> port && port > 0) {
        uri_ = "http://127.0.0.1:" + std::to_string(port);
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    Stop();
    throw std::runtime_error("the loopback artifact server did not start");
  }
  ~LoopbackArtifactServer() { Stop(); }
  LoopbackArtifactServer(const LoopbackArtifactServer&) = delete;
  LoopbackArtifactServer& operator=(const LoopbackArtifactServer&) = delete;

  const std::string& uri() const { return uri_; }
  const std::string& root() const { return root_; }
  // GET /stats as JSON.
  Json Stats() const {
    auto transport = std::make_shared<transport::CurlTransport>();
    transport::HttpRequest request;
    request.url = uri_ + "/stats";
    return Json::parse(transport->Send(request).value().body);
  }

 private:
  void Stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
  }
  pid_t pid_ = -1;
  std::string root_;
  std::string uri_;
};

}  // namespace mlflow::testing
