// mlflow-cpp: the command line front end of the library.
#include <iostream>

#include "cli_common.h"

int main(int argc, char** argv) {
  using namespace mlflow::cli;
  CLI::App app{"mlflow-cpp: MLflow tracking, registry and MLOps from C++"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(MLFLOWCPP_VERSION));
  GlobalOptions options;
  app.add_option("--tracking-uri", options.tracking_uri, "MLflow server URI (default: $MLFLOW_TRACKING_URI)");
  app.add_flag("--json", options.json, "Print machine-readable JSON");
  app.fallthrough();  // global options may also follow the command: `runs get --run-id X --json`
  CommandRegistry registry(options);

  RegisterExperimentCommands(app, registry);
  RegisterRunCommands(app, registry);
  RegisterSyncCommands(app, registry);
  RegisterPipelineDataCommands(app, registry);
  RegisterPipelineModelCommands(app, registry);
  RegisterPipelineRegistryCommands(app, registry);
  RegisterServeCommands(app, registry);
  RegisterArtifactAndModelCommands(app, registry);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "mlflow-cpp: " << e.what() << " (see --help)\n";
    return kExitUsage;
  }
  const CommandBody* body = registry.Selected();
  if (!body) {
    std::cerr << "mlflow-cpp: no command given (see --help)\n";
    return kExitUsage;
  }
  try {
    return (*body)();
  } catch (const UsageError& e) {
    std::cerr << "mlflow-cpp: " << e.what() << "\n";
    return kExitUsage;
  } catch (const CheckFailed& e) {
    std::cerr << "mlflow-cpp: " << e.what() << "\n";
    return kExitCheckFailed;
  } catch (const mlflow::Error& e) {
    std::cerr << "mlflow-cpp: error: " << e.status().ToString() << "\n";
    return kExitRuntime;
  } catch (const std::exception& e) {
    std::cerr << "mlflow-cpp: error: " << e.what() << "\n";
    return kExitRuntime;
  }
}
