// Blocking loopback socket helpers for the fault proxy (POSIX; no exceptions, no globals).
//
// Every call takes a timeout and returns an error value instead of throwing. SIGPIPE is never
// raised: writes use MSG_NOSIGNAL. A Socket owns its descriptor and closes it when destroyed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mlflow::testing::fault {

class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() { Close(); }
  Socket(Socket&& other) noexcept : fd_(other.Release()) {}
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  int fd() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release();
  void Close();
  // Closes with SO_LINGER {on, 0}: the peer sees a TCP RST ("connection reset by peer").
  void Reset();

 private:
  int fd_ = -1;
};

// Listens on host:port (port 0 picks a free one, reported in *bound_port). Invalid on failure,
// with the reason in *error.
Socket Listen(const std::string& host, int port, int* bound_port, std::string* error);

// Connects to host:port within timeout_ms. Invalid on failure, with the reason in *error.
Socket Connect(const std::string& host, int port, int timeout_ms, std::string* error);

// Accepts one connection; invalid when the listener was shut down or on error.
Socket Accept(const Socket& listener);

enum class IoResult { kOk, kClosed, kTimeout, kError };

// Appends what arrives within timeout_ms (at least one byte) to *buffer. kClosed on an orderly
// end of stream with nothing read.
IoResult ReadSome(const Socket& socket, std::string* buffer, int timeout_ms);

// Writes all of `data`, each chunk within timeout_ms.
IoResult WriteAll(const Socket& socket, std::string_view data, int timeout_ms);

// Waits up to timeout_ms for the peer to close; anything it sends meanwhile is read and
// discarded. True when the connection ended.
bool WaitForPeerClose(const Socket& socket, int timeout_ms);

}  // namespace mlflow::testing::fault
