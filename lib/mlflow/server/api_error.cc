#include "mlflow/server/api_error.h"

#include "mlflow/core/json.h"

namespace mlflow::server {

Status BadRequest(std::string message) { return Status(ErrorCode::kBadRequest, std::move(message), 400); }
Status InvalidInput(std::string message) { return Status(ErrorCode::kInvalidParameterValue, std::move(message), 400); }
Status RouteNotFound(std::string message) { return Status(ErrorCode::kEndpointNotFound, std::move(message), 404); }
Status ResourceNotFound(std::string message) {
  return Status(ErrorCode::kResourceDoesNotExist, std::move(message), 404);
}
Status MethodNotAllowed(std::string message) { return Status(ErrorCode::kBadRequest, std::move(message), 405); }
Status Conflict(std::string message) { return Status(ErrorCode::kResourceConflict, std::move(message), 409); }
Status PayloadTooLarge(std::string message) { return Status(ErrorCode::kResourceExhausted, std::move(message), 413); }
Status UnsupportedMediaType(std::string message) { return Status(ErrorCode::kBadRequest, std::move(message), 415); }
Status ServerError(std::string message) { return Status(ErrorCode::kInternalError, std::move(message), 500); }
Status Unavailable(std::string message) { return Status(ErrorCode::kTemporarilyUnavailable, std::move(message), 503); }

int HttpStatusOf(const Status& status) {
  if (status.http_status() >= 400 && status.http_status() <= 599) return status.http_status();
  switch (status.code()) {
    case ErrorCode::kBadRequest:
    case ErrorCode::kInvalidParameterValue:
    case ErrorCode::kMalformedRequest:
      return 400;
    case ErrorCode::kResourceDoesNotExist:
    case ErrorCode::kEndpointNotFound:
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kResourceConflict:
    case ErrorCode::kAborted:
      return 409;
    case ErrorCode::kResourceExhausted:
    case ErrorCode::kRequestLimitExceeded:
      return 429;
    case ErrorCode::kTemporarilyUnavailable:
      return 503;
    case ErrorCode::kDeadlineExceeded:
    case ErrorCode::kTimeout:
      return 504;
    default:
      return 500;
  }
}

std::string MlflowErrorBody(const Status& status) {
  return DumpJson(Json{{"error_code", status.code_name()}, {"message", status.message()}});
}

std::string KserveErrorBody(const Status& status) { return DumpJson(Json{{"error", status.message()}}); }

}  // namespace mlflow::server
