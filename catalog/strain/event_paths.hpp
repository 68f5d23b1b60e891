// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The minimum energy path of a catalog event, as Liu & Fan (PRL 2021) map them for Fig. 3c:
// a climbing-image NEB between the event's two minima at its strain, started through its
// saddle (the two straight segments minimum - saddle - minimum), and the geometry of the
// converged band: contour length C (Catmull-Rom through the images), end-to-end length L and
// C/L in the 3N-dimensional configuration space (path_geometry.hpp).
#include <cstddef>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "neb.hpp"
#include "potential.hpp"

namespace metabasin {

enum class PathOutcome {
  converged,      // the band reached neb fmax
  not_converged,  // it stopped at neb max_iterations: its shape is that of the last iterate
};
const char* to_string(PathOutcome outcome);
/// The outcome named by to_string; std::invalid_argument for any other text.
PathOutcome path_outcome(const std::string& name);

struct EventPath {
  std::size_t saddle = 0;      // index in the catalog
  double strain = 0.0;         // gamma_xy of the saddle and its minima
  double barrier = 0.0;        // eV: the catalog's forward barrier
  double band_barrier = 0.0;   // eV: the band's highest image above its start
  bool through_saddle = true;  // false: the catalog kept no positions of the saddle, the band started straight
  PathOutcome outcome = PathOutcome::not_converged;
  PathGeometry geometry;  // C, L (A), C/L, interior images below both neighbours
  long iterations = 0;
  long force_calls = 0;
  // The atoms that take part in the event (indices in atom-ID order): those that move at least
  // the moving displacement between its two minima (minimum image, after the alignment that
  // removes the rigid motions), ascending.
  std::vector<std::size_t> moving_atoms;
};

/// The default moving displacement (A): the core atoms of a local event in a metallic glass
/// move ~0.5-1 A between its minima, the elastic halo around them less than 0.2 A.
constexpr double kMovingDisplacement = 0.3;

/// The live saddles at `strain` (one the catalog holds) with a forward barrier of at most
/// `max_barrier` (eV), by index.
std::vector<std::size_t> saddles_up_to(const Catalog& c, double strain, double max_barrier);

/// The band of saddle e between its `from` and `to` minima in the cell at its strain, and the
/// atoms that move at least `moving_displacement` (A) between them. The band's calls are
/// charged to `potential`.
EventPath event_path(const Catalog& c, Potential& potential, std::size_t e, const NebParams& p,
                     double moving_displacement = kMovingDisplacement);

}  // namespace metabasin
