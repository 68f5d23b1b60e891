# SPDX-License-Identifier: BSD-3-Clause
# metabasin_component(NAME SOURCES ... [DEPENDS ...] [PRIVATE_DEPENDS ...])
# One folder, one static library metabasin_NAME. Its folder is its only public include
# directory, so a file sees the headers of exactly the components its target links.
function(metabasin_component name)
  cmake_parse_arguments(C "" "" "SOURCES;DEPENDS;PRIVATE_DEPENDS" ${ARGN})
  add_library(metabasin_${name} STATIC ${C_SOURCES})
  target_include_directories(metabasin_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(metabasin_${name} PUBLIC ${C_DEPENDS} PRIVATE ${C_PRIVATE_DEPENDS})
  target_compile_options(metabasin_${name} PRIVATE -Wall -Wextra)
endfunction()
