// mlflowcpp._core: the pybind11 module. Each concept binds itself from its own file; the
// order matters only where a signature names a type bound elsewhere (entities first).
#include "bindings.h"

PYBIND11_MODULE(_core, m) {
  namespace binding = mlflowcpp_python;
  m.doc() =
      "mlflow-cpp's C++ core: the MLflow REST client (tracking, registry, artifacts, model URIs),\n"
      "fluent runs with asynchronous logging, and the tweet sentiment models. Import the\n"
      "`mlflowcpp` package rather than this module.";
  m.attr("__version__") = MLFLOWCPP_PYTHON_VERSION;
  binding::BindErrors(m);
  binding::BindTracking(m);
  binding::BindRegistry(m);
  binding::BindArtifacts(m);
  binding::BindClient(m);
  binding::BindFluent(m);
  binding::BindModels(m);
}
