// SPDX-License-Identifier: BSD-3-Clause
// B2 CuZr energies per atom at the relaxed lattice constants of potentials/README.md
// (values computed there with LAMMPS).
#include <gtest/gtest.h>

#include "pair_eam.hpp"
#include "sample_builder.hpp"

using namespace metabasin;

namespace {
double b2_energy_per_atom(const std::string& path, EamFlavor flavor, double a) {
  LatticeSpec s;
  s.lattice = "b2";
  s.a = a;
  s.cells = {4, 4, 4};
  s.ntypes = 2;
  const auto c = build_lattice(s);
  PairEAM eam(read_eam_file(path, flavor), {"Cu", "Zr"}, 1.0);
  ForceResult r;
  eam.compute(c, r);
  // A perfect crystal: no net force on any atom.
  double fmax = 0.0;
  for (double f : r.forces) fmax = std::max(fmax, std::abs(f));
  EXPECT_LT(fmax, 1e-10);
  return r.energy / static_cast<double>(c.size());
}
}  // namespace

TEST(B2CuZr, ZrCuAl2011Alloy) {
  EXPECT_NEAR(b2_energy_per_atom(METABASIN_SOURCE_DIR "/potentials/ZrCuAl2011.eam.alloy", EamFlavor::Alloy, 3.25257),
              -5.067925, 2e-6);
}

TEST(B2CuZr, Mendelev2009Fs) {
  EXPECT_NEAR(b2_energy_per_atom(METABASIN_SOURCE_DIR "/potentials/Cu-Zr_2.eam.fs", EamFlavor::FinnisSinclair, 3.22857),
              -5.026226, 2e-6);
}

TEST(B2CuZr, Mendelev2007FsFromLammpsData) {
  EXPECT_NEAR(b2_energy_per_atom("/usr/share/lammps/potentials/CuZr_mm.eam.fs", EamFlavor::FinnisSinclair, 3.23693),
              -5.015322, 2e-6);
}
