// Result<T>: a value or the Status that explains why there is none.
//
// value() on an error throws mlflow::Error: exceptions happen only when a caller asks for
// them. Thread safety is that of T.
#pragma once

#include <optional>
#include <stdexcept>
#include <utility>

#include "mlflow/core/status.h"

namespace mlflow {

// Thrown by Result<T>::value() and by APIs documented as throwing (the CLI boundary,
// RAII run objects that cannot return a Status from a destructor).
class Error : public std::runtime_error {
 public:
  explicit Error(Status status) : std::runtime_error(status.ToString()), status_(std::move(status)) {}
  const Status& status() const { return status_; }

 private:
  Status status_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    if (status_.ok()) status_ = InternalError("Result constructed from an OK status without a value");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  const T& value() const& {
    if (!ok()) throw Error(status_);
    return *value_;
  }
  T& value() & {
    if (!ok()) throw Error(status_);
    return *value_;
  }
  // By value, not T&&: `for (auto& x : Call().value())` must not dangle.
  T value() && {
    if (!ok()) throw Error(status_);
    return std::move(*value_);
  }
  T value_or(T fallback) const& { return ok() ? *value_ : std::move(fallback); }

  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

// Throws mlflow::Error when the status is not OK.
inline void ThrowIfError(const Status& status) {
  if (!status.ok()) throw Error(status);
}

}  // namespace mlflow

// Propagates a non-OK Status from an expression returning Status.
#define MLFLOW_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::mlflow::Status _mlflow_status = (expr);        \
    if (!_mlflow_status.ok()) return _mlflow_status; \
  } while (0)

#define MLFLOW_CONCAT_INNER(a, b) a##b
#define MLFLOW_CONCAT(a, b) MLFLOW_CONCAT_INNER(a, b)
// Declares `lhs` from a Result-returning expression, or returns its Status.
#define MLFLOW_ASSIGN_OR_RETURN(lhs, expr) \
  MLFLOW_ASSIGN_OR_RETURN_IMPL(MLFLOW_CONCAT(_mlflow_result_, __LINE__), lhs, expr)
#define MLFLOW_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
