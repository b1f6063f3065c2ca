#include "mlflow/pipeline/validation_options.h"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

namespace mlflow::pipeline {

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kOff:
      return "off";
    case Severity::kWarn:
      return "warn";
    case Severity::kFail:
      return "fail";
  }
  return "fail";
}

const std::vector<std::string>& AllChecks() {
  static const std::vector<std::string> kChecks = {
      kCheckSchema,       kCheckLabels,         kCheckEmptyText,         kCheckInvalidUtf8,
      kCheckDuplicateIds, kCheckDuplicateTexts, kCheckConflictingLabels, kCheckRowCount,
      kCheckTextLength,   kCheckClassBalance,   kCheckReferenceOverlap};
  return kChecks;
}

Severity DefaultSeverity(const std::string& check) {
  static const std::vector<std::string> kWarnByDefault = {kCheckDuplicateIds, kCheckDuplicateTexts, kCheckTextLength,
                                                          kCheckClassBalance, kCheckReferenceOverlap};
  return std::find(kWarnByDefault.begin(), kWarnByDefault.end(), check) != kWarnByDefault.end() ? Severity::kWarn
                                                                                                : Severity::kFail;
}

Severity ValidationOptions::SeverityOf(const std::string& check) const {
  auto it = severities.find(check);
  return it != severities.end() ? it->second : DefaultSeverity(check);
}

Status ValidationOptions::SetSeverities(const std::string& comma_separated, Severity severity) {
  std::istringstream in(comma_separated);
  std::string name;
  while (std::getline(in, name, ',')) {
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    if (name.empty()) continue;
    const auto& all = AllChecks();
    if (name == "all") {
      for (const auto& check : all) severities[check] = severity;
      continue;
    }
    if (std::find(all.begin(), all.end(), name) == all.end()) {
      std::string known;
      for (const auto& check : all) known += (known.empty() ? "" : ", ") + check;
      return InvalidArgument(fmt::format("unknown validation check '{}' (known: {}, all)", name, known));
    }
    severities[name] = severity;
  }
  return Status::Ok();
}

}  // namespace mlflow::pipeline
