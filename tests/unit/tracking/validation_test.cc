// Client-side validation: MLflow's rules, and messages that name the bad key/value and limit.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "mlflow/core/utf8.h"
#include "mlflow/core/validation.h"

using namespace mlflow;
using namespace mlflow::validation;

TEST_CASE("valid keys pass", "[validation]") {
  for (const std::string& key :
       std::vector<std::string>{"loss", "val/loss", "a.b-c_d e:f", "épsilon", "x..y", "0", std::string(250, 'k')}) {
    INFO(key);
    CHECK(ValidateKey("metric key", key).ok());
  }
}

TEST_CASE("bad characters are rejected with the key and the allowed set", "[validation]") {
  Status status = ValidateKey("param key", "lr!");
  REQUIRE_FALSE(status.ok());
  CHECK(status.code() == ErrorCode::kInvalidParameterValue);
  CHECK_THAT(status.message(), Catch::StartsWith("invalid param key 'lr!': names may only contain"));
  CHECK_THAT(status.message(), Catch::Contains("slashes (/)"));
  for (const char* key : {"a\tb", "a@b", "a#b", "a\\b", "tag=1", "q?"}) {
    INFO(key);
    CHECK_FALSE(ValidateKey("tag key", key).ok());
  }
}

TEST_CASE("values with a NUL character are refused, naming the key and the offset", "[validation]") {
  // Found against PostgreSQL: the server answers 500 for the whole request.
  for (const Status& status :
       {ValidateParam("p", std::string("a\0b", 3)), ValidateRunTag("t", std::string("\xff\xfe\0z", 4)),
        ValidateExperimentTag("e", std::string("\0", 1)), ValidateRegistryTag("r", std::string("x\0", 2))}) {
    CHECK(status.code() == ErrorCode::kInvalidParameterValue);
    CHECK_THAT(status.message(), Catch::Contains("NUL character at byte"));
  }
  CHECK_THAT(ValidateParam("p", std::string("a\0b", 3)).message(), Catch::Contains("'p'"));
  CHECK(ValidateParam("p", "no nul here").ok());
}

TEST_CASE("keys must be normalised relative paths", "[validation]") {
  for (const char* key : {"", "/abs", "../up", "a/../b", "a/./b", "./a", "a/", "a//b", ".", "..", "..hidden", "a/.."}) {
    INFO("'" << key << "'");
    Status status = ValidateKey("metric key", key);
    CHECK_FALSE(status.ok());
    CHECK_THAT(status.message(), Catch::Contains("invalid metric key '"));
  }
  CHECK_THAT(ValidateKey("metric key", "").message(), Catch::Contains("must not be empty"));
  CHECK_THAT(ValidateKey("metric key", "a/../b").message(), Catch::Contains("resolves to 'b'"));
}

TEST_CASE("NormalizePosixPath matches Python's posixpath.normpath", "[validation]") {
  CHECK(NormalizePosixPath("") == ".");
  CHECK(NormalizePosixPath("a//b/./c/..") == "a/b");
  CHECK(NormalizePosixPath("../../x") == "../../x");
  CHECK(NormalizePosixPath("/../x") == "/x");
  CHECK(NormalizePosixPath("//x") == "//x");
  CHECK(NormalizePosixPath("///x/") == "/x");
  CHECK(NormalizePosixPath("a/b/../..") == ".");
}

