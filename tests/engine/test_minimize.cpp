// SPDX-License-Identifier: BSD-3-Clause
// Minimizers: Mueller-Brown and LJ7 reference minima (SPEC section 5), and the same
// inherent-structure energy as LAMMPS `minimize` from the same start.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "lammps_reference.hpp"
#include "minimizer.hpp"
#include "muller_brown.hpp"
#include "pair_eam.hpp"
#include "pair_lj.hpp"
#include "sample_builder.hpp"
#include "test_systems.hpp"

using namespace metabasin;
using namespace metabasin::testing;

namespace {

MinimizeParams tight(const std::string& method) {
  MinimizeParams p;
  p.method = method;
  p.fmax = 1e-8;
  return p;
}

struct Reference {
  double x, y, v;
};

}  // namespace

class MullerBrownMinima : public ::testing::TestWithParam<std::string> {};

TEST_P(MullerBrownMinima, ReachesReferenceMinima) {
  const Reference minima[3] = {
      {-0.558224, 1.441726, -146.699517}, {0.623499, 0.028038, -108.166724}, {-0.050011, 0.466694, -80.767818}};
  const double starts[3][2] = {{-0.3, 1.2}, {0.8, 0.2}, {-0.15, 0.55}};
  for (int k = 0; k < 3; ++k) {
    auto c = mb_particle(starts[k][0], starts[k][1]);
    MullerBrown mb;
    AtomsObjective f(c, mb);
    VectorXd x = f.positions();
    const auto r = make_minimizer(tight(GetParam()))->minimize(f, x);
    EXPECT_TRUE(r.converged()) << to_string(r.reason);
    EXPECT_NEAR(x[0], minima[k].x, 1e-5);
    EXPECT_NEAR(x[1], minima[k].y, 1e-5);
    EXPECT_NEAR(r.energy, minima[k].v, 1e-5);
    std::printf("  %s: MB minimum %d in %ld force calls\n", GetParam().c_str(), k, r.force_calls);
  }
}

TEST_P(MullerBrownMinima, Lj7HexagonMinimum) {
  // 2D LJ7: a hexagon around a centre atom, epsilon = sigma = 1, no cutoff.
  Configuration c;
  c.box.dimension = 2;
  c.box.periodic = {false, false, true};
  c.box.lo = Vec3(-10, -10, -0.5);
  c.box.len = Vec3(20, 20, 1);
  c.ntypes = 1;
  c.masses = {1.0};
  c.x = {0.05, -0.03, 0.0};
  for (int k = 0; k < 6; ++k) {
    const double a = k * M_PI / 3.0 + 0.04 * (k % 3);
    c.x.insert(c.x.end(), {1.08 * std::cos(a), 1.15 * std::sin(a), 0.0});
  }
  for (int k = 0; k < 7; ++k) {
    c.ids.push_back(k + 1);
    c.types.push_back(1);
  }
  c.image.assign(21, 0);
  PairLJ lj({"A"}, {{"A", "A", 1.0, 1.0, 50.0}}, false, 1.0);
  AtomsObjective f(c, lj);
  VectorXd x = f.positions();
  const auto r = make_minimizer(tight(GetParam()))->minimize(f, x);
  EXPECT_TRUE(r.converged());
  EXPECT_NEAR(r.energy, -12.534867, 1e-5);
}

INSTANTIATE_TEST_SUITE_P(Methods, MullerBrownMinima, ::testing::Values("fire", "lbfgs"));

// A 2D run optimizes x and y of each atom, not 3N coordinates with z = 0 (issue 23: L-BFGS's
// two-loop recursion was a fifth of a 2D metadynamics run): the objective has 2N coordinates,
// z stays exactly 0, and the relaxed glass has the energy the 3N-coordinate minimizers gave
// (metabasin run with task minimize, FIRE to 1e-6 eV/A, before the change: -94.39649356634813
// eV in 442 iterations; round-off apart, the same steps).
TEST(PlanarMinimize, TwoDimensionalSampleOptimizesTwoCoordinatesPerAtom) {
  Configuration c = cuzr_lj2d_glass("lj2d-cuzr-256-glass-1Kps-315K.data");
  PairLJ lj = cuzr_lj2d_potential();
  AtomsObjective f(c, lj);
  ASSERT_EQ(f.dimension(), 2);
  ASSERT_EQ(f.size(), static_cast<Eigen::Index>(2 * c.size()));
  const VectorXd x = f.positions();
  for (std::size_t i = 0; i < c.size(); ++i) {
    ASSERT_EQ(x[2 * static_cast<Eigen::Index>(i)], c.x[3 * i]);
    ASSERT_EQ(x[2 * static_cast<Eigen::Index>(i) + 1], c.x[3 * i + 1]);
  }
  MinimizeParams p;
  p.method = "fire";
  p.fmax = 1e-6;
  const MinimizeResult r = relax(c, lj, p);
  ASSERT_TRUE(r.converged());
  EXPECT_NEAR(r.energy, -94.39649356634813, 1e-9);
  EXPECT_NEAR(static_cast<double>(r.iterations), 442.0, 5.0);
  for (std::size_t i = 0; i < c.size(); ++i) ASSERT_EQ(c.x[3 * i + 2], 0.0) << "atom " << i;
  ForceResult at_end;
  lj.compute(c, at_end);
  EXPECT_NEAR(at_end.energy, r.energy, 1e-12 * std::abs(r.energy)) << "the configuration holds the minimum";
  // Sample vectors and coordinates convert both ways.
  const VectorXd sample = positions_of(c);
  EXPECT_EQ(to_sample(to_coordinates(sample, 2), 2), sample);
}

