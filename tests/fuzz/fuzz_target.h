// What every tests/fuzz/fuzz_<name>.cc provides: one libFuzzer entry point,
//   extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
// that feeds the bytes to one parser of the library, never crashes, and returns 0.
//
// The same sources are linked into unit_reliability with the entry point renamed to
// FuzzOne_<name> (tests/reliability/tests.cmake); FuzzTargets() lists them there, so the kept
// corpus and every input that once crashed a target (tests/fuzz/corpus/<name>/) replay as
// regression tests under the normal and sanitizer builds, without clang.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace mlflow::testing {

struct FuzzTarget {
  const char* name;
  int (*run)(const uint8_t* data, size_t size);
};

// Defined by the generated fuzz_registry.cc of unit_reliability.
const std::vector<FuzzTarget>& FuzzTargets();

// The input as text, for targets whose parsers take text.
inline std::string_view AsText(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

}  // namespace mlflow::testing
