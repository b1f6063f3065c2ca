// Data validation: one test per defect class on small hand-made files, plus the severity
// policy and the report format.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "mlflow/pipeline/data_validator.h"
#include "support/test_env.h"

namespace {

using mlflow::pipeline::DataFormat;
using mlflow::pipeline::Finding;
using mlflow::pipeline::Severity;
using mlflow::pipeline::ValidateData;
using mlflow::pipeline::ValidationInput;
using mlflow::pipeline::ValidationOptions;
using mlflow::pipeline::ValidationReport;

// Ten clean rows, balanced-ish, distinct ids and texts.
const char* kCleanRows =
    "1\tpositive\tLoving the new phone, battery lasts forever\n"
    "2\tnegative\tMy flight got cancelled again, worst airline ever\n"
    "3\tneutral\tThe meeting is moved to Thursday at 3pm\n"
    "4\tpositive\tGreat game last night, what a comeback!\n"
    "5\tnegative\tStuck in traffic for two hours, so annoyed\n"
    "6\tneutral\tNew episode airs tomorrow on channel 4\n"
    "7\tpositive\tThanks everyone for the birthday wishes :)\n"
    "8\tneutral\tThe store opens at 9 on Sundays\n"
    "9\tnegative\tThis update broke everything on my laptop\n"
    "10\tpositive\tCoffee with old friends is the best\n";

std::string Write(const std::string& dir, const std::string& name, const std::string& contents) {
  std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

ValidationReport Validate(const std::vector<std::string>& files, const ValidationOptions& options = {},
                          const std::string& reference = "", DataFormat format = {}) {
  ValidationInput input;
  input.data_paths = files;
  input.reference_path = reference;
  input.format = format;
  return ValidateData(input, options).value();
}

const Finding& Get(const ValidationReport& report, const std::string& check) {
  const Finding* finding = report.Find(check);
  REQUIRE(finding != nullptr);
  return *finding;
}

}  // namespace

TEST_CASE("a clean file passes every check", "[validation]") {
  auto dir = mlflow::testing::MakeTempDir("validation");
  auto report = Validate({Write(dir, "clean.tsv", kCleanRows)});
  CHECK(report.Passed());
  CHECK(report.rows == 10);
  CHECK(report.FailedChecks().empty());
  CHECK(report.WarnedChecks().empty());
  CHECK(Get(report, "class_balance").skipped);  // no reference
  CHECK(report.label_counts.at("positive") == 4);
}

TEST_CASE("schema: too few and too many fields", "[validation]") {
  auto dir = mlflow::testing::MakeTempDir("validation");
  std::string bad = std::string(kCleanRows) + "11\tpositive\n" + "12\tneutral\ttext\textra\n" + "13\tneutral\tok\t\n";
  auto report = Validate({Write(dir, "schema.tsv", bad)});
  const auto& finding = Get(report, "schema");
  CHECK(finding.count == 2);
  CHECK(finding.StatusName() == "fail");
  CHECK(finding.examples.size() == 2);
  CHECK(finding.examples[0].line == 11);
  CHECK(!report.Passed());
  CHECK(report.rows == 11);  // the trailing empty fourth column is fine
}

TEST_CASE("schema: a CSV without the label column, and an unexpected column", "[validation]") {
  auto dir = mlflow::testing::MakeTempDir("validation");
  auto format = DataFormat::FromName("csv").value();
  auto missing = Validate({Write(dir, "missing.csv", "text,sentiment\nhello,positive\n")}, {}, "", format);
  CHECK(Get(missing, "schema").count == 1);
  CHECK(Get(missing, "schema").examples[0].note == "column 'label' is missing");
  auto extra = Validate({Write(dir, "extra.csv", "text,label,user\nhello,positive,bob\n")}, {}, "", format);
  CHECK(Get(extra, "schema").count == 1);
  ValidationOptions allow;
  allow.allow_extra_columns = true;
  CHECK(Get(Validate({dir + "/extra.csv"}, allow, "", format), "schema").count == 0);
}

TEST_CASE("labels outside the allowed set", "[validation]") {
  auto dir = mlflow::testing::MakeTempDir("validation");
  std::string bad =
      std::string(kCleanRows) + "11\tmixed\tkind of both\n12\t\tno label here\n13\tPositive\tcase is fine\n";
  auto report = Validate({Write(dir, "labels.tsv", bad)});
  const auto& finding = Get(report, "labels");
  CHECK(finding.count == 2);
  CHECK(finding.details["unknown"]["mixed"] == 1);
  CHECK(finding.StatusName() == "fail");
}

TEST_CASE("empty and white-space text", "[validation]") {
  auto dir = mlflow::testing::MakeTempDir("validation");
  std::string bad = std::string(kCleanRows) + "11\tneutral\t\n12\tneutral\t   \n";
  auto report = Validate({Write(dir, "empty.tsv", bad)});
  CHECK(Get(report, "empty_text").count == 2);
  CHECK(!report.Passed());
}

TEST_CASE("invalid UTF-8, raw bytes and lone surrogate escapes", "[validation]") {
  auto dir = mlflow::testing::MakeTempDir("validation");
  std::string bad = std::string(kCleanRows) + "11\tpositive\tcaf\xC3 latte\n" +
                    "12\tpositive\tbroken \\ud83d escape\n" +
                    "13\tpositive\tfine emoji \xF0\x9F\x98\x80 and \\ud83d\\ude00\n";
  auto report = Validate({Write(dir, "utf8.tsv", bad)});
  const auto& finding = Get(report, "invalid_utf8");
  CHECK(finding.count == 2);
  CHECK(finding.examples[0].line == 11);
  CHECK(finding.examples[1].line == 12);
}

TEST_CASE("duplicate ids, across files too", "[validation]") {
  auto dir = mlflow::testing::MakeTempDir("validation");
  auto a = Write(dir, "a.tsv", kCleanRows);
  auto b = Write(dir, "b.tsv", "3\tneutral\tsomething else entirely\n7\tnegative\tanother different text\n");
  auto report = Validate({a, b});
  const auto& finding = Get(report, "duplicate_ids");
  CHECK(finding.count == 2);
  CHECK(finding.details["ids_with_different_labels"] == 1);
  CHECK(finding.StatusName() == "warn");  // warn by default
  CHECK(report.Passed());
}

TEST_CASE("duplicate texts, whatever the case and spacing", "[validation]") {
  auto dir = mlflow::testing::MakeTempDir("validation");
  std::string bad = std::string(kCleanRows) + "11\tpositive\tloving the  new phone, BATTERY lasts forever\n";
  auto report = Validate({Write(dir, "dupes.tsv", bad)});
  const auto& finding = Get(report, "duplicate_texts");
  CHECK(finding.count == 1);
  CHECK(finding.examples[0].note.find(":1 (id 1)") != std::string::npos);
  CHECK(Get(report, "conflicting_labels").count == 0);
}

TEST_CASE("the same text with conflicting labels", "[validation]") {
  auto dir = mlflow::testing::MakeTempDir("validation");
  std::string bad = std::string(kCleanRows) + "11\tnegative\tCoffee with old friends is the best\n";
  auto report = Validate({Write(dir, "conflict.tsv", bad)});
  const auto& finding = Get(report, "conflicting_labels");
  CHECK(finding.count == 2);  // both rows of the text
  CHECK(finding.details["texts"] == 1);
  CHECK(finding.StatusName() == "fail");
  CHECK(!report.Passed());
}

TEST_CASE("row-count floor", "[validation]") {
  auto dir = mlflow::testing::MakeTempDir("validation");
  ValidationOptions options;
  options.min_rows = 50;
  auto report = Validate({Write(dir, "small.tsv", kCleanRows)}, options);
  CHECK(Get(report, "row_count").count == 1);
  CHECK(Get(report, "row_count").details["rows"] == 10);
  CHECK(!report.Passed());
}

TEST_CASE("text-length outliers", "[validation]") {
  auto dir = mlflow::testing::MakeTempDir("validation");
  std::string rows;
  size_t longer_than_12 = 1;  // the 2000-character row
  for (int i = 0; i < 40; ++i) {
    std::string text = "tweet " + std::to_string(i) + " " + std::string(i % 10, 'a');
    longer_than_12 += text.size() > 12;
    rows += std::to_string(i) + "\tneutral\t" + text + "\n";
  }
  rows += "100\tneutral\t" + std::string(2000, 'x') + "\n";
  auto report = Validate({Write(dir, "lengths.tsv", rows)});
  const auto& finding = Get(report, "text_length");
  CHECK(finding.count == 1);
  CHECK(finding.examples[0].id == "100");
  CHECK(finding.examples[0].text.size() < 300);  // examples are shortened
  CHECK(finding.StatusName() == "warn");
  ValidationOptions hard;
  hard.max_text_length = 12;
  CHECK(Get(Validate({dir + "/lengths.tsv"}, hard), "text_length").count == longer_than_12);
}

TEST_CASE("class-balance shift against a reference (Jensen-Shannon distance)", "[validation]") {
  auto dir = mlflow::testing::MakeTempDir("validation");
  auto data = Write(dir, "data.tsv", kCleanRows);
  std::string skewed;
  for (int i = 0; i < 20; ++i)
    skewed += "r" + std::to_string(i) + "\tpositive\treference tweet " + std::to_string(i) + "\n";
  skewed += "r90\tnegative\tone negative\n";
  auto report = Validate({data}, {}, Write(dir, "reference.tsv", skewed));
  const auto& finding = Get(report, "class_balance");
  CHECK(!finding.skipped);
  CHECK(finding.count == 1);
  CHECK(finding.details["js_distance"].get<double>() > 0.1);
  CHECK(finding.StatusName() == "warn");
  auto same = Validate({data}, {}, data);
  CHECK(Get(same, "class_balance").count == 0);
  CHECK(Get(same, "class_balance").details["js_distance"].get<double>() == Approx(0.0));
}

TEST_CASE("overlap with the reference (leakage)", "[validation]") {
  auto dir = mlflow::testing::MakeTempDir("validation");
  auto data = Write(dir, "data.tsv", kCleanRows);
  auto reference =
      Write(dir, "reference.tsv", "2\tnegative\tdifferent text\nx\tneutral\tThe store opens at 9 on sundays\n");
  auto report = Validate({data}, {}, reference);
  const auto& finding = Get(report, "reference_overlap");
  CHECK(finding.count == 2);
  CHECK(finding.details["by_id"] == 1);
  CHECK(finding.details["by_text"] == 1);
}

TEST_CASE("severities are configurable: fail, warn, off", "[validation]") {
  auto dir = mlflow::testing::MakeTempDir("validation");
  auto a = Write(dir, "a.tsv", kCleanRows);
  auto b = Write(dir, "b.tsv", "3\tneutral\tsomething else entirely\n");
  ValidationOptions strict;
  REQUIRE(strict.SetSeverities("duplicate_ids", Severity::kFail).ok());
  auto report = Validate({a, b}, strict);
  CHECK(!report.Passed());
  CHECK(report.FailedChecks() == std::vector<std::string>{"duplicate_ids"});

  ValidationOptions off;
  REQUIRE(off.SetSeverities("duplicate_ids, conflicting_labels", Severity::kOff).ok());
  auto quiet = Validate({a, b}, off);
  CHECK(Get(quiet, "duplicate_ids").skipped);
  CHECK(Get(quiet, "duplicate_ids").StatusName() == "skipped");

  ValidationOptions wrong;
  CHECK(wrong.SetSeverities("duplicates", Severity::kFail).code() == mlflow::ErrorCode::kInvalidParameterValue);
}

TEST_CASE("report JSON carries counts, examples and the verdict", "[validation]") {
  auto dir = mlflow::testing::MakeTempDir("validation");
  std::string bad = std::string(kCleanRows);
  for (int i = 0; i < 8; ++i) bad += "e" + std::to_string(i) + "\tneutral\t \n";
  auto report = Validate({Write(dir, "report.tsv", bad)});
  auto json = report.ToJson();
  CHECK(json["passed"] == false);
  CHECK(json["failed"] == mlflow::Json::array({"empty_text"}));
  CHECK(json["rows"] == 18);
  CHECK(json["data"][0]["sha256"].get<std::string>().size() == 64);
  bool found = false;
  for (const auto& check : json["checks"]) {
    if (check["check"] != "empty_text") continue;
    found = true;
    CHECK(check["count"] == 8);
    CHECK(check["examples"].size() == Finding::kMaxExamples);
    CHECK(check["status"] == "fail");
    CHECK(check["severity"] == "fail");
  }
  CHECK(found);
  CHECK(json["checks"].size() == mlflow::pipeline::AllChecks().size());
  CHECK(report.Summary().find("FAIL  empty_text") != std::string::npos);
}

TEST_CASE("an unreadable file is an error, not a finding", "[validation]") {
  ValidationInput input;
  input.data_paths = {"/nonexistent/file.tsv"};
  auto result = ValidateData(input, {});
  CHECK(result.status().code() == mlflow::ErrorCode::kIoError);
}
