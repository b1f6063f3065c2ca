// The HTTP layer's vocabulary and its one interface, HttpTransport.
//
// A transport sends one request and returns the response, whatever its status code: a 404 is
// a successful exchange here, mapped to a Status by RestClient. Only failures to exchange
// (connection refused, reset, timeout, TLS) are error Statuses. Implementations must be safe
// to call from several threads at once. Tests substitute hand-written fakes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "mlflow/core/result.h"

namespace mlflow::transport {

enum class HttpMethod { kGet, kPost, kPut, kPatch, kDelete };
const char* HttpMethodName(HttpMethod method);

// Header names are matched case-insensitively by readers of HttpResponse::Header().
using HttpHeaders = std::map<std::string, std::string>;

// Receives a streamed response body chunk by chunk; returning false aborts the transfer.
using BodySink = std::function<bool(const char* data, size_t size)>;

struct HttpRequest {
  HttpMethod method = HttpMethod::kGet;
  std::string url;  // absolute: scheme://host:port/path?query
  HttpHeaders headers;
  std::string body;                       // sent as is when upload_file is empty
  std::string upload_file;                // when set, the body streams from this file (never held in memory)
  int64_t upload_offset = 0;              // with upload_file: first byte to send
  int64_t upload_length = -1;             // with upload_file: bytes to send, -1 = to end of file
  BodySink body_sink;                     // when set, the response body streams here instead of into body
  std::function<void()> before_attempt;   // called before every (re)try: rewind whatever body_sink wrote
  std::optional<double> timeout_seconds;  // overrides the transport's default for this request
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;  // names lower-cased
  std::string body;     // empty when the request had a body_sink

  // Case-insensitive lookup; empty when absent.
  std::string Header(const std::string& name) const;
};

// `url` without its query string and without any user:password@ part, for messages.
std::string RedactedUrl(const std::string& url);

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

}  // namespace mlflow::transport
