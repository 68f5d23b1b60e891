// SPDX-License-Identifier: BSD-3-Clause
// Cost per force call of a metadynamics step and of ABC from scratch against the force call
// itself, on the 2D Cu-Zr LJ samples of bench_strain_rate (same settings), so that growth with
// the sample size can be split into "more calls" and "more cost per call". One JSON line:
// atoms, force calls, neighbour-list builds and CPU time of the measured part only (the relaxed
// sample is prepared outside it). Under callgrind, collect the measured part alone with
// --toggle-collect='*measured_*'.
//   build/bench/step_growth force|metadynamics|abc|abc-unrefined [atoms] [repetitions | penalties]
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include <Kokkos_Core.hpp>

#include "abc.hpp"
#include "bench_systems.hpp"
#include "strain_rate_settings.hpp"
#include "metadynamics.hpp"
#include "minimizer.hpp"

using namespace metabasin;

namespace {

long list_builds(const Potential& p) { return dynamic_cast<const PairPotential&>(p).neighbor_list().builds(); }

__attribute__((noinline)) void measured_force_calls(const Configuration& c, Potential& p, int repetitions) {
  ForceResult r;
  for (int k = 0; k < repetitions; ++k) p.compute(c, r);
}

// bench_strain_rate's BM_MetadynamicsStep.
__attribute__((noinline)) void measured_metadynamics_step(Configuration& c, Potential& p, int penalties) {
  const MetadynamicsParams m = bench::metadynamics_step(penalties);
  run_metadynamics(c, p, m, 0.0, 0.0, 1);
}

// bench_strain_rate's BM_NextStrainFromScratch: re-relax at the next strain, then ABC.
// `refine`: false leaves the walk and its quenches as they are and skips the saddle
// refinements, so the difference in force calls is what the refinements cost.
__attribute__((noinline)) AbcRun measured_abc_from_scratch(Configuration& c, Potential& p, int penalties, bool refine) {
  AbcParams a = bench::local_abc(penalties);
  a.refine_saddles = refine;
  a.penalty.atoms = bench::search_region(c);
  apply_shear_xy(c, 1e-4);
  relax(c, p, a.relax);
  return abc_run(c, p, a);
}

}  // namespace

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  const std::string mode = argc > 1 ? argv[1] : "force";
  const long n = argc > 2 ? std::atol(argv[2]) : 1000;
  const int count = argc > 3 ? std::atoi(argv[3]) : (mode == "force" ? 100 : mode == "metadynamics" ? 30 : 60);
  Configuration c = bench::lj2d_system(n);
  const std::unique_ptr<Potential> p = bench::lj2d_potential();
  relax(c, *p, bench::tight());
  const long calls0 = p->force_calls(), builds0 = list_builds(*p);
  const std::clock_t t0 = std::clock();
  std::string extra;
  if (mode == "force") {
    measured_force_calls(c, *p, count);
  } else if (mode == "metadynamics") {
    measured_metadynamics_step(c, *p, count);
  } else if (mode == "abc" || mode == "abc-unrefined") {
    const AbcRun r = measured_abc_from_scratch(c, *p, count, mode == "abc");
    extra = ", \"events\": " + std::to_string(r.events.size()) + ", \"penalties\": " + std::to_string(r.penalties) +
            ", \"abc_force_calls\": " + std::to_string(r.force_calls) + ", \"refined_by\": \"";
    for (const AbcEvent& e : r.events) extra += e.refined_by + (&e == &r.events.back() ? "" : " ");
    extra += "\"";
  } else {
    std::fprintf(stderr, "mode: force | metadynamics | abc | abc-unrefined\n");
    return 1;
  }
  const double cpu = static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC;
  const long calls = p->force_calls() - calls0;
  std::printf("{\"mode\": \"%s\", \"atoms\": %zu, \"force_calls\": %ld, \"list_builds\": %ld, \"cpu_s\": %.3f, "
              "\"us_per_call\": %.1f%s}\n",
              mode.c_str(), c.size(), calls, list_builds(*p) - builds0, cpu, 1e6 * cpu / static_cast<double>(calls),
              extra.c_str());
}
