// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// A dynamics search confined to a region: thermal MD of a few atoms with the rest of the
// sample held where it is, the region quenched every check interval until a quench lands in
// another basin. That exit is recorded and the MD is put back into the start basin with fresh
// velocities (reflection, as in temperature-accelerated dynamics), so one search meets each of
// the region's exits about as often as the dynamics takes it, and its clock, the MD time spent
// in the start basin, says up to which barrier it has met them all: an exit of rate k is missed
// after a time t with probability exp(-k t). Each force call costs the region's atoms, not the
// sample's; run hotter than a walk, a search meets the same exits sooner.
#include <cstddef>
#include <string>
#include <vector>

#include "configuration.hpp"
#include "potential.hpp"
#include "saddle_refinement.hpp"
#include "saddle_search.hpp"

namespace metabasin {

struct RegionDynamicsParams {
  double temperature = 0.0;      // K
  double dt = 0.002;             // ps
  double t_damp = 0.1;           // ps, Langevin damping time
  double check_interval = 0.05;  // ps of MD between two quenches
  double basin_time = 10.0;      // ps of MD in the start basin before the search ends
  SaddleRefinementParams refine;  // quench settings, same-state tolerance, saddle refinement
};

struct RegionExit {
  VectorXd minimum;         // the minimum beyond, whole-sample positions (held atoms as in the sample)
  double energy = 0.0;      // eV, whole-sample energy of that minimum
  SaddlePoint saddle;       // refined in the region
  std::string refined_by;   // lanczos, or "" when the saddle did not join the two minima
  double first_time = 0.0;  // ps of basin time when first met
  int times = 0;            // crossings into it
  std::size_t centre = 0;   // sample index of the atom the exit moves most
  double depth = 0.0;       // A from that atom to the nearest held atom: small, the held atoms shape it
};

struct RegionDynamics {
  double start_energy = 0.0;  // eV, whole-sample, of the start relaxed in the region
  std::vector<RegionExit> exits;
  double basin_time = 0.0;  // ps of MD spent in the start basin
  long crossings = 0;
  long force_calls = 0;         // region force calls (MD, quenches, refinements)
  double sample_calls = 0.0;    // the same in whole-sample calls: atoms evaluated / sample size
  std::size_t moving = 0, held_shell = 0;
};

/// `sample`: a minimum (or near one: the start is first relaxed in the region) with its
/// energy `sample_energy`; `moving`: sample indices of the atoms that move. `seed` draws the
/// velocities and the noise.
RegionDynamics region_dynamics(const Configuration& sample, double sample_energy, const Potential& potential,
                               std::vector<std::size_t> moving, unsigned seed, const RegionDynamicsParams& p);

}  // namespace metabasin
