// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// An exit of a minimum found the way the system itself finds them: thermal MD from the
// minimum, quenched every check interval, until a quench lands in another basin (eOn's
// dynamics saddle search). The two MD snapshots that straddle the basin boundary are found by
// bisection, the minimum beyond it is the neighbour, and the saddle between the two minima is
// refined (min-mode following from the highest point of the straight line between them, else a
// CI-NEB). Repeated searches meet each exit about as often as the dynamics takes it, so the
// few exits a KMC state needs are the ones that carry most of its escape rate.
#include <string>
#include <vector>

#include "configuration.hpp"
#include "molecular_dynamics.hpp"
#include "potential.hpp"
#include "saddle_refinement.hpp"
#include "saddle_search.hpp"

namespace metabasin {

struct DynamicsSearchParams {
  double temperature = 0.0;      // K
  double dt = 0.002;             // ps
  double t_damp = 0.1;           // ps, Langevin damping time
  double check_interval = 0.05;  // ps of MD between two quenches
  double max_time = 5.0;         // ps: no transition by then ends the search
  // false: the search ends at the first basin change. true: the MD goes on to max_time and
  // every basin change is an event too (each pair of basins once), so the cascades MD runs
  // through (a yield in a loaded glass is tens of hops of 10-50 atoms each) are all recorded.
  bool follow = false;
  SaddleRefinementParams refine;  // quench settings, same-state tolerance, saddle refinement
};

struct DynamicsSearch {
  std::string outcome = "no transition";  // converged | no transition | not refined
  double transition_time = -1.0;          // ps, MD time of the first step beyond the start basin
  std::size_t from = 0;   // the basin left: 0 the start, k the home minimum k - 1
  double initial_energy = 0.0, final_energy = 0.0;  // of that basin, and of the one beyond
  VectorXd final_minimum;  // the neighbour (empty without a transition)
  SaddlePoint saddle;      // status Converged when outcome is converged
  std::string refined_by;  // lanczos | neb
  long force_calls = 0;    // of the whole search (in `then`: 0)
  VectorXd initial_minimum;  // the basin left (the start, a home minimum, or a basin reached later)
  /// With follow: the later basin changes, in time order, each from the basin the one before
  /// reached (put back onto the start's frame). Pairs already met in this search are left out.
  std::vector<DynamicsSearch> then;
};

/// The MD of a dynamics search (whole-sample or in a region): Langevin at `temperature` (K)
/// with damping time `t_damp` (ps), step `dt` (ps), noise from `seed`.
MdParams search_md_params(double temperature, double dt, double t_damp, unsigned seed);

/// `start`: the atoms at a minimum, in their cell. `seed` draws the velocities and the noise.
/// `home`: further minima (same cell) that count as not yet left, e.g. the other members of a
/// flickering group: the search then runs until the system leaves them all, and reports the
/// exit from whichever it left (`from`: 0 the start, k the home minimum k - 1).
DynamicsSearch dynamics_search(const Configuration& start, Potential& potential, unsigned seed,
                               const DynamicsSearchParams& p, const std::vector<VectorXd>& home = {});

}  // namespace metabasin
