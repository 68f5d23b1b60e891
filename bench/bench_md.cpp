// SPDX-License-Identifier: BSD-3-Clause
// Molecular dynamics throughput: Nose-Hoover NVT steps of the 2D LJ and 3D EAM glass-like
// systems (the configurations of bench_forces), reported as atom-steps per second.
#include <benchmark/benchmark.h>

#include <Kokkos_Core.hpp>

#include "bench_systems.hpp"
#include "molecular_dynamics.hpp"

using namespace metabasin;
using namespace metabasin::bench;

namespace {

void run_md_benchmark(benchmark::State& state, Configuration c, Potential& pot) {
  create_velocities(c, 300.0, 1);
  MdParams p;
  p.thermostat = "nose-hoover";
  p.t_start = p.t_stop = 300.0;
  MolecularDynamics md(c, pot, p, 1000000);
  for (int k = 0; k < 20; ++k) md.step();  // neighbor lists settled
  for (auto _ : state) md.step();
  state.SetItemsProcessed(state.iterations() * static_cast<long>(c.size()));
  state.counters["atoms"] = static_cast<double>(c.size());
}

void BM_MdLJ2D(benchmark::State& state) {
  auto pot = lj2d_potential();
  run_md_benchmark(state, lj2d_system(state.range(0)), *pot);
}

void BM_MdEamAlloy3D(benchmark::State& state) {
  auto pot = eam3d_potential(METABASIN_SOURCE_DIR "/potentials/ZrCuAl2011.eam.alloy", EamFlavor::Alloy);
  auto c = eam3d_system(state.range(0));
  run_md_benchmark(state, c, *pot);
}

}  // namespace

BENCHMARK(BM_MdLJ2D)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MdEamAlloy3D)->Arg(10000)->Unit(benchmark::kMillisecond);
