#include "mlflow/server/model_source.h"

#include <filesystem>

namespace mlflow::server {

DirectoryModelSource::DirectoryModelSource(std::string directory, std::string name, ModelLoader loader)
    : directory_(std::move(directory)), name_(std::move(name)), loader_(std::move(loader)) {
  if (name_.empty()) {
    std::filesystem::path path(directory_);
    name_ = (path.has_filename() ? path.filename() : path.parent_path().filename()).string();
    if (name_.empty()) name_ = "model";
  }
}

Result<ModelIdentity> DirectoryModelSource::Resolve() {
  std::error_code ec;
  if (!std::filesystem::is_directory(directory_, ec))
    return NotFound("model directory " + directory_ + " does not exist");
  ModelIdentity identity;
  identity.name = name_;
  identity.version = "local";
  identity.uri = directory_;
  identity.local_dir = directory_;
  return identity;
}

Result<LoadedModel> DirectoryModelSource::Load(const ModelIdentity& identity) {
  if (!loader_) return InternalError("no model loader configured");
  MLFLOW_ASSIGN_OR_RETURN(LoadedModel model, loader_(identity.local_dir));
  model.identity = identity;
  return model;
}

}  // namespace mlflow::server
