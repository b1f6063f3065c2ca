// Dataset: labelled texts in memory, and the report of how they were loaded.
//
// A Dataset owns its examples; labels are indices into `labels` (the class names, in a fixed
// order that models and metrics keep). Datasets are plain values: copyable, not synchronised.
//
// Duplicate ids (ResolveDuplicateIds): copies with the same label collapse to the first;
// an id that carries different labels (84 ids in the SemEval files, e.g. one tweet labelled
// neutral in 2013train and negative in 2013dev) is dropped entirely — neither label can be
// trusted, and keeping one would pick a winner arbitrarily. Empty ids are never merged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mlflow/models/text_decoding.h"

namespace mlflow::models {

struct Example {
  std::string id;    // may be empty (generic tables without an id column)
  std::string text;  // cleaned UTF-8
  int label = -1;    // index into Dataset::labels
};

struct Dataset {
  std::string name;                 // e.g. "semeval2017-task4a-train"
  std::string source;               // where it came from (paths), for MLflow run inputs
  std::vector<std::string> labels;  // class names; an Example's label indexes this
  std::vector<Example> examples;

  size_t size() const { return examples.size(); }
  bool empty() const { return examples.empty(); }
  // Index of a class name, -1 when absent.
  int LabelIndex(std::string_view label) const;
  std::vector<size_t> ClassCounts() const;
  std::vector<std::string> Texts() const;
  std::vector<int> Labels() const;
  // A stable 16-hex-digit fingerprint of labels, ids, texts and their order.
  std::string Digest() const;
  // The examples at `indices`, same labels and name.
  Dataset Subset(const std::vector<size_t>& indices) const;
};

// What a loader read, kept, dropped and repaired. Counters add up across files.
struct LoadReport {
  static constexpr size_t kMaxProblems = 20;

  size_t lines = 0;            // non-blank lines or records read
  size_t loaded = 0;           // examples in the result
  size_t unparsable = 0;       // lines skipped because they do not parse
  size_t duplicates = 0;       // repeated id with the same label: later copies dropped
  size_t conflicting_ids = 0;  // ids seen with different labels: every copy dropped
  size_t conflicting_rows = 0;
  size_t overlap_removed = 0;  // dropped because the id or text is in the validation data
  DecodeStats decode;
  std::vector<std::string> problems;  // the first kMaxProblems messages ("file:line: why")

  void AddProblem(std::string message);
  // One paragraph: counts and the first problems.
  std::string Summary() const;
};

// Applies the duplicate-id policy above, in place; keeps the order of first occurrences.
void ResolveDuplicateIds(Dataset* data, LoadReport* report = nullptr);

// Drops from `train` every example whose id, or whose text (NormalizeForComparison), appears
// in `holdout`. Returns how many were dropped (also added to report->overlap_removed).
size_t RemoveOverlap(Dataset* train, const Dataset& holdout, LoadReport* report = nullptr);

}  // namespace mlflow::models
