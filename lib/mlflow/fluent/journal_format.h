// The on-disk format of the offline journal: segment files of checksummed records.
//
// A journal directory holds `segments/*.mlj`, one file per writer process, named
// `<start ms, 15 digits>-<pid>-<random>.mlj` so that a name sort is a time sort. A segment
// starts with the 8-byte magic "MLFJRNL1"; then records follow, each
//     u32 little-endian payload length | u32 little-endian CRC-32 (IEEE) of length+payload |
//     payload (UTF-8 JSON, see journal.h for the record types)
// Appends are single write() calls on an O_APPEND descriptor, so a process killed at any
// moment leaves at worst one incomplete record at the end: the reader stops at the first
// record that is short, oversized or fails its checksum, and reports it as a torn tail;
// everything before it is intact. Pure functions plus a reader; thread-compatible.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "mlflow/core/result.h"

namespace mlflow::journal {

inline constexpr std::string_view kSegmentMagic = "MLFJRNL1";
inline constexpr size_t kRecordHeaderBytes = 8;
inline constexpr uint32_t kMaxRecordBytes = 64u << 20;  // a longer length field is damage
inline constexpr std::string_view kSegmentSuffix = ".mlj";

// CRC-32 (IEEE 802.3, reflected, as zlib's crc32), continuing from `crc` (0 to start).
uint32_t Crc32(std::string_view data, uint32_t crc = 0);

// Header and payload of one record, ready for a single write().
std::string FrameRecord(std::string_view payload);

struct Record {
  int64_t offset = 0;      // of the record header in the file
  int64_t end_offset = 0;  // first byte after the record
  std::string payload;
};

// Reads the records of one segment in order, from the start or from a record boundary.
class SegmentReader {
 public:
  SegmentReader() = default;
  ~SegmentReader();
  SegmentReader(const SegmentReader&) = delete;
  SegmentReader& operator=(const SegmentReader&) = delete;

  // Opens `path` and checks the magic; `offset` (0: just after the magic) must be the
  // end_offset of a record read earlier.
  Status Open(const std::string& path, int64_t offset = 0);
  // The next intact record; false at the end of the valid records (then torn_tail() says
  // whether damaged or incomplete bytes follow them).
  bool Next(Record* record);

  bool torn_tail() const { return torn_bytes_ > 0; }
  int64_t torn_bytes() const { return torn_bytes_; }  // bytes after the last valid record
  int64_t valid_end() const { return offset_; }       // end of the last valid record

 private:
  std::FILE* file_ = nullptr;
  std::string path_;
  int64_t offset_ = 0;
  int64_t file_size_ = 0;
  int64_t torn_bytes_ = 0;
};

}  // namespace mlflow::journal
