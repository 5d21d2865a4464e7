# Driver of the install test (cmake -P): install, then build and run outside
# projects against the install tree only.
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

# The fenced block of `lang` that follows `heading` in `text`.
function(fenced_block text heading lang out)
  string(FIND "${text}" "${heading}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "no '${heading}' section")
  endif()
  string(SUBSTRING "${text}" ${at} -1 rest)
  string(FIND "${rest}" "```${lang}\n" open)
  if(open EQUAL -1)
    message(FATAL_ERROR "no ${lang} block after '${heading}'")
  endif()
  string(LENGTH "```${lang}\n" skip)
  math(EXPR open "${open} + ${skip}")
  string(SUBSTRING "${rest}" ${open} -1 rest)
  string(FIND "${rest}" "```" close)
  string(SUBSTRING "${rest}" 0 ${close} block)
  set(${out} "${block}" PARENT_SCOPE)
endfunction()

run_step(install ${CMAKE_COMMAND} --install "${WOD_BUILD_DIR}"
  --prefix "${prefix}")
foreach(header wod/memory/runtime_memory.h wod/memory/testing/snapshot_matchers.h
    wod/runtime/script_runtime.h wod/blocks/workout_host.h
    wod/debugger/attach/publication_endpoint.h)
  if(NOT EXISTS "${prefix}/include/${header}")
    message(FATAL_ERROR "not installed: include/${header}")
  endif()
endforeach()
foreach(folder memory runtime blocks)
  if(EXISTS "${prefix}/include/${folder}")
    message(FATAL_ERROR "headers must not land in include/${folder}")
  endif()
endforeach()
# Internal headers ship only for inlining; no embedder code includes them.
file(GLOB_RECURSE example_sources "${CONSUMER_SOURCE}/*.cc"
  "${WOD_SOURCE_DIR}/examples/embed/*.cc")
foreach(source IN LISTS example_sources)
  file(STRINGS "${source}" internal_includes REGEX "^#include \"[^\"]*/internal/")
  if(internal_includes)
    message(FATAL_ERROR "${source} includes an internal header: ${internal_includes}")
  endif()
endforeach()
# Every installed header includes only installed wod headers.
file(GLOB_RECURSE installed_headers "${prefix}/include/wod/*.h")
foreach(header IN LISTS installed_headers)
  file(STRINGS "${header}" includes REGEX "^#include \"(base|memory|runtime|blocks|debugger)/")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^#include \"([^\"]+)\".*" "\\1" included "${line}")
    if(NOT EXISTS "${prefix}/include/wod/${included}")
      message(FATAL_ERROR "${header} includes ${included}, which is not installed")
    endif()
  endforeach()
endforeach()

set(flags "")
if(SANITIZE)
  # The installed library was built with sanitizers; consumers must link
  # their runtimes too.
  set(flags "-fsanitize=${SANITIZE}")
endif()
set(configure_args -G "${GENERATOR}" "-DCMAKE_PREFIX_PATH=${prefix}"
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
  "-DCMAKE_CXX_FLAGS=${flags}" "-DCMAKE_EXE_LINKER_FLAGS=${flags}")

# 1. The consumer: docs/embedding.md's memory-only program (checked to be in
#    the doc verbatim) and the README snippet exactly as written.
file(COPY "${CONSUMER_SOURCE}/" DESTINATION "${WORK_DIR}/consumer")
file(READ "${WOD_SOURCE_DIR}/docs/embedding.md" doc)
file(READ "${CONSUMER_SOURCE}/memory_only.cc" memory_only)
string(FIND "${doc}" "${memory_only}" found)
if(found EQUAL -1)
  message(FATAL_ERROR
    "docs/embedding.md does not show tests/install/consumer/memory_only.cc verbatim")
endif()
file(READ "${WOD_SOURCE_DIR}/README.md" readme)
fenced_block("${readme}" "## Embedding" "cmake" readme_cmake)
fenced_block("${readme}" "## Embedding" "cpp" readme_cpp)
file(WRITE "${WORK_DIR}/consumer/readme/CMakeLists.txt" "${readme_cmake}")
file(WRITE "${WORK_DIR}/consumer/readme/main.cc" "${readme_cpp}")
run_step(configure ${CMAKE_COMMAND} -S "${WORK_DIR}/consumer"
  -B "${WORK_DIR}/consumer-build" ${configure_args})
run_step(build ${CMAKE_COMMAND} --build "${WORK_DIR}/consumer-build")
run_step(memory_only "${WORK_DIR}/consumer-build/memory_only")
if(NOT step_output MATCHES "consumer ok")
  message(FATAL_ERROR "memory_only printed: ${step_output}")
endif()
run_step(readme "${WORK_DIR}/consumer-build/readme/app")
if(NOT step_output MATCHES "refs left: 0")
  message(FATAL_ERROR "the README snippet printed: ${step_output}")
endif()

# 2. examples/embed, built and tested from the install tree.
run_step(configure_embed ${CMAKE_COMMAND} -S "${WOD_SOURCE_DIR}/examples/embed"
  -B "${WORK_DIR}/embed-build" ${configure_args})
run_step(build_embed ${CMAKE_COMMAND} --build "${WORK_DIR}/embed-build")
run_step(test_embed ${CMAKE_COMMAND} -E env --unset=WOD_UPDATE_GOLDEN
  ctest --test-dir "${WORK_DIR}/embed-build" --output-on-failure)

# 3. A component that is not there is named in the error.
set(probe "${WORK_DIR}/probe")
file(WRITE "${probe}/CMakeLists.txt"
  "cmake_minimum_required(VERSION 3.25)\nproject(probe LANGUAGES CXX)\n"
  "find_package(wod REQUIRED COMPONENTS memory nosuch)\n")
execute_process(COMMAND ${CMAKE_COMMAND} -S "${probe}" -B "${probe}/build"
  ${configure_args} RESULT_VARIABLE result OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
if(result EQUAL 0 OR NOT err MATCHES "not installed: nosuch")
  message(FATAL_ERROR "a missing component was not named:\n${out}\n${err}")
endif()
message(STATUS "install test: all consumers built and passed")
