// SHA-256 (FIPS 180-4), for verifying downloaded data against a pinned checksum and for
// content digests of pipeline files.
//
// Sha256 is an incremental hasher: Update() any number of times, then HexDigest() once.
// Instances are not synchronised; the free functions are thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "mlflow/core/result.h"

namespace mlflow::pipeline {

class Sha256 {
 public:
  Sha256();
  void Update(const void* data, size_t size);
  void Update(std::string_view bytes) { Update(bytes.data(), bytes.size()); }
  // Finishes the hash; the object must not be updated afterwards.
  std::array<uint8_t, 32> Digest();
  std::string HexDigest();  // 64 lower-case hex digits

 private:
  void Block(const uint8_t* block);
  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

std::string Sha256Hex(std::string_view bytes);
// Streams the file; kIoError when it cannot be read.
Result<std::string> Sha256File(const std::string& path);

}  // namespace mlflow::pipeline
