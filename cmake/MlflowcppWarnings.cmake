# Warning and sanitizer flags, applied per target through mlflowcpp_set_warnings().
add_library(mlflowcpp_build_flags INTERFACE)
target_compile_options(mlflowcpp_build_flags INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor>
  $<$<AND:$<CXX_COMPILER_ID:GNU,Clang>,$<BOOL:${MLFLOWCPP_WERROR}>>:-Werror>)

if(MLFLOWCPP_SANITIZE STREQUAL "address")
  set(_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
elseif(MLFLOWCPP_SANITIZE STREQUAL "thread")
  set(_san -fsanitize=thread -fno-omit-frame-pointer)
elseif(NOT MLFLOWCPP_SANITIZE STREQUAL "")
  message(FATAL_ERROR "MLFLOWCPP_SANITIZE must be '', 'address' or 'thread'")
endif()
if(_san)
  target_compile_options(mlflowcpp_build_flags INTERFACE ${_san})
  target_link_options(mlflowcpp_build_flags INTERFACE ${_san})
endif()

function(mlflowcpp_set_warnings target)
  target_link_libraries(${target} PRIVATE $<BUILD_INTERFACE:mlflowcpp_build_flags>)
endfunction()
