#include "mlflow/server/http_server.h"

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <thread>

#include <httplib.h>

namespace mlflow::server {
namespace {

// Gives access to the listening socket, to raise the backlog httplib compiles in (5):
// listen() again on a listening socket only updates its backlog (Linux, BSD).
class TunedServer : public httplib::Server {
 public:
  bool RaiseBacklog(int backlog) {
    socket_t sock = svr_sock_;
    return sock != INVALID_SOCKET && ::listen(sock, backlog) == 0;
  }
  // Closes a socket that was bound but never served (httplib only closes it in stop()).
  void CloseIfIdle() {
    if (is_running()) return;
    socket_t sock = svr_sock_.exchange(INVALID_SOCKET);
    if (sock != INVALID_SOCKET) ::close(sock);
  }
};

void Apply(HttpReply&& reply, httplib::Response& res) {
  res.status = reply.status;
  res.body = std::move(reply.body);
  res.set_header("Content-Type", reply.content_type);
  if (!reply.request_id.empty()) res.set_header("X-Request-Id", reply.request_id);
  if (!reply.model_name.empty()) res.set_header("X-Model-Name", reply.model_name);
  if (!reply.model_version.empty()) res.set_header("X-Model-Version", reply.model_version);
  if (!reply.allow.empty()) res.set_header("Allow", reply.allow);
}

std::pair<time_t, time_t> Split(double seconds) {
  if (!(seconds > 0)) seconds = 1;
  double whole = std::floor(seconds);
  return {static_cast<time_t>(whole), static_cast<time_t>((seconds - whole) * 1e6)};
}

std::string TransportErrorMessage(int status, size_t max_body) {
  switch (status) {
    case 413:
      return "the request body is larger than the limit of " + std::to_string(max_body) + " bytes";
    case 414:
      return "the request URI is too long";
    case 404:
      return "no such endpoint";
    default:
      return "the HTTP request could not be processed (status " + std::to_string(status) + ")";
  }
}

}  // namespace

struct HttpServer::Impl {
  HttpServerOptions options;
  Handler handler;
  ErrorHandler error_handler;
  TunedServer server;
  int port = 0;
  std::atomic<bool> serving{false};
  std::atomic<bool> stop_requested{false};

  void Route(const httplib::Request& req, httplib::Response& res) {
    const std::string content_type = req.get_header_value("Content-Type");
    const std::string request_id = req.get_header_value("X-Request-Id");
    HttpExchange exchange{req.method, req.path, content_type, request_id, req.body};
    Apply(handler(exchange), res);
  }
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() {
  Stop();
  impl_->server.CloseIfIdle();
}

Result<std::unique_ptr<HttpServer>> HttpServer::Bind(const HttpServerOptions& options, Handler handler,
                                                     ErrorHandler error_handler) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->handler = std::move(handler);
  impl->error_handler = std::move(error_handler);
  Impl* self = impl.get();
  httplib::Server& server = impl->server;

  const size_t threads = options.threads > 0 ? static_cast<size_t>(options.threads) : 1;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(options.tcp_nodelay);
  server.set_keep_alive_max_count(options.keep_alive_max_requests);
  server.set_keep_alive_timeout(options.keep_alive_timeout_seconds > 0 ? options.keep_alive_timeout_seconds : 1);
  auto [read_s, read_us] = Split(options.read_timeout_seconds);
  server.set_read_timeout(read_s, read_us);
  auto [write_s, write_us] = Split(options.write_timeout_seconds);
  server.set_write_timeout(write_s, write_us);
  server.set_payload_max_length(options.max_body_bytes);

  auto route = [self](const httplib::Request& req, httplib::Response& res) { self->Route(req, res); };
  // One catch-all per method: the service routes by exact path (cheaper than a regex per route).
  server.Get(".*", route);
  server.Post(".*", route);
  server.Put(".*", route);
  server.Patch(".*", route);
  server.Delete(".*", route);
  server.Options(".*", route);
  // httplib itself would first read (skip) an oversized body and only then answer 413; a client
  // announcing 100 MB would hold a worker for the whole read timeout. Refuse from the headers.
  server.set_pre_routing_handler([self](const httplib::Request& req, httplib::Response& res) {
    if (!req.has_header("Content-Length")) return httplib::Server::HandlerResponse::Unhandled;
    const std::string announced = req.get_header_value("Content-Length");
    char* end = nullptr;
    errno = 0;
    unsigned long long length = std::strtoull(announced.c_str(), &end, 10);
    bool too_long = errno == ERANGE || length > self->options.max_body_bytes;
    if (end == announced.c_str() || !too_long) return httplib::Server::HandlerResponse::Unhandled;
    const std::string content_type = req.get_header_value("Content-Type");
    const std::string request_id = req.get_header_value("X-Request-Id");  // the exchange only views it
    HttpExchange exchange{req.method, req.path, content_type, request_id, ""};
    Apply(self->error_handler(exchange, 413, TransportErrorMessage(413, self->options.max_body_bytes)), res);
    res.set_header("Connection", "close");  // the unread body must not be taken for the next request
    return httplib::Server::HandlerResponse::Handled;
  });
  server.set_error_handler(httplib::Server::HandlerWithResponse([self](const httplib::Request& req,
                                                                       httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // the service's own reply
    const std::string content_type = req.get_header_value("Content-Type");
    HttpExchange exchange{req.method, req.path, content_type, "", ""};
    Apply(self->error_handler(exchange, res.status, TransportErrorMessage(res.status, self->options.max_body_bytes)),
          res);
    return httplib::Server::HandlerResponse::Handled;
  }));
  server.set_exception_handler([self](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
    HttpExchange exchange{req.method, req.path, "", "", ""};
    Apply(self->error_handler(exchange, 500, "unexpected error while handling the request"), res);
  });

  if (options.port == 0) {
    impl->port = server.bind_to_any_port(options.host);
    if (impl->port <= 0) return IoError("cannot listen on " + options.host + " (any port)");
  } else {
    if (!server.bind_to_port(options.host, options.port)) {
      return IoError("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                     " (in use, or not an address of this machine)");
    }
    impl->port = options.port;
  }
  if (options.listen_backlog > 0) impl->server.RaiseBacklog(options.listen_backlog);
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

int HttpServer::port() const { return impl_->port; }

Status HttpServer::Serve() {
  if (impl_->stop_requested.load()) return Status::Ok();
  impl_->serving.store(true);
  bool ok = impl_->server.listen_after_bind();
  impl_->serving.store(false);
  if (!ok && !impl_->stop_requested.load()) return IoError("the HTTP server stopped unexpectedly");
  return Status::Ok();
}

void HttpServer::Stop() {
  if (impl_->stop_requested.exchange(true)) return;
  // Serve() may be between setting `serving` and httplib marking itself running.
  for (int i = 0; i < 1000 && impl_->serving.load() && !impl_->server.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  impl_->server.stop();
}

}  // namespace mlflow::server
