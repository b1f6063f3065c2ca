// Options and helpers shared by the pipeline commands (prepare, validate, train, evaluate,
// predict, register, promote): the `--data` format flags and small output helpers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli_common.h"
#include "mlflow/pipeline/data_source.h"

namespace mlflow::cli {

// --format, --text-column, --label-column, --id-column, --no-header, --labels.
struct DataFormatArgs {
  std::string format = "semeval";
  std::string text_column;
  std::string label_column;
  std::string id_column;
  bool no_header = false;
  std::string labels;  // comma-separated

  void AddTo(CLI::App* command);
  // Throws UsageError on a bad combination.
  pipeline::DataFormat ToFormat() const;
};

// The client when a tracking URI is configured (flag or MLFLOW_TRACKING_URI), else nullopt;
// a malformed configuration throws mlflow::Error.
std::optional<MlflowClient> OptionalClient(const GlobalOptions& options);

// Splits "a,b , c" into {"a", "b", "c"}.
std::vector<std::string> SplitList(const std::string& text);

// Writes a line to stderr prefixed with "mlflow-cpp <command>: ".
void Note(const std::string& command, const std::string& message);

}  // namespace mlflow::cli
