// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Lowest eigenpair of the Hessian by Lanczos iteration on finite-difference Hessian-vector
// products, H q = -(F(x + h q) - F(x)) / h: one force call per iteration, no Hessian stored.
#include <Eigen/Dense>
#include <limits>
#include <vector>

#include "objective.hpp"

namespace metabasin {

struct LanczosParams {
  int max_iterations = 20;
  double tolerance = 1e-2;          // relative change of the eigenvalue between iterations
  double finite_difference = 1e-3;  // h, in units of positions (A)
  Eigen::MatrixXd zero_modes;       // orthonormal columns projected out (rigid-body motions)
  /// If sized: 1 on the coordinates the mode may move, 0 on the rest, which the mode holds
  /// fixed (a mode confined to one event's atoms). Applied before zero_modes.
  VectorXd moving;
  /// Stop as soon as the Ritz value falls below this. Ritz values bound the lowest eigenvalue
  /// from above, so "is the curvature below it?" is then answered (ART's push asks only that).
  double stop_below = -std::numeric_limits<double>::infinity();
  /// The lowest eigenvalue at the previous point of a path, when the guess is its eigenvector:
  /// if the guess's own curvature (the first call) matches it to `tolerance`, the mode still
  /// holds and one call is enough (eOn's quit-early). NaN: not known.
  double held_value = std::numeric_limits<double>::quiet_NaN();
};

struct Eigenpair {
  double value = 0.0;  // curvature, energy / length^2 (eV/A^2)
  VectorXd vector;     // unit vector in configuration space
  long force_calls = 0;
  bool converged = false;
};

/// `force` is the force at x (not recomputed). `guess` seeds the Krylov space (random if empty:
/// drawn as for 3 coordinates per particle, the in-plane ones kept in 2D, so that a seed gives
/// the same start whether or not z is carried).
/// The objective is left at a displaced point: callers evaluate where they need to.
Eigenpair lowest_eigenpair(ObjectiveFunction& f, const VectorXd& x, const VectorXd& force, const VectorXd& guess,
                           const LanczosParams& p, unsigned seed = 1);

/// The lowest eigenpair in the subspace orthogonal to `lower` (the softer modes found before):
/// called in turn from a minimum, the softest vibrational modes one by one.
Eigenpair next_eigenpair(ObjectiveFunction& f, const VectorXd& x, const VectorXd& force,
                         const std::vector<VectorXd>& lower, LanczosParams p, unsigned seed = 1);

/// `p` with the directions `lower` (configuration-space vectors of length `size`, e.g. softer
/// modes found before) added to the projected-out zero modes: Lanczos then finds the lowest
/// mode orthogonal to them.
LanczosParams deflated(LanczosParams p, const std::vector<VectorXd>& lower, Eigen::Index size);

/// Removes components a configuration-space vector must not have: the coordinates outside
/// `moving`, and the rigid-body zero modes.
void project_out_fixed_modes(VectorXd& v, const LanczosParams& p);
/// The same, normalized.
VectorXd admissible_direction(VectorXd v, const LanczosParams& p);

/// Orthonormal rigid-body modes of positions x (`dimension` coordinates per atom, as an
/// objective's): translations (for translation-invariant potentials) and, for clusters,
/// rotations about the centre (about z in 2D).
Eigen::MatrixXd rigid_body_modes(const VectorXd& x, int dimension, bool translations, bool rotations);

}  // namespace metabasin
