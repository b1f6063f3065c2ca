// Multipart upload through the tracking server's artifact service, as MLflow's
// HttpArtifactRepository does it:
//   POST /api/2.0/mlflow-artifacts/mpu/create/<dir>   {"path": <file name>, "num_parts": N}
//        -> {"upload_id", "credentials": [{"url", "part_number", "headers"}]}
//   PUT <credential url> with the credential's headers and bytes [(part_number-1)*part_size, ...)
//        -> the part's ETag response header
//   POST /api/2.0/mlflow-artifacts/mpu/complete/<dir> {"path", "upload_id", "parts": [{"part_number","etag","url"}]}
//   POST /api/2.0/mlflow-artifacts/mpu/abort/<dir>    {"path", "upload_id"} when a part fails
// Parts stream from disk (upload_offset/upload_length), several at once. Credential URLs are
// absolute (presigned cloud URLs) and go through `storage`, a channel that never carries the
// tracking server's credentials; a URL starting with '/' is a path on the tracking server.
#pragma once

#include <cstdint>
#include <string>

#include "mlflow/artifacts/artifacts_options.h"
#include "mlflow/transport/rest_channel.h"

namespace mlflow::artifacts {

struct MultipartRequest {
  std::string dir_path;   // proxied path of the target directory ("1/<run>/artifacts/model")
  std::string file_name;  // the artifact's name inside dir_path
  std::string local_file;
  int64_t file_size = 0;
};

// true: uploaded. false: the server does not support multipart uploads (it answered
// NOT_IMPLEMENTED to mpu/create); nothing was uploaded and a single PUT should follow.
// Any other failure is returned after the upload was aborted.
Result<bool> MultipartUpload(transport::RestChannel& server, transport::RestChannel& storage,
                             const MultipartRequest& request, const ArtifactsOptions& options);

}  // namespace mlflow::artifacts
