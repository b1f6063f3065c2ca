#include "mlflow/models/training_observer.h"

#include <unistd.h>

#include <cmath>

namespace mlflow::models {

ConsoleProgress::ConsoleProgress(std::FILE* out, bool force)
    : out_(out), enabled_(out != nullptr && (force || ::isatty(::fileno(out)) == 1)) {}

ConsoleProgress::~ConsoleProgress() {
  if (enabled_ && dirty_) std::fputc('\n', out_);
}

void ConsoleProgress::OnEpoch(const EpochReport& report) {
  char buffer[160];
  if (std::isnan(report.monitor_macro_recall)) {
    std::snprintf(buffer, sizeof(buffer), "epoch %d loss %.4f", report.epoch, report.loss);
  } else {
    std::snprintf(buffer, sizeof(buffer), "epoch %d loss %.4f monitor macro-recall %.4f", report.epoch, report.loss,
                  report.monitor_macro_recall);
  }
  detail_ = buffer;  // shown by the OnProgress call that follows every epoch
}

void ConsoleProgress::OnProgress(std::string_view stage, double fraction) {
  if (stage != stage_) detail_.clear();
  stage_ = std::string(stage);
  fraction_ = fraction;
  Render();
}

void ConsoleProgress::Render() {
  if (!enabled_) return;
  std::fprintf(out_, "\r\033[K[%3d%%] %s %s", static_cast<int>(std::lround(fraction_ * 100.0)), stage_.c_str(),
               detail_.c_str());
  std::fflush(out_);
  dirty_ = true;
}

void ObserverList::OnParam(const std::string& key, const std::string& value) {
  for (auto* observer : observers_) {
    if (observer) observer->OnParam(key, value);
  }
}

void ObserverList::OnEpoch(const EpochReport& report) {
  for (auto* observer : observers_) {
    if (observer) observer->OnEpoch(report);
  }
}

void ObserverList::OnProgress(std::string_view stage, double fraction) {
  for (auto* observer : observers_) {
    if (observer) observer->OnProgress(stage, fraction);
  }
}

}  // namespace mlflow::models
