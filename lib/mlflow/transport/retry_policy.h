// RetryPolicy: which failures are retried, how often, and how long to wait in between.
//
// Retried: connection failures, client timeouts and HTTP 408, 429, 500, 502, 503, 504 — but
// only for calls marked idempotent (Idempotency::kIdempotent); a non-idempotent call is sent
// once. Backoff is exponential with full jitter: base = backoff_factor * 2^(attempt-1), capped
// at max_backoff_seconds, then a random extra up to `jitter` seconds; a Retry-After header
// (seconds) from the server wins when it is longer. Defaults follow the Python client.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "mlflow/core/status.h"

namespace mlflow::transport {

enum class Idempotency { kIdempotent, kNonIdempotent };

struct RetryPolicy {
  int max_retries = 7;          // MLFLOW_HTTP_REQUEST_MAX_RETRIES
  double backoff_factor = 2.0;  // MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR (seconds)
  double backoff_jitter = 1.0;  // MLFLOW_HTTP_REQUEST_BACKOFF_JITTER (seconds)
  double max_backoff_seconds = 60.0;
  double max_retry_after_seconds = 120.0;  // a larger Retry-After is clamped to this

  static bool IsRetryableHttpStatus(int http_status);
  static bool IsRetryableStatus(const Status& status);  // transport failures + retryable HTTP codes

  // Delay before retry number `attempt` (1-based). `retry_after` is the server's header value.
  std::chrono::milliseconds Delay(int attempt, const std::string& retry_after, double random01) const;
};

// Waits between attempts; tests inject one that records instead of sleeping.
using Sleeper = std::function<void(std::chrono::milliseconds)>;
Sleeper RealSleeper();

}  // namespace mlflow::transport
