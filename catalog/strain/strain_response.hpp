// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Barriers recomputed under strain (the OpenFLY re-build-and-re-relax idea): every minimum and
// saddle stored at one strain is mapped affinely to a new strain; the minima are re-relaxed,
// each saddle is re-converged from its mapped position by min-mode following (CI-NEB between
// the re-relaxed minima, through the mapped saddle, when that fails) and kept only if it
// still joins the same two minima. Events that do not reproduce are stored as vanished.
// A large strain step is taken in sub-steps (ReevaluationParams::max_increment): the minima
// and saddles are tracked from one sub-step to the next, so that a minimum stays in its own
// basin rather than relaxing into a neighbouring one after one big affine jump.
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "minimizer.hpp"
#include "potential.hpp"
#include "saddle_refinement.hpp"

namespace metabasin {

/// How saddles are re-converged at the new strain; `rigid` comes from the catalog.
struct ReevaluationParams : SaddleRefinementParams {
  /// Largest strain step of one affine map: from -> to is split into
  /// reevaluation_substeps(from, to, max_increment) equal sub-steps.
  double max_increment = 0.002;
  /// An event carried through a sub-step where its minima jumped basin survives only if its
  /// forward barrier moved by at most this (eV) there: the same mechanism in the new
  /// environment, not a new one that includes the jump.
  double jump_barrier_tolerance = 0.05;
  /// A re-evaluation that takes longer than this (seconds) reports its progress and ETA on
  /// stderr, at this spacing; quicker ones (most of the KMC's local ones) stay silent.
  double progress_seconds = 5.0;
};

/// ceil(|to - from| / max_increment), at least 1 (a ratio within 1e-9 of an integer counts as
/// that integer, so 0.02 / 0.002 is 10 sub-steps, not 11). max_increment must be positive.
long reevaluation_substeps(double from, double to, double max_increment);

struct ReevaluationReport {
  double from_strain = 0.0, to_strain = 0.0;
  long minima = 0;           // minima mapped
  long events = 0;           // saddles mapped (vanished ones are skipped)
  long survived = 0;         // reproduced at the new strain
  long by_neb = 0;           // of those, recovered by NEB
  long vanished = 0;
  long vanished_with_jump = 0;  // of those, events lost at a sub-step where one of their minima jumped basin
  double mean_barrier_shift = 0.0;  // eV, over survivors, forward barriers
  double mean_stress_change = 0.0;  // GPa, sigma_xy of the initial minima of survivors
  double activation_volume = std::nan("");  // A^3: -<dQ>/<d tau> with tau = -p_xy (positive when load lowers barriers);
                                            // NaN without survivors or stress change
  long force_calls = 0;            // whole-sample calls and region calls
  double atom_evaluations = 0.0;   // sum over those calls of the atoms each evaluated
  long region_minima = 0;          // minima (per sub-step) carried in an active region
  long region_saddles = 0;         // saddles (per sub-step) re-converged in an active region
  long region_force_calls = 0;     // the calls of those regions (in force_calls too)
  double region_atom_evaluations = 0.0;  // and the atoms they evaluated (in atom_evaluations too)
  long reused = 0;  // saddles already re-converged at the new strain (an earlier run), not redone
  long merged = 0;    // of the survivors, those whose saddle at `to` was already stored (another
                      // event re-converged to the same saddle; the catalog keeps one edge)
  long substeps = 1;  // affine sub-steps taken from `from` to `to`
  long jumped = 0;    // minima whose basin was destroyed at some sub-step (athermal jump)
  std::map<std::size_t, std::size_t> images;  // minimum at `from` -> the minimum it relaxes to at `to`
  std::set<std::size_t> jumps;  // the minima at `from` counted in `jumped`
};

/// Local events: a state stored against a minimum in full (its root, also tracked) is carried
/// with only the atoms it differs from its root in (and a skin of one interaction reach)
/// moving, the rest held where the root went (HeldSample): its cost, stress included, does not
/// grow with the sample. A move above the tolerance in its region is a jump (the root's
/// non-affine response is in its guess). A minimum whose region relaxation does not converge,
/// or a saddle that does not reproduce in its region, falls back to the whole-sample
/// treatment below.
///
/// Adds the states of strain `from` mapped to strain `to` to the catalog: every minimum at
/// `from`, or only those in `only` (then the saddles among them), e.g. one state of a KMC run
/// and its neighbours. Saddles that already have a re-converged child at `to` are reused.
///
/// Tracking: at each sub-step every minimum is mapped from its relaxed positions at the
/// previous sub-step and re-relaxed; it has jumped when the relaxed positions end more than
/// p.same_state_tolerance (largest atomic separation) from that affine image. Each saddle is
/// then re-converged from its previous sub-step's saddle, mapped, against the two tracked
/// minima of this sub-step; the event vanishes at the first sub-step where that fails or the
/// two minima have become one state (the catalog's tolerances). Only the states at `to` enter
/// the catalog: the minima with their summed force calls, and each event once (its parent the
/// saddle at `from`; a vanished one with its saddle at `from` mapped affinely to `to`).
ReevaluationReport reevaluate_at_strain(Catalog& catalog, Potential& potential, double from, double to,
                                        const ReevaluationParams& p,
                                        const std::vector<std::size_t>* only = nullptr);

/// Simple shear of positions x by d_gamma about the cell's lower y face (the affine map of the
/// cell tilt, as LAMMPS remaps atoms).
VectorXd shear_map(const VectorXd& x, double d_gamma, double ylo);

/// P_xy (GPa, the potential part of the pressure tensor; the shear stress is -P_xy) of positions x in `cell` (the catalog's atoms).
double pressure_xy(const Configuration& atoms, const Box& cell, const VectorXd& x, Potential& potential);

}  // namespace metabasin
