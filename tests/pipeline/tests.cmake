# The MLOps pipeline end to end (issue 6): `dvc repro` of examples/sentiment-pipeline on the
# real data against the shared test MLflow server, DVC remote push/pull, the URL + SHA-256
# download, rollback and the CI workflow file. Runs with the venv's pytest (DVC, mlflow).
set(_pipeline_test_env
  "MLFLOWCPP_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
  "MLFLOWCPP_BINARY_DIR=${PROJECT_BINARY_DIR}"
  "MLFLOWCPP_CLI=$<TARGET_FILE:mlflow-cpp>"
  "MLFLOWCPP_TEST_SERVER_DIR=${MLFLOWCPP_TEST_SERVER_DIR}"
  "MLFLOWCPP_VENV=${MLFLOWCPP_VENV}"
  "MLFLOWCPP_DATA_DIR=${PROJECT_SOURCE_DIR}/../shared/data/semeval2017-task4a"
  "DVC_NO_ANALYTICS=1"
  "MLFLOW_DISABLE_TELEMETRY=true"
  "DO_NOT_TRACK=true")
if(TARGET mlflow-cpp)
  add_test(NAME pipeline_e2e
    COMMAND ${MLFLOWCPP_VENV}/bin/python -m pytest -q -p no:cacheprovider
            ${CMAKE_CURRENT_LIST_DIR}/test_pipeline_e2e.py)
  set_tests_properties(pipeline_e2e PROPERTIES
    LABELS "integration;pipeline" TIMEOUT 1200 FIXTURES_REQUIRED mlflow_server
    ENVIRONMENT "${_pipeline_test_env}")
  add_test(NAME pipeline_scripts
    COMMAND ${MLFLOWCPP_VENV}/bin/python -m pytest -q -p no:cacheprovider
            ${CMAKE_CURRENT_LIST_DIR}/test_pipeline_scripts.py)
  set_tests_properties(pipeline_scripts PROPERTIES
    LABELS "integration;pipeline" TIMEOUT 600 FIXTURES_REQUIRED mlflow_server
    ENVIRONMENT "${_pipeline_test_env}")
endif()
