// FaultProxy: a loopback HTTP/1.1 proxy in front of a real server that injects faults.
//
//   fault::ProxyOptions options;
//   options.upstream_port = 5000;
//   options.faults.rate = 0.2;            // see fault_plan.h for every setting
//   std::string error;
//   auto proxy = fault::FaultProxy::Start(options, &error);   // nullptr + error on failure
//   client talks to proxy->url(); proxy->plan().stats() counts what was injected.
//
// Every client request is read whole, then either answered by the proxy (503/429 with
// Retry-After, a malformed 200, a reset, a hang) or forwarded on a fresh upstream connection
// and its response relayed (optionally delayed, reset or cut short after the upstream handled
// it). Client connections stay keep-alive. Requests under /__fault/ are the control endpoint
// and never reach the upstream:
//   GET  /__fault/stats                   counters as JSON (FaultStats::ToJson)
//   POST /__fault/config?rate=0.2&...     change settings (fault_plan.h); answers the stats
//   POST /__fault/reset                   zero the counters
// An unreachable upstream is answered 502 and counted. One thread per client connection;
// Stop() (or the destructor) closes every connection and joins the threads. Thread-safe.
#pragma once

#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "support/fault_proxy/fault_plan.h"
#include "support/fault_proxy/http_message.h"
#include "support/fault_proxy/socket_io.h"

namespace mlflow::testing::fault {

struct ProxyOptions {
  std::string listen_host = "127.0.0.1";
  int listen_port = 0;  // 0: any free port
  std::string upstream_host = "127.0.0.1";
  int upstream_port = 0;
  int io_timeout_ms = 120000;   // one read or write, either side
  int idle_timeout_ms = 60000;  // an idle keep-alive client connection is closed after this
  size_t max_body_bytes = 256u << 20;
  FaultOptions faults;
};

class FaultProxy {
 public:
  static std::unique_ptr<FaultProxy> Start(ProxyOptions options, std::string* error);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  FaultPlan& plan() { return plan_; }
  void Stop();

 private:
  struct Connection {
    std::thread thread;
    int fd = -1;  // guarded by FaultProxy::mutex_; -1 once closed
    std::atomic<bool> done{false};
  };

  FaultProxy(ProxyOptions options, Socket listener, int port);
  // What happens to a client connection after a request.
  enum class Next { kKeepAlive, kClose, kReset };

  void AcceptLoop();
  void Serve(Connection* connection, Socket client);
  Next Handle(const Socket& client, HttpMessage& request);
  Next HandleControl(const Socket& client, const HttpMessage& request);
  Next Forward(const Socket& client, HttpMessage& request, FaultKind fault);
  Next Reply(const Socket& client, const HttpMessage& response, bool close_after);
  void Hang(const Socket& client);
  void SleepUnlessStopping(int milliseconds);

  const ProxyOptions options_;
  FaultPlan plan_;
  Socket listener_;
  const int port_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::list<std::unique_ptr<Connection>> connections_;
  std::thread acceptor_;
};

}  // namespace mlflow::testing::fault
