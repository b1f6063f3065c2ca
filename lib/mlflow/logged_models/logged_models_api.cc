#include "mlflow/logged_models/logged_models_api.h"

#include <filesystem>
#include <system_error>

#include "mlflow/core/validation.h"
#include "mlflow/logged_models/logged_model_codec.h"

namespace mlflow {
namespace ep = transport::endpoints;
namespace fs = std::filesystem;
using logged_models::DecodeLoggedModel;

namespace {

Status ValidateModelId(const std::string& model_id) {
  if (model_id.empty() || model_id.find('/') != std::string::npos) {
    return InvalidArgument("invalid logged model id '" + model_id + "'");
  }
  return Status::Ok();
}

Json KeyValues(const std::map<std::string, std::string>& entries) {
  Json out = Json::array();
  for (const auto& [key, value] : entries) out.push_back({{"key", key}, {"value", value}});
  return out;
}

Result<LoggedModel> ModelFrom(const Json& body, const char* where) {
  if (!body.contains("model"))
    return Status(ErrorCode::kInvalidResponse, std::string(where) + " answered without model");
  return DecodeLoggedModel(body["model"]);
}

}  // namespace

LoggedModelsApi::LoggedModelsApi(std::shared_ptr<transport::RestChannel> channel,
                                 std::shared_ptr<ArtifactsApi> artifacts, std::shared_ptr<RegistryApi> registry)
    : channel_(std::move(channel)), artifacts_(std::move(artifacts)), registry_(std::move(registry)) {}

Result<LoggedModel> LoggedModelsApi::Create(const CreateLoggedModelRequest& request) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateExperimentId(request.experiment_id));
  for (const auto& [key, value] : request.params) MLFLOW_RETURN_IF_ERROR(validation::ValidateParam(key, value));
  for (const auto& [key, value] : request.tags) MLFLOW_RETURN_IF_ERROR(validation::ValidateRunTag(key, value));
  Json body = {{"experiment_id", request.experiment_id}};
  if (!request.name.empty()) body["name"] = request.name;
  if (!request.model_type.empty()) body["model_type"] = request.model_type;
  if (!request.source_run_id.empty()) body["source_run_id"] = request.source_run_id;
  if (!request.params.empty()) body["params"] = KeyValues(request.params);
  if (!request.tags.empty()) body["tags"] = KeyValues(request.tags);
  MLFLOW_ASSIGN_OR_RETURN(Json response, channel_->Call(ep::kCreateLoggedModel, body));
  return ModelFrom(response, "logged-models create");
}

Result<LoggedModel> LoggedModelsApi::Get(const std::string& model_id, bool allow_deleted) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelId(model_id));
  Json query = Json::object();
  if (allow_deleted) query["allow_deleted"] = true;
  MLFLOW_ASSIGN_OR_RETURN(Json response, channel_->Call(ep::kGetLoggedModel, query, {{"model_id", model_id}}));
  return ModelFrom(response, "logged-models get");
}

Status LoggedModelsApi::Delete(const std::string& model_id) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelId(model_id));
  return channel_->Call(ep::kDeleteLoggedModel, Json::object(), {{"model_id", model_id}}).status();
}

Status LoggedModelsApi::CheckParamsAlreadyLogged(const std::string& model_id,
                                                 const std::map<std::string, std::string>& params,
                                                 const Status& failure) {
  auto current = Get(model_id);
  if (!current.ok()) return failure;
  std::map<std::string, std::string> missing;
  for (const auto& [key, value] : params) {
    auto it = current->params.find(key);
    if (it == current->params.end()) {
      missing.emplace(key, value);
      continue;
    }
    if (it->second != value) {
      return Status(ErrorCode::kInvalidParameterValue, "param '" + key + "' of logged model " + model_id +
                                                           " is already '" + validation::Preview(it->second) +
                                                           "'; params are write-once (tried '" +
                                                           validation::Preview(value) + "')");
    }
  }
  if (missing.empty()) return Status::Ok();
  if (missing.size() == params.size()) return failure;  // the rejection was not about logged keys
  // The server refuses the whole request when one key exists; send only the new ones.
  return channel_
      ->Call(ep::kLogLoggedModelParams, {{"model_id", model_id}, {"params", KeyValues(missing)}},
             {{"model_id", model_id}})
      .status();
}

Status LoggedModelsApi::LogParams(const std::string& model_id, const std::map<std::string, std::string>& params) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelId(model_id));
  if (params.empty()) return Status::Ok();
  for (const auto& [key, value] : params) MLFLOW_RETURN_IF_ERROR(validation::ValidateParam(key, value));
  auto sent = channel_->Call(ep::kLogLoggedModelParams, {{"model_id", model_id}, {"params", KeyValues(params)}},
                             {{"model_id", model_id}});
  if (sent.ok()) return Status::Ok();
  // The server rejects a param key logged before, even with the same value (and so a retry of
  // a request that had been applied): accept when every value is already there.
  ErrorCode code = sent.status().code();
  if (code != ErrorCode::kBadRequest && code != ErrorCode::kInvalidParameterValue) return sent.status();
  return CheckParamsAlreadyLogged(model_id, params, sent.status());
}

Status LoggedModelsApi::SetTags(const std::string& model_id, const std::map<std::string, std::string>& tags) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelId(model_id));
  if (tags.empty()) return Status::Ok();
  for (const auto& [key, value] : tags) MLFLOW_RETURN_IF_ERROR(validation::ValidateRunTag(key, value));
  return channel_
      ->Call(ep::kSetLoggedModelTags, {{"model_id", model_id}, {"tags", KeyValues(tags)}}, {{"model_id", model_id}})
      .status();
}

