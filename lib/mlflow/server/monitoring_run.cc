#include "mlflow/server/monitoring_run.h"

#include <cmath>

#include <fmt/format.h>

#include "mlflow/core/clock.h"

namespace mlflow::server {
namespace {

constexpr const char* kTagPrefix = "mlflowcpp.";

// Metric keys allow [/\w.\- :]; class names from a model might not.
std::string SafeKey(const std::string& text) {
  std::string out;
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.' || c == ' ' || c == ':' || c == '/';
    out.push_back(ok ? c : '_');
  }
  return out;
}

}  // namespace

MonitoringRun::MonitoringRun(std::shared_ptr<TrackingApi> tracking, ModelVersionTagger tag_model_version,
                             MonitoringRunOptions options, ServerLog log)
    : tracking_(std::move(tracking)),
      tag_model_version_(std::move(tag_model_version)),
      options_(std::move(options)),
      log_(std::move(log)) {}

bool MonitoringRun::EnsureRun(const LoadedModel& model) {
  if (!run_id_.empty() && run_generation_ == model.generation) return true;
  if (!run_id_.empty()) EndRun();
  const ModelIdentity& id = model.identity;
  std::string experiment = options_.experiment_name.empty() ? id.name + "-monitoring" : options_.experiment_name;
  Result<std::string> experiment_id = tracking_->GetOrCreateExperiment(experiment);
  if (!experiment_id.ok()) {
    if (!failed_once_) log_.Warning("monitoring run: " + experiment_id.status().ToString());
    failed_once_ = true;
    return false;
  }
  CreateRunRequest request;
  request.experiment_id = *experiment_id;
  request.run_name = "monitor-" + id.name + "-v" + id.version;
  std::string prefix = std::string(kTagPrefix) + "monitoring.";
  request.tags = {{prefix + "model_name", id.name},
                  {prefix + "model_version", id.version},
                  {prefix + "model_uri", id.uri},
                  {prefix + "model_alias", id.alias},
                  {prefix + "reference", model.reference ? model.reference->source : std::string("none")},
                  {"mlflow.source.type", "LOCAL"},
                  {"mlflow.source.name", "mlflow-cpp serve"}};
  Result<Run> run = tracking_->CreateRun(request);
  if (!run.ok()) {
    if (!failed_once_) log_.Warning("monitoring run: " + run.status().ToString());
    failed_once_ = true;
    return false;
  }
  failed_once_ = false;
  run_id_ = run->info.run_id;
  run_generation_ = model.generation;
  const MonitorOptions& m = options_.monitor;
  const DriftThresholds& t = m.thresholds;
  LogBatchRequest params;
  params.run_id = run_id_;
  params.params = {{"window", std::to_string(m.window)},
                   {"evaluate_every", std::to_string(m.evaluate_every)},
                   {"feedback_window", std::to_string(m.feedback_window)},
                   {"threshold.js_distance", fmt::format("{}", t.js_distance)},
                   {"threshold.chi_square_p_value", fmt::format("{}", t.chi_square_p_value)},
                   {"threshold.psi", fmt::format("{}", t.psi)},
                   {"threshold.confidence_shift", fmt::format("{}", t.confidence_shift)},
                   {"threshold.entropy_shift", fmt::format("{}", t.entropy_shift)},
                   {"threshold.oov_rate_shift", fmt::format("{}", t.oov_rate_shift)},
                   {"threshold.length_shift", fmt::format("{}", t.length_shift)},
                   {"threshold.min_feedback_accuracy", fmt::format("{}", t.min_feedback_accuracy)},
                   {"threshold.min_feedback_macro_recall", fmt::format("{}", t.min_feedback_macro_recall)},
                   {"reference_count", std::to_string(model.reference ? model.reference->count : 0)}};
  if (Status s = tracking_->LogBatch(params); !s.ok()) log_.Warning("monitoring run params: " + s.ToString());
  if (tag_model_version_) {
    if (Status s = tag_model_version_(id, std::string(kTagPrefix) + "monitoring_run_id", run_id_); !s.ok()) {
      log_.Warning("tagging model version with the monitoring run: " + s.ToString());
    }
  }
  log_.Info("monitoring run " + run_id_ + " started for " + id.name + " version " + id.version);
  if (on_run_started_) on_run_started_(run_id_);
  return true;
}

void MonitoringRun::EndRun() {
  if (run_id_.empty()) return;
  if (Status s = tracking_->EndRun(run_id_, RunStatus::kFinished); !s.ok()) {
    log_.Warning("ending monitoring run " + run_id_ + ": " + s.ToString());
  }
  run_id_.clear();
}

void MonitoringRun::OnModel(const LoadedModel& model) { EnsureRun(model); }

void MonitoringRun::OnReport(const LoadedModel& model, const DriftReport& r, uint64_t step) {
  if (!EnsureRun(model)) return;
  LogBatchRequest batch;
  batch.run_id = run_id_;
  const int64_t now = NowMillis();
  auto add = [&](const std::string& key, double value) {
    if (std::isfinite(value)) batch.metrics.push_back(Metric{key, value, now, static_cast<int64_t>(step), "", "", ""});
  };
  add("window_texts", static_cast<double>(r.window));
  add("js_distance", r.js_distance);
  add("psi", r.psi);
  add("chi_square_statistic", r.chi_square_statistic);
  add("chi_square_p_value", r.chi_square_p_value);
  add("mean_confidence", r.mean_confidence);
  add("confidence_shift", r.confidence_shift);
  add("mean_entropy", r.mean_entropy);
  add("entropy_shift", r.entropy_shift);
  add("oov_rate", r.oov_rate);
  add("oov_rate_shift", r.oov_rate_shift);
  add("mean_text_length", r.mean_length);
  add("length_shift", r.length_shift);
  for (size_t i = 0; i < r.classes.size() && i < r.live_class_fractions.size(); ++i) {
    add("class_fraction." + SafeKey(r.classes[i]), r.live_class_fractions[i]);
  }
  add("feedback_labels", static_cast<double>(r.feedback.labelled));
  add("feedback_accuracy", r.feedback.accuracy);
  add("feedback_macro_recall", r.feedback.macro_recall);
  add("alerts_active", static_cast<double>(r.BreachedCount()));
  for (const Signal& s : r.signals) add("alert." + s.name, s.breached ? 1.0 : 0.0);
  if (Status s = tracking_->LogBatch(batch); !s.ok()) log_.Warning("monitoring metrics: " + s.ToString());
}

void MonitoringRun::OnAlert(const LoadedModel& model, const AlertEvent& alert) {
  if (!EnsureRun(model)) return;
  std::string key = std::string(kTagPrefix) + "alert." + alert.signal;
  std::string value = alert.Describe();
  if (Status s = tracking_->SetTag(run_id_, key, value); !s.ok()) log_.Warning("monitoring alert tag: " + s.ToString());
  if (tag_model_version_) {
    if (Status s = tag_model_version_(model.identity, key, value); !s.ok()) {
      log_.Warning("tagging model version with the alert: " + s.ToString());
    }
  }
}

void MonitoringRun::OnStop() { EndRun(); }

}  // namespace mlflow::server
