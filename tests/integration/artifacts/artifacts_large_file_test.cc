// A 200 MB artifact streams both ways with bounded memory: the peak resident size of this
// process grows by less than 64 MiB while it is uploaded and downloaded again.
#include <catch2/catch.hpp>

#include "integration/artifacts/artifact_test_helpers.h"

using namespace mlflow;
using namespace mlflow::testing;
namespace fs = std::filesystem;

TEST_CASE("a 200 MB file uploads and downloads with bounded memory", "[integration][artifacts][large]") {
  constexpr int64_t kBytes = 200LL << 20;
  constexpr int64_t kMaxGrowthKib = 64 << 10;
  auto client = TestClient();
  auto [experiment_id, run_id] = NewRun(client, "art-large");
  fs::path dir = MakeTempDir("large");
  WriteLargeFile(dir / "big.bin", kBytes);
  auto repo = client.artifacts().ForRun(run_id).value();

  REQUIRE(ResetPeakRss());
  int64_t baseline = PeakRssKib();
  REQUIRE(repo.LogFile((dir / "big.bin").string(), "blobs").ok());
  int64_t after_upload = PeakRssKib();
  auto local = repo.Download("blobs/big.bin", (dir / "back").string());
  int64_t after_download = PeakRssKib();
  REQUIRE(local.ok());

  INFO("peak RSS KiB: baseline " << baseline << ", after upload " << after_upload << ", after download "
                                 << after_download);
  CHECK(after_upload - baseline < kMaxGrowthKib);
  CHECK(after_download - baseline < kMaxGrowthKib);
  CHECK(fs::file_size(*local) == static_cast<uintmax_t>(kBytes));
  CHECK(SameBytes(*local, dir / "big.bin"));
  CHECK(repo.List("blobs").value().at(0).file_size == kBytes);
  fs::remove_all(dir);
  REQUIRE(repo.Delete("blobs").ok());
}
