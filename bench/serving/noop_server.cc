// The ceiling for the serving benchmark: the prediction server's HTTP stack (HttpServer:
// cpp-httplib with the same tuning) with a handler that does no work — it answers every
// request with a fixed small JSON body, without parsing the request or touching a model.
//
//   bench_noop_server [--port N] [--threads N]
// Prints "listening on PORT" and serves until SIGTERM/SIGINT.
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "mlflow/server/http_server.h"
#include "mlflow/server/shutdown_signals.h"

int main(int argc, char** argv) {
  using namespace mlflow::server;
  mlflow::server::ShutdownSignals::Block();
  HttpServerOptions options;
  options.port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--port") == 0) {
      options.port = std::atoi(argv[i + 1]);
    } else if (std::strcmp(argv[i], "--threads") == 0) {
      options.threads = std::atoi(argv[i + 1]);
    } else {
      std::cerr << "usage: bench_noop_server [--port N] [--threads N]\n";
      return 2;
    }
  }
  const std::string body = "{\"predictions\":[]}";
  auto handler = [&body](const HttpExchange&) {
    HttpReply reply;
    reply.body = body;
    return reply;
  };
  auto on_error = [](const HttpExchange&, int status, const std::string& message) {
    HttpReply reply;
    reply.status = status;
    reply.body = "{\"error\":\"" + message + "\"}";
    return reply;
  };
  auto server = HttpServer::Bind(options, handler, on_error);
  if (!server.ok()) {
    std::cerr << server.status().ToString() << "\n";
    return 1;
  }
  ShutdownSignals signals;
  HttpServer* running = server->get();
  signals.Start([running](int) { running->Stop(); });
  std::cout << "listening on " << (*server)->port() << std::endl;
  mlflow::Status served = (*server)->Serve();
  signals.Stop();
  return served.ok() ? 0 : 1;
}
