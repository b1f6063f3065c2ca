#include "mlflow/mlmodel/input_example.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "mlflow/core/json.h"

namespace mlflow::mlmodel {
namespace {

Json SplitObject(const std::vector<std::string>& columns, const StringTable& rows) {
  return Json{{"columns", columns}, {"data", rows}};
}

Status WriteText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return IoError("cannot create '" + path.string() + "'");
  out << text;
  out.flush();
  return out ? Status::Ok() : IoError("cannot write '" + path.string() + "'");
}

}  // namespace

std::string DataframeSplitJson(const std::vector<std::string>& columns, const StringTable& rows) {
  return DumpJson(SplitObject(columns, rows));
}

std::string ServingInputJson(const std::vector<std::string>& columns, const StringTable& rows) {
  return Json{{"dataframe_split", SplitObject(columns, rows)}}.dump(2, ' ', false, Json::error_handler_t::replace);
}

Status WriteInputExample(const std::string& directory, const std::vector<std::string>& columns, const StringTable& rows,
                         const InputExampleInfo& info) {
  std::filesystem::path dir(directory);
  MLFLOW_RETURN_IF_ERROR(WriteText(dir / info.artifact_path, DataframeSplitJson(columns, rows)));
  if (!info.serving_input_path.empty()) {
    MLFLOW_RETURN_IF_ERROR(WriteText(dir / info.serving_input_path, ServingInputJson(columns, rows)));
  }
  return Status::Ok();
}

Result<StringTable> ReadInputExampleRows(const std::string& path, std::vector<std::string>* columns) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot open '" + path + "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  Result<Json> parsed = ParseJson(buffer.str(), "input example");
  if (!parsed.ok()) return InvalidArgument("input example '" + path + "': " + parsed.status().message());
  const Json& json = *parsed;
  if (!json.is_object() || !json.contains("data") || !json["data"].is_array()) {
    return InvalidArgument("input example '" + path + "': no 'data' array");
  }
  const Json& data = json["data"];
  StringTable rows;
  for (const auto& row : data) {
    if (!row.is_array()) return InvalidArgument("input example: each row must be an array");
    std::vector<std::string> values;
    for (const auto& cell : row) values.push_back(cell.is_string() ? cell.get<std::string>() : cell.dump());
    rows.push_back(std::move(values));
  }
  if (columns) {
    columns->clear();
    for (const auto& column : GetArray(json, "columns")) {
      if (column.is_string()) columns->push_back(column.get<std::string>());
    }
  }
  return rows;
}

}  // namespace mlflow::mlmodel
