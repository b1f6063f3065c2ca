#include "mlflow/models/parallel.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace mlflow::models {

int ResolveThreadCount(int requested) {
  if (requested > 0) return requested;
  unsigned hardware = std::thread::hardware_concurrency();
  return hardware == 0 ? 1 : static_cast<int>(hardware);
}

int ChunkCount(size_t n, int threads) {
  if (n == 0) return 0;
  return static_cast<int>(std::min<size_t>(n, static_cast<size_t>(std::max(1, threads))));
}

void ParallelFor(size_t n, int threads, const std::function<void(size_t, size_t, int)>& fn) {
  int chunks = ChunkCount(n, threads);
  if (chunks == 0) return;
  auto bounds = [&](int k) { return n * static_cast<size_t>(k) / static_cast<size_t>(chunks); };
  if (chunks == 1) {
    fn(0, n, 0);
    return;
  }
  std::vector<std::thread> workers;
  workers.reserve(chunks - 1);
  for (int k = 1; k < chunks; ++k) workers.emplace_back([&, k] { fn(bounds(k), bounds(k + 1), k); });
  fn(bounds(0), bounds(1), 0);
  for (auto& worker : workers) worker.join();
}

}  // namespace mlflow::models
