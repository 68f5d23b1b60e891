// SPDX-License-Identifier: BSD-3-Clause
// ART nouveau cost: force calls and wall time per converged saddle, on the 2D LJ7 cluster
// and on the 3D Cu-Zr EAM glass of inputs/ (2000 atoms, quenched at 10 K/ps).
// MPI speed-up of the art task on 2 ranks: bench/art_mpi_speedup.sh.
#include <benchmark/benchmark.h>

#include "art.hpp"
#include "lammps_data.hpp"
#include "pair_eam.hpp"
#include "pair_lj.hpp"
#include "../tests/common/test_systems.hpp"

using namespace metabasin;

namespace {

void run_searches(benchmark::State& state, const Configuration& c, Potential& pot, const ArtParams& p) {
  long converged = 0, calls = 0, saddle_calls = 0, searches = 0;
  unsigned seed = 1;
  for (auto _ : state) {
    const ArtSearch s = art_search(c, pot, (seed * 7919u) % c.size(), seed, p);
    ++seed;
    ++searches;
    calls += s.force_calls;
    if (s.saddle.status == SaddleStatus::Converged) {
      ++converged;
      saddle_calls += s.saddle_force_calls;
    }
  }
  state.counters["success_rate"] = static_cast<double>(converged) / searches;
  state.counters["force_calls_per_saddle"] = converged ? static_cast<double>(calls) / converged : 0.0;
  state.counters["saddle_search_calls"] = converged ? static_cast<double>(saddle_calls) / converged : 0.0;
  state.counters["seconds_per_saddle"] =
      benchmark::Counter(static_cast<double>(searches) / std::max(1L, converged),
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_ArtLj7(benchmark::State& state) {
  const Configuration c = metabasin::testing::lj7_hexagon();
  PairLJ lj = metabasin::testing::lj7_potential();
  ArtParams p = metabasin::testing::lj7_art_params();
  p.saddle.fmax = 1e-5;
  p.saddle.lanczos = LanczosParams();
  p.relax.fmax = 1e-6;
  run_searches(state, c, lj, p);
}

void BM_ArtCuZrGlass(benchmark::State& state) {
  auto c = read_lammps_data(METABASIN_SOURCE_DIR "/inputs/data/cuzr-eam-2000-glass-10Kps.data", 3, {true, true, true});
  PairEAM eam(read_eam_file(METABASIN_SOURCE_DIR "/potentials/ZrCuAl2011.eam.alloy", EamFlavor::Alloy), {"Cu", "Zr"},
              1.0);
  ArtParams p;
  p.saddle.fmax = 5e-3;
  p.relax.method = "lbfgs";
  p.relax.fmax = 1e-4;
  p.relax.etol = 1e-12;
  run_searches(state, c, eam, p);
}

}  // namespace

BENCHMARK(BM_ArtLj7)->Iterations(40)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ArtCuZrGlass)->Iterations(10)->Unit(benchmark::kSecond);
