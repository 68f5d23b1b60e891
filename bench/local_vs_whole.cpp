// SPDX-License-Identifier: BSD-3-Clause
// Local answers against whole-sample ones: ART in an active region (art.region_radius 25 A) on
// the 4096-atom 2D glass (the 1024-atom glass of inputs/ replicated 2 x 2) until `events`
// searches converged; each event's saddle is then re-converged on the whole sample (min-mode
// following from it, to a tenth of art.fmax or until its energy settles) and its final minimum
// relaxed on the whole sample. One JSON line per
// event, then a summary line.
//   build/bench/local_vs_whole [events] [region radius, A]
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <Kokkos_Core.hpp>

#include "art.hpp"
#include "sample_builder.hpp"
#include "../tests/common/test_systems.hpp"

using namespace metabasin;

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  const int wanted = argc > 1 ? std::atoi(argv[1]) : 20;
  PairLJ lj = metabasin::testing::cuzr_lj2d_potential();
  ArtParams p = metabasin::testing::cuzr_lj2d_art_params();
  const auto [glass, sample, e0] = metabasin::testing::relaxed_cuzr_lj2d_replica(lj, p.relax, 2);
  p.region_radius = argc > 2 ? std::atof(argv[2]) : 25.0;
  int events = 0, searches = 0, saddles_within = 0, minima_within = 0;
  double worst_saddle = 0.0, worst_minimum = 0.0;
  for (unsigned seed = 1000; events < wanted && seed < 1000u + 50u * static_cast<unsigned>(wanted); ++seed) {
    ++searches;
    const ArtSearch s = art_search(sample, e0, lj, (seed * 7919u) % glass.size(), seed, p);
    if (s.saddle.status != SaddleStatus::Converged) continue;
    ++events;
    const metabasin::testing::WholeSampleEvent whole = metabasin::testing::reconverge_on_whole_sample(sample, lj, s, p, true);
    const SaddlePoint& refined = whole.saddle;
    const double e_final = whole.final_energy;
    const double d_saddle = refined.energy - s.saddle.energy, d_final = e_final - s.final_energy;
    const double moved = max_atom_separation(sample.box, refined.positions, s.saddle.positions);
    const bool same = refined.status == SaddleStatus::Converged && moved < p.same_state_tolerance;
    if (same) worst_saddle = std::max(worst_saddle, std::abs(d_saddle));
    worst_minimum = std::max(worst_minimum, std::abs(d_final));
    saddles_within += same && std::abs(d_saddle) < 1e-3;
    minima_within += std::abs(d_final) < 1e-3;
    std::printf("{\"seed\": %u, \"barrier\": %.6f, \"moving_atoms\": %zu, \"region_error_estimate\": %.2e, "
                "\"whole_status\": \"%s\", \"whole_minus_region_saddle\": %.2e, \"saddle_moved\": %.3f, "
                "\"whole_force_calls\": %ld, \"whole_minus_region_final_minimum\": %.2e}\n",
                seed, s.barrier, s.moving_atoms, s.region_error, to_string(refined.status).c_str(), d_saddle, moved,
                refined.force_calls, d_final);
    std::fflush(stdout);
  }
  std::printf("{\"searches\": %d, \"events\": %d, \"saddles_within_1e-3_eV\": %d, \"final_minima_within_1e-3_eV\": %d, "
              "\"largest_saddle_difference\": %.2e, \"largest_final_minimum_difference\": %.2e}\n",
              searches, events, saddles_within, minima_within, worst_saddle, worst_minimum);
}
