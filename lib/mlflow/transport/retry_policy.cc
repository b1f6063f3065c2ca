#include "mlflow/transport/retry_policy.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <thread>

namespace mlflow::transport {

bool RetryPolicy::IsRetryableHttpStatus(int http_status) {
  switch (http_status) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return true;
    default:
      return false;
  }
}

bool RetryPolicy::IsRetryableStatus(const Status& status) {
  if (status.ok()) return false;
  if (status.code() == ErrorCode::kConnectionError || status.code() == ErrorCode::kTimeout) return true;
  return IsRetryableHttpStatus(status.http_status());
}

std::chrono::milliseconds RetryPolicy::Delay(int attempt, const std::string& retry_after, double random01) const {
  double base = backoff_factor * std::pow(2.0, std::max(0, attempt - 1));
  base = std::min(base, max_backoff_seconds);
  double seconds = base + backoff_jitter * std::clamp(random01, 0.0, 1.0);
  if (!retry_after.empty()) {
    char* end = nullptr;
    double header = std::strtod(retry_after.c_str(), &end);
    if (end != retry_after.c_str() && header >= 0)
      seconds = std::max(seconds, std::min(header, max_retry_after_seconds));
  }
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
}

Sleeper RealSleeper() {
  return [](std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); };
}

}  // namespace mlflow::transport
