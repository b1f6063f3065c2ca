// Fuzz target: the binary model file loader (SentimentModel::Deserialize). Model files come
// from artifact stores and registries: any bytes must load into a model or give a Status.
// Input: byte 0 picks the mode, the rest is
//   even: the whole file, as read from disk (exercises the header and checksum checks);
//   odd:  the payload only, wrapped here in a valid header and checksum, so the fuzzer
//         explores the payload parser instead of failing the checksum every time; bit 1 of
//         byte 0 picks format version 2 (ensemble members' own class_bias applied) or 1.
// A model that loads must also predict and serialize without crashing.
#include <cstring>
#include <string>

#include "fuzz/fuzz_target.h"
#include "mlflow/models/hashing.h"
#include "mlflow/models/sentiment_model.h"

namespace {

void PutLittleEndian(std::string* out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::string WrapPayload(std::string_view payload, uint32_t version) {
  std::string file = "MLCPPSNT";
  PutLittleEndian(&file, version, 4);
  PutLittleEndian(&file, payload.size(), 8);
  file.append(payload);
  PutLittleEndian(&file, mlflow::models::HashBytes(payload), 8);
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view rest = mlflow::testing::AsText(data + 1, size - 1);
  std::string file = (data[0] & 1) ? WrapPayload(rest, (data[0] & 2) ? 2 : 1) : std::string(rest);
  auto model = mlflow::models::SentimentModel::Deserialize(file, "fuzz input");
  if (model.ok()) {
    (void)model->Predict("not bad at all :) #fun");
    (void)model->Predict("");
    (void)model->PredictLabels({"good", "\xff\xfe bad"});
    (void)model->Serialize();
  }
  return 0;
}
