# SPDX-License-Identifier: BSD-3-Clause
# Builds TARGET in BUILD_DIR. EXPECT=allowed: it must build. EXPECT=forbidden: it must fail,
# and fail because HEADER was not found (not for some other reason).
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${TARGET}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(EXPECT STREQUAL "allowed")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${TARGET}: '${HEADER}' should be reachable but the probe failed:\n${out}${err}")
  endif()
else()
  if(rc EQUAL 0)
    message(FATAL_ERROR "${TARGET}: '${HEADER}' is reachable through a door the layout forbids")
  endif()
  string(FIND "${out}${err}" "${HEADER}: No such file or directory" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${TARGET}: the probe failed, but not for want of '${HEADER}':\n${out}${err}")
  endif()
endif()
