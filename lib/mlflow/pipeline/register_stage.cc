#include "mlflow/pipeline/register_stage.h"

#include <filesystem>

#include <fmt/format.h>

#include "mlflow/mlmodel/mlmodel.h"
#include "mlflow/pipeline/stage_run.h"

namespace mlflow::pipeline {
namespace {

constexpr const char* kUploadArtifactPath = "model";

// An existing version of `name` registered from `run_id` at `artifact_path`.
Result<std::optional<ModelVersion>> FindExisting(RegistryApi& registry, const std::string& name,
                                                 const std::string& run_id, const std::string& artifact_path) {
  SearchModelVersionsRequest request;
  request.filter = fmt::format("name = '{}' and run_id = '{}'", name, run_id);
  auto versions = registry.SearchAllModelVersions(request);
  if (!versions.ok()) {
    if (versions.status().code() == ErrorCode::kResourceDoesNotExist) return std::optional<ModelVersion>();
    return versions.status();
  }
  std::string suffix = "/" + artifact_path;
  for (const auto& version : versions.value()) {
    const std::string& source = version.source;
    bool same_path =
        source.size() >= suffix.size() && source.compare(source.size() - suffix.size(), suffix.size(), suffix) == 0;
    if (same_path && version.status != ModelVersionStatus::kFailedRegistration)
      return std::optional<ModelVersion>(version);
  }
  return std::optional<ModelVersion>();
}

}  // namespace

Json RegisterResult::ToJson() const {
  return Json{{"name", name}, {"version", version}, {"run_id", run_id}, {"source", source}, {"created", created}};
}

Result<RegisterResult> RunRegister(const RegisterStageOptions& options, MlflowClient& client) {
  if (options.name.empty()) return InvalidArgument("register: no registered model name given");
  auto mlmodel = mlmodel::MLmodel::Load(options.model_dir);
  if (!mlmodel.ok()) {
    return InvalidArgument(
        fmt::format("'{}' is not a model directory: {}", options.model_dir, mlmodel.status().message()));
  }
  std::string run_id = mlmodel.value().run_id;
  std::string artifact_path = mlmodel.value().artifact_path;
  bool run_known = false;
  if (!run_id.empty() && !artifact_path.empty()) {
    auto run = client.tracking().GetRun(run_id);
    if (run.ok())
      run_known = true;
    else if (run.status().code() != ErrorCode::kResourceDoesNotExist)
      return run.status();
  }
  auto& registry = client.registry();
  MLFLOW_RETURN_IF_ERROR(registry.GetOrCreateRegisteredModel(options.name).status());
  RegisterResult result;
  result.name = options.name;
  if (run_known) {
    MLFLOW_ASSIGN_OR_RETURN(auto existing, FindExisting(registry, options.name, run_id, artifact_path));
    if (existing) {
      result.version = existing->version;
      result.run_id = run_id;
      result.source = existing->source;
    }
  } else {
    StageRunOptions run_options;
    run_options.stage = "register";
    run_options.experiment = options.experiment;
    run_options.inputs = {options.model_dir};
    run_options.tags = {{"pipeline.model_dir", options.model_dir}};
    MLFLOW_ASSIGN_OR_RETURN(ActiveRun run, StartStageRun(client, run_options));
    MLFLOW_RETURN_IF_ERROR(client.artifacts().LogArtifacts(run.run_id(), options.model_dir, kUploadArtifactPath));
    MLFLOW_RETURN_IF_ERROR(run.End());
    run_id = run.run_id();
    artifact_path = kUploadArtifactPath;
  }
  if (result.version.empty()) {
    std::map<std::string, std::string> tags{{"pipeline.model_dir", options.model_dir}};
    MLFLOW_ASSIGN_OR_RETURN(
        ModelVersion version,
        registry.RegisterModel(fmt::format("runs:/{}/{}", run_id, artifact_path), options.name, tags));
    result.version = version.version;
    result.run_id = run_id;
    result.source = version.source;
    result.created = true;
    MLFLOW_RETURN_IF_ERROR(
        client.tracking().SetTag(run_id, SanitizeKey("pipeline.registered." + options.name), version.version));
  }
  if (!options.alias.empty()) MLFLOW_RETURN_IF_ERROR(registry.SetAlias(options.name, options.alias, result.version));
  return result;
}

}  // namespace mlflow::pipeline
