#include "mlflow/server/alert_hook.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

extern char** environ;

namespace mlflow::server {

AlertHook::AlertHook(std::string command, ServerLog log) : command_(std::move(command)), log_(std::move(log)) {}

void AlertHook::OnAlert(const LoadedModel& model, const AlertEvent& alert) {
  Reap(false);
  if (!alert.raised || command_.empty()) return;
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    if (std::strncmp(*e, "MLFLOWCPP_ALERT_", 16) != 0) env.emplace_back(*e);
  }
  env.push_back("MLFLOWCPP_ALERT_SIGNAL=" + alert.signal);
  env.push_back(fmt::format("MLFLOWCPP_ALERT_VALUE={}", alert.value));
  env.push_back(fmt::format("MLFLOWCPP_ALERT_THRESHOLD={}", alert.threshold));
  env.push_back(fmt::format("MLFLOWCPP_ALERT_STEP={}", alert.step));
  env.push_back("MLFLOWCPP_MODEL_NAME=" + model.identity.name);
  env.push_back("MLFLOWCPP_MODEL_VERSION=" + model.identity.version);
  env.push_back("MLFLOWCPP_MODEL_URI=" + model.identity.uri);
  env.push_back("MLFLOWCPP_MONITORING_RUN_ID=" + run_id_);
  std::vector<char*> envp;
  for (auto& s : env) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string sh = "/bin/sh", dash_c = "-c", command = command_;
  char* argv[] = {sh.data(), dash_c.data(), command.data(), nullptr};

  // The server blocks SIGTERM/SIGINT in its threads to wait for them; the hook must not inherit that.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t empty;
  sigemptyset(&empty);
  posix_spawnattr_setsigmask(&attr, &empty);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, "/bin/sh", nullptr, &attr, argv, envp.data());
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    log_.Error("alert hook could not start: " + std::string(std::strerror(rc)));
    return;
  }
  children_.push_back(pid);
  log_.Info(fmt::format("alert hook started (pid {}) for {}", pid, alert.signal));
}

void AlertHook::Reap(bool wait) {
  for (size_t i = 0; i < children_.size();) {
    int status = 0;
    pid_t done = ::waitpid(children_[i], &status, wait ? 0 : WNOHANG);
    if (done == 0) {
      ++i;
      continue;
    }
    if (done > 0) {
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        log_.Info(fmt::format("alert hook (pid {}) finished", done));
      } else {
        log_.Warning(fmt::format("alert hook (pid {}) failed: {}", done,
                                 WIFEXITED(status) ? "exit code " + std::to_string(WEXITSTATUS(status))
                                                   : std::string("killed by a signal")));
      }
    } else if (errno == EINTR) {
      continue;
    }
    children_.erase(children_.begin() + static_cast<long>(i));
  }
}

}  // namespace mlflow::server
