// ModelSlot: the model currently served, swapped atomically.
//
// Requests call Current() once and keep the shared_ptr for their whole duration; Install()
// replaces the pointer under a mutex, so in-flight requests finish on the model they
// started with and the old model is freed when the last of them lets go. Readiness is
// "a model is installed". Thread-safe; Current() is a mutex-protected pointer copy (tens of
// nanoseconds) and never blocks on loading, which happens elsewhere.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include "mlflow/server/loaded_model.h"

namespace mlflow::server {

class ModelSlot {
 public:
  // Null until the first Install().
  std::shared_ptr<const LoadedModel> Current() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return current_;
  }
  // Assigns the next generation number (1, 2, ...), publishes the model and returns the one
  // it replaced (null the first time).
  std::shared_ptr<const LoadedModel> Install(LoadedModel model) {
    model.generation = next_generation_.fetch_add(1) + 1;
    auto installed = std::make_shared<const LoadedModel>(std::move(model));
    std::lock_guard<std::mutex> lock(mutex_);
    std::swap(current_, installed);
    ready_.store(true, std::memory_order_release);
    return installed;
  }
  bool ready() const { return ready_.load(std::memory_order_acquire); }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const LoadedModel> current_;
  std::atomic<uint64_t> next_generation_{0};
  std::atomic<bool> ready_{false};
};

}  // namespace mlflow::server
