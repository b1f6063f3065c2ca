#include "mlflow/fluent/system_tags.h"

#include <pwd.h>
#include <unistd.h>

#include <filesystem>

#include "mlflow/fluent/git_info.h"

namespace mlflow::fluent {

std::string CurrentUser(const EnvLookup& env) {
  for (const char* name : {"LOGNAME", "USER", "LNAME", "USERNAME"}) {  // Python's getpass.getuser() order
    const char* value = env(name);
    if (value && *value) return value;
  }
  struct passwd entry {};
  struct passwd* result = nullptr;
  char buffer[4096];
  if (::getpwuid_r(::getuid(), &entry, buffer, sizeof buffer, &result) == 0 && result && result->pw_name) {
    return result->pw_name;
  }
  return "unknown";
}

std::string ExecutablePath() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : path.string();
}

std::vector<RunTag> SystemTags(const EnvLookup& env) {
  std::vector<RunTag> tags;
  tags.push_back({"mlflow.user", CurrentUser(env)});
  std::string executable = ExecutablePath();
  if (!executable.empty()) tags.push_back({"mlflow.source.name", executable});
  tags.push_back({"mlflow.source.type", "LOCAL"});
  std::optional<GitInfo> git;
  if (!executable.empty()) git = FindGitInfo(std::filesystem::path(executable).parent_path().string());
  if (!git) {
    std::error_code ec;
    git = FindGitInfo(std::filesystem::current_path(ec).string());
  }
  if (git) {
    tags.push_back({"mlflow.source.git.commit", git->commit});
    if (!git->branch.empty()) tags.push_back({"mlflow.source.git.branch", git->branch});
    if (!git->repo_url.empty()) tags.push_back({"mlflow.source.git.repoURL", git->repo_url});
  }
  return tags;
}

}  // namespace mlflow::fluent
