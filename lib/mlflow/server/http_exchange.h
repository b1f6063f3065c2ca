// The HTTP-library-neutral request and reply the PredictionService works with, so that the
// service is testable without sockets and the HTTP stack stays an implementation detail.
// Plain value types.
#pragma once

#include <string>
#include <string_view>

namespace mlflow::server {

struct HttpExchange {
  std::string_view method;        // "GET", "POST", ...
  std::string_view path;          // without the query string
  std::string_view content_type;  // the Content-Type header, "" when absent
  std::string_view request_id;    // the X-Request-Id header, "" when absent
  std::string_view body;
};

struct HttpReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string request_id;     // sent as X-Request-Id when not empty
  std::string model_name;     // sent as X-Model-Name when not empty
  std::string model_version;  // sent as X-Model-Version when not empty
  std::string allow;          // sent as Allow (405 replies)
};

}  // namespace mlflow::server
