# SPDX-License-Identifier: BSD-3-Clause
# Flags of a fuzzing build (METABASIN_BUILD_FUZZ=ON): libFuzzer needs clang; AddressSanitizer
# and UndefinedBehaviorSanitizer turn silent memory errors and UB into reported crashes.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "METABASIN_BUILD_FUZZ needs clang (libFuzzer): configure with "
                      "-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang")
endif()
set(METABASIN_SANITIZERS "-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer")
string(APPEND CMAKE_CXX_FLAGS " -fsanitize=fuzzer-no-link ${METABASIN_SANITIZERS}")
string(APPEND CMAKE_C_FLAGS " -fsanitize=fuzzer-no-link ${METABASIN_SANITIZERS}")
string(APPEND CMAKE_EXE_LINKER_FLAGS " ${METABASIN_SANITIZERS}")
