// The two command groups behind RegisterArtifactAndModelCommands (cli_common.h):
//   mlflow-cpp artifacts log|list|download     (artifacts_command.cc)
//   mlflow-cpp models register|get|search|set-alias|delete-alias|download   (models_command.cc)
#pragma once

#include "cli_common.h"

namespace mlflow::cli {

void AddArtifactsGroup(CLI::App& app, CommandRegistry& registry);
void AddModelsGroup(CLI::App& app, CommandRegistry& registry);

}  // namespace mlflow::cli
