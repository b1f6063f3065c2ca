// HotReloader: keeps the ModelSlot serving what the ModelSource says, without restarts.
//
// A background thread loads the model (retrying every `retry_interval_seconds` until the
// first load succeeds: readiness stays false meanwhile), then — when the source follows
// changes (an alias URI) — polls Resolve() every `poll_interval_seconds`. When the resolved
// version differs from the served one, it loads the new version on this thread (requests keep
// being served by the old one), applies the reference override, installs it atomically and
// calls `on_installed`; requests in flight finish on the model they started with. A failed
// load leaves the old model serving, is logged and counted, and is retried at the next poll.
//
// Defaults: poll every 30 s, retry the first load every 5 s. Thread-safe; Stop() is prompt
// (it interrupts the waits, not a load in progress) and idempotent.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "mlflow/server/loaded_model.h"
#include "mlflow/server/model_slot.h"
#include "mlflow/server/model_source.h"
#include "mlflow/server/server_log.h"
#include "mlflow/server/server_metrics.h"

namespace mlflow::server {

struct ReloadOptions {
  double poll_interval_seconds = 30;  // 0 disables polling (serve the first version only)
  double retry_interval_seconds = 5;
  std::string reference_file;  // when set, replaces each model's shipped reference
};

class HotReloader {
 public:
  using InstalledCallback = std::function<void(std::shared_ptr<const LoadedModel> installed)>;

  HotReloader(std::shared_ptr<ModelSource> source, ModelSlot& slot, ReloadOptions options, ServerLog log,
              ServerMetrics* metrics, InstalledCallback on_installed);
  ~HotReloader();
  HotReloader(const HotReloader&) = delete;
  HotReloader& operator=(const HotReloader&) = delete;

  void Start();
  void Stop();
  // One resolve (+ load and install when the version changed), on the calling thread.
  // Returns true when a new model was installed.
  Result<bool> PollOnce();

 private:
  void Run();
  Result<LoadedModel> LoadWithReference(const ModelIdentity& identity);

  std::shared_ptr<ModelSource> source_;
  ModelSlot& slot_;
  const ReloadOptions options_;
  const ServerLog log_;
  ServerMetrics* metrics_;
  InstalledCallback on_installed_;

  std::mutex poll_mutex_;  // serialises PollOnce
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace mlflow::server
