// TrackingApi: runs (create, get, update/end, delete, restore, search, tags).
#include <chrono>

#include "mlflow/core/validation.h"
#include "mlflow/tracking/entity_codec.h"
#include "mlflow/tracking/tracking_api.h"

namespace mlflow {

namespace endpoints = transport::endpoints;

namespace {

int64_t CurrentTimeMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// MLflow's protos name the run both run_id and (legacy) run_uuid; the Python client sends both.
Json RunIdFields(const std::string& run_id) { return Json{{"run_id", run_id}, {"run_uuid", run_id}}; }

Result<Run> DecodeRunResponse(const Json& response, const char* endpoint) {
  if (!response.contains("run")) {
    return Status(ErrorCode::kInvalidResponse, std::string(endpoint) + " answered without a run");
  }
  return codec::DecodeRun(response["run"]);
}

}  // namespace

Result<Run> TrackingApi::CreateRun(const CreateRunRequest& request) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateExperimentId(request.experiment_id));
  Json body{{"experiment_id", request.experiment_id}, {"start_time", request.start_time.value_or(CurrentTimeMillis())}};
  if (!request.run_name.empty()) body["run_name"] = request.run_name;
  if (!request.user_id.empty()) body["user_id"] = request.user_id;
  if (!request.tags.empty()) {
    Json tags = Json::array();
    for (const auto& tag : request.tags) {
      MLFLOW_RETURN_IF_ERROR(validation::ValidateRunTag(tag.key, tag.value));
      tags.push_back(codec::EncodeRunTag(tag));
    }
    body["tags"] = std::move(tags);
  }
  MLFLOW_ASSIGN_OR_RETURN(Json response, channel_->Call(endpoints::kCreateRun, body));
  return DecodeRunResponse(response, "runs/create");
}

Result<Run> TrackingApi::GetRun(const std::string& run_id) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateRunId(run_id));
  MLFLOW_ASSIGN_OR_RETURN(Json response, channel_->Call(endpoints::kGetRun, RunIdFields(run_id)));
  return DecodeRunResponse(response, "runs/get");
}

Result<RunInfo> TrackingApi::UpdateRun(const UpdateRunRequest& request) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateRunId(request.run_id));
  Json body = RunIdFields(request.run_id);
  if (request.status) body["status"] = RunStatusName(*request.status);
  if (request.end_time) body["end_time"] = *request.end_time;
  if (!request.run_name.empty()) body["run_name"] = request.run_name;
  MLFLOW_ASSIGN_OR_RETURN(Json response, channel_->Call(endpoints::kUpdateRun, body));
  return codec::DecodeRunInfo(GetObject(response, "run_info"));
}

Status TrackingApi::EndRun(const std::string& run_id, RunStatus status) {
  UpdateRunRequest request;
  request.run_id = run_id;
  request.status = status;
  request.end_time = CurrentTimeMillis();
  return UpdateRun(request).status();
}

Status TrackingApi::DeleteRun(const std::string& run_id) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateRunId(run_id));
  return channel_->Call(endpoints::kDeleteRun, {{"run_id", run_id}}).status();
}

Status TrackingApi::RestoreRun(const std::string& run_id) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateRunId(run_id));
  return channel_->Call(endpoints::kRestoreRun, {{"run_id", run_id}}).status();
}

Result<Page<Run>> TrackingApi::SearchRuns(const SearchRunsRequest& request) {
  if (request.max_results < 1) {
    return InvalidArgument("search_runs: max_results must be at least 1, got " + std::to_string(request.max_results));
  }
  for (const auto& id : request.experiment_ids) MLFLOW_RETURN_IF_ERROR(validation::ValidateExperimentId(id));
  Json body{{"experiment_ids", request.experiment_ids},
            {"run_view_type", ViewTypeName(request.run_view_type)},
            {"max_results", request.max_results}};
  if (!request.filter.empty()) body["filter"] = request.filter;
  if (!request.order_by.empty()) body["order_by"] = request.order_by;
  if (!request.page_token.empty()) body["page_token"] = request.page_token;
  MLFLOW_ASSIGN_OR_RETURN(Json response, channel_->Call(endpoints::kSearchRuns, body));
  Page<Run> page;
  for (const auto& item : GetArray(response, "runs")) {
    MLFLOW_ASSIGN_OR_RETURN(Run run, codec::DecodeRun(item));
    page.items.push_back(std::move(run));
  }
  page.next_page_token = GetString(response, "next_page_token");
  return page;
}

Result<std::vector<Run>> TrackingApi::SearchAllRuns(SearchRunsRequest request) {
  std::vector<Run> all;
  while (true) {
    MLFLOW_ASSIGN_OR_RETURN(Page<Run> page, SearchRuns(request));
    all.insert(all.end(), std::make_move_iterator(page.items.begin()), std::make_move_iterator(page.items.end()));
    if (page.next_page_token.empty()) return all;
    if (page.next_page_token == request.page_token) {
      return Status(ErrorCode::kInvalidResponse, "runs/search returned the same page token twice");
    }
    request.page_token = page.next_page_token;
  }
}

Status TrackingApi::SetTag(const std::string& run_id, const std::string& key, const std::string& value) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateRunId(run_id));
  MLFLOW_RETURN_IF_ERROR(validation::ValidateRunTag(key, value));
  Json body = RunIdFields(run_id);
  body["key"] = key;
  body["value"] = value;
  return channel_->Call(endpoints::kSetTag, body).status();
}

Status TrackingApi::DeleteTag(const std::string& run_id, const std::string& key) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateRunId(run_id));
  MLFLOW_RETURN_IF_ERROR(validation::ValidateKey("tag key", key));
  return channel_->Call(endpoints::kDeleteTag, {{"run_id", run_id}, {"key", key}}).status();
}

}  // namespace mlflow
