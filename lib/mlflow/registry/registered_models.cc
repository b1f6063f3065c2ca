// RegistryApi: registered models, aliases and the deprecated stage calls.
#include "mlflow/registry/registry_api.h"

#include "mlflow/registry/registry_codec.h"
#include "mlflow/registry/registry_validation.h"

namespace mlflow {
namespace ep = transport::endpoints;
using registry::DecodeModelVersion;
using registry::DecodeRegisteredModel;
using registry::ValidateAlias;
using registry::ValidateModelName;
using registry::ValidateTag;
using registry::ValidateVersion;

RegistryApi::RegistryApi(std::shared_ptr<transport::RestChannel> channel, transport::Sleeper sleeper)
    : channel_(std::move(channel)), sleeper_(std::move(sleeper)) {}

Result<RegisteredModel> RegistryApi::CallForModel(const transport::Endpoint& endpoint, const Json& request) {
  MLFLOW_ASSIGN_OR_RETURN(Json body, channel_->Call(endpoint, request));
  if (!body.contains("registered_model")) {
    return Status(ErrorCode::kInvalidResponse, std::string(endpoint.path) + " answered without registered_model");
  }
  return DecodeRegisteredModel(body["registered_model"]);
}

Result<RegisteredModel> RegistryApi::CreateRegisteredModel(const std::string& name, const std::string& description,
                                                           const std::map<std::string, std::string>& tags) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(name));
  for (const auto& [key, value] : tags) MLFLOW_RETURN_IF_ERROR(ValidateTag(key, value));
  Json request = {{"name", name}};
  if (!description.empty()) request["description"] = description;
  if (!tags.empty()) request["tags"] = registry::EncodeTags(tags);
  return CallForModel(ep::kCreateRegisteredModel, request);
}

Result<RegisteredModel> RegistryApi::GetOrCreateRegisteredModel(const std::string& name) {
  auto created = CreateRegisteredModel(name);
  if (created.ok()) return created;
  ErrorCode code = created.status().code();
  if (code == ErrorCode::kResourceAlreadyExists || code == ErrorCode::kAlreadyExists) return GetRegisteredModel(name);
  return created;
}

Result<RegisteredModel> RegistryApi::GetRegisteredModel(const std::string& name) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(name));
  return CallForModel(ep::kGetRegisteredModel, {{"name", name}});
}

Result<RegisteredModel> RegistryApi::RenameRegisteredModel(const std::string& name, const std::string& new_name) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(name));
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(new_name));
  return CallForModel(ep::kRenameRegisteredModel, {{"name", name}, {"new_name", new_name}});
}

Result<RegisteredModel> RegistryApi::UpdateRegisteredModel(const std::string& name, const std::string& description) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(name));
  return CallForModel(ep::kUpdateRegisteredModel, {{"name", name}, {"description", description}});
}

Status RegistryApi::DeleteRegisteredModel(const std::string& name) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(name));
  return channel_->Call(ep::kDeleteRegisteredModel, {{"name", name}}).status();
}

Result<Page<RegisteredModel>> RegistryApi::SearchRegisteredModels(const SearchRegisteredModelsRequest& request) {
  if (request.max_results <= 0) return InvalidArgument("max_results must be positive");
  Json query = {{"max_results", request.max_results}};
  if (!request.filter.empty()) query["filter"] = request.filter;
  if (!request.order_by.empty()) query["order_by"] = request.order_by;
  if (!request.page_token.empty()) query["page_token"] = request.page_token;
  MLFLOW_ASSIGN_OR_RETURN(Json body, channel_->Call(ep::kSearchRegisteredModels, query));
  Page<RegisteredModel> page;
  for (const Json& model : GetArray(body, "registered_models")) page.items.push_back(DecodeRegisteredModel(model));
  page.next_page_token = GetString(body, "next_page_token");
  return page;
}

Result<std::vector<RegisteredModel>> RegistryApi::SearchAllRegisteredModels(SearchRegisteredModelsRequest request) {
  std::vector<RegisteredModel> all;
  while (true) {
    MLFLOW_ASSIGN_OR_RETURN(Page<RegisteredModel> page, SearchRegisteredModels(request));
    for (auto& model : page.items) all.push_back(std::move(model));
    if (page.next_page_token.empty() || page.next_page_token == request.page_token) return all;
    request.page_token = page.next_page_token;
  }
}

Status RegistryApi::SetRegisteredModelTag(const std::string& name, const std::string& key, const std::string& value) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(name));
  MLFLOW_RETURN_IF_ERROR(ValidateTag(key, value));
  return channel_->Call(ep::kSetRegisteredModelTag, {{"name", name}, {"key", key}, {"value", value}}).status();
}

Status RegistryApi::DeleteRegisteredModelTag(const std::string& name, const std::string& key) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(name));
  return channel_->Call(ep::kDeleteRegisteredModelTag, {{"name", name}, {"key", key}}).status();
}

Status RegistryApi::SetAlias(const std::string& name, const std::string& alias, const std::string& version) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(name));
  MLFLOW_RETURN_IF_ERROR(ValidateAlias(alias));
  MLFLOW_RETURN_IF_ERROR(ValidateVersion(version));
  return channel_->Call(ep::kSetRegisteredModelAlias, {{"name", name}, {"alias", alias}, {"version", version}})
      .status();
}

Status RegistryApi::DeleteAlias(const std::string& name, const std::string& alias) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(name));
  MLFLOW_RETURN_IF_ERROR(ValidateAlias(alias));
  return channel_->Call(ep::kDeleteRegisteredModelAlias, {{"name", name}, {"alias", alias}}).status();
}

Result<ModelVersion> RegistryApi::GetModelVersionByAlias(const std::string& name, const std::string& alias) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(name));
  MLFLOW_RETURN_IF_ERROR(ValidateAlias(alias));
  return CallForVersion(ep::kGetModelVersionByAlias, {{"name", name}, {"alias", alias}});
}

Result<ModelVersion> RegistryApi::TransitionStage(const std::string& name, const std::string& version,
                                                  const std::string& stage, bool archive_existing_versions) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(name));
  MLFLOW_RETURN_IF_ERROR(ValidateVersion(version));
  return CallForVersion(ep::kTransitionModelVersionStage, {{"name", name},
                                                           {"version", version},
                                                           {"stage", stage},
                                                           {"archive_existing_versions", archive_existing_versions}});
}

Result<std::vector<ModelVersion>> RegistryApi::GetLatestVersions(const std::string& name,
                                                                 const std::vector<std::string>& stages) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelName(name));
  Json request = {{"name", name}};
  if (!stages.empty()) request["stages"] = stages;
  MLFLOW_ASSIGN_OR_RETURN(Json body, channel_->Call(ep::kGetLatestVersions, request));
  std::vector<ModelVersion> versions;
  for (const Json& version : GetArray(body, "model_versions")) versions.push_back(DecodeModelVersion(version));
  return versions;
}

}  // namespace mlflow
