// Tracking: the entities of MLflow's tracking service and TrackingApi (experiments, runs,
// logging, metric history), one to one with mlflow/tracking/, names in snake_case.
//
// Every TrackingApi method is a network call and runs without the GIL. Listings come in two
// shapes: search_*() follows page tokens and returns a list, search_*_page() returns one page.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "bindings.h"
#include "mlflow/tracking/tracking_api.h"

namespace mlflowcpp_python {

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Quote(const std::string& text) { return py::repr(py::str(text)).cast<std::string>(); }

namespace {

using mlflow::TrackingApi;

// params/tags given as a dict {key: value} or as a list of Param/RunTag.
template <typename Entity>
std::vector<Entity> KeyValues(const py::object& source) {
  std::vector<Entity> out;
  if (source.is_none()) return out;
  if (py::isinstance<py::dict>(source)) {
    for (auto item : source.cast<py::dict>()) {
      out.push_back(Entity{py::str(item.first).cast<std::string>(), py::str(item.second).cast<std::string>()});
    }
    return out;
  }
  return source.cast<std::vector<Entity>>();
}

std::vector<mlflow::RunTag> Tags(const std::optional<std::map<std::string, std::string>>& tags) {
  std::vector<mlflow::RunTag> out;
  if (tags) {
    for (const auto& [key, value] : *tags) out.push_back({key, value});
  }
  return out;
}

template <typename T>
void BindPage(py::module_& m, const char* name, const char* doc) {
  py::class_<mlflow::Page<T>>(m, name, doc)
      .def_readonly("items", &mlflow::Page<T>::items, "The entries of this page.")
      .def_readonly("next_page_token", &mlflow::Page<T>::next_page_token,
                    "Pass as page_token to get the next page; empty on the last page.")
      .def("__len__", [](const mlflow::Page<T>& page) { return page.items.size(); })
      .def(
          "__iter__",
          [](const mlflow::Page<T>& page) { return py::make_iterator(page.items.begin(), page.items.end()); },
          py::keep_alive<0, 1>())
      .def("__repr__", [name](const mlflow::Page<T>& page) {
        return std::string(name) + "(items=<" + std::to_string(page.items.size()) +
               ">, next_page_token=" + Quote(page.next_page_token) + ")";
      });
}

void BindEntities(py::module_& m) {
  py::class_<mlflow::Metric>(m, "Metric", "One metric point: key, value, timestamp (ms) and step.")
      .def(py::init([](std::string key, double value, std::optional<int64_t> timestamp, int64_t step,
                       std::string model_id, std::string dataset_name, std::string dataset_digest) {
             return mlflow::Metric{std::move(key),
                                   value,
                                   timestamp.value_or(NowMillis()),
                                   step,
                                   std::move(model_id),
                                   std::move(dataset_name),
                                   std::move(dataset_digest)};
           }),
           py::arg("key"), py::arg("value"), py::arg("timestamp") = py::none(), py::arg("step") = 0,
           py::arg("model_id") = "", py::arg("dataset_name") = "", py::arg("dataset_digest") = "",
           "A metric point; timestamp defaults to now (milliseconds since the epoch).")
      .def_readwrite("key", &mlflow::Metric::key)
      .def_readwrite("value", &mlflow::Metric::value, "NaN and +-inf are legal values.")
      .def_readwrite("timestamp", &mlflow::Metric::timestamp, "Milliseconds since the Unix epoch.")
      .def_readwrite("step", &mlflow::Metric::step)
      .def_readwrite("model_id", &mlflow::Metric::model_id)
      .def_readwrite("dataset_name", &mlflow::Metric::dataset_name)
      .def_readwrite("dataset_digest", &mlflow::Metric::dataset_digest)
      .def("__repr__", [](const mlflow::Metric& metric) {
        return "Metric(key=" + Quote(metric.key) + ", value=" + py::repr(py::float_(metric.value)).cast<std::string>() +
               ", timestamp=" + std::to_string(metric.timestamp) + ", step=" + std::to_string(metric.step) + ")";
      });

  py::class_<mlflow::Param>(m, "Param", "A run parameter (write-once).")
      .def(py::init([](std::string key, std::string value) {
             return mlflow::Param{std::move(key), std::move(value)};
           }),
           py::arg("key"), py::arg("value"))
      .def_readwrite("key", &mlflow::Param::key)
      .def_readwrite("value", &mlflow::Param::value)
      .def("__repr__", [](const mlflow::Param& param) {
        return "Param(key=" + Quote(param.key) + ", value=" + Quote(param.value) + ")";
      });

  py::class_<mlflow::RunTag>(m, "RunTag", "A run tag (overwritable).")
      .def(py::init([](std::string key, std::string value) {
             return mlflow::RunTag{std::move(key), std::move(value)};
           }),
           py::arg("key"), py::arg("value"))
      .def_readwrite("key", &mlflow::RunTag::key)
      .def_readwrite("value", &mlflow::RunTag::value)
      .def("__repr__", [](const mlflow::RunTag& tag) {
        return "RunTag(key=" + Quote(tag.key) + ", value=" + Quote(tag.value) + ")";
      });

  py::class_<mlflow::Experiment>(m, "Experiment", "An MLflow experiment.")
      .def_readonly("experiment_id", &mlflow::Experiment::experiment_id)
      .def_readonly("name", &mlflow::Experiment::name)
      .def_readonly("artifact_location", &mlflow::Experiment::artifact_location)
      .def_readonly("lifecycle_stage", &mlflow::Experiment::lifecycle_stage, "\"active\" or \"deleted\".")
      .def_readonly("creation_time", &mlflow::Experiment::creation_time)
      .def_readonly("last_update_time", &mlflow::Experiment::last_update_time)
      .def_readonly("tags", &mlflow::Experiment::tags)
      .def("__repr__", [](const mlflow::Experiment& experiment) {
        return "Experiment(experiment_id=" + Quote(experiment.experiment_id) + ", name=" + Quote(experiment.name) +
               ", lifecycle_stage=" + Quote(experiment.lifecycle_stage) + ")";
      });

  py::class_<mlflow::RunInfo>(m, "RunInfo", "A run's metadata.")
      .def_readonly("run_id", &mlflow::RunInfo::run_id)
      .def_readonly("run_name", &mlflow::RunInfo::run_name)
      .def_readonly("experiment_id", &mlflow::RunInfo::experiment_id)
      .def_readonly("user_id", &mlflow::RunInfo::user_id)
      .def_readonly("status", &mlflow::RunInfo::status,
                    "\"RUNNING\", \"SCHEDULED\", \"FINISHED\", \"FAILED\" or \"KILLED\".")
      .def_readonly("start_time", &mlflow::RunInfo::start_time)
      .def_readonly("end_time", &mlflow::RunInfo::end_time, "None while the run has not ended.")
      .def_readonly("artifact_uri", &mlflow::RunInfo::artifact_uri)
      .def_readonly("lifecycle_stage", &mlflow::RunInfo::lifecycle_stage)
      .def("__repr__", [](const mlflow::RunInfo& info) {
        return "RunInfo(run_id=" + Quote(info.run_id) + ", run_name=" + Quote(info.run_name) +
               ", status=" + Quote(mlflow::RunStatusName(info.status)) + ")";
      });

  py::class_<mlflow::RunData>(m, "RunData", "A run's latest metrics, its params and tags.")
      .def_property_readonly(
          "metrics",
          [](const mlflow::RunData& data) {
            std::map<std::string, double> out;
            for (const auto& metric : data.metrics) out[metric.key] = metric.value;
            return out;
          },
          "{key: latest value}, like mlflow.entities.RunData.metrics.")
      .def_property_readonly(
          "params",
          [](const mlflow::RunData& data) {
            std::map<std::string, std::string> out;
            for (const auto& param : data.params) out[param.key] = param.value;
            return out;
          },
          "{key: value}.")
      .def_readonly("tags", &mlflow::RunData::tags, "{key: value}.")
      .def_readonly("metric_list", &mlflow::RunData::metrics, "The latest point of each metric, as Metric objects.")
      .def_readonly("param_list", &mlflow::RunData::params)
      .def("__repr__", [](const mlflow::RunData& data) {
        return "RunData(metrics=<" + std::to_string(data.metrics.size()) + ">, params=<" +
               std::to_string(data.params.size()) + ">, tags=<" + std::to_string(data.tags.size()) + ">)";
      });

  py::class_<mlflow::Dataset>(m, "Dataset", "A dataset a run used (MLflow's Dataset entity).")
      .def(py::init([](std::string name, std::string digest, std::string source_type, std::string source,
                       std::string schema, std::string profile) {
             return mlflow::Dataset{std::move(name),   std::move(digest), std::move(source_type),
                                    std::move(source), std::move(schema), std::move(profile)};
           }),
           py::arg("name"), py::arg("digest"), py::arg("source_type") = "local", py::arg("source") = "{}",
           py::arg("schema") = "", py::arg("profile") = "")
      .def_readwrite("name", &mlflow::Dataset::name)
      .def_readwrite("digest", &mlflow::Dataset::digest)
      .def_readwrite("source_type", &mlflow::Dataset::source_type)
      .def_readwrite("source", &mlflow::Dataset::source, "JSON text, e.g. '{\"uri\": \"...\"}'.")
      .def_readwrite("schema", &mlflow::Dataset::schema, "JSON text (optional).")
      .def_readwrite("profile", &mlflow::Dataset::profile, "JSON text (optional).")
      .def("__repr__", [](const mlflow::Dataset& dataset) {
        return "Dataset(name=" + Quote(dataset.name) + ", digest=" + Quote(dataset.digest) + ")";
      });

  py::class_<mlflow::DatasetInput>(m, "DatasetInput", "A dataset with its input tags (mlflow.data.context, ...).")
      .def(py::init([](mlflow::Dataset dataset, const std::optional<std::map<std::string, std::string>>& tags) {
             mlflow::DatasetInput input{std::move(dataset), {}};
             if (tags) {
               for (const auto& [key, value] : *tags) input.tags.push_back({key, value});
             }
             return input;
           }),
           py::arg("dataset"), py::arg("tags") = py::none())
      .def_readwrite("dataset", &mlflow::DatasetInput::dataset)
      .def_property_readonly("tags", [](const mlflow::DatasetInput& input) {
        std::map<std::string, std::string> out;
        for (const auto& tag : input.tags) out[tag.key] = tag.value;
        return out;
      });

  py::class_<mlflow::ModelOutput>(m, "ModelOutput", "A logged model a run produced.")
      .def(py::init([](std::string model_id, int64_t step) {
             return mlflow::ModelOutput{std::move(model_id), step};
           }),
           py::arg("model_id"), py::arg("step") = 0)
      .def_readwrite("model_id", &mlflow::ModelOutput::model_id)
      .def_readwrite("step", &mlflow::ModelOutput::step);

  py::class_<mlflow::Run>(m, "Run", "A run: info, data, inputs and outputs.")
      .def_readonly("info", &mlflow::Run::info)
      .def_readonly("data", &mlflow::Run::data)
      .def_readonly("inputs", &mlflow::Run::dataset_inputs, "The datasets logged as run inputs.")
      .def_readonly("outputs", &mlflow::Run::model_outputs, "The logged models recorded as run outputs.")
      .def("__repr__", [](const mlflow::Run& run) {
        return "Run(run_id=" + Quote(run.info.run_id) + ", status=" + Quote(mlflow::RunStatusName(run.info.status)) +
               ")";
      });

  BindPage<mlflow::Experiment>(m, "ExperimentPage", "One page of search_experiments_page().");
  BindPage<mlflow::Run>(m, "RunPage", "One page of search_runs_page().");
  BindPage<mlflow::Metric>(m, "MetricPage", "One page of get_metric_history_page().");
}

void BindTrackingApi(py::module_& m) {
  py::class_<TrackingApi, std::shared_ptr<TrackingApi>>(
      m, "TrackingApi",
      "MLflow's tracking service: experiments, runs, logging and metric history.\n\n"
      "Obtained as MlflowClient.tracking. Inputs are validated client-side with MLflow's rules\n"
      "first; every call releases the GIL while it talks to the server. Failures raise\n"
      "MlflowCppError with the server's error_code.")
      // Experiments
      .def(
          "create_experiment",
          [](TrackingApi& api, const std::string& name, const std::string& artifact_location,
             const std::optional<std::map<std::string, std::string>>& tags) {
            std::vector<mlflow::ExperimentTag> experiment_tags;
            if (tags) {
              for (const auto& [key, value] : *tags) experiment_tags.push_back({key, value});
            }
            py::gil_scoped_release release;
            return Unwrap(api.CreateExperiment(name, artifact_location, experiment_tags));
          },
          py::arg("name"), py::arg("artifact_location") = "", py::arg("tags") = py::none(),
          "Creates an experiment and returns its id.")
      .def(
          "get_experiment", [](TrackingApi& api, const std::string& id) { return Unwrap(api.GetExperiment(id)); },
          ReleaseGil(), py::arg("experiment_id"))
      .def(
          "get_experiment_by_name",
          [](TrackingApi& api, const std::string& name) { return Unwrap(api.GetExperimentByName(name)); }, ReleaseGil(),
          py::arg("name"), "Raises MlflowCppError(RESOURCE_DOES_NOT_EXIST) when there is none.")
      .def(
          "get_or_create_experiment",
          [](TrackingApi& api, const std::string& name) { return Unwrap(api.GetOrCreateExperiment(name)); },
          ReleaseGil(), py::arg("name"), "The id of the experiment with this name, created when missing.")
      .def(
          "search_experiments",
          [](TrackingApi& api, const std::string& filter, const std::vector<std::string>& order_by,
             mlflow::ViewType view_type) {
            mlflow::SearchExperimentsRequest request;
            request.filter = filter;
            request.order_by = order_by;
            request.view_type = view_type;
            return Unwrap(api.SearchAllExperiments(request));
          },
          ReleaseGil(), py::arg("filter_string") = "", py::arg("order_by") = std::vector<std::string>{},
          py::arg("view_type") = mlflow::ViewType::kActiveOnly,
          "Every matching experiment (all pages), e.g. filter_string=\"name LIKE 'exp%'\".")
      .def(
          "search_experiments_page",
          [](TrackingApi& api, const std::string& filter, const std::vector<std::string>& order_by,
             mlflow::ViewType view_type, int max_results, const std::string& page_token) {
            mlflow::SearchExperimentsRequest request{filter, order_by, max_results, page_token, view_type};
            return Unwrap(api.SearchExperiments(request));
          },
          ReleaseGil(), py::arg("filter_string") = "", py::arg("order_by") = std::vector<std::string>{},
          py::arg("view_type") = mlflow::ViewType::kActiveOnly, py::arg("max_results") = 1000,
          py::arg("page_token") = "", "One page of experiments.")
      .def(
          "rename_experiment",
          [](TrackingApi& api, const std::string& id, const std::string& new_name) {
            Check(api.RenameExperiment(id, new_name));
          },
          ReleaseGil(), py::arg("experiment_id"), py::arg("new_name"))
      .def(
          "delete_experiment", [](TrackingApi& api, const std::string& id) { Check(api.DeleteExperiment(id)); },
          ReleaseGil(), py::arg("experiment_id"))
      .def(
          "restore_experiment", [](TrackingApi& api, const std::string& id) { Check(api.RestoreExperiment(id)); },
          ReleaseGil(), py::arg("experiment_id"))
      .def(
          "set_experiment_tag",
          [](TrackingApi& api, const std::string& id, const std::string& key, const std::string& value) {
            Check(api.SetExperimentTag(id, key, value));
          },
          ReleaseGil(), py::arg("experiment_id"), py::arg("key"), py::arg("value"))
      .def(
          "delete_experiment_tag",
          [](TrackingApi& api, const std::string& id, const std::string& key) {
            Check(api.DeleteExperimentTag(id, key));
          },
          ReleaseGil(), py::arg("experiment_id"), py::arg("key"))
      // Runs
      .def(
          "create_run",
          [](TrackingApi& api, const std::string& experiment_id, const std::string& run_name,
             std::optional<int64_t> start_time, const std::optional<std::map<std::string, std::string>>& tags) {
            mlflow::CreateRunRequest request;
            request.experiment_id = experiment_id;
            request.run_name = run_name;
            request.start_time = start_time;
            request.tags = Tags(tags);
            py::gil_scoped_release release;
            return Unwrap(api.CreateRun(request));
          },
          py::arg("experiment_id"), py::arg("run_name") = "", py::arg("start_time") = py::none(),
          py::arg("tags") = py::none(), "Creates a RUNNING run; start_time defaults to now (ms).")
      .def(
          "get_run", [](TrackingApi& api, const std::string& run_id) { return Unwrap(api.GetRun(run_id)); },
          ReleaseGil(), py::arg("run_id"))
      .def(
          "update_run",
          [](TrackingApi& api, const std::string& run_id, std::optional<mlflow::RunStatus> status,
             std::optional<int64_t> end_time, const std::string& run_name) {
            return Unwrap(api.UpdateRun(mlflow::UpdateRunRequest{run_id, status, end_time, run_name}));
          },
          ReleaseGil(), py::arg("run_id"), py::arg("status") = py::none(), py::arg("end_time") = py::none(),
          py::arg("run_name") = "", "Updates status, end time and/or name; returns the new RunInfo.")
      .def(
          "end_run",
          [](TrackingApi& api, const std::string& run_id, mlflow::RunStatus status) {
            Check(api.EndRun(run_id, status));
          },
          ReleaseGil(), py::arg("run_id"), py::arg("status") = mlflow::RunStatus::kFinished,
          "Sets the status (default FINISHED) and end_time = now.")
      .def(
          "delete_run", [](TrackingApi& api, const std::string& run_id) { Check(api.DeleteRun(run_id)); }, ReleaseGil(),
          py::arg("run_id"))
      .def(
          "restore_run", [](TrackingApi& api, const std::string& run_id) { Check(api.RestoreRun(run_id)); },
          ReleaseGil(), py::arg("run_id"))
      .def(
          "search_runs",
          [](TrackingApi& api, const std::vector<std::string>& experiment_ids, const std::string& filter,
             mlflow::ViewType run_view_type, const std::vector<std::string>& order_by) {
            mlflow::SearchRunsRequest request;
            request.experiment_ids = experiment_ids;
            request.filter = filter;
            request.run_view_type = run_view_type;
            request.order_by = order_by;
            return Unwrap(api.SearchAllRuns(request));
          },
          ReleaseGil(), py::arg("experiment_ids"), py::arg("filter_string") = "",
          py::arg("run_view_type") = mlflow::ViewType::kActiveOnly, py::arg("order_by") = std::vector<std::string>{},
          "Every matching run (all pages), e.g. filter_string=\"metrics.loss < 0.5\".")
      .def(
          "search_runs_page",
          [](TrackingApi& api, const std::vector<std::string>& experiment_ids, const std::string& filter,
             mlflow::ViewType run_view_type, const std::vector<std::string>& order_by, int max_results,
             const std::string& page_token) {
            mlflow::SearchRunsRequest request{experiment_ids, filter, run_view_type, max_results, order_by, page_token};
            return Unwrap(api.SearchRuns(request));
          },
          ReleaseGil(), py::arg("experiment_ids"), py::arg("filter_string") = "",
          py::arg("run_view_type") = mlflow::ViewType::kActiveOnly, py::arg("order_by") = std::vector<std::string>{},
          py::arg("max_results") = 1000, py::arg("page_token") = "", "One page of runs.")
      .def(
          "set_tag",
          [](TrackingApi& api, const std::string& run_id, const std::string& key, const std::string& value) {
            Check(api.SetTag(run_id, key, value));
          },
          ReleaseGil(), py::arg("run_id"), py::arg("key"), py::arg("value"))
      .def(
          "delete_tag",
          [](TrackingApi& api, const std::string& run_id, const std::string& key) {
            Check(api.DeleteTag(run_id, key));
          },
          ReleaseGil(), py::arg("run_id"), py::arg("key"))
      // Logging
      .def(
          "log_metric",
          [](TrackingApi& api, const std::string& run_id, const std::string& key, double value,
             std::optional<int64_t> timestamp, int64_t step) {
            mlflow::Metric metric{key, value, timestamp.value_or(NowMillis()), step, "", "", ""};
            Check(api.LogMetric(run_id, metric));
          },
          ReleaseGil(), py::arg("run_id"), py::arg("key"), py::arg("value"), py::arg("timestamp") = py::none(),
          py::arg("step") = 0, "Logs one point (one request); timestamp defaults to now (ms).")
      .def(
          "log_param",
          [](TrackingApi& api, const std::string& run_id, const std::string& key, const std::string& value) {
            Check(api.LogParam(run_id, key, value));
          },
          ReleaseGil(), py::arg("run_id"), py::arg("key"), py::arg("value"))
      .def(
          "log_batch",
          [](TrackingApi& api, const std::string& run_id, const std::vector<mlflow::Metric>& metrics,
             const py::object& params, const py::object& tags) {
            mlflow::LogBatchRequest request{run_id, metrics, KeyValues<mlflow::Param>(params),
                                            KeyValues<mlflow::RunTag>(tags)};
            py::gil_scoped_release release;
            Check(api.LogBatch(request));
          },
          py::arg("run_id"), py::arg("metrics") = std::vector<mlflow::Metric>{}, py::arg("params") = py::none(),
          py::arg("tags") = py::none(),
          "Logs metrics (list of Metric), params and tags (dict or list of Param/RunTag) in as few\n"
          "log-batch requests as the server's limits allow. The whole batch is validated first.")
      .def(
          "log_inputs",
          [](TrackingApi& api, const std::string& run_id, const std::vector<mlflow::DatasetInput>& datasets) {
            Check(api.LogInputs(run_id, datasets));
          },
          ReleaseGil(), py::arg("run_id"), py::arg("datasets"))
      .def(
          "log_outputs",
          [](TrackingApi& api, const std::string& run_id, const std::vector<mlflow::ModelOutput>& models) {
            Check(api.LogOutputs(run_id, models));
          },
          ReleaseGil(), py::arg("run_id"), py::arg("models"))
      // History
      .def(
          "get_metric_history",
          [](TrackingApi& api, const std::string& run_id, const std::string& key) {
            return Unwrap(api.GetFullMetricHistory(run_id, key));
          },
          ReleaseGil(), py::arg("run_id"), py::arg("key"), "Every point of the metric (all pages).")
      .def(
          "get_metric_history_page",
          [](TrackingApi& api, const std::string& run_id, const std::string& key, int max_results,
             const std::string& page_token) {
            return Unwrap(api.GetMetricHistory(run_id, key, max_results, page_token));
          },
          ReleaseGil(), py::arg("run_id"), py::arg("key"), py::arg("max_results") = 25000, py::arg("page_token") = "");
}

}  // namespace

void BindTracking(py::module_& m) {
  BindEntities(m);
  BindTrackingApi(m);
}

}  // namespace mlflowcpp_python
