#include "mlflow/server/monitor.h"

#include <chrono>
#include <cmath>

#include "mlflow/core/clock.h"

namespace mlflow::server {
namespace {

Json NumberOrNull(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

// The model's class list, sharing ownership of its predictor (aliasing constructor).
std::shared_ptr<const std::vector<std::string>> ClassesOf(const LoadedModel& model) {
  return std::shared_ptr<const std::vector<std::string>>(model.predictor, &model.predictor->classes());
}

}  // namespace

Monitor::Monitor(MonitorOptions options, ServerLog log)
    : options_(std::move(options)),
      log_(std::move(log)),
      window_(options_.window, 0),
      feedback_(options_.feedback_capacity, options_.feedback_window) {}

Monitor::~Monitor() { Stop(); }

void Monitor::AddSink(std::shared_ptr<MonitoringSink> sink) { sinks_.push_back(std::move(sink)); }

void Monitor::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (running_ || stop_) return;
  running_ = true;
  thread_ = std::thread([this] { Run(); });
}

void Monitor::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stop_) return;
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  // Never started: deliver what is queued here. After the join no other thread calls sinks.
  std::deque<SinkEvent> rest;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    rest.swap(queue_);
    running_ = false;
  }
  for (const SinkEvent& e : rest) Deliver(e);
  for (const auto& sink : sinks_) sink->OnStop();
  drained_.notify_all();
}

void Monitor::OnModelInstalled(std::shared_ptr<const LoadedModel> model) {
  if (!model || !model->predictor) return;
  auto classes = ClassesOf(*model);
  window_.Reset(model->generation, classes->size());
  feedback_.Reset(model->generation, classes);
  std::lock_guard<std::mutex> lock(mutex_);
  model_ = model;
  classes_ = classes;
  step_ = 0;
  evaluated_total_ = 0;
  evaluated_feedback_ = 0;
  latest_.reset();
  alerts_.Reset();
  SinkEvent event{SinkEvent::kModel, model, DriftReport(), AlertEvent(), 0};
  Enqueue(std::move(event));
}

void Monitor::Observe(const LoadedModel& model, const std::vector<std::string>& texts, const PredictionBatch& batch,
                      const std::string& request_id) {
  const size_t k = model.predictor->classes().size();
  std::vector<TextObservation> observations = server::Observe(texts, batch, k);
  uint64_t total = window_.Add(model.generation, observations);
  feedback_.Remember(request_id, model.generation, model.predictor->classes(), batch.labels);
  const uint64_t every = options_.evaluate_every;
  if (total > 0 && every > 0 && total / every != (total - observations.size()) / every) EvaluateNow();
}

Result<FeedbackOutcome> Monitor::Feedback(const std::string& request_id,
                                          const std::vector<std::optional<std::string>>& labels) {
  return feedback_.Record(request_id, labels);
}

std::optional<DriftReport> Monitor::EvaluateNow() {
  WindowSnapshot snapshot = window_.Snapshot();
  FeedbackStats feedback = feedback_.Stats();
  std::vector<std::string> lines;
  std::optional<DriftReport> result;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!model_ || snapshot.generation != model_->generation) return std::nullopt;
    DriftReport report =
        EvaluateDrift(model_->reference.get(), snapshot.summary, *classes_, feedback, options_.thresholds);
    uint64_t step = step_++;
    evaluated_total_ = snapshot.total_observed;
    evaluated_feedback_ = feedback.total_received;
    std::vector<AlertEvent> events = alerts_.Update(report, step, NowMillis());
    latest_ = report;
    Enqueue(SinkEvent{SinkEvent::kReport, model_, report, AlertEvent(), step});
    for (AlertEvent& e : events) {
      if (e.raised) ++raised_totals_[e.signal];
      lines.push_back("monitoring " + std::string(e.raised ? "ALERT" : "recovered") + " for " + model_->identity.name +
                      " version " + model_->identity.version + ": " + e.Describe());
      Enqueue(SinkEvent{SinkEvent::kAlert, model_, DriftReport(), std::move(e), step});
    }
    result = std::move(report);
  }
  for (const std::string& line : lines) log_.Warning(line);
  return result;
}

void Monitor::Flush() {
  std::unique_lock<std::mutex> lock(mutex_);
  drained_.wait(lock, [&] { return !running_ || (queue_.empty() && !delivering_); });
}

