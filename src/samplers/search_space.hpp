// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The coordinates a search moves. Either the whole sample, or the atoms of an active region
// around where the search perturbs, the rest frozen: then a force call costs the region and
// not the sample. Every state the search converges is then converged again in regions grown
// about the same centre until its energy no longer changes with the region (to a tolerance):
// that is its whole-sample energy. Searches work in the space's coordinates and report
// whole-sample vectors. The space's coordinates are an objective's: the moving atoms'
// coordinates that move (2 per atom in 2D, 3 in 3D).
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "active_region.hpp"
#include "configuration.hpp"
#include "lanczos.hpp"
#include "objective.hpp"
#include "potential.hpp"
#include "state_distance.hpp"

namespace metabasin {

class SearchSpace {
 public:
  /// The whole sample moves.
  SearchSpace(const Configuration& start, double start_energy, Potential& potential);
  /// The atoms within `radius` of atom `centre` move, with their frozen shell; the region grows
  /// about the same centre when states are confirmed. Only the atoms the largest region and its
  /// shell could hold are looked at after construction, so that a search's cost, confirmation
  /// included, does not grow with the sample (but for copying whole-sample vectors).
  SearchSpace(const Configuration& start, double start_energy, Potential& potential, std::size_t centre,
              double radius);

  bool local() const { return region_ != nullptr; }
  /// The objective of the current coordinates. It changes when the region grows.
  ObjectiveFunction& objective() { return *objective_; }
  /// The start positions in the current coordinates.
  VectorXd start() const { return from_sample(start_x_); }
  /// A whole-sample vector (positions or direction) in the current coordinates.
  VectorXd from_sample(const VectorXd& v) const;
  /// Current coordinates to whole-sample positions (frozen atoms where they started).
  VectorXd positions_to_sample(const VectorXd& x) const;
  /// A direction in current coordinates to a whole-sample one (zero on frozen atoms).
  VectorXd direction_to_sample(const VectorXd& v) const;

  /// Coordinates per moving atom (2 in 2D, 3 in 3D).
  int dimension() const { return start_config_.box.dimension; }
  /// Current coordinates as 3 numbers per moving atom (what the geometry of states takes).
  VectorXd atom_positions(const VectorXd& x) const { return metabasin::to_sample(x, dimension()); }
  /// Lanczos settings for these coordinates: the rigid-body motions that the potential leaves
  /// free are projected out (a region has none: its shell holds it).
  LanczosParams lanczos(const LanczosParams& base) const;
  /// Rigid motions under which two whole-sample states are the same.
  RigidMotions free_motions() const { return local() ? RigidMotions{} : free_; }
  const Box& box() const { return start_config_.box; }

  /// What converging one state in growing regions gave.
  struct Confirmation {
    bool converged = false;
    double energy = 0.0;          // eV, in the last region
    double error_estimate = 0.0;  // eV: how far that may still be from the whole sample's
    int growths = 0;
    bool diverged = false;  // a growth changed the energy more than twice as much as the first,
                            // or eight growths did not settle it
  };
  /// Converges a state, then again in regions grown by one cutoff at a time, until its energy
  /// has converged: freezing the atoms beyond R costs the elastic energy of the event's far
  /// field there, taken to fall as 1/R^d (d = dimension; measured faster on the 2D glass,
  /// docs/studies/local-search.md), so the change between the last two regions, scaled by that
  /// law, estimates what further growth would give. Stops when that estimate is below
  /// `tolerance` or the region holds the whole sample, or (not converged, diverged) when a
  /// growth changes the energy more than twice as much as the first growth did, or after eight
  /// growths (a state still changing then is not a local one). `converge` converges `x` (current
  /// coordinates) and returns its energy, or nothing when it failed; `x` is carried into each
  /// new region. For the whole sample it is one call of `converge`.
  Confirmation converge_confirmed(VectorXd& x, double tolerance,
                                  const std::function<std::optional<double>(VectorXd&)>& converge);

  /// Force calls of every objective this space used, confirmations included.
  long force_calls() const;
  /// Sum over those calls of the atoms each one evaluated: the cost of the search.
  double atom_evaluations() const;
  /// Atoms that move now (the whole sample when not local).
  std::size_t moving_atoms() const { return region_ ? region_->moving_count() : start_config_.size(); }

 private:
  const Configuration& start_config_;
  double start_energy_;
  Potential& potential_;
  VectorXd start_x_;
  RigidMotions free_;
  std::unique_ptr<ActiveRegion> region_;
  // The atoms any region of this search can hold or reach, as a sample of their own: regions
  // are built on it.
  Configuration near_;
  std::vector<std::size_t> near_index_;  // sample index of each of near_'s atoms
  std::size_t centre_ = 0;               // in near_
  double near_reach_ = 0.0;              // near_ holds every atom this close to the centre
  double radius_ = 0.0;
  std::unique_ptr<ObjectiveFunction> objective_;
  Configuration whole_;  // the sample as AtomsObjective moves it (whole-sample space only)
  long retired_calls_ = 0;
  double retired_atom_evaluations_ = 0.0;
  void build_region(std::vector<std::size_t> moving);
  /// Gathers near_: the atoms within reach of the largest region kMaxGrowths growths from now.
  void build_near(std::size_t centre);
  /// How far beyond a region's moving atoms its frozen shell reaches.
  double shell_reach() const;
  /// Grows the region by one cutoff (the old moving atoms first, in order); false when it held
  /// the whole sample already.
  bool grow(VectorXd& x);
  /// `base` (a whole-sample vector) with the moving atoms' entries replaced by `v`'s.
  VectorXd to_sample(const VectorXd& v, VectorXd base) const;
  double atoms_per_call() const;
};

}  // namespace metabasin
