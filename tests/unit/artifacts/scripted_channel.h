// Test doubles for the artifact and registry unit tests (no network, no server).
//
//   ScriptedChannel     a RestChannel whose JSON calls and raw sends are answered by handlers;
//                       raw answers behave like HttpRestChannel (non-2xx -> Status, a 2xx body
//                       goes to the request's body_sink when it has one)
//   FakeArtifactServer  an in-memory mlflow-artifacts service (list/get/put/delete, optional
//                       multipart) to plug into ScriptedChannel::on_send
// Thread-safe where the code under test may use threads (multipart part uploads).
#pragma once

#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "mlflow/artifacts/artifact_location.h"
#include "mlflow/core/json.h"
#include "mlflow/transport/rest_channel.h"

namespace mlflow::testing {

inline transport::HttpResponse Answer(int status, std::string body, transport::HttpHeaders headers = {}) {
  transport::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

inline transport::HttpResponse ErrorAnswer(int status, const std::string& code, const std::string& message) {
  return Answer(status, Json{{"error_code", code}, {"message", message}}.dump());
}

struct SentRequest {
  transport::HttpMethod method;
  std::string url;
  transport::HttpHeaders headers;
  std::string body;
  std::string upload_file;
  int64_t upload_offset = 0;
  int64_t upload_length = -1;
};

class ScriptedChannel final : public transport::RestChannel {
 public:
  using CallHandler =
      std::function<Result<Json>(const std::string& path, const Json& request, const transport::PathParams& params)>;
  using SendHandler = std::function<transport::HttpResponse(const transport::HttpRequest& request)>;

  explicit ScriptedChannel(std::string base_url = "http://fake.invalid") : base_url_(std::move(base_url)) {}

  CallHandler on_call;
  SendHandler on_send;

  Result<Json> Call(const transport::Endpoint& endpoint, const Json& request,
                    const transport::PathParams& params = {}) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      calls_.push_back({endpoint.path, request});
    }
    if (!on_call) return Json::object();
    return on_call(endpoint.path, request, params);
  }

  Result<transport::HttpResponse> Send(transport::HttpRequest request, transport::Idempotency) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      sent_.push_back({request.method, request.url, request.headers, request.body, request.upload_file,
                       request.upload_offset, request.upload_length});
    }
    if (request.before_attempt) request.before_attempt();
    transport::HttpResponse response = on_send ? on_send(request) : Answer(200, "{}");
    if (response.status < 200 || response.status >= 300) {
      return transport::StatusFromErrorResponse(response, request.url);
    }
    if (request.body_sink) {
      if (!response.body.empty() && !request.body_sink(response.body.data(), response.body.size())) {
        return IoError("sink refused the body");
      }
      response.body.clear();
    }
    return response;
  }

  const std::string& base_url() const override { return base_url_; }

  std::vector<std::pair<std::string, Json>> calls() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }
  std::vector<SentRequest> sent() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sent_;
  }
  size_t CountSent(transport::HttpMethod method, const std::string& url_prefix) const {
    size_t n = 0;
    for (const auto& request : sent()) {
      if (request.method == method && request.url.rfind(url_prefix, 0) == 0) ++n;
    }
    return n;
  }

 private:
  std::string base_url_;
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, Json>> calls_;
  std::vector<SentRequest> sent_;
};

