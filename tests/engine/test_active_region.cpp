// SPDX-License-Identifier: BSD-3-Clause
// Active regions: the forces a region computes on its moving atoms, and the energy differences
// between states that differ only in them, are the whole sample's (to round-off); frozen_forces
// is the whole sample's force on the frozen atoms and notices atoms the region left out.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "active_region.hpp"
#include "eam_tables.hpp"
#include "pair_eam.hpp"
#include "sample_builder.hpp"
#include "test_systems.hpp"

using namespace metabasin;

namespace {

/// The sample's forces and energy with `x` as positions.
ForceResult sample_forces(Configuration c, const VectorXd& x, Potential& potential) {
  std::copy(x.data(), x.data() + x.size(), c.x.begin());
  ForceResult r;
  potential.compute(c, r);
  return r;
}

/// Moves the region's atoms at random (up to `amplitude` per coordinate, z kept in 2D) and
/// checks forces and energy differences against the whole sample.
void expect_region_is_the_sample(const Configuration& sample, Potential& potential, double radius, double amplitude) {
  const std::size_t centre = sample.size() / 3;
  const ActiveRegion region(sample, atoms_near(sample, sample.position(centre), radius), potential,
                            ActiveRegion::default_margin(potential));
  ASSERT_GT(region.moving_count(), 5u);
  ASSERT_GT(region.shell_count(), region.moving_count());
  ASSERT_LT(region.atoms().size(), sample.size()) << "the sample is too small to test a region";
  // The shell is every atom within reach (+ margin) of a moving atom, by brute force.
  const double reach = potential.interaction_reach() + ActiveRegion::default_margin(potential);
  std::vector<std::size_t> shell;
  for (std::size_t j = 0; j < sample.size(); ++j) {
    bool moving = false, near = false;
    for (std::size_t k = 0; k < region.moving_count(); ++k) {
      moving = moving || region.atoms()[k] == j;
      near = near || sample.box.minimum_image(sample.position(j) - sample.position(region.atoms()[k])).norm() <= reach;
    }
    if (near && !moving) shell.push_back(j);
  }
  std::vector<std::size_t> found(region.atoms().begin() + static_cast<long>(region.moving_count()), region.atoms().end());
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, shell);
  const VectorXd x0 = positions_of(sample);
  const ForceResult at_start = sample_forces(sample, x0, potential);
  RegionObjective f(region, potential, at_start.energy);
  // The coordinates that move: x and y of each moving atom in 2D, no z.
  EXPECT_EQ(f.size(), static_cast<Eigen::Index>(sample.box.dimension * region.moving_count()));

  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-amplitude, amplitude);
  VectorXd moved = region.gather(x0);
  for (Eigen::Index k = 0; k < moved.size(); ++k) moved[k] += u(rng);  // no z in 2D: it does not move
  VectorXd x = x0;
  region.scatter(moved, x);
  const ForceResult whole = sample_forces(sample, x, potential);
  VectorXd force;
  const double e = f.evaluate(moved, force);
  EXPECT_NEAR(e - at_start.energy, whole.energy - at_start.energy, 1e-9 * std::abs(at_start.energy));
  const VectorXd expected = region.gather(Eigen::Map<const VectorXd>(whole.forces.data(), x.size()));
  EXPECT_LT((force - expected).cwiseAbs().maxCoeff(), 1e-10) << "largest force " << expected.cwiseAbs().maxCoeff();
  VectorXd force_only;
  f.evaluate_force(moved, force_only);
  EXPECT_EQ(force_only, force);

  // The frozen atoms' largest force, exactly as the sample has it.
  double shell_max = 0.0;
  for (std::size_t k = region.moving_count(); k < region.atoms().size(); ++k)
    shell_max = std::max(shell_max, Eigen::Map<const Eigen::Vector3d>(&whole.forces[3 * region.atoms()[k]]).norm());
  const FrozenForces frozen = frozen_forces(sample, region, moved, potential, 0.5 * shell_max);
  EXPECT_NEAR(frozen.max_force, shell_max, 1e-10);
  EXPECT_FALSE(frozen.above.empty());
  EXPECT_TRUE(frozen.outside.empty());
  EXPECT_FALSE(frozen.holds());
  std::printf("  %zu atoms: region of %zu moving + %zu frozen; one frozen_forces call evaluates %ld\n", sample.size(),
              region.moving_count(), region.shell_count(), frozen.atoms_evaluated);
}

}  // namespace

