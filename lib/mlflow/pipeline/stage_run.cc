#include "mlflow/pipeline/stage_run.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string_view>

#include "mlflow/fluent/git_info.h"
#include "mlflow/pipeline/dvc_lock.h"

namespace mlflow::pipeline {

std::string SanitizeKey(const std::string& text) {
  std::string out;
  for (char c : text) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' || c == '/' || c == ' ' ||
              c == ':';
    out += ok ? c : '_';
  }
  for (size_t pos; (pos = out.find("..")) != std::string::npos;) out.replace(pos, 2, "__");
  size_t start = out.find_first_not_of('/');
  return start == std::string::npos ? "" : out.substr(start);
}

std::vector<RunTag> PipelineTags(const std::string& stage, const std::vector<std::string>& inputs,
                                 const EnvLookup& env) {
  std::vector<RunTag> tags;
  tags.push_back({"pipeline.stage", stage});
  const char* dvc_stage = env("DVC_STAGE");
  std::string running = dvc_stage ? dvc_stage : "";
  if (!running.empty()) tags.push_back({"dvc.stage", running});
  std::error_code ec;
  std::string cwd = std::filesystem::current_path(ec).string();
  if (auto git = fluent::FindGitInfo(cwd)) {
    tags.push_back({"mlflow.source.git.commit", git->commit});
    if (!git->branch.empty()) tags.push_back({"mlflow.source.git.branch", git->branch});
    if (!git->repo_url.empty()) tags.push_back({"mlflow.source.git.repoURL", git->repo_url});
  }
  auto lock = DvcLock::Load(cwd);
  if (lock.ok() && lock.value()) {
    std::vector<std::string> seen;
    for (const auto& input : inputs) {
      auto entry = lock.value()->Lookup(input, running);
      if (!entry) continue;
      std::string key = SanitizeKey("dvc.lock." + entry->path);
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
      seen.push_back(key);
      tags.push_back({key, entry->md5});
    }
  }
  return tags;
}

Result<ActiveRun> StartStageRun(MlflowClient client, const StageRunOptions& options) {
  RunOptions run_options;
  // A stage is its own top-level run even when the caller exported MLFLOW_RUN_ID.
  EnvLookup env = options.env;
  run_options.env = [env](const char* name) -> const char* {
    return std::string_view(name) == "MLFLOW_RUN_ID" ? nullptr : env(name);
  };
  run_options.experiment_name = options.experiment;
  if (run_options.experiment_name.empty()) {
    const char* name = options.env("MLFLOW_EXPERIMENT_NAME");
    const char* id = options.env("MLFLOW_EXPERIMENT_ID");
    if (name && *name)
      run_options.experiment_name = name;
    else if (!(id && *id))
      run_options.experiment_name = kDefaultExperiment;
  }
  const char* dvc_stage = options.env("DVC_STAGE");
  run_options.run_name = !options.run_name.empty()   ? options.run_name
                         : (dvc_stage && *dvc_stage) ? std::string(dvc_stage)
                                                     : options.stage;
  run_options.tags = PipelineTags(options.stage, options.inputs, options.env);
  run_options.tags.insert(run_options.tags.end(), options.tags.begin(), options.tags.end());
  return ActiveRun::Start(std::move(client), std::move(run_options));
}

}  // namespace mlflow::pipeline
