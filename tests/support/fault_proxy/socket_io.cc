#include "support/fault_proxy/socket_io.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mlflow::testing::fault {
namespace {

bool FillAddress(const std::string& host, int port, sockaddr_in* address, std::string* error) {
  std::memset(address, 0, sizeof *address);
  address->sin_family = AF_INET;
  address->sin_port = htons(static_cast<uint16_t>(port));
  std::string ip = host == "localhost" ? "127.0.0.1" : host;
  if (::inet_pton(AF_INET, ip.c_str(), &address->sin_addr) != 1) {
    *error = "not an IPv4 address: '" + host + "'";
    return false;
  }
  return true;
}

IoResult WaitFor(int fd, short events, int timeout_ms) {
  pollfd entry{fd, events, 0};
  while (true) {
    int rc = ::poll(&entry, 1, timeout_ms);
    if (rc > 0) return IoResult::kOk;
    if (rc == 0) return IoResult::kTimeout;
    if (errno != EINTR) return IoResult::kError;
  }
}

void SetNoDelay(int fd) {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

}  // namespace

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    Close();
    fd_ = other.Release();
  }
  return *this;
}

int Socket::Release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

void Socket::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void Socket::Reset() {
  if (fd_ < 0) return;
  linger abort_on_close{1, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
  Close();
}

Socket Listen(const std::string& host, int port, int* bound_port, std::string* error) {
  sockaddr_in address{};
  if (!FillAddress(host, port, &address, error)) return Socket();
  Socket listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!listener.valid()) {
    *error = std::string("socket: ") + std::strerror(errno);
    return Socket();
  }
  int one = 1;
  ::setsockopt(listener.fd(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(listener.fd(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener.fd(), 128) != 0) {
    *error = "cannot listen on " + host + ":" + std::to_string(port) + ": " + std::strerror(errno);
    return Socket();
  }
  socklen_t length = sizeof address;
  ::getsockname(listener.fd(), reinterpret_cast<sockaddr*>(&address), &length);
  *bound_port = ntohs(address.sin_port);
  return listener;
}

Socket Connect(const std::string& host, int port, int timeout_ms, std::string* error) {
  sockaddr_in address{};
  if (!FillAddress(host, port, &address, error)) return Socket();
  Socket socket(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!socket.valid()) {
    *error = std::string("socket: ") + std::strerror(errno);
    return Socket();
  }
  int rc = ::connect(socket.fd(), reinterpret_cast<sockaddr*>(&address), sizeof address);
  if (rc != 0 && errno == EINPROGRESS) {
    if (WaitFor(socket.fd(), POLLOUT, timeout_ms) != IoResult::kOk) {
      *error = "connect to " + host + ":" + std::to_string(port) + " timed out";
      return Socket();
    }
    int so_error = 0;
    socklen_t length = sizeof so_error;
    ::getsockopt(socket.fd(), SOL_SOCKET, SO_ERROR, &so_error, &length);
    rc = so_error == 0 ? 0 : -1;
    errno = so_error;
  }
  if (rc != 0) {
    *error = "connect to " + host + ":" + std::to_string(port) + ": " + std::strerror(errno);
    return Socket();
  }
  ::fcntl(socket.fd(), F_SETFL, ::fcntl(socket.fd(), F_GETFL) & ~O_NONBLOCK);
  SetNoDelay(socket.fd());
  return socket;
}

Socket Accept(const Socket& listener) {
  while (true) {
    int fd = ::accept4(listener.fd(), nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) {
      SetNoDelay(fd);
      return Socket(fd);
    }
    if (errno != EINTR && errno != ECONNABORTED) return Socket();
  }
}

IoResult ReadSome(const Socket& socket, std::string* buffer, int timeout_ms) {
  IoResult ready = WaitFor(socket.fd(), POLLIN, timeout_ms);
  if (ready != IoResult::kOk) return ready;
  char chunk[16384];
  while (true) {
    ssize_t n = ::recv(socket.fd(), chunk, sizeof chunk, 0);
    if (n > 0) {
      buffer->append(chunk, static_cast<size_t>(n));
      return IoResult::kOk;
    }
    if (n == 0) return IoResult::kClosed;
    if (errno != EINTR) return IoResult::kError;
  }
}

IoResult WriteAll(const Socket& socket, std::string_view data, int timeout_ms) {
  while (!data.empty()) {
    IoResult ready = WaitFor(socket.fd(), POLLOUT, timeout_ms);
    if (ready != IoResult::kOk) return ready;
    ssize_t n = ::send(socket.fd(), data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoResult::kError;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return IoResult::kOk;
}

bool WaitForPeerClose(const Socket& socket, int timeout_ms) {
  if (WaitFor(socket.fd(), POLLIN, timeout_ms) != IoResult::kOk) return false;
  char discard[4096];
  return ::recv(socket.fd(), discard, sizeof discard, 0) <= 0;
}

}  // namespace mlflow::testing::fault
