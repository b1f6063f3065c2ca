// ArtifactLocation: what an artifact root URI means to this client.
//
// Supported roots:
//   mlflow-artifacts:/<path>   proxied through the tracking server's artifact service
//                               (/api/2.0/mlflow-artifacts/artifacts/<path>); an authority
//                               (mlflow-artifacts://host:port/...) must name the tracking server
//   http(s)://<tracking>/api/2.0/mlflow-artifacts/artifacts/<path>   the same, spelled out
//   file:///abs/dir, file:/abs/dir, /abs/dir   a directory this machine reads and writes directly
//   runs:/<run_id>[/<path>]    a run's artifacts (resolved by ArtifactsApi through the server)
// Other schemes (s3, gs, wasbs, dbfs, ...) are NOT_IMPLEMENTED: serve them through a tracking
// server started with --serve-artifacts. Pure functions, thread-safe.
#pragma once

#include <string>

#include "mlflow/core/result.h"

namespace mlflow::artifacts {

struct ArtifactLocation {
  enum class Kind { kProxied, kLocal, kRun };
  Kind kind = Kind::kProxied;
  std::string uri;     // the URI as given
  std::string path;    // kProxied: path under the artifact service; kLocal: absolute directory;
                       // kRun: path inside the run's artifact root ("" for the root)
  std::string run_id;  // kRun only
};

// `tracking_base_url` ("http://host:port[/prefix]") decides which authorities are "this server".
Result<ArtifactLocation> ParseArtifactLocation(const std::string& uri, const std::string& tracking_base_url);

// "runs:/<run_id>/<path>" -> {run_id, path}; INVALID_PARAMETER_VALUE when malformed.
Result<ArtifactLocation> ParseRunsUri(const std::string& uri);

// Decodes %XX escapes (file URIs); malformed escapes are kept as they are.
std::string PercentDecode(const std::string& text);

}  // namespace mlflow::artifacts
