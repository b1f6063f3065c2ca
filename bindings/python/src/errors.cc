// mlflowcpp.MlflowCppError: every failed mlflow-cpp call, as one Python exception class.
//
// The class is created here (a plain Exception subclass, named "mlflowcpp.MlflowCppError") and
// a translator turns mlflow::Error, which Unwrap/Check throw for a failed Status, into an
// instance carrying the Status: .error_code (MLflow's spelling, "RESOURCE_DOES_NOT_EXIST",
// or a client code such as "CONNECTION_ERROR"), .http_status (0 when no HTTP exchange
// produced it) and .message (the server's message, verbatim). str() is the Status's
// "CODE (HTTP n): message" form. Instances pickle (args plus __dict__).
#include <exception>
#include <string>

#include "bindings.h"

namespace mlflowcpp_python {
namespace {

constexpr const char* kDoc =
    "An mlflow-cpp call failed.\n\n"
    "Attributes:\n"
    "    error_code: MLflow's error code, e.g. \"RESOURCE_DOES_NOT_EXIST\", or a client-side\n"
    "        code (\"CONNECTION_ERROR\", \"TIMEOUT\", \"INVALID_RESPONSE\").\n"
    "    http_status: the HTTP status of the answer that failed, 0 when there was none.\n"
    "    message: the server's (or client's) message.\n";

py::object& ErrorType() {
  PYBIND11_CONSTINIT static py::gil_safe_call_once_and_store<py::object> storage;
  return storage
      .call_once_and_store_result([] {
        py::dict namespace_dict;
        namespace_dict["error_code"] = py::str("INTERNAL_ERROR");
        namespace_dict["http_status"] = py::int_(0);
        namespace_dict["message"] = py::str("");
        PyObject* type =
            PyErr_NewExceptionWithDoc("mlflowcpp.MlflowCppError", kDoc, PyExc_Exception, namespace_dict.ptr());
        if (type == nullptr) throw py::error_already_set();
        return py::reinterpret_steal<py::object>(type);
      })
      .get_stored();
}

void RaiseStatus(const mlflow::Status& status) {
  try {
    py::object instance = ErrorType()(py::str(status.message()), py::arg("error_code") = status.code_name(),
                                      py::arg("http_status") = status.http_status());
    PyErr_SetObject(ErrorType().ptr(), instance.ptr());
  } catch (py::error_already_set& error) {
    error.restore();
  }
}

}  // namespace

void BindErrors(py::module_& m) {
  py::object type = ErrorType();
  type.attr("__init__") = py::cpp_function(
      [](py::object self, py::str message, py::str error_code, py::int_ http_status) {
        self.attr("args") = py::make_tuple(message);
        self.attr("message") = message;
        self.attr("error_code") = error_code;
        self.attr("http_status") = http_status;
      },
      py::is_method(type), py::arg("message") = "", py::arg("error_code") = "INTERNAL_ERROR",
      py::arg("http_status") = 0);
  type.attr("__str__") = py::cpp_function(
      [](py::object self) {
        std::string text = self.attr("error_code").cast<std::string>();
        int http_status = self.attr("http_status").cast<int>();
        std::string message = self.attr("message").cast<std::string>();
        if (http_status != 0) text += " (HTTP " + std::to_string(http_status) + ")";
        if (!message.empty()) text += ": " + message;
        return text;
      },
      py::is_method(type));
  type.attr("__repr__") = py::cpp_function(
      [](py::object self) {
        return py::str("MlflowCppError({!r}, error_code={!r}, http_status={!r})")
            .format(self.attr("message"), self.attr("error_code"), self.attr("http_status"));
      },
      py::is_method(type));
  m.attr("MlflowCppError") = type;

  py::register_exception_translator([](std::exception_ptr pending) {
    try {
      if (pending) std::rethrow_exception(pending);
    } catch (const mlflow::Error& error) {
      RaiseStatus(error.status());
    }
  });
}

}  // namespace mlflowcpp_python
