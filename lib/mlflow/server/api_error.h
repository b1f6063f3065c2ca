// Errors the prediction server answers with, as mlflow::Status values carrying the HTTP
// status, and their wire bodies.
//
// MLflow-protocol routes answer {"error_code": "...", "message": "..."} (what
// `mlflow models serve` sends); KServe V2 routes answer {"error": "..."} (the Open Inference
// Protocol's shape). All functions are pure and thread-safe.
#pragma once

#include <string>

#include "mlflow/core/status.h"

namespace mlflow::server {

// 400 BAD_REQUEST: the body could not be read as the protocol requires.
Status BadRequest(std::string message);
// 400 INVALID_PARAMETER_VALUE: a well-formed request with an unacceptable value.
Status InvalidInput(std::string message);
// 404 ENDPOINT_NOT_FOUND / RESOURCE_DOES_NOT_EXIST.
Status RouteNotFound(std::string message);
Status ResourceNotFound(std::string message);
// 405 BAD_REQUEST with the allowed method named in the message.
Status MethodNotAllowed(std::string message);
// 409 RESOURCE_CONFLICT.
Status Conflict(std::string message);
// 413 RESOURCE_EXHAUSTED: the body is over the configured limit.
Status PayloadTooLarge(std::string message);
// 415 BAD_REQUEST: a content type this route does not take.
Status UnsupportedMediaType(std::string message);
// 500 INTERNAL_ERROR.
Status ServerError(std::string message);
// 503 TEMPORARILY_UNAVAILABLE: no model loaded yet, or shutting down.
Status Unavailable(std::string message);

// The HTTP status a Status is answered with (its own when set, else by code; 500 fallback).
int HttpStatusOf(const Status& status);

// {"error_code": "...", "message": "..."}; invalid UTF-8 in the message is replaced.
std::string MlflowErrorBody(const Status& status);
// {"error": "..."}.
std::string KserveErrorBody(const Status& status);

}  // namespace mlflow::server
