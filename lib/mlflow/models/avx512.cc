#include "mlflow/models/avx512.h"

#include <cstdlib>

#include "mlflow/core/text.h"

namespace mlflow::models {

bool CpuHasAvx512() {
  static const bool supported = [] {
    const char* disabled = std::getenv("MLFLOWCPP_DISABLE_AVX512");
    if (disabled != nullptr && ParseBoolText(disabled).value_or(false)) return false;
#if MLFLOWCPP_AVX512
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vl");
#else
    return false;
#endif
  }();
  return supported;
}

}  // namespace mlflow::models
