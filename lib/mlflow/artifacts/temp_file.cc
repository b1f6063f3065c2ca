#include "mlflow/artifacts/temp_file.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <system_error>

namespace mlflow::artifacts {
namespace fs = std::filesystem;

fs::path TempPathFor(const fs::path& target) {
  static std::atomic<uint64_t> counter{0};
  thread_local std::mt19937_64 random(
      std::random_device{}() ^ static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  char suffix[40];
  std::snprintf(suffix, sizeof suffix, "%012llx%04llx", static_cast<unsigned long long>(random() & 0xffffffffffffULL),
                static_cast<unsigned long long>(counter++ & 0xffff));
  return target.parent_path() / ("." + target.filename().string() + ".mlflowcpp-" + suffix + ".tmp");
}

Status WriteAtomically(const fs::path& target, const std::function<Status(const std::string&)>& write) {
  std::error_code ec;
  if (!target.parent_path().empty()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec) return IoError("cannot create directory '" + target.parent_path().string() + "': " + ec.message());
  }
  fs::path temp = TempPathFor(target);
  Status status = write(temp.string());
  if (status.ok()) {
    fs::rename(temp, target, ec);
    if (ec) status = IoError("cannot rename '" + temp.string() + "' to '" + target.string() + "': " + ec.message());
  }
  if (!status.ok()) fs::remove(temp, ec);
  return status;
}

}  // namespace mlflow::artifacts
