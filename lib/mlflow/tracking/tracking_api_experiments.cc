// TrackingApi: experiments (create, get, search, update, delete, restore, tags).
#include "mlflow/core/validation.h"
#include "mlflow/tracking/entity_codec.h"
#include "mlflow/tracking/tracking_api.h"

namespace mlflow {

namespace endpoints = transport::endpoints;

TrackingApi::TrackingApi(std::shared_ptr<transport::RestChannel> channel) : channel_(std::move(channel)) {}

Result<std::string> TrackingApi::CreateExperiment(const std::string& name, const std::string& artifact_location,
                                                  const std::vector<ExperimentTag>& tags) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateExperimentName(name));
  Json body{{"name", name}};
  if (!artifact_location.empty()) body["artifact_location"] = artifact_location;
  if (!tags.empty()) {
    Json encoded = Json::array();
    for (const auto& tag : tags) {
      MLFLOW_RETURN_IF_ERROR(validation::ValidateExperimentTag(tag.key, tag.value));
      encoded.push_back(codec::EncodeExperimentTag(tag));
    }
    body["tags"] = std::move(encoded);
  }
  MLFLOW_ASSIGN_OR_RETURN(Json response, channel_->Call(endpoints::kCreateExperiment, body));
  std::string id = GetString(response, "experiment_id");
  if (id.empty()) return Status(ErrorCode::kInvalidResponse, "experiments/create answered without experiment_id");
  return id;
}

Result<Experiment> TrackingApi::GetExperiment(const std::string& experiment_id) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateExperimentId(experiment_id));
  MLFLOW_ASSIGN_OR_RETURN(Json response, channel_->Call(endpoints::kGetExperiment, {{"experiment_id", experiment_id}}));
  return codec::DecodeExperiment(GetObject(response, "experiment"));
}

Result<Experiment> TrackingApi::GetExperimentByName(const std::string& name) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateExperimentName(name));
  MLFLOW_ASSIGN_OR_RETURN(Json response, channel_->Call(endpoints::kGetExperimentByName, {{"experiment_name", name}}));
  return codec::DecodeExperiment(GetObject(response, "experiment"));
}

Result<Page<Experiment>> TrackingApi::SearchExperiments(const SearchExperimentsRequest& request) {
  if (request.max_results < 1) {
    return InvalidArgument("search_experiments: max_results must be at least 1, got " +
                           std::to_string(request.max_results));
  }
  Json body{{"max_results", request.max_results}, {"view_type", ViewTypeName(request.view_type)}};
  if (!request.filter.empty()) body["filter"] = request.filter;
  if (!request.order_by.empty()) body["order_by"] = request.order_by;
  if (!request.page_token.empty()) body["page_token"] = request.page_token;
  MLFLOW_ASSIGN_OR_RETURN(Json response, channel_->Call(endpoints::kSearchExperiments, body));
  Page<Experiment> page;
  for (const auto& item : GetArray(response, "experiments")) {
    MLFLOW_ASSIGN_OR_RETURN(Experiment experiment, codec::DecodeExperiment(item));
    page.items.push_back(std::move(experiment));
  }
  page.next_page_token = GetString(response, "next_page_token");
  return page;
}

Result<std::vector<Experiment>> TrackingApi::SearchAllExperiments(SearchExperimentsRequest request) {
  std::vector<Experiment> all;
  while (true) {
    MLFLOW_ASSIGN_OR_RETURN(Page<Experiment> page, SearchExperiments(request));
    all.insert(all.end(), std::make_move_iterator(page.items.begin()), std::make_move_iterator(page.items.end()));
    if (page.next_page_token.empty()) return all;
    if (page.next_page_token == request.page_token) {
      return Status(ErrorCode::kInvalidResponse, "experiments/search returned the same page token twice");
    }
    request.page_token = page.next_page_token;
  }
}

Status TrackingApi::RenameExperiment(const std::string& experiment_id, const std::string& new_name) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateExperimentId(experiment_id));
  MLFLOW_RETURN_IF_ERROR(validation::ValidateExperimentName(new_name));
  return channel_->Call(endpoints::kUpdateExperiment, {{"experiment_id", experiment_id}, {"new_name", new_name}})
      .status();
}

Status TrackingApi::DeleteExperiment(const std::string& experiment_id) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateExperimentId(experiment_id));
  return channel_->Call(endpoints::kDeleteExperiment, {{"experiment_id", experiment_id}}).status();
}

Status TrackingApi::RestoreExperiment(const std::string& experiment_id) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateExperimentId(experiment_id));
  return channel_->Call(endpoints::kRestoreExperiment, {{"experiment_id", experiment_id}}).status();
}

Status TrackingApi::SetExperimentTag(const std::string& experiment_id, const std::string& key,
                                     const std::string& value) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateExperimentId(experiment_id));
  MLFLOW_RETURN_IF_ERROR(validation::ValidateExperimentTag(key, value));
  return channel_
      ->Call(endpoints::kSetExperimentTag, {{"experiment_id", experiment_id}, {"key", key}, {"value", value}})
      .status();
}

Status TrackingApi::DeleteExperimentTag(const std::string& experiment_id, const std::string& key) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateExperimentId(experiment_id));
  MLFLOW_RETURN_IF_ERROR(validation::ValidateKey("experiment tag key", key));
  return channel_->Call(endpoints::kDeleteExperimentTag, {{"experiment_id", experiment_id}, {"key", key}}).status();
}

Result<std::string> TrackingApi::GetOrCreateExperiment(const std::string& name) {
  auto lookup = [&]() -> Result<std::string> {
    MLFLOW_ASSIGN_OR_RETURN(Experiment existing, GetExperimentByName(name));
    if (existing.lifecycle_stage == "deleted") {
      return InvalidArgument("experiment '" + name + "' (id " + existing.experiment_id +
                             ") is deleted; restore it or delete it permanently before reusing the name");
    }
    return existing.experiment_id;
  };
  auto found = lookup();
  if (found.ok() || found.status().code() != ErrorCode::kResourceDoesNotExist) return found;
  auto created = CreateExperiment(name);
  // Another client may have created it between our lookup and our create: use theirs.
  if (!created.ok() && created.status().code() == ErrorCode::kResourceAlreadyExists) return lookup();
  return created;
}

}  // namespace mlflow