void Monitor::Enqueue(SinkEvent event) {
  if (sinks_.empty()) return;
  if (queue_.size() >= options_.sink_queue) {
    bool made_room = false;
    for (auto it = queue_.begin(); it != queue_.end(); ++it) {
      if (it->kind == SinkEvent::kReport) {
        queue_.erase(it);
        made_room = true;
        break;
      }
    }
    if (!made_room && event.kind == SinkEvent::kReport) {
      ++dropped_reports_;
      return;
    }
    if (made_room) ++dropped_reports_;
  }
  queue_.push_back(std::move(event));
  wake_.notify_one();
}

void Monitor::Deliver(const SinkEvent& e) {
  for (const auto& sink : sinks_) {
    switch (e.kind) {
      case SinkEvent::kModel:
        sink->OnModel(*e.model);
        break;
      case SinkEvent::kReport:
        sink->OnReport(*e.model, e.report, e.step);
        break;
      case SinkEvent::kAlert:
        sink->OnAlert(*e.model, e.alert);
        break;
    }
  }
}

void Monitor::Run() {
  const auto interval = std::chrono::duration<double>(
      options_.evaluate_interval_seconds > 0 ? options_.evaluate_interval_seconds : 3600.0);
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    if (queue_.empty()) {
      drained_.notify_all();
      if (stop_) break;
      bool woken = wake_.wait_for(lock, interval, [&] { return stop_ || !queue_.empty(); });
      if (!woken && model_) {
        uint64_t seen_total = evaluated_total_, seen_feedback = evaluated_feedback_;
        lock.unlock();
        bool changed =
            window_.Snapshot().total_observed != seen_total || feedback_.Stats().total_received != seen_feedback;
        if (changed) EvaluateNow();
        lock.lock();
      }
      continue;
    }
    SinkEvent event = std::move(queue_.front());
    queue_.pop_front();
    delivering_ = true;
    lock.unlock();
    Deliver(event);
    lock.lock();
    delivering_ = false;
  }
}

Json Monitor::LatestReportJson() const {
  std::lock_guard<std::mutex> lock(mutex_);
  Json out = Json::object();
  if (!model_) {
    out["status"] = "no model loaded";
    return out;
  }
  out["model"] = {
      {"name", model_->identity.name}, {"version", model_->identity.version}, {"uri", model_->identity.uri}};
  if (model_->reference) {
    const ReferenceDistribution& ref = *model_->reference;
    out["reference"] = ReferenceToJson(ref);
    out["reference"]["source"] = ref.source;
  } else {
    out["reference"] = nullptr;
  }
  out["evaluations"] = step_;
  out["dropped_reports"] = dropped_reports_;
  if (!latest_) return out;
  const DriftReport& r = *latest_;
  Json fractions = Json::object();
  for (size_t i = 0; i < r.classes.size() && i < r.live_class_fractions.size(); ++i) {
    fractions[r.classes[i]] = NumberOrNull(r.live_class_fractions[i]);
  }
  out["window"] = r.window;
  out["live"] = {{"predicted_class_fractions", fractions},
                 {"mean_confidence", NumberOrNull(r.mean_confidence)},
                 {"mean_entropy", NumberOrNull(r.mean_entropy)},
                 {"oov_rate", NumberOrNull(r.oov_rate)},
                 {"mean_text_length", NumberOrNull(r.mean_length)}};
  out["drift"] = {{"js_distance", NumberOrNull(r.js_distance)},
                  {"psi", NumberOrNull(r.psi)},
                  {"chi_square_statistic", NumberOrNull(r.chi_square_statistic)},
                  {"chi_square_p_value", NumberOrNull(r.chi_square_p_value)},
                  {"confidence_shift", NumberOrNull(r.confidence_shift)},
                  {"entropy_shift", NumberOrNull(r.entropy_shift)},
                  {"oov_rate_shift", NumberOrNull(r.oov_rate_shift)},
                  {"length_shift", NumberOrNull(r.length_shift)}};
  out["feedback"] = {{"labelled", r.feedback.labelled},
                     {"accuracy", NumberOrNull(r.feedback.accuracy)},
                     {"macro_recall", NumberOrNull(r.feedback.macro_recall)}};
  Json signals = Json::array();
  Json active = Json::array();
  for (const Signal& s : r.signals) {
    signals.push_back({{"name", s.name},
                       {"value", NumberOrNull(s.value)},
                       {"threshold", s.threshold},
                       {"direction", s.below ? "below" : "above"},
                       {"breached", s.breached}});
    if (alerts_.active(s.name)) active.push_back(s.name);
  }
  out["signals"] = signals;
  out["alerts_active"] = active;
  return out;
}

