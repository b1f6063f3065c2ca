// Rollback: moves the champion alias back to the champion that the current one replaced, as
// recorded by the gate (tag gate.previous_champion on the current champion's version).
//
// Repeated rollbacks walk further back through the recorded chain. The rolled-back version
// is tagged gate.rolled_back_to / gate.rolled_back_at, the restored one gate.restored_from.
// Failures: kInvalidState when there is no champion, or it has no recorded predecessor (it
// became champion first, or outside the gate); registry errors otherwise.
#pragma once

#include <string>

#include "mlflow/client/mlflow_client.h"
#include "mlflow/core/json.h"
#include "mlflow/core/result.h"

namespace mlflow::pipeline {

struct RollbackDecision {
  std::string name;
  std::string champion_alias;
  std::string from_version;
  std::string to_version;
  bool dry_run = false;
  Json ToJson() const;
};

Result<RollbackDecision> Rollback(MlflowClient& client, const std::string& name, const std::string& champion_alias,
                                  bool dry_run = false);

}  // namespace mlflow::pipeline
