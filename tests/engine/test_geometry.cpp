// SPDX-License-Identifier: BSD-3-Clause
// Box geometry and neighbor lists against brute force, for orthogonal, tilted and very
// strongly tilted cells, small cells (cutoff larger than half the cell) and open boundaries;
// and forces against finite differences of the energy for every potential.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <set>
#include <tuple>

#include "muller_brown.hpp"
#include "state_distance.hpp"
#include "neighbor_list.hpp"
#include "pair_eam.hpp"
#include "pair_lj.hpp"
#include "sample_builder.hpp"

using namespace metabasin;

namespace {

Box make_box(int dim, double lx, double ly, double lz, double xy, double xz, double yz) {
  Box b;
  b.dimension = dim;
  b.lo = Vec3(-1.0, 2.0, dim == 2 ? -0.5 : 0.5);
  b.len = Vec3(lx, ly, lz);
  b.xy = xy;
  b.xz = dim == 3 ? xz : 0.0;
  b.yz = dim == 3 ? yz : 0.0;
  return b;
}

Configuration random_atoms(const Box& b, int n, unsigned seed) {
  Configuration c;
  c.box = b;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-0.3, 1.3);  // some atoms outside the cell
  for (int i = 0; i < n; ++i) {
    const Vec3 r = b.to_cartesian(Vec3(u(rng), u(rng), b.dimension == 2 ? 0.0 : u(rng)));
    c.x.insert(c.x.end(), {r[0], r[1], b.dimension == 2 ? 0.0 : r[2]});
    c.ids.push_back(i + 1);
    c.types.push_back(1);
  }
  c.image.assign(c.x.size(), 0);
  return c;
}

// Every (i, j, distance) with i <= j within rc over explicit image sums.
std::multiset<std::tuple<int, int, long>> brute_pairs(const Configuration& c, double rc) {
  std::multiset<std::tuple<int, int, long>> out;
  const int range = 6;
  const Box& b = c.box;
  for (std::size_t i = 0; i < c.size(); ++i)
    for (std::size_t j = i; j < c.size(); ++j)
      for (int na = -range; na <= range; ++na)
        for (int nb = -range; nb <= range; ++nb)
          for (int nc = -range; nc <= range; ++nc) {
            if ((!b.periodic[0] && na) || (!b.periodic[1] && nb) || ((!b.periodic[2] || b.dimension == 2) && nc))
              continue;
            if (i == j && std::make_tuple(na, nb, nc) <= std::make_tuple(0, 0, 0)) continue;
            const Vec3 d = c.position(j) + b.lattice_shift(na, nb, nc) - c.position(i);
            const double r = d.norm();
            if (r < rc) out.insert({static_cast<int>(i), static_cast<int>(j), std::lround(r * 1e8)});
          }
  return out;
}

std::multiset<std::tuple<int, int, long>> list_pairs(const Configuration& c, double rc) {
  NeighborList nl(rc, 0.0);
  nl.build(c);
  const auto xe = nl.extended_positions(c.x);
  std::multiset<std::tuple<int, int, long>> out;
  for (int i = 0; i < nl.nlocal(); ++i)
    for (int k = nl.offsets()[i]; k < nl.offsets()[i + 1]; ++k) {
      const int e = nl.neighbors()[k];
      const int j = nl.owner()[e];
      const double r = Vec3(xe[3 * e] - xe[3 * i], xe[3 * e + 1] - xe[3 * i + 1], xe[3 * e + 2] - xe[3 * i + 2]).norm();
      if (r < rc) out.insert({std::min(i, j), std::max(i, j), std::lround(r * 1e8)});
    }
  return out;
}

}  // namespace

