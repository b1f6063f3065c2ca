// The system tags MLflow's clients set when a run starts.
//
//   mlflow.user          $LOGNAME / $USER / $LNAME / $USERNAME, else the passwd entry
//   mlflow.source.name   the running executable (/proc/self/exe)
//   mlflow.source.type   "LOCAL"
//   mlflow.source.git.commit / .branch / .repoURL   when the executable or the working
//                        directory is inside a git checkout with a commit (git_info.h)
// mlflow.runName is set by the server from the run name; mlflow.parentRunId by ActiveRun.
#pragma once

#include <string>
#include <vector>

#include "mlflow/client/client_config.h"
#include "mlflow/tracking/entities.h"

namespace mlflow::fluent {

std::string CurrentUser(const EnvLookup& env = ProcessEnvironment());
std::string ExecutablePath();
std::vector<RunTag> SystemTags(const EnvLookup& env = ProcessEnvironment());

}  // namespace mlflow::fluent
