# Driver of the install test (cmake -P): install, configure, build, run.
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

function(run_step name)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result
    OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${name} failed (${result}):\n${out}\n${err}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

run_step(install ${CMAKE_COMMAND} --install "${WOD_BUILD_DIR}"
  --component wod_memory --prefix "${prefix}")

set(flags "")
if(SANITIZE)
  # The installed library was built with sanitizers; the consumer must link
  # their runtimes too.
  set(flags "-fsanitize=${SANITIZE}")
endif()
run_step(configure ${CMAKE_COMMAND} -S "${CONSUMER_SOURCE}"
  -B "${WORK_DIR}/build" -G "${GENERATOR}"
  "-DCMAKE_PREFIX_PATH=${prefix}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
  "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}" "-DCMAKE_CXX_FLAGS=${flags}"
  "-DCMAKE_EXE_LINKER_FLAGS=${flags}")
run_step(build ${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run_step(run "${WORK_DIR}/build/wod_consumer")
if(NOT step_output MATCHES "consumer ok")
  message(FATAL_ERROR "consumer printed: ${step_output}")
endif()
message(STATUS "${step_output}")
