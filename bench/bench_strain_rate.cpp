// SPDX-License-Identifier: BSD-3-Clause
// The strain-rate integrators: wall time per strain step of metadynamics and of catalog KMC
// on 2D Cu-Zr LJ samples of about 1e3 and 1e4 atoms, and what reusing the catalog across
// strain steps saves: re-converging the known exits of a minimum at the next strain
// (reevaluate_at_strain) against sampling them again from scratch (ABC) at that strain.
#include <benchmark/benchmark.h>

#include "abc.hpp"
#include "bench_systems.hpp"
#include "strain_rate_settings.hpp"
#include "catalog.hpp"
#include "catalog_kmc.hpp"
#include "metadynamics.hpp"
#include "minimizer.hpp"
#include "strain_response.hpp"

using namespace metabasin;

namespace {

// A relaxed sample (relaxing it is not timed).
struct Sample {
  Configuration config;
  std::unique_ptr<Potential> potential;
};
Sample relaxed(long n) {
  Sample s{bench::lj2d_system(n), bench::lj2d_potential()};
  relax(s.config, *s.potential, bench::tight());
  return s;
}

void BM_MetadynamicsStep(benchmark::State& state) {
  Sample s = relaxed(state.range(0));
  const MetadynamicsParams p = bench::metadynamics_step(30);  // one step per iteration
  long step = 0, calls = 0;
  for (auto _ : state) {
    const long c0 = s.potential->force_calls();
    run_metadynamics(s.config, *s.potential, p, 0.0, 0.0, ++step);
    calls += s.potential->force_calls() - c0;
  }
  state.counters["atoms"] = static_cast<double>(s.config.size());
  state.counters["force_calls_per_step"] = static_cast<double>(calls) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_MetadynamicsStep)->Arg(1000)->Arg(10000)->Unit(benchmark::kSecond)->Iterations(3);

CatalogKmcParams kmc_settings(const Configuration& c) {
  CatalogKmcParams p;
  p.temperature = 315.0;
  p.min_exits = 3;
  p.search = bench::local_abc(60);
  p.search.penalty.atoms = bench::search_region(c);
  p.reevaluation.relax = bench::tight();
  p.reevaluation.refine.fmax = 1e-3;
  p.reevaluation.side_step = 0.2;
  return p;
}

// A catalog holding the relaxed sample and the exits ABC found from it at strain 0.
struct SampledCatalog {
  Sample s;
  std::unique_ptr<Catalog> catalog;
  std::size_t start = 0;
};
SampledCatalog sampled(long n) {
  SampledCatalog c{relaxed(n), nullptr, 0};
  StateTolerances tol;
  tol.rigid = free_rigid_motions(c.s.config.box, *c.s.potential);
  c.catalog = std::make_unique<Catalog>(c.s.config, "bench", tol);
  ForceResult fr;
  c.s.potential->compute(c.s.config, fr);
  c.start = c.catalog->add_minimum({fr.energy, Eigen::Map<const VectorXd>(c.s.config.x.data(), c.s.config.x.size()), 0.0,
                                    "start", 0})
                .index;
  CatalogRateModel model(*c.catalog, *c.s.potential, kmc_settings(c.s.config));
  model.exits(c.start, 0.0);
  return c;
}

// With the catalog: the known exits of the minimum are mapped to the next strain and re-converged.
void BM_NextStrainFromCatalog(benchmark::State& state) {
  SampledCatalog c = sampled(state.range(0));
  long calls = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Catalog copy = *c.catalog;
    CatalogRateModel model(copy, *c.s.potential, kmc_settings(c.s.config));
    const long c0 = c.s.potential->force_calls();
    state.ResumeTiming();
    model.strain_to(c.start, 1e-4);
    calls += c.s.potential->force_calls() - c0;
  }
  state.counters["atoms"] = static_cast<double>(c.s.config.size());
  state.counters["exits_known"] = static_cast<double>(c.catalog->saddles());
  state.counters["force_calls"] = static_cast<double>(calls) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_NextStrainFromCatalog)->Arg(1000)->Arg(10000)->Unit(benchmark::kSecond)->Iterations(3);

// Without it: the minimum is re-relaxed at the next strain and its exits sampled again.
void BM_NextStrainFromScratch(benchmark::State& state) {
  SampledCatalog c = sampled(state.range(0));
  const CatalogKmcParams p = kmc_settings(c.s.config);
  long calls = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Configuration k = c.s.config;
    apply_shear_xy(k, 1e-4);
    const long c0 = c.s.potential->force_calls();
    state.ResumeTiming();
    relax(k, *c.s.potential, p.search.relax);
    abc_run(k, *c.s.potential, p.search);
    calls += c.s.potential->force_calls() - c0;
  }
  state.counters["atoms"] = static_cast<double>(c.s.config.size());
  state.counters["force_calls"] = static_cast<double>(calls) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_NextStrainFromScratch)->Arg(1000)->Arg(10000)->Unit(benchmark::kSecond)->Iterations(3);

// One strain window of catalog KMC at 1e4 1/s (hops, re-evaluation, searches of new minima).
void BM_KmcStrainWindow(benchmark::State& state) {
  SampledCatalog c = sampled(state.range(0));
  KmcParams k;
  k.strain_rate = 1e4;
  k.strain_increment = 1e-4;
  k.target_strain = 1e-4;
  long calls = 0, hops = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Catalog copy = *c.catalog;
    CatalogRateModel model(copy, *c.s.potential, kmc_settings(c.s.config));
    const long c0 = c.s.potential->force_calls();
    state.ResumeTiming();
    const KmcRun r = run_kmc(model, c.start, k);
    calls += c.s.potential->force_calls() - c0;
    hops += r.hops;
  }
  state.counters["atoms"] = static_cast<double>(c.s.config.size());
  state.counters["force_calls"] = static_cast<double>(calls) / static_cast<double>(state.iterations());
  state.counters["hops"] = static_cast<double>(hops) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_KmcStrainWindow)->Arg(1000)->Arg(10000)->Unit(benchmark::kSecond)->Iterations(3);

}  // namespace
