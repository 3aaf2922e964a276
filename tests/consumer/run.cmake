# Builds tests/consumer against this build of gdchaos, as an outside project would:
#   MODE=package       installs the build into WORK_DIR/prefix (cmake --install), configures the
#                      consumer with CMAKE_PREFIX_PATH there, builds it and runs it;
#   MODE=subdirectory  configures the consumer with gdchaos added by add_subdirectory, with
#                      GoogleTest, Google Benchmark and CLI11 made unfindable: the library alone
#                      must need none of them.
# Everything it writes lies under WORK_DIR, which it empties first. Run by ctest (tests/CMakeLists.txt):
#   cmake -DMODE=… -DSOURCE_DIR=… -DBUILD_DIR=… -DWORK_DIR=… -DCONFIG=… -DGENERATOR=…
#         -DCXX_COMPILER=… -DCXX_FLAGS=… -DVERSION=… -P run.cmake
foreach(var MODE SOURCE_DIR BUILD_DIR WORK_DIR GENERATOR CXX_COMPILER VERSION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run.cmake needs -D${var}=…")
  endif()
endforeach()

function(step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}")
  endif()
  message(STATUS "${what}: ok")
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(config_args)
if(CONFIG)
  set(config_args --config ${CONFIG})
endif()
set(consumer_build ${WORK_DIR}/build)
set(configure ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/consumer -B ${consumer_build} -G ${GENERATOR}
    -DCMAKE_BUILD_TYPE=${CONFIG} -DCMAKE_CXX_COMPILER=${CXX_COMPILER} "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
    -DGDCHAOS_EXPECTED_VERSION=${VERSION} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)

if(MODE STREQUAL "package")
  set(prefix ${WORK_DIR}/prefix)
  unset(ENV{DESTDIR})  # or the install would go to $DESTDIR/prefix
  step("install into ${prefix}" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} ${config_args})
  step("configure the consumer" ${configure} -DCMAKE_PREFIX_PATH=${prefix})
  step("build the consumer" ${CMAKE_COMMAND} --build ${consumer_build} ${config_args})
  file(READ ${consumer_build}/consumer-path.txt consumer)
  step("run the consumer" ${consumer})
  message(STATUS "${step_output}")
elseif(MODE STREQUAL "subdirectory")
  step("configure the consumer with add_subdirectory" ${configure} -DGDCHAOS_SOURCE_DIR=${SOURCE_DIR}
       -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON
       -DCMAKE_DISABLE_FIND_PACKAGE_CLI11=ON)
else()
  message(FATAL_ERROR "MODE is package or subdirectory, not ${MODE}")
endif()
