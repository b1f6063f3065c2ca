// DataFormat: how a stage's `--data FILE...` are read, and loading them into a Dataset.
//
// Two formats: the SemEval-2017 Task 4A TSV (`id<TAB>label<TAB>text[<TAB>]`, the default)
// and any CSV/TSV through the models library's generic table loader (text, label and an
// optional id column, by name or index). Several files are concatenated in order; duplicate
// ids are resolved as the loaders document (mlflow/models/dataset.h).
//
// Failures: kIoError (unreadable file), kInvalidParameterValue (unusable file, bad option).
// Thread-safe (no shared state).
#pragma once

#include <string>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/models/dataset.h"
#include "mlflow/models/table_loader.h"

namespace mlflow::pipeline {

struct DataFormat {
  enum class Kind { kSemEval, kTable };
  Kind kind = Kind::kSemEval;      // Default: SemEval TSV.
  models::TableLoadOptions table;  // with kTable: delimiter, header, columns, labels

  // "semeval", "csv" or "tsv" (the latter two set the delimiter); others are an error.
  static Result<DataFormat> FromName(const std::string& name);
  std::string Name() const;  // "semeval", "csv", "tsv" or "table(<delimiter>)"
};

// Loads and concatenates `paths`; `report` (optional) receives the loaders' counts.
Result<models::Dataset> LoadDataset(const std::vector<std::string>& paths, const DataFormat& format,
                                    models::LoadReport* report = nullptr);

// The class names a format yields, when fixed in advance (SemEval's three, or the table
// options' list); empty when the labels are discovered from the data.
std::vector<std::string> FormatLabels(const DataFormat& format);

}  // namespace mlflow::pipeline
