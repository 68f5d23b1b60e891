// SPDX-License-Identifier: BSD-3-Clause
// HDF5 inherent-structure sequences, fuzzed as bytes: mutations of small real sequences.
#include <cstdint>

#include "fuzz_catalog.hpp"

using namespace metabasin;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string path = fuzz::write_bytes(data, size, "sequence.h5");
  fuzz::expect_clean(path, [&] { fuzz::use_sequence(path); });
  return 0;
}
