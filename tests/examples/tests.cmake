# Every example against the shared real server (issue 10): training_loop, register_promote,
# prediction_client (against `mlflow-cpp serve` on the champion register_promote leaves) and
# the Python examples, each checked with the official Python client. The Python examples need
# the `mlflowcpp` package: scripts/install-bindings.sh first (a no-op when up to date; it
# serialises with python_bindings' call on a lock).
if(MLFLOWCPP_BUILD_EXAMPLES AND TARGET mlflow-cpp)
  add_test(NAME examples_e2e
    COMMAND bash -c "scripts/install-bindings.sh >&2 && \"${MLFLOWCPP_VENV}/bin/python\" -m pytest -q -p no:cacheprovider tests/examples/test_examples.py"
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(examples_e2e PROPERTIES
    LABELS "integration;examples" TIMEOUT 1800 FIXTURES_REQUIRED mlflow_server
    ENVIRONMENT "MLFLOWCPP_SOURCE_DIR=${PROJECT_SOURCE_DIR};MLFLOWCPP_BINARY_DIR=${PROJECT_BINARY_DIR};MLFLOWCPP_TEST_SERVER_DIR=${MLFLOWCPP_TEST_SERVER_DIR};MLFLOWCPP_VENV=${MLFLOWCPP_VENV};MLFLOWCPP_DATA_DIR=${PROJECT_SOURCE_DIR}/../shared/data/semeval2017-task4a;MLFLOW_DISABLE_TELEMETRY=true;DO_NOT_TRACK=true")
endif()
