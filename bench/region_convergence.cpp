// SPDX-License-Identifier: BSD-3-Clause
// How large must an active region be? Whole-sample ART events of the 1024-atom 2D Cu-Zr glass,
// each saddle then re-converged with only the atoms within R of its most-moving atom free and
// the rest held at the minimum: the saddle energy error against R, and the largest force the
// frozen atoms feel there.
//   build/bench/region_convergence [searches]
#include <cstdio>
#include <cstdlib>
#include <map>

#include <Kokkos_Core.hpp>

#include "active_region.hpp"
#include "art.hpp"
#include "path_geometry.hpp"
#include "saddle_search.hpp"
#include "../tests/common/test_systems.hpp"

using namespace metabasin;

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  const int searches = argc > 1 ? std::atoi(argv[1]) : 20;
  PairLJ lj = metabasin::testing::cuzr_lj2d_potential();
  const ArtParams p = metabasin::testing::cuzr_lj2d_art_params();
  const Configuration glass = metabasin::testing::relaxed_cuzr_lj2d_glass(lj, p.relax);
  ForceResult r0;
  lj.compute(glass, r0);
  std::map<std::string, int> statuses;
  for (int k = 0; k < searches; ++k) {
    const unsigned seed = 1000u + static_cast<unsigned>(k);
    const ArtSearch s = art_search(glass, r0.energy, lj, (seed * 7919u) % glass.size(), seed, p);
    ++statuses[to_string(s.saddle.status)];
    if (s.saddle.status != SaddleStatus::Converged) continue;
    const std::size_t core = most_moving_atom(s.saddle.eigenvector);
    std::printf("{\"seed\": %u, \"barrier\": %.5f, \"errors\": {", seed, s.barrier);
    for (double radius : {6.0, 8.0, 10.0, 12.0, 16.0, 20.0, 25.0, 30.0}) {
      const ActiveRegion region(glass, atoms_near(glass, glass.position(core), radius), lj,
                                ActiveRegion::default_margin(lj));
      RegionObjective f(region, lj, r0.energy);
      MinModeParams mp = p.saddle;
      const SaddlePoint local =
          converge_saddle(f, region.gather(s.saddle.positions), region.gather(s.saddle.eigenvector), mp);
      const FrozenForces frozen = frozen_forces(glass, region, local.positions, lj, 1e9);
      std::printf("%s\"%.0f\": [%zu, \"%s\", %.5f, %.3g]", radius == 6.0 ? "" : ", ", radius, region.moving_count(),
                  to_string(local.status).c_str(), local.energy - s.saddle.energy, frozen.max_force);
    }
    std::printf("}}\n");
    std::fflush(stdout);
  }
  for (const auto& [status, n] : statuses) std::printf("# %s: %d\n", status.c_str(), n);
}
