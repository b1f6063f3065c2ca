#include "mlflow/transport/rest_channel.h"

#include <regex>

#include <cstdio>
#include <random>

namespace mlflow::transport {
namespace {

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

std::string EncodeWith(std::string_view text, bool keep_slash) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string QueryValue(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return DumpJson(value);
}

std::string FillPath(const char* templ, const PathParams& params) {
  std::string path = templ;
  for (const auto& [name, value] : params) {
    std::string token = "{" + name + "}";
    size_t at = path.find(token);
    if (at != std::string::npos) path.replace(at, token.size(), UrlEncode(value));
  }
  return path;
}

}  // namespace

std::string UrlEncode(std::string_view text) { return EncodeWith(text, false); }
std::string UrlEncodePath(std::string_view path) { return EncodeWith(path, true); }

std::string EncodeQuery(const Json& fields) {
  std::string query;
  auto append = [&query](const std::string& key, const Json& value) {
    if (value.is_null()) return;
    if (!query.empty()) query += '&';
    query += UrlEncode(key) + "=" + UrlEncode(QueryValue(value));
  };
  if (!fields.is_object()) return query;
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    if (it->is_array()) {
      for (const auto& element : *it) append(it.key(), element);
    } else {
      append(it.key(), *it);
    }
  }
  return query;
}

std::string RedactCredentials(std::string text) {
  // A server or proxy may echo the request's headers back in an error body; none of it may
  // reach a Status message (and from there logs). Over-redacting is fine.
  static const std::regex header(R"((proxy-)?authorization\s*[:=][^\r\n]*)", std::regex::icase);
  static const std::regex scheme(R"(\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+)", std::regex::icase);
  if (text.find_first_of("aAbB") == std::string::npos) return text;
  text = std::regex_replace(text, header, "[credentials redacted]");
  return std::regex_replace(text, scheme, "[credentials redacted]");
}

Status StatusFromErrorResponse(const HttpResponse& response, std::string_view where) {
  Status status;
  auto parsed = ParseJson(response.body);
  if (parsed.ok() && parsed->is_object() && parsed->contains("error_code")) {
    std::string name = GetString(*parsed, "error_code");
    std::string message = RedactCredentials(GetString(*parsed, "message"));
    status = Status(ErrorCodeFromName(name), name, message, response.status);
  } else if (parsed.ok() && parsed->is_object() && parsed->contains("error")) {
    status = Status(ErrorCodeFromHttpStatus(response.status), RedactCredentials(GetString(*parsed, "error")),
                    response.status);
  } else {
    std::string preview = RedactCredentials(response.body.substr(0, 400)).substr(0, 200);
    for (char& c : preview) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    std::string message = std::string(where) + " answered HTTP " + std::to_string(response.status) +
                          (preview.empty() ? " with an empty body" : " (not an MLflow error body): " + preview);
    status = Status(ErrorCodeFromHttpStatus(response.status), message, response.status);
  }
  std::string retry_after = response.Header("retry-after");
  return retry_after.empty() ? status : status.WithRetryAfter(retry_after);
}

HttpRestChannel::HttpRestChannel(std::string base_url, std::shared_ptr<HttpTransport> transport)
    : base_url_(std::move(base_url)), transport_(std::move(transport)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

Result<Json> HttpRestChannel::Call(const Endpoint& endpoint, const Json& request, const PathParams& path_params) {
  HttpRequest http;
  http.method = endpoint.method;
  std::string path = FillPath(endpoint.path, path_params);
  http.url = base_url_ + path;
  if (endpoint.method == HttpMethod::kGet) {
    std::string query = EncodeQuery(request);
    if (!query.empty()) http.url += "?" + query;
  } else {
    http.headers["Content-Type"] = "application/json";
    http.body = request.is_null() ? "{}" : DumpJson(request);
  }
  auto response = transport_->Send(http);
  if (!response.ok()) return response.status();
  if (response->status < 200 || response->status >= 300) {
    return StatusFromErrorResponse(*response, std::string(HttpMethodName(endpoint.method)) + " " + path);
  }
  if (response->body.empty()) return Json::object();
  return ParseJson(response->body, std::string("response of ") + path);
}

Result<HttpResponse> HttpRestChannel::Send(HttpRequest request, Idempotency /*idempotency*/) {
  std::string path = request.url;
  request.url = base_url_ + request.url;
  auto response = transport_->Send(request);
  if (!response.ok()) return response.status();
  if (response->status < 200 || response->status >= 300) {
    return StatusFromErrorResponse(*response, std::string(HttpMethodName(request.method)) + " " + path);
  }
  return response;
}

RetryingRestChannel::RetryingRestChannel(std::shared_ptr<RestChannel> inner, RetryPolicy policy, Sleeper sleeper)
    : inner_(std::move(inner)), policy_(policy), sleeper_(std::move(sleeper)), random_(std::random_device{}()) {}

double RetryingRestChannel::NextRandom() {
  std::lock_guard<std::mutex> lock(random_mutex_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(random_);
}

template <typename Fn>
auto RetryingRestChannel::WithRetry(Idempotency idempotency, Fn&& attempt) -> decltype(attempt()) {
  int retries = 0;
  while (true) {
    auto result = attempt();
    if (result.ok() || idempotency != Idempotency::kIdempotent || retries >= policy_.max_retries ||
        !RetryPolicy::IsRetryableStatus(result.status())) {
      if (!result.ok() && retries > 0) {
        return result.status().WithContext("after " + std::to_string(retries + 1) + " attempts");
      }
      return result;
    }
    ++retries;
    sleeper_(policy_.Delay(retries, result.status().retry_after(), NextRandom()));
  }
}

Result<Json> RetryingRestChannel::Call(const Endpoint& endpoint, const Json& request, const PathParams& path_params) {
  return WithRetry(endpoint.idempotency, [&] { return inner_->Call(endpoint, request, path_params); });
}

Result<HttpResponse> RetryingRestChannel::Send(HttpRequest request, Idempotency idempotency) {
  return WithRetry(idempotency, [&] {
    if (request.before_attempt) request.before_attempt();
    return inner_->Send(request, idempotency);
  });
}

}  // namespace mlflow::transport
