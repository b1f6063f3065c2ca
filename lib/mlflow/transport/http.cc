#include "mlflow/transport/http.h"
#include "mlflow/core/text.h"

#include <algorithm>

namespace mlflow::transport {

const char* HttpMethodName(HttpMethod method) {
  switch (method) {
    case HttpMethod::kGet:
      return "GET";
    case HttpMethod::kPost:
      return "POST";
    case HttpMethod::kPut:
      return "PUT";
    case HttpMethod::kPatch:
      return "PATCH";
    case HttpMethod::kDelete:
      return "DELETE";
  }
  return "GET";
}

std::string HttpResponse::Header(const std::string& name) const {
  auto it = headers.find(AsciiLowercase(name));
  return it == headers.end() ? std::string() : it->second;
}

std::string RedactedUrl(const std::string& url) {
  std::string out = url.substr(0, url.find_first_of("?#"));
  size_t authority = out.find("://");
  authority = authority == std::string::npos ? 0 : authority + 3;
  size_t path = out.find('/', authority);
  size_t at = out.rfind('@', path == std::string::npos ? std::string::npos : path);
  if (at != std::string::npos && at >= authority) out.erase(authority, at + 1 - authority);
  return out;
}

}  // namespace mlflow::transport