namespace {

/// Largest distance between corresponding atoms of two relaxed structures (same cell).
double max_separation(const Configuration& a, const std::vector<double>& b) {
  double m = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Vec3 d =
        a.box.minimum_image(Vec3(a.x[3 * i] - b[3 * i], a.x[3 * i + 1] - b[3 * i + 1], a.x[3 * i + 2] - b[3 * i + 2]));
    m = std::max(m, d.norm());
  }
  return m;
}

/// A start inside one basin: relax the disordered sample roughly, then shake it slightly.
Configuration near_basin(Potential& pot, Configuration c) {
  MinimizeParams p = tight("lbfgs");
  p.fmax = 1e-2;
  relax(c, pot, p);
  std::mt19937 rng(17);
  std::uniform_real_distribution<double> u(-0.05, 0.05);
  for (std::size_t k = 0; k < c.x.size(); ++k)
    if (c.box.dimension == 3 || k % 3 != 2) c.x[k] += u(rng);
  return c;
}

void compare_with_lammps_minimize(Potential& pot, const Configuration& disordered, const std::string& pair_lines,
                                  const std::string& name) {
  const Configuration start = near_basin(pot, disordered);
  const auto ref = run_lammps(scratch_dir(name), start, pair_lines, "min_style cg\nminimize 0 1e-10 100000 1000000");
  ASSERT_EQ(ref.positions.size(), start.x.size());
  const double n = static_cast<double>(start.size());
  for (const std::string method : {"fire", "lbfgs"}) {
    Configuration c = start;
    MinimizeParams p = tight(method);
    p.fmax = 1e-7;
    const auto r = relax(c, pot, p);
    EXPECT_TRUE(r.converged()) << method << ": " << to_string(r.reason);
    const double sep = max_separation(c, ref.positions);
    std::printf("  %s vs LAMMPS cg: E/atom %.10f vs %.10f, max atom separation %.2e A, %ld force calls\n",
                method.c_str(), r.energy / n, ref.energy / n, sep, r.force_calls);
    ASSERT_LT(sep, 0.05) << method << " and LAMMPS relaxed into different basins";
    EXPECT_NEAR(r.energy / n, ref.energy / n, 1e-6) << method;
  }
}

}  // namespace

TEST(MinimizeVsLammps, LJ2DGlassLike) {
  LatticeSpec s;
  s.lattice = "hex";
  s.a = 2.65;
  s.cells = {20, 12, 1};
  s.ntypes = 2;
  s.type_fraction = {0.5, 0.5};
  s.masses = {63.546, 91.224};
  s.displacement = 0.2;
  s.tilt_xy = 0.3;
  s.seed = 3;
  const auto c = build_lattice(s);
  PairLJ lj(
      {"Cu", "Zr"},
      {{"Cu", "Cu", 0.128, 2.338, 5.845}, {"Cu", "Zr", 0.128, 2.5718, 6.4295}, {"Zr", "Zr", 0.128, 2.8056, 7.014}},
      true, 1.0);
  compare_with_lammps_minimize(lj, c,
                               "pair_style lj/cut 7.014\npair_coeff 1 1 0.128 2.338 5.845\npair_coeff 1 2 0.128 2.5718 "
                               "6.4295\npair_coeff 2 2 0.128 2.8056 7.014\npair_modify shift yes",
                               "min_lj2d");
}

TEST(MinimizeVsLammps, EamAlloy3DGlassLike) {
  LatticeSpec s;
  s.lattice = "bcc";
  s.a = 3.25;
  s.cells = {6, 6, 6};
  s.ntypes = 2;
  s.type_fraction = {0.5, 0.5};
  s.displacement = 0.15;
  s.seed = 4;
  auto c = build_lattice(s);
  const std::string file = METABASIN_SOURCE_DIR "/potentials/ZrCuAl2011.eam.alloy";
  PairEAM eam(read_eam_file(file, EamFlavor::Alloy), {"Cu", "Zr"}, 1.0);
  c.masses = {eam.mass_of_type(1), eam.mass_of_type(2)};
  compare_with_lammps_minimize(eam, c, "pair_style eam/alloy\npair_coeff * * " + file + " Cu Zr", "min_eam3d");
}
