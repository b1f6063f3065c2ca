// Umbrella header: everything a C++ program needs to use mlflow-cpp.
#pragma once

#include "mlflow/core/json.h"
#include "mlflow/core/result.h"
#include "mlflow/core/status.h"
#include "mlflow/client/client_config.h"
#include "mlflow/client/mlflow_client.h"
#include "mlflow/tracking/entities.h"
#include "mlflow/tracking/tracking_api.h"