TEST(Box, MinimumImageIsShortestForLargeTilts) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(-20.0, 20.0);
  for (const auto& b :
       {make_box(3, 10, 9, 8, 4.5, 0, 0), make_box(3, 10, 9, 8, 13.0, -7.0, 6.5), make_box(2, 7, 11, 1, -9.5, 0, 0)}) {
    for (int trial = 0; trial < 200; ++trial) {
      const Vec3 dr(u(rng), u(rng), b.dimension == 2 ? 0.0 : u(rng));
      const Vec3 m = b.minimum_image(dr);
      double best = 1e300;
      for (int na = -12; na <= 12; ++na)
        for (int nb = -12; nb <= 12; ++nb)
          for (int nc = (b.dimension == 2 ? 0 : -12); nc <= (b.dimension == 2 ? 0 : 12); ++nc)
            best = std::min(best, (dr - b.lattice_shift(na, nb, nc)).norm());
      ASSERT_NEAR(m.norm(), best, 1e-12);
      // The image differs from dr by a lattice vector.
      const Vec3 n = b.cell_inverse() * (dr - m);
      for (int d = 0; d < 3; ++d) ASSERT_NEAR(n[d], std::round(n[d]), 1e-9);
    }
  }
}

// Separations by the minimum image, over every atom or over the atoms named (none named: every
// atom): an atom wrapped across the cell has not moved, and an atom left out does not count.
TEST(StateDistance, SeparationOverChosenAtomsIgnoresTheOthers) {
  Box box;
  box.len = {10.0, 10.0, 10.0};
  VectorXd a(9), b(9);
  a << 0.1, 5.0, 5.0, 5.0, 5.0, 5.0, 8.0, 8.0, 5.0;
  b << 9.9, 5.0, 5.0, 5.0, 5.3, 5.0, 8.0, 8.0, 5.0;  // atom 0 wrapped by 0.2, atom 1 moved 0.3
  EXPECT_NEAR(max_atom_separation(box, a, b), 0.3, 1e-12);
  EXPECT_NEAR(max_atom_separation(box, a, b, std::vector<std::size_t>{0, 2}), 0.2, 1e-12);
  EXPECT_NEAR(max_atom_separation(box, a, b, std::vector<std::size_t>{2}), 0.0, 1e-12);
  EXPECT_NEAR(max_atom_separation(box, a, b, std::vector<std::size_t>{}), 0.3, 1e-12);  // none named: every atom
}

TEST(Box, WrapKeepsPointsInsideAndCountsImages) {
  const Box b = make_box(3, 10, 9, 8, 4.5, -2.0, 3.0);
  auto c = random_atoms(b, 300, 8);
  const auto original = c.x;
  wrap_atoms(c);
  for (std::size_t i = 0; i < c.size(); ++i) {
    const Vec3 l = b.to_fractional(c.position(i));
    for (int d = 0; d < 3; ++d) {
      EXPECT_GE(l[d], 0.0);
      EXPECT_LT(l[d], 1.0);
    }
    const Vec3 unwrapped = c.position(i) + b.lattice_shift(c.image[3 * i], c.image[3 * i + 1], c.image[3 * i + 2]);
    EXPECT_NEAR((unwrapped - Vec3(original[3 * i], original[3 * i + 1], original[3 * i + 2])).norm(), 0.0, 1e-12);
  }
}

TEST(Box, ShearMapsAffinely) {
  const Box b = make_box(2, 10, 12, 1, 0, 0, 0);
  auto c = random_atoms(b, 20, 2);
  const auto before = c;
  apply_shear_xy(c, 0.03);
  EXPECT_NEAR(c.box.xy, 0.03 * 12, 1e-14);
  for (std::size_t i = 0; i < c.size(); ++i) {
    EXPECT_NEAR(c.x[3 * i], before.x[3 * i] + 0.03 * (before.x[3 * i + 1] - b.lo[1]), 1e-12);
    EXPECT_NEAR(c.x[3 * i + 1], before.x[3 * i + 1], 1e-14);
  }
}

class NeighborCases : public ::testing::TestWithParam<std::tuple<Box, int, double>> {};

TEST_P(NeighborCases, MatchesBruteForce) {
  const auto& [box, n, rc] = GetParam();
  const auto c = random_atoms(box, n, 42);
  const auto brute = brute_pairs(c, rc);
  const auto listed = list_pairs(c, rc);
  EXPECT_EQ(listed.size(), brute.size());
  EXPECT_TRUE(listed == brute);
}

