// ModelCache: downloaded models on local disk, keyed by what was resolved (a registered
// version, a logged model, a run path), so loading the same model again does not download it.
//
// Layout: <cache_dir>/<readable-slug>-<hash of key>/{entry.json, files/...}. An entry is
// filled in a temp directory under <cache_dir> and renamed into place when complete, so a
// reader never sees half an entry; when two processes fill the same key, the first rename wins
// and the other uses its entry. Safe for concurrent use by threads and processes sharing the
// directory. Entries are never modified; Remove() deletes one.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "mlflow/client/client_config.h"
#include "mlflow/core/result.h"

namespace mlflow {

// $MLFLOWCPP_CACHE_DIR, else $XDG_CACHE_HOME/mlflow-cpp, else $HOME/.cache/mlflow-cpp, else
// <temp dir>/mlflow-cpp-cache.
std::string DefaultModelCacheDir(const EnvLookup& env = ProcessEnvironment());

class ModelCache {
 public:
  explicit ModelCache(std::string cache_dir);

  const std::string& dir() const { return dir_; }
  // Where `key`'s entry lives (whether or not it exists).
  std::string EntryDir(const std::string& key) const;
  // The local path recorded for a complete entry, or nullopt.
  std::optional<std::string> Lookup(const std::string& key) const;
  // Lookup(), or else `fill(files_dir)` (which downloads into files_dir, an empty directory,
  // and returns the local path of what it produced inside it), published atomically.
  Result<std::string> GetOrFill(const std::string& key,
                                const std::function<Result<std::string>(const std::string&)>& fill);
  Status Remove(const std::string& key);

 private:
  std::string dir_;
};

// Stable 16-hex-digit FNV-1a hash (the same on every platform and run).
std::string StableHash(const std::string& text);

}  // namespace mlflow
