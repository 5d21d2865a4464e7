# wod_setup_target(<target>): warnings and sanitizer flags for our own targets
# only (EnTT's SETUP_TARGET shape); third-party targets keep their own flags.
function(wod_setup_target target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wconversion)
  if(WOD_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# wod_add_test(<name> SOURCES ... LIBS ... LABELS ...): one gtest binary
# registered with ctest through gtest_discover_tests (tests listed at build
# time). Labels are set by an include file that ctest runs after discovery:
# gtest_discover_tests(PROPERTIES LABELS a;b) would lose the list separator
# and read the second label as a property name.
function(wod_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gmock GTest::gtest_main)
  wod_setup_target(${name})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 TEST_LIST ${name}_TESTS)
  if(ARG_LABELS)
    set(labels_file ${CMAKE_CURRENT_BINARY_DIR}/${name}_labels.cmake)
    file(WRITE ${labels_file}
      "if(${name}_TESTS)\n"
      "  set_tests_properties(\${${name}_TESTS} PROPERTIES LABELS \"${ARG_LABELS}\")\n"
      "endif()\n")
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${labels_file})
  endif()
endfunction()
