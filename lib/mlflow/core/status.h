// Status: the error value every fallible call in mlflow-cpp returns.
//
// A Status is either OK or carries an ErrorCode (MLflow's error_code set plus a few
// client-side codes), the HTTP status that produced it (0 when no HTTP exchange did)
// and a human-readable message. The server's message is kept verbatim.
// Statuses are plain values: copyable, cheap when OK, safe to pass between threads.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace mlflow {

enum class ErrorCode {
  kOk = 0,
  // MLflow's error codes (databricks.proto ErrorCode), as the server sends them.
  kInternalError,
  kTemporarilyUnavailable,
  kIoError,
  kBadRequest,
  kInvalidParameterValue,
  kEndpointNotFound,
  kMalformedRequest,
  kInvalidState,
  kPermissionDenied,
  kFeatureDisabled,
  kUnauthenticated,
  kResourceAlreadyExists,
  kResourceDoesNotExist,
  kResourceConflict,
  kResourceExhausted,
  kRequestLimitExceeded,
  kAborted,
  kDeadlineExceeded,
  kNotImplemented,
  kCancelled,
  kAlreadyExists,
  kNotFound,
  // Client-side codes: no MLflow server produced these.
  kConnectionError,  // could not reach the server, or the connection broke
  kTimeout,          // the request timed out on the client
  kInvalidResponse,  // the server answered something this client cannot decode
  kTlsError,         // TLS certificate verification or setup failed (not retried)
  kUnknown,          // an error_code this client does not know (kept in code_name())
};

// MLflow's spelling of a code ("RESOURCE_DOES_NOT_EXIST"); client codes use the same style.
std::string_view ErrorCodeName(ErrorCode code);
// Parses MLflow's spelling; unknown names give kUnknown.
ErrorCode ErrorCodeFromName(std::string_view name);
// The code a bare HTTP status implies, for error bodies that are not MLflow JSON.
ErrorCode ErrorCodeFromHttpStatus(int http_status);

class Status {
 public:
  Status() = default;  // OK
  Status(ErrorCode code, std::string message, int http_status = 0);
  // Keeps an unknown server code's spelling.
  Status(ErrorCode code, std::string code_name, std::string message, int http_status);

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  // MLflow's spelling of the code as received ("OK" when ok()).
  const std::string& code_name() const { return code_name_; }
  const std::string& message() const { return message_; }
  int http_status() const { return http_status_; }

  // "RESOURCE_DOES_NOT_EXIST (HTTP 404): Run 'x' not found".
  std::string ToString() const;

  // Returns a copy whose message is prefixed with context ("log_batch: ...").
  Status WithContext(std::string_view context) const;

  // The server's Retry-After header (seconds, as sent) when it answered with this error.
  const std::string& retry_after() const { return retry_after_; }
  Status WithRetryAfter(std::string retry_after) const;

  static Status Ok() { return Status(); }

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string code_name_ = "OK";
  std::string message_;
  int http_status_ = 0;
  std::string retry_after_;
};

inline bool operator==(const Status& a, const Status& b) { return a.code() == b.code() && a.message() == b.message(); }
std::ostream& operator<<(std::ostream& out, const Status& status);

Status InvalidArgument(std::string message);
Status NotFound(std::string message);
Status IoError(std::string message);
Status InternalError(std::string message);

}  // namespace mlflow
