// A small RFC 4180 CSV reader for `text/csv` scoring requests (what pandas' to_csv writes).
//
// The first record is the header. Fields may be quoted ("a, ""b"""), quoted fields may span
// lines, records end in LF or CRLF, a trailing newline is optional. Malformed input (an
// unterminated quote, a record with a different field count than the header, text after a
// closing quote) is a 400 BAD_REQUEST Status naming the record. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mlflow/core/result.h"

namespace mlflow::server {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

Result<CsvTable> ParseCsv(std::string_view text);

}  // namespace mlflow::server
