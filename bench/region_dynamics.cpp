// SPDX-License-Identifier: BSD-3-Clause
// Local dynamics searches on the 2D Cu-Zr glass: Langevin MD of the atoms within `radius` of
// a centre atom, the rest held, quenched every 0.05 ps, each exit recorded and the MD put back
// into the start basin (region_dynamics), for `basin_time` ps at each temperature given.
// Printed per temperature (one JSON line): the basin time, crossings, the cost in region and
// in whole-sample force calls, and each exit met (barrier of its saddle refined in the region,
// energy change, crossings, first time, the atom it moves most and its depth in the region).
// Whether such searches meet a state's exits in the order the dynamics at the walk's
// temperature would, and at what cost, decides whether a walk can reuse them (issue 25).
//   build/bench/region_dynamics DATA CENTRE RADIUS BASIN_TIME SEED T1 [T2 ...]
//   DATA: a LAMMPS data file of the 2D glass (a path); CENTRE: atom index (0-based), or
//   "cover": one search per region of a cover of the sample (centres RADIUS / 2 apart, every
//   atom within RADIUS / 2 of a centre), one line per region and temperature.
//   REGION_CHECK=ps in the environment: MD time between two quenches (default 0.05 ps).
//   REGION_WHOLE=1 in the environment: each joined exit is also re-converged with every atom
//   free (its saddle by min-mode following, its end relaxed): "whole_barrier", "whole_dE", and
//   the whole-sample force calls that took, "whole_calls".
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <Kokkos_Core.hpp>

#include "active_region.hpp"
#include "lammps_data.hpp"
#include "region_dynamics.hpp"
#include "../tests/common/test_systems.hpp"

using namespace metabasin;

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  if (argc < 7) {
    std::fprintf(stderr, "usage: region_dynamics DATA CENTRE RADIUS BASIN_TIME SEED T1 [T2 ...]\n");
    return 2;
  }
  PairLJ lj = metabasin::testing::cuzr_lj2d_potential();
  Configuration sample = read_lammps_data(argv[1], 2, {true, true, true});
  const double radius = std::atof(argv[3]);
  RegionDynamicsParams p;
  p.basin_time = std::atof(argv[4]);
  const unsigned seed = static_cast<unsigned>(std::atoi(argv[5]));
  p.t_damp = 1.0;
  if (const char* check = std::getenv("REGION_CHECK")) p.check_interval = std::atof(check);
  p.refine.relax.method = "lbfgs";
  p.refine.relax.fmax = 1e-4;
  p.refine.refine.fmax = 1e-4;
  const double e_sample = relax(sample, lj, p.refine.relax).energy;
  const char* whole_env = std::getenv("REGION_WHOLE");
  const bool whole = whole_env != nullptr && std::string(whole_env) == "1";
  ArtParams art = metabasin::testing::cuzr_lj2d_art_params();
  art.relax = p.refine.relax;
  const std::vector<std::size_t> centres = std::string(argv[2]) == "cover"
                                               ? covering_centres(sample, 0.5 * radius, seed)
                                               : std::vector<std::size_t>{std::strtoul(argv[2], nullptr, 10)};
  for (std::size_t centre : centres)
  for (int a = 6; a < argc; ++a) {
    p.temperature = std::atof(argv[a]);
    const std::vector<std::size_t> moving = atoms_near(sample, sample.position(centre), radius);
    const RegionDynamics r = region_dynamics(sample, e_sample, lj, moving, seed, p);
    std::printf("{\"T\":%g,\"region_centre\":%zu,\"moving\":%zu,\"shell\":%zu,\"basin_time_ps\":%g,\"crossings\":%ld,\"region_calls\":%ld,"
                "\"sample_calls\":%.0f,\"exits\":[",
                p.temperature, centre, r.moving, r.held_shell, r.basin_time, r.crossings, r.force_calls, r.sample_calls);
    for (std::size_t k = 0; k < r.exits.size(); ++k) {
      const RegionExit& x = r.exits[k];
      std::printf("%s{\"barrier\":%.5f,\"dE\":%.5f,\"joined\":%s,\"times\":%d,\"first_ps\":%.3f,\"centre\":%zu,\"depth\":%.2f",
                  k ? "," : "", x.saddle.energy - r.start_energy, x.energy - r.start_energy,
                  x.refined_by.empty() ? "false" : "true", x.times, x.first_time, x.centre, x.depth);
      if (whole && !x.refined_by.empty()) {
        ArtSearch s;
        s.saddle = x.saddle;
        s.final_minimum = x.minimum;
        const long c0 = lj.force_calls();
        const auto w = metabasin::testing::reconverge_on_whole_sample(sample, lj, s, art, true);
        std::printf(",\"whole_calls\":%ld", lj.force_calls() - c0);
        if (w.saddle.status == SaddleStatus::Converged)
          std::printf(",\"whole_barrier\":%.5f,\"whole_dE\":%.5f", w.saddle.energy - e_sample, w.final_energy - e_sample);
      }
      std::printf("}");
    }
    std::printf("]}\n");
    std::fflush(stdout);
  }
  return 0;
}
