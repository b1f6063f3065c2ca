#include "mlflow/fluent/git_info.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace mlflow::fluent {
namespace {
namespace fs = std::filesystem;

std::string Trim(const std::string& text) {
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(start, end - start + 1);
}

std::optional<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool IsCommitHash(const std::string& text) {
  if (text.size() != 40 && text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// The git directory of the checkout containing `start`: .git as a directory, or the
// "gitdir: <path>" a .git file points to.
std::optional<fs::path> FindGitDir(fs::path dir) {
  std::error_code ec;
  dir = fs::absolute(dir, ec);
  while (!dir.empty()) {
    fs::path candidate = dir / ".git";
    if (fs::is_directory(candidate, ec)) return candidate;
    if (fs::is_regular_file(candidate, ec)) {
      std::string content = Trim(ReadFile(candidate).value_or(""));
      if (content.rfind("gitdir:", 0) == 0) {
        fs::path target = Trim(content.substr(7));
        if (target.is_relative()) target = dir / target;
        if (fs::is_directory(target, ec)) return target.lexically_normal();
      }
      return std::nullopt;
    }
    if (dir == dir.root_path()) break;
    dir = dir.parent_path();
  }
  return std::nullopt;
}

// Resolves "refs/heads/x" in the git dir or, for a worktree, its common dir; "" when unknown.
std::string ResolveRef(const fs::path& git_dir, const fs::path& common_dir, const std::string& ref) {
  for (const fs::path& dir : {git_dir, common_dir}) {
    if (auto loose = ReadFile(dir / ref)) {
      std::string hash = Trim(*loose);
      // A copy, not `return hash`: GCC 12 -O2 warns (-Warray-bounds, a false positive) when the
      // 40-character string is moved out after IsCommitHash fixed its length.
      if (IsCommitHash(hash)) return std::string(hash.data(), hash.size());
    }
  }
  if (auto packed = ReadFile(common_dir / "packed-refs")) {
    std::istringstream lines(*packed);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.empty() || line[0] == '#' || line[0] == '^') continue;
      size_t space = line.find(' ');
      if (space != std::string::npos && Trim(line.substr(space + 1)) == ref && IsCommitHash(line.substr(0, space))) {
        return line.substr(0, space);
      }
    }
  }
  return "";
}

// url of [remote "origin"], else of the first remote, from a git config file.
std::string RemoteUrl(const fs::path& config_path) {
  auto config = ReadFile(config_path);
  if (!config) return "";
  std::istringstream lines(*config);
  std::string line, section, first_url, origin_url;
  while (std::getline(lines, line)) {
    line = Trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line[0] == '[') {
      section = line;
      continue;
    }
    if (section.rfind("[remote ", 0) != 0) continue;
    size_t eq = line.find('=');
    if (eq == std::string::npos || Trim(line.substr(0, eq)) != "url") continue;
    std::string url = Trim(line.substr(eq + 1));
    if (first_url.empty()) first_url = url;
    if (section == "[remote \"origin\"]" && origin_url.empty()) origin_url = url;
  }
  return StripUrlCredentials(origin_url.empty() ? first_url : origin_url);
}

}  // namespace

std::string StripUrlCredentials(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;  // scp-like "git@host:path" has no secret
  size_t authority = scheme + 3;
  size_t end = url.find_first_of("/?#", authority);
  size_t at = url.rfind('@', end == std::string::npos ? url.size() : end);
  if (at == std::string::npos || at < authority) return url;
  return url.substr(0, authority) + url.substr(at + 1);
}

std::optional<GitInfo> FindGitInfo(const std::string& start_dir) {
  auto git_dir = FindGitDir(start_dir);
  if (!git_dir) return std::nullopt;
  fs::path common_dir = *git_dir;
  if (auto common = ReadFile(*git_dir / "commondir")) {
    fs::path target = Trim(*common);
    common_dir = target.is_relative() ? (*git_dir / target).lexically_normal() : target;
  }
  auto head = ReadFile(*git_dir / "HEAD");
  if (!head) return std::nullopt;
  std::string head_text = Trim(*head);
  GitInfo info;
  if (head_text.rfind("ref:", 0) == 0) {
    std::string ref = Trim(head_text.substr(4));
    info.commit = ResolveRef(*git_dir, common_dir, ref);
    if (info.commit.empty()) return std::nullopt;  // no commit yet
    const std::string heads = "refs/heads/";
    info.branch = ref.rfind(heads, 0) == 0 ? ref.substr(heads.size()) : ref;
  } else if (IsCommitHash(head_text)) {
    info.commit = head_text;
  } else {
    return std::nullopt;
  }
  info.repo_url = RemoteUrl(common_dir / "config");
  return info;
}

}  // namespace mlflow::fluent