namespace {
Box open_box() {
  Box b = make_box(3, 8, 8, 8, 0, 0, 0);
  b.periodic = {false, true, false};
  return b;
}
}  // namespace

INSTANTIATE_TEST_SUITE_P(
    Cells, NeighborCases,
    ::testing::Values(std::make_tuple(make_box(3, 12, 11, 10, 0, 0, 0), 120, 3.5),
                      std::make_tuple(make_box(3, 12, 11, 10, 5.5, 0, 0), 120, 3.5),
                      std::make_tuple(make_box(3, 12, 11, 10, 5.5, -4.0, 4.9), 120, 4.0),
                      std::make_tuple(make_box(3, 12, 11, 10, 17.0, 9.0, -13.0), 100, 4.0),  // far beyond LAMMPS limits
                      std::make_tuple(make_box(3, 6, 5, 7, 2.0, 1.0, 0.5), 25, 7.5),         // cutoff > cell
                      std::make_tuple(make_box(2, 14, 12, 1, 0, 0, 0), 150, 3.0),
                      std::make_tuple(make_box(2, 14, 12, 1, 6.0, 0, 0), 150, 3.0),
                      std::make_tuple(make_box(2, 5, 4, 1, -3.7, 0, 0), 12, 6.0),
                      std::make_tuple(open_box(), 80, 3.0)));

TEST(NeighborList, RebuildsOnlyWhenAtomsMoveHalfTheSkin) {
  const Box b = make_box(3, 12, 11, 10, 3.0, 0, 0);
  auto c = random_atoms(b, 100, 3);
  NeighborList nl(3.0, 1.0);
  EXPECT_TRUE(nl.update(c));
  c.x[0] += 0.45;
  EXPECT_FALSE(nl.update(c));
  c.x[0] += 0.1;
  EXPECT_TRUE(nl.update(c));
  Configuration sheared = c;
  apply_shear_xy(sheared, 1e-4);  // a small affine deformation only moves the ghosts
  EXPECT_FALSE(nl.update(sheared));
  apply_shear_xy(sheared, 0.2);
  EXPECT_TRUE(nl.update(sheared));
  EXPECT_EQ(nl.builds(), 3);
}

TEST(NeighborList, StaysExactUnderShearAndVolumeChangeBetweenRebuilds) {
  // A long sequence of small deformations and thermal-like moves: forces from the reused
  // list must equal those of a list built from scratch at every step.
  LatticeSpec s;
  s.lattice = "bcc";
  s.a = 3.2;
  s.cells = {5, 5, 5};
  s.ntypes = 2;
  s.type_fraction = {0.5, 0.5};
  s.displacement = 0.2;
  auto c = build_lattice(s);
  const EamFile table = read_eam_file(METABASIN_SOURCE_DIR "/potentials/Cu-Zr_2.eam.fs", EamFlavor::FinnisSinclair);
  PairEAM reused(table, {"Cu", "Zr"}, 1.0);
  std::mt19937 rng(9);
  std::uniform_real_distribution<double> u(-0.02, 0.02);
  double worst = 0.0;
  for (int step = 0; step < 300; ++step) {
    apply_shear_xy(c, 2e-3);
    Box b = c.box;
    b.len[0] *= 1.0 + 1e-4 * std::sin(0.1 * step);
    remap_affine(c, b);
    for (double& x : c.x) x += u(rng);
    ForceResult a, f;
    reused.compute(c, a);
    PairEAM fresh(table, {"Cu", "Zr"}, 1.0);
    fresh.compute(c, f);
    ASSERT_NEAR(a.energy, f.energy, 1e-9 * std::abs(f.energy)) << "step " << step;
    for (std::size_t k = 0; k < a.forces.size(); ++k) worst = std::max(worst, std::abs(a.forces[k] - f.forces[k]));
  }
  EXPECT_LT(worst, 1e-10);
  EXPECT_LT(reused.neighbor_list().builds(), 150);  // far fewer rebuilds than steps
  std::printf("  300 deformation steps: %ld neighbor builds, max force difference %.1e eV/A\n",
              reused.neighbor_list().builds(), worst);
}

