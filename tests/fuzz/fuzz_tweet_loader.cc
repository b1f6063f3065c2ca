// Fuzz target: the tweet loaders (SemEval TSV files and generic CSV/TSV tables) with their text
// cleaning, then the tokenizer over every loaded text. Data files come from outside: any bytes
// must load into a dataset or a Status, and every loaded text must be valid UTF-8.
// Input: byte 0 picks the loader and its options, the rest is the file's contents.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz/fuzz_target.h"
#include "mlflow/core/utf8.h"
#include "mlflow/models/semeval_loader.h"
#include "mlflow/models/table_loader.h"
#include "mlflow/models/text_decoding.h"
#include "mlflow/models/tokenizer.h"
#include "mlflow/models/unicode_classes.h"

namespace {

// The SemEval loader reads files: one scratch file per fuzzing process.
const std::string& ScratchPath() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/mlflowcpp-fuzz-tweets-" + std::to_string(::getpid()) + ".tsv";
  }();
  return path;
}

void CheckDataset(const mlflow::models::Dataset& data) {
  static const mlflow::models::TweetTokenizer tokenizer;
  mlflow::models::TokenList tokens;
  for (const auto& example : data.examples) {
    if (!mlflow::IsValidUtf8(example.text)) std::abort();  // loaders promise clean UTF-8
    if (example.label < 0 || example.label >= static_cast<int>(data.labels.size())) std::abort();
    tokenizer.Tokenize(example.text, &tokens);
  }
  (void)data.Digest();
  (void)data.ClassCounts();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  uint8_t mode = data[0];
  std::string_view contents = mlflow::testing::AsText(data + 1, size - 1);
  (void)mlflow::models::CleanTweetText(contents);
  if (mode % 2 == 0) {
    std::FILE* file = std::fopen(ScratchPath().c_str(), "wb");
    if (!file) return 0;
    std::fwrite(contents.data(), 1, contents.size(), file);
    std::fclose(file);
    mlflow::models::LoadReport report;
    auto loaded = mlflow::models::LoadSemEvalFile(ScratchPath(), &report);
    if (loaded.ok()) CheckDataset(*loaded);
    (void)report.Summary();
  } else {
    mlflow::models::TableLoadOptions options;
    options.delimiter = (mode & 2) ? '\t' : ',';
    options.has_header = (mode & 4) != 0;
    if (!options.has_header) {
      options.text_column = mlflow::models::ColumnRef::At(1);
      options.label_column = mlflow::models::ColumnRef::At(0);
    }
    if (mode & 8) options.id_column = mlflow::models::ColumnRef::At(2);
    options.decode_escapes = (mode & 16) != 0;
    if (mode & 32) options.labels = {"negative", "neutral", "positive"};
    auto loaded = mlflow::models::ParseTable(contents, "fuzz", options);
    if (loaded.ok()) CheckDataset(*loaded);
  }
  return 0;
}
