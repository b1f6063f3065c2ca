#include "mlflow/tracking/entities.h"

#include "mlflow/core/text.h"

namespace mlflow {

const char* RunStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::kRunning:
      return "RUNNING";
    case RunStatus::kScheduled:
      return "SCHEDULED";
    case RunStatus::kFinished:
      return "FINISHED";
    case RunStatus::kFailed:
      return "FAILED";
    case RunStatus::kKilled:
      return "KILLED";
  }
  return "RUNNING";
}

std::optional<RunStatus> RunStatusFromName(const std::string& name) {
  for (RunStatus status :
       {RunStatus::kRunning, RunStatus::kScheduled, RunStatus::kFinished, RunStatus::kFailed, RunStatus::kKilled}) {
    if (name == RunStatusName(status)) return status;
  }
  return std::nullopt;
}

const char* ViewTypeName(ViewType view) {
  switch (view) {
    case ViewType::kActiveOnly:
      return "ACTIVE_ONLY";
    case ViewType::kDeletedOnly:
      return "DELETED_ONLY";
    case ViewType::kAll:
      return "ALL";
  }
  return "ACTIVE_ONLY";
}

std::optional<ViewType> ViewTypeFromName(const std::string& name) {
  const std::string upper = AsciiUppercase(name);
  for (ViewType view : {ViewType::kActiveOnly, ViewType::kDeletedOnly, ViewType::kAll}) {
    if (upper == ViewTypeName(view)) return view;
  }
  return std::nullopt;
}

}  // namespace mlflow
