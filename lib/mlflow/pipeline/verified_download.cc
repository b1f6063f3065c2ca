#include "mlflow/pipeline/verified_download.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "mlflow/pipeline/sha256.h"
#include "mlflow/transport/curl_transport.h"
#include "mlflow/core/text.h"

namespace mlflow::pipeline {
namespace fs = std::filesystem;

Status DownloadVerified(const std::string& url, const std::string& expected_sha256, const std::string& dest,
                        std::shared_ptr<transport::HttpTransport> transport) {
  const std::string expected = AsciiLowercase(expected_sha256);
  if (expected.size() != 64 || expected.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return InvalidArgument(fmt::format("the pinned SHA-256 for {} is not 64 hex digits: '{}'", url, expected_sha256));
  }
  std::error_code ec;
  if (fs::exists(dest, ec)) {
    auto existing = Sha256File(dest);
    if (existing.ok() && existing.value() == expected) return Status::Ok();
  }
  if (!transport) transport = std::make_shared<transport::CurlTransport>();
  if (!fs::path(dest).parent_path().empty()) fs::create_directories(fs::path(dest).parent_path(), ec);
  std::string part = dest + ".part";
  std::ofstream out(part, std::ios::binary | std::ios::trunc);
  if (!out) return IoError(fmt::format("cannot write '{}'", part));
  Sha256 hasher;
  transport::HttpRequest request;
  request.method = transport::HttpMethod::kGet;
  request.url = url;
  request.body_sink = [&](const char* data, size_t size) {
    out.write(data, static_cast<std::streamsize>(size));
    hasher.Update(data, size);
    return static_cast<bool>(out);
  };
  auto response = transport->Send(request);
  out.close();
  auto fail = [&](Status status) {
    fs::remove(part, ec);
    return status;
  };
  if (!response.ok()) return fail(response.status().WithContext("download " + url));
  int code = response.value().status;
  if (code < 200 || code >= 300) {
    return fail(Status(ErrorCodeFromHttpStatus(code), fmt::format("download {}: HTTP {}", url, code), code));
  }
  if (!out) return fail(IoError(fmt::format("error writing '{}'", part)));
  std::string actual = hasher.HexDigest();
  if (actual != expected) {
    return fail(Status(kChecksumMismatch,
                       fmt::format("checksum mismatch for {}: expected SHA-256 {}, got {}", url, expected, actual)));
  }
  fs::rename(part, dest, ec);
  if (ec) return fail(IoError(fmt::format("cannot rename '{}' to '{}': {}", part, dest, ec.message())));
  return Status::Ok();
}

}  // namespace mlflow::pipeline
