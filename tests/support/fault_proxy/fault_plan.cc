#include "support/fault_proxy/fault_plan.h"

#include <cstdlib>
#include <sstream>
#include <vector>

namespace mlflow::testing::fault {
namespace {

const std::vector<FaultKind>& FailureKinds() {
  static const std::vector<FaultKind> kinds = {FaultKind::kServiceUnavailable, FaultKind::kTooManyRequests,
                                               FaultKind::kResetBeforeForward, FaultKind::kResetAfterForward,
                                               FaultKind::kTruncateResponse};
  return kinds;
}

bool ParseDouble(const std::string& text, double* out) {
  char* end = nullptr;
  *out = std::strtod(text.c_str(), &end);
  return !text.empty() && *end == '\0';
}

bool ParseInt(const std::string& text, int64_t* out) {
  char* end = nullptr;
  *out = std::strtoll(text.c_str(), &end, 10);
  return !text.empty() && *end == '\0';
}

std::string ParseWeights(const std::string& spec, std::map<FaultKind, double>* weights) {
  weights->clear();
  std::stringstream items(spec);
  std::string item;
  while (std::getline(items, item, ',')) {
    if (item.empty()) continue;
    size_t colon = item.find(':');
    FaultKind kind;
    if (!ParseFaultKind(item.substr(0, colon), &kind)) return "unknown fault kind '" + item.substr(0, colon) + "'";
    double weight = 1.0;
    if (colon != std::string::npos && (!ParseDouble(item.substr(colon + 1), &weight) || weight < 0)) {
      return "bad weight in '" + item + "'";
    }
    (*weights)[kind] = weight;
  }
  return "";
}

}  // namespace

const char* FaultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kNone:
      return "none";
    case FaultKind::kServiceUnavailable:
      return "503";
    case FaultKind::kTooManyRequests:
      return "429";
    case FaultKind::kResetBeforeForward:
      return "reset";
    case FaultKind::kResetAfterForward:
      return "reset_after";
    case FaultKind::kTruncateResponse:
      return "truncate";
    case FaultKind::kMalformedBody:
      return "malformed";
    case FaultKind::kDelay:
      return "delay";
    case FaultKind::kHang:
      return "hang";
  }
  return "?";
}

bool ParseFaultKind(const std::string& name, FaultKind* kind) {
  for (FaultKind candidate :
       {FaultKind::kServiceUnavailable, FaultKind::kTooManyRequests, FaultKind::kResetBeforeForward,
        FaultKind::kResetAfterForward, FaultKind::kTruncateResponse, FaultKind::kMalformedBody, FaultKind::kDelay,
        FaultKind::kHang}) {
    if (name == FaultKindName(candidate)) {
      *kind = candidate;
      return true;
    }
  }
  return false;
}

std::string ApplyFaultSetting(const std::string& name, const std::string& value, FaultOptions* options) {
  int64_t number = 0;
  if (name == "rate") {
    if (!ParseDouble(value, &options->rate) || options->rate < 0 || options->rate > 1) return "rate must be in [0, 1]";
  } else if (name == "seed") {
    if (!ParseInt(value, &number)) return "seed must be an integer";
    options->seed = static_cast<uint64_t>(number);
  } else if (name == "kinds") {
    return ParseWeights(value, &options->weights);
  } else if (name == "retry_after") {
    if (!ParseInt(value, &number)) return "retry_after must be an integer (seconds)";
    options->retry_after_seconds = static_cast<int>(number);
  } else if (name == "delay_ms") {
    if (!ParseInt(value, &number) || number < 0) return "delay_ms must be a non-negative integer";
    options->delay_ms = static_cast<int>(number);
  } else if (name == "hang_ms") {
    if (!ParseInt(value, &number) || number < 0) return "hang_ms must be a non-negative integer";
    options->hang_ms = static_cast<int>(number);
  } else if (name == "path") {
    options->path_filter = value;
  } else if (name == "max_faults") {
    if (!ParseInt(value, &number)) return "max_faults must be an integer";
    options->max_faults = number;
  } else {
    return "unknown setting '" + name + "'";
  }
  return "";
}

int64_t FaultStats::total_faults() const {
  int64_t total = 0;
  for (const auto& [kind, count] : injected) {
    if (kind != FaultKind::kDelay) total += count;
  }
  return total;
}

std::string FaultStats::ToJson() const {
  std::string json = "{\"requests\":" + std::to_string(requests) + ",\"forwarded\":" + std::to_string(forwarded) +
                     ",\"upstream_errors\":" + std::to_string(upstream_errors) +
                     ",\"faults\":" + std::to_string(total_faults()) + ",\"injected\":{";
  bool first = true;
  for (const auto& [kind, count] : injected) {
    json += std::string(first ? "" : ",") + "\"" + FaultKindName(kind) + "\":" + std::to_string(count);
    first = false;
  }
  return json + "}}";
}

FaultPlan::FaultPlan(FaultOptions options) : options_(std::move(options)), random_(options_.seed) {}

FaultKind FaultPlan::Decide(const std::string& target) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++stats_.requests;
  if (options_.rate <= 0 || target.find(options_.path_filter) == std::string::npos) return FaultKind::kNone;
  if (options_.max_faults >= 0 && stats_.total_faults() >= options_.max_faults) return FaultKind::kNone;
  if (std::uniform_real_distribution<double>(0.0, 1.0)(random_) >= options_.rate) return FaultKind::kNone;
  std::vector<FaultKind> kinds;
  std::vector<double> weights;
  if (options_.weights.empty()) {
    kinds = FailureKinds();
    weights.assign(kinds.size(), 1.0);
  } else {
    for (const auto& [kind, weight] : options_.weights) {
      kinds.push_back(kind);
      weights.push_back(weight);
    }
  }
  std::discrete_distribution<size_t> pick(weights.begin(), weights.end());
  FaultKind kind = kinds[pick(random_)];
  ++stats_.injected[kind];
  return kind;
}

void FaultPlan::RecordForwarded() {
  std::lock_guard<std::mutex> lock(mutex_);
  ++stats_.forwarded;
}

void FaultPlan::RecordUpstreamError() {
  std::lock_guard<std::mutex> lock(mutex_);
  ++stats_.upstream_errors;
}

FaultStats FaultPlan::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

FaultOptions FaultPlan::options() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return options_;
}

void FaultPlan::Reconfigure(FaultOptions options) {
  std::lock_guard<std::mutex> lock(mutex_);
  options_ = std::move(options);
  random_.seed(options_.seed);
}

void FaultPlan::ResetStats() {
  std::lock_guard<std::mutex> lock(mutex_);
  stats_ = FaultStats();
}

}  // namespace mlflow::testing::fault
