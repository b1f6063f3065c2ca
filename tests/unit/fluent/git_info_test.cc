#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "mlflow/fluent/git_info.h"
#include "mlflow/fluent/system_tags.h"
#include "support/test_env.h"

using namespace mlflow::fluent;
namespace fs = std::filesystem;

namespace {
const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";
const std::string kOther = "fedcba9876543210fedcba9876543210fedcba98";

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}
}  // namespace

TEST_CASE("branch, commit and remote come from a checkout's .git directory") {
  fs::path repo = mlflow::testing::MakeTempDir("git-loose");
  Write(repo / ".git/HEAD", "ref: refs/heads/feature/x\n");
  Write(repo / ".git/refs/heads/feature/x", kCommit + "\n");
  Write(repo / ".git/config",
        "[core]\n\tbare = false\n[remote \"upstream\"]\n\turl = https://example.com/up.git\n"
        "[remote \"origin\"]\n\turl = https://bob:s3cret@github.com/acme/repo.git\n\tfetch = +refs/heads/*\n");
  fs::create_directories(repo / "src/deep");
  auto info = FindGitInfo((repo / "src/deep").string());
  REQUIRE(info);
  CHECK(info->commit == kCommit);
  CHECK(info->branch == "feature/x");
  CHECK(info->repo_url == "https://github.com/acme/repo.git");  // credentials removed
}

TEST_CASE("packed refs, detached heads and worktree .git files are understood") {
  fs::path repo = mlflow::testing::MakeTempDir("git-packed");
  Write(repo / ".git/HEAD", "ref: refs/heads/main\n");
  Write(repo / ".git/packed-refs",
        "# pack-refs with: peeled\n" + kOther + " refs/heads/dev\n" + kCommit + " refs/heads/main\n^" + kOther + "\n");
  auto packed = FindGitInfo(repo.string());
  REQUIRE(packed);
  CHECK(packed->commit == kCommit);
  CHECK(packed->repo_url.empty());

  Write(repo / ".git/HEAD", kOther + "\n");
  auto detached = FindGitInfo(repo.string());
  REQUIRE(detached);
  CHECK(detached->commit == kOther);
  CHECK(detached->branch.empty());

  fs::path worktree = mlflow::testing::MakeTempDir("git-worktree");
  Write(repo / ".git/worktrees/wt/HEAD", "ref: refs/heads/main\n");
  Write(repo / ".git/worktrees/wt/commondir", "../..\n");
  Write(worktree / ".git", "gitdir: " + (repo / ".git/worktrees/wt").string() + "\n");
  auto linked = FindGitInfo(worktree.string());
  REQUIRE(linked);
  CHECK(linked->commit == kCommit);
  CHECK(linked->branch == "main");
}

TEST_CASE("no git tags without a checkout or without a commit") {
  fs::path empty_repo = mlflow::testing::MakeTempDir("git-empty");
  Write(empty_repo / ".git/HEAD", "ref: refs/heads/main\n");
  CHECK_FALSE(FindGitInfo(empty_repo.string()));
  CHECK_FALSE(FindGitInfo("/proc"));
}

TEST_CASE("credentials are stripped from remote URLs only where they are") {
  CHECK(StripUrlCredentials("https://user:token@host/x.git") == "https://host/x.git");
  CHECK(StripUrlCredentials("https://token@host:8443/x") == "https://host:8443/x");
  CHECK(StripUrlCredentials("https://host/a@b") == "https://host/a@b");
  CHECK(StripUrlCredentials("git@github.com:acme/repo.git") == "git@github.com:acme/repo.git");
}

TEST_CASE("system tags name the user, the executable and the source type") {
  auto env = [](const char* name) -> const char* { return std::string(name) == "LOGNAME" ? "carol" : nullptr; };
  auto tags = SystemTags(env);
  std::map<std::string, std::string> by_key;
  for (const auto& tag : tags) by_key[tag.key] = tag.value;
  CHECK(by_key["mlflow.user"] == "carol");
  CHECK(by_key["mlflow.source.type"] == "LOCAL");
  CHECK(by_key["mlflow.source.name"].find("unit_fluent") != std::string::npos);
  CHECK(CurrentUser([](const char*) -> const char* { return nullptr; }) != "");
}
