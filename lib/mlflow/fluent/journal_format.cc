#include "mlflow/fluent/journal_format.h"

#include <array>
#include <cerrno>
#include <cstring>

namespace mlflow::journal {
namespace {

constexpr std::array<uint32_t, 256> MakeCrcTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}
constexpr std::array<uint32_t, 256> kCrcTable = MakeCrcTable();

void PutU32(char* out, uint32_t value) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

uint32_t GetU32(const char* in) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= static_cast<uint32_t>(static_cast<unsigned char>(in[i])) << (8 * i);
  return value;
}

}  // namespace

uint32_t Crc32(std::string_view data, uint32_t crc) {
  crc = ~crc;
  for (unsigned char c : data) crc = kCrcTable[(crc ^ c) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

std::string FrameRecord(std::string_view payload) {
  std::string record(kRecordHeaderBytes, '\0');
  PutU32(record.data(), static_cast<uint32_t>(payload.size()));
  uint32_t crc = Crc32(std::string_view(record.data(), 4));
  crc = Crc32(payload, crc);
  PutU32(record.data() + 4, crc);
  record.append(payload);
  return record;
}

SegmentReader::~SegmentReader() {
  if (file_) std::fclose(file_);
}

Status SegmentReader::Open(const std::string& path, int64_t offset) {
  if (file_) std::fclose(file_);
  path_ = path;
  torn_bytes_ = 0;
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) return IoError("cannot open journal segment '" + path + "': " + std::strerror(errno));
  std::fseek(file_, 0, SEEK_END);
  file_size_ = static_cast<int64_t>(std::ftell(file_));
  std::rewind(file_);
  char magic[kSegmentMagic.size()];
  if (std::fread(magic, 1, sizeof magic, file_) != sizeof magic) {
    // Killed before the magic was written: an empty segment, all tail.
    offset_ = 0;
    torn_bytes_ = file_size_;
    return Status::Ok();
  }
  if (std::string_view(magic, sizeof magic) != kSegmentMagic) {
    return Status(ErrorCode::kInvalidState, "'" + path + "' is not a journal segment (bad magic)");
  }
  offset_ = offset > 0 ? offset : static_cast<int64_t>(kSegmentMagic.size());
  if (offset_ > file_size_) {
    return Status(ErrorCode::kInvalidState, "journal segment '" + path + "' is shorter (" + std::to_string(file_size_) +
                                                " bytes) than its synced offset " + std::to_string(offset_));
  }
  if (std::fseek(file_, static_cast<long>(offset_), SEEK_SET) != 0) {
    return IoError("cannot seek in journal segment '" + path + "'");
  }
  return Status::Ok();
}

bool SegmentReader::Next(Record* record) {
  if (!file_ || torn_bytes_ > 0) return false;
  int64_t remaining = file_size_ - offset_;
  if (remaining == 0) return false;
  char header[kRecordHeaderBytes];
  auto torn = [&] {
    torn_bytes_ = remaining;
    return false;
  };
  if (remaining < static_cast<int64_t>(kRecordHeaderBytes)) return torn();
  if (std::fread(header, 1, sizeof header, file_) != sizeof header) return torn();
  uint32_t length = GetU32(header);
  uint32_t expected_crc = GetU32(header + 4);
  if (length > kMaxRecordBytes || static_cast<int64_t>(kRecordHeaderBytes + length) > remaining) return torn();
  record->payload.resize(length);
  if (length > 0 && std::fread(record->payload.data(), 1, length, file_) != length) return torn();
  uint32_t crc = Crc32(record->payload, Crc32(std::string_view(header, 4)));
  if (crc != expected_crc) return torn();
  record->offset = offset_;
  offset_ += static_cast<int64_t>(kRecordHeaderBytes + length);
  record->end_offset = offset_;
  return true;
}

}  // namespace mlflow::journal
