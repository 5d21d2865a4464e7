# wod_install_component(<target> COMPONENT <name> HEADERS_TO <subdir>
#                       [HEADERS <file>...]
#                       [HEADERS_FROM <dir> EXCLUDE <folder>...])
#
# Installs one library of the wod package as component <name>: the archive,
# its own export set `wod-<name>-targets.cmake` (so find_package(wod
# COMPONENTS ...) loads only what was asked for) and its public headers under
# <prefix>/include/wod/<subdir>/: either the listed HEADERS, or every header
# of HEADERS_FROM except the EXCLUDEd folders. Internals are not offered to
# embedders: a header left off a HEADERS list is not installed, and an
# `internal/` folder is installed only because public headers include it for
# inlining (as Abseil does): nothing in it is API, and the install test
# checks that no example includes it and that every installed header
# includes only installed ones.
include(GNUInstallDirs)

set(WOD_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/wod)
set(WOD_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/wod)

function(wod_install_component target)
  cmake_parse_arguments(ARG "" "COMPONENT;HEADERS_FROM;HEADERS_TO"
    "EXCLUDE;HEADERS" ${ARGN})
  install(TARGETS ${target} EXPORT wod-${ARG_COMPONENT}-targets
    COMPONENT ${ARG_COMPONENT}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
  if(ARG_HEADERS)
    # An explicit public API: only these headers are offered.
    install(FILES ${ARG_HEADERS}
      DESTINATION ${WOD_INSTALL_INCLUDEDIR}/${ARG_HEADERS_TO}
      COMPONENT ${ARG_COMPONENT})
  else()
    set(excludes "")
    foreach(folder IN LISTS ARG_EXCLUDE)
      list(APPEND excludes PATTERN ${folder} EXCLUDE)
    endforeach()
    install(DIRECTORY ${ARG_HEADERS_FROM}/
      DESTINATION ${WOD_INSTALL_INCLUDEDIR}/${ARG_HEADERS_TO}
      COMPONENT ${ARG_COMPONENT}
      FILES_MATCHING PATTERN "*.h" ${excludes})
  endif()
  install(EXPORT wod-${ARG_COMPONENT}-targets NAMESPACE wod::
    COMPONENT ${ARG_COMPONENT} DESTINATION ${WOD_INSTALL_CMAKEDIR})
endfunction()

# The include directories every installable wod library carries: the
# repository root while building, <prefix>/include/wod once installed, so
# `#include "memory/runtime_memory.h"` reads the same in both.
function(wod_public_includes target)
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
    $<INSTALL_INTERFACE:${WOD_INSTALL_INCLUDEDIR}>)
  # Embedders inherit the standard the headers need (C++20 defaulted
  # comparisons, concepts), whatever their own default is.
  target_compile_features(${target} PUBLIC cxx_std_20)
endfunction()
