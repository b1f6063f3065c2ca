# The Python bindings' pytest suite (bindings/python/tests), against the shared real server.
# It first (re)installs the `mlflowcpp` package into the venv (scripts/install-bindings.sh: a
# no-op when the sources are unchanged, incremental in build/python otherwise), then runs pytest.
# The pyfunc tests compare against this build's CLI (${PROJECT_BINARY_DIR}/bin/mlflow-cpp).
add_test(NAME python_bindings
  COMMAND bash -c "scripts/install-bindings.sh && \"${MLFLOWCPP_VENV}/bin/python\" -m pytest bindings/python/tests -q -p no:cacheprovider"
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(python_bindings PROPERTIES
  LABELS python
  TIMEOUT 3600
  FIXTURES_REQUIRED mlflow_server
  ENVIRONMENT "MLFLOWCPP_TEST_SERVER_DIR=${MLFLOWCPP_TEST_SERVER_DIR};MLFLOWCPP_VENV=${MLFLOWCPP_VENV};MLFLOWCPP_BUILD_DIR=${PROJECT_BINARY_DIR};MLFLOW_DISABLE_TELEMETRY=true;DO_NOT_TRACK=true")