void Monitor::WriteMetrics(PrometheusWriter& w) const {
  std::lock_guard<std::mutex> lock(mutex_);
  w.Family("monitoring_evaluations", "gauge", "Monitoring evaluations of the served model version so far.");
  w.Sample("monitoring_evaluations", static_cast<double>(step_));
  w.Family("monitoring_alerts_total", "counter", "Alerts raised since start, by signal.");
  for (const auto& [signal, n] : raised_totals_) w.Sample("monitoring_alerts_total", {{"signal", signal}}, n);
  if (!latest_) return;
  const DriftReport& r = *latest_;
  w.Family("monitoring_alert", "gauge", "1 while a monitoring signal is past its threshold.");
  for (const Signal& s : r.signals)
    w.Sample("monitoring_alert", {{"signal", s.name}}, alerts_.active(s.name) ? 1.0 : 0.0);
  w.Family("monitoring_signal_value", "gauge", "The statistic each monitoring signal compares with its threshold.");
  for (const Signal& s : r.signals) w.Sample("monitoring_signal_value", {{"signal", s.name}}, s.value);
  w.Family("monitoring_signal_threshold", "gauge", "Each monitoring signal's threshold.");
  for (const Signal& s : r.signals) w.Sample("monitoring_signal_threshold", {{"signal", s.name}}, s.threshold);
  struct Gauge {
    const char* name;
    double value;
    const char* help;
  };
  const Gauge gauges[] = {
      {"monitoring_window_texts", static_cast<double>(r.window), "Texts in the live monitoring window."},
      {"monitoring_js_distance", r.js_distance, "Jensen-Shannon distance of predicted classes, live vs reference."},
      {"monitoring_psi", r.psi, "Population stability index of predicted classes."},
      {"monitoring_chi_square_p_value", r.chi_square_p_value,
       "Chi-square goodness-of-fit p-value of predicted classes."},
      {"monitoring_mean_confidence", r.mean_confidence, "Mean top-class probability in the window."},
      {"monitoring_confidence_shift", r.confidence_shift, "Absolute shift of mean confidence from the reference."},
      {"monitoring_mean_entropy", r.mean_entropy, "Mean prediction entropy (nats) in the window."},
      {"monitoring_entropy_shift", r.entropy_shift, "Absolute shift of mean entropy from the reference."},
      {"monitoring_oov_rate", r.oov_rate, "Mean out-of-vocabulary token rate in the window."},
      {"monitoring_oov_rate_shift", r.oov_rate_shift, "Absolute shift of the OOV rate from the reference."},
      {"monitoring_mean_text_length", r.mean_length, "Mean text length (code points) in the window."},
      {"monitoring_length_shift", r.length_shift, "Shift of mean text length, in reference standard deviations."},
      {"monitoring_feedback_labels", static_cast<double>(r.feedback.labelled),
       "Labelled texts in the feedback window."},
      {"monitoring_feedback_accuracy", r.feedback.accuracy, "Rolling accuracy over the feedback window."},
      {"monitoring_feedback_macro_recall", r.feedback.macro_recall,
       "Rolling macro-averaged recall over the feedback window."},
  };
  for (const Gauge& g : gauges) {
    w.Family(g.name, "gauge", g.help);
    w.Sample(g.name, g.value);
  }
  w.Family("monitoring_class_fraction", "gauge", "Predicted-class mix: live window and reference.");
  for (size_t i = 0; i < r.classes.size(); ++i) {
    if (i < r.live_class_fractions.size()) {
      w.Sample("monitoring_class_fraction", {{"class", r.classes[i]}, {"source", "live"}}, r.live_class_fractions[i]);
    }
    if (model_->reference && i < model_->reference->class_fractions.size()) {
      w.Sample("monitoring_class_fraction", {{"class", r.classes[i]}, {"source", "reference"}},
               model_->reference->class_fractions[i]);
    }
  }
}

}  // namespace mlflow::server
