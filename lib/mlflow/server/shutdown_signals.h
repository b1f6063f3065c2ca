// ShutdownSignals: turns SIGTERM and SIGINT into a graceful-shutdown callback.
//
// Block() masks both signals in the calling thread; call it first thing in main(), before
// any other thread exists, so every thread inherits the mask and the signals are only ever
// taken by the watcher thread that Start() runs (sigtimedwait), which then calls `on_signal`
// once, on the watcher thread (a normal thread: it may lock, log and call HttpServer::Stop()).
// Later signals (during the drain) are ignored. Stop() ends the watcher (joins).
// Child processes (alert hooks) reset the mask themselves.
#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace mlflow::server {

class ShutdownSignals {
 public:
  static void Block();

  ShutdownSignals() = default;
  ~ShutdownSignals() { Stop(); }
  ShutdownSignals(const ShutdownSignals&) = delete;
  ShutdownSignals& operator=(const ShutdownSignals&) = delete;

  // `on_signal` receives the signal number.
  void Start(std::function<void(int signal)> on_signal);
  void Stop();

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace mlflow::server
