// Fuzz target: prediction-server request parsing (MLflow scoring protocol, JSON and CSV, and
// KServe V2 infer bodies). Untrusted bytes from the network: every input must give a request
// or a 4xx Status, never a crash, an exception or unbounded work.
// Input: byte 0 picks the content type, the rest is the body.
#include "fuzz/fuzz_target.h"
#include "mlflow/server/csv_table.h"
#include "mlflow/server/json_guard.h"
#include "mlflow/server/kserve_protocol.h"
#include "mlflow/server/scoring_request.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kContentTypes[] = {
      "application/json",         "application/json; charset=utf-8",   "text/csv",        "text/csv; charset=utf-8", "",
      "application/octet-stream", "application/json; charset=latin-1", "APPLICATION/JSON"};
  std::string_view content_type = kContentTypes[data[0] % (sizeof kContentTypes / sizeof kContentTypes[0])];
  std::string_view body = mlflow::testing::AsText(data + 1, size - 1);
  mlflow::server::InputLimits limits;
  limits.max_batch = 64;
  limits.max_text_bytes = 4096;
  limits.max_json_depth = 16;
  (void)mlflow::server::ParseScoringRequest(content_type, body, limits);
  (void)mlflow::server::ParseInferRequest(body, limits);
  (void)mlflow::server::ParseRequestJson(body, limits.max_json_depth);
  (void)mlflow::server::JsonNestingDepth(body, limits.max_json_depth);
  (void)mlflow::server::ParseCsv(body);
  return 0;
}
