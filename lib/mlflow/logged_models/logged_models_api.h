// LoggedModelsApi (MLflow 3): create a logged model, log its params and tags, upload its files
// to its artifact_uri, finalize it READY (or UPLOAD_FAILED), search, link it to a run's outputs
// and register a version from it.
//
//   auto model = client.logged_models().Create({experiment_id, "sentiment", "cpp", run_id}).value();
//   client.logged_models().UploadAndFinalize(model.model_id, "out/model");   // READY or UPLOAD_FAILED
//   client.logged_models().LinkToRun(run_id, model.model_id);
//   client.logged_models().RegisterVersion(model.model_id, "sentiment");
//
// Params are write-once like run params: re-logging the same value succeeds (also when a
// retried request had already been applied), a different value is INVALID_PARAMETER_VALUE.
// Keys and values are checked with the run param/tag rules before sending. Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mlflow/artifacts/artifacts_api.h"
#include "mlflow/core/result.h"
#include "mlflow/logged_models/logged_model.h"
#include "mlflow/registry/registry_api.h"
#include "mlflow/transport/rest_channel.h"

namespace mlflow {

struct CreateLoggedModelRequest {
  std::string experiment_id;
  std::string name;           // optional; the server picks one when empty
  std::string model_type;     // optional, free text ("cpp-sentiment")
  std::string source_run_id;  // optional: the run that produced the model
  std::map<std::string, std::string> params;
  std::map<std::string, std::string> tags;
};

struct LoggedModelOrderBy {
  std::string field_name;  // "creation_timestamp", "name", "metrics.<key>", ...
  bool ascending = true;
  std::string dataset_name;  // for metrics.<key>: restrict to a dataset
  std::string dataset_digest;
};

struct SearchLoggedModelsRequest {
  std::vector<std::string> experiment_ids;  // required
  std::string filter;                       // e.g. "name = 'sentiment' AND status = 'READY'"
  int max_results = 100;
  std::vector<LoggedModelOrderBy> order_by;
  std::string page_token;
};

class LoggedModelsApi {
 public:
  LoggedModelsApi(std::shared_ptr<transport::RestChannel> channel, std::shared_ptr<ArtifactsApi> artifacts,
                  std::shared_ptr<RegistryApi> registry);

  Result<LoggedModel> Create(const CreateLoggedModelRequest& request);
  Result<LoggedModel> Get(const std::string& model_id, bool allow_deleted = false);
  Status Delete(const std::string& model_id);
  Status LogParams(const std::string& model_id, const std::map<std::string, std::string>& params);
  Status SetTags(const std::string& model_id, const std::map<std::string, std::string>& tags);
  // A key containing '/' is refused (INVALID_PARAMETER_VALUE): the server's route cannot address it.
  Status DeleteTag(const std::string& model_id, const std::string& key);
  // status is kReady or kUploadFailed.
  Result<LoggedModel> Finalize(const std::string& model_id, LoggedModelStatus status);
  Result<Page<LoggedModel>> Search(const SearchLoggedModelsRequest& request);
  Result<std::vector<LoggedModel>> SearchAll(SearchLoggedModelsRequest request);
  // Records the model as an output of the run (runs/outputs), at `step`.
  Status LinkToRun(const std::string& run_id, const std::string& model_id, int64_t step = 0);

  // The model's artifacts (its artifact_uri).
  Result<ArtifactRepository> Artifacts(const std::string& model_id);
  // Uploads a file or a directory's contents to <artifact_uri>/<artifact_path>.
  Status UploadArtifacts(const std::string& model_id, const std::string& local_path,
                         const std::string& artifact_path = "");
  // Uploads, then finalizes READY; when the upload fails, finalizes UPLOAD_FAILED and returns
  // the upload's error.
  Result<LoggedModel> UploadAndFinalize(const std::string& model_id, const std::string& local_path,
                                        const std::string& artifact_path = "");
  // Registers models:/<model_id> as a new version of `name` (created if missing), waiting for READY.
  Result<ModelVersion> RegisterVersion(const std::string& model_id, const std::string& name,
                                       const std::map<std::string, std::string>& tags = {},
                                       std::chrono::milliseconds wait = std::chrono::seconds(300));

 private:
  Status CheckParamsAlreadyLogged(const std::string& model_id, const std::map<std::string, std::string>& params,
                                  const Status& failure);

  std::shared_ptr<transport::RestChannel> channel_;
  std::shared_ptr<ArtifactsApi> artifacts_;
  std::shared_ptr<RegistryApi> registry_;
};

}  // namespace mlflow
