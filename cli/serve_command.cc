// mlflow-cpp serve: the prediction server (MLflow scoring protocol + KServe V2), with hot
// reload from the registry, Prometheus metrics and drift monitoring. See docs/serving.md.
// mlflow-cpp serve-reference: writes the reference distribution monitoring compares with.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli_common.h"
#include "mlflow/models/semeval_loader.h"
#include "mlflow/server/prediction_server.h"
#include "mlflow/server/registry_model_source.h"
#include "mlflow/server/sentiment_predictor.h"
#include "mlflow/server/shutdown_signals.h"

namespace mlflow::cli {
namespace {

struct ServeArgs {
  std::string model;
  std::string name;
  server::PredictionServerOptions options;
  bool no_monitoring = false;
  bool no_monitoring_run = false;
};

bool IsModelUri(const std::string& model) { return model.rfind("models:/", 0) == 0 || model.rfind("runs:/", 0) == 0; }

// A client for the monitoring run and tags: few retries and a short timeout, so an
// unreachable tracking server delays monitoring a little and never holds up shutdown.
std::shared_ptr<MlflowClient> MonitoringClient(const GlobalOptions& options) {
  ClientConfig config = ClientConfig::FromEnvironment(options.tracking_uri).value();
  config.retry.max_retries = std::min(config.retry.max_retries, 2);
  config.transport.timeout_seconds = std::min(config.transport.timeout_seconds, 15.0);
  return std::make_shared<MlflowClient>(MlflowClient::Create(config).value());
}

int Serve(const GlobalOptions& global, ServeArgs& args) {
  // Before any thread exists, so that only the watcher ever takes SIGTERM/SIGINT.
  server::ShutdownSignals::Block();
  server::PredictionServerOptions& options = args.options;
  options.monitoring = !args.no_monitoring;
  const bool have_tracking = !global.tracking_uri.empty() || std::getenv("MLFLOW_TRACKING_URI");

  std::shared_ptr<server::ModelSource> source;
  std::shared_ptr<MlflowClient> client;
  if (IsModelUri(args.model)) {
    if (!have_tracking) throw UsageError("serving " + args.model + " needs --tracking-uri or MLFLOW_TRACKING_URI");
    client = std::make_shared<MlflowClient>(MakeClient(global));
    source = server::RegistryModelSource::Create(client, args.model, server::SentimentModelLoader()).value();
  } else {
    if (!std::filesystem::is_directory(args.model)) {
      throw UsageError("--model " + args.model + " is neither a model URI (models:/..., runs:/...) nor a directory");
    }
    source = std::make_shared<server::DirectoryModelSource>(args.model, args.name, server::SentimentModelLoader());
  }
  std::shared_ptr<TrackingApi> tracking;
  server::ModelVersionTagger tagger;
  if (options.monitoring && !args.no_monitoring_run && have_tracking) {
    std::shared_ptr<MlflowClient> monitoring = MonitoringClient(global);
    tracking = std::shared_ptr<TrackingApi>(monitoring, &monitoring->tracking());
    if (IsModelUri(args.model)) tagger = server::MakeRegistryTagger(monitoring);
  }
  auto created = server::PredictionServer::Create(options, source, tracking, tagger);
  if (!created.ok()) throw Error(created.status());
  std::unique_ptr<server::PredictionServer> prediction_server = std::move(created).value();
  std::cerr << "mlflow-cpp serve: " << source->Describe() << " on http://" << options.http.host << ":"
            << prediction_server->port() << " (Ctrl-C or SIGTERM drains and stops)\n";

  server::ShutdownSignals signals;
  server::PredictionServer* running = prediction_server.get();
  signals.Start([running](int signal) {
    std::cerr << "mlflow-cpp serve: signal " << signal << ", draining in-flight requests\n";
    running->Stop();
  });
  Status served = prediction_server->Run();
  signals.Stop();
  ThrowIfError(served);
  std::cerr << "mlflow-cpp serve: stopped\n";
  return kExitOk;
}

struct ReferenceArgs {
  std::string model;
  std::string data;
  std::string rows;  // "START:END" (0-based, END exclusive); empty: all
  std::string out;
};

// Loads the model a serve command would load (directory or URI), synchronously.
server::LoadedModel LoadForReference(const GlobalOptions& global, const std::string& model) {
  std::shared_ptr<server::ModelSource> source;
  if (IsModelUri(model)) {
    auto client = std::make_shared<MlflowClient>(MakeClient(global));
    source = server::RegistryModelSource::Create(client, model, server::SentimentModelLoader()).value();
  } else {
    source = std::make_shared<server::DirectoryModelSource>(model, "", server::SentimentModelLoader());
  }
  server::ModelIdentity identity = source->Resolve().value();
  return source->Load(identity).value();
}

int WriteReference(const GlobalOptions& global, const ReferenceArgs& args) {
  models::Dataset data = models::LoadSemEvalFile(args.data).value();
  std::vector<std::string> texts = data.Texts();
  size_t begin = 0, end = texts.size();
  if (!args.rows.empty()) {
    size_t colon = args.rows.find(':');
    try {
      if (colon == std::string::npos) throw std::invalid_argument(args.rows);
      if (colon > 0) begin = std::stoul(args.rows.substr(0, colon));
      if (colon + 1 < args.rows.size())
        end = std::min(end, static_cast<size_t>(std::stoul(args.rows.substr(colon + 1))));
    } catch (const std::exception&) {
      throw UsageError("--rows takes START:END (0-based, END exclusive), e.g. 0:10000");
    }
    if (begin >= end) throw UsageError("--rows " + args.rows + " selects no rows of " + std::to_string(texts.size()));
  }
  std::vector<std::string> slice(texts.begin() + static_cast<long>(begin), texts.begin() + static_cast<long>(end));
  server::LoadedModel model = LoadForReference(global, args.model);
  std::string source = args.data + (args.rows.empty() ? "" : " rows " + args.rows);
  server::ReferenceDistribution reference = server::ComputeReference(*model.predictor, slice, source).value();
  ThrowIfError(server::SaveReferenceFile(reference, args.out));
  if (global.json) {
    PrintJson(server::ReferenceToJson(reference));
  } else {
    std::cout << "Wrote the reference of " << reference.count << " texts (" << source << ") to " << args.out << "\n";
  }
  return kExitOk;
}

}  // namespace

void RegisterServeCommands(CLI::App& app, CommandRegistry& registry) {
  auto args = std::make_shared<ServeArgs>();
  server::PredictionServerOptions& o = args->options;
  CLI::App* serve = app.add_subcommand("serve", "Serve a model over HTTP (MLflow scoring protocol and KServe V2)");
  serve->add_option("--model,-m", args->model, "Model directory, or URI such as models:/tweet-sentiment@champion")
      ->required();
  serve->add_option("--name", args->name, "Model name for a directory model (default: the directory's name)");
  auto* http = serve->add_option_group("HTTP");
  http->add_option("--host", o.http.host, "Address to listen on")->capture_default_str();
  http->add_option("--port,-p", o.http.port, "Port (0: any free port)")->capture_default_str();
  http->add_option("--threads", o.http.threads, "Worker threads (>= concurrent keep-alive connections)")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  http->add_option("--max-body-bytes", o.http.max_body_bytes, "Larger request bodies are refused (413)")
      ->capture_default_str();
  http->add_option("--read-timeout", o.http.read_timeout_seconds, "Seconds a client may stall while sending")
      ->capture_default_str();
  http->add_option("--write-timeout", o.http.write_timeout_seconds, "Seconds a client may stall while receiving")
      ->capture_default_str();
  http->add_option("--keep-alive-timeout", o.http.keep_alive_timeout_seconds, "Idle keep-alive seconds")
      ->capture_default_str();
  auto* limits = serve->add_option_group("Input limits");
  limits->add_option("--max-batch", o.service.limits.max_batch, "Texts per request (more is a 400)")
      ->capture_default_str();
  limits->add_option("--max-text-bytes", o.service.limits.max_text_bytes, "Bytes per text (more is a 400)")
      ->capture_default_str();
  limits->add_option("--text-column", o.service.limits.text_column, "Input column holding the text")
      ->capture_default_str();
  auto* reload = serve->add_option_group("Hot reload");
  reload
      ->add_option("--poll-interval", o.reload.poll_interval_seconds,
                   "Seconds between registry checks of an alias URI (0: never)")
      ->capture_default_str();
  auto* mon = serve->add_option_group("Monitoring");
  mon->add_flag("--no-monitoring", args->no_monitoring, "Disable drift monitoring and /feedback");
  mon->add_flag("--no-monitoring-run", args->no_monitoring_run, "Do not log monitoring to an MLflow run");
  mon->add_option("--monitoring-experiment", o.monitoring_experiment,
                  "Experiment of the monitoring runs (default: <model name>-monitoring)");
  mon->add_option("--reference", o.reload.reference_file, "Reference distribution JSON replacing the model's own");
  mon->add_option("--window", o.monitor.window, "Texts in the sliding monitoring window")->capture_default_str();
  mon->add_option("--evaluate-every", o.monitor.evaluate_every, "Evaluate drift every N texts")->capture_default_str();
  mon->add_option("--evaluate-interval", o.monitor.evaluate_interval_seconds,
                  "Also evaluate every N seconds when anything changed")
      ->capture_default_str();
  mon->add_option("--feedback-window", o.monitor.feedback_window, "Labels in the rolling feedback window")
      ->capture_default_str();
  mon->add_option("--min-window", o.monitor.thresholds.min_window, "Texts needed before drift signals count")
      ->capture_default_str();
  mon->add_option("--js-threshold", o.monitor.thresholds.js_distance, "Alert at this JS distance (0: off)")
      ->capture_default_str();
  mon->add_option("--chi2-p-threshold", o.monitor.thresholds.chi_square_p_value,
                  "Alert below this chi-square p-value (references of <= 1000 rows)")
      ->capture_default_str();
  mon->add_option("--psi-threshold", o.monitor.thresholds.psi, "Alert at this PSI (0: off)")->capture_default_str();
  mon->add_option("--confidence-shift", o.monitor.thresholds.confidence_shift, "Alert at this mean-confidence shift")
      ->capture_default_str();
  mon->add_option("--entropy-shift", o.monitor.thresholds.entropy_shift, "Alert at this mean-entropy shift (nats)")
      ->capture_default_str();
  mon->add_option("--oov-shift", o.monitor.thresholds.oov_rate_shift, "Alert at this OOV-rate shift")
      ->capture_default_str();
  mon->add_option("--length-shift", o.monitor.thresholds.length_shift, "Alert at this length shift (reference SDs)")
      ->capture_default_str();
  mon->add_option("--min-accuracy", o.monitor.thresholds.min_feedback_accuracy, "Alert below this rolling accuracy")
      ->capture_default_str();
  mon->add_option("--min-macro-recall", o.monitor.thresholds.min_feedback_macro_recall,
                  "Alert below this rolling macro-recall")
      ->capture_default_str();
  mon->add_option("--alert-hook", o.alert_hook, "Shell command run when an alert is raised");
  registry.Bind(serve, [args, &registry] { return Serve(registry.options(), *args); });

  auto ref = std::make_shared<ReferenceArgs>();
  CLI::App* reference = app.add_subcommand(
      "serve-reference", "Write the reference distribution a served model's traffic is compared with (--reference)");
  reference->add_option("--model,-m", ref->model, "Model directory or URI")->required();
  reference->add_option("--data", ref->data, "SemEval-format TSV of texts the model is expected to see")->required();
  reference->add_option("--rows", ref->rows, "Only rows START:END of the file (0-based, END exclusive)");
  reference->add_option("--out,-o", ref->out, "Where to write the JSON")->required();
  registry.Bind(reference, [ref, &registry] { return WriteReference(registry.options(), *ref); });
}

}  // namespace mlflow::cli
