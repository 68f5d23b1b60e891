#pragma once
// Barriers recomputed under strain (the OpenFLY re-build-and-re-relax idea): every minimum and
// saddle stored at one strain is mapped affinely to a new strain; the minima are re-relaxed,
// each saddle is re-converged from its mapped position by min-mode following (CI-NEB between
// the re-relaxed minima, through the mapped saddle, when that fails) and kept only if it
// still joins the same two minima. Events that do not reproduce are stored as vanished.
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "minimizer.hpp"
#include "potential.hpp"
#include "saddle_refinement.hpp"

namespace metabasin {

/// How saddles are re-converged at the new strain; `rigid` comes from the catalog.
using ReevaluationParams = SaddleRefinementParams;

struct ReevaluationReport {
  double from_strain = 0.0, to_strain = 0.0;
  long minima = 0;           // minima mapped
  long events = 0;           // saddles mapped (vanished ones are skipped)
  long survived = 0;         // reproduced at the new strain
  long by_neb = 0;           // of those, recovered by NEB
  long vanished = 0;
  double mean_barrier_shift = 0.0;  // eV, over survivors, forward barriers
  double mean_stress_change = 0.0;  // GPa, sigma_xy of the initial minima of survivors
  double activation_volume = std::nan("");  // A^3: -<dQ>/<d tau>; NaN without survivors or stress change
  long force_calls = 0;
  long reused = 0;  // saddles already re-converged at the new strain (an earlier run), not redone
  std::map<std::size_t, std::size_t> images;  // minimum at `from` -> the minimum it relaxes to at `to`
};

/// Adds the states of strain `from` mapped to strain `to` to the catalog: every minimum at
/// `from`, or only those in `only` (then the saddles among them), e.g. one state of a KMC run
/// and its neighbours. Saddles that already have a re-converged child at `to` are reused.
ReevaluationReport reevaluate_at_strain(Catalog& catalog, Potential& potential, double from, double to,
                                        const ReevaluationParams& p,
                                        const std::vector<std::size_t>* only = nullptr);

/// Simple shear of positions x by d_gamma about the cell's lower y face (the affine map of the
/// cell tilt, as LAMMPS remaps atoms).
VectorXd shear_map(const VectorXd& x, double d_gamma, double ylo);

/// sigma_xy (GPa, LAMMPS sign) of positions x in `cell` (the catalog's atoms).
double shear_stress(const Configuration& atoms, const Box& cell, const VectorXd& x, Potential& potential);

}  // namespace metabasin
