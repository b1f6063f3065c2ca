// Little-endian binary encoding for model files, with bounds-checked reading.
//
// BinaryWriter appends to a string. BinaryReader reads from a view and never reads past its
// end: the first failed read (or Fail()) records an error, later reads return false, and
// status() explains what was missing where. Neither class is thread-safe; both assume a
// little-endian host, like the model format.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "mlflow/core/status.h"

namespace mlflow::models {

class BinaryWriter {
 public:
  void U8(uint8_t v) { Raw(&v, 1); }
  void U32(uint32_t v) { Raw(&v, 4); }
  void I32(int32_t v) { Raw(&v, 4); }
  void U64(uint64_t v) { Raw(&v, 8); }
  void F32(float v) { Raw(&v, 4); }
  void F64(double v) { Raw(&v, 8); }
  void Bool(bool v) { U8(v ? 1 : 0); }
  void String(std::string_view s) {
    U64(s.size());
    Raw(s.data(), s.size());
  }
  template <typename T>
  void PodVector(const std::vector<T>& values) {
    static_assert(std::is_trivially_copyable_v<T>);
    U64(values.size());
    Raw(values.data(), values.size() * sizeof(T));
  }
  void Raw(const void* data, size_t size) { bytes_.append(static_cast<const char*>(data), size); }

  const std::string& bytes() const { return bytes_; }
  std::string Release() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

class BinaryReader {
 public:
  // `what` names the data in error messages ("model file 'x/model.mlcpp'").
  BinaryReader(std::string_view data, std::string what) : data_(data), what_(std::move(what)) {}

  bool U8(uint8_t* v) { return Raw(v, 1, "u8"); }
  bool U32(uint32_t* v) { return Raw(v, 4, "u32"); }
  bool I32(int32_t* v) { return Raw(v, 4, "i32"); }
  bool U64(uint64_t* v) { return Raw(v, 8, "u64"); }
  bool F32(float* v) { return Raw(v, 4, "f32"); }
  bool F64(double* v) { return Raw(v, 8, "f64"); }
  bool Bool(bool* v) {
    uint8_t byte = 0;
    if (!U8(&byte)) return false;
    if (byte > 1) return Fail("invalid boolean byte");
    *v = byte == 1;
    return true;
  }
  bool String(std::string* s, size_t max_size = 1 << 20) {
    uint64_t size = 0;
    if (!U64(&size)) return false;
    if (size > max_size || size > remaining()) {
      return Fail("truncated or corrupted: a string of " + std::to_string(size) +
                  " bytes does not fit in the remaining " + std::to_string(remaining()));
    }
    s->assign(data_.substr(offset_, size));
    offset_ += size;
    return true;
  }
  template <typename T>
  bool PodVector(std::vector<T>* values, uint64_t max_count = UINT64_MAX) {
    static_assert(std::is_trivially_copyable_v<T>);
    uint64_t count = 0;
    if (!U64(&count)) return false;
    if (count > max_count || count > remaining() / sizeof(T)) {
      return Fail("truncated or corrupted: an array of " + std::to_string(count) +
                  " elements does not fit in the remaining " + std::to_string(remaining()) + " bytes");
    }
    values->resize(count);
    return Raw(values->data(), count * sizeof(T), "array");
  }
  // Records a validation failure at the current offset; returns false.
  bool Fail(const std::string& message) {
    if (status_.ok()) {
      status_ = InvalidArgument(what_ + ": " + message + " at byte " + std::to_string(offset_));
    }
    return false;
  }

  size_t remaining() const { return status_.ok() ? data_.size() - offset_ : 0; }
  size_t offset() const { return offset_; }
  const Status& status() const { return status_; }

 private:
  bool Raw(void* out, size_t size, const char* type) {
    if (!status_.ok()) return false;
    if (size > data_.size() - offset_) return Fail(std::string("truncated (") + type + " missing)");
    if (size > 0) std::memcpy(out, data_.data() + offset_, size);
    offset_ += size;
    return true;
  }

  std::string_view data_;
  std::string what_;
  size_t offset_ = 0;
  Status status_;
};

}  // namespace mlflow::models
