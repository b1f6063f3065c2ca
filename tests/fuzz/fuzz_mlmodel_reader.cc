// Fuzz target: the MLmodel reader (the YAML subset parser and MLmodel::FromYaml). MLmodel files
// come from artifact stores and other tools: any text must parse or give a Status. What the
// reader accepts must also write back to YAML that reads again (read -> write -> read).
#include <cstdlib>

#include "fuzz/fuzz_target.h"
#include "mlflow/mlmodel/mlmodel.h"
#include "mlflow/mlmodel/yaml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = mlflow::testing::AsText(data, size);
  auto yaml = mlflow::mlmodel::ParseYaml(text);
  if (yaml.ok()) {
    std::string written = mlflow::mlmodel::EmitYaml(*yaml);
    if (!mlflow::mlmodel::ParseYaml(written).ok()) std::abort();  // the writer produced unreadable YAML
  }
  auto model = mlflow::mlmodel::MLmodel::FromYaml(text);
  if (model.ok()) {
    (void)model->Flavor("python_function");
    std::string written = model->ToYaml();
    if (!mlflow::mlmodel::MLmodel::FromYaml(written).ok()) std::abort();
  }
  return 0;
}
