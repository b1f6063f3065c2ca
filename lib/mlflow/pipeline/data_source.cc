#include "mlflow/pipeline/data_source.h"

#include <fmt/format.h>

#include "mlflow/models/semeval_loader.h"

namespace mlflow::pipeline {

Result<DataFormat> DataFormat::FromName(const std::string& name) {
  DataFormat format;
  if (name == "semeval") return format;
  if (name == "csv" || name == "tsv") {
    format.kind = Kind::kTable;
    format.table.delimiter = name == "csv" ? ',' : '\t';
    return format;
  }
  return InvalidArgument(fmt::format("unknown data format '{}' (expected semeval, csv or tsv)", name));
}

std::string DataFormat::Name() const {
  if (kind == Kind::kSemEval) return "semeval";
  if (table.delimiter == ',') return "csv";
  if (table.delimiter == '\t') return "tsv";
  return fmt::format("table({})", table.delimiter);
}

Result<models::Dataset> LoadDataset(const std::vector<std::string>& paths, const DataFormat& format,
                                    models::LoadReport* report) {
  if (paths.empty()) return InvalidArgument("no data files given");
  if (format.kind == DataFormat::Kind::kSemEval) return models::LoadSemEvalFiles(paths, report);
  models::Dataset all;
  for (const auto& path : paths) {
    MLFLOW_ASSIGN_OR_RETURN(models::Dataset part, models::LoadTable(path, format.table, report));
    if (all.labels.empty()) {
      all = std::move(part);
      continue;
    }
    if (part.labels != all.labels) {
      return InvalidArgument(
          fmt::format("'{}' has labels different from the previous files; pass the label set explicitly", path));
    }
    all.source += "," + part.source;
    all.examples.insert(all.examples.end(), part.examples.begin(), part.examples.end());
  }
  if (format.table.id_column) models::ResolveDuplicateIds(&all, report);
  return all;
}

std::vector<std::string> FormatLabels(const DataFormat& format) {
  if (format.kind == DataFormat::Kind::kSemEval) return models::SemEvalLabels();
  return format.table.labels;
}

}  // namespace mlflow::pipeline
