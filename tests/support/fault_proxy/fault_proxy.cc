#include "support/fault_proxy/fault_proxy.h"

#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>

namespace mlflow::testing::fault {
namespace {

constexpr size_t kMaxHeadBytes = 64u << 10;

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string PercentDecode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out.push_back(static_cast<char>(std::strtol(text.substr(i + 1, 2).c_str(), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i] == '+' ? ' ' : text[i]);
    }
  }
  return out;
}

HttpMessage MlflowError(int status, const std::string& reason, const std::string& code, const std::string& message) {
  return MakeResponse(status, reason, "application/json",
                      "{\"error_code\": \"" + code + "\", \"message\": \"" + message + "\"}");
}

bool WantsClose(const HttpMessage& message) {
  return Lower(message.Header("connection")).find("close") != std::string::npos ||
         message.start_line.find("HTTP/1.0") != std::string::npos;
}

}  // namespace

std::unique_ptr<FaultProxy> FaultProxy::Start(ProxyOptions options, std::string* error) {
  int port = 0;
  Socket listener = Listen(options.listen_host, options.listen_port, &port, error);
  if (!listener.valid()) return nullptr;
  return std::unique_ptr<FaultProxy>(new FaultProxy(std::move(options), std::move(listener), port));
}

FaultProxy::FaultProxy(ProxyOptions options, Socket listener, int port)
    : options_(std::move(options)), plan_(options_.faults), listener_(std::move(listener)), port_(port) {
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

FaultProxy::~FaultProxy() { Stop(); }

void FaultProxy::Stop() {
  if (stopping_.exchange(true)) return;
  ::shutdown(listener_.fd(), SHUT_RDWR);
  if (acceptor_.joinable()) acceptor_.join();
  std::list<std::unique_ptr<Connection>> connections;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& connection : connections_) {
      if (connection->fd >= 0) ::shutdown(connection->fd, SHUT_RDWR);
    }
    connections.swap(connections_);
  }
  for (auto& connection : connections) connection->thread.join();
  listener_.Close();
}

void FaultProxy::AcceptLoop() {
  while (!stopping_) {
    Socket client = Accept(listener_);
    if (!client.valid() || stopping_) break;
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = connections_.begin(); it != connections_.end();) {  // reap finished threads
      if ((*it)->done) {
        (*it)->thread.join();
        it = connections_.erase(it);
      } else {
        ++it;
      }
    }
    auto connection = std::make_unique<Connection>();
    Connection* raw = connection.get();
    raw->fd = client.fd();
    raw->thread = std::thread([this, raw, socket = std::move(client)]() mutable { Serve(raw, std::move(socket)); });
    connections_.push_back(std::move(connection));
  }
}

void FaultProxy::Serve(Connection* connection, Socket client) {
  std::string pending;
  Next next = Next::kKeepAlive;
  while (next == Next::kKeepAlive && !stopping_) {
    HttpMessage request;
    ReadOutcome outcome = ReadHead(client, &pending, options_.idle_timeout_ms, kMaxHeadBytes, &request);
    if (outcome == ReadOutcome::kOk && Lower(request.Header("expect")) == "100-continue") {
      request.RemoveHeader("expect");
      if (WriteAll(client, "HTTP/1.1 100 Continue\r\n\r\n", options_.io_timeout_ms) != IoResult::kOk) break;
    }
    if (outcome == ReadOutcome::kOk) {
      outcome = ReadBody(client, &pending, options_.io_timeout_ms, false, "", options_.max_body_bytes, &request);
    }
    if (outcome == ReadOutcome::kMalformed || outcome == ReadOutcome::kTooLarge) {
      bool large = outcome == ReadOutcome::kTooLarge;
      Reply(client,
            MakeResponse(large ? 413 : 400, large ? "Payload Too Large" : "Bad Request", "text/plain",
                         std::string("fault proxy: request ") + ReadOutcomeName(outcome)),
            true);
    }
    if (outcome != ReadOutcome::kOk) break;
    next = Handle(client, request);
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    connection->fd = -1;
    if (next == Next::kReset) {
      client.Reset();
    } else {
      client.Close();
    }
  }
  connection->done = true;
}

FaultProxy::Next FaultProxy::Handle(const Socket& client, HttpMessage& request) {
  if (request.Target().rfind("/__fault/", 0) == 0) return HandleControl(client, request);
  FaultKind fault = plan_.Decide(request.Target());
  FaultOptions settings = plan_.options();
  HttpMessage answer;
  switch (fault) {
    case FaultKind::kServiceUnavailable:
      answer = MlflowError(503, "Service Unavailable", "TEMPORARILY_UNAVAILABLE", "fault proxy: injected 503");
      break;
    case FaultKind::kTooManyRequests:
      answer = MlflowError(429, "Too Many Requests", "REQUEST_LIMIT_EXCEEDED", "fault proxy: injected 429");
      break;
    case FaultKind::kMalformedBody:
      return Reply(client, MakeResponse(200, "OK", "application/json", "{\"run\": {\"info\": {\"run_id\": \"abc"),
                   WantsClose(request));
    case FaultKind::kResetBeforeForward:
      return Next::kReset;
    case FaultKind::kHang:
      Hang(client);
      return Next::kClose;
    case FaultKind::kDelay:
      SleepUnlessStopping(settings.delay_ms);
      return Forward(client, request, fault);
    default:
      return Forward(client, request, fault);
  }
  if (settings.retry_after_seconds >= 0) answer.SetHeader("Retry-After", std::to_string(settings.retry_after_seconds));
  return Reply(client, answer, WantsClose(request));
}

