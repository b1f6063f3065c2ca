// fault_proxy: the FaultProxy (fault_proxy.h) as a stand-alone tool for scripts and manual runs.
//
//   fault_proxy --upstream 127.0.0.1:5000 [--listen 127.0.0.1:0] [--port-file FILE]
//               [--stats-file FILE] [--rate 0.2] [--seed 7] [--kinds 503,429,reset]
//               [--retry-after 1] [--delay-ms 200] [--hang-ms 0] [--path /runs/log-batch]
//               [--max-faults N]
// Prints "listening on http://127.0.0.1:PORT" once ready, serves until SIGINT/SIGTERM, then
// prints the counters (and writes them to --stats-file). Exit codes: 0 after a signal,
// 2 on bad usage, 3 when it cannot listen.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "support/fault_proxy/fault_proxy.h"

namespace {

using mlflow::testing::fault::ApplyFaultSetting;
using mlflow::testing::fault::FaultProxy;
using mlflow::testing::fault::ProxyOptions;

int Usage(const std::string& problem) {
  std::cerr << "fault_proxy: " << problem << "\n"
            << "usage: fault_proxy --upstream HOST:PORT [--listen HOST:PORT] [--port-file FILE] [--stats-file FILE]\n"
               "                   [--rate R] [--seed N] [--kinds K[:W],...] [--retry-after S] [--delay-ms MS]\n"
               "                   [--hang-ms MS] [--path SUBSTRING] [--max-faults N]\n";
  return 2;
}

bool SplitHostPort(const std::string& text, std::string* host, int* port) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos) return false;
  *host = text.substr(0, colon);
  char* end = nullptr;
  long value = std::strtol(text.c_str() + colon + 1, &end, 10);
  if (*end != '\0' || value < 0 || value > 65535) return false;
  *port = static_cast<int>(value);
  return !host->empty();
}

}  // namespace

int main(int argc, char** argv) {
  ProxyOptions options;
  std::string port_file;
  std::string stats_file;
  bool have_upstream = false;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    std::string value;
    size_t equals = flag.find('=');
    if (equals != std::string::npos) {
      value = flag.substr(equals + 1);
      flag = flag.substr(0, equals);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return Usage("missing value for " + flag);
    }
    if (flag == "--upstream") {
      if (!SplitHostPort(value, &options.upstream_host, &options.upstream_port)) return Usage("bad --upstream");
      have_upstream = true;
    } else if (flag == "--listen") {
      if (!SplitHostPort(value, &options.listen_host, &options.listen_port)) return Usage("bad --listen");
    } else if (flag == "--port-file") {
      port_file = value;
    } else if (flag == "--stats-file") {
      stats_file = value;
    } else if (flag.rfind("--", 0) == 0) {
      std::string name = flag.substr(2);
      for (char& c : name) c = c == '-' ? '_' : c;
      std::string error = ApplyFaultSetting(name, value, &options.faults);
      if (!error.empty()) return Usage(error);
    } else {
      return Usage("unexpected argument " + flag);
    }
  }
  if (!have_upstream) return Usage("--upstream is required");

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts: they inherit it

  std::string error;
  auto proxy = FaultProxy::Start(options, &error);
  if (!proxy) {
    std::cerr << "fault_proxy: " << error << "\n";
    return 3;
  }
  if (!port_file.empty()) {
    std::ofstream(port_file + ".tmp") << proxy->port() << "\n";
    std::rename((port_file + ".tmp").c_str(), port_file.c_str());
  }
  std::cout << "listening on " << proxy->url() << " -> " << options.upstream_host << ":" << options.upstream_port
            << std::endl;
  int received = 0;
  sigwait(&signals, &received);
  proxy->Stop();
  std::string stats = proxy->plan().stats().ToJson();
  std::cout << stats << std::endl;
  if (!stats_file.empty()) std::ofstream(stats_file) << stats << "\n";
  return 0;
}
