# Install rules: headers, libraries, the CLI, a CMake package (mlflowcppConfig.cmake) and a
# pkg-config file. Consumers:
#   find_package(mlflowcpp CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE mlflowcpp::mlflowcpp)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(MLFLOWCPP_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/mlflowcpp)
set(_targets mlflowcpp)
foreach(part mlflowcpp_client mlflowcpp_models mlflowcpp_pipeline mlflowcpp_server)
  if(TARGET ${part})
    list(APPEND _targets ${part})
  endif()
endforeach()
set_target_properties(mlflowcpp PROPERTIES EXPORT_NAME mlflowcpp)

install(TARGETS ${_targets} EXPORT mlflowcppTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/lib/mlflow DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")
if(TARGET mlflow-cpp)
  install(TARGETS mlflow-cpp RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(EXPORT mlflowcppTargets NAMESPACE mlflowcpp:: DESTINATION ${MLFLOWCPP_CMAKE_DIR})
# The build tree is a package too (find_package(mlflowcpp PATHS <build dir>)): the Python
# bindings link the libraries already built there instead of compiling them a second time.
export(TARGETS ${_targets} mlflowcpp_build_flags NAMESPACE mlflowcpp:: FILE ${PROJECT_BINARY_DIR}/mlflowcppTargets.cmake)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/mlflowcppConfig.cmake.in
  ${PROJECT_BINARY_DIR}/mlflowcppConfig.cmake INSTALL_DESTINATION ${MLFLOWCPP_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/mlflowcppConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/mlflowcppConfig.cmake ${PROJECT_BINARY_DIR}/mlflowcppConfigVersion.cmake
  DESTINATION ${MLFLOWCPP_CMAKE_DIR})

# pkg-config: static archives, so the private dependencies are listed for linking.
set(_pc_libs "")
foreach(part mlflowcpp_server mlflowcpp_pipeline mlflowcpp_models mlflowcpp_client)
  if(TARGET ${part})
    string(APPEND _pc_libs " -l${part}")
  endif()
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/cmake/mlflowcpp.pc.in ${PROJECT_BINARY_DIR}/mlflowcpp.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/mlflowcpp.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
