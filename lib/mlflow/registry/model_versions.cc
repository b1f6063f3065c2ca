// RegistryApi: model versions, registration and waiting for READY.
#include <algorithm>

#include "mlflow/registry/model_uri.h"
#include "mlflow/registry/registry_api.h"
#include "mlflow/registry/registry_codec.h"
#include "mlflow/registry/registry_validation.h"
#include "mlflow/core/validation.h"

namespace mlflow {
namespace ep = transport::endpoints;
using registry::DecodeModelVersion;
using registry::ValidateModelName;
using registry::ValidateTag;
using registry::ValidateVersion;

Result<ModelVersion> RegistryApi::CallForVersion(const transport::Endpoint& endpoint, const Json& request) {
  MLFLOW_ASSIGN_OR_RETURN(Json body, channel_->Call(endpoint, request));
  if (!body.contains("model_version")) {
    return Status(ErrorCode::kInvalidResponse, std::string(endpoint.path) + " answered without model_version");
  }
  return DecodeModelVersion(body["model_version"]);
}

Result<ModelVersion> RegistryApi::CreateModelVersion(const CreateModelVersionRequest& request) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(request.name));
  if (request.source.empty()) return InvalidArgument("a model version needs a source (where its files are)");
  for (const auto& [key, value] : request.tags) MLFLOW_RETURN_IF_ERROR(ValidateTag(key, value));
  Json body = {{"name", request.name}, {"source", request.source}};
  if (!request.run_id.empty()) body["run_id"] = request.run_id;
  if (!request.model_id.empty()) body["model_id"] = request.model_id;
  if (!request.tags.empty()) body["tags"] = registry::EncodeTags(request.tags);
  if (!request.run_link.empty()) body["run_link"] = request.run_link;
  if (!request.description.empty()) body["description"] = request.description;
  return CallForVersion(ep::kCreateModelVersion, body);
}

Result<ModelVersion> RegistryApi::CreateModelVersionFromRun(const std::string& name, const std::string& run_id,
                                                            const std::string& artifact_path,
                                                            const std::map<std::string, std::string>& tags) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateRunId(run_id));
  MLFLOW_ASSIGN_OR_RETURN(Json run, channel_->Call(ep::kGetRun, Json{{"run_id", run_id}}));
  std::string root = GetString(GetObject(GetObject(run, "run"), "info"), "artifact_uri");
  if (root.empty()) return Status(ErrorCode::kInvalidResponse, "run '" + run_id + "' has no artifact_uri");
  std::string path = artifact_path;
  while (!path.empty() && path.front() == '/') path.erase(0, 1);
  while (!path.empty() && path.back() == '/') path.pop_back();
  CreateModelVersionRequest request;
  request.name = name;
  request.source = path.empty() ? root : root + "/" + path;
  request.run_id = run_id;
  request.tags = tags;
  return CreateModelVersion(request);
}

Result<ModelVersion> RegistryApi::CreateModelVersionFromLoggedModel(const std::string& name,
                                                                    const std::string& model_id,
                                                                    const std::map<std::string, std::string>& tags) {
  if (model_id.empty() || model_id.find('/') != std::string::npos) {
    return InvalidArgument("invalid logged model id '" + model_id + "'");
  }
  CreateModelVersionRequest request;
  request.name = name;
  request.source = "models:/" + model_id;
  request.model_id = model_id;
  request.tags = tags;
  return CreateModelVersion(request);
}

Result<ModelVersion> RegistryApi::RegisterModel(const std::string& model_uri, const std::string& name,
                                                const std::map<std::string, std::string>& tags,
                                                std::chrono::milliseconds wait) {
  MLFLOW_ASSIGN_OR_RETURN(ModelUri uri, ParseModelUri(model_uri));
  if (uri.kind != ModelUri::Kind::kRun && uri.kind != ModelUri::Kind::kLoggedModel) {
    return InvalidArgument("register a model from runs:/<run_id>/<path> or models:/<model_id>, not '" + model_uri +
                           "'");
  }
  MLFLOW_RETURN_IF_ERROR(GetOrCreateRegisteredModel(name).status());
  MLFLOW_ASSIGN_OR_RETURN(ModelVersion version,
                          uri.kind == ModelUri::Kind::kRun
                              ? CreateModelVersionFromRun(name, uri.run_id, uri.artifact_path, tags)
                              : CreateModelVersionFromLoggedModel(name, uri.model_id, tags));
  if (wait.count() <= 0 || version.status == ModelVersionStatus::kReady) return version;
  return WaitUntilReady(name, version.version, wait);
}

