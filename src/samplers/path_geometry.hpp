// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Geometry of a minimum energy path in 3N-dimensional configuration space (Liu & Fan's C/L):
// contour length C along the images, refined by a Catmull-Rom interpolation through them,
// end-to-end length L between the end minima, and minima along the path.
#include <functional>
#include <vector>

#include "box.hpp"
#include "objective.hpp"

namespace metabasin {

struct PathGeometry {
  double contour_length = 0.0;  // A, interpolated
  double polygon_length = 0.0;  // A, straight segments between images
  double end_to_end = 0.0;      // A
  double ratio = 0.0;           // C / L
  int intermediate_minima = 0;  // interior images lower than both neighbours
};

/// `images` includes both end points; displacements use the minimum image of `box`.
PathGeometry path_geometry(const Box& box, const std::vector<VectorXd>& images, const std::vector<double>& energies);

/// Displacement b - a, atom by atom with the minimum image convention; a and b hold
/// `dimension` coordinates per atom (3: sample vectors; 2: an objective's in 2D).
VectorXd displacement(const Box& box, const VectorXd& a, const VectorXd& b, int dimension = 3);

/// How far the straight path from x to y rises above the higher of its two ends, sampled at the
/// nine interior points x + (i/10) d (d = y - x; for whole-sample vectors by the minimum image):
/// an upper bound, to that sampling, of the barrier between them. `energy` evaluates a point.
double straight_path_rise(const VectorXd& x, const VectorXd& y, const VectorXd& d,
                          const std::function<double(const VectorXd&)>& energy);

/// The highest of the nine interior points x + (i/10) d of the straight path from x to y (d =
/// y - x): where a saddle refinement between two minima starts. (MD snapshots that straddle a
/// basin boundary are hot, far from the ridge's lowest point in every other coordinate.)
VectorXd straight_path_top(const VectorXd& x, const VectorXd& d, const std::function<double(const VectorXd&)>& energy);

/// Whether the straight path from x to y (d = y - x, as for straight_path_rise) stays level
/// within `bar`: its ends less than `bar` apart in energy, and no point of it `bar` or more above
/// the higher end or below the lower one. Two points on one flat ridge do; two passes with a
/// hump between them, or a valley, do not.
bool straight_path_level(const VectorXd& x, const VectorXd& y, const VectorXd& d,
                         const std::function<double(const VectorXd&)>& energy, double bar);

/// Index of the atom that `d` (configuration space, 3 numbers per atom) moves most: the centre
/// of an event's local region.
std::size_t most_moving_atom(const VectorXd& d);

}  // namespace metabasin
