// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Harmonic transition-state theory prefactors: the Vineyard prefactor from the Hessians at
// the minimum and at the saddle (Vineyard 1957), nu = prod_i nu_i(min) / prod_i nu_i'(saddle),
// the saddle product over its real (positive-curvature) modes.
#include <Eigen/Dense>
#include <limits>
#include <vector>

#include "configuration.hpp"
#include "objective.hpp"
#include "potential.hpp"

namespace metabasin {

/// Hessian over the `active` coordinates (indices into x) by central differences of the
/// forces with step h: 2 force calls per active coordinate. Symmetrized.
Eigen::MatrixXd numerical_hessian(ObjectiveFunction& f, const VectorXd& x, const std::vector<Eigen::Index>& active,
                                  double h);

/// Vineyard prefactor in 1/s (metal units: Hessians in eV/A^2, masses in amu, one mass per
/// active coordinate). The `zero_modes` smallest-magnitude modes (rigid-body motions) are
/// left out at both points, and the negative mode at the saddle.
double vineyard_prefactor(const Eigen::MatrixXd& h_min, const Eigen::MatrixXd& h_saddle, const VectorXd& masses,
                          int zero_modes);

/// The atoms within `radius` of atom `core` in the configuration `at` (minimum image): the
/// region whose Hessians a local Vineyard prefactor uses (the rest of the sample held fixed).
struct VineyardRegion {
  std::vector<Eigen::Index> coordinates;  // the region's indices into AtomsObjective's coordinates (coordinates_of)
  VectorXd masses;                        // one per coordinate (amu)
  int zero_modes = 0;                     // rigid motions left free (only when the region is the whole sample)
  bool whole_sample = false;              // every atom is in the region
};
VineyardRegion vineyard_region(const Configuration& c, const Potential& potential, const VectorXd& at,
                               std::size_t core, double radius);

/// Modes too soft to be harmonic at `temperature`: a mode whose most-moving atom would swing
/// by more than `amplitude` (A, r.m.s., classical) counts with the frequency at which it swings
/// by exactly that (the room its atoms have bounds its entropy). The harmonic entropy of a
/// near-zero mode diverges, and a glass at 0.75 Tg has such modes near every shear
/// instability. amplitude 0: off. `dimension`: coordinates per atom in the region.
struct SoftModeCap {
  double temperature = 0.0;  // K
  double amplitude = 0.0;    // A
  int dimension = 3;
};

/// Local Vineyard prefactors (1/s) over one region, from the minimum `from` and from the
/// minimum `to` over `saddle`, in the cell of `c`. Both use the same atoms and the same saddle
/// Hessian, so forward / backward = prod nu(from) / prod nu(to): KMC rates keep detailed
/// balance with the minima's harmonic vibrational free energies. When the saddle's Hessian
/// does not have exactly one negative curvature (a flat or loosely converged saddle), the pair
/// is nu0 times the square root of that ratio and its inverse. With `to` empty, the forward
/// prefactor alone, and such a saddle is an error. A minimum with a non-positive curvature is
/// an error (NumericalError).
struct VineyardPair {
  double forward = 0.0, backward = 0.0;
  bool from_saddle_modes = false;  // false: the nu0 split of the fallback
};
/// sum ln(omega / (1/ps)) over the modes of the minimum `at` in `region` (rigid zero modes left
/// out): kT times it is the minimum's harmonic vibrational free energy up to a constant. From a
/// central-difference Hessian with step h; NumericalError for a non-positive curvature.
double minimum_log_frequencies(const Configuration& c, Potential& potential, const VectorXd& at,
                               const VineyardRegion& region, double h = 1e-5, const SoftModeCap& cap = {});

/// sum ln omega of the two minima over the region (the vibrational part of their harmonic free
/// energies). NaN: not known, computed by local_vineyard and stored here. A caller that meets
/// the same minimum with the same region again (the whole sample) passes it back and saves
/// that minimum's Hessian.
struct MinimumLogFrequencies {
  double from = std::numeric_limits<double>::quiet_NaN(), to = std::numeric_limits<double>::quiet_NaN();
};
VineyardPair local_vineyard(const Configuration& c, Potential& potential, const VectorXd& from, const VectorXd& saddle,
                            const VectorXd& to, const VineyardRegion& region, double nu0 = 0.0, double h = 1e-5,
                            const SoftModeCap& cap = {}, MinimumLogFrequencies* minima = nullptr);

}  // namespace metabasin
