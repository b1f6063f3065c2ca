#include "mlflow/server/server_log.h"

#include <cstdio>
#include <ctime>

namespace mlflow::server {

ServerLog::ServerLog()
    : sink_([](LogLevel, const std::string& line) {
        std::fwrite(line.data(), 1, line.size(), stderr);
        std::fflush(stderr);
      }) {}

void ServerLog::Write(LogLevel level, const std::string& message) const {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  const char* name = level == LogLevel::kInfo ? "INFO" : level == LogLevel::kWarning ? "WARN" : "ERROR";
  std::string line = std::string(stamp) + " serve " + name + " " + message + "\n";
  if (sink_) sink_(level, line);
}

}  // namespace mlflow::server
