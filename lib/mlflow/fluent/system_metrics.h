// System metrics: CPU, memory, disk and network figures sampled from /proc, logged as
// `system/...` metrics like MLflow's own system metrics monitor.
//
//   system/cpu_utilization_percentage        all CPUs, over the last interval
//   system/system_memory_usage_megabytes     MemTotal - MemAvailable
//   system/system_memory_usage_percentage
//   system/process_memory_rss_megabytes      this process's resident set (VmRSS)
//   system/disk_usage_megabytes / system/disk_available_megabytes / system/disk_usage_percentage
//                                            of the file system holding the working directory
//   system/disk_read_megabytes / system/disk_write_megabytes     since sampling started
//   system/network_receive_megabytes / system/network_transmit_megabytes   since sampling
//                                            started, all interfaces but loopback
// Step = sample number (0, 1, ...). Megabytes are 10^6 bytes, as MLflow's.
//
// SystemMetricsSampler runs a thread that samples every `interval` and hands each value to a
// callback (ActiveRun passes its async logger). ProcSampler does the reading and is usable on
// its own (tests point it at a fake /proc). Thread safety: the sampler is started and stopped
// by one owner; the callback runs on the sampler thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace mlflow {

struct SystemMetric {
  std::string key;
  double value = 0;
};

// Reads /proc (or a fake root) and turns counters into the metrics above.
class ProcSampler {
 public:
  explicit ProcSampler(std::string proc_root = "/proc", std::string disk_path = ".");
  // The metrics for this moment; rates and deltas are relative to the previous call (the first
  // call reports 0 for them). Files that cannot be read leave their metrics out.
  std::vector<SystemMetric> Sample();

 private:
  struct CpuTimes {
    uint64_t busy = 0;
    uint64_t total = 0;
  };
  std::optional<CpuTimes> ReadCpu() const;
  std::optional<std::pair<uint64_t, uint64_t>> ReadDiskSectors() const;  // read, written (bytes)
  std::optional<std::pair<uint64_t, uint64_t>> ReadNetwork() const;      // received, sent (bytes)

  std::string proc_root_;
  std::string disk_path_;
  std::optional<CpuTimes> last_cpu_;
  std::optional<std::pair<uint64_t, uint64_t>> disk_start_;
  std::optional<std::pair<uint64_t, uint64_t>> net_start_;
};

class SystemMetricsSampler {
 public:
  using Sink = std::function<void(std::string_view key, double value, int64_t step)>;
  // Samples at once (a baseline) and then every `interval` until Stop().
  SystemMetricsSampler(Sink sink, std::chrono::milliseconds interval, ProcSampler sampler = ProcSampler());
  ~SystemMetricsSampler();  // Stop()
  SystemMetricsSampler(const SystemMetricsSampler&) = delete;
  SystemMetricsSampler& operator=(const SystemMetricsSampler&) = delete;

  void Stop();  // joins the thread; idempotent

 private:
  void Loop();

  Sink sink_;
  std::chrono::milliseconds interval_;
  ProcSampler sampler_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace mlflow
