// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// ART nouveau (Barkema & Mousseau 1996; Malek & Mousseau 2000): from a minimum, push a
// small random displacement of the atoms around a centre atom, relaxing perpendicular to
// the push, until the lowest curvature (Lanczos) turns negative; then follow that mode up to
// the saddle; then relax down both sides and keep the search only if one side is the start.
#include <string>
#include <vector>

#include "configuration.hpp"
#include "lanczos.hpp"
#include "potential.hpp"
#include "saddle_search.hpp"
#include "state_distance.hpp"

namespace metabasin {

struct ArtParams {
  double push_radius = 3.5;  // A: atoms this close to the centre are pushed
  double push_step = 0.1;    // A: length of each push increment (configuration space)
  int max_push_steps = 30;
  int perpendicular_steps = 3;          // relaxation steps perpendicular to the push after each increment
  double eigenvalue_threshold = -0.05;  // eV/A^2: the push phase ends below this curvature
  MinModeParams saddle = lbfgs_min_mode();
  MinimizeParams relax;               // the two minima
  double side_step = 0.2;             // A: displacement along the mode off the saddle, each side
  double same_state_tolerance = 0.1;  // A: largest atomic displacement between "the same" minima
  /// eV: a side of the saddle further than same_state_tolerance from the start is still the
  /// start when a path between the two (the straight one; when neither side passes so, a band
  /// to the nearer side) rises less than this above the higher of them. Soft glasses hold minima 0.1-0.4 A apart in one basin joined by meV barriers,
  /// crossed at the attempt frequency at any temperature the integrators run: one state, not
  /// an event (docs/studies/art-reach.md). 0: distance alone.
  double same_state_barrier = 0.005;
  /// When neither side passes by distance or by the straight path, a band from the start to the
  /// nearer side relaxes for at most this many iterations (7 images each), and stops as soon as
  /// it rises less than same_state_barrier: the straight path cuts across the curved valleys
  /// that join a glass's minima in one basin (docs/studies/speed.md). Not an input key: tests
  /// set 0 to see the straight path alone.
  long state_band_iterations = 100;
  /// A converged saddle whose two sides both count as the start lies inside the start's basin
  /// (a soft spot flickering between minima a few meV apart): the search climbs again, at most
  /// this many times, with the unstable modes of those saddles projected out of Lanczos. On the
  /// Cu-Zr glass most such saddles are one remote flicker met from every push
  /// (docs/studies/speed.md). Not an input key: tests set 0 to see the saddles themselves.
  int basin_retries = 2;
  /// A converged saddle whose sides are both other states (the climb left the start's basin on
  /// the way): a band from the start to the nearer side relaxes (as for same_state_barrier, for
  /// at most state_band_iterations), and the search climbs once more from the band's first
  /// summit. On the 2D Cu-Zr glass at its 315 K density this converges 33 instead of 19 of 60
  /// searches at 5 % fewer force calls per converged one (docs/studies/art-reach.md). Not an input key: tests set false to
  /// see the first saddle alone.
  bool summit_climb = true;
  /// A: atoms this close to the push centre move and the rest of the sample is frozen, so a
  /// force call costs the region, not the sample. The saddle and both minima are then
  /// re-converged in regions grown by a cutoff at a time until their energies have converged to
  /// region_energy_tolerance (the frozen far field's share falls as 1/R^dimension). 0: the
  /// whole sample moves.
  double region_radius = 0.0;
  /// eV: a twentieth of kT ln 10 at 100 K (one decade of rate), so that region answers are
  /// whole-sample answers for every rate the integrators resolve.
  double region_energy_tolerance = 1e-3;
  /// A: with event_radius > 0 an event is made of the atoms within this distance of the push
  /// centre. The mode followed up to the saddle moves only them (the rest of the sample still
  /// relaxes under the true force), and "back at the start" is judged on them alone. Without it
  /// the lowest mode of a large glass drifts to its softest spot wherever that is, and the
  /// searches converge on a few remote ~meV saddles (docs/studies/art-reach.md). 0: the mode
  /// and the test span all moving atoms.
  double event_radius = 0.0;
};

struct ArtSearch {
  long centre_id = 0;  // atom ID of the push centre
  unsigned seed = 0;
  SaddlePoint saddle;  // status says how the whole search ended
  double initial_energy = 0.0;
  VectorXd final_minimum;  // the other side (empty unless converged and connected)
  double final_energy = 0.0;
  /// The minimum the saddle's start side relaxes to when it counts as the start without being
  /// it: back at the start on the event's atoms but not elsewhere (a soft spot far away flipped
  /// during the search), or joined to the start by a path rising less than
  /// same_state_barrier; empty when that side is the start itself. The saddle joins it to
  /// final_minimum.
  VectorXd start_side;
  double start_side_energy = 0.0;
  double barrier = 0.0;          // saddle - the start side (initial, or start_side_energy)
  double reverse_barrier = 0.0;  // saddle - final
  long saddle_force_calls = 0;   // push and convergence only (what eOn reports per saddle); a
                                 // search that climbed again counts its earlier pushes and climbs
  long force_calls = 0;          // everything, the two relaxations included
  double atom_evaluations = 0.0;  // sum over those force calls of the atoms each evaluated
  std::size_t moving_atoms = 0;   // atoms that moved: the final region, or the whole sample
  double region_error = 0.0;      // eV: estimated error of the saddle energy from the frozen atoms
  double wall_seconds = 0.0;
};

/// One search from the minimum `start` (its positions must be a minimum of `potential`).
/// `push`: the direction of the push phase (configuration space, e.g. a soft vibrational mode
/// of the minimum), its increments scaled so that the atom it moves most moves by push_step;
/// empty: a random local push around atom `centre_index`.
ArtSearch art_search(const Configuration& start, Potential& potential, std::size_t centre_index, unsigned seed,
                     const ArtParams& p, const VectorXd& push = VectorXd());
/// The same from a minimum whose energy is known: with p.region_radius > 0 the search then
/// never evaluates the whole sample, so its cost does not grow with the sample.
ArtSearch art_search(const Configuration& start, double start_energy, Potential& potential, std::size_t centre_index,
                     unsigned seed, const ArtParams& p, const VectorXd& push = VectorXd());

/// The softest vibrational mode of the minimum `start` orthogonal to `softer` (the modes found
/// before; Lanczos with p.saddle.lanczos, rigid-body motions projected out). Under load the
/// softest modes turn into the unstable directions of the coming plastic events, so pushing
/// ART along them (both ways) finds the saddles the load is lowering.
Eigenpair soft_mode(const Configuration& start, Potential& potential, const std::vector<VectorXd>& softer,
                    const ArtParams& p, unsigned seed = 1);

}  // namespace metabasin
