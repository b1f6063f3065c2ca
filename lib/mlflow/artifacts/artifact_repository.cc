#include "mlflow/artifacts/artifact_repository.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "mlflow/artifacts/artifact_paths.h"
#include "mlflow/artifacts/artifact_store.h"
#include "mlflow/artifacts/temp_file.h"

namespace mlflow {
namespace fs = std::filesystem;
using artifacts::CheckListingEntry;
using artifacts::JoinArtifactPath;
using artifacts::NormalizeArtifactPath;

namespace {
constexpr int kMaxTreeDepth = 128;
constexpr int kMaxPages = 100000;
}  // namespace

ArtifactRepository::ArtifactRepository(std::shared_ptr<artifacts::ArtifactStore> store, std::string root_uri)
    : store_(std::move(store)), root_uri_(std::move(root_uri)) {}

Status ArtifactRepository::LogFile(const std::string& local_file, const std::string& artifact_dir) {
  MLFLOW_ASSIGN_OR_RETURN(std::string dir, NormalizeArtifactPath(artifact_dir, "artifact_path"));
  std::error_code ec;
  if (!fs::is_regular_file(local_file, ec)) return IoError("'" + local_file + "' is not a readable regular file");
  std::string name = fs::path(local_file).filename().string();
  MLFLOW_ASSIGN_OR_RETURN(std::string path, NormalizeArtifactPath(JoinArtifactPath(dir, name), "file name"));
  return store_->Upload(local_file, path);
}

Status ArtifactRepository::LogDirectory(const std::string& local_dir, const std::string& artifact_dir) {
  MLFLOW_ASSIGN_OR_RETURN(std::string dir, NormalizeArtifactPath(artifact_dir, "artifact_path"));
  std::error_code ec;
  if (!fs::is_directory(local_dir, ec)) return IoError("'" + local_dir + "' is not a directory");
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(local_dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec)) files.push_back(it->path());
  }
  if (ec) return IoError("cannot walk '" + local_dir + "': " + ec.message());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::string relative = file.lexically_relative(local_dir).generic_string();
    MLFLOW_ASSIGN_OR_RETURN(std::string path, NormalizeArtifactPath(JoinArtifactPath(dir, relative), "file path"));
    MLFLOW_RETURN_IF_ERROR(store_->Upload(file.string(), path));
  }
  return Status::Ok();
}

Result<Page<FileInfo>> ArtifactRepository::ListPage(const std::string& path, const std::string& page_token) {
  MLFLOW_ASSIGN_OR_RETURN(std::string dir, NormalizeArtifactPath(path, "artifact path"));
  Page<FileInfo> page;
  if (run_listing_channel_) {
    Json request = {{"run_id", run_id_}};
    std::string listed = JoinArtifactPath(run_prefix_, dir);
    if (!listed.empty()) request["path"] = listed;
    if (!page_token.empty()) request["page_token"] = page_token;
    MLFLOW_ASSIGN_OR_RETURN(Json body, run_listing_channel_->Call(transport::endpoints::kListArtifacts, request));
    for (const Json& entry : GetArray(body, "files")) {
      FileInfo info;
      info.path = GetString(entry, "path");
      if (!run_prefix_.empty()) {
        MLFLOW_RETURN_IF_ERROR(CheckListingEntry(run_prefix_, info.path));
        info.path = info.path.substr(run_prefix_.size() + 1);
      }
      info.is_dir = entry.is_object() && entry.value("is_dir", false);
      info.file_size = GetOptionalInt64(entry, "file_size");
      page.items.push_back(std::move(info));
    }
    page.next_page_token = GetString(body, "next_page_token");
  } else {
    MLFLOW_ASSIGN_OR_RETURN(page, store_->ListPage(dir, page_token));
  }
  for (const FileInfo& info : page.items) MLFLOW_RETURN_IF_ERROR(CheckListingEntry(dir, info.path));
  return page;
}