Result<ModelVersion> RegistryApi::GetModelVersion(const std::string& name, const std::string& version) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(name));
  MLFLOW_RETURN_IF_ERROR(ValidateVersion(version));
  return CallForVersion(ep::kGetModelVersion, {{"name", name}, {"version", version}});
}

Result<ModelVersion> RegistryApi::UpdateModelVersion(const std::string& name, const std::string& version,
                                                     const std::string& description) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(name));
  MLFLOW_RETURN_IF_ERROR(ValidateVersion(version));
  return CallForVersion(ep::kUpdateModelVersion, {{"name", name}, {"version", version}, {"description", description}});
}

Status RegistryApi::DeleteModelVersion(const std::string& name, const std::string& version) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(name));
  MLFLOW_RETURN_IF_ERROR(ValidateVersion(version));
  return channel_->Call(ep::kDeleteModelVersion, {{"name", name}, {"version", version}}).status();
}

Result<Page<ModelVersion>> RegistryApi::SearchModelVersions(const SearchModelVersionsRequest& request) {
  if (request.max_results <= 0) return InvalidArgument("max_results must be positive");
  Json query = {{"max_results", request.max_results}};
  if (!request.filter.empty()) query["filter"] = request.filter;
  if (!request.order_by.empty()) query["order_by"] = request.order_by;
  if (!request.page_token.empty()) query["page_token"] = request.page_token;
  MLFLOW_ASSIGN_OR_RETURN(Json body, channel_->Call(ep::kSearchModelVersions, query));
  Page<ModelVersion> page;
  for (const Json& version : GetArray(body, "model_versions")) page.items.push_back(DecodeModelVersion(version));
  page.next_page_token = GetString(body, "next_page_token");
  return page;
}

Result<std::vector<ModelVersion>> RegistryApi::SearchAllModelVersions(SearchModelVersionsRequest request) {
  std::vector<ModelVersion> all;
  while (true) {
    MLFLOW_ASSIGN_OR_RETURN(Page<ModelVersion> page, SearchModelVersions(request));
    for (auto& version : page.items) all.push_back(std::move(version));
    if (page.next_page_token.empty() || page.next_page_token == request.page_token) return all;
    request.page_token = page.next_page_token;
  }
}

Status RegistryApi::SetModelVersionTag(const std::string& name, const std::string& version, const std::string& key,
                                       const std::string& value) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(name));
  MLFLOW_RETURN_IF_ERROR(ValidateVersion(version));
  MLFLOW_RETURN_IF_ERROR(ValidateTag(key, value));
  return channel_->Call(ep::kSetModelVersionTag, {{"name", name}, {"version", version}, {"key", key}, {"value", value}})
      .status();
}

Status RegistryApi::DeleteModelVersionTag(const std::string& name, const std::string& version, const std::string& key) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(name));
  MLFLOW_RETURN_IF_ERROR(ValidateVersion(version));
  return channel_->Call(ep::kDeleteModelVersionTag, {{"name", name}, {"version", version}, {"key", key}}).status();
}

Result<std::string> RegistryApi::GetModelVersionDownloadUri(const std::string& name, const std::string& version) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(name));
  MLFLOW_RETURN_IF_ERROR(ValidateVersion(version));
  MLFLOW_ASSIGN_OR_RETURN(Json body,
                          channel_->Call(ep::kGetModelVersionDownloadUri, {{"name", name}, {"version", version}}));
  std::string uri = GetString(body, "artifact_uri");
  if (uri.empty()) return Status(ErrorCode::kInvalidResponse, "get-download-uri answered without artifact_uri");
  return uri;
}

Result<ModelVersion> RegistryApi::WaitUntilReady(const std::string& name, const std::string& version,
                                                 std::chrono::milliseconds timeout, std::chrono::milliseconds poll) {
  auto started = std::chrono::steady_clock::now();
  std::chrono::milliseconds slept{0};
  poll = std::max(poll, std::chrono::milliseconds(1));
  while (true) {
    MLFLOW_ASSIGN_OR_RETURN(ModelVersion current, GetModelVersion(name, version));
    if (current.status == ModelVersionStatus::kReady) return current;
    if (current.status == ModelVersionStatus::kFailedRegistration) {
      return Status(ErrorCode::kInvalidState,
                    "model version " + name + "/" + version + " failed registration: " + current.status_message);
    }
    auto elapsed = std::max(
        slept, std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started));
    if (elapsed >= timeout) {
      return Status(ErrorCode::kTimeout, "model version " + name + "/" + version + " is still " +
                                             ModelVersionStatusName(current.status) + " after " +
                                             std::to_string(timeout.count()) + " ms");
    }
    auto nap = std::min(poll, timeout - elapsed);
    sleeper_(nap);
    slept += nap;
  }
}

}  // namespace mlflow
