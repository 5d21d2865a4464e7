# wod_setup_target(<target>): warnings and sanitizer flags for our own targets
# only (EnTT's SETUP_TARGET shape); third-party targets keep their own flags.
function(wod_setup_target target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wconversion)
  if(WOD_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# wod_add_test(<name> SOURCES ... LIBS ...): one gtest binary registered with
# ctest through gtest_discover_tests (tests listed at build time).
function(wod_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gmock GTest::gtest_main)
  wod_setup_target(${name})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${ARG_LABELS}")
endfunction()
