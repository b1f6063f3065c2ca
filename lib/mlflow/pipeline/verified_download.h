// DownloadVerified: fetches a URL to a local file and checks it against a pinned SHA-256,
// the way `dvc import-url` pins data, so a pipeline never trains on bytes it did not expect.
//
// The body streams to "<dest>.part" (never held in memory) and is renamed to `dest` only when
// the status is 2xx and the checksum matches; on any failure the partial file is removed and
// `dest` is untouched. When `dest` already exists with the expected checksum, nothing is
// downloaded.
// Failures: kInvalidParameterValue (malformed checksum), kConnectionError/kTimeout (network),
// the HTTP status mapped to an ErrorCode (non-2xx), kIoError (disk), and kChecksumMismatch's
// code (kInvalidState) with a message giving both digests. Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "mlflow/core/result.h"
#include "mlflow/transport/http.h"

namespace mlflow::pipeline {

// The ErrorCode a checksum mismatch carries (the CLI maps it to "check failed", exit 1).
inline constexpr ErrorCode kChecksumMismatch = ErrorCode::kInvalidState;

// `transport` defaults to a CurlTransport with default options.
Status DownloadVerified(const std::string& url, const std::string& expected_sha256, const std::string& dest,
                        std::shared_ptr<transport::HttpTransport> transport = nullptr);

}  // namespace mlflow::pipeline
