#include "mlflow/transport/curl_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <vector>

#include "mlflow/transport/auth.h"
#include "mlflow/core/text.h"

namespace mlflow::transport {
namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct TransferState {
  HttpResponse* response = nullptr;
  const BodySink* sink = nullptr;
  int64_t max_body = 0;
  bool body_too_large = false;
  bool sink_aborted = false;
  std::FILE* upload = nullptr;
  int64_t upload_remaining = -1;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<TransferState*>(user);
  size_t n = size * count;
  if (state->sink && *state->sink) {
    // Error statuses are read into memory so the error message survives.
    if (state->response->status == 0 || state->response->status < 400) {
      if (!(*state->sink)(data, n)) {
        state->sink_aborted = true;
        return 0;
      }
      return n;
    }
  }
  if (static_cast<int64_t>(state->response->body.size() + n) > state->max_body) {
    state->body_too_large = true;
    return 0;
  }
  state->response->body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<TransferState*>(user);
  size_t n = size * count;
  std::string line(data, n);
  if (line.rfind("HTTP/", 0) == 0) {
    state->response->headers.clear();  // a new response (after 100-continue or a redirect)
    size_t space = line.find(' ');
    if (space != std::string::npos) state->response->status = std::atoi(line.c_str() + space + 1);
    return n;
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos) return n;
  const std::string name = AsciiLowercase(line.substr(0, colon));
  size_t start = line.find_first_not_of(" \t", colon + 1);
  size_t end = line.find_last_not_of("\r\n \t");
  state->response->headers[name] =
      (start == std::string::npos || end < start) ? "" : line.substr(start, end - start + 1);
  return n;
}

size_t OnUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* state = static_cast<TransferState*>(user);
  size_t want = size * count;
  if (state->upload_remaining >= 0) want = std::min<size_t>(want, static_cast<size_t>(state->upload_remaining));
  if (want == 0) return 0;
  size_t got = std::fread(buffer, 1, want, state->upload);
  if (got == 0 && std::ferror(state->upload)) return CURL_READFUNC_ABORT;
  if (state->upload_remaining >= 0) state->upload_remaining -= static_cast<int64_t>(got);
  return got;
}

// Certificate and TLS setup problems are permanent: retrying cannot fix them.
bool IsTlsVerificationFailure(CURLcode rc) {
  switch (rc) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
      return true;
    default:
      return false;
  }
}

}  // namespace

class CurlTransport::HandlePool {
 public:
  explicit HandlePool(size_t max_idle) : max_idle_(max_idle) {}
  ~HandlePool() {
    for (CURL* handle : idle_) curl_easy_cleanup(handle);
  }
  CURL* Acquire() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!idle_.empty()) {
        CURL* handle = idle_.back();
        idle_.pop_back();
        return handle;
      }
    }
    return curl_easy_init();
  }
  void Release(CURL* handle) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (idle_.size() < max_idle_) {
      idle_.push_back(handle);
    } else {
      curl_easy_cleanup(handle);
    }
  }

 private:
  size_t max_idle_;
  std::mutex mutex_;
  std::vector<CURL*> idle_;
};

CurlTransport::CurlTransport(TransportOptions options)
    : options_(std::move(options)),
      pool_(std::make_unique<HandlePool>(static_cast<size_t>(std::max(1, options_.max_idle_connections)))) {
  GlobalInitOnce();
}

CurlTransport::~CurlTransport() = default;

const TransportOptions& CurlTransport::options() const { return options_; }

Result<HttpResponse> CurlTransport::Send(const HttpRequest& request) {
  CURL* curl = pool_->Acquire();
  if (!curl) return Status(ErrorCode::kInternalError, "curl_easy_init failed");
  curl_easy_reset(curl);  // keeps the connection cache, clears per-request options

  HttpResponse response;
  TransferState state;
  state.response = &response;
  state.sink = &request.body_sink;
  state.max_body = options_.max_response_bytes;

  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  double timeout = request.timeout_seconds.value_or(options_.timeout_seconds);
  if (timeout > 0) curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout * 1000));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_seconds * 1000));

  const TlsOptions& tls = options_.tls;
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, tls.verify ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, tls.verify ? 2L : 0L);
  if (!tls.ca_bundle_path.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, tls.ca_bundle_path.c_str());
  if (!tls.client_cert_path.empty()) curl_easy_setopt(curl, CURLOPT_SSLCERT, tls.client_cert_path.c_str());
  if (!tls.client_key_path.empty()) curl_easy_setopt(curl, CURLOPT_SSLKEY, tls.client_key_path.c_str());

  struct curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers) headers = curl_slist_append(headers, (name + ": " + value).c_str());
  std::string authorization = AuthorizationHeader(options_.auth);
  if (!authorization.empty()) {
    authorization = "Authorization: " + authorization;
    headers = curl_slist_append(headers, authorization.c_str());
  }
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip on uploads

  std::FILE* upload = nullptr;
  if (!request.upload_file.empty()) {
    upload = std::fopen(request.upload_file.c_str(), "rb");
    if (!upload) {
      curl_slist_free_all(headers);
      pool_->Release(curl);
      return IoError("cannot open '" + request.upload_file + "' for upload");
    }
    int64_t length = request.upload_length;
    if (length < 0) {
      std::fseek(upload, 0, SEEK_END);
      length = static_cast<int64_t>(std::ftell(upload)) - request.upload_offset;
    }
    std::fseek(upload, static_cast<long>(request.upload_offset), SEEK_SET);
    state.upload = upload;
    state.upload_remaining = length;
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, OnUpload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &state);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(length));
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, HttpMethodName(request.method));
  } else {
    switch (request.method) {
      case HttpMethod::kGet:
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
        break;
      case HttpMethod::kPost:
      case HttpMethod::kPut:
      case HttpMethod::kPatch:
      case HttpMethod::kDelete:
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, HttpMethodName(request.method));
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        break;
    }
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &state);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &state);
  char error_buffer[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);

  CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  if (upload) std::fclose(upload);
  // Scrub per-request pointers before the handle goes back to the pool.
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  pool_->Release(curl);

  std::string where = std::string(HttpMethodName(request.method)) + " " + RedactedUrl(request.url);
  if (state.body_too_large) {
    return Status(ErrorCode::kResourceExhausted,
                  where + ": response body exceeds the " + std::to_string(options_.max_response_bytes) + "-byte limit",
                  static_cast<int>(status));
  }
  if (state.sink_aborted) return IoError(where + ": the response body could not be written");
  if (rc != CURLE_OK) {
    std::string detail = error_buffer[0] ? error_buffer : curl_easy_strerror(rc);
    if (IsTlsVerificationFailure(rc)) {
      return Status(ErrorCode::kTlsError,
                    where + ": " + detail +
                        " (trust the server with MLFLOW_TRACKING_SERVER_CERT_PATH=<CA bundle>, or "
                        "skip verification with MLFLOW_TRACKING_INSECURE_TLS=true)");
    }
    ErrorCode code = rc == CURLE_OPERATION_TIMEDOUT ? ErrorCode::kTimeout : ErrorCode::kConnectionError;
    return Status(code, where + ": " + detail);
  }
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace mlflow::transport
