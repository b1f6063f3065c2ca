#include "mlflow/mlmodel/mlmodel.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace mlflow::mlmodel {
namespace {

void SetIfNotEmpty(YamlNode* node, const char* key, const std::string& value) {
  if (!value.empty()) node->Set(key, YamlNode::String(value));
}

std::string StringField(const YamlNode& root, const char* key) {
  const YamlNode* node = root.Find(key);
  return node ? node->AsString() : "";
}

}  // namespace

const YamlNode* MLmodel::Flavor(std::string_view name) const { return flavors.Find(name); }

std::string MLmodel::ToYaml() const {
  YamlNode root = YamlNode::Mapping();
  SetIfNotEmpty(&root, "artifact_path", artifact_path);
  root.Set("flavors", flavors);
  SetIfNotEmpty(&root, "mlflow_version", mlflow_version);
  root.Set("model_id", model_id.empty() ? YamlNode() : YamlNode::String(model_id));
  SetIfNotEmpty(&root, "model_uuid", model_uuid);
  SetIfNotEmpty(&root, "run_id", run_id);
  if (saved_input_example_info) {
    YamlNode info = YamlNode::Mapping();
    info.Set("artifact_path", YamlNode::String(saved_input_example_info->artifact_path));
    info.Set("pandas_orient", YamlNode::String(saved_input_example_info->pandas_orient));
    SetIfNotEmpty(&info, "serving_input_path", saved_input_example_info->serving_input_path);
    info.Set("type", YamlNode::String(saved_input_example_info->type));
    root.Set("saved_input_example_info", info);
  }
  if (signature) {
    YamlNode node = YamlNode::Mapping();
    node.Set("inputs", YamlNode::String(signature->inputs));
    node.Set("outputs", signature->outputs.empty() ? YamlNode() : YamlNode::String(signature->outputs));
    node.Set("params", signature->params.empty() ? YamlNode() : YamlNode::String(signature->params));
    root.Set("signature", node);
  }
  SetIfNotEmpty(&root, "utc_time_created", utc_time_created);
  for (const auto& [key, value] : extra.entries()) {
    if (!root.Find(key)) root.Set(key, value);
  }
  return EmitYaml(root);
}

Result<MLmodel> MLmodel::FromYaml(std::string_view text) {
  MLFLOW_ASSIGN_OR_RETURN(YamlNode root, ParseYaml(text));
  if (!root.is_mapping()) return InvalidArgument("MLmodel: the document is not a mapping");
  const YamlNode* flavors = root.Find("flavors");
  if (!flavors || !flavors->is_mapping()) return InvalidArgument("MLmodel: no 'flavors' mapping");
  MLmodel m;
  m.flavors = *flavors;
  m.artifact_path = StringField(root, "artifact_path");
  m.run_id = StringField(root, "run_id");
  m.model_id = StringField(root, "model_id");
  m.utc_time_created = StringField(root, "utc_time_created");
  m.model_uuid = StringField(root, "model_uuid");
  m.mlflow_version = StringField(root, "mlflow_version");
  if (const YamlNode* signature = root.Find("signature"); signature && signature->is_mapping()) {
    ModelSignature s;
    s.inputs = StringField(*signature, "inputs");
    s.outputs = StringField(*signature, "outputs");
    s.params = StringField(*signature, "params");
    m.signature = s;
  }
  if (const YamlNode* info = root.Find("saved_input_example_info"); info && info->is_mapping()) {
    InputExampleInfo e;
    e.artifact_path = StringField(*info, "artifact_path");
    e.type = StringField(*info, "type");
    e.pandas_orient = StringField(*info, "pandas_orient");
    e.serving_input_path = StringField(*info, "serving_input_path");
    m.saved_input_example_info = e;
  }
  static const char* kModelled[] = {"artifact_path",   "flavors", "mlflow_version",           "model_id",
                                    "model_uuid",      "run_id",  "saved_input_example_info", "signature",
                                    "utc_time_created"};
  for (const auto& [key, value] : root.entries()) {
    bool modelled = false;
    for (const char* name : kModelled) modelled = modelled || key == name;
    if (!modelled) m.extra.Set(key, value);
  }
  return m;
}

Status MLmodel::Save(const std::string& directory) const {
  std::string path = (std::filesystem::path(directory) / kMLmodelFileName).string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return IoError("cannot create '" + path + "'");
  out << ToYaml();
  out.flush();
  if (!out) return IoError("cannot write '" + path + "'");
  return Status::Ok();
}

Result<MLmodel> MLmodel::Load(const std::string& path) {
  std::error_code error;
  std::filesystem::path file = path;
  if (std::filesystem::is_directory(file, error)) file /= kMLmodelFileName;
  std::ifstream in(file, std::ios::binary);
  if (!in) return IoError("cannot open '" + file.string() + "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  Result<MLmodel> parsed = FromYaml(buffer.str());
  if (!parsed.ok()) return parsed.status().WithContext(file.string());
  return parsed;
}

std::string NewModelUuid() {
  std::random_device device;
  std::mt19937_64 engine((static_cast<uint64_t>(device()) << 32) ^ device() ^
                         static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  uint64_t high = engine();
  uint64_t low = engine();
  high = (high & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  low = (low & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;    // RFC 4122 variant
  char buffer[33];
  std::snprintf(buffer, sizeof(buffer), "%016llx%016llx", static_cast<unsigned long long>(high),
                static_cast<unsigned long long>(low));
  return buffer;
}

std::string UtcTimeCreated() {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char date[32];
  std::strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", &utc);
  char buffer[48];
  std::snprintf(buffer, sizeof(buffer), "%s.%06lld", date, static_cast<long long>(micros));
  return buffer;
}

}  // namespace mlflow::mlmodel
