#include <catch2/catch.hpp>

#include "mlflow/artifacts/artifact_paths.h"

using namespace mlflow;
using namespace mlflow::artifacts;

TEST_CASE("clean artifact paths are relative, '/'-separated and never climb", "[artifacts][paths]") {
  CHECK(IsCleanArtifactPath(""));
  CHECK(IsCleanArtifactPath("model"));
  CHECK(IsCleanArtifactPath("model/data/weights.bin"));
  CHECK(IsCleanArtifactPath("sp ace/d%.txt"));
  CHECK(IsCleanArtifactPath("..hidden"));  // a name, not a parent reference
  CHECK_FALSE(IsCleanArtifactPath("/etc/passwd"));
  CHECK_FALSE(IsCleanArtifactPath("../x"));
  CHECK_FALSE(IsCleanArtifactPath("../../etc/x"));
  CHECK_FALSE(IsCleanArtifactPath("a/../../x"));
  CHECK_FALSE(IsCleanArtifactPath("a/./b"));
  CHECK_FALSE(IsCleanArtifactPath("a//b"));
  CHECK_FALSE(IsCleanArtifactPath("a/"));
  CHECK_FALSE(IsCleanArtifactPath("a\\..\\b"));
  CHECK_FALSE(IsCleanArtifactPath(std::string("a\0b", 3)));
}

TEST_CASE("caller paths lose one trailing slash and are otherwise checked", "[artifacts][paths]") {
  CHECK(NormalizeArtifactPath("model/", "artifact_path").value() == "model");
  CHECK(NormalizeArtifactPath("", "artifact_path").value() == "");
  auto bad = NormalizeArtifactPath("../up", "artifact_path");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == ErrorCode::kInvalidParameterValue);
  CHECK(bad.status().message().find("artifact_path") != std::string::npos);
  CHECK_FALSE(NormalizeArtifactPath("/abs", "artifact_path").ok());
}

TEST_CASE("listing entries must stay inside the listed directory", "[artifacts][paths]") {
  CHECK(CheckListingEntry("", "a.txt").ok());
  CHECK(CheckListingEntry("dir", "dir/b.txt").ok());
  CHECK(CheckListingEntry("dir", "dir/sub/c.txt").ok());

  Status escape = CheckListingEntry("", "../../etc/x");
  REQUIRE_FALSE(escape.ok());
  CHECK(escape.code() == ErrorCode::kInvalidResponse);
  CHECK(escape.message().find("../../etc/x") != std::string::npos);
  CHECK(escape.message().find("escape") != std::string::npos);

  CHECK_FALSE(CheckListingEntry("", "/etc/x").ok());
  CHECK_FALSE(CheckListingEntry("dir", "dir/../../etc/x").ok());
  CHECK_FALSE(CheckListingEntry("dir", "other/x").ok());
  CHECK_FALSE(CheckListingEntry("dir", "dirx/a").ok());  // a sibling sharing the prefix
  CHECK_FALSE(CheckListingEntry("dir", "dir").ok());     // the directory itself
  CHECK_FALSE(CheckListingEntry("", "").ok());
}

TEST_CASE("local targets stay under the destination directory", "[artifacts][paths]") {
  CHECK(LocalPathFor("/tmp/dest", "a/b.txt").value().string() == "/tmp/dest/a/b.txt");
  CHECK(LocalPathFor("/tmp/dest/", "").value().string() == "/tmp/dest/");
  CHECK_FALSE(LocalPathFor("/tmp/dest", "../x").ok());
  CHECK_FALSE(LocalPathFor("/tmp/dest", "/etc/x").ok());
}

TEST_CASE("path helpers join and split on '/'", "[artifacts][paths]") {
  CHECK(JoinArtifactPath("", "b") == "b");
  CHECK(JoinArtifactPath("a", "") == "a");
  CHECK(JoinArtifactPath("a", "b/c") == "a/b/c");
  CHECK(ParentArtifactPath("a/b/c") == "a/b");
  CHECK(ParentArtifactPath("c") == "");
  CHECK(BaseName("a/b/c") == "c");
  CHECK(BaseName("c") == "c");
}
