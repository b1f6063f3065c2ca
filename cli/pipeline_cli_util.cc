#include "pipeline_cli_util.h"

#include <cstdlib>
#include <sstream>

namespace mlflow::cli {

void DataFormatArgs::AddTo(CLI::App* command) {
  command->add_option("--format", format, "Data format: semeval (id<TAB>label<TAB>text), csv or tsv")
      ->check(CLI::IsMember({"semeval", "csv", "tsv"}))
      ->capture_default_str();
  command->add_option("--text-column", text_column,
                      "csv/tsv: text column, by header name or 0-based index (default: text)");
  command->add_option("--label-column", label_column, "csv/tsv: label column (default: label)");
  command->add_option("--id-column", id_column, "csv/tsv: id column (default: none)");
  command->add_flag("--no-header", no_header, "csv/tsv: the first record is data, columns are indices");
  command->add_option("--labels", labels, "Allowed class names in order, comma-separated (csv/tsv default: as found)");
}

pipeline::DataFormat DataFormatArgs::ToFormat() const {
  auto parsed = pipeline::DataFormat::FromName(format);
  if (!parsed.ok()) throw UsageError(parsed.status().message());
  pipeline::DataFormat result = parsed.value();
  bool table_options = !text_column.empty() || !label_column.empty() || !id_column.empty() || no_header;
  if (result.kind == pipeline::DataFormat::Kind::kSemEval) {
    if (table_options)
      throw UsageError("--text-column/--label-column/--id-column/--no-header need --format csv or tsv");
    return result;
  }
  auto& table = result.table;
  table.has_header = !no_header;
  if (!text_column.empty()) table.text_column = models::ColumnRef::Parse(text_column);
  if (!label_column.empty()) table.label_column = models::ColumnRef::Parse(label_column);
  if (!id_column.empty()) table.id_column = models::ColumnRef::Parse(id_column);
  if (no_header && (table.text_column.index < 0 || table.label_column.index < 0)) {
    throw UsageError("--no-header needs --text-column and --label-column given as indices");
  }
  table.labels = SplitList(labels);
  return result;
}

std::optional<MlflowClient> OptionalClient(const GlobalOptions& options) {
  const char* env = std::getenv("MLFLOW_TRACKING_URI");
  if (options.tracking_uri.empty() && (env == nullptr || *env == '\0')) return std::nullopt;
  return MakeClient(options);
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    size_t b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

void Note(const std::string& command, const std::string& message) {
  std::cerr << "mlflow-cpp " << command << ": " << message << "\n";
}

}  // namespace mlflow::cli
