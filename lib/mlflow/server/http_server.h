// HttpServer: the HTTP/1.1 front of the prediction server, on cpp-httplib 0.11 (Debian's
// libcpp-httplib), hidden behind this header so nothing else depends on it.
//
// Tuned for small, latency-sensitive requests on keep-alive connections:
//   - TCP_NODELAY on (otherwise Nagle + delayed ACK add ~40 ms to keep-alive responses);
//   - a worker pool of `threads` (httplib serves a keep-alive connection on one worker for
//     its lifetime, so threads must cover the expected concurrent connections);
//   - keep-alive for up to `keep_alive_max_requests` requests (httplib's default is 5) and
//     `keep_alive_timeout_seconds` idle;
//   - a listen backlog of `listen_backlog` (httplib's compiled-in default is 5);
//   - bodies over `max_body_bytes` are refused with 413 before they are read;
//   - per-read/-write socket timeouts bound slow clients.
// Every request goes to the Handler; errors httplib detects itself (413, a malformed request
// line, ...) go to the ErrorHandler. Serve() blocks until Stop(); Stop() (any thread) stops
// accepting, lets requests in progress finish and their responses go out, closes idle
// keep-alive connections, and then Serve() returns: a graceful drain.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "mlflow/core/result.h"
#include "mlflow/server/http_exchange.h"

namespace mlflow::server {

struct HttpServerOptions {
  std::string host = "127.0.0.1";  // Default loopback only; "0.0.0.0" to listen everywhere.
  int port = 8080;                 // 0: any free port (see HttpServer::port()).
  int threads = 64;
  size_t max_body_bytes = 16u << 20;
  double read_timeout_seconds = 10;
  double write_timeout_seconds = 10;
  int keep_alive_timeout_seconds = 5;
  size_t keep_alive_max_requests = 1000000;
  bool tcp_nodelay = true;
  int listen_backlog = 1024;
};

class HttpServer {
 public:
  using Handler = std::function<HttpReply(const HttpExchange&)>;
  using ErrorHandler = std::function<HttpReply(const HttpExchange&, int status, const std::string& message)>;

  // Binds the listening socket (so port() is known and a busy port fails here, as an
  // IO_ERROR Status) without serving yet.
  static Result<std::unique_ptr<HttpServer>> Bind(const HttpServerOptions& options, Handler handler,
                                                  ErrorHandler error_handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const;
  // Serves until Stop(); returns after the drain.
  Status Serve();
  void Stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mlflow::server
