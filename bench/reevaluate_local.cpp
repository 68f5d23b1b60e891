// SPDX-License-Identifier: BSD-3-Clause
// Per-event cost of re-evaluating local events under a strain increment against the sample
// size: the 1024-atom 2D glass of inputs/ replicated to 4096, 16384 and 65536 atoms, events
// found by ART in a 25 A region from the same centres and seeds in each copy, then carried
// from strain 0 to `increment` (one sub-step). The start minimum is followed on the whole
// sample (a cost per strain step, shared by every event); the events in their regions. The
// start's share is measured alone, on a catalog holding only the start, and subtracted. An
// event is a saddle (a search from a start side adds two minima for it).
//   build/bench/reevaluate_local [searches per size] [increment]
// prints one JSON line per sample size.
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include <Kokkos_Core.hpp>

#include "abc_catalog.hpp"
#include "art.hpp"
#include "sample_builder.hpp"
#include "strain_response.hpp"
#include "../tests/common/test_systems.hpp"
#include "reevaluation_settings.hpp"

using namespace metabasin;

namespace {

double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

struct Cost {
  ReevaluationReport report;
  double cpu = 0.0;
};

Cost reevaluate(Catalog& c, Potential& lj, double increment, const ReevaluationParams& p) {
  const double t0 = cpu_seconds();
  Cost out{reevaluate_at_strain(c, lj, 0.0, increment, p), 0.0};
  out.cpu = cpu_seconds() - t0;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  const int searches = argc > 1 ? std::atoi(argv[1]) : 40;
  const double increment = argc > 2 ? std::atof(argv[2]) : 1e-3;
  PairLJ lj = metabasin::testing::cuzr_lj2d_potential();
  const ArtParams art = bench::local_art();
  const Configuration glass = metabasin::testing::relaxed_cuzr_lj2d_glass(lj, art.relax);
  ReevaluationParams p = bench::local_reevaluation(art);
  p.progress_seconds = 1e9;
  for (int n : {2, 4, 8}) {
    const Configuration sample = replicate(glass, {n, n, 1});
    ForceResult r;
    lj.compute(sample, r);
    const VectorXd x0 = positions_of(sample);
    Catalog events(sample, "bench"), start_only(sample, "bench");
    events.add_minimum({r.energy, x0, 0.0, "start", 0});
    start_only.add_minimum({r.energy, x0, 0.0, "start", 0});
    int local = 0;
    for (int k = 0; k < searches; ++k) {
      const unsigned seed = 1000u + static_cast<unsigned>(k);
      ArtSearch s;
      try {
        s = art_search(sample, r.energy, lj, (seed * 7919u) % glass.size(), seed, art);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "search %u: %s\n", seed, e.what());
        continue;
      }
      add_art_event(events, x0, s, 0.0, "art");
    }
    for (std::size_t e = 0; e < events.saddles(); ++e) local += events.saddle_difference(e) ? 1 : 0;
    // Per event: per saddle (a search from a start side adds two minima for one saddle).
    const double nev = static_cast<double>(events.saddles());
    const Cost all = reevaluate(events, lj, increment, p);
    const Cost start = reevaluate(start_only, lj, increment, p);
    const ReevaluationReport& a = all.report;
    std::printf("{\"natoms\": %zu, \"events\": %.0f, \"stored_sparse\": %d, \"region_minima\": %ld, "
                "\"region_saddles\": %ld, \"survived\": %ld, \"region_calls_per_event\": %.0f, "
                "\"region_atom_evaluations_per_event\": %.3g, \"atoms_per_region_call\": %.0f, "
                "\"whole_calls_beyond_start\": %ld, \"cpu_s_per_event\": %.3f, \"start_cpu_s\": %.2f, "
                "\"start_calls\": %ld, \"minima\": %zu, \"vanished\": %ld, \"vanished_with_jump\": %ld, \"by_neb\": %ld}\n",
                sample.size(), nev, local, a.region_minima, a.region_saddles, a.survived,
                static_cast<double>(a.region_force_calls) / nev, a.region_atom_evaluations / nev,
                a.region_atom_evaluations / static_cast<double>(std::max(1L, a.region_force_calls)),
                (a.force_calls - a.region_force_calls) - start.report.force_calls, (all.cpu - start.cpu) / nev,
                start.cpu, start.report.force_calls, events.minima(), a.vanished, a.vanished_with_jump, a.by_neb);
    std::fflush(stdout);
  }
  return 0;
}
