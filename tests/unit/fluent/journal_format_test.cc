#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "mlflow/fluent/journal_format.h"
#include "support/test_env.h"

using namespace mlflow;
using namespace mlflow::journal;

namespace {

std::string WriteSegment(const std::string& dir, const std::vector<std::string>& payloads) {
  std::string path = dir + "/seg.mlj";
  std::ofstream out(path, std::ios::binary);
  out << kSegmentMagic;
  for (const auto& p : payloads) out << FrameRecord(p);
  return path;
}

std::vector<std::string> ReadAll(const std::string& path, int64_t offset = 0, SegmentReader* keep = nullptr) {
  SegmentReader local;
  SegmentReader& reader = keep ? *keep : local;
  REQUIRE(reader.Open(path, offset).ok());
  std::vector<std::string> payloads;
  Record record;
  while (reader.Next(&record)) payloads.push_back(record.payload);
  return payloads;
}

}  // namespace

TEST_CASE("CRC-32 matches the standard check value") {
  CHECK(Crc32("123456789") == 0xCBF43926u);
  CHECK(Crc32("") == 0u);
  CHECK(Crc32("6789", Crc32("12345")) == 0xCBF43926u);  // incremental
}

TEST_CASE("records are read back in order, and reading can resume at a record boundary") {
  std::string dir = testing::MakeTempDir("journal-format");
  std::string path = WriteSegment(dir, {"one", "", std::string(100000, 'x'), "four"});
  SegmentReader reader;
  auto all = ReadAll(path, 0, &reader);
  REQUIRE(all.size() == 4);
  CHECK(all[0] == "one");
  CHECK(all[1].empty());
  CHECK(all[2].size() == 100000);
  CHECK_FALSE(reader.torn_tail());
  CHECK(reader.valid_end() == static_cast<int64_t>(std::filesystem::file_size(path)));

  SegmentReader first;
  REQUIRE(first.Open(path).ok());
  Record record;
  REQUIRE(first.Next(&record));
  auto rest = ReadAll(path, record.end_offset);
  REQUIRE(rest.size() == 3);
  CHECK(rest[2] == "four");
}

TEST_CASE("a torn tail at any byte is detected and everything before it is kept") {
  std::string dir = testing::MakeTempDir("journal-torn");
  std::vector<std::string> payloads = {"alpha", "beta-beta", "gamma-gamma-gamma"};
  std::string path = WriteSegment(dir, payloads);
  std::string full;
  {
    std::ifstream in(path, std::ios::binary);
    full.assign(std::istreambuf_iterator<char>(in), {});
  }
  // Offsets at which each record ends.
  std::vector<size_t> ends;
  size_t at = kSegmentMagic.size();
  for (const auto& p : payloads) ends.push_back(at += kRecordHeaderBytes + p.size());
  for (size_t cut = 0; cut <= full.size(); ++cut) {
    std::string cut_path = dir + "/cut.mlj";
    std::ofstream(cut_path, std::ios::binary | std::ios::trunc) << full.substr(0, cut);
    SegmentReader reader;
    REQUIRE(reader.Open(cut_path).ok());
    Record record;
    size_t complete = 0;
    while (reader.Next(&record)) ++complete;
    size_t expected = 0;
    while (expected < ends.size() && ends[expected] <= cut) ++expected;
    INFO("cut at " << cut);
    CHECK(complete == expected);
    bool at_boundary = cut == 0 || cut == kSegmentMagic.size() || std::count(ends.begin(), ends.end(), cut) > 0;
    CHECK(reader.torn_tail() == !at_boundary);
  }
}

TEST_CASE("a flipped bit fails the checksum and ends the valid records") {
  std::string dir = testing::MakeTempDir("journal-crc");
  std::string path = WriteSegment(dir, {"first", "second", "third"});
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    size_t second_payload = kSegmentMagic.size() + kRecordHeaderBytes + 5 + kRecordHeaderBytes + 2;
    file.seekp(static_cast<std::streamoff>(second_payload));
    file.put('X');
  }
  SegmentReader reader;
  auto payloads = ReadAll(path, 0, &reader);
  REQUIRE(payloads.size() == 1);
  CHECK(payloads[0] == "first");
  CHECK(reader.torn_tail());
}

TEST_CASE("a damaged length field is not trusted") {
  std::string dir = testing::MakeTempDir("journal-len");
  std::string path = WriteSegment(dir, {"ok"});
  {
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out << std::string("\xFF\xFF\xFF\x7F\0\0\0\0", 8) << "junk";
  }
  SegmentReader reader;
  CHECK(ReadAll(path, 0, &reader).size() == 1);
  CHECK(reader.torn_bytes() == 12);
}

TEST_CASE("a file that is not a segment is refused; an empty one is an empty segment") {
  std::string dir = testing::MakeTempDir("journal-magic");
  std::ofstream(dir + "/bad.mlj") << "NOTAJOURNAL";
  SegmentReader reader;
  CHECK(reader.Open(dir + "/bad.mlj").code() == ErrorCode::kInvalidState);
  std::ofstream(dir + "/empty.mlj").close();
  REQUIRE(reader.Open(dir + "/empty.mlj").ok());
  Record record;
  CHECK_FALSE(reader.Next(&record));
  CHECK_FALSE(reader.torn_tail());
}
