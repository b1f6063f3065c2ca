# Builds a small consumer project against the installed package and as a subdirectory.
if(MLFLOWCPP_INSTALL)
  add_test(NAME consumer_project
    COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run_consumer_test.sh ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR}
            ${PROJECT_BINARY_DIR}/test-server)
  set_tests_properties(consumer_project PROPERTIES FIXTURES_REQUIRED mlflow_server
    LABELS "integration;packaging" TIMEOUT 1200)
endif()
