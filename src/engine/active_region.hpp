// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// A local search moves a few atoms of a large sample. Its force calls need only those atoms
// and the frozen shell whose interactions reach them: the region is that subset, carried as a
// configuration of its own (same cell, same periodicity), so that a force call costs the
// region's size and not the sample's. The forces on the moving atoms, and every energy
// difference between states that differ only in them, are then exactly the sample's.
#include <memory>
#include <vector>

#include "configuration.hpp"
#include "objective.hpp"
#include "potential.hpp"

namespace metabasin {

/// Atoms within `radius` of the point `centre` (minimum image), as indices into `c`.
std::vector<std::size_t> atoms_near(const Configuration& c, const Vec3& centre, double radius);

/// The atoms within `radius` (minimum image) of an atom flagged in `flagged` (the flagged
/// ones among them), flagged.
std::vector<char> near_flagged(const Configuration& c, const std::vector<char>& flagged, double radius);

/// Centres whose regions cover the sample: every atom lies within `spacing` of a centre, and
/// no two centres are closer than `spacing` (minimum image). Picked greedily in an order drawn
/// from `seed`, so each seed gives another cover of about area / (pi spacing^2) centres.
std::vector<std::size_t> covering_centres(const Configuration& c, double spacing, unsigned seed);

class ActiveRegion {
 public:
  /// `moving`: indices into `sample` of the atoms that move (distinct). The frozen shell is
  /// every other atom within potential.interaction_reach() + margin of one of them: the margin
  /// lets the moving atoms travel (an event moves atoms by ~1 A) before an atom outside the
  /// region could reach them; frozen_forces() checks that none did.
  ActiveRegion(const Configuration& sample, std::vector<std::size_t> moving, const Potential& potential,
               double margin);
  /// The margin used when none is asked for: a quarter of the cutoff (1.5-2 A for metals).
  static double default_margin(const Potential& potential) { return 0.25 * potential.cutoff(); }

  /// Indices into the sample of the region's atoms: the moving ones first, then the shell.
  const std::vector<std::size_t>& atoms() const { return atoms_; }
  std::size_t moving_count() const { return moving_; }
  std::size_t shell_count() const { return atoms_.size() - moving_; }
  /// The region's atoms as a configuration (positions as in the sample when it was built).
  const Configuration& cluster() const { return cluster_; }

  /// Coordinates per moving atom (the box's dimension: z does not move in 2D).
  int dimension() const { return cluster_.box.dimension; }
  /// The moving atoms' coordinates (dimension() per atom) out of a sample vector (3 per atom).
  VectorXd gather(const VectorXd& sample_x) const;
  /// Writes the moving atoms' coordinates into a sample vector (z left as it is in 2D).
  void scatter(const VectorXd& moving_x, VectorXd& sample_x) const;

 private:
  std::vector<std::size_t> atoms_;
  std::size_t moving_ = 0;
  Configuration cluster_;
};

/// The sample's potential energy as a function of the region's moving atoms, the shell held
/// where it was. Each call evaluates the region only (its own clone of the potential).
class RegionObjective : public ObjectiveFunction {
 public:
  /// `sample_energy`: the sample's energy with the region as built, so that values are
  /// sample energies (they differ from the region's own by a constant).
  RegionObjective(const ActiveRegion& region, const Potential& potential, double sample_energy);
  Eigen::Index size() const override { return static_cast<Eigen::Index>(region_.moving_count()) * dimension(); }
  int dimension() const override { return region_.dimension(); }
  double evaluate(const VectorXd& x, VectorXd& force) override;
  void evaluate_force(const VectorXd& x, VectorXd& force) override;
  /// Atoms whose forces one call computes (moving + shell): the cost of a call.
  std::size_t atoms_per_call() const { return region_.atoms().size(); }

 private:
  const ActiveRegion& region_;
  std::unique_ptr<Potential> potential_;
  Configuration cluster_;
  ForceResult last_;
  double offset_ = 0.0;
  void place(const VectorXd& x);
  /// The moving atoms' forces of the last call, in these coordinates.
  void moving_forces(VectorXd& force) const;
};

/// The largest force on the atoms outside `region`'s moving set, for the sample with the
/// moving atoms at `moving_x` and every other atom where the region was built: exact, from
/// one call on the moving atoms, their shell and the shell's own shell (atoms further out feel
/// the same force as in the sample the region was built from).
struct FrozenForces {
  double max_force = 0.0;            // eV/A
  std::vector<std::size_t> above;    // sample indices of shell atoms above the tolerance asked for
  std::vector<std::size_t> outside;  // atoms beyond the shell that the moved atoms now reach: the
                                     // region's forces were not the sample's (none when it held)
  long atoms_evaluated = 0;
  bool holds() const { return above.empty() && outside.empty(); }
};
FrozenForces frozen_forces(const Configuration& sample, const ActiveRegion& region, const VectorXd& moving_x,
                           const Potential& potential, double tolerance);

/// FrozenForces::outside alone (no force call): the atoms beyond `region` that its moving
/// atoms at `moving_x` reach.
std::vector<std::size_t> atoms_left_out(const Configuration& sample, const ActiveRegion& region,
                                        const VectorXd& moving_x, const Potential& potential);

}  // namespace metabasin
