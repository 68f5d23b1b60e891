// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// First-order saddle points. The result type and the min-mode method shared by ART nouveau
// (its convergence phase) and by saddle refinement from an approximate saddle (used to
// re-converge stored mechanisms in a new environment, e.g. under strain).
#include <functional>
#include <string>

#include "lanczos.hpp"
#include "minimizer.hpp"

namespace metabasin {

enum class SaddleStatus {
  Converged,      // force below fmax with one negative curvature
  LostCurvature,  // the lowest curvature stayed positive: slid back into a basin
  TooManySteps,
  NoNegativeCurvature,  // ART: the push never left the harmonic region
  Disconnected,         // ART: neither side of the saddle leads back to the starting minimum
  InStartBasin,         // ART: both sides lead back to the start (a saddle inside its basin)
  Unconfirmed,          // ART in a region: the saddle moved to another one as the region grew, or
                        // its energy did not settle to the region tolerance
};
std::string to_string(SaddleStatus s);

struct SaddlePoint {
  SaddleStatus status = SaddleStatus::TooManySteps;
  double energy = 0.0;
  VectorXd positions;
  double eigenvalue = 0.0;  // lowest curvature at the saddle (eV/A^2)
  VectorXd eigenvector;     // unit vector in configuration space
  double fmax = 0.0;
  long iterations = 0;
  long force_calls = 0;  // including Lanczos
  long refinement_calls = 0;  // of force_calls: ART's refinement of the energy, in every region
                              // (what eOn does not do)
};

enum class MinModeOptimizer { fire, lbfgs };

/// Steps over which MinModeParams::settled_energy is judged.
constexpr int kSettleSteps = 50;

struct MinModeParams {
  double fmax = 1e-3;  // eV/A, largest atomic force at convergence
  long max_iterations = 1000;
  double max_move = 0.1;        // A per step
  /// fire: FIRE steps (dt below), Lanczos to convergence at every step; the refinement of a
  /// known saddle in a new environment uses it (its precision is what re-evaluation was
  /// measured with). lbfgs: L-BFGS steps without line search, Lanczos stopped after one call
  /// while the previous mode holds and to a tolerance that loosens with the force
  /// (climb_lanczos_tolerance), a whole max_move along the mode where the curvature is
  /// positive; ART's climb uses it (half the force calls on LJ38 and a third on the Cu-Zr
  /// glass, docs/studies/speed.md).
  MinModeOptimizer optimizer = MinModeOptimizer::fire;
  /// lbfgs only: Lanczos' tolerance loosens with the force (climb_lanczos_tolerance). Not an
  /// input key: a test sets false to keep a climb measured with the fixed tolerance.
  bool force_scaled_lanczos = true;
  double dt = 0.05;             // FIRE step (unit mass)
  int max_positive_steps = 50;  // consecutive steps with positive curvature -> lost
  LanczosParams lanczos;
  /// When > 0, also converged once the largest force is below 10 fmax and the energy has
  /// changed by less than this (eV) over the last kSettleSteps steps. A pair at the cutoff of a
  /// potential whose force jumps there (shifted LJ) can hold the force above a tight fmax at an
  /// energy that no longer changes; a region's saddle refined for its energy stops there.
  double settled_energy = 0.0;
  /// Optional per-step report (iteration, energy, lowest curvature, largest true force).
  std::function<void(long, double, double, double)> trace;
};

/// The settings of ART's climb: L-BFGS.
inline MinModeParams lbfgs_min_mode() {
  MinModeParams p;
  p.optimizer = MinModeOptimizer::lbfgs;
  return p;
}

/// Lanczos' relative tolerance at a point of the L-BFGS climb whose largest true force is
/// `largest_force`: `tolerance` where the climb converges (at fmax and below), one more
/// `tolerance` per decade of force above it (2x at 10 fmax, 4x at 1000 fmax). An inexact-Newton
/// forcing term: far from the saddle the next step only needs a roughly right mode; at the
/// saddle the mode is the one the search reports. On LJ38 the climb's first steps, at 5-20
/// eV/A, took 9-13 Lanczos calls each to a 1 % tolerance (docs/studies/speed.md).
double climb_lanczos_tolerance(double tolerance, double largest_force, double fmax);

/// Min-mode following: steps of p.optimizer on the force with its component along the lowest
/// Hessian mode reversed (only that component, uphill, while the curvature is positive), the
/// mode from Lanczos at every step, warm-started from the previous one.
SaddlePoint converge_saddle(ObjectiveFunction& f, const VectorXd& start, const VectorXd& mode_guess,
                            const MinModeParams& p);

}  // namespace metabasin
