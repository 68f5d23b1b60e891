// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The event catalog: a graph whose vertices are inherent structures (minima) and whose edges
// are saddle points between two of them. Every sampler inserts into it; one state found twice
// is one vertex, one saddle found twice is one edge. States are matched in stages (OpenFLY):
// an energy window first, then a cheap fingerprint that can only rule states out, then the
// geometric check (largest atomic displacement under periodic boundaries).
//
// Positions are stored sparsely: a state keeps only the atoms whose positions differ from
// those of another stored minimum (its base; a saddle's base is its `from` minimum), so an
// event found in an active region costs memory for the atoms it moved, not for the sample.
#include <boost/graph/adjacency_list.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "box.hpp"
#include "configuration.hpp"
#include "objective.hpp"
#include "state_distance.hpp"

namespace metabasin {

struct InherentStructure {
  double energy = 0.0;  // eV
  VectorXd positions;   // 3N, atom-ID order; empty once stored (Catalog::minimum_positions)
  double strain = 0.0;  // shear strain gamma_xy at which it was relaxed
  std::string found_by;
  long force_calls = 0;  // spent by the sampler that found it
  // P_xy (GPa, pressure sign; the shear stress is tau = -P_xy, shear_stress.hpp), NaN if unknown.
  // Stored as /minima/shear_stress in catalog files (the name of format version 1).
  double pressure_xy = std::numeric_limits<double>::quiet_NaN();
};

/// A saddle point between minima `from` and `to` (vertex indices, at the same strain).
struct Transition {
  std::size_t from = 0, to = 0;
  double energy = 0.0;
  VectorXd positions;  // 3N; empty once stored (Catalog::saddle_positions), or when not kept
  double eigenvalue = 0.0;        // lowest curvature (eV/A^2)
  double forward_barrier = 0.0;   // energy - E(from)
  double backward_barrier = 0.0;  // energy - E(to)
  double prefactor = 0.0;         // 1/s, from `from` over this saddle (0 if unknown)
  double backward_prefactor = 0.0;  // 1/s, from `to` back over it (0 if unknown)
  double contour_ratio = std::numeric_limits<double>::quiet_NaN();  // C/L of its path, NaN if unknown
  double strain = 0.0;
  std::string found_by;
  long force_calls = 0;
  int times_found = 1;
  bool vanished = false;  // no longer reproduced at this strain
  long parent = -1;       // the saddle at the previous strain this one was re-converged from
};

/// The positions of a stored state: the atoms whose positions differ from the state `base`
/// (a minimum), or every atom (base kFull). Saddles whose positions were not kept have base
/// kUnknown and no atoms.
struct StoredPositions {
  static constexpr long kFull = -1, kUnknown = -2;
  long base = kFull;
  std::vector<std::uint32_t> atoms;  // indices in atom-ID order, ascending
  std::vector<double> xyz;           // 3 per atom in `atoms`
};

struct StateTolerances {
  double energy = 1e-3;   // eV: states further apart in energy are different
  double distance = 0.1;  // A: largest atomic displacement between one state and itself
  double strain = 1e-9;   // states at strains further apart are different states
  RigidMotions rigid;     // rigid motions that leave a state the same state
};

class Catalog {
 public:
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, InherentStructure, std::size_t>;

  /// A catalog of states of these atoms in this cell (at zero strain), computed with the
  /// potential that `potential` names (checked when a stored catalog is reopened).
  Catalog(Configuration atoms, std::string potential, StateTolerances tol = {});

  struct Insert {
    std::size_t index = 0;
    bool is_new = false;
  };
  /// Adds a minimum unless the catalog already holds it; returns its vertex index. Its
  /// positions are stored as the atoms that differ from minimum `near` (a state it was
  /// reached from at the same strain), else from the first minimum stored at its strain.
  Insert add_minimum(InherentStructure s, std::optional<std::size_t> near = std::nullopt);
  /// Adds a saddle between two stored minima unless the catalog already holds it (then its
  /// times_found and force_calls grow); returns its index. Stored as the atoms that differ
  /// from its `from` minimum.
  Insert add_saddle(Transition t);

  std::optional<std::size_t> find_minimum(const VectorXd& x, double energy, double strain) const;
  /// The stored saddle that `t` is: between the same two minima at its strain, within the
  /// tolerances, or on one ridge with it (set_saddle_ridge).
  std::optional<std::size_t> find_saddle(const Transition& t) const;

