#include "mlflow/pipeline/run_logging.h"

#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>

#include "mlflow/core/clock.h"
#include "mlflow/models/file_util.h"

namespace mlflow::pipeline {
namespace fs = std::filesystem;

Status LogDatasetInput(MlflowClient& client, const std::string& run_id, const models::Dataset& data,
                       const std::string& source_path, const std::string& context) {
  std::error_code ec;
  fs::path absolute = fs::absolute(source_path, ec);
  Json profile{{"num_rows", data.size()}};
  auto counts = data.ClassCounts();
  for (size_t i = 0; i < data.labels.size() && i < counts.size(); ++i) profile["class_" + data.labels[i]] = counts[i];
  Json schema{{"mlflow_colspec", Json::array({Json{{"type", "string"}, {"name", "text"}, {"required", true}},
                                              Json{{"type", "string"}, {"name", "label"}, {"required", true}}})}};
  DatasetInput input;
  input.dataset.name = data.name.empty() ? fs::path(source_path).filename().string() : data.name;
  input.dataset.digest = data.Digest();
  input.dataset.source_type = "local";
  input.dataset.source = DumpJson(Json{{"uri", (ec ? fs::path(source_path) : absolute).lexically_normal().string()}});
  input.dataset.schema = DumpJson(schema);
  input.dataset.profile = DumpJson(profile);
  input.tags.push_back({"mlflow.data.context", context});
  return client.tracking().LogInputs(run_id, {input});
}

Status LogTextArtifact(MlflowClient& client, const std::string& run_id, const std::string& file_name,
                       const std::string& contents, const std::string& artifact_dir) {
  std::error_code ec;
  fs::path dir = fs::temp_directory_path(ec) / fmt::format("mlflowcpp-artifact-{}-{}", ::getpid(), NowMillis());
  fs::create_directories(dir, ec);
  if (ec) return IoError(fmt::format("cannot create a temporary directory: {}", ec.message()));
  fs::path file = dir / file_name;
  Status status = models::WriteFileAtomically(file.string(), contents);
  if (status.ok()) status = client.artifacts().LogArtifacts(run_id, file.string(), artifact_dir);
  fs::remove_all(dir, ec);
  return status;
}

Status LogJsonArtifact(MlflowClient& client, const std::string& run_id, const std::string& file_name, const Json& value,
                       const std::string& artifact_dir) {
  return LogTextArtifact(client, run_id, file_name, value.dump(2, ' ', false, Json::error_handler_t::replace) + "\n",
                         artifact_dir);
}

Status LogParamsSection(ActiveRun& run, const Params& params, const std::string& section) {
  for (const auto& [key, value] : params.Flatten(section)) {
    MLFLOW_RETURN_IF_ERROR(run.LogParam(key, value.size() > 6000 ? value.substr(0, 6000) : value));
  }
  return Status::Ok();
}

Status WriteJsonFile(const std::string& path, const Json& value) {
  std::error_code ec;
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) return IoError(fmt::format("cannot create '{}': {}", parent.string(), ec.message()));
  return models::WriteFileAtomically(path, value.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
}

}  // namespace mlflow::pipeline
