#include "mlflow/models/sparse.h"

#include <algorithm>

namespace mlflow::models {

SparseMatrix RowsToMatrix(std::vector<SparseRow>* rows, int64_t cols) {
  size_t nonzeros = 0;
  for (const auto& row : *rows) nonzeros += row.columns.size();
  SparseMatrix matrix(static_cast<int64_t>(rows->size()), cols);
  matrix.resizeNonZeros(static_cast<int64_t>(nonzeros));
  int32_t* outer = matrix.outerIndexPtr();
  int32_t* inner = matrix.innerIndexPtr();
  float* values = matrix.valuePtr();
  size_t offset = 0;
  for (size_t r = 0; r < rows->size(); ++r) {
    SparseRow& row = (*rows)[r];
    outer[r] = static_cast<int32_t>(offset);
    std::copy(row.columns.begin(), row.columns.end(), inner + offset);
    std::copy(row.values.begin(), row.values.end(), values + offset);
    offset += row.columns.size();
    SparseRow().columns.swap(row.columns);
    SparseRow().values.swap(row.values);
  }
  outer[rows->size()] = static_cast<int32_t>(offset);
  return matrix;
}

SparseMatrix SelectRows(const SparseMatrix& matrix, const std::vector<size_t>& indices) {
  std::vector<SparseRow> rows(indices.size());
  for (size_t i = 0; i < indices.size(); ++i) {
    for (SparseMatrix::InnerIterator it(matrix, static_cast<int64_t>(indices[i])); it; ++it) {
      rows[i].columns.push_back(static_cast<int32_t>(it.col()));
      rows[i].values.push_back(it.value());
    }
  }
  return RowsToMatrix(&rows, matrix.cols());
}

}  // namespace mlflow::models
