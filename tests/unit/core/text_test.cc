#include "mlflow/core/text.h"

#include <catch2/catch.hpp>

#include <optional>

#include "mlflow/transport/http.h"

using namespace mlflow;

TEST_CASE("ASCII case helpers change ASCII letters only", "[core][text]") {
  CHECK(AsciiLowercase("Content-TYPE: X_1") == "content-type: x_1");
  CHECK(AsciiUppercase("finished, Killed 2") == "FINISHED, KILLED 2");
  CHECK(AsciiLowercase("").empty());
  // UTF-8 bytes pass through untouched: "ÉCOLE İstanbul" keeps its É and İ.
  CHECK(AsciiLowercase("\303\211COLE \304\260stanbul") == "\303\211cole \304\260stanbul");
  CHECK(AsciiUppercase("\xC3\xA9t\xC3\xA9") == "\xC3\xA9T\xC3\xA9");
  // Every byte value: letters map to their other case, nothing else moves.
  for (int byte = 0; byte < 256; ++byte) {
    const char c = static_cast<char>(byte);
    const bool upper = byte >= 'A' && byte <= 'Z', lower = byte >= 'a' && byte <= 'z';
    INFO("byte " << byte);
    CHECK(LowerAscii(c) == (upper ? static_cast<char>(byte + 32) : c));
    CHECK(UpperAscii(c) == (lower ? static_cast<char>(byte - 32) : c));
  }
}

TEST_CASE("EqualsIgnoringAsciiCase compares lengths and ASCII case only", "[core][text]") {
  CHECK(EqualsIgnoringAsciiCase("Application/JSON", "application/json"));
  CHECK(EqualsIgnoringAsciiCase("", ""));
  CHECK_FALSE(EqualsIgnoringAsciiCase("application/json", "application/jso"));
  CHECK_FALSE(EqualsIgnoringAsciiCase("text/csv", "text/csw"));
  CHECK_FALSE(EqualsIgnoringAsciiCase("\xC3\x89", "\xC3\xA9"));  // É and é differ beyond ASCII
}

TEST_CASE("ParseBoolText reads the project's boolean settings and nothing else", "[core][text]") {
  for (const char* yes : {"true", "TRUE", "True", "1", "yes", "YES"})
    CHECK(ParseBoolText(yes) == std::optional<bool>(true));
  for (const char* no : {"false", "FALSE", "0", "no", "No"}) CHECK(ParseBoolText(no) == std::optional<bool>(false));
  for (const char* other : {"", "on", "off", "2", "tru", "yes ", " 1", "truee"}) {
    INFO("'" << other << "'");
    CHECK_FALSE(ParseBoolText(other).has_value());
  }
}

TEST_CASE("HTTP response headers are found whatever the case of the name", "[core][text]") {
  transport::HttpResponse response;
  response.headers["content-type"] = "application/json";
  CHECK(response.Header("Content-Type") == "application/json");
  CHECK(response.Header("CONTENT-TYPE") == "application/json");
  CHECK(response.Header("Content-Length").empty());
}
