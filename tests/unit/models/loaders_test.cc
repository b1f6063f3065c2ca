#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "mlflow/core/utf8.h"
#include "mlflow/models/semeval_loader.h"
#include "mlflow/models/table_loader.h"
#include "support/test_env.h"

using namespace mlflow::models;
namespace fs = std::filesystem;

namespace {

std::string WriteFile(const std::string& dir, const std::string& name, const std::string& contents) {
  std::string path = (fs::path(dir) / name).string();
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

const Example* FindId(const Dataset& data, const std::string& id) {
  for (const auto& example : data.examples) {
    if (example.id == id) return &example;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("SemEval loader handles the raw format's quirks", "[models][loader]") {
  std::string dir = mlflow::testing::MakeTempDir("semeval");
  std::string contents =
      "\xEF\xBB\xBF"
      "1\tpositive\tGas hit $3.39!!!! I\\u2019m going :)\n"
      "2\tnegative\t\"He said \"\"no\"\" &amp; left\"\r\n"
      "3\tneutral\tTrailing column\t\n"
      "4\tNeutral\tTimestamp column\tWed Jul 29 12:01:22 +0000 2015\n"
      "\n"
      "5\tpositive\n"
      "6\thappy\tunknown label\n"
      "\tpositive\tno id\n"
      "7\tnegative\t   \n"
      "8\tpositive\tsame twice\n"
      "8\tpositive\tsame twice\n"
      "9\tpositive\tconflict\n"
      "9\tnegative\tconflict\n"
      "10\tnegative\tlast line without newline";
  LoadReport report;
  auto data = LoadSemEvalFile(WriteFile(dir, "a.tsv", contents), &report);
  REQUIRE(data.ok());
  CHECK(data->labels == std::vector<std::string>{"negative", "neutral", "positive"});
  CHECK(report.lines == 13);
  CHECK(report.unparsable == 4);
  CHECK(report.problems.size() == 4);
  CHECK(report.problems[0].find("a.tsv:6") != std::string::npos);
  CHECK(report.duplicates == 1);
  CHECK(report.conflicting_ids == 1);
  CHECK(report.conflicting_rows == 2);
  CHECK(report.loaded == 6);
  REQUIRE(data->size() == 6);
  CHECK(FindId(*data, "1")->text == "Gas hit $3.39!!!! I\u2019m going :)");
  CHECK(FindId(*data, "1")->label == 2);
  CHECK(FindId(*data, "2")->text == "He said \"no\" & left");
  CHECK(FindId(*data, "3")->text == "Trailing column");
  CHECK(FindId(*data, "4")->label == 1);
  CHECK(FindId(*data, "9") == nullptr);
  CHECK(FindId(*data, "10")->text == "last line without newline");
  CHECK(report.Summary().find("4 unparsable") != std::string::npos);
}

TEST_CASE("SemEval loader resolves ids across files and refuses foreign files", "[models][loader]") {
  std::string dir = mlflow::testing::MakeTempDir("semeval-files");
  std::string a = WriteFile(dir, "a.tsv", "1\tpositive\tfirst\n2\tneutral\tkept once\n");
  std::string b = WriteFile(dir, "b.tsv", "1\tnegative\tfirst\n2\tneutral\tkept once\n3\tpositive\tonly b\n");
  LoadReport report;
  auto data = LoadSemEvalFiles({a, b}, &report);
  REQUIRE(data.ok());
  CHECK(data->size() == 2);
  CHECK(FindId(*data, "1") == nullptr);
  CHECK(report.duplicates == 1);
  CHECK(report.conflicting_ids == 1);
  CHECK(data->name == "a+b");

  auto missing = LoadSemEvalFile(dir + "/nope.tsv");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == mlflow::ErrorCode::kIoError);
  auto foreign = LoadSemEvalFile(WriteFile(dir, "binary.tsv", std::string("\x89PNG\r\n\x1a\n\0\0garbage", 17)));
  REQUIRE_FALSE(foreign.ok());
  CHECK(foreign.status().message().find("no line in SemEval format") != std::string::npos);
  auto empty = LoadSemEvalFile(WriteFile(dir, "empty.tsv", ""));
  REQUIRE(empty.ok());
  CHECK(empty->empty());
}

TEST_CASE("The suggested split drops validation ids and texts from training", "[models][loader]") {
  std::string dir = mlflow::testing::MakeTempDir("semeval-split");
  WriteFile(dir, "twitter-2016devtest-A.tsv", "10\tpositive\tI don\\u2019t mind it\n11\tnegative\tbad day\n");
  WriteFile(dir, "train-a.tsv",
            "10\tpositive\tsame id, other text\n"
            "20\tneutral\t\"i DON'T  mind it\"\n"  // same text, other escaping and case
            "21\tneutral\tkeep me\n");
  WriteFile(dir, "train-b.tsv", "22\tnegative\talso kept\n");
  WriteFile(dir, "notes.txt", "not a tsv file\n");
  auto split = LoadSemEvalSplit(dir);
  REQUIRE(split.ok());
  CHECK(split->validation.size() == 2);
  CHECK(split->train.size() == 2);
  CHECK(split->train_report.overlap_removed == 2);
  CHECK(split->train_files.size() == 2);
  CHECK(split->train.name == "semeval2017-task4a-train");
  CHECK(FindId(split->train, "21") != nullptr);
  CHECK(FindId(split->train, "22") != nullptr);
  CHECK_FALSE(LoadSemEvalSplit(dir + "/missing").ok());
}

TEST_CASE("Records split per RFC 4180", "[models][loader]") {
  bool unterminated = false;
  auto records = SplitRecords("a,\"b,c\",\"d\"\"e\"\r\n\"multi\nline\",x\n", ',', &unterminated);
  CHECK_FALSE(unterminated);
  REQUIRE(records.size() == 2);
  CHECK(records[0].fields == std::vector<std::string>{"a", "b,c", "d\"e"});
  CHECK(records[1].fields == std::vector<std::string>{"multi\nline", "x"});
  CHECK(records[1].line == 2);
  records = SplitRecords("ok\n\"open", ',', &unterminated);
  CHECK(unterminated);
  CHECK(records.size() == 1);
}

TEST_CASE("Table loader picks columns by name or index", "[models][loader]") {
  std::string dir = mlflow::testing::MakeTempDir("tables");
  std::string csv = WriteFile(dir, "data.csv",
                              "id,sentiment,tweet\n"
                              "1,pos,\"Great, really \"\"great\"\" &amp; more\"\n"
                              "2,neg,awful\n"
                              "3,neg\n"
                              "4,,no label\n"
                              "5,pos,\"two\nlines\"\n"
                              "5,pos,\"two\nlines\"\n");
  TableLoadOptions options;
  options.text_column = ColumnRef::Named("tweet");
  options.label_column = ColumnRef::Named("sentiment");
  options.id_column = ColumnRef::Named("id");
  LoadReport report;
  auto data = LoadTable(csv, options, &report);
  REQUIRE(data.ok());
  CHECK(data->labels == std::vector<std::string>{"neg", "pos"});
  REQUIRE(data->size() == 3);
  CHECK(data->examples[0].text == "Great, really \"great\" & more");
  CHECK(data->examples[0].label == 1);
  CHECK(data->examples[2].text == "two\nlines");
  CHECK(report.unparsable == 2);
  CHECK(report.duplicates == 1);

  std::string tsv = WriteFile(dir, "data.tsv", "hello there\tpositive\nbye\tnegative\nmeh\tneutral\nodd\tother\n");
  TableLoadOptions by_index;
  by_index.delimiter = '\t';
  by_index.has_header = false;
  by_index.text_column = ColumnRef::Parse("0");
  by_index.label_column = ColumnRef::Parse("1");
  by_index.labels = {"negative", "neutral", "positive"};
  LoadReport tsv_report;
  auto tsv_data = LoadTable(tsv, by_index, &tsv_report);
  REQUIRE(tsv_data.ok());
  CHECK(tsv_data->size() == 3);
  CHECK(tsv_data->examples[0].label == 2);
  CHECK(tsv_report.unparsable == 1);
  CHECK(tsv_report.problems[0].find("unknown label 'other'") != std::string::npos);

  TableLoadOptions wrong = options;
  wrong.text_column = ColumnRef::Named("body");
  auto missing_column = LoadTable(csv, wrong);
  REQUIRE_FALSE(missing_column.ok());
  CHECK(missing_column.status().message().find("'body' is not in the header") != std::string::npos);
  TableLoadOptions no_header = options;
  no_header.has_header = false;
  CHECK_FALSE(LoadTable(csv, no_header).ok());
  CHECK(ColumnRef::Parse("12").index == 12);
  CHECK(ColumnRef::Parse("text").name == "text");

  // Without escape decoding, malformed UTF-8 still becomes U+FFFD and is counted (found by
  // fuzz_tweet_loader: a byte after a closing quote reached the text raw).
  TableLoadOptions raw = options;
  raw.decode_escapes = false;
  LoadReport raw_report;
  auto raw_data = ParseTable("id,sentiment,tweet\n1,pos,\"quoted, text\"\xfe\n", "raw.csv", raw, &raw_report);
  REQUIRE(raw_data.ok());
  REQUIRE(raw_data->size() == 1);
  CHECK(mlflow::IsValidUtf8(raw_data->examples[0].text));
  CHECK(raw_data->examples[0].text.find("\xef\xbf\xbd") != std::string::npos);
  CHECK(raw_report.decode.invalid_utf8 == 1);
}

TEST_CASE("Dataset helpers", "[models][dataset]") {
  Dataset data;
  data.labels = {"a", "b"};
  data.examples = {{"1", "x", 0}, {"2", "y", 1}, {"3", "z", 1}};
  CHECK(data.ClassCounts() == std::vector<size_t>{1, 2});
  CHECK(data.LabelIndex("b") == 1);
  CHECK(data.LabelIndex("c") == -1);
  std::string digest = data.Digest();
  CHECK(digest.size() == 16);
  Dataset other = data;
  other.examples[2].text = "changed";
  CHECK(other.Digest() != digest);
  Dataset subset = data.Subset({2, 0});
  CHECK(subset.Texts() == std::vector<std::string>{"z", "x"});
  CHECK(subset.Labels() == std::vector<int>{1, 0});
}
