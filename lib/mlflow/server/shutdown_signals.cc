#include "mlflow/server/shutdown_signals.h"

#include <pthread.h>
#include <signal.h>

#include <cerrno>
#include <ctime>

namespace mlflow::server {
namespace {

sigset_t ShutdownSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

void ShutdownSignals::Block() {
  sigset_t set = ShutdownSet();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void ShutdownSignals::Start(std::function<void(int signal)> on_signal) {
  if (thread_.joinable()) return;
  stop_.store(false);
  thread_ = std::thread([this, on_signal = std::move(on_signal)] {
    sigset_t set = ShutdownSet();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    bool fired = false;
    while (!stop_.load()) {
      timespec timeout{0, 100 * 1000 * 1000};  // re-check stop_ every 100 ms
      int sig = sigtimedwait(&set, nullptr, &timeout);
      if (sig < 0) continue;  // EAGAIN (timeout) or EINTR
      if (!fired) {
        fired = true;
        on_signal(sig);
      }
    }
  });
}

void ShutdownSignals::Stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

}  // namespace mlflow::server
