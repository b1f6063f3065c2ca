#include "mlflow/artifacts/artifact_location.h"

#include <cctype>

#include "mlflow/artifacts/artifact_paths.h"
#include "mlflow/core/text.h"

namespace mlflow::artifacts {
namespace {

constexpr const char* kServicePath = "/api/2.0/mlflow-artifacts/artifacts";

// "http://host:port/prefix" -> "host:port".
std::string AuthorityOf(const std::string& url) {
  size_t start = url.find("://");
  if (start == std::string::npos) return "";
  start += 3;
  size_t end = url.find('/', start);
  return AsciiLowercase(url.substr(start, end == std::string::npos ? std::string::npos : end - start));
}

Result<ArtifactLocation> Proxied(const std::string& uri, std::string path) {
  while (!path.empty() && path.front() == '/') path.erase(0, 1);
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (!IsCleanArtifactPath(path)) {
    return InvalidArgument("artifact URI '" + uri + "' has an unsafe path ('..', '.', empty segments)");
  }
  return ArtifactLocation{ArtifactLocation::Kind::kProxied, uri, path, ""};
}

Result<ArtifactLocation> Local(const std::string& uri, std::string path) {
  path = PercentDecode(path);
  if (path.empty() || path.front() != '/') {
    return InvalidArgument("artifact URI '" + uri + "' does not name an absolute local directory");
  }
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return ArtifactLocation{ArtifactLocation::Kind::kLocal, uri, path, ""};
}

}  // namespace

std::string PercentDecode(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

Result<ArtifactLocation> ParseRunsUri(const std::string& uri) {
  const std::string prefix = "runs:/";
  auto bad = [&] {
    return InvalidArgument("not a proper runs:/ URI: '" + uri +
                           "'; runs URIs look like 'runs:/<run_id>/run-relative/path/to/artifact'");
  };
  if (uri.compare(0, prefix.size(), prefix) != 0 || uri.compare(0, prefix.size() + 1, "runs://") == 0) return bad();
  std::string rest = uri.substr(prefix.size());
  size_t slash = rest.find('/');
  std::string run_id = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash + 1);
  if (run_id.empty()) return bad();
  auto clean = NormalizeArtifactPath(path, "runs:/ URI path");
  if (!clean.ok()) return clean.status();
  return ArtifactLocation{ArtifactLocation::Kind::kRun, uri, *clean, run_id};
}

Result<ArtifactLocation> ParseArtifactLocation(const std::string& uri, const std::string& tracking_base_url) {
  if (uri.empty()) return InvalidArgument("empty artifact URI");
  if (uri.front() == '/') return Local(uri, uri);
  size_t colon = uri.find(':');
  std::string scheme = colon == std::string::npos ? "" : AsciiLowercase(uri.substr(0, colon));
  std::string rest = colon == std::string::npos ? "" : uri.substr(colon + 1);

  if (scheme == "runs") return ParseRunsUri(uri);
  if (scheme == "file") {
    if (rest.rfind("//", 0) == 0) {
      size_t path_start = rest.find('/', 2);
      std::string authority = rest.substr(2, path_start == std::string::npos ? std::string::npos : path_start - 2);
      if (!authority.empty() && !EqualsIgnoringAsciiCase(authority, "localhost")) {
        return Status(ErrorCode::kNotImplemented,
                      "artifact URI '" + uri + "' names a remote host; only local file: URIs are supported");
      }
      return Local(uri, path_start == std::string::npos ? "" : rest.substr(path_start));
    }
    return Local(uri, rest);
  }
  if (scheme == "mlflow-artifacts") {
    if (rest.rfind("//", 0) == 0) {
      size_t path_start = rest.find('/', 2);
      std::string authority =
          AsciiLowercase(rest.substr(2, path_start == std::string::npos ? std::string::npos : path_start - 2));
      if (!authority.empty() && authority != AuthorityOf(tracking_base_url)) {
        return Status(ErrorCode::kNotImplemented, "artifact URI '" + uri + "' names another server (" + authority +
                                                      ") than the tracking server " + tracking_base_url);
      }
      return Proxied(uri, path_start == std::string::npos ? "" : rest.substr(path_start));
    }
    return Proxied(uri, rest);
  }
  if (scheme == "http" || scheme == "https") {
    std::string base = tracking_base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    std::string service = base + kServicePath;
    if (EqualsIgnoringAsciiCase(std::string_view(uri).substr(0, service.size()), service) &&
        (uri.size() == service.size() || uri[service.size()] == '/')) {
      return Proxied(uri, uri.substr(service.size()));
    }
    return Status(ErrorCode::kNotImplemented, "artifact URI '" + uri + "' is not served by the tracking server " +
                                                  tracking_base_url + "'s artifact service");
  }
  return Status(ErrorCode::kNotImplemented,
                "artifact URI '" + uri + "': the '" + scheme +
                    "' artifact store is not supported by mlflow-cpp directly; start the tracking server with "
                    "--serve-artifacts (artifacts proxied as mlflow-artifacts:/) to reach it");
}

}  // namespace mlflow::artifacts
