// ParallelFor: the one way this library uses threads.
//
// Work [0, n) is cut into `threads` contiguous chunks of nearly equal size; chunk k always
// covers the same range for the same (n, threads), so per-chunk results combined in chunk
// order are deterministic. Chunk 0 runs on the calling thread; the call returns when all
// chunks are done. An exception thrown by `fn` terminates (the library does not throw).
#pragma once

#include <cstddef>
#include <functional>

namespace mlflow::models {

// `requested` <= 0 means every hardware thread; the result is at least 1.
int ResolveThreadCount(int requested);

// fn(begin, end, chunk) for each non-empty chunk; at most min(threads, n) chunks.
void ParallelFor(size_t n, int threads, const std::function<void(size_t begin, size_t end, int chunk)>& fn);

// The number of chunks ParallelFor(n, threads, ...) uses.
int ChunkCount(size_t n, int threads);

}  // namespace mlflow::models
