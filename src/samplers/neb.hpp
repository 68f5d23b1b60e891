// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Climbing-image nudged elastic band (Henkelman, Uberuaga & Jonsson 2000) with the improved
// tangent (Henkelman & Jonsson 2000), optimized with FIRE or L-BFGS on all images at once.
#include <string>
#include <vector>

#include "configuration.hpp"
#include "path_geometry.hpp"
#include "potential.hpp"

namespace metabasin {

struct NebParams {
  int images = 9;       // intermediate images
  double spring = 5.0;  // eV/A^2
  bool climbing = true;
  double climb_fmax = 0.1;  // eV/A: switch the climbing image on below this band force
  double fmax = 1e-3;       // eV/A: convergence on the largest atomic NEB force
  /// eV/A: when larger than fmax, the images other than the climbing one converge to this and
  /// the climbing image alone to fmax (the top is the saddle; the path need only lead to it).
  double path_fmax = 0.0;
  long max_iterations = 5000;
  double max_move = 0.1;  // A
  double dt = 0.05;
  std::string optimizer = "fire";  // fire | lbfgs (no line search: the band force is no gradient)
};

struct NebResult {
  bool converged = false;
  long iterations = 0;
  long force_calls = 0;
  double fmax = 0.0;           // largest atomic NEB force over the images
  double climbing_fmax = 0.0;  // of the climbing image (NaN: none was on)
  std::vector<VectorXd> images;  // including both ends
  std::vector<double> energies;
  int climbing_image = -1;  // index of the highest image
  double saddle_energy = 0.0;
  double barrier = 0.0;          // forward: highest image - initial
  double reverse_barrier = 0.0;  // highest image - final
  PathGeometry geometry;
};

/// The starting band: `images` points spaced evenly along the straight line from `a` to `b`
/// (minimum image convention), or along the two straight segments a -> through -> b when
/// `through` (e.g. a saddle found by ART) is given. Ends not included.
std::vector<VectorXd> interpolate_band(const Box& box, const VectorXd& a, const VectorXd& b, int images,
                                       const VectorXd& through = VectorXd());

/// The NEB force on the intermediate images x (concatenated coordinates) of the band a -> x -> b:
/// the true force `forces[k]` perpendicular to the improved tangent plus the spring force along
/// it, or for image `climbing` (1-based; -1: none) the true force with its tangent component
/// reversed. `energies` holds the ends too. Returns the largest per-atom NEB force.
double band_forces(const Box& box, int dimension, const VectorXd& a, const VectorXd& b, const VectorXd& x,
                   const std::vector<double>& energies, const std::vector<VectorXd>& forces, double spring,
                   int climbing, VectorXd& band_force);

/// Band between `initial` (its positions) and `final_positions` (same atoms, same cell),
/// started from interpolate_band. The images run on clones of `potential`; their force calls
/// are charged to it, so potential.force_calls() includes the band.
NebResult run_neb(const Configuration& initial, const VectorXd& final_positions, Potential& potential,
                  const NebParams& p, const VectorXd& through = VectorXd());

}  // namespace metabasin
