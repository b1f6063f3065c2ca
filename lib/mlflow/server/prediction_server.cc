#include "mlflow/server/prediction_server.h"

namespace mlflow::server {

Result<std::unique_ptr<PredictionServer>> PredictionServer::Create(PredictionServerOptions options,
                                                                   std::shared_ptr<ModelSource> source,
                                                                   std::shared_ptr<TrackingApi> tracking,
                                                                   ModelVersionTagger tagger, ServerLog log) {
  if (!source) return InvalidArgument("no model source");
  std::unique_ptr<PredictionServer> server(new PredictionServer());
  PredictionServer* self = server.get();
  self->log_ = log;
  options.service.limits.max_body_bytes = options.http.max_body_bytes;

  if (options.monitoring) {
    self->monitor_ = std::make_unique<Monitor>(options.monitor, log);
    if (tracking && options.monitoring_run) {
      MonitoringRunOptions run_options{options.monitoring_experiment, options.monitor};
      self->run_ = std::make_shared<MonitoringRun>(tracking, tagger, run_options, log);
      self->monitor_->AddSink(self->run_);
    }
    if (!options.alert_hook.empty()) {
      self->hook_ = std::make_shared<AlertHook>(options.alert_hook, log);
      self->monitor_->AddSink(self->hook_);
      if (self->run_) {
        std::weak_ptr<AlertHook> hook = self->hook_;
        self->run_->set_on_run_started([hook](const std::string& run_id) {
          if (auto h = hook.lock()) h->set_monitoring_run_id(run_id);
        });
      }
    }
  }
  self->service_ =
      std::make_unique<PredictionService>(options.service, self->slot_, self->metrics_, self->monitor_.get());
  Monitor* monitor = self->monitor_.get();
  self->reloader_ = std::make_unique<HotReloader>(source, self->slot_, options.reload, log, &self->metrics_,
                                                  [monitor](std::shared_ptr<const LoadedModel> installed) {
                                                    if (monitor) monitor->OnModelInstalled(std::move(installed));
                                                  });
  PredictionService* service = self->service_.get();
  MLFLOW_ASSIGN_OR_RETURN(
      self->http_, HttpServer::Bind(
                       options.http, [service](const HttpExchange& exchange) { return service->Handle(exchange); },
                       [service](const HttpExchange& exchange, int status, const std::string& message) {
                         return service->HandleTransportError(exchange, status, message);
                       }));
  return server;
}

PredictionServer::~PredictionServer() {
  Stop();
  if (reloader_) reloader_->Stop();
  if (monitor_) monitor_->Stop();
}

Status PredictionServer::Run() {
  if (monitor_) monitor_->Start();
  reloader_->Start();
  log_.Info("listening on port " + std::to_string(http_->port()));
  Status served = http_->Serve();
  log_.Info("HTTP server drained; stopping model reload and monitoring");
  reloader_->Stop();
  if (monitor_) {
    monitor_->EvaluateNow();
    monitor_->Stop();
  }
  return served;
}

void PredictionServer::Stop() {
  if (service_) service_->BeginDrain();
  if (http_) http_->Stop();
}

}  // namespace mlflow::server
