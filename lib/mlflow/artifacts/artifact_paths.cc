#include "mlflow/artifacts/artifact_paths.h"

namespace mlflow::artifacts {
namespace fs = std::filesystem;

std::string JoinArtifactPath(std::string_view base, std::string_view child) {
  if (base.empty()) return std::string(child);
  if (child.empty()) return std::string(base);
  std::string out(base);
  if (out.back() != '/') out += '/';
  out += child;
  return out;
}

std::string ParentArtifactPath(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

std::string BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool IsCleanArtifactPath(std::string_view path) {
  if (path.empty()) return true;
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) return false;
  size_t start = 0;
  while (true) {
    size_t end = path.find('/', start);
    std::string_view segment = path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

Result<std::string> NormalizeArtifactPath(std::string_view path, std::string_view what) {
  std::string cleaned(path);
  if (cleaned.size() > 1 && cleaned.back() == '/') cleaned.pop_back();
  if (!IsCleanArtifactPath(cleaned)) {
    return InvalidArgument("invalid " + std::string(what) + " '" + std::string(path) +
                           "': an artifact path is relative and '/'-separated, without a leading '/', "
                           "empty, '.' or '..' segments or backslashes");
  }
  return cleaned;
}

Status CheckListingEntry(std::string_view listed_dir, std::string_view entry) {
  auto refuse = [&](const std::string& why) {
    return Status(ErrorCode::kInvalidResponse, "refusing artifact listing entry '" + std::string(entry) +
                                                   "' (listing of '" + std::string(listed_dir) + "'): " + why);
  };
  if (entry.empty()) return refuse("the entry has no path");
  if (!IsCleanArtifactPath(entry)) {
    return refuse(
        "it is absolute or contains '..', '.', empty segments or backslashes and would escape the "
        "destination directory");
  }
  if (!listed_dir.empty()) {
    if (entry.size() <= listed_dir.size() + 1 || entry.compare(0, listed_dir.size(), listed_dir) != 0 ||
        entry[listed_dir.size()] != '/') {
      return refuse("it is not inside the listed directory");
    }
  }
  return Status::Ok();
}

Result<fs::path> LocalPathFor(const fs::path& dest_dir, std::string_view relative) {
  if (!IsCleanArtifactPath(relative)) {
    return Status(ErrorCode::kInvalidResponse, "refusing to write artifact '" + std::string(relative) +
                                                   "': the path would escape '" + dest_dir.string() + "'");
  }
  fs::path base = dest_dir.lexically_normal();
  fs::path target = relative.empty() ? base : (base / fs::path(std::string(relative))).lexically_normal();
  auto rel = target.lexically_relative(base);
  if (rel.empty() || *rel.begin() == "..") {
    return Status(ErrorCode::kInvalidResponse,
                  "refusing to write artifact '" + std::string(relative) + "' outside '" + dest_dir.string() + "'");
  }
  return target;
}

}  // namespace mlflow::artifacts
