// SPDX-License-Identifier: BSD-3-Clause
// Event catalog cost as it grows: insert and lookup of minima and saddles with catalogs of
// 1e3, 1e4 and 1e5 states (100-atom states, energies spread over 10 eV so the energy window
// holds a realistic handful of candidates); and ABC force calls per discovered event on the
// Mueller-Brown surface and the LJ7 cluster.
#include <benchmark/benchmark.h>

#include <random>

#include "abc.hpp"
#include "catalog.hpp"
#include "lammps_data.hpp"
#include "muller_brown.hpp"
#include "pair_lj.hpp"
#include "../tests/common/test_systems.hpp"

using namespace metabasin;

namespace {

constexpr int kAtoms = 100;

Configuration reference() {
  Configuration c;
  c.box.len = Vec3(15, 15, 15);
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> u(0.0, 15.0);
  for (int i = 0; i < kAtoms; ++i) {
    c.ids.push_back(i + 1);
    c.types.push_back(1);
  }
  c.x.resize(3 * kAtoms);
  for (double& v : c.x) v = u(rng);
  c.ntypes = 1;
  return c;
}

/// A catalog of n distinct minima (each a random 0.5 A displacement of the reference) and
/// n saddles between consecutive ones.
struct Filled {
  Catalog catalog;
  std::vector<VectorXd> states;
  std::vector<double> energies;
};

Filled fill(long n) {
  const Configuration ref = reference();
  Filled f{Catalog(ref, "bench"), {}, {}};
  std::mt19937 rng(2);
  std::normal_distribution<double> g(0.0, 0.3);
  std::uniform_real_distribution<double> e(-10.0, 0.0);
  const VectorXd x0 = Eigen::Map<const VectorXd>(ref.x.data(), 3 * kAtoms);
  for (long k = 0; k < n; ++k) {
    VectorXd x = x0;
    for (Eigen::Index i = 0; i < x.size(); ++i) x[i] += g(rng);
    f.states.push_back(x);
    f.energies.push_back(e(rng));
    f.catalog.add_minimum({f.energies.back(), x, 0.0, "bench", 0});
  }
  for (long k = 1; k < n; ++k) {
    Transition t;
    t.from = static_cast<std::size_t>(k - 1);
    t.to = static_cast<std::size_t>(k);
    t.energy = std::max(f.energies[k - 1], f.energies[k]) + 0.5;
    t.positions = (f.states[k - 1] + f.states[k]) / 2;
    f.catalog.add_saddle(t);
  }
  return f;
}

void BM_CatalogLookupMinimum(benchmark::State& state) {
  Filled f = fill(state.range(0));
  std::size_t k = 0, hits = 0;
  for (auto _ : state) {
    const auto v = f.catalog.find_minimum(f.states[k], f.energies[k], 0.0);
    hits += v.has_value();
    k = (k + 7919) % f.states.size();
  }
  state.counters["hit_rate"] = static_cast<double>(hits) / state.iterations();
}

void BM_CatalogInsertMinimum(benchmark::State& state) {
  Filled f = fill(state.range(0));
  std::mt19937 rng(3);
  std::normal_distribution<double> g(0.0, 0.3);
  std::uniform_real_distribution<double> e(-10.0, 0.0);
  const Configuration ref = reference();
  const VectorXd x0 = Eigen::Map<const VectorXd>(ref.x.data(), 3 * kAtoms);
  for (auto _ : state) {
    state.PauseTiming();
    VectorXd x = x0;
    for (Eigen::Index i = 0; i < x.size(); ++i) x[i] += g(rng);
    const double en = e(rng);
    state.ResumeTiming();
    benchmark::DoNotOptimize(f.catalog.add_minimum({en, x, 0.0, "bench", 0}));
  }
}

void BM_CatalogLookupSaddle(benchmark::State& state) {
  Filled f = fill(state.range(0));
  std::size_t k = 1;
  for (auto _ : state) {
    Transition t;
    t.from = k - 1;
    t.to = k;
    t.energy = std::max(f.energies[k - 1], f.energies[k]) + 0.5;
    t.positions = (f.states[k - 1] + f.states[k]) / 2;
    benchmark::DoNotOptimize(f.catalog.find_saddle(t));
    k = 1 + (k + 7919) % (f.states.size() - 1);
  }
}

void run_abc(benchmark::State& state, const Configuration& start, Potential& potential, const AbcParams& p) {
  long events = 0, calls = 0;
  for (auto _ : state) {
    const AbcRun r = abc_run(start, potential, p);
    events += static_cast<long>(r.events.size());
    calls += r.force_calls;
  }
  state.counters["force_calls_per_event"] = events ? static_cast<double>(calls) / events : 0.0;
}

void BM_AbcMullerBrown(benchmark::State& state) {
  const Configuration a = metabasin::testing::mb_particle(-0.558224, 1.441726);
  MullerBrown mb;
  AbcParams p = metabasin::testing::mb_abc_params();
  p.max_penalties = 62;
  run_abc(state, a, mb, p);
}

void BM_AbcLj7(benchmark::State& state) {
  const Configuration c = metabasin::testing::lj7_hexagon();
  PairLJ lj = metabasin::testing::lj7_potential();
  AbcParams p;
  p.penalty.height = 1.0;
  p.penalty.width = 0.5;
  p.max_penalties = 200;
  p.relax.method = "lbfgs";
  p.relax.fmax = 1e-8;
  p.same_state_tolerance = 0.05;
  p.refine.fmax = 1e-7;
  p.refine.max_move = 0.05;
  run_abc(state, c, lj, p);
}

}  // namespace

BENCHMARK(BM_CatalogLookupMinimum)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CatalogInsertMinimum)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CatalogLookupSaddle)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AbcMullerBrown)->Iterations(5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AbcLj7)->Iterations(3)->Unit(benchmark::kMillisecond);
