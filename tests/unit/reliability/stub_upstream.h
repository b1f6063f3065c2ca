// StubUpstream: a minimal HTTP server on loopback for proxy and transport tests. Answers every
// request with 200 and a fixed JSON body and counts the requests it handled. Thread-safe;
// stops (closing its connections) when destroyed.
#pragma once

#include <sys/socket.h>

#include <atomic>
#include <list>
#include <mutex>
#include <string>
#include <thread>

#include "support/fault_proxy/http_message.h"
#include "support/fault_proxy/socket_io.h"

namespace mlflow::testing {

class StubUpstream {
 public:
  explicit StubUpstream(std::string body = "{\"ok\": true}") : body_(std::move(body)) {
    std::string error;
    listener_ = fault::Listen("127.0.0.1", 0, &port_, &error);
    acceptor_ = std::thread([this] { AcceptLoop(); });
  }
  ~StubUpstream() {
    stopping_ = true;
    ::shutdown(listener_.fd(), SHUT_RDWR);
    acceptor_.join();
    std::list<std::thread> threads;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
      threads.swap(threads_);
    }
    for (auto& thread : threads) thread.join();
  }
  StubUpstream(const StubUpstream&) = delete;
  StubUpstream& operator=(const StubUpstream&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int handled() const { return handled_; }

 private:
  void AcceptLoop() {
    while (!stopping_) {
      fault::Socket client = fault::Accept(listener_);
      if (!client.valid() || stopping_) return;
      std::lock_guard<std::mutex> lock(mutex_);
      open_fds_.push_back(client.fd());
      threads_.emplace_back([this, socket = std::move(client)]() mutable { Serve(std::move(socket)); });
    }
  }
  void Serve(fault::Socket client) {
    std::string pending;
    while (!stopping_) {
      fault::HttpMessage request;
      if (fault::ReadHead(client, &pending, 5000, 65536, &request) != fault::ReadOutcome::kOk) break;
      if (fault::ReadBody(client, &pending, 5000, false, "", 1u << 24, &request) != fault::ReadOutcome::kOk) break;
      ++handled_;
      fault::HttpMessage response = fault::MakeResponse(200, "OK", "application/json", body_);
      if (fault::WriteAll(client, response.Serialize(), 5000) != fault::IoResult::kOk) break;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    open_fds_.remove(client.fd());
    client.Close();
  }

  const std::string body_;
  fault::Socket listener_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> handled_{0};
  std::mutex mutex_;
  std::list<int> open_fds_;
  std::list<std::thread> threads_;
  std::thread acceptor_;
};

}  // namespace mlflow::testing
