// ServerLog: the prediction server's log lines ("2026-11-25T19:43:35Z serve WARN message").
//
// Lines go to a sink, stderr by default; tests install a capturing sink. Each line is
// written with one call, so concurrent lines never interleave. Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace mlflow::server {

enum class LogLevel { kInfo, kWarning, kError };

class ServerLog {
 public:
  using Sink = std::function<void(LogLevel level, const std::string& line)>;
  // Writes to stderr.
  ServerLog();
  explicit ServerLog(Sink sink) : sink_(std::move(sink)) {}

  void Info(const std::string& message) const { Write(LogLevel::kInfo, message); }
  void Warning(const std::string& message) const { Write(LogLevel::kWarning, message); }
  void Error(const std::string& message) const { Write(LogLevel::kError, message); }
  void Write(LogLevel level, const std::string& message) const;

 private:
  Sink sink_;
};

}  // namespace mlflow::server
