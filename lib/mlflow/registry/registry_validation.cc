#include "mlflow/registry/registry_validation.h"

#include <cctype>
#include <string>

#include "mlflow/core/utf8.h"
#include "mlflow/core/validation.h"
#include "mlflow/core/text.h"

namespace mlflow::registry {
namespace {

std::string Quote(std::string_view text) { return "'" + validation::Preview(text) + "'"; }

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (unsigned char c : text) {
    if (!std::isdigit(c)) return false;
  }
  return true;
}

}  // namespace

Status ValidateModelName(std::string_view name) {
  bool blank = true;
  for (unsigned char c : name) {
    if (!std::isspace(c)) blank = false;
  }
  if (blank) return InvalidArgument("invalid registered model name " + Quote(name) + ": it must not be empty");
  if (name.find('/') != std::string_view::npos || name.find(':') != std::string_view::npos) {
    return InvalidArgument("invalid registered model name " + Quote(name) + ": names cannot contain '/' or ':'");
  }
  if (name == "." || name.substr(0, 2) == "..") {
    return InvalidArgument("invalid registered model name " + Quote(name) +
                           ": names may be treated as file paths and must not resolve to another name");
  }
  return Status::Ok();
}

Status ValidateVersion(std::string_view version) {
  if (!AllDigits(version)) {
    return InvalidArgument("invalid model version " + Quote(version) + ": a version is a positive integer");
  }
  return Status::Ok();
}

Status ValidateAlias(std::string_view alias) {
  if (alias.empty()) return InvalidArgument("registered model alias name cannot be empty");
  for (unsigned char c : alias) {
    if (c < 0x80 && !std::isalnum(c) && c != '_' && c != '-') {
      return InvalidArgument("invalid alias name " + Quote(alias) +
                             ": aliases may only contain alphanumerics, underscores (_) and dashes (-)");
    }
  }
  if (CountCodePoints(alias) > kMaxAliasLength) {
    return InvalidArgument("alias name " + Quote(alias) + " is longer than " + std::to_string(kMaxAliasLength) +
                           " characters");
  }
  if (EqualsIgnoringAsciiCase(alias, "latest"))
    return InvalidArgument("'latest' alias name (case insensitive) is reserved");
  if ((alias[0] == 'v' || alias[0] == 'V') && AllDigits(alias.substr(1))) {
    return InvalidArgument("version alias name " + Quote(alias) + " is reserved");
  }
  return Status::Ok();
}

Status ValidateTag(std::string_view key, std::string_view value) { return validation::ValidateRegistryTag(key, value); }

}  // namespace mlflow::registry
