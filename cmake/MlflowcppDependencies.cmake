# Every dependency comes from a Debian package; nothing is downloaded at build time.
find_package(Threads REQUIRED)
find_package(CURL REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(fmt REQUIRED)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
if(MLFLOWCPP_BUILD_CLI OR MLFLOWCPP_BUILD_TESTS)
  find_package(CLI11 REQUIRED)
endif()
if(MLFLOWCPP_BUILD_TESTS)
  find_package(Catch2 2 REQUIRED)
endif()
find_package(PkgConfig REQUIRED)
# Debian ships cpp-httplib as a compiled library with only a .pc file; its compile
# definitions (OpenSSL/zlib/brotli support) must match the library, so take them from there.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
