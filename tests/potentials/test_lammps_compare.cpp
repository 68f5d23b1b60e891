// SPDX-License-Identifier: BSD-3-Clause
// Energies, every force component and the virial against LAMMPS on the same data files:
// 2D Lennard-Jones and 3D EAM (setfl and Finnis-Sinclair), orthogonal and strongly tilted.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>

#include "eam_tables.hpp"
#include "neighbor_list.hpp"
#include "lammps_reference.hpp"
#include "pair_eam.hpp"
#include "pair_lj.hpp"
#include "sample_builder.hpp"

using namespace metabasin;
using namespace metabasin::testing;

namespace {

const std::string kPotentials = METABASIN_SOURCE_DIR "/potentials/";

struct Agreement {
  double energy_rel, force_abs, virial_rel, atom_energy_abs;
};

Agreement compare(Potential& pot, const Configuration& c, const LammpsPoint& ref) {
  ForceResult r;
  pot.compute(c, r, true);
  Agreement a{std::abs(r.energy - ref.energy) / std::abs(ref.energy), 0.0, 0.0, 0.0};
  EXPECT_EQ(ref.atom_energy.size(), c.size());
  for (std::size_t i = 0; i < c.size() && i < ref.atom_energy.size(); ++i)
    a.atom_energy_abs = std::max(a.atom_energy_abs, std::abs(r.atom_energy[i] - ref.atom_energy[i]));
  for (std::size_t k = 0; k < r.forces.size() && k < ref.forces.size(); ++k)
    a.force_abs = std::max(a.force_abs, std::abs(r.forces[k] - ref.forces[k]));
  double vscale = 0.0;
  for (int k = 0; k < 6; ++k) vscale = std::max(vscale, std::abs(ref.virial[k]));
  for (int k = 0; k < 6; ++k) a.virial_rel = std::max(a.virial_rel, std::abs(r.virial[k] - ref.virial[k]) / vscale);
  // The forces-only call (Lanczos, MD steps between outputs) gives the same forces to the bit,
  // leaves energy and virial NaN, and counts one call.
  ForceResult forces_only;
  const long calls = pot.force_calls();
  pot.compute_forces(c, forces_only);
  EXPECT_EQ(pot.force_calls(), calls + 1);
  EXPECT_EQ(forces_only.forces, r.forces);
  EXPECT_TRUE(std::isnan(forces_only.energy));
  EXPECT_TRUE(std::isnan(forces_only.virial[3]));
  // And the energy without per-atom energies is the same sum.
  ForceResult total;
  pot.compute(c, total);
  EXPECT_NEAR(total.energy, r.energy, 1e-12 * std::abs(r.energy));
  EXPECT_EQ(total.forces, r.forces);
  std::printf(
      "  agreement with LAMMPS (%zu atoms): energy rel %.2e, max force diff %.2e eV/A, virial rel %.2e, "
      "max per-atom energy diff %.2e eV\n",
      c.size(), a.energy_rel, a.force_abs, a.virial_rel, a.atom_energy_abs);
  return a;
}

// Cu-Zr 2D Lennard-Jones model of inputs/ (Wahnstrom-type ratios, see inputs/README.md).
std::vector<LJPair> cuzr_lj_pairs() {
  return {{"Cu", "Cu", 0.128, 2.338, 2.5 * 2.338},
          {"Cu", "Zr", 0.128, 2.5718, 2.5 * 2.5718},
          {"Zr", "Zr", 0.128, 2.8056, 2.5 * 2.8056}};
}

const char* kLJLammps =
    "pair_style lj/cut 7.014\n"
    "pair_coeff 1 1 0.128 2.338 5.845\n"
    "pair_coeff 1 2 0.128 2.5718 6.4295\n"
    "pair_coeff 2 2 0.128 2.8056 7.014\n"
    "pair_modify shift yes";

Configuration lj_glass_like(double tilt, unsigned seed) {
  LatticeSpec s;
  s.lattice = "hex";
  s.a = 2.65;
  s.cells = {24, 14, 1};  // 672 atoms
  s.ntypes = 2;
  s.type_fraction = {0.5, 0.5};
  s.masses = {63.546, 91.224};
  s.displacement = 0.35;
  s.tilt_xy = tilt;
  s.seed = seed;
  return build_lattice(s);
}

Configuration eam_glass_like(double xy, double xz, double yz, unsigned seed) {
  LatticeSpec s;
  s.lattice = "bcc";
  s.a = 3.25;
  s.cells = {7, 6, 6};  // 504 atoms
  s.ntypes = 2;
  s.type_fraction = {0.5, 0.5};
  s.displacement = 0.3;
  s.tilt_xy = xy;
  s.tilt_xz = xz;
  s.tilt_yz = yz;
  s.seed = seed;
  return build_lattice(s);
}

void expect_agreement(const Agreement& a) {
  EXPECT_LT(a.energy_rel, 1e-9);
  EXPECT_LT(a.force_abs, 1e-8);
  EXPECT_LT(a.virial_rel, 1e-9);
  EXPECT_LT(a.atom_energy_abs, 1e-9);
}

}  // namespace

