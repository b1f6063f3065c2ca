// Generic loader: any CSV or TSV file with a text column and a label column.
//
// Records follow RFC 4180: fields may be quoted with '"', quoted fields may contain the
// delimiter, line breaks and doubled quotes; '\r\n' and '\n' both end a record. Columns are
// chosen by header name or by zero-based index. A record that is too short, has an empty text
// or an empty/unknown label, or ends inside an open quote is skipped, counted and reported
// (LoadReport); blank lines are ignored. With an id column, duplicate ids follow
// ResolveDuplicateIds; without one nothing is merged.
//
// Failures: kIoError (unreadable file), kInvalidParameterValue (a named column missing from the
// header, an index used by name without a header, a non-empty file with no usable record).
// Thread-safe (no shared state).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/models/dataset.h"

namespace mlflow::models {

// A column by header name or by zero-based position.
struct ColumnRef {
  std::string name;
  int index = -1;

  static ColumnRef Named(std::string column_name) { return ColumnRef{std::move(column_name), -1}; }
  static ColumnRef At(int column_index) { return ColumnRef{"", column_index}; }
  // "3" is an index, anything else a name.
  static ColumnRef Parse(std::string_view spec);
};

struct TableLoadOptions {
  char delimiter = ',';    // ',' for CSV, '\t' for TSV. Default: ','.
  bool has_header = true;  // first record names the columns. Default: true.
  ColumnRef text_column = ColumnRef::Named("text");
  ColumnRef label_column = ColumnRef::Named("label");
  std::optional<ColumnRef> id_column;  // Default: none.
  // Allowed class names in index order; records with other labels are skipped. Default
  // (empty): every label seen, sorted by name.
  std::vector<std::string> labels;
  // Decode \uXXXX, \" and HTML entities in the text (DecodeTweetEscapes). Default: true.
  bool decode_escapes = true;
};

Result<Dataset> LoadTable(const std::string& path, const TableLoadOptions& options, LoadReport* report = nullptr);

// The same on in-memory contents; `source` names them in problems and Dataset::source.
Result<Dataset> ParseTable(std::string_view contents, const std::string& source, const TableLoadOptions& options,
                           LoadReport* report = nullptr);

// Splits delimited text into records of fields (RFC 4180). `unterminated` is set when the
// input ends inside a quoted field (the partial record is dropped). Exposed for tests.
struct TableRecord {
  size_t line = 0;  // line number where the record starts (1-based)
  std::vector<std::string> fields;
};
std::vector<TableRecord> SplitRecords(std::string_view contents, char delimiter, bool* unterminated);

}  // namespace mlflow::models
