// PredictionServer: the whole prediction server assembled — HTTP front, service, model slot,
// hot reloader, monitor and its sinks (MLflow monitoring run, alert hook).
//
//   auto server = PredictionServer::Create(options, source, tracking, tagger).value();
//   server->Run();   // blocks: loads the model in the background, serves, drains on Stop()
//
// Create() binds the port (a busy port fails there) but loads nothing: readiness is false
// until the reloader has installed the first model. Run() returns after Stop() (from any
// thread, e.g. a ShutdownSignals callback) once in-flight requests are answered; it then
// stops the reloader, evaluates and flushes monitoring, and ends the monitoring run.
// `tracking` may be null (no monitoring run); `tagger` may be null (no model-version tags).
#pragma once

#include <memory>
#include <string>

#include "mlflow/server/alert_hook.h"
#include "mlflow/server/hot_reloader.h"
#include "mlflow/server/http_server.h"
#include "mlflow/server/model_slot.h"
#include "mlflow/server/monitor.h"
#include "mlflow/server/monitoring_run.h"
#include "mlflow/server/prediction_service.h"
#include "mlflow/server/server_metrics.h"

namespace mlflow::server {

struct PredictionServerOptions {
  HttpServerOptions http;
  ServiceOptions service;  // limits (max_body_bytes is taken from http)
  ReloadOptions reload;
  bool monitoring = true;  // Default on: window, drift, feedback, /monitoring.
  MonitorOptions monitor;
  bool monitoring_run = true;         // Default on when a tracking API is given.
  std::string monitoring_experiment;  // Default "": "<model name>-monitoring".
  std::string alert_hook;             // Default none.
};

class PredictionServer {
 public:
  static Result<std::unique_ptr<PredictionServer>> Create(PredictionServerOptions options,
                                                          std::shared_ptr<ModelSource> source,
                                                          std::shared_ptr<TrackingApi> tracking,
                                                          ModelVersionTagger tagger, ServerLog log = ServerLog());
  ~PredictionServer();
  PredictionServer(const PredictionServer&) = delete;
  PredictionServer& operator=(const PredictionServer&) = delete;

  int port() const { return http_->port(); }
  Status Run();
  void Stop();

  // For tests and embedding.
  const ModelSlot& slot() const { return slot_; }
  ServerMetrics& metrics() { return metrics_; }
  Monitor* monitor() { return monitor_.get(); }
  HotReloader& reloader() { return *reloader_; }
  PredictionService& service() { return *service_; }

 private:
  PredictionServer() = default;

  ServerLog log_;
  ModelSlot slot_;
  ServerMetrics metrics_;
  std::unique_ptr<Monitor> monitor_;
  std::shared_ptr<AlertHook> hook_;
  std::shared_ptr<MonitoringRun> run_;
  std::unique_ptr<PredictionService> service_;
  std::unique_ptr<HotReloader> reloader_;
  std::unique_ptr<HttpServer> http_;
};

}  // namespace mlflow::server
