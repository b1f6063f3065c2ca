#include "mlflow/server/hot_reloader.h"

#include <chrono>
#include <ctime>

namespace mlflow::server {

HotReloader::HotReloader(std::shared_ptr<ModelSource> source, ModelSlot& slot, ReloadOptions options, ServerLog log,
                         ServerMetrics* metrics, InstalledCallback on_installed)
    : source_(std::move(source)),
      slot_(slot),
      options_(std::move(options)),
      log_(std::move(log)),
      metrics_(metrics),
      on_installed_(std::move(on_installed)) {}

HotReloader::~HotReloader() { Stop(); }

void HotReloader::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (thread_.joinable() || stop_) return;
  thread_ = std::thread([this] { Run(); });
}

void HotReloader::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Result<LoadedModel> HotReloader::LoadWithReference(const ModelIdentity& identity) {
  MLFLOW_ASSIGN_OR_RETURN(LoadedModel model, source_->Load(identity));
  if (!model.predictor) return InternalError("the model loader returned no predictor");
  if (!options_.reference_file.empty()) {
    MLFLOW_ASSIGN_OR_RETURN(ReferenceDistribution ref,
                            LoadReferenceFile(options_.reference_file, model.predictor->classes()));
    model.reference = std::make_shared<const ReferenceDistribution>(std::move(ref));
  }
  return model;
}

Result<bool> HotReloader::PollOnce() {
  std::lock_guard<std::mutex> poll_lock(poll_mutex_);
  MLFLOW_ASSIGN_OR_RETURN(ModelIdentity wanted, source_->Resolve());
  std::shared_ptr<const LoadedModel> current = slot_.Current();
  if (current && current->identity.name == wanted.name && current->identity.version == wanted.version) return false;
  const auto started = std::chrono::steady_clock::now();
  Result<LoadedModel> loaded = LoadWithReference(wanted);
  if (!loaded.ok()) {
    if (metrics_) metrics_->RecordReload(false, std::time(nullptr));
    return loaded.status().WithContext("loading " + wanted.name + " version " + wanted.version);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const bool has_reference = loaded->reference != nullptr;
  const std::string reference_source = has_reference ? loaded->reference->source : "";
  slot_.Install(std::move(loaded).value());
  std::shared_ptr<const LoadedModel> installed = slot_.Current();
  if (metrics_) {
    metrics_->RecordReload(true, std::time(nullptr));
    metrics_->SetModel(installed->identity);
  }
  log_.Info("serving " + wanted.name + " version " + wanted.version + " (" + wanted.uri + ", loaded in " +
            std::to_string(static_cast<int>(seconds * 1000)) + " ms" +
            (current ? ", replacing version " + current->identity.version : std::string()) +
            "; reference: " + (has_reference ? reference_source : std::string("none, drift signals off")) + ")");
  if (on_installed_) on_installed_(installed);
  return true;
}

void HotReloader::Run() {
  using Seconds = std::chrono::duration<double>;
  std::string last_error;
  while (true) {
    Result<bool> polled = PollOnce();
    if (!polled.ok()) {
      // Log each distinct failure once, not every poll.
      if (polled.status().ToString() != last_error) log_.Error(polled.status().ToString());
      last_error = polled.status().ToString();
    } else {
      last_error.clear();
    }
    double wait = slot_.ready() ? options_.poll_interval_seconds : options_.retry_interval_seconds;
    if (!slot_.ready() && wait <= 0) wait = 1;
    if (slot_.ready() && (!source_->follows_changes() || options_.poll_interval_seconds <= 0)) wait = -1;
    std::unique_lock<std::mutex> lock(mutex_);
    if (wait < 0) {
      wake_.wait(lock, [&] { return stop_; });
    } else {
      wake_.wait_for(lock, Seconds(wait), [&] { return stop_; });
    }
    if (stop_) return;
  }
}

}  // namespace mlflow::server
