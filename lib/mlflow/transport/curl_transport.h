// CurlTransport: HttpTransport over libcurl with keep-alive connection reuse.
//
// Thread safety: Send() may be called from any number of threads; each call borrows a curl
// easy handle from a pool (a handle is never shared by two threads) and returns it afterwards,
// so its open connection is reused by the next request. Failures to exchange map to
// kConnectionError / kTimeout (retryable) or kTlsError (certificate verification and TLS
// setup failures, not retryable) statuses whose messages never contain credentials.
#pragma once

#include <memory>

#include "mlflow/transport/http.h"
#include "mlflow/transport/transport_options.h"

namespace mlflow::transport {

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(TransportOptions options = {});
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  Result<HttpResponse> Send(const HttpRequest& request) override;

  const TransportOptions& options() const;

 private:
  class HandlePool;
  TransportOptions options_;
  std::unique_ptr<HandlePool> pool_;
};

}  // namespace mlflow::transport
