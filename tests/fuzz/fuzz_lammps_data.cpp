// SPDX-License-Identifier: BSD-3-Clause
// LAMMPS data files (atom_style atomic), read as a 3D and as a 2D system.
#include <cstdint>

#include "fuzz_common.hpp"
#include "lammps_data.hpp"

using namespace metabasin;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string path = fuzz::write_bytes(data, size, "system.data");
  fuzz::expect_clean(path, [&] { read_lammps_data(path, 3, {true, true, true}); });
  fuzz::expect_clean(path, [&] { read_lammps_data(path, 2, {true, true, false}); });
  return 0;
}
