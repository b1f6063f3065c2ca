// RegistryApi: MLflow's Model Registry — registered models, their versions, aliases and tags.
//
//   auto& registry = client.registry();
//   auto version = registry.RegisterModel("runs:/" + run_id + "/model", "sentiment").value();
//   registry.SetAlias("sentiment", "champion", version.version);   // moves it if it exists
//   auto champion = registry.GetModelVersionByAlias("sentiment", "champion").value();
//
// Aliases are the way to point at a version ("champion", "challenger"); stages
// (TransitionStage, GetLatestVersions) are deprecated upstream and kept for existing setups.
// Names, versions, aliases and tags are validated client-side first (registry_validation.h):
// a bad one fails with INVALID_PARAMETER_VALUE before anything is sent. Server errors keep
// MLflow's code and message (an unknown model is RESOURCE_DOES_NOT_EXIST; an unknown alias is
// INVALID_PARAMETER_VALUE, as the server reports it). Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/registry/registry_entities.h"
#include "mlflow/tracking/entities.h"
#include "mlflow/transport/rest_channel.h"

namespace mlflow {

struct CreateModelVersionRequest {
  std::string name;
  // Where the model's files are: <run artifact root>/<path>, runs:/<run_id>/<path>, or
  // models:/<model_id>. MLflow 3.18 checks the source against run_id / model_id.
  std::string source;
  std::string run_id;    // required for a source inside a run's artifacts
  std::string model_id;  // required for models:/<model_id> (a logged model)
  std::map<std::string, std::string> tags;
  std::string run_link;
  std::string description;
};

struct SearchRegisteredModelsRequest {
  std::string filter;  // e.g. "name LIKE 'sentiment%'"
  int max_results = 100;
  std::vector<std::string> order_by;  // e.g. {"name ASC"}
  std::string page_token;
};

struct SearchModelVersionsRequest {
  std::string filter;  // e.g. "name = 'sentiment'", "run_id = '...'"
  int max_results = 10000;
  std::vector<std::string> order_by;  // e.g. {"version_number DESC"}
  std::string page_token;
};

class RegistryApi {
 public:
  explicit RegistryApi(std::shared_ptr<transport::RestChannel> channel,
                       transport::Sleeper sleeper = transport::RealSleeper());

  // Registered models
  Result<RegisteredModel> CreateRegisteredModel(const std::string& name, const std::string& description = "",
                                                const std::map<std::string, std::string>& tags = {});
  // Creates the model unless it exists (RESOURCE_ALREADY_EXISTS is not an error here).
  Result<RegisteredModel> GetOrCreateRegisteredModel(const std::string& name);
  Result<RegisteredModel> GetRegisteredModel(const std::string& name);
  Result<RegisteredModel> RenameRegisteredModel(const std::string& name, const std::string& new_name);
  Result<RegisteredModel> UpdateRegisteredModel(const std::string& name, const std::string& description);
  Status DeleteRegisteredModel(const std::string& name);
  Result<Page<RegisteredModel>> SearchRegisteredModels(const SearchRegisteredModelsRequest& request = {});
  Result<std::vector<RegisteredModel>> SearchAllRegisteredModels(SearchRegisteredModelsRequest request = {});
  Status SetRegisteredModelTag(const std::string& name, const std::string& key, const std::string& value);
  Status DeleteRegisteredModelTag(const std::string& name, const std::string& key);

  // Model versions
  Result<ModelVersion> CreateModelVersion(const CreateModelVersionRequest& request);
  // Source = <run's artifact root>/<artifact_path>, as mlflow.register_model does.
  Result<ModelVersion> CreateModelVersionFromRun(const std::string& name, const std::string& run_id,
                                                 const std::string& artifact_path,
                                                 const std::map<std::string, std::string>& tags = {});
  // Source = models:/<model_id>.
  Result<ModelVersion> CreateModelVersionFromLoggedModel(const std::string& name, const std::string& model_id,
                                                         const std::map<std::string, std::string>& tags = {});
  // mlflow.register_model: creates the registered model if needed, a version from `model_uri`
  // (runs:/<run_id>/<path> or models:/<model_id>) and waits until it is READY.
  Result<ModelVersion> RegisterModel(const std::string& model_uri, const std::string& name,
                                     const std::map<std::string, std::string>& tags = {},
                                     std::chrono::milliseconds wait = std::chrono::seconds(300));
  Result<ModelVersion> GetModelVersion(const std::string& name, const std::string& version);
  Result<ModelVersion> UpdateModelVersion(const std::string& name, const std::string& version,
                                          const std::string& description);
  Status DeleteModelVersion(const std::string& name, const std::string& version);
  Result<Page<ModelVersion>> SearchModelVersions(const SearchModelVersionsRequest& request = {});
  Result<std::vector<ModelVersion>> SearchAllModelVersions(SearchModelVersionsRequest request = {});
  Status SetModelVersionTag(const std::string& name, const std::string& version, const std::string& key,
                            const std::string& value);
  Status DeleteModelVersionTag(const std::string& name, const std::string& version, const std::string& key);
  // The artifact URI the version's files download from (may be runs:/... or mlflow-artifacts:/...).
  Result<std::string> GetModelVersionDownloadUri(const std::string& name, const std::string& version);
  // Polls every `poll` until status is READY; FAILED_REGISTRATION is an INVALID_STATE status
  // carrying the server's status_message; still pending after `timeout` is a TIMEOUT status.
  Result<ModelVersion> WaitUntilReady(const std::string& name, const std::string& version,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(300),
                                      std::chrono::milliseconds poll = std::chrono::seconds(1));

  // Aliases (the way to name a version: "champion", "challenger")
  Status SetAlias(const std::string& name, const std::string& alias, const std::string& version);
  Status DeleteAlias(const std::string& name, const std::string& alias);
  Result<ModelVersion> GetModelVersionByAlias(const std::string& name, const std::string& alias);

  // Deprecated upstream in favour of aliases; still served by MLflow 3.
  Result<ModelVersion> TransitionStage(const std::string& name, const std::string& version, const std::string& stage,
                                       bool archive_existing_versions = false);
  // Latest version per stage (all stages when `stages` is empty).
  Result<std::vector<ModelVersion>> GetLatestVersions(const std::string& name,
                                                      const std::vector<std::string>& stages = {});

 private:
  Result<RegisteredModel> CallForModel(const transport::Endpoint& endpoint, const Json& request);
  Result<ModelVersion> CallForVersion(const transport::Endpoint& endpoint, const Json& request);

  std::shared_ptr<transport::RestChannel> channel_;
  transport::Sleeper sleeper_;
};

}  // namespace mlflow
