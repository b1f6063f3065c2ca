// Registry: MLflow's Model Registry (registered models, versions, aliases, tags, deprecated
// stages) and model URIs (runs:/, models:/) resolved and downloaded through the local model
// cache; one to one with mlflow/registry/. Every call is a network call without the GIL.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bindings.h"
#include "mlflow/registry/model_uri_resolver.h"
#include "mlflow/registry/registry_api.h"

namespace mlflowcpp_python {
namespace {

using mlflow::RegistryApi;
using Tags = std::map<std::string, std::string>;

std::chrono::milliseconds Millis(double seconds) {
  if (seconds < 0) throw py::value_error("a duration must not be negative");
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000.0));
}

void BindEntities(py::module_& m) {
  py::class_<mlflow::ModelVersion>(m, "ModelVersion", "A registered model's version.")
      .def_readonly("name", &mlflow::ModelVersion::name)
      .def_readonly("version", &mlflow::ModelVersion::version, "The version number, as a decimal string.")
      .def_readonly("creation_timestamp", &mlflow::ModelVersion::creation_timestamp)
      .def_readonly("last_updated_timestamp", &mlflow::ModelVersion::last_updated_timestamp)
      .def_readonly("user_id", &mlflow::ModelVersion::user_id)
      .def_readonly("current_stage", &mlflow::ModelVersion::current_stage, "Deprecated upstream: use aliases.")
      .def_readonly("description", &mlflow::ModelVersion::description)
      .def_readonly("source", &mlflow::ModelVersion::source, "Where the version's files are.")
      .def_readonly("run_id", &mlflow::ModelVersion::run_id)
      .def_readonly("run_link", &mlflow::ModelVersion::run_link)
      .def_readonly("model_id", &mlflow::ModelVersion::model_id, "The logged model registered (MLflow 3), if any.")
      .def_readonly("status", &mlflow::ModelVersion::status,
                    "\"PENDING_REGISTRATION\", \"FAILED_REGISTRATION\", \"READY\" or \"UNKNOWN\".")
      .def_readonly("status_message", &mlflow::ModelVersion::status_message)
      .def_readonly("tags", &mlflow::ModelVersion::tags)
      .def_readonly("aliases", &mlflow::ModelVersion::aliases)
      .def("__repr__", [](const mlflow::ModelVersion& version) {
        return "ModelVersion(name=" + Quote(version.name) + ", version=" + Quote(version.version) +
               ", status=" + Quote(mlflow::ModelVersionStatusName(version.status)) + ")";
      });

  py::class_<mlflow::RegisteredModel>(m, "RegisteredModel", "A registered model.")
      .def_readonly("name", &mlflow::RegisteredModel::name)
      .def_readonly("creation_timestamp", &mlflow::RegisteredModel::creation_timestamp)
      .def_readonly("last_updated_timestamp", &mlflow::RegisteredModel::last_updated_timestamp)
      .def_readonly("user_id", &mlflow::RegisteredModel::user_id)
      .def_readonly("description", &mlflow::RegisteredModel::description)
      .def_readonly("latest_versions", &mlflow::RegisteredModel::latest_versions, "Deprecated: latest per stage.")
      .def_readonly("tags", &mlflow::RegisteredModel::tags)
      .def_readonly("aliases", &mlflow::RegisteredModel::aliases, "{alias: version}.")
      .def("__repr__",
           [](const mlflow::RegisteredModel& model) { return "RegisteredModel(name=" + Quote(model.name) + ")"; });

  py::class_<mlflow::Page<mlflow::RegisteredModel>>(m, "RegisteredModelPage", "One page of registered models.")
      .def_readonly("items", &mlflow::Page<mlflow::RegisteredModel>::items)
      .def_readonly("next_page_token", &mlflow::Page<mlflow::RegisteredModel>::next_page_token)
      .def("__len__", [](const mlflow::Page<mlflow::RegisteredModel>& page) { return page.items.size(); });
  py::class_<mlflow::Page<mlflow::ModelVersion>>(m, "ModelVersionPage", "One page of model versions.")
      .def_readonly("items", &mlflow::Page<mlflow::ModelVersion>::items)
      .def_readonly("next_page_token", &mlflow::Page<mlflow::ModelVersion>::next_page_token)
      .def("__len__", [](const mlflow::Page<mlflow::ModelVersion>& page) { return page.items.size(); });

  py::class_<mlflow::ResolvedModel>(m, "ResolvedModel", "What a model URI names, resolved on the server.")
      .def_property_readonly("uri", [](const mlflow::ResolvedModel& resolved) { return resolved.uri.uri; })
      .def_readonly("name", &mlflow::ResolvedModel::name, "The registered model (models:/ URIs).")
      .def_readonly("version", &mlflow::ResolvedModel::version, "The version the URI resolved to.")
      .def_readonly("model_id", &mlflow::ResolvedModel::model_id, "The logged model (models:/<model_id>).")
      .def_readonly("artifact_uri", &mlflow::ResolvedModel::artifact_uri, "Where the files download from.")
      .def_readonly("cache_key", &mlflow::ResolvedModel::cache_key)
      .def("__repr__", [](const mlflow::ResolvedModel& resolved) {
        return "ResolvedModel(uri=" + Quote(resolved.uri.uri) + ", name=" + Quote(resolved.name) +
               ", version=" + Quote(resolved.version) + ")";
      });
}

