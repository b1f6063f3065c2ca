// Reading data files for validation: every row as the file has it, problems included.
//
// Unlike the models' loaders, which skip and repair, this reader keeps what a validator must
// see: rows with too few or too many fields (schema problems), labels outside any set, the
// raw bytes' UTF-8 validity (checked before cleaning; a `\uD83D` escape without its pair
// counts as invalid too), and each row's file and line. Text is cleaned with the models'
// CleanTweetText (SemEval) or DecodeTweetEscapes (tables) so that length and duplicate checks
// see what training sees.
//
// Failures: kIoError for an unreadable file; everything else becomes a SchemaProblem.
// Thread-safe (no shared state).
#pragma once

#include <string>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/pipeline/data_source.h"

namespace mlflow::pipeline {

struct ValidationRecord {
  std::string file;
  size_t line = 0;
  std::string id;     // empty when the format has no id column
  std::string label;  // trimmed, as written
  std::string text;   // cleaned UTF-8
  bool valid_utf8 = true;
};

struct SchemaProblem {
  std::string file;
  size_t line = 0;  // 0: the file as a whole (e.g. a missing column)
  std::string message;
  std::string raw;  // the offending line or header
};

struct ValidationTable {
  std::vector<ValidationRecord> records;
  std::vector<SchemaProblem> schema_problems;
  std::vector<size_t> rows_per_file;  // records read from each input file, in order
};

// Reads `paths` in order. With a table format, `allow_extra_columns` false makes header
// columns other than the id/label/text ones a schema problem.
Result<ValidationTable> ReadValidationTable(const std::vector<std::string>& paths, const DataFormat& format,
                                            bool allow_extra_columns);

}  // namespace mlflow::pipeline