Result<std::vector<FileInfo>> ArtifactRepository::List(const std::string& path) {
  std::vector<FileInfo> all;
  std::string token;
  for (int pages = 0; pages < kMaxPages; ++pages) {
    MLFLOW_ASSIGN_OR_RETURN(Page<FileInfo> page, ListPage(path, token));
    for (auto& item : page.items) all.push_back(std::move(item));
    if (page.next_page_token.empty()) {
      std::sort(all.begin(), all.end(), [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
      return all;
    }
    if (page.next_page_token == token) {
      return Status(ErrorCode::kInvalidResponse, "artifact listing of '" + path + "' repeats its page token");
    }
    token = page.next_page_token;
  }
  return Status(ErrorCode::kInvalidResponse, "artifact listing of '" + path + "' does not end");
}

Result<std::vector<FileInfo>> ArtifactRepository::ListRecursive(const std::string& path) {
  std::vector<FileInfo> out;
  // Depth-first with an explicit stack of (directory, depth).
  std::vector<std::pair<std::string, int>> pending{{path, 0}};
  while (!pending.empty()) {
    auto [dir, depth] = pending.back();
    pending.pop_back();
    if (depth > kMaxTreeDepth) {
      return Status(ErrorCode::kInvalidResponse,
                    "artifact tree below '" + path + "' is deeper than " + std::to_string(kMaxTreeDepth) + " levels");
    }
    MLFLOW_ASSIGN_OR_RETURN(std::vector<FileInfo> entries, List(dir));
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
      if (it->is_dir) pending.emplace_back(it->path, depth + 1);
    }
    for (auto& entry : entries) out.push_back(std::move(entry));
  }
  std::sort(out.begin(), out.end(), [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
  return out;
}

Status ArtifactRepository::DownloadFile(const std::string& path, const std::string& local_file) {
  MLFLOW_ASSIGN_OR_RETURN(std::string remote, NormalizeArtifactPath(path, "artifact path"));
  if (remote.empty()) return InvalidArgument("DownloadFile needs a file path, not the artifact root");
  return artifacts::WriteAtomically(local_file,
                                    [&](const std::string& temp) { return store_->DownloadTo(remote, temp); });
}

Status ArtifactRepository::DownloadTree(const std::string& path, const std::string& local_dir) {
  std::error_code ec;
  fs::create_directories(local_dir, ec);
  if (ec) return IoError("cannot create '" + local_dir + "': " + ec.message());
  MLFLOW_ASSIGN_OR_RETURN(std::vector<FileInfo> entries, ListRecursive(path));
  for (const FileInfo& entry : entries) {
    std::string relative = path.empty() ? entry.path : entry.path.substr(path.size() + 1);
    MLFLOW_ASSIGN_OR_RETURN(fs::path local, artifacts::LocalPathFor(local_dir, relative));
    if (entry.is_dir) {
      fs::create_directories(local, ec);
      if (ec) return IoError("cannot create '" + local.string() + "': " + ec.message());
    } else {
      MLFLOW_RETURN_IF_ERROR(DownloadFile(entry.path, local.string()));
    }
  }
  return Status::Ok();
}

Result<std::string> ArtifactRepository::Download(const std::string& path, const std::string& dest_dir) {
  MLFLOW_ASSIGN_OR_RETURN(std::string remote, NormalizeArtifactPath(path, "artifact path"));
  MLFLOW_ASSIGN_OR_RETURN(fs::path target, artifacts::LocalPathFor(dest_dir, remote));
  if (remote.empty()) {
    MLFLOW_RETURN_IF_ERROR(DownloadTree(remote, target.string()));
    return target.string();
  }
  MLFLOW_ASSIGN_OR_RETURN(Page<FileInfo> first, ListPage(remote));
  if (!first.items.empty()) {
    MLFLOW_RETURN_IF_ERROR(DownloadTree(remote, target.string()));
  } else {
    MLFLOW_RETURN_IF_ERROR(DownloadFile(remote, target.string()));
  }
  return target.string();
}

Status ArtifactRepository::Delete(const std::string& path) {
  MLFLOW_ASSIGN_OR_RETURN(std::string remote, NormalizeArtifactPath(path, "artifact path"));
  return store_->Delete(remote);
}

}  // namespace mlflow