TEST(ActiveRegion, LjGlassForcesAndEnergyDifferencesAreTheSamples) {
  PairLJ lj = metabasin::testing::cuzr_lj2d_potential();
  expect_region_is_the_sample(metabasin::testing::cuzr_lj2d_glass("lj2d-cuzr-1024-glass-0.01Kps-315K.data"), lj, 8.0, 0.3);
}

// EAM forces depend on the neighbours' densities: the shell reaches twice the cutoff.
TEST(ActiveRegion, EamGlassForcesAndEnergyDifferencesAreTheSamples) {
  const Configuration glass =
      read_lammps_data(METABASIN_SOURCE_DIR "/inputs/data/cuzr-eam-2000-glass-10Kps.data", 3, {true, true, true});
  PairEAM eam(read_eam_file(METABASIN_SOURCE_DIR "/potentials/ZrCuAl2011.eam.alloy", EamFlavor::Alloy), {"Cu", "Zr"},
              1.0);
  EXPECT_DOUBLE_EQ(eam.interaction_reach(), 2.0 * eam.cutoff());
  expect_region_is_the_sample(glass, eam, 4.0, 0.2);
}

// With no margin, an atom that moves towards the edge brings outside atoms within reach.
TEST(ActiveRegion, FrozenForcesNameAtomsTheRegionLeftOut) {
  PairLJ lj = metabasin::testing::cuzr_lj2d_potential();
  const Configuration glass = metabasin::testing::cuzr_lj2d_glass("lj2d-cuzr-1024-glass-0.01Kps-315K.data");
  const std::size_t centre = 100;
  const ActiveRegion region(glass, {centre}, lj, 0.0);
  VectorXd moved = region.gather(positions_of(glass));
  EXPECT_TRUE(frozen_forces(glass, region, moved, lj, 1e9).outside.empty());
  // Towards the nearest atom beyond the shell, until it is within reach.
  const Vec3 rc = glass.position(centre);
  double nearest = 1e9;
  Vec3 towards = Vec3::Zero();
  for (std::size_t i = 0; i < glass.size(); ++i) {
    if (std::find(region.atoms().begin(), region.atoms().end(), i) != region.atoms().end()) continue;
    const Vec3 d = glass.box.minimum_image(glass.position(i) - rc);
    if (d.norm() < nearest) nearest = d.norm(), towards = d.normalized();
  }
  ASSERT_GT(nearest, lj.interaction_reach());
  moved.head<3>() += (nearest - lj.interaction_reach() + 0.05) * towards;
  const FrozenForces f = frozen_forces(glass, region, moved, lj, 1e9);
  EXPECT_FALSE(f.outside.empty());
  EXPECT_EQ(atoms_left_out(glass, region, moved, lj), f.outside);
  EXPECT_FALSE(f.holds());
  EXPECT_THROW(ActiveRegion(glass, {centre, centre}, lj, 0.0), std::invalid_argument);
  EXPECT_THROW(ActiveRegion(glass, {}, lj, 0.0), std::invalid_argument);
}

// A replicated sample is the same glass n times: energy per copy and every atom's force are
// the original's, sheared cells included (the tilt scales with the copies along y).
TEST(Replicate, EnergyPerCopyAndForcesAreTheOriginals) {
  PairLJ lj = metabasin::testing::cuzr_lj2d_potential();
  Configuration glass = metabasin::testing::cuzr_lj2d_glass("lj2d-cuzr-1024-glass-0.01Kps-315K.data");
  apply_shear_xy(glass, 0.03);
  ForceResult one;
  lj.compute(glass, one);
  const Configuration big = replicate(glass, {2, 3, 1});
  ASSERT_EQ(big.size(), 6 * glass.size());
  EXPECT_NEAR(big.box.xy, 3 * glass.box.xy, 1e-12);
  ForceResult six;
  lj.compute(big, six);
  EXPECT_NEAR(six.energy, 6 * one.energy, 1e-9 * std::abs(six.energy));
  for (int d = 0; d < 6; ++d) EXPECT_NEAR(six.virial[d], 6 * one.virial[d], 1e-8 * std::abs(six.virial[0]));
  double worst = 0.0;
  for (std::size_t k = 0; k < big.x.size(); ++k) worst = std::max(worst, std::abs(six.forces[k] - one.forces[k % glass.x.size()]));
  EXPECT_LT(worst, 1e-10);
  EXPECT_EQ(big.ids.back(), static_cast<long>(big.size()));
  EXPECT_THROW(replicate(glass, {1, 1, 2}), std::invalid_argument);
  EXPECT_THROW(replicate(glass, {0, 1, 1}), std::invalid_argument);
}