void BindRegistryApi(py::module_& m) {
  py::class_<RegistryApi, std::shared_ptr<RegistryApi>>(
      m, "RegistryApi",
      "MLflow's Model Registry. Obtained as MlflowClient.registry.\n\n"
      "Aliases (\"champion\", \"challenger\") are the way to point at a version; stages are\n"
      "deprecated upstream and kept for existing setups. Versions may be given as int or str.\n"
      "Every call releases the GIL; failures raise MlflowCppError.")
      // Registered models
      .def(
          "create_registered_model",
          [](RegistryApi& api, const std::string& name, const std::string& description, const Tags& tags) {
            return Unwrap(api.CreateRegisteredModel(name, description, tags));
          },
          ReleaseGil(), py::arg("name"), py::arg("description") = "", py::arg("tags") = Tags{})
      .def(
          "get_or_create_registered_model",
          [](RegistryApi& api, const std::string& name) { return Unwrap(api.GetOrCreateRegisteredModel(name)); },
          ReleaseGil(), py::arg("name"))
      .def(
          "get_registered_model",
          [](RegistryApi& api, const std::string& name) { return Unwrap(api.GetRegisteredModel(name)); }, ReleaseGil(),
          py::arg("name"))
      .def(
          "rename_registered_model",
          [](RegistryApi& api, const std::string& name, const std::string& new_name) {
            return Unwrap(api.RenameRegisteredModel(name, new_name));
          },
          ReleaseGil(), py::arg("name"), py::arg("new_name"))
      .def(
          "update_registered_model",
          [](RegistryApi& api, const std::string& name, const std::string& description) {
            return Unwrap(api.UpdateRegisteredModel(name, description));
          },
          ReleaseGil(), py::arg("name"), py::arg("description"))
      .def(
          "delete_registered_model",
          [](RegistryApi& api, const std::string& name) { Check(api.DeleteRegisteredModel(name)); }, ReleaseGil(),
          py::arg("name"))
      .def(
          "search_registered_models",
          [](RegistryApi& api, const std::string& filter, const std::vector<std::string>& order_by) {
            mlflow::SearchRegisteredModelsRequest request;
            request.filter = filter;
            request.order_by = order_by;
            return Unwrap(api.SearchAllRegisteredModels(request));
          },
          ReleaseGil(), py::arg("filter_string") = "", py::arg("order_by") = std::vector<std::string>{},
          "Every matching registered model (all pages), e.g. filter_string=\"name LIKE 'sent%'\".")
      .def(
          "search_registered_models_page",
          [](RegistryApi& api, const std::string& filter, const std::vector<std::string>& order_by, int max_results,
             const std::string& page_token) {
            return Unwrap(api.SearchRegisteredModels({filter, max_results, order_by, page_token}));
          },
          ReleaseGil(), py::arg("filter_string") = "", py::arg("order_by") = std::vector<std::string>{},
          py::arg("max_results") = 100, py::arg("page_token") = "")
      .def(
          "set_registered_model_tag",
          [](RegistryApi& api, const std::string& name, const std::string& key, const std::string& value) {
            Check(api.SetRegisteredModelTag(name, key, value));
          },
          ReleaseGil(), py::arg("name"), py::arg("key"), py::arg("value"))
      .def(
          "delete_registered_model_tag",
          [](RegistryApi& api, const std::string& name, const std::string& key) {
            Check(api.DeleteRegisteredModelTag(name, key));
          },
          ReleaseGil(), py::arg("name"), py::arg("key"))
      // Model versions
      .def(
          "create_model_version",
          [](RegistryApi& api, const std::string& name, const std::string& source, const std::string& run_id,
             const std::string& model_id, const Tags& tags, const std::string& run_link,
             const std::string& description) {
            return Unwrap(api.CreateModelVersion({name, source, run_id, model_id, tags, run_link, description}));
          },
          ReleaseGil(), py::arg("name"), py::arg("source"), py::arg("run_id") = "", py::arg("model_id") = "",
          py::arg("tags") = Tags{}, py::arg("run_link") = "", py::arg("description") = "",
          "Creates a version from files at `source` (a run's artifact path, runs:/..., or\n"
          "models:/<model_id>). Does not wait for READY (see wait_until_ready).")
      .def(
          "register_model",
          [](RegistryApi& api, const std::string& model_uri, const std::string& name, const Tags& tags,
             double timeout_seconds) {
            return Unwrap(api.RegisterModel(model_uri, name, tags, Millis(timeout_seconds)));
          },
          ReleaseGil(), py::arg("model_uri"), py::arg("name"), py::arg("tags") = Tags{},
          py::arg("timeout_seconds") = 300.0,
          "Like mlflow.register_model: creates the registered model if needed and a version from\n"
          "runs:/<run_id>/<path> or models:/<model_id>, then waits until it is READY.")
      .def(
          "get_model_version",
          [](RegistryApi& api, const std::string& name, const VersionArg& version) {
            return Unwrap(api.GetModelVersion(name, version.value));
          },
          ReleaseGil(), py::arg("name"), py::arg("version"))
      .def(
          "update_model_version",
          [](RegistryApi& api, const std::string& name, const VersionArg& version, const std::string& description) {
            return Unwrap(api.UpdateModelVersion(name, version.value, description));
          },
          ReleaseGil(), py::arg("name"), py::arg("version"), py::arg("description"))
      .def(
          "delete_model_version",
          [](RegistryApi& api, const std::string& name, const VersionArg& version) {
            Check(api.DeleteModelVersion(name, version.value));
          },
          ReleaseGil(), py::arg("name"), py::arg("version"))
      .def(
          "search_model_versions",
          [](RegistryApi& api, const std::string& filter, const std::vector<std::string>& order_by) {
            mlflow::SearchModelVersionsRequest request;
            request.filter = filter;
            request.order_by = order_by;
            return Unwrap(api.SearchAllModelVersions(request));
          },
          ReleaseGil(), py::arg("filter_string") = "", py::arg("order_by") = std::vector<std::string>{},
          "Every matching version (all pages), e.g. filter_string=\"name = 'sentiment'\".")
      .def(
          "search_model_versions_page",
          [](RegistryApi& api, const std::string& filter, const std::vector<std::string>& order_by, int max_results,
             const std::string& page_token) {
            return Unwrap(api.SearchModelVersions({filter, max_results, order_by, page_token}));
          },
          ReleaseGil(), py::arg("filter_string") = "", py::arg("order_by") = std::vector<std::string>{},
          py::arg("max_results") = 10000, py::arg("page_token") = "")
      .def(
          "set_model_version_tag",
          [](RegistryApi& api, const std::string& name, const VersionArg& version, const std::string& key,
             const std::string& value) { Check(api.SetModelVersionTag(name, version.value, key, value)); },
          ReleaseGil(), py::arg("name"), py::arg("version"), py::arg("key"), py::arg("value"))
      .def(
          "delete_model_version_tag",
          [](RegistryApi& api, const std::string& name, const VersionArg& version, const std::string& key) {
            Check(api.DeleteModelVersionTag(name, version.value, key));
          },
          ReleaseGil(), py::arg("name"), py::arg("version"), py::arg("key"))
      .def(
          "get_model_version_download_uri",
          [](RegistryApi& api, const std::string& name, const VersionArg& version) {
            return Unwrap(api.GetModelVersionDownloadUri(name, version.value));
          },
          ReleaseGil(), py::arg("name"), py::arg("version"))
      .def(
          "wait_until_ready",
          [](RegistryApi& api, const std::string& name, const VersionArg& version, double timeout_seconds,
             double poll_seconds) {
            return Unwrap(api.WaitUntilReady(name, version.value, Millis(timeout_seconds), Millis(poll_seconds)));
          },
          ReleaseGil(), py::arg("name"), py::arg("version"), py::arg("timeout_seconds") = 300.0,
          py::arg("poll_seconds") = 1.0,
          "Polls until the version is READY. FAILED_REGISTRATION raises INVALID_STATE; still\n"
          "pending after the timeout raises TIMEOUT.")
      // Aliases
      .def(
          "set_registered_model_alias",
          [](RegistryApi& api, const std::string& name, const std::string& alias, const VersionArg& version) {
            Check(api.SetAlias(name, alias, version.value));
          },
          ReleaseGil(), py::arg("name"), py::arg("alias"), py::arg("version"),
          "Points `alias` at `version` (moving it when it already exists).")
      .def(
          "delete_registered_model_alias",
          [](RegistryApi& api, const std::string& name, const std::string& alias) {
            Check(api.DeleteAlias(name, alias));
          },
          ReleaseGil(), py::arg("name"), py::arg("alias"))
      .def(
          "get_model_version_by_alias",
          [](RegistryApi& api, const std::string& name, const std::string& alias) {
            return Unwrap(api.GetModelVersionByAlias(name, alias));
          },
          ReleaseGil(), py::arg("name"), py::arg("alias"))
      // Deprecated stages
      .def(
          "transition_model_version_stage",
          [](RegistryApi& api, const std::string& name, const VersionArg& version, const std::string& stage,
             bool archive_existing_versions) {
            return Unwrap(api.TransitionStage(name, version.value, stage, archive_existing_versions));
          },
          ReleaseGil(), py::arg("name"), py::arg("version"), py::arg("stage"),
          py::arg("archive_existing_versions") = false, "Deprecated upstream in favour of aliases.")
      .def(
          "get_latest_versions",
          [](RegistryApi& api, const std::string& name, const std::vector<std::string>& stages) {
            return Unwrap(api.GetLatestVersions(name, stages));
          },
          ReleaseGil(), py::arg("name"), py::arg("stages") = std::vector<std::string>{},
          "Deprecated upstream: the latest version per stage (all stages when none are given).");
}

