// LoadedModel: one servable model version — the predictor, who it is, and the reference
// distribution that monitoring compares its traffic with. Immutable once installed in a
// ModelSlot and shared (shared_ptr) by every request that uses it, so a hot swap never
// pulls a model out from under a request in flight.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "mlflow/core/result.h"
#include "mlflow/server/predictor.h"
#include "mlflow/server/reference_distribution.h"

namespace mlflow::server {

struct ModelIdentity {
  std::string name;       // registered model name, or the directory's name
  std::string version;    // registry version ("3"), or "local" for a plain directory
  std::string uri;        // what was asked for: "models:/tweet-sentiment@champion" or a path
  std::string alias;      // "champion" when served by alias
  std::string run_id;     // the run that produced it, when known
  std::string local_dir;  // where its files are on disk
};

struct LoadedModel {
  ModelIdentity identity;
  std::shared_ptr<const Predictor> predictor;
  std::shared_ptr<const ReferenceDistribution> reference;  // null when none shipped or configured
  uint64_t generation = 0;                                 // set by ModelSlot::Install
};

// Reads a model directory into a LoadedModel (predictor + the reference it ships, if any);
// identity fields other than local_dir are filled by the caller. Must be callable from a
// background thread; failures are Status values (a missing or corrupt model file).
using ModelLoader = std::function<Result<LoadedModel>(const std::string& directory)>;

}  // namespace mlflow::server
