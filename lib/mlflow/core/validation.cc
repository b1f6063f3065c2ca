#include "mlflow/core/validation.h"

#include "mlflow/core/utf8.h"

#include <cctype>
#include <vector>

namespace mlflow::validation {
namespace {

bool IsContinuationByte(unsigned char c) { return (c & 0xC0) == 0x80; }

// `^[/\w.\- :]*$`, with every non-ASCII character accepted (see the header).
bool HasOnlyKeyCharacters(std::string_view key) {
  for (unsigned char c : key) {
    if (c >= 0x80) continue;
    if (std::isalnum(c) || c == '_' || c == '/' || c == '.' || c == '-' || c == ' ' || c == ':') continue;
    return false;
  }
  return true;
}

std::string Quote(std::string_view text) { return "'" + Preview(text) + "'"; }

Status TooLong(std::string_view what, std::string_view value, size_t length, size_t limit) {
  return InvalidArgument(std::string(what) + " is " + std::to_string(length) + " characters long (" + Quote(value) +
                         "), over the limit of " + std::to_string(limit));
}

Status ValidateKeyValue(std::string_view kind, std::string_view key, size_t key_limit, std::string_view value,
                        size_t value_limit) {
  MLFLOW_RETURN_IF_ERROR(ValidateKey(std::string(kind) + " key", key, key_limit));
  // SQLite keeps a NUL byte, PostgreSQL answers 500 for the whole request: refuse it everywhere.
  if (size_t nul = value.find('\0'); nul != std::string_view::npos) {
    return InvalidArgument(std::string(kind) + " value for key " + Quote(key) + " contains a NUL character at byte " +
                           std::to_string(nul) + ": MLflow's PostgreSQL and MySQL stores cannot hold it");
  }
  return ValidateMaxLength(std::string(kind) + " value for key " + Quote(key), value, value_limit);
}

}  // namespace

std::string Preview(std::string_view text) {
  constexpr size_t kMaxCodePoints = 40;
  size_t code_points = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsContinuationByte(static_cast<unsigned char>(text[i]))) continue;
    if (code_points == kMaxCodePoints) return std::string(text.substr(0, i)) + "...";
    ++code_points;
  }
  return std::string(text);
}

std::string NormalizePosixPath(std::string_view path) {
  if (path.empty()) return ".";
  size_t leading = 0;
  while (leading < path.size() && path[leading] == '/') ++leading;
  // POSIX keeps exactly two leading slashes; one or three and more collapse to one.
  std::string prefix = leading == 0 ? "" : (leading == 2 ? "//" : "/");
  std::vector<std::string_view> parts;
  size_t start = leading;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == ".") {
      // dropped
    } else if (part != "..") {
      parts.push_back(part);
    } else if (!parts.empty() && parts.back() != "..") {
      parts.pop_back();
    } else if (prefix.empty()) {
      parts.push_back(part);  // a relative path may climb above its start
    }
    start = end + 1;
  }
  std::string out = prefix;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += '/';
    out += parts[i];
  }
  return out.empty() ? "." : out;
}

Status ValidateKey(std::string_view what, std::string_view key, size_t max_length) {
  std::string label = "invalid " + std::string(what) + " " + Quote(key) + ": ";
  if (key.empty()) return InvalidArgument(label + "a key must not be empty");
  if (!IsValidUtf8(key)) return InvalidArgument(label + "a key must be valid UTF-8");
  if (!HasOnlyKeyCharacters(key)) {
    return InvalidArgument(label +
                           "names may only contain alphanumerics, underscores (_), dashes (-), periods (.), "
                           "spaces ( ), colons (:) and slashes (/)");
  }
  std::string normalized = NormalizePosixPath(key);
  if (normalized != key || normalized == "." || normalized.rfind("..", 0) == 0 || normalized.rfind('/', 0) == 0) {
    return InvalidArgument(label +
                           "names may be treated as file paths and must not resolve to another name "
                           "(no leading '/', no '.' or '..' segments, no '//', no trailing '/'); this one "
                           "resolves to '" +
                           Preview(normalized) + "'");
  }
  size_t length = CountCodePoints(key);
  if (length > max_length) return TooLong(what, key, length, max_length);
  return Status::Ok();
}

Status ValidateMaxLength(std::string_view what, std::string_view value, size_t limit) {
  if (value.size() <= limit) return Status::Ok();  // fast path: bytes >= code points
  size_t length = CountCodePoints(value);
  if (length > limit) return TooLong(what, value, length, limit);
  return Status::Ok();
}

Status ValidateMetric(std::string_view key, int64_t timestamp) {
  MLFLOW_RETURN_IF_ERROR(ValidateKey("metric key", key));
  if (timestamp < 0) {
    return InvalidArgument("invalid timestamp " + std::to_string(timestamp) + " of metric " + Quote(key) +
                           ": timestamps are milliseconds since the Unix epoch and must not be negative");
  }
  return Status::Ok();
}

Status ValidateParam(std::string_view key, std::string_view value) {
  return ValidateKeyValue("param", key, kMaxEntityKeyLength, value, kMaxParamValueLength);
}

Status ValidateRunTag(std::string_view key, std::string_view value) {
  return ValidateKeyValue("tag", key, kMaxEntityKeyLength, value, kMaxRunTagValueLength);
}

Status ValidateExperimentTag(std::string_view key, std::string_view value) {
  return ValidateKeyValue("experiment tag", key, kMaxExperimentTagKeyLength, value, kMaxExperimentTagValueLength);
}

Status ValidateRegistryTag(std::string_view key, std::string_view value) {
  return ValidateKeyValue("registry tag", key, kMaxRegistryTagKeyLength, value, kMaxRegistryTagValueLength);
}

Status ValidateExperimentName(std::string_view name) {
  bool blank = true;
  for (unsigned char c : name) {
    if (!std::isspace(c)) blank = false;
  }
  if (blank) return InvalidArgument("invalid experiment name " + Quote(name) + ": the name must not be empty");
  size_t length = CountCodePoints(name);
  if (length > kMaxExperimentNameLength) return TooLong("experiment name", name, length, kMaxExperimentNameLength);
  return Status::Ok();
}

Status ValidateRunId(std::string_view run_id) {
  auto bad = [&](const std::string& why) { return InvalidArgument("invalid run id " + Quote(run_id) + ": " + why); };
  if (run_id.empty()) return bad("a run id must not be empty");
  if (run_id.size() > kMaxRunIdLength) return bad("longer than " + std::to_string(kMaxRunIdLength) + " characters");
  if (!std::isalnum(static_cast<unsigned char>(run_id[0]))) return bad("it must start with a letter or digit");
  for (unsigned char c : run_id) {
    if (!std::isalnum(c) && c != '_' && c != '-') {
      return bad("only letters, digits, '_' and '-' are allowed");
    }
  }
  return Status::Ok();
}

Status ValidateExperimentId(std::string_view experiment_id) {
  if (experiment_id.empty()) return InvalidArgument("invalid experiment id '': an experiment id must not be empty");
  return Status::Ok();
}

}  // namespace mlflow::validation
