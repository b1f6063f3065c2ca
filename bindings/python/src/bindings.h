// Shared pieces of the mlflowcpp._core extension: one Bind* function per concept (one file
// each), the conversions between mlflow-cpp's values and Python's, and the error helpers.
//
// Conventions every binding follows:
//  - A failed Status/Result becomes mlflowcpp.MlflowCppError (errors.cc) through Unwrap/Check,
//    which throw mlflow::Error; the registered translator turns it into the Python exception.
//  - Calls that touch the network, train, or predict a batch run without the GIL
//    (ReleaseGil, or a py::gil_scoped_release scope once all Python arguments are converted).
//  - Enum-like fields (run status, view type, model version status) are MLflow's strings in
//    Python ("FINISHED", "ACTIVE_ONLY", "READY"); versions accept int or str; paths accept str
//    or os.PathLike.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cctype>
#include <cstdint>
#include <string>
#include <utility>

#include "mlflow/core/result.h"
#include "mlflow/registry/registry_entities.h"
#include "mlflow/tracking/entities.h"

namespace mlflowcpp_python {

namespace py = pybind11;

void BindErrors(py::module_& m);
void BindTracking(py::module_& m);
void BindRegistry(py::module_& m);
void BindArtifacts(py::module_& m);
void BindClient(py::module_& m);
void BindFluent(py::module_& m);
void BindModels(py::module_& m);

// Releases the GIL for the whole C++ call (arguments are converted before, results after).
using ReleaseGil = py::call_guard<py::gil_scoped_release>;

// The value, or mlflow::Error (-> MlflowCppError) carrying the status.
template <typename T>
T Unwrap(mlflow::Result<T> result) {
  return std::move(result).value();
}
inline void Check(const mlflow::Status& status) { mlflow::ThrowIfError(status); }

// A model version argument: Python passes 3 or "3".
struct VersionArg {
  std::string value;
};

// A filesystem path argument: str or os.PathLike (pathlib.Path).
struct PathArg {
  std::string value;
};

// Milliseconds since the Unix epoch, now.
int64_t NowMillis();

// "Metric(key='loss', value=0.5, step=3, timestamp=...)"-style reprs.
std::string Quote(const std::string& text);

}  // namespace mlflowcpp_python

namespace pybind11::detail {

// Enum-like values travel as MLflow's spelling.
template <>
struct type_caster<mlflow::RunStatus> {
  PYBIND11_TYPE_CASTER(mlflow::RunStatus, const_name("str"));
  bool load(handle source, bool) {
    if (!PyUnicode_Check(source.ptr())) return false;
    std::string name = source.cast<std::string>();
    for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto parsed = mlflow::RunStatusFromName(name);
    if (!parsed) throw value_error("unknown run status '" + name + "' (RUNNING, SCHEDULED, FINISHED, FAILED, KILLED)");
    value = *parsed;
    return true;
  }
  static handle cast(mlflow::RunStatus status, return_value_policy, handle) {
    return str(mlflow::RunStatusName(status)).release();
  }
};

template <>
struct type_caster<mlflow::ViewType> {
  PYBIND11_TYPE_CASTER(mlflow::ViewType, const_name("str"));
  bool load(handle source, bool) {
    if (!PyUnicode_Check(source.ptr())) return false;
    std::string name = source.cast<std::string>();
    auto parsed = mlflow::ViewTypeFromName(name);
    if (!parsed) throw value_error("unknown view type '" + name + "' (ACTIVE_ONLY, DELETED_ONLY, ALL)");
    value = *parsed;
    return true;
  }
  static handle cast(mlflow::ViewType view, return_value_policy, handle) {
    return str(mlflow::ViewTypeName(view)).release();
  }
};

template <>
struct type_caster<mlflow::ModelVersionStatus> {
  PYBIND11_TYPE_CASTER(mlflow::ModelVersionStatus, const_name("str"));
  bool load(handle source, bool) {
    if (!PyUnicode_Check(source.ptr())) return false;
    value = mlflow::ModelVersionStatusFromName(source.cast<std::string>());
    return true;
  }
  static handle cast(mlflow::ModelVersionStatus status, return_value_policy, handle) {
    return str(mlflow::ModelVersionStatusName(status)).release();
  }
};

template <>
struct type_caster<mlflowcpp_python::VersionArg> {
  PYBIND11_TYPE_CASTER(mlflowcpp_python::VersionArg, const_name("int | str"));
  bool load(handle source, bool) {
    if (PyBool_Check(source.ptr())) return false;
    if (PyLong_Check(source.ptr()) || PyUnicode_Check(source.ptr())) {
      value.value = str(source).cast<std::string>();
      return true;
    }
    return false;
  }
  static handle cast(const mlflowcpp_python::VersionArg& version, return_value_policy, handle) {
    return str(version.value).release();
  }
};

template <>
struct type_caster<mlflowcpp_python::PathArg> {
  PYBIND11_TYPE_CASTER(mlflowcpp_python::PathArg, const_name("str | os.PathLike[str]"));
  bool load(handle source, bool) {
    PyObject* fspath = PyOS_FSPath(source.ptr());
    if (fspath == nullptr) {
      PyErr_Clear();
      return false;
    }
    object path = reinterpret_steal<object>(fspath);
    if (!PyUnicode_Check(path.ptr())) return false;  // bytes paths are not supported
    value.value = path.cast<std::string>();
    return true;
  }
  static handle cast(const mlflowcpp_python::PathArg& path, return_value_policy, handle) {
    return str(path.value).release();
  }
};

}  // namespace pybind11::detail
