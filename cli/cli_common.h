// Shared plumbing of the mlflow-cpp command line: global options, output, exit codes.
//
// Exit codes (every command): 0 success; 1 a check the command performs failed (invalid
// data, gate refused); 2 usage error; 3 runtime error (server unreachable, MLflow error, I/O).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "mlflow/mlflow.h"

namespace mlflow::cli {

enum ExitCode { kExitOk = 0, kExitCheckFailed = 1, kExitUsage = 2, kExitRuntime = 3 };

struct GlobalOptions {
  std::string tracking_uri;  // --tracking-uri, else MLFLOW_TRACKING_URI
  bool json = false;         // --json: machine-readable output
};

// Thrown by command bodies for a usage problem found after parsing (exit 2).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// Thrown when the command's own check fails (exit 1); the message is printed.
struct CheckFailed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A command body returns its exit code; mlflow::Error thrown inside maps to 3.
using CommandBody = std::function<int()>;

class CommandRegistry {
 public:
  explicit CommandRegistry(GlobalOptions& options) : options_(options) {}
  GlobalOptions& options() { return options_; }
  // Binds `body` to run when `command` was selected on the command line.
  void Bind(CLI::App* command, CommandBody body);
  // The body of the selected command, if any.
  const CommandBody* Selected() const;

 private:
  GlobalOptions& options_;
  std::vector<std::pair<CLI::App*, CommandBody>> bodies_;
};

// The client for --tracking-uri / MLFLOW_TRACKING_URI. A missing or malformed tracking URI or
// environment variable is a usage error: throws UsageError with a one-line message.
MlflowClient MakeClient(const GlobalOptions& options);

// Splits "KEY=VALUE" at the first '='; throws UsageError naming `option` when there is none.
std::pair<std::string, std::string> ParseKeyValue(const std::string& text, const std::string& option);

// Output helpers: JSON (pretty) when --json, otherwise an aligned table.
void PrintJson(const Json& value);
void PrintTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);
std::string FormatTimestamp(int64_t millis);  // "2026-11-25 19:43:35" (UTC), "" for 0

// Group registration functions, one per file in cli/.
void RegisterExperimentCommands(CLI::App& app, CommandRegistry& registry);
void RegisterRunCommands(CLI::App& app, CommandRegistry& registry);
void RegisterSyncCommands(CLI::App& app, CommandRegistry& registry);
void RegisterPipelineDataCommands(CLI::App& app, CommandRegistry& registry);      // prepare, validate
void RegisterPipelineModelCommands(CLI::App& app, CommandRegistry& registry);     // train, evaluate, predict
void RegisterPipelineRegistryCommands(CLI::App& app, CommandRegistry& registry);  // register, promote
void RegisterServeCommands(CLI::App& app, CommandRegistry& registry);             // serve, serve-reference
void RegisterArtifactAndModelCommands(CLI::App& app, CommandRegistry& registry);  // artifacts, models

}  // namespace mlflow::cli
