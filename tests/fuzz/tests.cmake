# The libFuzzer targets (tests/fuzz/), only with -DMLFLOWCPP_BUILD_FUZZERS=ON and clang;
# scripts/test-fuzz.sh configures build-fuzz/ that way and runs them. Without the option this
# file does nothing (the corpora still replay as regression tests in unit_reliability).
if(MLFLOWCPP_BUILD_FUZZERS)
  add_subdirectory(${CMAKE_CURRENT_LIST_DIR} ${CMAKE_CURRENT_BINARY_DIR}/fuzz)
endif()
