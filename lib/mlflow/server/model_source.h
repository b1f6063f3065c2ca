// ModelSource: where the served model comes from, for the initial load and hot reload.
//
// Resolve() says which version should be served now (for an alias URI a cheap registry
// call); Load() fetches and loads it (download + parse: slow, always off the request path).
// DirectoryModelSource serves a local directory (version "local", never changes);
// registry_model_source.h follows `models:/name@alias` URIs. Implementations are used from
// the reloader thread only, and report failures as Status values.
#pragma once

#include <memory>
#include <string>

#include "mlflow/server/loaded_model.h"

namespace mlflow::server {

class ModelSource {
 public:
  virtual ~ModelSource() = default;
  // The identity of what should be served now (name, version, uri, alias).
  virtual Result<ModelIdentity> Resolve() = 0;
  // Loads `identity` (from Resolve); fills the returned model's identity.
  virtual Result<LoadedModel> Load(const ModelIdentity& identity) = 0;
  // True when Resolve() can change over time (alias and "latest" URIs), so polling pays.
  virtual bool follows_changes() const = 0;
  virtual std::string Describe() const = 0;
};

class DirectoryModelSource final : public ModelSource {
 public:
  // `name` empty: the directory's base name.
  DirectoryModelSource(std::string directory, std::string name, ModelLoader loader);
  Result<ModelIdentity> Resolve() override;
  Result<LoadedModel> Load(const ModelIdentity& identity) override;
  bool follows_changes() const override { return false; }
  std::string Describe() const override { return "directory " + directory_; }

 private:
  std::string directory_;
  std::string name_;
  ModelLoader loader_;
};

}  // namespace mlflow::server
