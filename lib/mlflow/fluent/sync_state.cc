#include "mlflow/fluent/sync_state.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "mlflow/core/json.h"

namespace mlflow::journal {
namespace {
namespace fs = std::filesystem;

std::string Fnv1aHex(const std::string& text) {
  uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(hash));
  return out;
}

Status Errno(const std::string& what) { return IoError(what + ": " + std::strerror(errno)); }

Status WriteFileDurably(const std::string& path, const std::string& content) {
  std::string temp = path + ".tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot write '" + temp + "'");
  const char* data = content.data();
  size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return Errno("cannot write '" + temp + "'");
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return Errno("cannot fsync '" + temp + "'");
  }
  ::close(fd);
  if (::rename(temp.c_str(), path.c_str()) != 0) return Errno("cannot rename '" + temp + "'");
  int dir = ::open(fs::path(path).parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return Status::Ok();
}

}  // namespace

Result<SyncState> SyncState::Load(const std::string& journal_dir, const std::string& tracking_uri) {
  SyncState state;
  state.tracking_uri_ = tracking_uri;
  fs::path dir = fs::path(journal_dir) / "sync";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return IoError("cannot create '" + dir.string() + "': " + ec.message());
  state.path_ = (dir / (Fnv1aHex(tracking_uri) + ".json")).string();
  std::ifstream in(state.path_);
  if (!in) return state;  // never synced to this server
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = ParseJson(text.str(), "sync state " + state.path_);
  if (!parsed.ok()) return parsed.status();
  const Json& json = *parsed;
  if (GetString(json, "tracking_uri") != tracking_uri) {
    return Status(ErrorCode::kInvalidState, "sync state '" + state.path_ + "' belongs to another server (" +
                                                GetString(json, "tracking_uri") + ")");
  }
  const Json& segments = GetObject(json, "segments");
  for (auto it = segments.begin(); it != segments.end(); ++it) {
    state.segments_[it.key()] = it->is_number_integer() ? it->get<int64_t>() : 0;
  }
  const Json& runs = GetObject(json, "runs");
  for (auto it = runs.begin(); it != runs.end(); ++it) {
    if (it->is_string()) state.runs_[it.key()] = it->get<std::string>();
  }
  return state;
}

Status SyncState::Save() const {
  Json json = {{"tracking_uri", tracking_uri_}, {"segments", segments_}, {"runs", runs_}};
  return WriteFileDurably(path_, json.dump(1, ' ', false, Json::error_handler_t::replace) + "\n");
}

int64_t SyncState::SegmentOffset(const std::string& segment) const {
  auto it = segments_.find(segment);
  return it == segments_.end() ? 0 : it->second;
}

std::string SyncState::ServerRunId(const std::string& local_run_id) const {
  auto it = runs_.find(local_run_id);
  return it == runs_.end() ? "" : it->second;
}

Result<std::unique_ptr<SyncLock>> SyncLock::Acquire(const std::string& journal_dir) {
  fs::path dir = fs::path(journal_dir) / "sync";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return IoError("cannot create '" + dir.string() + "': " + ec.message());
  std::string path = (dir / "lock").string();
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot open '" + path + "'");
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return Status(ErrorCode::kResourceConflict, "another sync of journal '" + journal_dir + "' is running");
  }
  return std::unique_ptr<SyncLock>(new SyncLock(fd));
}

SyncLock::~SyncLock() { ::close(fd_); }

}  // namespace mlflow::journal
