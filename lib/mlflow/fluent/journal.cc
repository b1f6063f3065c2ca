#include "mlflow/fluent/journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include "mlflow/core/clock.h"
#include "mlflow/fluent/journal_format.h"
#include "mlflow/fluent/log_batch_body.h"

namespace mlflow {
namespace {
namespace fs = std::filesystem;

std::string RandomHex(size_t digits) {
  static std::mutex mutex;
  static std::mt19937_64 engine;
  static pid_t seeded_for = 0;
  static constexpr char kHex[] = "0123456789abcdef";
  std::lock_guard<std::mutex> lock(mutex);
  if (seeded_for != ::getpid()) {  // reseed in a forked child, so parent and child differ
    seeded_for = ::getpid();
    std::seed_seq seed{static_cast<uint64_t>(std::random_device{}()), static_cast<uint64_t>(NowMillis()),
                       static_cast<uint64_t>(seeded_for)};
    engine.seed(seed);
  }
  std::string out;
  while (out.size() < digits) {
    uint64_t bits = engine();
    for (int i = 0; i < 16 && out.size() < digits; ++i, bits >>= 4) out += kHex[bits & 0xF];
  }
  return out;
}

Status Errno(const std::string& what) { return IoError(what + ": " + std::strerror(errno)); }

Status FsyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open journal directory '" + dir + "'");
  int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::Ok() : Errno("cannot fsync journal directory '" + dir + "'");
}

std::string HostName() {
  char name[256] = {0};
  if (::gethostname(name, sizeof name - 1) != 0) return "";
  return name;
}

Json TagsJson(const std::vector<RunTag>& tags) {
  Json out = Json::array();
  for (const RunTag& tag : tags) out.push_back({{"key", tag.key}, {"value", tag.value}});
  return out;
}

}  // namespace

bool IsJournalUri(std::string_view uri) { return uri.substr(0, 8) == "journal:"; }

std::string JournalDirFromUri(std::string_view uri) {
  std::string_view rest = uri.substr(8);
  if (rest.substr(0, 2) == "//") rest.remove_prefix(2);
  return std::string(rest);
}

Result<std::shared_ptr<JournalBackend>> JournalBackend::Open(const std::string& dir) {
  if (dir.empty()) return InvalidArgument("journal directory must not be empty (journal:/path/to/dir)");
  std::error_code ec;
  fs::path segments = fs::path(dir) / "segments";
  fs::create_directories(segments, ec);
  if (ec) return IoError("cannot create journal directory '" + segments.string() + "': " + ec.message());
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "%015lld", static_cast<long long>(NowMillis()));
  std::string name =
      std::string(stamp) + "-" + std::to_string(::getpid()) + "-" + RandomHex(8) + std::string(journal::kSegmentSuffix);
  std::string path = (segments / name).string();
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot create journal segment '" + path + "'");
  auto backend = std::shared_ptr<JournalBackend>(new JournalBackend(dir, path, fd));
  std::string_view magic = journal::kSegmentMagic;
  if (::write(fd, magic.data(), magic.size()) != static_cast<ssize_t>(magic.size())) {
    return Errno("cannot write journal segment '" + path + "'");
  }
  Json info = {
      {"type", "segment"}, {"pid", static_cast<int64_t>(::getpid())}, {"host", HostName()}, {"created", NowMillis()}};
  MLFLOW_RETURN_IF_ERROR(backend->Append(DumpJson(info)));
  if (::fsync(fd) != 0) return Errno("cannot fsync journal segment '" + path + "'");
  MLFLOW_RETURN_IF_ERROR(FsyncDirectory(segments.string()));
  return backend;
}

JournalBackend::JournalBackend(std::string dir, std::string segment_path, int fd)
    : dir_(std::move(dir)), segment_path_(std::move(segment_path)), fd_(fd) {}

JournalBackend::~JournalBackend() {
  if (fd_ >= 0) ::close(fd_);
}

Status JournalBackend::Append(std::string_view payload) {
  std::string record = journal::FrameRecord(payload);
  std::lock_guard<std::mutex> lock(mutex_);
  const char* data = record.data();
  size_t left = record.size();
  while (left > 0) {
    ssize_t written = ::write(fd_, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      return Errno("cannot append to journal segment '" + segment_path_ + "'");
    }
    data += written;
    left -= static_cast<size_t>(written);
  }
  dirty_ = true;
  return Status::Ok();
}

Result<StartedRun> JournalBackend::StartRun(const RunStartRequest& request) {
  std::string run_id = request.resume_run_id.empty() ? RandomHex(32) : request.resume_run_id;
  Json record = {{"type", "start_run"},
                 {"run", run_id},
                 {"experiment_name", request.experiment_name},
                 {"experiment_id", request.experiment_id},
                 {"run_name", request.run_name},
                 {"start_time", request.start_time},
                 {"tags", TagsJson(request.tags)},
                 {"resume_run_id", request.resume_run_id}};
  MLFLOW_RETURN_IF_ERROR(Append(DumpJson(record)));
  return StartedRun{run_id, request.experiment_name.empty() ? request.experiment_id : "", request.run_name};
}

Status JournalBackend::LogBatch(const LogBatchRequest& batch) {
  std::string payload = "{\"type\":\"log_batch\",\"batch\":";
  payload += fluent::EncodeLogBatchBody(batch);
  payload += '}';
  return Append(payload);
}

Status JournalBackend::EndRun(const std::string& run_id, RunStatus status, int64_t end_time) {
  Json record = {{"type", "end_run"}, {"run", run_id}, {"status", RunStatusName(status)}, {"end_time", end_time}};
  return Append(DumpJson(record));
}

Status JournalBackend::Sync() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!dirty_) return Status::Ok();
  if (::fdatasync(fd_) != 0) return Errno("cannot fsync journal segment '" + segment_path_ + "'");
  dirty_ = false;
  return Status::Ok();
}

}  // namespace mlflow