Status LoggedModelsApi::DeleteTag(const std::string& model_id, const std::string& key) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelId(model_id));
  MLFLOW_RETURN_IF_ERROR(validation::ValidateKey("tag key", key));
  if (key.find('/') != std::string::npos) {
    return InvalidArgument("tag key '" + key + "' contains '/': the MLflow server's delete-tag route for logged " +
                           "models cannot address it (overwrite the tag with SetTags instead)");
  }
  return channel_->Call(ep::kDeleteLoggedModelTag, Json::object(), {{"model_id", model_id}, {"tag_key", key}}).status();
}

Result<LoggedModel> LoggedModelsApi::Finalize(const std::string& model_id, LoggedModelStatus status) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelId(model_id));
  if (status != LoggedModelStatus::kReady && status != LoggedModelStatus::kUploadFailed) {
    return InvalidArgument("a logged model is finalized READY or UPLOAD_FAILED");
  }
  MLFLOW_ASSIGN_OR_RETURN(
      Json response,
      channel_->Call(ep::kFinalizeLoggedModel, {{"model_id", model_id}, {"status", LoggedModelStatusName(status)}},
                     {{"model_id", model_id}}));
  return ModelFrom(response, "logged-models finalize");
}

Result<Page<LoggedModel>> LoggedModelsApi::Search(const SearchLoggedModelsRequest& request) {
  if (request.experiment_ids.empty()) return InvalidArgument("searching logged models needs experiment_ids");
  if (request.max_results <= 0) return InvalidArgument("max_results must be positive");
  Json body = {{"experiment_ids", request.experiment_ids}, {"max_results", request.max_results}};
  if (!request.filter.empty()) body["filter"] = request.filter;
  if (!request.page_token.empty()) body["page_token"] = request.page_token;
  if (!request.order_by.empty()) {
    Json order = Json::array();
    for (const auto& clause : request.order_by) {
      Json item = {{"field_name", clause.field_name}, {"ascending", clause.ascending}};
      if (!clause.dataset_name.empty()) item["dataset_name"] = clause.dataset_name;
      if (!clause.dataset_digest.empty()) item["dataset_digest"] = clause.dataset_digest;
      order.push_back(std::move(item));
    }
    body["order_by"] = std::move(order);
  }
  MLFLOW_ASSIGN_OR_RETURN(Json response, channel_->Call(ep::kSearchLoggedModels, body));
  Page<LoggedModel> page;
  for (const Json& model : GetArray(response, "models")) page.items.push_back(DecodeLoggedModel(model));
  page.next_page_token = GetString(response, "next_page_token");
  return page;
}

Result<std::vector<LoggedModel>> LoggedModelsApi::SearchAll(SearchLoggedModelsRequest request) {
  std::vector<LoggedModel> all;
  while (true) {
    MLFLOW_ASSIGN_OR_RETURN(Page<LoggedModel> page, Search(request));
    for (auto& model : page.items) all.push_back(std::move(model));
    if (page.next_page_token.empty() || page.next_page_token == request.page_token) return all;
    request.page_token = page.next_page_token;
  }
}

Status LoggedModelsApi::LinkToRun(const std::string& run_id, const std::string& model_id, int64_t step) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateRunId(run_id));
  MLFLOW_RETURN_IF_ERROR(ValidateModelId(model_id));
  Json models = Json::array({{{"model_id", model_id}, {"step", step}}});
  return channel_->Call(ep::kLogOutputs, {{"run_id", run_id}, {"models", models}}).status();
}

Result<ArtifactRepository> LoggedModelsApi::Artifacts(const std::string& model_id) {
  MLFLOW_ASSIGN_OR_RETURN(LoggedModel model, Get(model_id));
  if (model.artifact_uri.empty()) {
    return Status(ErrorCode::kInvalidResponse, "logged model " + model_id + " has no artifact_uri");
  }
  return artifacts_->ForUri(model.artifact_uri);
}

Status LoggedModelsApi::UploadArtifacts(const std::string& model_id, const std::string& local_path,
                                        const std::string& artifact_path) {
  MLFLOW_ASSIGN_OR_RETURN(ArtifactRepository repository, Artifacts(model_id));
  std::error_code ec;
  if (fs::is_directory(local_path, ec)) return repository.LogDirectory(local_path, artifact_path);
  return repository.LogFile(local_path, artifact_path);
}

Result<LoggedModel> LoggedModelsApi::UploadAndFinalize(const std::string& model_id, const std::string& local_path,
                                                       const std::string& artifact_path) {
  Status uploaded = UploadArtifacts(model_id, local_path, artifact_path);
  if (uploaded.ok()) return Finalize(model_id, LoggedModelStatus::kReady);
  auto marked = Finalize(model_id, LoggedModelStatus::kUploadFailed);
  if (!marked.ok())
    return uploaded.WithContext("upload failed and so did marking it UPLOAD_FAILED (" + marked.status().message() +
                                ")");
  return uploaded;
}

Result<ModelVersion> LoggedModelsApi::RegisterVersion(const std::string& model_id, const std::string& name,
                                                      const std::map<std::string, std::string>& tags,
                                                      std::chrono::milliseconds wait) {
  MLFLOW_RETURN_IF_ERROR(ValidateModelId(model_id));
  return registry_->RegisterModel("models:/" + model_id, name, tags, wait);
}

}  // namespace mlflow
