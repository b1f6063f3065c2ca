#include "serving_fixture.h"

#include <chrono>
#include <map>
#include <mutex>

#include "mlflow/models/model_directory.h"
#include "mlflow/models/semeval_loader.h"
#include "mlflow/models/sentiment_model.h"
#include "support/test_env.h"

namespace mlflow::server::testing {

std::string TrainedModelDir(size_t rows) {
  static std::mutex mutex;
  static std::map<size_t, std::string> trained;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = trained.find(rows); it != trained.end()) return it->second;
  models::Dataset train = models::LoadSemEvalFile(mlflow::testing::DataDir() + "/twitter-2013train-A.tsv").value();
  models::Dataset validation =
      models::LoadSemEvalFile(mlflow::testing::DataDir() + "/twitter-2016devtest-A.tsv").value();
  std::vector<size_t> slice;
  for (size_t i = 0; i < train.size() && i < rows; ++i) slice.push_back(i);
  models::TrainingConfig config = models::TrainingConfig::Preset("baseline").value();
  config.threads = 1;
  models::Dataset subset = train.Subset(slice);
  models::SentimentModel model = models::SentimentModel::Train(config, subset, nullptr, &validation).value();
  std::string dir = mlflow::testing::MakeTempDir("served-model") + "/model";
  ThrowIfError(models::SaveModelDirectory(model, dir));
  trained[rows] = dir;
  return dir;
}

const models::Dataset& Test2016() {
  static const models::Dataset data =
      models::LoadSemEvalFile(mlflow::testing::DataDir() + "/twitter-2016test-A.tsv").value();
  return data;
}

MlflowClient TestClient() { return MlflowClient::FromEnvironment(mlflow::testing::TrackingUri()).value(); }

std::string RegisterModelVersion(MlflowClient& client, const std::string& name, const std::string& model_dir) {
  std::string experiment = client.tracking().GetOrCreateExperiment("serving-tests").value();
  CreateRunRequest request;
  request.experiment_id = experiment;
  request.run_name = "train-" + name;
  Run run = client.tracking().CreateRun(request).value();
  ThrowIfError(client.artifacts().LogArtifacts(run.info.run_id, model_dir, "model"));
  ThrowIfError(client.tracking().EndRun(run.info.run_id));
  return client.registry().RegisterModel("runs:/" + run.info.run_id + "/model", name).value().version;
}

PredictionServerOptions TestOptions() {
  PredictionServerOptions options;
  options.http.port = 0;
  options.http.threads = 32;
  options.reload.poll_interval_seconds = 0.2;
  options.reload.retry_interval_seconds = 0.2;
  options.monitor.evaluate_interval_seconds = 0.5;
  return options;
}

RunningServer::RunningServer(PredictionServerOptions options, std::shared_ptr<ModelSource> source,
                             std::shared_ptr<TrackingApi> tracking, ModelVersionTagger tagger) {
  server_ = PredictionServer::Create(std::move(options), std::move(source), std::move(tracking), std::move(tagger),
                                     ServerLog([](LogLevel, const std::string& line) {
                                       if (std::getenv("MLFLOWCPP_TEST_VERBOSE")) std::fputs(line.c_str(), stderr);
                                     }))
                .value();
  thread_ = std::thread([this] { result_ = server_->Run(); });
}

RunningServer::~RunningServer() { Stop(); }

void RunningServer::Stop() {
  if (!thread_.joinable()) return;
  server_->Stop();
  thread_.join();
}

bool RunningServer::WaitReady(double seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (server_->service().ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

Json Reply::json() const {
  auto parsed = ParseJson(body);
  return parsed.ok() ? parsed.value() : Json();
}

Reply Http(transport::HttpTransport& http, const std::string& method, const std::string& url, const std::string& body,
           const std::string& content_type) {
  transport::HttpRequest request;
  request.method = method == "GET"      ? transport::HttpMethod::kGet
                   : method == "PUT"    ? transport::HttpMethod::kPut
                   : method == "DELETE" ? transport::HttpMethod::kDelete
                                        : transport::HttpMethod::kPost;
  request.url = url;
  request.body = body;
  if (!content_type.empty()) request.headers["Content-Type"] = content_type;
  request.timeout_seconds = 30;
  Reply reply;
  auto response = http.Send(request);
  if (!response.ok()) {
    reply.error = response.status().ToString();
    return reply;
  }
  reply.status = response->status;
  reply.body = response->body;
  reply.headers = response->headers;
  return reply;
}

std::string InputsBody(const std::vector<std::string>& texts) { return DumpJson(Json{{"inputs", texts}}); }

}  // namespace mlflow::server::testing
