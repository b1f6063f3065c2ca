// DvcLock: the hashes DVC recorded in dvc.lock, for tagging MLflow runs with the exact
// versions of the data and models a stage consumed.
//
// An input is matched against the lock's entries by path (resolved against the lock file's
// directory, where DVC runs stage commands): an exact entry, or the directory entry that
// contains it ("data/prepared/train.tsv" -> the "data/prepared" output, md5 "....dir").
// Outputs win over dependencies, and the entries of `exclude_stage` (the stage running now,
// whose recorded hashes are from its previous run) are ignored. Immutable; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mlflow/core/result.h"

namespace mlflow::pipeline {

struct DvcLockEntry {
  std::string stage;  // "train@logreg"
  std::string path;   // as written in dvc.lock (relative to its directory)
  std::string md5;    // "0a1b..." or "0a1b....dir"
  bool output = false;
};

class DvcLock {
 public:
  // Parses dvc.lock text; `directory` is where its paths are relative to.
  static Result<DvcLock> Parse(const std::string& text, const std::string& directory);
  // Reads `directory`/dvc.lock; nullopt (not an error) when there is none.
  static Result<std::optional<DvcLock>> Load(const std::string& directory);

  const std::vector<DvcLockEntry>& entries() const { return entries_; }
  const std::string& directory() const { return directory_; }

  // The entry recording `input` (a path relative to the current directory, or absolute).
  std::optional<DvcLockEntry> Lookup(const std::string& input, const std::string& exclude_stage = "") const;

 private:
  std::string directory_;
  std::vector<DvcLockEntry> entries_;
};

}  // namespace mlflow::pipeline
