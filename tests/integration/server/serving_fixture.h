// Shared helpers of the prediction server's integration tests: small real models trained
// through the SentimentModel API on slices of the real data, registered in the shared MLflow
// test server; a PredictionServer running on a background thread; plain HTTP calls through
// the library's CurlTransport.
#pragma once

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "mlflow/client/mlflow_client.h"
#include "mlflow/models/dataset.h"
#include "mlflow/server/prediction_server.h"
#include "mlflow/transport/curl_transport.h"

namespace mlflow::server::testing {

// A baseline model trained on `rows` tweets of the training files (seeded; cached per process
// and per `rows`), saved as a model directory. Returns the directory.
std::string TrainedModelDir(size_t rows = 4000);

// twitter-2016test-A.tsv (cleaned, de-duplicated), loaded once per process.
const models::Dataset& Test2016();

MlflowClient TestClient();

// Logs `model_dir` as the artifact "model" of a new run and registers it as a version of
// `name` (created when missing). Returns the version.
std::string RegisterModelVersion(MlflowClient& client, const std::string& name, const std::string& model_dir);

// A PredictionServer on 127.0.0.1 (any free port), served on a background thread.
class RunningServer {
 public:
  RunningServer(PredictionServerOptions options, std::shared_ptr<ModelSource> source,
                std::shared_ptr<TrackingApi> tracking = nullptr, ModelVersionTagger tagger = nullptr);
  ~RunningServer();  // Stop() + join
  void Stop();
  bool WaitReady(double seconds = 60);
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  PredictionServer& server() { return *server_; }
  const Status& result() const { return result_; }

 private:
  std::unique_ptr<PredictionServer> server_;
  std::thread thread_;
  Status result_;
};

// Options for tests: port 0, quick polling and evaluation.
PredictionServerOptions TestOptions();

struct Reply {
  int status = 0;  // 0: the exchange failed (see error)
  std::string body;
  std::string error;
  transport::HttpHeaders headers;
  Json json() const;  // parsed body (null when not JSON)
};

// One request; `content_type` empty sends none.
Reply Http(transport::HttpTransport& http, const std::string& method, const std::string& url,
           const std::string& body = "", const std::string& content_type = "application/json");

// {"inputs": [texts...]}
std::string InputsBody(const std::vector<std::string>& texts);

}  // namespace mlflow::server::testing