// With per-type-pair cutoffs a pair is listed exactly when it lies within its own cutoff + skin
// (brute force over minimum images; the cell is wide enough for one image per pair).
TEST(NeighborList, PairCutoffsListEachPairWithinItsOwnRange) {
  const auto c = lj_glass_like(0.3, 5);
  const double skin = 1.0;
  const std::vector<double> cut{5.845, 6.4295, 6.4295, 7.014};
  NeighborList nl(7.014, skin);
  nl.set_pair_cutoffs(2, cut);
  nl.build(c);
  const auto xe = nl.extended_positions(c.x);
  long listed = 0;
  for (int i = 0; i < nl.nlocal(); ++i)
    for (int k = nl.offsets()[i]; k < nl.offsets()[i + 1]; ++k) {
      const int j = nl.neighbors()[k], o = nl.owner()[j];
      const double r = std::hypot(xe[3 * j] - xe[3 * i], xe[3 * j + 1] - xe[3 * i + 1]);
      EXPECT_LT(r, cut[(c.types[i] - 1) * 2 + c.types[o] - 1] + skin);
      ++listed;
    }
  long expected = 0;
  for (std::size_t i = 0; i < c.size(); ++i)
    for (std::size_t j = i + 1; j < c.size(); ++j)
      expected += c.box.minimum_image(c.position(j) - c.position(i)).norm() <
                  cut[(c.types[i] - 1) * 2 + c.types[j] - 1] + skin;
  EXPECT_EQ(listed, expected);
}

TEST(LammpsCompare, LJ2DOrthogonal) {
  const auto c = lj_glass_like(0.0, 11);
  PairLJ lj({"Cu", "Zr"}, cuzr_lj_pairs(), true, 1.0);
  expect_agreement(compare(lj, c, run_lammps(scratch_dir("lj2d_orth"), c, kLJLammps)));
}

TEST(LammpsCompare, LJ2DTiltedHalfBox) {
  // xy = 0.5 ly with lx close to ly: as skewed as LAMMPS allows without 'box tilt large'.
  auto c = lj_glass_like(0.0, 12);
  Box b = c.box;
  b.len[0] = b.len[1];
  remap_affine(c, b);
  b.xy = 0.5 * b.len[1];
  remap_affine(c, b);
  PairLJ lj({"Cu", "Zr"}, cuzr_lj_pairs(), true, 1.0);
  expect_agreement(compare(lj, c, run_lammps(scratch_dir("lj2d_tilt"), c, kLJLammps)));
}

TEST(LammpsCompare, LJ2DNegativeTiltUnshifted) {
  auto c = lj_glass_like(-0.3, 13);
  PairLJ lj({"Cu", "Zr"}, cuzr_lj_pairs(), false, 0.5);
  std::string lines = kLJLammps;
  lines = lines.substr(0, lines.find("pair_modify"));
  expect_agreement(compare(lj, c, run_lammps(scratch_dir("lj2d_negtilt"), c, lines)));
}

class EamCompare : public ::testing::TestWithParam<std::tuple<std::string, std::string, double, double, double>> {};

