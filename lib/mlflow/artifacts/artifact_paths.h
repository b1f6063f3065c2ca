// Artifact path rules: what a relative artifact path may look like, and where a path that a
// server sent may land on the local disk.
//
// An artifact path is '/'-separated and relative to an artifact root: no leading '/', no empty,
// '.' or '..' segment, no backslash or NUL. These rules are applied to every path a caller
// passes (INVALID_PARAMETER_VALUE) and to every listing entry a server returns (a bad entry is
// an INVALID_RESPONSE status: a listing that would make a download escape its destination
// directory, such as "../../etc/x", is refused, never written). Pure functions, thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "mlflow/core/result.h"

namespace mlflow::artifacts {

// "a/b" + "c" -> "a/b/c"; an empty side is skipped.
std::string JoinArtifactPath(std::string_view base, std::string_view child);
// The parent of "a/b/c" is "a/b"; of "a" it is "".
std::string ParentArtifactPath(std::string_view path);
// The last segment: "a/b/c" -> "c".
std::string BaseName(std::string_view path);

// True when `path` follows the rules above ("" is the root and is clean).
bool IsCleanArtifactPath(std::string_view path);

// A caller's artifact path, with one trailing '/' dropped ("model/" -> "model"); `what` names
// the argument in the error ("artifact_path").
Result<std::string> NormalizeArtifactPath(std::string_view path, std::string_view what);

// Checks a listing entry a server returned for directory `listed_dir`: it must be a clean
// path strictly inside `listed_dir`.
Status CheckListingEntry(std::string_view listed_dir, std::string_view entry);

// dest_dir/relative, after checking that the result stays inside dest_dir.
Result<std::filesystem::path> LocalPathFor(const std::filesystem::path& dest_dir, std::string_view relative);

}  // namespace mlflow::artifacts
