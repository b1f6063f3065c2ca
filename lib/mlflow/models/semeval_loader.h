// Loader for the SemEval-2017 Task 4A files: `id<TAB>label<TAB>text[<TAB>]` per line.
//
// Per line: a trailing '\r' is dropped; columns after the text are ignored (2016test has a
// fourth column, empty or a creation timestamp); the label is positive / neutral / negative
// (case-insensitive, trimmed); the text goes through CleanTweetText (CSV quoting, \u escapes,
// HTML entities, UTF-8 repair). A line with fewer than three columns, an empty id, an unknown
// label or an empty text is skipped, counted in LoadReport::unparsable and described in
// LoadReport::problems; blank lines are ignored. Duplicate ids follow ResolveDuplicateIds.
//
// Failures: kIoError when a file cannot be read; kInvalidParameterValue when a non-empty file
// has no parsable line at all (not a SemEval file). Thread-safe (no shared state).
#pragma once

#include <string>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/models/dataset.h"

namespace mlflow::models {

// The class names in index order: {"negative", "neutral", "positive"}.
const std::vector<std::string>& SemEvalLabels();

// One file; duplicates within it are resolved.
Result<Dataset> LoadSemEvalFile(const std::string& path, LoadReport* report = nullptr);

// Several files concatenated in the given order, duplicates resolved across all of them.
Result<Dataset> LoadSemEvalFiles(const std::vector<std::string>& paths, LoadReport* report = nullptr);

// The suggested split of the data directory: `validation` is `validation_file`; `train` is
// every other *.tsv file (sorted by name) with the validation ids and texts removed.
struct SemEvalSplit {
  Dataset train;
  Dataset validation;
  LoadReport train_report;
  LoadReport validation_report;
  std::vector<std::string> train_files;
};
inline constexpr const char* kSemEvalValidationFile = "twitter-2016devtest-A.tsv";
Result<SemEvalSplit> LoadSemEvalSplit(const std::string& directory,
                                      const std::string& validation_file = kSemEvalValidationFile);

}  // namespace mlflow::models
