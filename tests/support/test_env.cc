#include "support/test_env.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mlflow::testing {
namespace fs = std::filesystem;

std::string TrackingUri() {
  if (const char* uri = std::getenv("MLFLOW_TEST_TRACKING_URI"); uri && *uri) return uri;
  std::string dir = MLFLOWCPP_BINARY_DIR "/test-server";
  if (const char* d = std::getenv("MLFLOWCPP_TEST_SERVER_DIR"); d && *d) dir = d;
  std::ifstream in(dir + "/uri");
  std::string uri;
  if (!(in >> uri)) {
    throw std::runtime_error(
        "no test MLflow server: run through ctest (fixture mlflow_server) or set "
        "MLFLOW_TEST_TRACKING_URI");
  }
  return uri;
}

std::string DataDir() { return MLFLOWCPP_DATA_DIR; }

std::string VenvPython() {
  if (const char* venv = std::getenv("MLFLOWCPP_VENV"); venv && *venv) return std::string(venv) + "/bin/python";
  return MLFLOWCPP_SOURCE_DIR "/.venv/bin/python";
}

int ScaledCount(int full, int minimum) {
  double scale = 1.0;
  if (const char* text = std::getenv("MLFLOWCPP_TEST_SCALE"); text && *text) {
    char* end = nullptr;
    double parsed = std::strtod(text, &end);
    if (!(end && *end == '\0' && parsed > 0.0 && parsed <= 1.0)) {
      // A typo must not silently run the full volume (or none): the test fails, naming the value.
      throw std::invalid_argument(std::string("MLFLOWCPP_TEST_SCALE='") + text + "' is not a fraction in (0, 1]");
    }
    scale = parsed;
  }
  return std::max(minimum, static_cast<int>(full * scale));
}

std::string UniqueName(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

std::string MakeTempDir(const std::string& prefix) {
  fs::path dir = fs::path(MLFLOWCPP_BINARY_DIR) / "test-scratch" / UniqueName(prefix);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

int RunCommand(const std::string& command, std::string* output) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return -1;
  std::array<char, 4096> buffer{};
  std::string captured;
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) captured.append(buffer.data(), n);
  int rc = ::pclose(pipe);
  if (output) *output = std::move(captured);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string RunPython(const std::string& script) {
  std::string dir = MakeTempDir("py");
  std::string path = dir + "/script.py";
  std::ofstream(path) << script;
  std::string out;
  std::string cmd =
      "MLFLOW_TRACKING_URI='" + TrackingUri() + "' '" + VenvPython() + "' '" + path + "' 2>" + dir + "/stderr";
  int rc = RunCommand(cmd, &out);
  if (rc != 0) {
    std::ifstream err(dir + "/stderr");
    std::stringstream ss;
    ss << err.rdbuf();
    throw std::runtime_error("python failed (" + std::to_string(rc) + "): " + ss.str());
  }
  return out;
}

}  // namespace mlflow::testing
