#include "mlflow/fluent/system_metrics.h"

#include <sys/statvfs.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace mlflow {
namespace {

constexpr double kMegabyte = 1e6;
constexpr uint64_t kSectorBytes = 512;  // /proc/diskstats counts 512-byte sectors

// A whole disk, not one of its partitions: sda, vda, xvda, nvme0n1, mmcblk0 (not loop/ram).
bool IsWholeDisk(const std::string& name) {
  auto starts = [&](const char* prefix) { return name.rfind(prefix, 0) == 0; };
  auto ends_with_digit = !name.empty() && std::isdigit(static_cast<unsigned char>(name.back()));
  if (starts("loop") || starts("ram") || starts("zram") || starts("dm-") || starts("md") || starts("sr")) return false;
  if (starts("nvme") || starts("mmcblk")) return name.find('p') == std::string::npos;  // nvme0n1p1: partition
  return !ends_with_digit;
}

}  // namespace

ProcSampler::ProcSampler(std::string proc_root, std::string disk_path)
    : proc_root_(std::move(proc_root)), disk_path_(std::move(disk_path)) {}

std::optional<ProcSampler::CpuTimes> ProcSampler::ReadCpu() const {
  std::ifstream in(proc_root_ + "/stat");
  std::string label;
  if (!(in >> label) || label != "cpu") return std::nullopt;
  // user nice system idle iowait irq softirq steal (guest time is already in user)
  uint64_t values[8] = {0};
  for (uint64_t& v : values) {
    if (!(in >> v)) break;
  }
  CpuTimes times;
  uint64_t idle = values[3] + values[4];
  for (uint64_t v : values) times.total += v;
  times.busy = times.total - idle;
  return times;
}

std::optional<std::pair<uint64_t, uint64_t>> ProcSampler::ReadDiskSectors() const {
  std::ifstream in(proc_root_ + "/diskstats");
  if (!in) return std::nullopt;
  std::string line;
  uint64_t read = 0, written = 0;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    uint64_t major = 0, minor = 0, reads = 0, reads_merged = 0, sectors_read = 0, read_ms = 0, writes = 0,
             writes_merged = 0, sectors_written = 0;
    std::string name;
    if (!(fields >> major >> minor >> name >> reads >> reads_merged >> sectors_read >> read_ms >> writes >>
          writes_merged >> sectors_written)) {
      continue;
    }
    if (!IsWholeDisk(name)) continue;
    read += sectors_read * kSectorBytes;
    written += sectors_written * kSectorBytes;
  }
  return std::make_pair(read, written);
}

std::optional<std::pair<uint64_t, uint64_t>> ProcSampler::ReadNetwork() const {
  std::ifstream in(proc_root_ + "/net/dev");
  if (!in) return std::nullopt;
  std::string line;
  uint64_t received = 0, sent = 0;
  while (std::getline(in, line)) {
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;  // the two header lines
    std::string name = line.substr(0, colon);
    name.erase(0, name.find_first_not_of(' '));
    if (name == "lo") continue;
    std::istringstream fields(line.substr(colon + 1));
    uint64_t v[9] = {0};  // rx: bytes packets errs drop fifo frame compressed multicast; tx: bytes
    for (uint64_t& x : v) fields >> x;
    received += v[0];
    sent += v[8];
  }
  return std::make_pair(received, sent);
}

std::vector<SystemMetric> ProcSampler::Sample() {
  std::vector<SystemMetric> out;
  if (auto cpu = ReadCpu()) {
    double percent = 0;
    if (last_cpu_ && cpu->total > last_cpu_->total) {
      percent =
          100.0 * static_cast<double>(cpu->busy - last_cpu_->busy) / static_cast<double>(cpu->total - last_cpu_->total);
    }
    last_cpu_ = cpu;
    out.push_back({"system/cpu_utilization_percentage", percent});
  }
  {
    std::ifstream in(proc_root_ + "/meminfo");
    std::string name, unit;
    uint64_t value = 0, total_kb = 0, available_kb = 0;
    while (in >> name >> value) {
      std::getline(in, unit);
      if (name == "MemTotal:") total_kb = value;
      if (name == "MemAvailable:") available_kb = value;
    }
    if (total_kb > 0 && available_kb <= total_kb) {
      double used = static_cast<double>(total_kb - available_kb) * 1024.0;
      out.push_back({"system/system_memory_usage_megabytes", used / kMegabyte});
      out.push_back({"system/system_memory_usage_percentage", 100.0 * used / (static_cast<double>(total_kb) * 1024.0)});
    }
  }
  {
    std::ifstream in(proc_root_ + "/self/status");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("VmRSS:", 0) == 0) {
        double kb = std::strtod(line.c_str() + 6, nullptr);
        out.push_back({"system/process_memory_rss_megabytes", kb * 1024.0 / kMegabyte});
      }
    }
  }
  struct statvfs fs {};
  if (::statvfs(disk_path_.c_str(), &fs) == 0 && fs.f_blocks > 0) {
    double total = static_cast<double>(fs.f_blocks) * static_cast<double>(fs.f_frsize);
    double available = static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize);
    double used = total - static_cast<double>(fs.f_bfree) * static_cast<double>(fs.f_frsize);
    out.push_back({"system/disk_usage_megabytes", used / kMegabyte});
    out.push_back({"system/disk_available_megabytes", available / kMegabyte});
    out.push_back({"system/disk_usage_percentage", 100.0 * used / (used + available)});
  }
  if (auto disk = ReadDiskSectors()) {
    if (!disk_start_) disk_start_ = disk;
    out.push_back({"system/disk_read_megabytes", static_cast<double>(disk->first - disk_start_->first) / kMegabyte});
    out.push_back({"system/disk_write_megabytes", static_cast<double>(disk->second - disk_start_->second) / kMegabyte});
  }
  if (auto net = ReadNetwork()) {
    if (!net_start_) net_start_ = net;
    out.push_back(
        {"system/network_receive_megabytes", static_cast<double>(net->first - net_start_->first) / kMegabyte});
    out.push_back(
        {"system/network_transmit_megabytes", static_cast<double>(net->second - net_start_->second) / kMegabyte});
  }
  return out;
}

SystemMetricsSampler::SystemMetricsSampler(Sink sink, std::chrono::milliseconds interval, ProcSampler sampler)
    : sink_(std::move(sink)), interval_(interval), sampler_(std::move(sampler)) {
  thread_ = std::thread([this] { Loop(); });
}

SystemMetricsSampler::~SystemMetricsSampler() { Stop(); }

void SystemMetricsSampler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SystemMetricsSampler::Loop() {
  sampler_.Sample();  // baseline for the CPU rate and the I/O deltas
  int64_t step = 0;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!cv_.wait_for(lock, interval_, [this] { return stop_; })) {
    lock.unlock();
    for (const SystemMetric& metric : sampler_.Sample()) sink_(metric.key, metric.value, step);
    ++step;
    lock.lock();
  }
}

}  // namespace mlflow
