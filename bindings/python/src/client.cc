// MlflowClient: the entry point. Reads the configuration the Python client reads
// (MLFLOW_TRACKING_URI, credentials, TLS, retries, timeouts) and hands out one API object per
// MLflow area; they share one connection pool and may be used from several Python threads at
// once (each call releases the GIL).
#include <string>

#include "bindings.h"
#include "mlflow/client/mlflow_client.h"

namespace mlflowcpp_python {

void BindClient(py::module_& m) {
  py::class_<mlflow::MlflowClient>(
      m, "MlflowClient",
      "A client of one MLflow tracking server.\n\n"
      "    client = mlflowcpp.MlflowClient(\"http://127.0.0.1:5000\")\n"
      "    exp_id = client.tracking.get_or_create_experiment(\"demo\")\n"
      "    run = client.tracking.create_run(exp_id, run_name=\"first\")\n\n"
      "tracking_uri defaults to $MLFLOW_TRACKING_URI; the other MLFLOW_* variables the Python\n"
      "client honours (credentials, TLS, retries, timeout) are read too. Creating a client does\n"
      "not contact the server; a bad configuration raises MlflowCppError.")
      .def(py::init([](const std::string& tracking_uri) {
             return Unwrap(mlflow::MlflowClient::FromEnvironment(tracking_uri));
           }),
           py::arg("tracking_uri") = "")
      .def_property_readonly("tracking_uri", &mlflow::MlflowClient::tracking_uri)
      .def_property_readonly("tracking", &mlflow::MlflowClient::tracking,
                             "Experiments, runs, logging, metric history (TrackingApi).")
      .def_property_readonly("registry", &mlflow::MlflowClient::registry,
                             "Registered models, versions, aliases, tags (RegistryApi).")
      .def_property_readonly("artifacts", &mlflow::MlflowClient::artifacts, "Run and model artifacts (ArtifactsApi).")
      .def_property_readonly("model_uris", &mlflow::MlflowClient::model_uris,
                             "runs:/ and models:/ URIs resolved and downloaded (ModelUris).")
      .def(
          "default_experiment_id", [](mlflow::MlflowClient& client) { return Unwrap(client.DefaultExperimentId()); },
          ReleaseGil(), "$MLFLOW_EXPERIMENT_NAME (created when missing), else $MLFLOW_EXPERIMENT_ID, else \"0\".")
      .def("__repr__", [](const mlflow::MlflowClient& client) {
        return "MlflowClient(tracking_uri=" + Quote(client.tracking_uri()) + ")";
      });
}

}  // namespace mlflowcpp_python
