// Input examples in MLflow's pandas "split" orientation, as saved next to an MLmodel.
//
// input_example.json holds {"columns": [...], "data": [[...], ...]}; the serving example
// (serving_input_example.json) wraps the same in {"dataframe_split": ...}, the body that
// POST /invocations accepts. Pure functions; Write touches only the two files.
#pragma once

#include <string>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/mlmodel/mlmodel.h"

namespace mlflow::mlmodel {

using StringTable = std::vector<std::vector<std::string>>;

std::string DataframeSplitJson(const std::vector<std::string>& columns, const StringTable& rows);
std::string ServingInputJson(const std::vector<std::string>& columns, const StringTable& rows);

// Writes both files into `directory` under the names in `info`.
Status WriteInputExample(const std::string& directory, const std::vector<std::string>& columns, const StringTable& rows,
                         const InputExampleInfo& info = {});

// Reads input_example.json back: the columns and rows. kInvalidParameterValue when malformed.
Result<StringTable> ReadInputExampleRows(const std::string& path, std::vector<std::string>* columns = nullptr);

}  // namespace mlflow::mlmodel
