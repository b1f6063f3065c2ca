#include "mlflow/models/model_directory.h"

#include <filesystem>

#include "mlflow/core/json.h"
#include "mlflow/mlmodel/input_example.h"
#include "mlflow/mlmodel/mlmodel.h"
#include "mlflow/models/file_util.h"
#include "mlflow/models/sentiment_model_state.h"

namespace mlflow::models {
namespace {

namespace fs = std::filesystem;
using mlmodel::YamlNode;

// Column specs in MLflow's own key order: {"type": ..., "name": ..., "required": true}.
std::string ColumnSpec(const std::string& type, const std::string& name) {
  return "{\"type\": \"" + type + "\", \"name\": " + Json(name).dump(-1, ' ', false, Json::error_handler_t::replace) +
         ", \"required\": true}";
}

std::string SignatureOutputs(const std::vector<std::string>& labels) {
  std::string outputs = "[" + ColumnSpec("string", "label");
  for (const auto& label : labels) outputs += ", " + ColumnSpec("double", label);
  return outputs + "]";
}

std::string ModelInfoJson(const SentimentModel& model) {
  const ModelInfo& info = model.info();
  Json params = Json::object();
  for (const auto& [key, value] : model.config().ToParams()) params[key] = value;
  Json json{{"labels", model.labels()},
            {"model_type", info.model_type},
            {"library_version", info.library_version},
            {"trained_at_utc", info.trained_at_utc},
            {"training_dataset", info.training_dataset},
            {"training_digest", info.training_digest},
            {"training_examples", info.training_examples},
            {"num_features", info.num_features},
            {"training_seconds", info.training_seconds},
            {"params", params}};
  return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

Status SaveModelDirectory(const SentimentModel& model, const std::string& directory,
                          const ModelDirectoryOptions& options) {
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) return IoError("cannot create '" + directory + "': " + error.message());
  const fs::path dir(directory);
  MLFLOW_RETURN_IF_ERROR(model.SaveFile((dir / kModelFileName).string()));
  if (const ReferenceDistribution* reference = model.reference()) {
    MLFLOW_RETURN_IF_ERROR(WriteFileAtomically((dir / kReferenceFileName).string(), reference->ToJson()));
  }
  MLFLOW_RETURN_IF_ERROR(WriteFileAtomically((dir / "model_info.json").string(), ModelInfoJson(model)));

  std::vector<std::string> examples = options.input_examples;
  if (examples.empty()) {
    examples = {"I love this new phone, the camera is amazing :)", "Not sure what to think about the game tonight",
                "worst customer service ever, never again #fail"};
  }
  mlmodel::StringTable rows;
  for (const auto& text : examples) rows.push_back({text});
  mlmodel::InputExampleInfo example_info;
  MLFLOW_RETURN_IF_ERROR(mlmodel::WriteInputExample(directory, {"text"}, rows, example_info));

  mlmodel::MLmodel m;
  m.artifact_path = options.artifact_path;
  m.run_id = options.run_id;
  m.model_id = options.model_id;
  m.mlflow_version = options.mlflow_version;
  m.model_uuid = mlmodel::NewModelUuid();
  m.utc_time_created = mlmodel::UtcTimeCreated();
  YamlNode flavor = YamlNode::Mapping();
  flavor.Set("format_version", YamlNode::Int(kFlavorFormatVersion));
  flavor.Set("labels", [&] {
    YamlNode labels = YamlNode::Sequence();
    for (const auto& label : model.labels()) labels.Append(YamlNode::String(label));
    return labels;
  }());
  flavor.Set("mlflow_cpp_version", YamlNode::String(LibraryVersion()));
  flavor.Set("model_file", YamlNode::String(kModelFileName));
  flavor.Set("model_type", YamlNode::String(model.info().model_type));
  if (model.reference()) flavor.Set("reference_distribution", YamlNode::String(kReferenceFileName));
  m.flavors.Set(kFlavorName, flavor);
  YamlNode pyfunc = YamlNode::Mapping();
  pyfunc.Set("data", YamlNode::String(kModelFileName));
  pyfunc.Set("loader_module", YamlNode::String("mlflowcpp.pyfunc"));
  if (!options.python_version.empty()) pyfunc.Set("python_version", YamlNode::String(options.python_version));
  m.flavors.Set("python_function", pyfunc);
  m.signature = mlmodel::ModelSignature{"[" + ColumnSpec("string", "text") + "]", SignatureOutputs(model.labels()), ""};
  m.saved_input_example_info = example_info;
  return m.Save(directory);
}

Result<SentimentModel> LoadModelDirectory(const std::string& path) {
  std::error_code error;
  if (!fs::is_directory(path, error)) return SentimentModel::LoadFile(path);
  MLFLOW_ASSIGN_OR_RETURN(mlmodel::MLmodel m, mlmodel::MLmodel::Load(path));
  const YamlNode* flavor = m.Flavor(kFlavorName);
  if (!flavor || !flavor->is_mapping()) {
    return InvalidArgument("'" + path + "' has no " + std::string(kFlavorName) + " flavor in its MLmodel");
  }
  const YamlNode* model_file = flavor->Find("model_file");
  std::string file_name = model_file ? model_file->AsString(kModelFileName) : kModelFileName;
  if (file_name.empty() || fs::path(file_name).is_absolute() || file_name.find("..") != std::string::npos) {
    return InvalidArgument("'" + path + "': invalid model_file '" + file_name + "'");
  }
  MLFLOW_ASSIGN_OR_RETURN(SentimentModel model, SentimentModel::LoadFile((fs::path(path) / file_name).string()));
  fs::path reference_path = fs::path(path) / kReferenceFileName;
  if (fs::exists(reference_path, error)) {
    MLFLOW_ASSIGN_OR_RETURN(std::string json, ReadFileToString(reference_path.string()));
    MLFLOW_ASSIGN_OR_RETURN(ReferenceDistribution reference, ReferenceDistribution::FromJson(json));
    return model.WithReference(std::move(reference));
  }
  return model;
}

}  // namespace mlflow::models
