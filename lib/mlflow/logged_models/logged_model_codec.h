// JSON <-> LoggedModel (internal). Lenient: missing fields keep their defaults.
#pragma once

#include "mlflow/core/json.h"
#include "mlflow/logged_models/logged_model.h"

namespace mlflow::logged_models {

// {"info": {...}, "data": {"params": [...], "metrics": [...]}} -> LoggedModel.
LoggedModel DecodeLoggedModel(const Json& json);

}  // namespace mlflow::logged_models