  /// A soft saddle is converged only to a force tolerance, so one saddle found twice can lie
  /// further than tolerances().distance from itself along a flat ridge (on the 2D glass, one
  /// exit stored three times within 1.2 meV). A layer that has the potential may say when two
  /// saddle points at a strain lie on one ridge; a saddle between the same two minima within
  /// `energy` (eV) of a stored one on its ridge is then that saddle. (Saddles to two meV
  /// neighbours of one basin stay two: joined to the minima the catalog holds apart, either
  /// one would leave one of them without the exit.)
  struct SaddleRidge {
    double energy = 0.0;
    std::function<bool(const VectorXd& a, const VectorXd& b, double strain)> one_ridge;
  };
  void set_saddle_ridge(SaddleRidge ridge) { ridge_ = std::move(ridge); }

  std::size_t minima() const { return minima_.size(); }
  std::size_t saddles() const { return saddles_.size(); }
  /// A stored minimum or saddle; its `positions` are empty (they are stored sparsely).
  const InherentStructure& minimum(std::size_t v) const { return graph_[v]; }
  const Transition& saddle(std::size_t e) const { return saddles_[e]; }
  /// The 3N positions of a stored state, rebuilt from its base (O(N)). A saddle whose
  /// positions were not kept gives NaN.
  VectorXd minimum_positions(std::size_t v) const;
  VectorXd saddle_positions(std::size_t e) const;
  /// The minimum stored in full at the end of a state's chain of bases, and the atoms whose
  /// positions may differ between the two (those stored along the chain, ascending). Nothing
  /// for a state stored in full (a minimum is then its own root) or without positions.
  struct RootDifference {
    std::size_t root = 0;
    std::vector<std::size_t> atoms;
  };
  std::optional<RootDifference> minimum_difference(std::size_t v) const;
  std::optional<RootDifference> saddle_difference(std::size_t e) const;
  /// How the positions are stored (what the catalog file holds).
  const StoredPositions& stored_minimum(std::size_t v) const { return minimum_x_[v]; }
  const StoredPositions& stored_saddle(std::size_t e) const { return saddle_x_[e]; }
  /// Minima and saddles whose mutable fields (below, or times_found and force_calls of a
  /// saddle found again) changed since the last call; the catalog file rewrites their rows.
  struct Changes {
    std::vector<std::size_t> minima, saddles;
  };
  Changes take_changes();
  /// The fields that may change once a state is stored: none of them is an energy, a
  /// position or a strain that the staged matching is indexed on, so no index goes stale.
  /// P_xy (GPa) of minimum v, computed once when first needed.
  void set_pressure_xy(std::size_t v, double p_xy);
  /// Prefactors (1/s) of saddle e over its forward and backward directions.
  void set_prefactors(std::size_t e, double forward, double backward);
  /// The graph: vertex v carries minimum(v); each edge carries its saddle index.
  const Graph& graph() const { return graph_; }
  const Configuration& atoms() const { return atoms_; }
  /// Masses per type: not part of a stored catalog, so a reopened one takes the system's.
  void set_masses(std::vector<double> masses) { atoms_.masses = std::move(masses); }
  const std::string& potential() const { return potential_; }
  const StateTolerances& tolerances() const { return tol_; }
  /// Distinct strains present, ascending.
  std::vector<double> strains() const;
  /// The cell at shear strain gamma_xy (the stored cell is strain 0).
  Box box_at(double strain) const;
  /// The catalog's atoms at positions x (a state's, or a point between states) in the cell at
  /// that strain: what a potential evaluates.
  Configuration atoms_at(double strain, const VectorXd& x) const;

 private:
  struct Fingerprint {
    double max_displacement = 0.0, norm = 0.0;
  };
  Fingerprint fingerprint(const VectorXd& x, double strain) const;
  bool same_positions(const VectorXd& a, const VectorXd& b, double strain) const;
  /// x stored against minimum `base` (or in full when that saves little, or the chain of
  /// bases is already kMaxDepth long).
  StoredPositions sparse(const VectorXd& x, std::optional<std::size_t> base) const;
  VectorXd rebuild(const StoredPositions& p) const;
  std::optional<RootDifference> difference(const StoredPositions& p) const;
  static constexpr int kMaxDepth = 16;  // bounds the cost of rebuilding a state

  Configuration atoms_;  // ids, types, cell at zero strain, reference positions
  std::string potential_;
  StateTolerances tol_;
  Graph graph_;
  std::vector<std::size_t> minima_;
  std::vector<Fingerprint> minimum_prints_;
  std::vector<StoredPositions> minimum_x_, saddle_x_;
  std::vector<int> minimum_depth_;  // bases between a minimum and a full state
  std::vector<std::pair<double, std::size_t>> first_at_strain_;  // (strain, first minimum stored at it)
  Changes changes_;
  std::multimap<double, std::size_t> by_energy_;  // minima by energy
  std::vector<Transition> saddles_;
  std::multimap<double, std::size_t> saddles_by_energy_;
  SaddleRidge ridge_;
};

}  // namespace metabasin
