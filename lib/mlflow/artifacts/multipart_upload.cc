#include "mlflow/artifacts/multipart_upload.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace mlflow::artifacts {
namespace {
using transport::HttpMethod;
using transport::HttpRequest;
using transport::Idempotency;

constexpr const char* kMpuRoot = "/api/2.0/mlflow-artifacts/mpu/";
constexpr const char* kUnsupportedMessage = "Multipart upload is not supported";

struct Credential {
  int64_t part_number = 0;
  std::string url;
  std::map<std::string, std::string> headers;
};

struct Part {
  int64_t part_number = 0;
  std::string etag;
  std::string url;
};

Result<Json> PostJson(transport::RestChannel& server, const std::string& action, const std::string& dir,
                      const Json& body, Idempotency idempotency) {
  HttpRequest http;
  http.method = HttpMethod::kPost;
  http.url = kMpuRoot + action + "/" + transport::UrlEncodePath(dir);
  http.headers["Content-Type"] = "application/json";
  http.body = DumpJson(body);
  auto response = server.Send(std::move(http), idempotency);
  if (!response.ok()) return response.status();
  if (response->body.empty()) return Json::object();
  return ParseJson(response->body, "mpu/" + action + " response");
}

Result<std::vector<Credential>> ParseCredentials(const Json& body, int64_t num_parts) {
  std::vector<Credential> credentials;
  for (const Json& item : GetArray(body, "credentials")) {
    Credential credential;
    auto number = GetOptionalInt64(item, "part_number");
    credential.url = GetString(item, "url");
    if (!number || credential.url.empty()) {
      return Status(ErrorCode::kInvalidResponse, "mpu/create returned a credential without url or part_number");
    }
    credential.part_number = *number;
    const Json& headers = GetObject(item, "headers");
    for (auto it = headers.begin(); it != headers.end(); ++it) {
      credential.headers[it.key()] = it->is_string() ? it->get<std::string>() : DumpJson(*it);
    }
    credentials.push_back(std::move(credential));
  }
  std::sort(credentials.begin(), credentials.end(),
            [](const Credential& a, const Credential& b) { return a.part_number < b.part_number; });
  if (static_cast<int64_t>(credentials.size()) != num_parts) {
    return Status(ErrorCode::kInvalidResponse, "mpu/create returned " + std::to_string(credentials.size()) +
                                                   " part credentials for " + std::to_string(num_parts) + " parts");
  }
  for (size_t i = 0; i < credentials.size(); ++i) {
    if (credentials[i].part_number != static_cast<int64_t>(i) + 1) {
      return Status(ErrorCode::kInvalidResponse,
                    "mpu/create returned part numbers that are not 1.." + std::to_string(num_parts));
    }
  }
  return credentials;
}

Result<Part> UploadPart(transport::RestChannel& server, transport::RestChannel& storage, const Credential& credential,
                        const MultipartRequest& request, const ArtifactsOptions& options) {
  HttpRequest http;
  http.method = HttpMethod::kPut;
  http.url = credential.url;
  http.headers = credential.headers;
  http.upload_file = request.local_file;
  http.upload_offset = (credential.part_number - 1) * options.multipart_part_bytes;
  http.upload_length = std::min(options.multipart_part_bytes, request.file_size - http.upload_offset);
  if (options.transfer_timeout_seconds > 0) http.timeout_seconds = options.transfer_timeout_seconds;
  transport::RestChannel& channel = credential.url.rfind('/', 0) == 0 ? server : storage;
  auto response = channel.Send(std::move(http), Idempotency::kIdempotent);
  if (!response.ok()) return response.status().WithContext("part " + std::to_string(credential.part_number));
  return Part{credential.part_number, response->Header("etag"), credential.url};
}

// Uploads every part with up to `parallel` workers; the first failure stops the others.
Result<std::vector<Part>> UploadParts(transport::RestChannel& server, transport::RestChannel& storage,
                                      const std::vector<Credential>& credentials, const MultipartRequest& request,
                                      const ArtifactsOptions& options) {
  std::vector<Part> parts(credentials.size());
  std::atomic<size_t> next{0};
  std::mutex mutex;
  Status failure;
  auto worker = [&] {
    while (true) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure.ok()) return;
      }
      size_t index = next++;
      if (index >= credentials.size()) return;
      auto part = UploadPart(server, storage, credentials[index], request, options);
      std::lock_guard<std::mutex> lock(mutex);
      if (!part.ok()) {
        if (failure.ok()) failure = part.status();
        return;
      }
      parts[index] = std::move(part).value();
    }
  };
  size_t threads = std::min<size_t>(credentials.size(), static_cast<size_t>(std::max(1, options.max_parallel_parts)));
  std::vector<std::thread> pool;
  for (size_t i = 1; i < threads; ++i) pool.emplace_back(worker);
  worker();
  for (auto& thread : pool) thread.join();
  if (!failure.ok()) return failure;
  return parts;
}

}  // namespace

Result<bool> MultipartUpload(transport::RestChannel& server, transport::RestChannel& storage,
                             const MultipartRequest& request, const ArtifactsOptions& options) {
  if (options.multipart_part_bytes <= 0) return InvalidArgument("multipart_part_bytes must be positive");
  int64_t num_parts =
      std::max<int64_t>(1, (request.file_size + options.multipart_part_bytes - 1) / options.multipart_part_bytes);
  Json create_body = {{"path", request.file_name}, {"num_parts", num_parts}};
  auto created = PostJson(server, "create", request.dir_path, create_body, Idempotency::kNonIdempotent);
  if (!created.ok()) {
    const Status& status = created.status();
    if (status.code() == ErrorCode::kNotImplemented || status.http_status() == 501 ||
        status.message().rfind(kUnsupportedMessage, 0) == 0) {
      return false;
    }
    return status.WithContext("mpu/create");
  }
  std::string upload_id = GetString(*created, "upload_id");
  auto abort = [&](const Status& cause) {
    Json abort_body = {{"path", request.file_name}, {"upload_id", upload_id}};
    auto aborted = PostJson(server, "abort", request.dir_path, abort_body, Idempotency::kIdempotent);
    std::string note = aborted.ok() ? "" : " (abort failed too: " + aborted.status().message() + ")";
    return Status(cause.code(), cause.code_name(),
                  "multipart upload of '" + request.local_file + "' failed: " + cause.message() + note,
                  cause.http_status());
  };
  auto credentials = ParseCredentials(*created, num_parts);
  if (!credentials.ok()) return abort(credentials.status());
  auto parts = UploadParts(server, storage, *credentials, request, options);
  if (!parts.ok()) return abort(parts.status());

  Json part_list = Json::array();
  for (const Part& part : *parts) {
    part_list.push_back({{"part_number", part.part_number}, {"etag", part.etag}, {"url", part.url}});
  }
  Json complete_body = {{"path", request.file_name}, {"upload_id", upload_id}, {"parts", part_list}};
  auto completed = PostJson(server, "complete", request.dir_path, complete_body, Idempotency::kNonIdempotent);
  if (!completed.ok()) return abort(completed.status().WithContext("mpu/complete"));
  return true;
}

}  // namespace mlflow::artifacts
