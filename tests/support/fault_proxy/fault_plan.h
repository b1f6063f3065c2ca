// FaultPlan: decides, request by request, which fault the proxy injects, and counts them.
//
// Each request whose target contains `path_filter` draws a fault with probability `rate`; the
// kind is drawn among `weights` (relative). The generator is seeded, so a given sequence of
// requests always meets the same faults. Settings have textual names shared by the command
// line (--name=value) and the control endpoint (/__fault/config?name=value&...):
//   rate=0.2  seed=7  kinds=503,429,reset,reset_after,truncate  (or 503:2,429:1 for weights)
//   retry_after=1 (seconds, on 503 and 429; -1 omits the header)  delay_ms=200  hang_ms=0
//   path=/runs/log-batch  max_faults=-1 (unlimited)
// Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <string>

namespace mlflow::testing::fault {

enum class FaultKind {
  kNone,
  kServiceUnavailable,  // "503": answered 503 with Retry-After, not forwarded
  kTooManyRequests,     // "429": answered 429 with Retry-After, not forwarded
  kResetBeforeForward,  // "reset": connection reset before the server sees the request
  kResetAfterForward,   // "reset_after": the server handles it, the client gets a reset
  kTruncateResponse,    // "truncate": the server handles it, the client gets half a response
  kMalformedBody,       // "malformed": 200 with a body that is not valid JSON, not forwarded
  kDelay,               // "delay": forwarded after delay_ms (not a failure)
  kHang,                // "hang": never answered (until hang_ms, the client or the proxy stops)
};

const char* FaultKindName(FaultKind kind);
// Accepts the names above; false when unknown.
bool ParseFaultKind(const std::string& name, FaultKind* kind);

struct FaultOptions {
  double rate = 0.0;
  std::map<FaultKind, double> weights;  // empty: every failure kind (503 ... truncate) equally
  uint64_t seed = 1;
  int retry_after_seconds = 1;
  int delay_ms = 200;
  int hang_ms = 0;  // 0: until the client gives up or the proxy stops
  std::string path_filter;
  int64_t max_faults = -1;
};

// Applies one named setting; returns an error message, or "" when it was applied.
std::string ApplyFaultSetting(const std::string& name, const std::string& value, FaultOptions* options);

struct FaultStats {
  int64_t requests = 0;         // requests read from clients (control requests excluded)
  int64_t forwarded = 0;        // requests sent to the upstream server
  int64_t upstream_errors = 0;  // upstream unreachable or broken (answered 502)
  std::map<FaultKind, int64_t> injected;
  int64_t total_faults() const;  // every injected kind but kDelay
  std::string ToJson() const;
};

class FaultPlan {
 public:
  explicit FaultPlan(FaultOptions options = {});

  FaultKind Decide(const std::string& target);
  void RecordForwarded();
  void RecordUpstreamError();

  FaultStats stats() const;
  FaultOptions options() const;
  // New options; the generator is reseeded and the counters are kept.
  void Reconfigure(FaultOptions options);
  void ResetStats();

 private:
  mutable std::mutex mutex_;
  FaultOptions options_;
  std::mt19937_64 random_;
  FaultStats stats_;
};

}  // namespace mlflow::testing::fault
