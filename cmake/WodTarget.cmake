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

# wod_add_layer(<name> DEPS ...): the library of one layer folder, wod_<name>
# (alias wod::<name>, exported as <name>), built from every .cc directly in
# the folder, with the repository root as its include root (include/wod once
# installed), so headers are spelled "memory/ref_id.h" (the layers:
# docs/spec/design.md §1), and requiring C++20 of whoever links it.
function(wod_add_layer name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  add_library(wod_${name} ${sources})
  add_library(wod::${name} ALIAS wod_${name})
  wod_public_includes(wod_${name})  # cmake/WodInstall.cmake
  target_link_libraries(wod_${name} PUBLIC ${ARG_DEPS})
  set_target_properties(wod_${name} PROPERTIES EXPORT_NAME ${name})
  wod_setup_target(wod_${name})
endfunction()
