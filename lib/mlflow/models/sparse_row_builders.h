// Builders of CSR matrices from rows produced in parallel: the vectorizer's Transform and
// FitTransform paths. Internal to the models library.
//
// `produce(i, chunk, &row)` fills row i (columns sorted and unique) on the thread running
// ParallelFor chunk `chunk`; it may keep per-chunk state. Rows land in the matrix in order, so
// the result does not depend on the thread count. Non-zeros must fit the matrix's 32-bit
// indices.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "mlflow/models/parallel.h"
#include "mlflow/models/sparse.h"

namespace mlflow::models {

// Runs `produce(i, row)` for every row on `threads` threads, each chunk writing its own
// contiguous buffers, then copies them into CSR arrays in chunk order.
template <typename Producer>
SparseMatrix BuildRows(size_t rows, int64_t cols, int threads, Producer&& produce) {
  struct ChunkRows {
    std::vector<int32_t> columns;
    std::vector<float> values;
    std::vector<int32_t> row_sizes;
  };
  std::vector<ChunkRows> chunks(std::max(1, ChunkCount(rows, threads)));
  ParallelFor(rows, threads, [&](size_t begin, size_t end, int chunk) {
    SparseRow row;
    ChunkRows& out = chunks[chunk];
    out.row_sizes.reserve(end - begin);
    for (size_t i = begin; i < end; ++i) {
      if (i == begin + 64) {  // reserve from the first rows' sizes
        size_t estimate = out.columns.size() * (end - begin) / 64 * 9 / 8;
        out.columns.reserve(estimate);
        out.values.reserve(estimate);
      }
      produce(i, chunk, &row);
      out.columns.insert(out.columns.end(), row.columns.begin(), row.columns.end());
      out.values.insert(out.values.end(), row.values.begin(), row.values.end());
      out.row_sizes.push_back(static_cast<int32_t>(row.columns.size()));
    }
  });
  size_t nonzeros = 0;
  for (const auto& chunk : chunks) nonzeros += chunk.columns.size();
  SparseMatrix matrix(static_cast<int64_t>(rows), cols);
  matrix.resizeNonZeros(static_cast<int64_t>(nonzeros));
  int32_t* outer = matrix.outerIndexPtr();
  size_t offset = 0;
  size_t row = 0;
  for (auto& chunk : chunks) {
    std::copy(chunk.columns.begin(), chunk.columns.end(), matrix.innerIndexPtr() + offset);
    std::copy(chunk.values.begin(), chunk.values.end(), matrix.valuePtr() + offset);
    for (int32_t size : chunk.row_sizes) {
      outer[row++] = static_cast<int32_t>(offset);
      offset += static_cast<size_t>(size);
    }
    chunk = ChunkRows();
  }
  outer[rows] = static_cast<int32_t>(offset);
  return matrix;
}

// BuildRows when each chunk's non-zeros have a known upper bound: every chunk writes its rows
// straight into the matrix's arrays from the offset its predecessors' bounds leave it, and the
// later chunks then move down to close the gaps (with one chunk nothing moves). Saves
// BuildRows' second copy of every non-zero.
template <typename Producer>
SparseMatrix BuildRowsWithin(size_t rows, int64_t cols, int threads, const std::vector<size_t>& chunk_bounds,
                             Producer&& produce) {
  const size_t chunks = chunk_bounds.size();
  std::vector<size_t> start(chunks + 1, 0);
  for (size_t c = 0; c < chunks; ++c) start[c + 1] = start[c] + chunk_bounds[c];
  SparseMatrix matrix(static_cast<int64_t>(rows), cols);
  matrix.resizeNonZeros(static_cast<int64_t>(start[chunks]));
  int32_t* outer = matrix.outerIndexPtr();
  int32_t* inner = matrix.innerIndexPtr();
  float* values = matrix.valuePtr();
  std::vector<size_t> used(chunks, 0);
  std::vector<size_t> first_row(chunks + 1, rows);
  ParallelFor(rows, threads, [&](size_t begin, size_t end, int chunk) {
    SparseRow row;
    size_t offset = start[chunk];
    first_row[chunk] = begin;
    for (size_t i = begin; i < end; ++i) {
      produce(i, chunk, &row);
      std::copy(row.columns.begin(), row.columns.end(), inner + offset);
      std::copy(row.values.begin(), row.values.end(), values + offset);
      outer[i] = static_cast<int32_t>(offset);
      offset += row.columns.size();
    }
    used[chunk] = offset - start[chunk];
  });
  size_t offset = 0;
  for (size_t c = 0; c < chunks; ++c) {
    if (offset != start[c]) {
      std::memmove(inner + offset, inner + start[c], used[c] * sizeof(int32_t));
      std::memmove(values + offset, values + start[c], used[c] * sizeof(float));
      const auto shift = static_cast<int32_t>(start[c] - offset);
      for (size_t i = first_row[c]; i < first_row[c + 1]; ++i) outer[i] -= shift;
    }
    offset += used[c];
  }
  outer[rows] = static_cast<int32_t>(offset);
  // Shrinking keeps the arrays in place: the unused tail was never written (one chunk) or is
  // what the later chunks moved out of, and is given back with the matrix.
  matrix.resizeNonZeros(static_cast<int64_t>(offset));
  return matrix;
}

}  // namespace mlflow::models
