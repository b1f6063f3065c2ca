#include "mlflow/pipeline/rollback.h"

#include <fmt/format.h>

#include "mlflow/core/clock.h"

namespace mlflow::pipeline {

Json RollbackDecision::ToJson() const {
  return Json{{"name", name},
              {"champion_alias", champion_alias},
              {"decision", "rollback"},
              {"from_version", from_version},
              {"to_version", to_version},
              {"dry_run", dry_run}};
}

Result<RollbackDecision> Rollback(MlflowClient& client, const std::string& name, const std::string& champion_alias,
                                  bool dry_run) {
  auto& registry = client.registry();
  MLFLOW_ASSIGN_OR_RETURN(RegisteredModel model, registry.GetRegisteredModel(name));
  auto alias = model.aliases.find(champion_alias);
  if (alias == model.aliases.end()) {
    return Status(ErrorCode::kInvalidState,
                  fmt::format("model '{}' has no '{}' alias to roll back", name, champion_alias));
  }
  MLFLOW_ASSIGN_OR_RETURN(ModelVersion current, registry.GetModelVersion(name, alias->second));
  auto previous = current.tags.find("gate.previous_champion");
  if (previous == current.tags.end() || previous->second.empty()) {
    return Status(ErrorCode::kInvalidState,
                  fmt::format("{} version {} ('{}') records no previous champion (it was the first, or was not "
                              "promoted by the gate); nothing to roll back to",
                              name, current.version, champion_alias));
  }
  MLFLOW_ASSIGN_OR_RETURN(ModelVersion target, registry.GetModelVersion(name, previous->second));
  RollbackDecision decision{name, champion_alias, current.version, target.version, dry_run};
  if (dry_run) return decision;
  MLFLOW_RETURN_IF_ERROR(registry.SetAlias(name, champion_alias, target.version));
  MLFLOW_RETURN_IF_ERROR(registry.SetModelVersionTag(name, current.version, "gate.rolled_back_to", target.version));
  MLFLOW_RETURN_IF_ERROR(
      registry.SetModelVersionTag(name, current.version, "gate.rolled_back_at", std::to_string(NowMillis())));
  MLFLOW_RETURN_IF_ERROR(registry.SetModelVersionTag(name, target.version, "gate.restored_from", current.version));
  return decision;
}

}  // namespace mlflow::pipeline