// A cover: every atom within the spacing of a centre, no two centres closer (checked by brute
// force over minimum images), on the 2D glass, a sheared copy and the 3D EAM glass; the number
// of centres is about area / (pi spacing^2); another seed gives another cover.
TEST(CoveringCentres, EveryAtomIsNearACentreAndNoTwoCentresAreClose) {
  Configuration sheared = metabasin::testing::cuzr_lj2d_glass("lj2d-cuzr-1024-glass-0.01Kps-315K.data");
  apply_shear_xy(sheared, 0.3);
  const Configuration samples[] = {
      metabasin::testing::cuzr_lj2d_glass("lj2d-cuzr-1024-glass-0.01Kps-315K.data"), sheared,
      read_lammps_data(METABASIN_SOURCE_DIR "/inputs/data/cuzr-eam-2000-glass-10Kps.data", 3, {true, true, true})};
  for (const Configuration& c : samples)
    for (double spacing : {4.0, 12.0}) {
      const std::vector<std::size_t> centres = covering_centres(c, spacing, 3);
      ASSERT_FALSE(centres.empty());
      const MinimumImage image(c.box);
      for (std::size_t a = 0; a < centres.size(); ++a)
        for (std::size_t b = a + 1; b < centres.size(); ++b)
          ASSERT_GE(image(c.position(centres[a]) - c.position(centres[b])).norm(), spacing);
      for (std::size_t i = 0; i < c.size(); ++i) {
        double nearest = 1e300;
        for (std::size_t k : centres) nearest = std::min(nearest, image(c.position(i) - c.position(k)).norm());
        ASSERT_LT(nearest, spacing) << "atom " << i;
      }
      if (c.box.dimension == 2) {
        // Disks of radius spacing/2 around the centres do not overlap; disks of radius spacing cover.
        const double disk = M_PI * spacing * spacing;
        EXPECT_LT(static_cast<double>(centres.size()) * disk / 4.0, c.box.volume());
        EXPECT_GT(static_cast<double>(centres.size()) * disk, c.box.volume());
      }
      EXPECT_NE(covering_centres(c, spacing, 4), centres);
    }
  EXPECT_THROW(covering_centres(samples[0], 0.0, 1), std::invalid_argument);
}

// Pair styles told that only the first n atoms move list no pair of two others: fewer pairs,
// the same forces on the n atoms. EAM keeps every pair (a frozen density enters the forces).
TEST(ActiveRegion, PairStylesSkipPairsOfFrozenAtoms) {
  PairLJ lj = metabasin::testing::cuzr_lj2d_potential();
  const Configuration glass = metabasin::testing::cuzr_lj2d_glass("lj2d-cuzr-1024-glass-0.01Kps-315K.data");
  const ActiveRegion region(glass, atoms_near(glass, glass.position(200), 10.0), lj, ActiveRegion::default_margin(lj));
  const Configuration& cluster = region.cluster();
  ForceResult all, moving_only;
  PairLJ every = lj, skipping = lj;
  every.compute(cluster, all);
  skipping.only_first_atoms_move(region.moving_count());
  skipping.compute(cluster, moving_only);
  EXPECT_LT(skipping.neighbor_list().neighbors().size(), every.neighbor_list().neighbors().size());
  for (std::size_t k = 0; k < 3 * region.moving_count(); ++k) EXPECT_NEAR(moving_only.forces[k], all.forces[k], 1e-12);
  std::printf("  pairs listed: %zu of %zu\n", skipping.neighbor_list().neighbors().size(),
              every.neighbor_list().neighbors().size());

  PairEAM eam(read_eam_file(METABASIN_SOURCE_DIR "/potentials/ZrCuAl2011.eam.alloy", EamFlavor::Alloy), {"Cu", "Zr"},
              1.0);
  PairEAM eam_told(read_eam_file(METABASIN_SOURCE_DIR "/potentials/ZrCuAl2011.eam.alloy", EamFlavor::Alloy),
                   {"Cu", "Zr"}, 1.0);
  eam_told.only_first_atoms_move(3);
  const Configuration eam_glass =
      read_lammps_data(METABASIN_SOURCE_DIR "/inputs/data/cuzr-eam-2000-glass-10Kps.data", 3, {true, true, true});
  Configuration a = eam_glass, b = eam_glass;
  ForceResult fa, fb;
  eam.compute(a, fa);
  eam_told.compute(b, fb);
  EXPECT_EQ(eam.neighbor_list().neighbors().size(), eam_told.neighbor_list().neighbors().size());
  EXPECT_EQ(fa.forces, fb.forces);
}
