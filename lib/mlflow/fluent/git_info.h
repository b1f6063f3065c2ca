// GitInfo: the commit, branch and remote of the git checkout a program runs from, read from
// the .git directory itself (no git binary needed): HEAD, loose refs, packed-refs and config;
// a `.git` file (worktrees, submodules) is followed. The remote URL loses any credentials
// ("https://user:token@host/x" -> "https://host/x"). Pure reads, thread-safe.
#pragma once

#include <optional>
#include <string>

namespace mlflow::fluent {

struct GitInfo {
  std::string commit;    // 40 hex digits
  std::string branch;    // empty when HEAD is detached
  std::string repo_url;  // remote "origin" (else the first remote); empty when none
};

// Looks for a checkout at `start_dir` or any parent. nullopt when there is none, or when it
// has no commit yet (MLflow records git tags only for a resolvable commit).
std::optional<GitInfo> FindGitInfo(const std::string& start_dir);

// Removes "user[:password]@" from a URL's authority.
std::string StripUrlCredentials(const std::string& url);

}  // namespace mlflow::fluent
