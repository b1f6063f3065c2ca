// The sparse types the models share: row-major float CSR matrices and single rows.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/SparseCore>

namespace mlflow::models {

// One row per document, sorted column indices within a row.
using SparseMatrix = Eigen::SparseMatrix<float, Eigen::RowMajor, int32_t>;

// One document's features: parallel arrays, columns sorted and unique.
struct SparseRow {
  std::vector<int32_t> columns;
  std::vector<float> values;
  void clear() {
    columns.clear();
    values.clear();
  }
};

// Builds a CSR matrix from rows (moved from), with `cols` columns.
SparseMatrix RowsToMatrix(std::vector<SparseRow>* rows, int64_t cols);

// Rows `indices` of `matrix`, in that order.
SparseMatrix SelectRows(const SparseMatrix& matrix, const std::vector<size_t>& indices);

}  // namespace mlflow::models
