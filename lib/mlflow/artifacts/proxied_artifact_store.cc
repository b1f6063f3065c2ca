#include "mlflow/artifacts/proxied_artifact_store.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

#include "mlflow/artifacts/artifact_paths.h"
#include "mlflow/artifacts/multipart_upload.h"

namespace mlflow::artifacts {
namespace fs = std::filesystem;
using transport::HttpMethod;
using transport::HttpRequest;
using transport::Idempotency;

namespace {
constexpr const char* kArtifactsRoot = "/api/2.0/mlflow-artifacts/artifacts";

struct FileCloser {
  void operator()(std::FILE* file) const {
    if (file) std::fclose(file);
  }
};
}  // namespace

ProxiedArtifactStore::ProxiedArtifactStore(std::shared_ptr<transport::RestChannel> server,
                                           std::shared_ptr<transport::RestChannel> storage, std::string root,
                                           ArtifactsOptions options,
                                           std::shared_ptr<std::atomic<bool>> multipart_unsupported)
    : server_(std::move(server)),
      storage_(std::move(storage)),
      root_(std::move(root)),
      options_(options),
      multipart_unsupported_(std::move(multipart_unsupported)) {}

std::string ProxiedArtifactStore::UrlFor(const std::string& path) const {
  return std::string(kArtifactsRoot) + "/" + transport::UrlEncodePath(JoinArtifactPath(root_, path));
}

Result<Page<FileInfo>> ProxiedArtifactStore::ListPage(const std::string& dir, const std::string& /*page_token*/) {
  HttpRequest http;
  http.method = HttpMethod::kGet;
  http.url = kArtifactsRoot;
  std::string listed = JoinArtifactPath(root_, dir);
  if (!listed.empty()) http.url += "?path=" + transport::UrlEncode(listed);
  auto response = server_->Send(std::move(http), Idempotency::kIdempotent);
  if (!response.ok()) return response.status().WithContext("list artifacts '" + listed + "'");
  MLFLOW_ASSIGN_OR_RETURN(Json body, ParseJson(response->body.empty() ? "{}" : response->body, "artifact listing"));
  Page<FileInfo> page;
  for (const Json& entry : GetArray(body, "files")) {
    FileInfo info;
    std::string name = GetString(entry, "path");
    // The service answers with names relative to the listed directory; a name that is not a
    // single clean segment is kept as sent so that the caller's check refuses it.
    info.path = name.empty() ? name : dir.empty() ? name : dir + "/" + name;
    info.is_dir = entry.is_object() && entry.value("is_dir", false);
    info.file_size = GetOptionalInt64(entry, "file_size");
    page.items.push_back(std::move(info));
  }
  return page;
}

Status ProxiedArtifactStore::SinglePut(const std::string& local_file, const std::string& path) {
  HttpRequest http;
  http.method = HttpMethod::kPut;
  http.url = UrlFor(path);
  http.headers["Content-Type"] = "application/octet-stream";
  http.upload_file = local_file;
  if (options_.transfer_timeout_seconds > 0) http.timeout_seconds = options_.transfer_timeout_seconds;
  auto response = server_->Send(std::move(http), Idempotency::kIdempotent);
  if (!response.ok()) return response.status().WithContext("upload '" + path + "'");
  return Status::Ok();
}

Status ProxiedArtifactStore::Upload(const std::string& local_file, const std::string& path) {
  std::error_code ec;
  auto size = fs::file_size(local_file, ec);
  if (ec) return IoError("cannot read '" + local_file + "': " + ec.message());
  bool try_multipart = options_.multipart_upload && !multipart_unsupported_->load() &&
                       static_cast<int64_t>(size) >= options_.multipart_threshold_bytes;
  if (try_multipart) {
    MultipartRequest request{JoinArtifactPath(root_, ParentArtifactPath(path)), BaseName(path), local_file,
                             static_cast<int64_t>(size)};
    auto uploaded = MultipartUpload(*server_, *storage_, request, options_);
    if (!uploaded.ok()) return uploaded.status().WithContext("upload '" + path + "'");
    if (*uploaded) return Status::Ok();
    multipart_unsupported_->store(true);
  }
  return SinglePut(local_file, path);
}

Status ProxiedArtifactStore::DownloadTo(const std::string& path, const std::string& local_file) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(local_file.c_str(), "wb"));
  if (!file) return IoError("cannot write '" + local_file + "'");
  bool write_failed = false;
  HttpRequest http;
  http.method = HttpMethod::kGet;
  http.url = UrlFor(path);
  if (options_.transfer_timeout_seconds > 0) http.timeout_seconds = options_.transfer_timeout_seconds;
  std::FILE* out = file.get();
  http.before_attempt = [out, &write_failed] {
    std::fflush(out);
    std::rewind(out);
    if (::ftruncate(::fileno(out), 0) != 0) write_failed = true;
  };
  http.body_sink = [out, &write_failed](const char* data, size_t size) {
    if (std::fwrite(data, 1, size, out) != size) {
      write_failed = true;
      return false;
    }
    return true;
  };
  auto response = server_->Send(std::move(http), Idempotency::kIdempotent);
  if (write_failed) return IoError("cannot write '" + local_file + "' (disk full?)");
  if (!response.ok()) return response.status().WithContext("download '" + path + "'");
  if (std::fflush(out) != 0 || std::ferror(out)) return IoError("cannot write '" + local_file + "'");
  return Status::Ok();
}

Status ProxiedArtifactStore::Delete(const std::string& path) {
  HttpRequest http;
  http.method = HttpMethod::kDelete;
  http.url = UrlFor(path);
  auto response = server_->Send(std::move(http), Idempotency::kIdempotent);
  if (!response.ok()) return response.status().WithContext("delete '" + path + "'");
  return Status::Ok();
}

}  // namespace mlflow::artifacts
