// SIGINT/SIGTERM handling for active runs (declared in active_run.h).
//
// The handler does only async-signal-safe things: it records the signal and writes its number
// to a pipe. A watcher thread reads the pipe, ends the active runs KILLED (a flush, then the
// end call: ordinary code, outside the handler), restores the disposition that was in place
// before InstallRunSignalHandlers() and re-raises the signal.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <mutex>
#include <thread>

#include "mlflow/fluent/active_run.h"

namespace mlflow {
namespace {

constexpr int kSignals[] = {SIGINT, SIGTERM};

int g_pipe[2] = {-1, -1};
struct sigaction g_previous[2];
volatile sig_atomic_t g_pending = 0;  // a signal is being handled: a second one terminates at once

int SignalIndex(int signo) { return signo == SIGINT ? 0 : 1; }

extern "C" void OnRunSignal(int signo) {
  int saved_errno = errno;
  if (g_pending) {
    // Second signal while the runs are being flushed: give up on them.
    sigaction(signo, &g_previous[SignalIndex(signo)], nullptr);
    raise(signo);
    errno = saved_errno;
    return;
  }
  g_pending = 1;
  unsigned char byte = static_cast<unsigned char>(signo);
  ssize_t ignored = write(g_pipe[1], &byte, 1);
  (void)ignored;
  errno = saved_errno;
}

void WatchSignals() {
  // Receive no signals here until the re-raise: this thread may be the one that ends the process.
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
  unsigned char byte = 0;
  while (true) {
    ssize_t n = read(g_pipe[0], &byte, 1);
    if (n == 1) break;
    if (n < 0 && errno == EINTR) continue;
    return;  // the pipe is gone: nothing more to watch
  }
  int signo = byte;
  Status ended = EndActiveRuns(RunStatus::kKilled);
  if (!ended.ok()) std::cerr << "mlflow-cpp: ending runs on signal " << signo << ": " << ended << "\n";
  sigaction(signo, &g_previous[SignalIndex(signo)], nullptr);
  sigset_t one;
  sigemptyset(&one);
  sigaddset(&one, signo);
  raise(signo);  // pending in this thread until unblocked below
  pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
}

}  // namespace

Status InstallRunSignalHandlers() {
  static std::mutex mutex;
  static bool installed = false;
  std::lock_guard<std::mutex> lock(mutex);
  if (installed) return Status::Ok();
  if (pipe2(g_pipe, O_CLOEXEC) != 0)
    return IoError(std::string("pipe2 for the signal watcher: ") + std::strerror(errno));
  fcntl(g_pipe[1], F_SETFL, O_NONBLOCK);
  std::thread(WatchSignals).detach();
  for (int signo : kSignals) {
    struct sigaction previous {};
    sigaction(signo, nullptr, &previous);
    g_previous[SignalIndex(signo)] = previous;
    if (!(previous.sa_flags & SA_SIGINFO) && previous.sa_handler == SIG_IGN) continue;  // e.g. nohup: keep ignoring
    struct sigaction action {};
    action.sa_handler = OnRunSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    if (sigaction(signo, &action, nullptr) != 0) {
      return IoError(std::string("sigaction: ") + std::strerror(errno));
    }
  }
  installed = true;
  return Status::Ok();
}

}  // namespace mlflow
