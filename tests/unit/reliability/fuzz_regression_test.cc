// Replays every fuzz target (tests/fuzz/fuzz_*.cc) over its kept corpus: the hand-made seeds
// and every input that once crashed it (crash-* files). Runs in the normal and sanitizer
// builds, so a fixed crash stays fixed without clang or libFuzzer.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/fuzz_target.h"

namespace mlflow::testing {
namespace {

std::vector<uint8_t> ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST_CASE("every fuzz target replays its corpus and past crashes", "[reliability][fuzz]") {
  REQUIRE_FALSE(FuzzTargets().empty());
  for (const FuzzTarget& target : FuzzTargets()) {
    std::filesystem::path dir = std::filesystem::path(MLFLOWCPP_FUZZ_CORPUS_DIR) / target.name;
    INFO("target " << target.name << ", corpus " << dir.string());
    REQUIRE(std::filesystem::is_directory(dir));
    int inputs = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file()) continue;
      std::vector<uint8_t> bytes = ReadBytes(entry.path());
      INFO("input " << entry.path().filename().string());
      CHECK(target.run(bytes.data(), bytes.size()) == 0);
      ++inputs;
    }
    CHECK(inputs > 0);
  }
}

}  // namespace
}  // namespace mlflow::testing
