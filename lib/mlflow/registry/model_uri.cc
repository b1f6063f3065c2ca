#include "mlflow/registry/model_uri.h"

#include <cctype>
#include <vector>

#include "mlflow/artifacts/artifact_location.h"
#include "mlflow/core/text.h"

namespace mlflow {
namespace {

Status Improper(const std::string& uri) {
  return InvalidArgument("not a proper models:/ URI: '" + uri +
                         "'. Model URIs look like 'models:/<name>/<version>', 'models:/<name>@<alias>', "
                         "'models:/<name>/latest', 'models:/<model_id>' or 'runs:/<run_id>/<path>'");
}

bool Blank(const std::string& text) {
  for (unsigned char c : text) {
    if (!std::isspace(c)) return false;
  }
  return true;
}

bool AllDigits(const std::string& text) {
  if (text.empty()) return false;
  for (unsigned char c : text) {
    if (!std::isdigit(c)) return false;
  }
  return true;
}

}  // namespace

Result<ModelUri> ParseModelUri(const std::string& uri) {
  ModelUri parsed;
  parsed.uri = uri;
  if (uri.rfind("runs:", 0) == 0) {
    MLFLOW_ASSIGN_OR_RETURN(artifacts::ArtifactLocation location, artifacts::ParseRunsUri(uri));
    parsed.kind = ModelUri::Kind::kRun;
    parsed.run_id = location.run_id;
    parsed.artifact_path = location.path;
    return parsed;
  }
  const std::string prefix = "models:/";
  if (uri.rfind(prefix, 0) != 0) return Improper(uri);
  if (uri.rfind("models://", 0) == 0) {
    return InvalidArgument("models:// URIs naming another registry are not supported: '" + uri + "'");
  }
  std::string path = uri.substr(prefix.size());
  if (path.empty()) return Improper(uri);
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    parts.push_back(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (parts.size() > 2 || Blank(parts[0])) return Improper(uri);
  if (parts.size() == 2) {
    parsed.name = parts[0];
    const std::string& suffix = parts[1];
    if (Blank(suffix)) return Improper(uri);
    const std::string lower = AsciiLowercase(suffix);
    if (AllDigits(suffix)) {
      parsed.kind = ModelUri::Kind::kVersion;
      parsed.version = suffix;
    } else if (lower == "latest") {
      parsed.kind = ModelUri::Kind::kLatest;
    } else {
      parsed.kind = ModelUri::Kind::kStage;
      parsed.stage = suffix;
    }
    return parsed;
  }
  size_t at = path.rfind('@');
  if (at != std::string::npos) {
    parsed.kind = ModelUri::Kind::kAlias;
    parsed.name = path.substr(0, at);
    parsed.alias = path.substr(at + 1);
    if (Blank(parsed.name) || Blank(parsed.alias)) return Improper(uri);
    return parsed;
  }
  parsed.kind = ModelUri::Kind::kLoggedModel;
  parsed.model_id = path;
  return parsed;
}

}  // namespace mlflow
