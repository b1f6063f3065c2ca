#include "mlflow/artifacts/local_artifact_store.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "mlflow/artifacts/artifact_paths.h"
#include "mlflow/artifacts/temp_file.h"

namespace mlflow::artifacts {
namespace fs = std::filesystem;

std::string LocalArtifactStore::Resolve(const std::string& path) const {
  return path.empty() ? root_ : (fs::path(root_) / path).string();
}

Result<Page<FileInfo>> LocalArtifactStore::ListPage(const std::string& dir, const std::string& /*page_token*/) {
  Page<FileInfo> page;
  std::error_code ec;
  fs::path where = Resolve(dir);
  if (!fs::is_directory(where, ec)) return page;
  for (fs::directory_iterator it(where, ec), end; !ec && it != end; it.increment(ec)) {
    FileInfo info;
    info.path = JoinArtifactPath(dir, it->path().filename().string());
    info.is_dir = it->is_directory(ec);
    if (!info.is_dir) {
      auto size = it->file_size(ec);
      if (!ec) info.file_size = static_cast<int64_t>(size);
      ec.clear();
    }
    page.items.push_back(std::move(info));
  }
  if (ec) return IoError("cannot list '" + where.string() + "': " + ec.message());
  std::sort(page.items.begin(), page.items.end(), [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
  return page;
}

Status LocalArtifactStore::Upload(const std::string& local_file, const std::string& path) {
  return WriteAtomically(Resolve(path), [&](const std::string& temp) {
    std::error_code ec;
    fs::copy_file(local_file, temp, fs::copy_options::overwrite_existing, ec);
    if (ec) return IoError("cannot copy '" + local_file + "' to '" + temp + "': " + ec.message());
    return Status::Ok();
  });
}

Status LocalArtifactStore::DownloadTo(const std::string& path, const std::string& local_file) {
  std::error_code ec;
  fs::path source = Resolve(path);
  if (!fs::is_regular_file(source, ec)) {
    if (fs::is_directory(source, ec)) {
      return Status(ErrorCode::kInvalidParameterValue, "artifact '" + path + "' is a directory, not a file");
    }
    return Status(ErrorCode::kResourceDoesNotExist, "no such artifact: '" + source.string() + "'", 404);
  }
  fs::copy_file(source, local_file, fs::copy_options::overwrite_existing, ec);
  if (ec) return IoError("cannot copy '" + source.string() + "' to '" + local_file + "': " + ec.message());
  return Status::Ok();
}

Status LocalArtifactStore::Delete(const std::string& path) {
  std::error_code ec;
  fs::remove_all(Resolve(path), ec);
  if (ec) return IoError("cannot delete '" + Resolve(path) + "': " + ec.message());
  return Status::Ok();
}

}  // namespace mlflow::artifacts
