#include "mlflow/core/status.h"

#include <array>
#include <utility>

namespace mlflow {
namespace {

struct CodeName {
  ErrorCode code;
  std::string_view name;
};

constexpr std::array<CodeName, 28> kCodeNames{{
    {ErrorCode::kOk, "OK"},
    {ErrorCode::kInternalError, "INTERNAL_ERROR"},
    {ErrorCode::kTemporarilyUnavailable, "TEMPORARILY_UNAVAILABLE"},
    {ErrorCode::kIoError, "IO_ERROR"},
    {ErrorCode::kBadRequest, "BAD_REQUEST"},
    {ErrorCode::kInvalidParameterValue, "INVALID_PARAMETER_VALUE"},
    {ErrorCode::kEndpointNotFound, "ENDPOINT_NOT_FOUND"},
    {ErrorCode::kMalformedRequest, "MALFORMED_REQUEST"},
    {ErrorCode::kInvalidState, "INVALID_STATE"},
    {ErrorCode::kPermissionDenied, "PERMISSION_DENIED"},
    {ErrorCode::kFeatureDisabled, "FEATURE_DISABLED"},
    {ErrorCode::kUnauthenticated, "UNAUTHENTICATED"},
    {ErrorCode::kResourceAlreadyExists, "RESOURCE_ALREADY_EXISTS"},
    {ErrorCode::kResourceDoesNotExist, "RESOURCE_DOES_NOT_EXIST"},
    {ErrorCode::kResourceConflict, "RESOURCE_CONFLICT"},
    {ErrorCode::kResourceExhausted, "RESOURCE_EXHAUSTED"},
    {ErrorCode::kRequestLimitExceeded, "REQUEST_LIMIT_EXCEEDED"},
    {ErrorCode::kAborted, "ABORTED"},
    {ErrorCode::kDeadlineExceeded, "DEADLINE_EXCEEDED"},
    {ErrorCode::kNotImplemented, "NOT_IMPLEMENTED"},
    {ErrorCode::kCancelled, "CANCELLED"},
    {ErrorCode::kAlreadyExists, "ALREADY_EXISTS"},
    {ErrorCode::kNotFound, "NOT_FOUND"},
    {ErrorCode::kConnectionError, "CONNECTION_ERROR"},
    {ErrorCode::kTimeout, "TIMEOUT"},
    {ErrorCode::kInvalidResponse, "INVALID_RESPONSE"},
    {ErrorCode::kTlsError, "TLS_ERROR"},
    {ErrorCode::kUnknown, "UNKNOWN"},
}};

}  // namespace

std::string_view ErrorCodeName(ErrorCode code) {
  for (const auto& entry : kCodeNames) {
    if (entry.code == code) return entry.name;
  }
  return "UNKNOWN";
}

ErrorCode ErrorCodeFromName(std::string_view name) {
  for (const auto& entry : kCodeNames) {
    if (entry.name == name) return entry.code;
  }
  return ErrorCode::kUnknown;
}

ErrorCode ErrorCodeFromHttpStatus(int http_status) {
  switch (http_status) {
    case 400:
      return ErrorCode::kBadRequest;
    case 401:
      return ErrorCode::kUnauthenticated;
    case 403:
      return ErrorCode::kPermissionDenied;
    case 404:
      return ErrorCode::kResourceDoesNotExist;
    case 408:
      return ErrorCode::kDeadlineExceeded;
    case 409:
      return ErrorCode::kResourceConflict;
    case 413:
      return ErrorCode::kResourceExhausted;
    case 429:
      return ErrorCode::kRequestLimitExceeded;
    case 501:
      return ErrorCode::kNotImplemented;
    case 502:
    case 503:
      return ErrorCode::kTemporarilyUnavailable;
    case 504:
      return ErrorCode::kDeadlineExceeded;
    default:
      if (http_status >= 500) return ErrorCode::kInternalError;
      if (http_status >= 400) return ErrorCode::kBadRequest;
      return ErrorCode::kUnknown;
  }
}

Status::Status(ErrorCode code, std::string message, int http_status)
    : code_(code), code_name_(ErrorCodeName(code)), message_(std::move(message)), http_status_(http_status) {}

Status::Status(ErrorCode code, std::string code_name, std::string message, int http_status)
    : code_(code), code_name_(std::move(code_name)), message_(std::move(message)), http_status_(http_status) {}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = code_name_;
  if (http_status_ != 0) out += " (HTTP " + std::to_string(http_status_) + ")";
  if (!message_.empty()) out += ": " + message_;
  return out;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  Status copy = *this;
  copy.message_ = std::string(context) + ": " + message_;
  return copy;
}

Status Status::WithRetryAfter(std::string retry_after) const {
  Status copy = *this;
  copy.retry_after_ = std::move(retry_after);
  return copy;
}

std::ostream& operator<<(std::ostream& out, const Status& status) { return out << status.ToString(); }

Status InvalidArgument(std::string message) { return Status(ErrorCode::kInvalidParameterValue, std::move(message)); }
Status NotFound(std::string message) { return Status(ErrorCode::kResourceDoesNotExist, std::move(message)); }
Status IoError(std::string message) { return Status(ErrorCode::kIoError, std::move(message)); }
Status InternalError(std::string message) { return Status(ErrorCode::kInternalError, std::move(message)); }

}  // namespace mlflow