namespace {

void expect_forces_match_finite_differences(Potential& pot, Configuration c, double h, double tol) {
  ForceResult r;
  pot.compute(c, r);
  std::mt19937 rng(1);
  std::uniform_int_distribution<std::size_t> pick(0, c.size() - 1);
  for (int trial = 0; trial < 12; ++trial) {
    const std::size_t i = pick(rng);
    for (int d = 0; d < c.box.dimension; ++d) {
      const double x0 = c.x[3 * i + d];
      ForceResult plus, minus;
      c.x[3 * i + d] = x0 + h;
      pot.compute(c, plus);
      c.x[3 * i + d] = x0 - h;
      pot.compute(c, minus);
      c.x[3 * i + d] = x0;
      EXPECT_NEAR(r.forces[3 * i + d], -(plus.energy - minus.energy) / (2 * h), tol) << "atom " << i << " dim " << d;
    }
  }
}

}  // namespace

TEST(Forces, LJMatchEnergyDerivative) {
  LatticeSpec s;
  s.lattice = "hex";
  s.a = 2.7;
  s.cells = {8, 5, 1};
  s.ntypes = 2;
  s.type_fraction = {0.5, 0.5};
  s.displacement = 0.3;
  s.tilt_xy = 0.4;
  PairLJ lj({"Cu", "Zr"}, {{"Cu", "Cu", 0.09, 2.338, 5.8}, {"Cu", "Zr", 0.1, 2.57, 6.4}, {"Zr", "Zr", 0.08, 2.8, 7.0}},
            true, 0.3);
  expect_forces_match_finite_differences(lj, build_lattice(s), 1e-5, 1e-6);
}

TEST(Forces, EamMatchEnergyDerivative) {
  LatticeSpec s;
  s.lattice = "bcc";
  s.a = 3.2;
  s.cells = {4, 4, 4};
  s.ntypes = 2;
  s.type_fraction = {0.6, 0.4};
  s.displacement = 0.25;
  s.tilt_xy = 0.3;
  s.tilt_yz = -0.2;
  PairEAM eam(read_eam_file(METABASIN_SOURCE_DIR "/potentials/Cu-Zr_2.eam.fs", EamFlavor::FinnisSinclair), {"Cu", "Zr"},
              0.5);
  // Cubic-spline tables: the derivative of the interpolant is exact up to O(h^2).
  expect_forces_match_finite_differences(eam, build_lattice(s), 1e-5, 1e-6);
}

TEST(Forces, MullerBrownMatchEnergyDerivative) {
  Configuration c;
  c.box.dimension = 2;
  c.box.periodic = {false, false, true};
  c.ids = {1, 2};
  c.types = {1, 1};
  c.x = {0.1, 0.7, 0.0, -0.8, 0.6, 0.0};
  MullerBrown mb;
  expect_forces_match_finite_differences(mb, c, 1e-6, 1e-5);
}

TEST(Forces, VirialEqualsStrainDerivative) {
  // W_xy = -dE/d(gamma_xy) under affine shear (the virial of a pair potential).
  LatticeSpec s;
  s.lattice = "bcc";
  s.a = 3.2;
  s.cells = {4, 4, 4};
  s.ntypes = 2;
  s.type_fraction = {0.5, 0.5};
  s.displacement = 0.2;
  PairEAM eam(read_eam_file(METABASIN_SOURCE_DIR "/potentials/ZrCuAl2011.eam.alloy", EamFlavor::Alloy), {"Cu", "Zr"},
              1.0);
  const auto c = build_lattice(s);
  ForceResult r, plus, minus;
  eam.compute(c, r);
  const double h = 1e-6;
  auto cp = c, cm = c;
  apply_shear_xy(cp, h);
  apply_shear_xy(cm, -h);
  eam.compute(cp, plus);
  eam.compute(cm, minus);
  EXPECT_NEAR(r.virial[3], -(plus.energy - minus.energy) / (2 * h), 1e-5 * std::abs(r.virial[3]) + 1e-6);
}