FaultProxy::Next FaultProxy::HandleControl(const Socket& client, const HttpMessage& request) {
  std::string target = request.Target();
  std::string path = target.substr(0, target.find('?'));
  if (path == "/__fault/config") {
    FaultOptions options = plan_.options();
    std::string query = target.find('?') == std::string::npos ? "" : target.substr(target.find('?') + 1);
    size_t at = 0;
    while (at < query.size()) {
      size_t end = query.find('&', at);
      std::string item = query.substr(at, end == std::string::npos ? std::string::npos : end - at);
      at = end == std::string::npos ? query.size() : end + 1;
      size_t equals = item.find('=');
      std::string error =
          ApplyFaultSetting(PercentDecode(item.substr(0, equals)),
                            equals == std::string::npos ? "" : PercentDecode(item.substr(equals + 1)), &options);
      if (!error.empty()) return Reply(client, MakeResponse(400, "Bad Request", "text/plain", error), false);
    }
    plan_.Reconfigure(options);
  } else if (path == "/__fault/reset") {
    plan_.ResetStats();
  } else if (path != "/__fault/stats") {
    return Reply(client, MakeResponse(404, "Not Found", "text/plain", "unknown control path " + path), false);
  }
  return Reply(client, MakeResponse(200, "OK", "application/json", plan_.stats().ToJson()), WantsClose(request));
}

FaultProxy::Next FaultProxy::Forward(const Socket& client, HttpMessage& request, FaultKind fault) {
  bool close_after = WantsClose(request);
  std::string error;
  Socket upstream = Connect(options_.upstream_host, options_.upstream_port, 10000, &error);
  HttpMessage response;
  ReadOutcome outcome = ReadOutcome::kError;
  if (upstream.valid()) {
    request.SetHeader("Connection", "close");
    request.RemoveHeader("keep-alive");
    if (WriteAll(upstream, request.Serialize(), options_.io_timeout_ms) == IoResult::kOk) {
      std::string pending;
      do {  // skip interim 1xx responses
        outcome = ReadHead(upstream, &pending, options_.io_timeout_ms, kMaxHeadBytes, &response);
      } while (outcome == ReadOutcome::kOk && response.StatusCode() >= 100 && response.StatusCode() < 200);
      if (outcome == ReadOutcome::kOk) {
        outcome = ReadBody(upstream, &pending, options_.io_timeout_ms, true, request.Method(), options_.max_body_bytes,
                           &response);
      }
      if (outcome != ReadOutcome::kOk) error = std::string("upstream response ") + ReadOutcomeName(outcome);
    } else {
      error = "upstream write failed";
    }
  }
  if (outcome != ReadOutcome::kOk) {
    plan_.RecordUpstreamError();
    return Reply(client, MakeResponse(502, "Bad Gateway", "text/plain", "fault proxy: " + error), close_after);
  }
  plan_.RecordForwarded();
  response.RemoveHeader("connection");
  response.RemoveHeader("keep-alive");
  if (fault == FaultKind::kResetAfterForward) return Next::kReset;
  if (fault == FaultKind::kTruncateResponse) {
    std::string head = response.SerializeHead();
    size_t declared = std::max<size_t>(response.body.size(), 2);
    head.replace(head.rfind("Content-Length: "), std::string::npos,
                 "Content-Length: " + std::to_string(declared) + "\r\n\r\n");
    WriteAll(client, head + response.body.substr(0, response.body.size() / 2), options_.io_timeout_ms);
    return Next::kClose;
  }
  return Reply(client, response, close_after);
}

FaultProxy::Next FaultProxy::Reply(const Socket& client, const HttpMessage& response, bool close_after) {
  HttpMessage copy = response;
  if (close_after) copy.SetHeader("Connection", "close");
  if (WriteAll(client, copy.Serialize(), options_.io_timeout_ms) != IoResult::kOk) return Next::kClose;
  return close_after ? Next::kClose : Next::kKeepAlive;
}

void FaultProxy::Hang(const Socket& client) {
  int limit = plan_.options().hang_ms;
  auto start = std::chrono::steady_clock::now();
  while (!stopping_) {
    if (WaitForPeerClose(client, 100)) return;
    auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    if (limit > 0 && waited.count() >= limit) return;
  }
}

void FaultProxy::SleepUnlessStopping(int milliseconds) {
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
  while (!stopping_ && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(
        std::min(std::chrono::milliseconds(20),
                 std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now())));
  }
}

}  // namespace mlflow::testing::fault
