// SPDX-License-Identifier: BSD-3-Clause
// EAM tables: DYNAMO setfl (eam/alloy) and Finnis-Sinclair (eam/fs), each table then turned
// into the splines pair_eam builds from it.
#include <cstdint>

#include "eam_tables.hpp"
#include "fuzz_common.hpp"

using namespace metabasin;

namespace {

void read_and_spline(const std::string& path, EamFlavor flavor) {
  const EamFile f = read_eam_file(path, flavor);
  for (const auto& t : f.frho) lammps_spline(t, f.drho);
  for (const auto& per : f.rhor)
    for (const auto& t : per) lammps_spline(t, f.dr);
  for (const auto& per : f.z2r)
    for (const auto& t : per) lammps_spline(t, f.dr);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string path = fuzz::write_bytes(data, size, "table.eam");
  fuzz::expect_clean(path, [&] { read_and_spline(path, EamFlavor::Alloy); });
  fuzz::expect_clean(path, [&] { read_and_spline(path, EamFlavor::FinnisSinclair); });
  return 0;
}
