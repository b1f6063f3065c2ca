// The Authorization header the client sends, from AuthOptions.
//
// A bearer token (MLFLOW_TRACKING_TOKEN) wins over basic auth (MLFLOW_TRACKING_USERNAME /
// _PASSWORD), as in the Python client. Pure functions, thread-safe. The header value is a
// secret: callers must never put it in a log line or a Status message.
#pragma once

#include <string>
#include <string_view>

#include "mlflow/transport/transport_options.h"

namespace mlflow::transport {

// "Bearer <token>", "Basic <base64(user:password)>", or "" when no credentials are set.
std::string AuthorizationHeader(const AuthOptions& auth);

// Standard base64 with padding (RFC 4648).
std::string Base64Encode(std::string_view bytes);

}  // namespace mlflow::transport
