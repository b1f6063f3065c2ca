// prediction_client: score tweets with a running prediction server, then send feedback.
//
//   mlflow-cpp serve --model models:/tweet-sentiment@champion --port 8080 &
//   prediction_client [--url http://127.0.0.1:8080] [--kserve [--model NAME]] [--feedback LABEL,...] TEXT...
//
// POSTs the texts to /invocations (MLflow scoring protocol) or, with --kserve, to
// /v2/models/NAME/infer (KServe V2, NAME default tweet-sentiment), prints each label with its probabilities, and with
// --feedback sends the true labels back to /feedback by the response's request id.
// Uses the library's CurlTransport (keep-alive, timeouts); exits 1 on any error.
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "mlflow/mlflow.h"
#include "mlflow/transport/curl_transport.h"

namespace {

using mlflow::Json;
using mlflow::transport::HttpMethod;
using mlflow::transport::HttpRequest;

mlflow::Result<Json> Call(mlflow::transport::HttpTransport& http, HttpMethod method, const std::string& url,
                          const Json& body = nullptr) {
  HttpRequest request;
  request.method = method;
  request.url = url;
  if (!body.is_null()) {
    request.headers["Content-Type"] = "application/json";
    request.body = mlflow::DumpJson(body);
  }
  request.timeout_seconds = 10;
  MLFLOW_ASSIGN_OR_RETURN(auto response, http.Send(request));
  auto parsed = mlflow::ParseJson(response.body, url);
  if (response.status != 200) {
    return mlflow::Status(mlflow::ErrorCode::kBadRequest,
                          url + " answered " + std::to_string(response.status) + ": " + response.body, response.status);
  }
  return parsed;
}

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) out.push_back(item);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string url = "http://127.0.0.1:8080";
  bool kserve = false;
  std::string model = "tweet-sentiment";
  std::vector<std::string> feedback;
  std::vector<std::string> texts;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--url") == 0 && i + 1 < argc) {
      url = argv[++i];
    } else if (std::strcmp(argv[i], "--kserve") == 0) {
      kserve = true;
    } else if (std::strcmp(argv[i], "--model") == 0 && i + 1 < argc) {
      model = argv[++i];
    } else if (std::strcmp(argv[i], "--feedback") == 0 && i + 1 < argc) {
      feedback = Split(argv[++i]);
    } else {
      texts.emplace_back(argv[i]);
    }
  }
  if (texts.empty()) {
    std::cerr << "usage: prediction_client [--url URL] [--kserve [--model NAME]] [--feedback LABEL,...] TEXT...\n";
    return 2;
  }
  mlflow::transport::CurlTransport http;
  std::string request_id;
  if (kserve) {
    Json body = {{"inputs", {{{"name", "text"}, {"datatype", "BYTES"}, {"shape", {texts.size()}}, {"data", texts}}}}};
    auto reply = Call(http, HttpMethod::kPost, url + "/v2/models/" + model + "/infer", body);
    if (!reply.ok()) {
      std::cerr << reply.status().ToString() << "\n";
      return 1;
    }
    request_id = (*reply)["id"].get<std::string>();
    const Json& labels = (*reply)["outputs"][0]["data"];
    for (size_t i = 0; i < texts.size(); ++i) std::cout << labels[i].get<std::string>() << "\t" << texts[i] << "\n";
    std::cout << "model " << (*reply)["model_name"].get<std::string>() << " version "
              << (*reply)["model_version"].get<std::string>() << ", request " << request_id << "\n";
  } else {
    auto reply = Call(http, HttpMethod::kPost, url + "/invocations", Json{{"inputs", texts}});
    if (!reply.ok()) {
      std::cerr << reply.status().ToString() << "\n";
      return 1;
    }
    request_id = (*reply)["request_id"].get<std::string>();
    for (size_t i = 0; i < texts.size(); ++i) {
      const Json& p = (*reply)["predictions"][i];
      std::cout << p["label"].get<std::string>() << "\t" << p["probabilities"].dump() << "\t" << texts[i] << "\n";
    }
    std::cout << "model " << (*reply)["model_name"].get<std::string>() << " version "
              << (*reply)["model_version"].get<std::string>() << ", request " << request_id << "\n";
  }
  if (!feedback.empty()) {
    auto reply =
        Call(http, HttpMethod::kPost, url + "/feedback", Json{{"request_id", request_id}, {"labels", feedback}});
    if (!reply.ok()) {
      std::cerr << reply.status().ToString() << "\n";
      return 1;
    }
    std::cout << "feedback accepted: " << reply->dump() << "\n";
  }
  return 0;
}
