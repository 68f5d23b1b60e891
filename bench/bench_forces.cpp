// SPDX-License-Identifier: BSD-3-Clause
// Force-evaluation throughput (atom-steps per second) for the 2D LJ and 3D EAM glass-like
// systems at N = 1e3, 1e4, 1e5, with the neighbor list built (as in a run between rebuilds).
// Compare with LAMMPS on the same configurations: bench/compare_lammps.sh.
#include <benchmark/benchmark.h>

#include <Kokkos_Core.hpp>
#include <cmath>
#include <random>

#include "bench_systems.hpp"

using namespace metabasin;
using namespace metabasin::bench;

namespace {

// Energy, forces and virial on every call (`ForceRequest` defaults), or forces only (the
// `...ForcesOnly` benchmarks: Lanczos finite differences, MD steps between outputs).
void run_force_benchmark(benchmark::State& state, const Configuration& c, Potential& pot,
                         const ForceRequest& request = {}) {
  ForceResult r;
  pot.compute(c, r);  // builds the neighbor list
  for (auto _ : state) {
    pot.compute(c, r, request);
    benchmark::DoNotOptimize(r.forces.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<long>(c.size()));
  state.counters["atoms"] = static_cast<double>(c.size());
}

void BM_LJ2D(benchmark::State& state) {
  const auto c = lj2d_system(state.range(0));
  auto pot = lj2d_potential();
  run_force_benchmark(state, c, *pot);
}

void BM_EamAlloy3D(benchmark::State& state) {
  const auto c = eam3d_system(state.range(0));
  auto pot = eam3d_potential(METABASIN_SOURCE_DIR "/potentials/ZrCuAl2011.eam.alloy", EamFlavor::Alloy);
  run_force_benchmark(state, c, *pot);
}

void BM_EamFs3D(benchmark::State& state) {
  const auto c = eam3d_system(state.range(0));
  auto pot = eam3d_potential(METABASIN_SOURCE_DIR "/potentials/Cu-Zr_2.eam.fs", EamFlavor::FinnisSinclair);
  run_force_benchmark(state, c, *pot);
}

constexpr ForceRequest kForcesOnly{false, false, false};

void BM_LJ2DForcesOnly(benchmark::State& state) {
  const auto c = lj2d_system(state.range(0));
  auto pot = lj2d_potential();
  run_force_benchmark(state, c, *pot, kForcesOnly);
}

// Forces only, at positions moved since the list was built (every atom 0.3 A, below half the
// 1 A skin, in a random direction): pairs have crossed the cutoff since the list split each
// row at it, as between rebuilds in a run.
void BM_LJ2DForcesOnlyMoved(benchmark::State& state) {
  auto c = lj2d_system(state.range(0));
  auto pot = lj2d_potential();
  ForceResult r;
  pot->compute(c, r);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0.0, 6.283185307179586);
  for (std::size_t i = 0; i < c.size(); ++i) {
    const double a = u(rng);
    c.x[3 * i] += 0.3 * std::cos(a);
    c.x[3 * i + 1] += 0.3 * std::sin(a);
  }
  for (auto _ : state) {
    pot->compute(c, r, kForcesOnly);
    benchmark::DoNotOptimize(r.forces.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<long>(c.size()));
  state.counters["atoms"] = static_cast<double>(c.size());
  state.counters["builds"] = static_cast<double>(dynamic_cast<const PairPotential&>(*pot).neighbor_list().builds());
}

void BM_EamAlloy3DForcesOnly(benchmark::State& state) {
  const auto c = eam3d_system(state.range(0));
  auto pot = eam3d_potential(METABASIN_SOURCE_DIR "/potentials/ZrCuAl2011.eam.alloy", EamFlavor::Alloy);
  run_force_benchmark(state, c, *pot, kForcesOnly);
}

void BM_EamFs3DForcesOnly(benchmark::State& state) {
  const auto c = eam3d_system(state.range(0));
  auto pot = eam3d_potential(METABASIN_SOURCE_DIR "/potentials/Cu-Zr_2.eam.fs", EamFlavor::FinnisSinclair);
  run_force_benchmark(state, c, *pot, kForcesOnly);
}

void BM_NeighborBuildEam3D(benchmark::State& state) {
  const auto c = eam3d_system(state.range(0));
  NeighborList nl(6.5, 1.0);
  for (auto _ : state) nl.build(c);
  state.SetItemsProcessed(state.iterations() * static_cast<long>(c.size()));
}

}  // namespace

BENCHMARK(BM_LJ2D)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EamAlloy3D)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EamFs3D)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LJ2DForcesOnly)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LJ2DForcesOnlyMoved)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EamAlloy3DForcesOnly)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EamFs3DForcesOnly)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NeighborBuildEam3D)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
