// Fluent runs: ActiveRun (a scoped run with asynchronous, batched logging) as a Python context
// manager, one to one with mlflow/fluent/active_run.h.
//
// Log calls (log_metric, log_param, set_tag, ...) keep the GIL: they only stamp the point and
// queue it (about a tenth of a microsecond), and the C++ sender thread never needs the GIL, so
// even a caller blocked on a full queue cannot deadlock it. Starting, flushing and ending a run
// talk to the server and release the GIL.
#include <map>
#include <optional>
#include <string>

#include "bindings.h"
#include "mlflow/fluent/active_run.h"

namespace mlflowcpp_python {
namespace {

using mlflow::ActiveRun;
using Tags = std::map<std::string, std::string>;

struct StartArgs {
  std::string run_name;
  std::string experiment_name;
  std::string experiment_id;
  std::optional<Tags> tags;
  bool nested = false;
  std::string parent_run_id;
  std::string run_id;
  std::string tracking_uri;
  std::string journal_fallback_dir;
  std::optional<double> system_metrics_interval;
  bool handle_signals = false;
  size_t queue_capacity = 100000;
  bool drop_when_full = false;
  double max_batch_delay_seconds = 0.2;
};

mlflow::RunOptions ToOptions(const StartArgs& args) {
  mlflow::RunOptions options;
  options.run_name = args.run_name;
  options.experiment_name = args.experiment_name;
  options.experiment_id = args.experiment_id;
  if (args.tags) {
    for (const auto& [key, value] : *args.tags) options.tags.push_back({key, value});
  }
  options.nested = args.nested;
  options.parent_run_id = args.parent_run_id;
  options.resume_run_id = args.run_id;
  options.tracking_uri = args.tracking_uri;
  options.journal_fallback_dir = args.journal_fallback_dir;
  options.system_metrics_interval_seconds = args.system_metrics_interval;
  options.handle_signals = args.handle_signals;
  if (args.queue_capacity == 0) throw py::value_error("queue_capacity must be positive");
  options.logging.queue_capacity = args.queue_capacity;
  options.logging.when_full = args.drop_when_full ? mlflow::QueueFullPolicy::kDrop : mlflow::QueueFullPolicy::kBlock;
  if (args.max_batch_delay_seconds < 0) throw py::value_error("max_batch_delay must not be negative");
  options.logging.max_batch_delay =
      std::chrono::milliseconds(static_cast<int64_t>(args.max_batch_delay_seconds * 1000));
  return options;
}

// The keyword arguments start_run() and ActiveRun.start_child() share.
#define MLFLOWCPP_START_ARGS                                                                                           \
  py::arg("run_name") = "", py::arg("experiment_name") = "", py::arg("experiment_id") = "",                            \
  py::arg("tags") = py::none(), py::arg("nested") = false, py::arg("parent_run_id") = "", py::arg("run_id") = "",      \
  py::arg("tracking_uri") = "", py::arg("journal_fallback_dir") = "", py::arg("system_metrics_interval") = py::none(), \
  py::arg("handle_signals") = false, py::arg("queue_capacity") = 100000, py::arg("drop_when_full") = false,            \
  py::arg("max_batch_delay") = 0.2

constexpr const char* kStartDoc =
    "Starts an MLflow run whose log calls return at once (asynchronous, batched).\n\n"
    "    with mlflowcpp.start_run(run_name=\"train\", experiment_name=\"demo\") as run:\n"
    "        run.log_param(\"lr\", \"0.1\")\n"
    "        for step in range(100):\n"
    "            run.log_metric(\"loss\", 1.0 / (step + 1), step=step)\n\n"
    "Leaving the block ends the run FINISHED (FAILED when it is left by an exception) after\n"
    "flushing every queued point. Arguments:\n"
    "  run_name: default: the server picks one.\n"
    "  experiment_name / experiment_id: default $MLFLOW_EXPERIMENT_NAME (created when missing),\n"
    "      then $MLFLOW_EXPERIMENT_ID, then the parent's (nested runs), then \"0\".\n"
    "  tags: {key: value} set at creation, besides the system tags (mlflow.user, mlflow.source.*,\n"
    "      git commit/branch/remote, mlflow.runName).\n"
    "  nested: make it a child of the innermost active run (mlflow.parentRunId).\n"
    "  parent_run_id: set mlflow.parentRunId explicitly.\n"
    "  run_id: attach to this existing run (default: $MLFLOW_RUN_ID for the first top-level run).\n"
    "  tracking_uri: default $MLFLOW_TRACKING_URI; \"journal:/dir\" writes an offline journal\n"
    "      that `mlflow-cpp sync` replays later.\n"
    "  journal_fallback_dir: when the server cannot be reached, journal there instead.\n"
    "  system_metrics_interval: sample system/* metrics every N seconds (default off unless\n"
    "      $MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING).\n"
    "  handle_signals: SIGINT/SIGTERM flush and end the run KILLED (replaces Python's SIGINT\n"
    "      handler: KeyboardInterrupt is no longer raised).\n"
    "  queue_capacity: queued points before a log call blocks (or drops, with drop_when_full).\n"
    "  max_batch_delay: seconds a partial batch waits for more points.";

ActiveRun Start(const StartArgs& args, mlflow::MlflowClient* client) {
  mlflow::RunOptions options = ToOptions(args);
  py::gil_scoped_release release;
  if (client != nullptr) return Unwrap(ActiveRun::Start(*client, std::move(options)));
  return Unwrap(ActiveRun::Start(std::move(options)));
}

void BindStart(py::module_& m) {
  m.def(
      "start_run",
      [](std::string run_name, std::string experiment_name, std::string experiment_id, std::optional<Tags> tags,
         bool nested, std::string parent_run_id, std::string run_id, std::string tracking_uri,
         std::string journal_fallback_dir, std::optional<double> system_metrics_interval, bool handle_signals,
         size_t queue_capacity, bool drop_when_full, double max_batch_delay, mlflow::MlflowClient* client) {
        return Start(StartArgs{run_name, experiment_name, experiment_id, tags, nested, parent_run_id, run_id,
                               tracking_uri, journal_fallback_dir, system_metrics_interval, handle_signals,
                               queue_capacity, drop_when_full, max_batch_delay},
                     client);
      },
      MLFLOWCPP_START_ARGS, py::arg("client") = py::none(),
      (std::string(kStartDoc) + "\n  client: an MlflowClient to log through (its tracking URI wins).").c_str());
}

void BindStats(py::module_& m) {
  py::class_<mlflow::AsyncLoggerStats>(m, "LoggingStats", "Counters of a run's asynchronous logger.")
      .def_readonly("logged", &mlflow::AsyncLoggerStats::logged, "Points, params and tags accepted.")
      .def_readonly("sent", &mlflow::AsyncLoggerStats::sent, "Acknowledged by the server (or journal).")
      .def_readonly("failed", &mlflow::AsyncLoggerStats::failed, "Rejected on delivery.")
      .def_readonly("dropped", &mlflow::AsyncLoggerStats::dropped, "Discarded on a full queue (drop_when_full).")
      .def_readonly("batches", &mlflow::AsyncLoggerStats::batches, "log-batch requests made.")
      .def("__repr__", [](const mlflow::AsyncLoggerStats& stats) {
        return "LoggingStats(logged=" + std::to_string(stats.logged) + ", sent=" + std::to_string(stats.sent) +
               ", failed=" + std::to_string(stats.failed) + ", dropped=" + std::to_string(stats.dropped) +
               ", batches=" + std::to_string(stats.batches) + ")";
      });
}

void BindActiveRun(py::module_& m) {
  py::class_<ActiveRun>(m, "ActiveRun",
                        "A run started by start_run(): a context manager whose log calls are\n"
                        "asynchronous. Safe to log from several threads.")
      .def_property_readonly("run_id", &ActiveRun::run_id)
      .def_property_readonly("experiment_id", &ActiveRun::experiment_id, "Empty for a journal run until synced.")
      .def_property_readonly("run_name", &ActiveRun::run_name)
      .def_property_readonly("active", &ActiveRun::active, "False once ended.")
      .def_property_readonly("destination", &ActiveRun::destination,
                             "Where the run goes: \"http://host:port\" or \"journal:/dir\".")
      .def_property_readonly("logging_stats", &ActiveRun::logging_stats)
      .def(
          "log_metric",
          [](ActiveRun& run, const std::string& key, double value, int64_t step, std::optional<int64_t> timestamp) {
            Check(timestamp ? run.LogMetric(key, value, step, *timestamp) : run.LogMetric(key, value, step));
          },
          py::arg("key"), py::arg("value"), py::arg("step") = 0, py::arg("timestamp") = py::none(),
          "Queues one point (timestamp: now unless given, in ms) and returns at once.")
      .def(
          "log_metrics",
          [](ActiveRun& run, const std::map<std::string, double>& metrics, int64_t step) {
            for (const auto& [key, value] : metrics) Check(run.LogMetric(key, value, step));
          },
          py::arg("metrics"), py::arg("step") = 0, "Queues {key: value} points at the same step.")
      .def(
          "log_param",
          [](ActiveRun& run, const std::string& key, const py::object& value) {
            Check(run.LogParam(key, py::str(value).cast<std::string>()));
          },
          py::arg("key"), py::arg("value"), "Queues a param (the value is str()-ed, as in MLflow).")
      .def(
          "log_params",
          [](ActiveRun& run, const py::dict& params) {
            for (auto item : params) {
              Check(run.LogParam(py::str(item.first).cast<std::string>(), py::str(item.second).cast<std::string>()));
            }
          },
          py::arg("params"))
      .def(
          "set_tag",
          [](ActiveRun& run, const std::string& key, const py::object& value) {
            Check(run.SetTag(key, py::str(value).cast<std::string>()));
          },
          py::arg("key"), py::arg("value"))
      .def(
          "set_tags",
          [](ActiveRun& run, const py::dict& tags) {
            for (auto item : tags) {
              Check(run.SetTag(py::str(item.first).cast<std::string>(), py::str(item.second).cast<std::string>()));
            }
          },
          py::arg("tags"))
      .def(
          "flush", [](ActiveRun& run) { Check(run.Flush()); }, ReleaseGil(),
          "Waits until everything queued is acknowledged; raises on the first failure since the\n"
          "previous flush (with the number of points lost).")
      .def(
          "end", [](ActiveRun& run, mlflow::RunStatus status) { Check(run.End(status)); }, ReleaseGil(),
          py::arg("status") = mlflow::RunStatus::kFinished, "Flushes, then ends the run with `status`.")
      .def(
          "start_child",
          [](const ActiveRun& run, std::string run_name, std::string experiment_name, std::string experiment_id,
             std::optional<Tags> tags, bool nested, std::string parent_run_id, std::string run_id,
             std::string tracking_uri, std::string journal_fallback_dir, std::optional<double> system_metrics_interval,
             bool handle_signals, size_t queue_capacity, bool drop_when_full, double max_batch_delay) {
            mlflow::RunOptions options =
                ToOptions(StartArgs{run_name, experiment_name, experiment_id, tags, nested, parent_run_id, run_id,
                                    tracking_uri, journal_fallback_dir, system_metrics_interval, handle_signals,
                                    queue_capacity, drop_when_full, max_batch_delay});
            py::gil_scoped_release release;
            return Unwrap(run.StartChild(std::move(options)));
          },
          MLFLOWCPP_START_ARGS,
          "A nested run (mlflow.parentRunId = this run) at the same destination, in this run's\n"
          "experiment unless another is named. Takes start_run()'s arguments.")
      .def("__enter__", [](py::object self) { return self; })
      .def(
          "__exit__",
          [](ActiveRun& run, const py::object& exc_type, const py::object&, const py::object&) {
            if (!run.active()) return false;
            bool failed = !exc_type.is_none();
            mlflow::Status ended;
            {
              py::gil_scoped_release release;
              ended = run.End(failed ? mlflow::RunStatus::kFailed : mlflow::RunStatus::kFinished);
            }
            if (!ended.ok()) {
              // Never hide the exception that is leaving the block behind an ending error.
              if (!failed) Check(ended);
              std::string warning = "mlflowcpp: ending run " + run.run_id() + ": " + ended.ToString();
              if (PyErr_WarnEx(PyExc_RuntimeWarning, warning.c_str(), 1) != 0) throw py::error_already_set();
            }
            return false;
          },
          py::arg("exc_type"), py::arg("exc_value"), py::arg("traceback"))
      .def("__repr__", [](const ActiveRun& run) {
        return "ActiveRun(run_id=" + Quote(run.run_id()) + ", active=" + (run.active() ? "True" : "False") + ")";
      });
}

}  // namespace

void BindFluent(py::module_& m) {
  BindStats(m);
  BindActiveRun(m);
  BindStart(m);
  m.def(
      "end_active_runs", [](mlflow::RunStatus status) { Check(mlflow::EndActiveRuns(status)); }, ReleaseGil(),
      py::arg("status") = mlflow::RunStatus::kFinished,
      "Flushes and ends every active run of the process with `status`, innermost first.");
  m.def(
      "install_run_signal_handlers", [] { Check(mlflow::InstallRunSignalHandlers()); },
      "SIGINT/SIGTERM then flush and end every active run KILLED, and terminate the process as\n"
      "the signal would have (this replaces Python's SIGINT handler).");
}

}  // namespace mlflowcpp_python
