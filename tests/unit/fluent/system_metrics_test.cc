#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>

#include "mlflow/fluent/system_metrics.h"
#include "support/test_env.h"

using namespace mlflow;
namespace fs = std::filesystem;

namespace {

void WriteProc(const fs::path& root, uint64_t busy, uint64_t idle, uint64_t disk_sectors, uint64_t net_bytes) {
  fs::create_directories(root / "self");
  fs::create_directories(root / "net");
  std::ofstream(root / "stat") << "cpu  " << busy << " 0 0 " << idle << " 0 0 0 0 0 0\ncpu0 1 2 3 4\n";
  std::ofstream(root / "meminfo") << "MemTotal:       16000000 kB\nMemFree:         1000000 kB\n"
                                     "MemAvailable:    4000000 kB\n";
  std::ofstream(root / "self/status") << "Name:\ttest\nVmRSS:\t  204800 kB\n";
  std::ofstream(root / "diskstats") << "   8       0 sda 100 0 " << disk_sectors << " 0 50 0 " << disk_sectors * 2
                                    << " 0 0 0 0\n   8       1 sda1 100 0 999999 0 50 0 999999 0 0 0 0\n"
                                    << "   7       0 loop0 1 0 888888 0 0 0 0 0 0 0 0\n";
  std::ofstream(root / "net/dev") << "Inter-|   Receive                                                |  Transmit\n"
                                  << " face |bytes    packets errs drop fifo frame compressed multicast|bytes\n"
                                  << "    lo: 999999 1 0 0 0 0 0 0 999999 1 0 0 0 0 0 0\n"
                                  << "  eth0: " << net_bytes << " 10 0 0 0 0 0 0 " << net_bytes / 2
                                  << " 5 0 0 0 0 0 0\n";
}

std::map<std::string, double> ByKey(const std::vector<SystemMetric>& metrics) {
  std::map<std::string, double> out;
  for (const auto& m : metrics) out[m.key] = m.value;
  return out;
}

}  // namespace

TEST_CASE("system metrics are computed from /proc counters") {
  fs::path root = testing::MakeTempDir("fake-proc");
  WriteProc(root, 1000, 3000, 2000, 1000000);
  ProcSampler sampler(root.string(), root.string());
  auto first = ByKey(sampler.Sample());
  CHECK(first["system/cpu_utilization_percentage"] == 0);  // no previous sample yet
  CHECK(first["system/system_memory_usage_megabytes"] == Approx(12000000.0 * 1024 / 1e6));
  CHECK(first["system/system_memory_usage_percentage"] == Approx(75.0));
  CHECK(first["system/process_memory_rss_megabytes"] == Approx(204800.0 * 1024 / 1e6));
  CHECK(first["system/disk_read_megabytes"] == 0);
  CHECK(first.count("system/disk_usage_percentage") == 1);

  WriteProc(root, 1300, 3100, 4000, 3000000);  // +300 busy of +400 total; +2000 sectors; +2 MB rx
  auto second = ByKey(sampler.Sample());
  CHECK(second["system/cpu_utilization_percentage"] == Approx(75.0));
  CHECK(second["system/disk_read_megabytes"] == Approx(2000 * 512 / 1e6));  // sda only, not sda1/loop0
  CHECK(second["system/disk_write_megabytes"] == Approx(4000 * 512 / 1e6));
  CHECK(second["system/network_receive_megabytes"] == Approx(2.0));  // eth0 only, not lo
  CHECK(second["system/network_transmit_megabytes"] == Approx(1.0));
}

TEST_CASE("missing /proc files leave their metrics out") {
  fs::path root = testing::MakeTempDir("empty-proc");
  ProcSampler sampler(root.string(), "/nonexistent-path");
  CHECK(sampler.Sample().empty());
}

TEST_CASE("the sampler thread logs every interval with increasing steps, and stops") {
  std::mutex mutex;
  std::vector<std::pair<std::string, int64_t>> seen;
  {
    SystemMetricsSampler sampler(
        [&](std::string_view key, double, int64_t step) {
          std::lock_guard<std::mutex> lock(mutex);
          seen.emplace_back(std::string(key), step);
        },
        std::chrono::milliseconds(10));
    for (int i = 0; i < 500; ++i) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (!seen.empty() && seen.back().second >= 2) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    sampler.Stop();
  }
  std::lock_guard<std::mutex> lock(mutex);
  REQUIRE_FALSE(seen.empty());
  CHECK(seen.back().second >= 2);
  bool has_cpu = false;
  for (const auto& [key, step] : seen) has_cpu |= key == "system/cpu_utilization_percentage";
  CHECK(has_cpu);
}
