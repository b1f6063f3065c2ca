// Model directories: what SaveModelDirectory writes, so MLflow can log and register it.
//
//   <dir>/MLmodel                      flavors mlflow_cpp and python_function, signature,
//                                      saved_input_example_info (lib/mlflow/mlmodel)
//   <dir>/model.mlcpp                  the binary model (SentimentModel::Serialize)
//   <dir>/input_example.json           {"columns": ["text"], "data": [[...], ...]}
//   <dir>/serving_input_example.json   {"dataframe_split": ...} for POST /invocations
//   <dir>/reference_distribution.json  monitoring reference (when the model has one)
//   <dir>/model_info.json              labels, training info and params, for people
//
// The signature's input is one string column "text"; outputs are "label" (string) and one
// double column per class probability, named after the labels. The python_function flavor
// names loader_module mlflowcpp.pyfunc with data model.mlcpp.
// SaveModelDirectory creates the directory (and parents) and overwrites these files; it
// fails with kIoError when it cannot write. LoadModelDirectory accepts a directory (through
// its MLmodel's mlflow_cpp flavor) or a model file path.
#pragma once

#include <string>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/models/sentiment_model.h"

namespace mlflow::models {

inline constexpr const char* kModelFileName = "model.mlcpp";
inline constexpr const char* kReferenceFileName = "reference_distribution.json";
inline constexpr const char* kFlavorName = "mlflow_cpp";
inline constexpr int kFlavorFormatVersion = 1;

struct ModelDirectoryOptions {
  std::string artifact_path;              // MLmodel artifact_path; empty = omitted. Default: empty.
  std::string run_id;                     // Default: empty (omitted).
  std::string model_id;                   // MLflow 3 logged model id. Default: empty (null).
  std::string mlflow_version = "3.18.0";  // the MLflow the directory targets.
  std::string python_version;             // python_function flavor; empty = omitted.
  // Example texts; empty = a few fixed examples.
  std::vector<std::string> input_examples;
};

Status SaveModelDirectory(const SentimentModel& model, const std::string& directory,
                          const ModelDirectoryOptions& options = {});

// The reference distribution is read from reference_distribution.json when present
// (it overrides the copy inside the model file).
Result<SentimentModel> LoadModelDirectory(const std::string& path);

}  // namespace mlflow::models