inline std::string ReadFileBytes(const std::string& path, int64_t offset = 0, int64_t length = -1) {
  std::ifstream in(path, std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (offset >= static_cast<int64_t>(all.size())) return "";
  return length < 0 ? all.substr(static_cast<size_t>(offset))
                    : all.substr(static_cast<size_t>(offset), static_cast<size_t>(length));
}

// Files by full proxied path ("1/run/artifacts/model/MLmodel"); directories are implied.
class FakeArtifactServer {
 public:
  static constexpr const char* kRoot = "/api/2.0/mlflow-artifacts/artifacts";
  static constexpr const char* kMpu = "/api/2.0/mlflow-artifacts/mpu/";

  std::map<std::string, std::string> files;
  bool multipart_supported = false;
  int fail_part_number = 0;                // a part upload answering 500 (0 = none)
  std::vector<std::string> extra_listing;  // names added to every listing (malicious server)

  ScriptedChannel::SendHandler Handler() {
    return [this](const transport::HttpRequest& request) { return Handle(request); };
  }

 private:
  transport::HttpResponse Handle(const transport::HttpRequest& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::string& url = request.url;
    if (url.rfind(kMpu, 0) == 0) return Multipart(request);
    if (url.rfind("http://storage.invalid/part/", 0) == 0) return PutPart(request);
    if (url == kRoot || url.rfind(std::string(kRoot) + "?", 0) == 0) return List(url);
    std::string path = artifacts::PercentDecode(url.substr(std::string(kRoot).size() + 1));
    switch (request.method) {
      case transport::HttpMethod::kGet: {
        auto it = files.find(path);
        if (it == files.end()) return ErrorAnswer(404, "RESOURCE_DOES_NOT_EXIST", "No such artifact: " + path);
        return Answer(200, it->second);
      }
      case transport::HttpMethod::kPut:
        files[path] = request.upload_file.empty() ? request.body : ReadFileBytes(request.upload_file);
        return Answer(200, "{}");
      case transport::HttpMethod::kDelete:
        for (auto it = files.begin(); it != files.end();) {
          it = (it->first == path || it->first.rfind(path + "/", 0) == 0) ? files.erase(it) : std::next(it);
        }
        return Answer(200, "{}");
      default:
        return ErrorAnswer(405, "BAD_REQUEST", "method");
    }
  }

  transport::HttpResponse List(const std::string& url) {
    std::string dir;
    size_t q = url.find("?path=");
    if (q != std::string::npos) dir = artifacts::PercentDecode(url.substr(q + 6));
    std::string prefix = dir.empty() ? "" : dir + "/";
    std::map<std::string, Json> entries;
    for (const auto& [path, content] : files) {
      if (path.rfind(prefix, 0) != 0) continue;
      std::string rest = path.substr(prefix.size());
      size_t slash = rest.find('/');
      if (slash == std::string::npos) {
        entries[rest] = {{"path", rest}, {"is_dir", false}, {"file_size", content.size()}};
      } else {
        entries[rest.substr(0, slash)] = {{"path", rest.substr(0, slash)}, {"is_dir", true}};
      }
    }
    Json list = Json::array();
    for (auto& [name, entry] : entries) list.push_back(entry);
    if (!entries.empty()) {
      for (const auto& name : extra_listing) list.push_back({{"path", name}, {"is_dir", false}, {"file_size", 1}});
    }
    return Answer(200, list.empty() ? "{}" : Json{{"files", list}}.dump());
  }

  transport::HttpResponse Multipart(const transport::HttpRequest& request) {
    if (!multipart_supported) {
      return ErrorAnswer(501, "NOT_IMPLEMENTED",
                         "Multipart upload is not supported for the current artifact repository");
    }
    std::string rest = request.url.substr(std::string(kMpu).size());
    std::string action = rest.substr(0, rest.find('/'));
    std::string dir = artifacts::PercentDecode(rest.substr(action.size() + 1));
    Json body = Json::parse(request.body);
    std::string target = dir + "/" + body["path"].get<std::string>();
    if (action == "create") {
      Json credentials = Json::array();
      for (int64_t i = 1; i <= body["num_parts"].get<int64_t>(); ++i) {
        credentials.push_back({{"url", "http://storage.invalid/part/" + std::to_string(i)},
                               {"part_number", i},
                               {"headers", {{"x-part", std::to_string(i)}}}});
      }
      parts_.clear();
      return Answer(200, Json{{"upload_id", "up-1"}, {"credentials", credentials}}.dump());
    }
    if (action == "complete") {
      std::string content;
      for (const auto& part : body["parts"]) {
        completed_etags.push_back(part["etag"].get<std::string>());
        content += parts_[part["part_number"].get<int64_t>()];
      }
      files[target] = content;
      return Answer(200, "{}");
    }
    aborted = true;
    return Answer(200, "{}");
  }

  transport::HttpResponse PutPart(const transport::HttpRequest& request) {
    int64_t number = std::stoll(request.url.substr(std::string("http://storage.invalid/part/").size()));
    if (number == fail_part_number) return Answer(500, "<Error>storage failed</Error>");
    part_headers.insert(request.headers.count("x-part") ? request.headers.at("x-part") : "");
    parts_[number] = ReadFileBytes(request.upload_file, request.upload_offset, request.upload_length);
    return Answer(200, "", {{"etag", "\"etag-" + std::to_string(number) + "\""}});
  }

  std::mutex mutex_;
  std::map<int64_t, std::string> parts_;

 public:
  std::vector<std::string> completed_etags;
  std::set<std::string> part_headers;
  bool aborted = false;
};

}  // namespace mlflow::testing