TEST_CASE("over-long keys and values name the limit and show a truncated preview", "[validation]") {
  Status key = ValidateKey("param key", std::string(251, 'k'));
  REQUIRE_FALSE(key.ok());
  CHECK_THAT(key.message(), Catch::Contains("is 251 characters long"));
  CHECK_THAT(key.message(), Catch::Contains("over the limit of 250"));
  CHECK_THAT(key.message(), Catch::Contains("'" + std::string(40, 'k') + "...'"));

  Status param = ValidateParam("lr", std::string(6001, 'v'));
  REQUIRE_FALSE(param.ok());
  CHECK_THAT(param.message(), Catch::StartsWith("param value for key 'lr' is 6001 characters long"));
  CHECK_THAT(param.message(), Catch::Contains("over the limit of 6000"));
  CHECK(param.message().size() < 200);
  CHECK(ValidateParam("lr", std::string(6000, 'v')).ok());

  CHECK(ValidateRunTag("t", std::string(8000, 'v')).ok());
  CHECK_THAT(ValidateRunTag("t", std::string(8001, 'v')).message(), Catch::Contains("limit of 8000"));
  CHECK(ValidateExperimentTag("t", std::string(20000, 'v')).ok());
  CHECK_THAT(ValidateExperimentTag("t", std::string(20001, 'v')).message(), Catch::Contains("limit of 20000"));
  CHECK(ValidateRegistryTag("t", std::string(100000, 'v')).ok());
  CHECK_THAT(ValidateRegistryTag("t", std::string(100001, 'v')).message(), Catch::Contains("limit of 100000"));
  CHECK_THAT(ValidateRegistryTag(std::string(251, 'k'), "v").message(), Catch::Contains("limit of 250"));
}

TEST_CASE("lengths count code points, as Python's len() does", "[validation]") {
  std::string two_byte;
  for (int i = 0; i < 6000; ++i) two_byte += "\xC3\xA9";  // é: 12,000 bytes, 6,000 characters
  CHECK(mlflow::CountCodePoints(two_byte) == 6000);
  CHECK(ValidateParam("p", two_byte).ok());
  CHECK_FALSE(ValidateParam("p", two_byte + "x").ok());
  // The preview never cuts a character in half.
  std::string preview = Preview(two_byte);
  CHECK(preview.size() == 80 + 3);
}

TEST_CASE("metric values may be anything; timestamps must not be negative", "[validation]") {
  CHECK(ValidateMetric("loss", 0).ok());
  CHECK(ValidateMetric("loss", 1795636672209).ok());
  Status negative = ValidateMetric("loss", -1);
  REQUIRE_FALSE(negative.ok());
  CHECK_THAT(negative.message(), Catch::Contains("invalid timestamp -1 of metric 'loss'"));
  CHECK_THAT(ValidateMetric("bad key!", 0).message(), Catch::Contains("invalid metric key 'bad key!'"));
}

TEST_CASE("experiment names: non-blank, at most 500 characters", "[validation]") {
  CHECK(ValidateExperimentName("demo").ok());
  CHECK(ValidateExperimentName("any chars ok: / ! ?").ok());
  CHECK(ValidateExperimentName(std::string(500, 'n')).ok());
  CHECK_THAT(ValidateExperimentName("").message(), Catch::Contains("must not be empty"));
  CHECK_THAT(ValidateExperimentName("  \t").message(), Catch::Contains("must not be empty"));
  CHECK_THAT(ValidateExperimentName(std::string(501, 'n')).message(), Catch::Contains("limit of 500"));
}

TEST_CASE("run ids follow ^[a-zA-Z0-9][\\w\\-]{0,255}$", "[validation]") {
  CHECK(ValidateRunId("ab643c295a514cf9b9f8611dcb7df79a").ok());
  CHECK(ValidateRunId("run_1-x").ok());
  CHECK(ValidateRunId(std::string(256, 'a')).ok());
  CHECK_FALSE(ValidateRunId(std::string(257, 'a')).ok());
  CHECK_THAT(ValidateRunId("").message(), Catch::Contains("must not be empty"));
  CHECK_THAT(ValidateRunId("-abc").message(), Catch::Contains("invalid run id '-abc'"));
  CHECK_FALSE(ValidateRunId("a/../b").ok());
  CHECK_FALSE(ValidateRunId("a b").ok());
  CHECK_FALSE(ValidateExperimentId("").ok());
  CHECK(ValidateExperimentId("0").ok());
}