void BindModelUris(py::module_& m) {
  py::class_<mlflow::ModelUriResolver, std::shared_ptr<mlflow::ModelUriResolver>>(
      m, "ModelUris",
      "Model URIs (runs:/<run_id>/<path>, models:/<name>/<version>, models:/<name>@<alias>,\n"
      "models:/<name>/latest, models:/<model_id>) resolved and downloaded. Obtained as\n"
      "MlflowClient.model_uris. The cache is keyed by the resolved version, so loading the same\n"
      "version again downloads nothing.")
      .def(
          "resolve",
          [](mlflow::ModelUriResolver& resolver, const std::string& uri) { return Unwrap(resolver.Resolve(uri)); },
          ReleaseGil(), py::arg("model_uri"))
      .def(
          "download",
          [](mlflow::ModelUriResolver& resolver, const std::string& uri, const PathArg& dst) {
            return Unwrap(resolver.Download(uri, dst.value));
          },
          ReleaseGil(), py::arg("model_uri"), py::arg("dst_path"),
          "Downloads the model's files into dst_path (no cache); returns their local path.")
      .def(
          "download_cached",
          [](mlflow::ModelUriResolver& resolver, const std::string& uri) {
            return Unwrap(resolver.DownloadCached(uri));
          },
          ReleaseGil(), py::arg("model_uri"), "Like download(), through the local model cache.")
      .def_property_readonly(
          "cache_dir", [](mlflow::ModelUriResolver& resolver) { return resolver.cache().dir(); },
          "The cache directory ($MLFLOWCPP_CACHE_DIR, else ~/.cache/mlflow-cpp).");
}

}  // namespace

void BindRegistry(py::module_& m) {
  BindEntities(m);
  BindRegistryApi(m);
  BindModelUris(m);
}

}  // namespace mlflowcpp_python