TEST_P(EamCompare, EnergyForcesVirial) {
  const auto& [style, file, xy, xz, yz] = GetParam();
  const auto flavor = style == "eam/alloy" ? EamFlavor::Alloy : EamFlavor::FinnisSinclair;
  const EamFile table = read_eam_file(kPotentials + file, flavor);
  PairEAM eam(table, {"Cu", "Zr"}, 1.0);
  auto c = eam_glass_like(xy, xz, yz, 21 + static_cast<unsigned>(100 * xy));
  c.masses = {eam.mass_of_type(1), eam.mass_of_type(2)};
  const std::string lines = "pair_style " + style + "\npair_coeff * * " + kPotentials + file + " Cu Zr";
  const std::string name = "eam_" + std::string(style == "eam/alloy" ? "alloy" : "fs") + "_" +
                           std::to_string(static_cast<int>(100 * xy)) + "_" +
                           std::to_string(static_cast<int>(100 * yz));
  expect_agreement(compare(eam, c, run_lammps(scratch_dir(name), c, lines)));
}

INSTANTIATE_TEST_SUITE_P(CuZr, EamCompare,
                         ::testing::Values(std::make_tuple("eam/alloy", "ZrCuAl2011.eam.alloy", 0.0, 0.0, 0.0),
                                           std::make_tuple("eam/alloy", "ZrCuAl2011.eam.alloy", 0.5, 0.2, -0.3),
                                           std::make_tuple("eam/fs", "Cu-Zr_2.eam.fs", 0.0, 0.0, 0.0),
                                           std::make_tuple("eam/fs", "Cu-Zr_2.eam.fs", 0.5, -0.25, 0.4)));

TEST(LammpsCompare, EamFsThreeTypesOnTwoElements) {
  // Several data-file types may map to one element, as with pair_coeff * * file Cu Zr Cu.
  const EamFile table = read_eam_file(kPotentials + "Cu-Zr_2.eam.fs", EamFlavor::FinnisSinclair);
  PairEAM eam(table, {"Cu", "Zr", "Cu"}, 1.0);
  auto c = eam_glass_like(0.1, 0.0, 0.0, 5);
  c.ntypes = 3;
  for (std::size_t i = 0; i < c.size(); i += 3) c.types[i] = 3;
  c.masses = {eam.mass_of_type(1), eam.mass_of_type(2), eam.mass_of_type(3)};
  const std::string lines = "pair_style eam/fs\npair_coeff * * " + kPotentials + "Cu-Zr_2.eam.fs Cu Zr Cu";
  expect_agreement(compare(eam, c, run_lammps(scratch_dir("eam_fs_3types"), c, lines)));
}

namespace {
// Writes an FS table; used to make cross densities asymmetric, which the published Cu-Zr
// tables are not, so that the density-index convention is actually tested.
void write_fs(const std::string& path, const EamFile& f) {
  std::ostringstream o;
  o.precision(17);
  o << "synthetic\nasymmetric cross densities\nfor tests\n" << f.elements.size();
  for (const auto& e : f.elements) o << " " << e;
  o << "\n" << f.nrho << " " << f.drho << " " << f.nr << " " << f.dr << " " << f.cutoff << "\n";
  for (std::size_t i = 0; i < f.elements.size(); ++i) {
    o << "0 " << f.masses[i] << " 0 none\n";
    for (double v : f.frho[i]) o << v << "\n";
    for (const auto& dens : f.rhor[i])
      for (double v : dens) o << v << "\n";
  }
  for (const auto& row : f.z2r)
    for (const auto& col : row)
      for (double v : col) o << v << "\n";
  write_text(path, o.str());
}
}  // namespace

TEST(LammpsCompare, EamFsAsymmetricCrossDensity) {
  EamFile table = read_eam_file(kPotentials + "Cu-Zr_2.eam.fs", EamFlavor::FinnisSinclair);
  for (double& v : table.rhor[1][0]) v *= 1.7;  // block of Zr, function for Cu
  const std::string dir = scratch_dir("eam_fs_asym");
  const std::string path = dir + "/asym.eam.fs";
  write_fs(path, table);
  const EamFile reread = read_eam_file(path, EamFlavor::FinnisSinclair);
  PairEAM eam(reread, {"Cu", "Zr"}, 1.0);
  auto c = eam_glass_like(0.2, 0.0, 0.1, 9);
  c.masses = {eam.mass_of_type(1), eam.mass_of_type(2)};
  expect_agreement(compare(eam, c, run_lammps(dir, c, "pair_style eam/fs\npair_coeff * * asym.eam.fs Cu Zr")));
}
