// AVX-512 for the hot loops of prediction and feature extraction, chosen at run time.
//
// The library is built for baseline x86-64; a function marked MLFLOWCPP_TARGET_AVX512 is compiled
// for AVX-512 F, DQ and VL and may only run where CpuHasAvx512() is true. Callers keep a portable
// path that gives the same results.
//
// An AVX-512 function must return to its caller rather than end in a call to non-AVX code: GCC 12
// may make that call a jump without first clearing the upper vector registers, and SSE code after
// it then runs at half speed (measured on AMD Zen 5).
#pragma once

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define MLFLOWCPP_AVX512 1
#define MLFLOWCPP_TARGET_AVX512 __attribute__((target("avx512f,avx512dq,avx512vl")))
#if defined(__clang__)
#include <immintrin.h>
#else
// GCC 12's AVX-512 shift intrinsics start from a deliberately uninitialised vector, which
// -Wmaybe-uninitialized reports wherever they are inlined.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
#endif
#else
#define MLFLOWCPP_AVX512 0
#endif

namespace mlflow::models {

// True when this CPU and OS run AVX-512 F, DQ and VL, unless the environment variable
// MLFLOWCPP_DISABLE_AVX512 is true, 1 or yes (any case, as every boolean setting: then the
// portable code runs everywhere). Decided at the first call; thread-safe.
bool CpuHasAvx512();

}  // namespace mlflow::models
