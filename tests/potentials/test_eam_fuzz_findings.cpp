// SPDX-License-Identifier: BSD-3-Clause
// What fuzzing the EAM table reader found (tests/fuzz): a corrupt table is one clear
// InputError naming the file, never an allocation the size its header claims.
#include <gtest/gtest.h>

#include <fstream>

#include "eam_tables.hpp"
#include "error.hpp"
#include "lammps_reference.hpp"

using namespace metabasin;

namespace {

std::string read_error(const std::string& path, EamFlavor flavor) {
  try {
    read_eam_file(path, flavor);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "read " << path;
  return "";
}

}  // namespace

// Found by fuzz_eam_tables: a grid line announcing 172827241 density points made the reader
// reserve 1.4 GB for a 3 kB file.
TEST(EamFuzzFindings, AGridLargerThanTheFileIsAnInputError) {
  const std::string found = METABASIN_SOURCE_DIR "/tests/fuzz/regressions/eam_tables-huge-grid";
  for (EamFlavor flavor : {EamFlavor::Alloy, EamFlavor::FinnisSinclair}) {
    const std::string m = read_error(found, flavor);
    EXPECT_NE(m.find(found), std::string::npos) << m;
    EXPECT_NE(m.find("grid points"), std::string::npos) << m;
  }
  // The same with a grid at the edge of int, from a table we write.
  const std::string path = metabasin::testing::scratch_dir("eam_fuzz_findings") + "/huge.eam.alloy";
  std::ofstream(path) << "\n\n\n1 Cu\n2000000000 0.01 2000000000 0.001 5.0\n29 63.546 3.6 fcc\n0 1 2 3 4\n";
  const std::string m = read_error(path, EamFlavor::Alloy);
  EXPECT_NE(m.find("grid points"), std::string::npos) << m;
}

// The reader still takes the real tables it was cut from.
TEST(EamFuzzFindings, RealTablesStillRead) {
  const EamFile f = read_eam_file(METABASIN_SOURCE_DIR "/potentials/Cu-Zr_2.eam.fs", EamFlavor::FinnisSinclair);
  EXPECT_EQ(f.elements.size(), 2u);
  EXPECT_EQ(f.frho[0].size(), static_cast<std::size_t>(f.nrho));
}
